"""From paths to payloads: the only module that reads files.

Everything a user can get wrong in a file (bad bytes, bad syntax, duplicate keys,
a top level that is not an object, ...) becomes an ``ORT0xx`` diagnostic, and
loading goes on with the next payload or file.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import jiter

from toolkit.diagnostics import Diagnostic, Severity
from toolkit.wording import json_type

JSON_SUFFIXES = frozenset({".json"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
LINTED_SUFFIXES = JSON_SUFFIXES | YAML_SUFFIXES | JSONL_SUFFIXES
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})
STDIN = "-"
STDIN_NAME = "<stdin>"

# Python refuses to convert longer digit strings to int (CVE-2020-10735); a JSON
# number that long is certainly a mistake in a request.
MAX_INT_DIGITS = 4300
# YAML aliases can describe exponentially large documents ("billion laughs").
MAX_YAML_NODES = 1_000_000
# Real payloads nest a few dozen levels; the validator (jsonschema-rs) gives up near
# 256 and recursive code near 1,000, so deeper documents stop here, as ORT009.
MAX_DEPTH = 128


@dataclass(slots=True)  # (not frozen: a frozen dataclass is twice as slow to create)
class Payload:
    """One document to validate: a JSON file, a YAML document or a JSONL line."""

    file: str
    data: Any
    source: str | bytes  # the document; UTF-8 bytes when it was parsed without decoding
    syntax: str  # "json" | "yaml" | "jsonl"
    record: int | None = None  # 1-based record of a JSONL file, document of a YAML stream
    first_line: int = 1  # physical line where `text` starts (JSONL)
    yaml_document: int = 0

    @property
    def text(self) -> str:
        """The document as text (decoded on demand: only payloads with findings need it)."""
        source = self.source
        return source if isinstance(source, str) else source.decode("utf-8")


@dataclass(slots=True)
class LoadProblem(Exception):
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    pointer: str = ""


@dataclass(slots=True)
class _JsonQuirks:
    """What the stdlib parser accepts but a JSON payload must not contain."""

    duplicate_keys: bool = False
    bad_numbers: list[str] = field(default_factory=list)


def problem(
    file: str,
    code: str,
    message: str,
    *,
    line: int | None = None,
    column: int | None = None,
    record: int | None = None,
    pointer: str = "",
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        pointer=pointer,
        message=message,
        file=file,
        record=record,
        line=line,
        column=column,
    )


# --- discovering files ----------------------------------------------------------------


def discover(
    paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[str | Diagnostic]:
    """Expand directories into the payload files below them, in a stable order.

    Files named explicitly are always linted; files found by recursion must have a
    payload suffix, match `include` (if given) and not match `exclude`.
    """
    include, exclude = tuple(include), tuple(exclude)
    for path in paths:
        if path == STDIN:
            yield path
            continue
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            missing = (
                "is a symbolic link to a missing file"
                if os.path.islink(path)
                else ("does not exist")
            )
            yield problem(path, "ORT001", f"{path} {missing}")
            continue
        except OSError as error:
            yield problem(path, "ORT001", f"cannot read {path}: {error.strerror}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, include, exclude)
        else:
            yield path


def _walk(
    root: str, include: tuple[str, ...], exclude: tuple[str, ...]
) -> Iterator[str | Diagnostic]:
    # Symlinked directories are not followed: no loops, no linting outside the tree.
    # A directory that can't be listed is a diagnostic, not a silent gap.
    errors: list[OSError] = []
    for directory, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        yield from _walk_errors(errors)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        filtered = include or exclude
        for name in sorted(name for name in filenames if _payload_name(name)):
            path = os.path.join(directory, name)
            if not filtered or _selected(path.replace(os.sep, "/"), include, exclude):
                yield path
    yield from _walk_errors(errors)


def _walk_errors(errors: list[OSError]) -> Iterator[Diagnostic]:
    while errors:
        error = errors.pop(0)
        where = error.filename or "?"
        yield problem(str(where), "ORT001", f"cannot list directory {where}: {error.strerror}")


def _payload_name(name: str) -> bool:
    """Not hidden, and with a payload suffix."""
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in LINTED_SUFFIXES


def _selected(posix_path: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    if include and not any(path_matches(posix_path, pattern) for pattern in include):
        return False
    return not any(path_matches(posix_path, pattern) for pattern in exclude)


def path_matches(path: str, pattern: str) -> bool:
    """A config glob: against the whole path, its file name, or any trailing part of it."""
    return (
        fnmatch.fnmatch(path, pattern)
        or fnmatch.fnmatch(os.path.basename(path), pattern)
        or (fnmatch.fnmatch(path, f"*/{pattern}"))
    )


# --- reading one file -----------------------------------------------------------------


def syntax_of(path: str, default: str = "json") -> str:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    return default


def load(path: str, syntax: str | None = None) -> Iterator[Payload | Diagnostic]:
    """Payloads of one file (or of standard input for ``-``), or diagnostics."""
    name = STDIN_NAME if path == STDIN else path
    syntax = syntax or syntax_of(path)
    if syntax == "jsonl":
        yield from _load_jsonl(name, path)
        return
    try:
        yield from _load_whole(name, path, syntax)
    except MemoryError:
        yield problem(
            name,
            "ORT001",
            f"{name} is too large to load into memory; split it, or write one payload "
            "per line as JSONL (read record by record)",
        )


def _load_whole(name: str, path: str, syntax: str) -> Iterator[Payload | Diagnostic]:
    try:
        raw = _read_bytes(path)
    except LoadProblem as error:
        yield problem(name, error.code, error.message)
        return
    if syntax == "json":
        data = parse_clean_json(raw)
        if data is not None:
            yield Payload(file=name, data=data, source=raw, syntax="json")
            return
    try:
        text = decode(raw)
    except LoadProblem as error:
        yield problem(name, error.code, error.message, line=error.line, column=error.column)
        return
    del raw  # a large file is held once, as text
    if not text or text.isspace():  # (no copy of a large text, unlike strip)
        yield problem(name, "ORT004", "file is empty; expected a JSON object")
        return
    if syntax == "yaml":
        yield from _load_yaml(name, text)
    else:
        yield from _json_document(name, text, syntax="json")


def load_text(text: str, file: str = "<string>") -> Iterator[Payload | Diagnostic]:
    """The payload of one JSON document given as text (library use), or diagnostics."""
    if not text or text.isspace():  # (no copy of a large text, unlike strip)
        yield problem(file, "ORT004", "document is empty; expected a JSON object")
        return
    yield from _json_document(file, text, syntax="json")


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def _read_bytes(path: str) -> bytes:
    if path == STDIN:
        with _open_binary(path) as handle:
            return handle.read()
    # The hot path of a bulk run: the checks of `_open_binary`, with plain os calls.
    descriptor, size = _open_regular(path)
    try:
        # (the size as a hint, capped: a sparse file may claim terabytes)
        blocks = [os.read(descriptor, min(size + 1, 1 << 26))]
        while blocks[-1]:  # (the file may grow while it is read)
            blocks.append(os.read(descriptor, 1 << 20))
    except OSError as error:
        raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error
    finally:
        os.close(descriptor)
    return blocks[0] if len(blocks) == 2 else b"".join(blocks)


@contextlib.contextmanager
def _open_binary(path: str) -> Iterator[BinaryIO]:
    """The file (or standard input) for reading bytes, or a `LoadProblem`."""
    if path == STDIN:
        yield sys.stdin.buffer
        return
    descriptor, _ = _open_regular(path)
    with open(descriptor, "rb") as handle:
        try:
            yield handle
        except OSError as error:
            raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error


def _open_regular(path: str) -> tuple[int, int]:
    """(descriptor, size) of the regular file at `path` opened for reading, or a
    `LoadProblem`."""
    try:
        # Opening a FIFO or a device could block forever or read without end: look
        # first, then open without blocking and look again at what was opened (the
        # path may have been replaced in between).
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise LoadProblem("ORT001", f"{path} is not a regular file")
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as error:
        if os.path.islink(path):
            raise LoadProblem("ORT001", f"{path} is a symbolic link to a missing file") from error
        raise LoadProblem("ORT001", f"{path} does not exist (deleted while linting?)") from error
    except IsADirectoryError as error:
        raise LoadProblem("ORT001", f"{path} is a directory") from error
    except OSError as error:
        raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error
    try:
        opened = os.fstat(descriptor)
    except OSError as error:
        os.close(descriptor)
        raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error
    if not stat.S_ISREG(opened.st_mode):
        os.close(descriptor)
        raise LoadProblem("ORT001", f"{path} is not a regular file")
    return descriptor, opened.st_size


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a leading BOM is accepted), with a clear word on UTF-16/32."""
    if _utf16_or_32(raw):
        raise LoadProblem("ORT002", "file is UTF-16 or UTF-32 encoded; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoadProblem(
            "ORT002",
            f"invalid UTF-8 byte 0x{raw[error.start]:02x}; save the file as UTF-8",
            line=line,
            column=column,
        ) from error


def _utf16_or_32(raw: bytes) -> bool:
    """A byte-order mark, or the NUL pattern of ASCII text in UTF-16/32 (RFC 4627 sec. 3)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return True
    head = raw[:4]
    if len(head) < 2:
        return False
    if len(head) < 4:
        # one UTF-16 character: one NUL byte and one other
        return len(head) == 2 and (head[0] == 0) != (head[1] == 0)
    return (
        head[:3] == b"\x00\x00\x00"  # UTF-32BE
        or head[1:] == b"\x00\x00\x00"  # UTF-32LE
        or (head[0] == 0 and head[2] == 0 and head[1] != 0)  # UTF-16BE
        or (head[1] == 0 and head[3] == 0 and head[0] != 0)  # UTF-16LE
    )


# --- JSON --------------------------------------------------------------------------------


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
    if type(data) is not dict or _deeper_than(data, MAX_DEPTH, or_infinite=True):
        return None
    return data


def parse_json(text: str) -> tuple[Any, _JsonQuirks]:
    """Parse with the stdlib, noting duplicate keys and numbers JSON can't hold."""
    quirks = _JsonQuirks()

    def object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            quirks.duplicate_keys = True
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


def _json_document(
    file: str, text: str, *, syntax: str, record: int | None = None, first_line: int = 1
) -> Iterator[Payload | Diagnostic]:
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
    if _deeper_than(data, MAX_DEPTH):
        yield _too_deep(file, text, record, first_line)
        return
    if quirks.bad_numbers or quirks.duplicate_keys:
        # Located precisely by the scanner in `positions`, which knows pointers.
        from toolkit import positions

        yield from positions.json_quirk_diagnostics(
            file, text, record=record, first_line=first_line
        )
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


def _deeper_than(data: Any, limit: int, *, or_infinite: bool = False) -> bool:
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


def _too_deep(file: str, text: str, record: int | None, first_line: int) -> Diagnostic:
    from toolkit import positions

    offset = positions.nesting_offset(text, MAX_DEPTH)
    line, column = positions.line_column(text, offset or 0, first_line)
    return problem(
        file,
        "ORT009",
        f"JSON is nested more than {MAX_DEPTH} levels deep; a payload nests a few dozen at most",
        record=record,
        line=line,
        column=column,
    )


def _load_jsonl(file: str, path: str) -> Iterator[Payload | Diagnostic]:
    """One payload per non-blank line, read line by line: memory does not grow with the
    number of records."""
    record = 0
    try:
        with _open_binary(path) as handle:
            for number, line in enumerate(handle, start=1):
                if number == 1 and _utf16_or_32(line):
                    yield problem(
                        file, "ORT002", "file is UTF-16 or UTF-32 encoded; save it as UTF-8"
                    )
                    return
                if not line.strip():
                    continue
                # without its line ending: an error at the end of the record is on its line
                line = line[:-2] if line.endswith(b"\r\n") else line.rstrip(b"\n")
                record += 1
                data = parse_clean_json(line)
                if data is not None:
                    yield Payload(file, data, line, "jsonl", record=record, first_line=number)
                    continue
                try:
                    text = decode(line)
                except LoadProblem as error:
                    yield problem(
                        file,
                        error.code,
                        error.message,
                        line=number,
                        column=error.column,
                        record=record,
                    )
                    continue
                yield from _json_document(
                    file, text, syntax="jsonl", record=record, first_line=number
                )
    except LoadProblem as error:
        yield problem(file, error.code, error.message)
        return
    if record == 0:
        yield problem(file, "ORT004", "file has no records; expected one JSON object per line")


# --- YAML --------------------------------------------------------------------------------


def _load_yaml(file: str, text: str) -> Iterator[Payload | Diagnostic]:
    from toolkit import yaml_loading

    yield from yaml_loading.load_documents(file, text)
