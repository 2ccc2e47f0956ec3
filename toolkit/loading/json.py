"""JSON documents: a whole `.json` file, standard input, a library string, or one JSONL record.

A plainly good file is parsed by jiter straight from its bytes; anything it refuses goes
down the careful path (the stdlib parser with hooks), which says what is wrong and where:
syntax (ORT003), duplicate keys (ORT005), a top level that is not an object (ORT006),
numbers JSON cannot carry (ORT007), nesting past the limit (ORT009).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jiter

from toolkit.lazy import imported
from toolkit.limits import MAX_DEPTH, MAX_INT_DIGITS
from toolkit.loading.files import read_bytes, text_of
from toolkit.loading.payload import FileProblem, LoadProblem, Payload, problem
from toolkit.pointers import split_pointer
from toolkit.positions.source_map import SourceMap
from toolkit.wording import json_type


@dataclass(slots=True)
class JsonQuirks:
    """What the stdlib parser accepts but a JSON payload must not contain."""

    duplicate_keys: bool = False
    bad_numbers: list[str] = field(default_factory=list)
    # id -> the parsed object whose text repeats a key (kept alive, so ids stay unique)
    repeating: dict[int, dict[str, Any]] = field(default_factory=dict)


_INFINITIES = (float("inf"), float("-inf"))


def parse_clean_json(raw: bytes) -> dict[str, Any] | None:
    """The object in `raw` when it is plainly a good payload, parsed without decoding;
    None when the careful path must look (and say what is wrong, where).

    jiter (Rust) parses UTF-8 directly and refuses duplicate keys, NaN, lone surrogates,
    a BOM and anything the standard library refuses; what it accepts, the standard
    library parses to the same value (a property test checks), except numbers too
    large for a float, which it makes infinite and are looked for here.
    """
    try:
        data = jiter.from_json(raw, catch_duplicate_keys=True, allow_inf_nan=False)
    except ValueError:
        return None
    if type(data) is not dict or deeper_than(data, MAX_DEPTH, or_infinite=True):
        return None
    return data


def parse_json(text: str) -> tuple[Any, JsonQuirks]:
    """Parse with the stdlib, noting duplicate keys and numbers JSON can't hold."""
    quirks = JsonQuirks()

    def object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            quirks.duplicate_keys = True
            quirks.repeating[id(obj)] = obj
        return obj

    def parse_constant(name: str) -> float:
        quirks.bad_numbers.append(name)
        return 0.0

    def parse_float(literal: str) -> float:
        value = float(literal)
        if value in (float("inf"), float("-inf")):
            quirks.bad_numbers.append(literal)
            return 0.0
        return value

    def parse_int(literal: str) -> int:
        if len(literal) > MAX_INT_DIGITS:
            quirks.bad_numbers.append(literal)
            return 0
        return int(literal)

    data = json.loads(
        text,
        object_pairs_hook=object_pairs,
        parse_constant=parse_constant,
        parse_float=parse_float,
        parse_int=parse_int,
    )
    return data, quirks


def load_document(
    file: str, text: str, *, syntax: str, record: int | None = None, first_line: int = 1
) -> Iterator[Payload | FileProblem]:
    try:
        data, quirks = parse_json(text)
    except json.JSONDecodeError as error:
        yield problem(
            file,
            "ORT003",
            f"invalid JSON: {error.msg}",
            line=error.lineno + first_line - 1,
            column=error.colno,
            record=record,
        )
        return
    except RecursionError:
        yield _too_deep(file, text, record, first_line)
        return
    if deeper_than(data, MAX_DEPTH):
        yield _too_deep(file, text, record, first_line)
        return
    if quirks.bad_numbers or quirks.duplicate_keys:
        fast = None if quirks.bad_numbers else _duplicate_keys(text, data, quirks, first_line)
        if fast is None:  # (numbers to find too, or a repeat inside a value dropped by one)
            yield from _quirk_problems(file, text, record=record, first_line=first_line)
        else:
            for pointer, key, line, column in fast:
                yield _duplicate_problem(file, pointer, key, record, line, column)
        if quirks.bad_numbers:
            return  # the parsed value holds placeholders: nothing reliable to validate
    if not isinstance(data, dict):
        yield problem(
            file,
            "ORT006",
            f"top level is {json_type(data)}; a payload is a JSON object",
            line=first_line,
            column=1,
            record=record,
        )
        return
    yield Payload(
        file=file, data=data, source=text, syntax=syntax, record=record, first_line=first_line
    )


def deeper_than(data: Any, limit: int, *, or_infinite: bool = False) -> bool:
    """Whether containers nest more than `limit` levels (the top object is level 1), or
    (`or_infinite`) hold an infinite number.

    Level by level, containers only: about half the cost of even counting the
    brackets in the text, and exact.
    """
    level = [data] if type(data) in (dict, list) else []
    depth = 1
    while level:
        if depth > limit:
            return True
        below = []
        for value in level:
            for child in value.values() if type(value) is dict else value:
                kind = type(child)
                if kind is dict or kind is list:
                    below.append(child)
                elif kind is float and or_infinite and child in _INFINITIES:
                    return True
        level = below
        depth += 1
    return False


_HUGE = 10**MAX_INT_DIGITS  # an integer this large has more digits than JSON tools read


def numbers_json_cannot_carry(data: Any) -> Iterator[tuple[str, str]]:
    """(pointer, what) of every number in an in-memory value (a library caller's dict)
    that JSON text cannot carry: NaN, an infinity, an integer of more than
    `MAX_INT_DIGITS` digits (the schema engine would see null)."""
    from toolkit.pointers import escape_token

    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, pointer = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend((child, f"{pointer}/{escape_token(key)}") for key, child in value.items())
        elif kind is list:
            stack.extend((child, f"{pointer}/{index}") for index, child in enumerate(value))
        elif kind is float and (value != value or value in _INFINITIES):
            yield pointer, repr(value)
        elif kind is int and value.bit_length() > 14_000 and not -_HUGE < value < _HUGE:
            yield pointer, f"an integer of more than {MAX_INT_DIGITS:,} digits"


def _too_deep(file: str, text: str, record: int | None, first_line: int) -> FileProblem:
    from toolkit.positions import json as positions
    from toolkit.positions.source_map import line_column

    offset = positions.nesting_offset(text, MAX_DEPTH)
    line, column = line_column(text, offset or 0, first_line)
    return problem(
        file,
        "ORT009",
        f"JSON is nested more than {MAX_DEPTH} levels deep; a payload nests a few dozen at most",
        record=record,
        line=line,
        column=column,
    )


def _duplicate_problem(
    file: str, pointer: str, key: str, record: int | None, line: int, column: int
) -> FileProblem:
    return problem(
        file,
        "ORT005",
        f"duplicate key `{key}`; the API keeps only one of them, remove the other",
        record=record,
        line=line,
        column=column,
        pointer=pointer,
    )


def _duplicate_keys(
    text: str, data: Any, quirks: JsonQuirks, first_line: int
) -> list[tuple[str, str, int, int]] | None:
    """(pointer, key, line, column) of every repeated key, or None to leave it to the
    full scan of `positions`.

    The parser has already said which objects repeat a key: only those are found in the
    parsed value (a walk over its containers), located (the path down to them), and
    their members scanned. One repeated key in 48 MB costs a parse, not a Python scan of
    every value (which took 5 s and a map of a million pointers).
    """
    import json.decoder

    from toolkit.pointers import escape_token
    from toolkit.positions.json import locate_json
    from toolkit.positions.source_map import SourceMap

    found: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack and len(found) < len(quirks.repeating):
        value, pointer = stack.pop()
        if type(value) is dict:
            if id(value) in quirks.repeating:
                found[id(value)] = pointer
            stack.extend(
                (child, f"{pointer}/{escape_token(key)}")
                for key, child in value.items()
                if type(child) in (dict, list)
            )
        else:
            stack.extend(
                (child, f"{pointer}/{index}")
                for index, child in enumerate(value)
                if type(child) in (dict, list)
            )
    if len(found) < len(quirks.repeating):
        return None  # some are inside a value a repeated key dropped
    wanted = [pointer for pointer in found.values() if pointer]
    source = (
        locate_json(text, wanted, first_line)
        if wanted
        else SourceMap(text=text, first_line=first_line)
    )
    source.values[""] = _skip_space(text, 0)  # (the top needs no walk)
    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
    scan_once = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]
    repeats = []
    try:
        for pointer in found.values():
            i = source.values[pointer]
            if text[i] != "{":
                return None
            seen: set[str] = set()
            i = _skip_space(text, i + 1)
            while text[i] != "}":
                key_offset = i
                key, i = scanstring(text, i + 1)
                if key in seen:
                    line, column = source.line_column(key_offset)
                    repeats.append((f"{pointer}/{escape_token(key)}", key, line, column))
                seen.add(key)
                i = _skip_space(text, _skip_space(text, i) + 1)  # past the colon
                _, i = scan_once(text, i)
                i = _skip_space(text, i)
                if text[i] == ",":
                    i = _skip_space(text, i + 1)
    except (KeyError, IndexError, ValueError, StopIteration, RecursionError):
        return None
    return repeats


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, i: int) -> int:
    return _SPACE.match(text, i).end()  # type: ignore[union-attr]  # `*` always matches


def _quirk_problems(
    file: str, text: str, *, record: int | None, first_line: int
) -> Iterator[FileProblem]:
    """Duplicate keys (ORT005) and numbers JSON can't carry (ORT007), where they are
    written (the parsed value no longer shows them: the scanner of `positions` does)."""
    from toolkit.positions import json as positions

    scan = positions.scan_json(text, first_line)
    for pointer, offset in scan.duplicates:
        line, column = scan.source.line_column(offset)
        key = split_pointer(pointer)[-1]
        yield _duplicate_problem(file, pointer, key, record, line, column)
    for pointer, offset, literal in scan.bad_numbers:
        line, column = scan.source.line_column(offset)
        shown = literal if len(literal) <= 20 else f"{literal[:12]}... ({len(literal)} digits)"
        yield problem(
            file,
            "ORT007",
            f"{shown} is not a JSON number a request can carry; use a finite number",
            record=record,
            line=line,
            column=column,
            pointer=pointer,
        )


def load(file: str, path: str) -> Iterator[Payload | FileProblem]:
    """The payload of a `.json` file (or of standard input)."""
    try:
        raw = read_bytes(path)
        data = parse_clean_json(raw)
        if data is not None:
            yield Payload(file=file, data=data, source=raw, syntax="json")
            return
        text = text_of(raw, empty="file is empty; expected a JSON object")
        del raw  # a large file is held once, as text
    except LoadProblem as error:
        yield problem(file, error.code, error.message, line=error.line, column=error.column)
        return
    yield from load_document(file, text, syntax="json")


def load_text(text: str, file: str = "<string>") -> Iterator[Payload | FileProblem]:
    """The payload of one JSON document given as text (library use)."""
    if not text or text.isspace():  # (no copy of a large text, unlike strip)
        yield problem(file, "ORT004", "document is empty; expected a JSON object")
        return
    yield from load_document(file, text, syntax="json")


def locate(payload: Payload, pointers: Iterable[str]) -> SourceMap:
    """Positions of `pointers` (and of their ancestors) in a JSON payload's text; walks
    only the paths down to them."""
    source = payload.source
    # Bytes were parsed by jiter, which refuses duplicate keys: the parsed value holds
    # every key the text does (except a top-level `$schema`, which the pipeline drops),
    # so it can guide a search of the bytes.
    if isinstance(source, bytes):
        positions = imported("toolkit.positions.json_raw")
        dropped = () if "$schema" in payload.data else _DROPPED
        located: SourceMap = positions.locate_json_raw(
            source, pointers, payload.data, payload.first_line, dropped
        )
        return located
    from toolkit.positions.json import locate_json

    return locate_json(payload.text, pointers, payload.first_line)


_DROPPED = ("$schema",)  # (the pipeline drops it from a payload's top level)
