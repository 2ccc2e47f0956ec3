"""JSON Pointer to line:column in the raw text, computed only for payloads with findings.

JSON is re-scanned by a small iterative scanner built on the stdlib's own string
and number scanners: it survives any nesting depth and also finds what a parsed
value no longer shows (duplicate keys, numbers JSON can't represent). YAML
positions come from PyYAML's node marks.
"""

from __future__ import annotations

import json.decoder
import json.scanner
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from toolkit.diagnostics import Diagnostic, Severity
from toolkit.pointers import escape_token, split_pointer

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
_NOT_JSON_NUMBERS = frozenset({"NaN", "Infinity", "-Infinity"})
MAX_INT_DIGITS = 4300


@dataclass(slots=True)
class SourceMap:
    """Offsets of every value (and member key) by pointer, and how to turn them into lines."""

    values: dict[str, int] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    text: str = field(default="", repr=False)  # offsets index into it
    first_line: int = 1
    # line:column pairs for sources that know them directly (YAML marks)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    _lines: _LineIndex | None = field(default=None, repr=False, compare=False)

    def locate(self, pointer: str, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `pointer` (or of its key).

        A pointer that is not in the document (a missing member) resolves to its
        nearest existing ancestor.
        """
        while True:
            if at_key and pointer in self.key_marks:
                return self.key_marks[pointer]
            if pointer in self.marks:
                return self.marks[pointer]
            offset = self.keys.get(pointer) if at_key else None
            if offset is None:
                offset = self.values.get(pointer)
            if offset is not None:
                return self._line_column(offset)
            if not pointer:
                return self.first_line, 1
            pointer = pointer.rsplit("/", 1)[0]
            at_key = False

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = _LineIndex(self.text)
        line, column = self._lines.line_column(offset)
        return self.first_line + line - 1, column


class _LineIndex:
    """Offset to 1-based line:column without a list of every line start.

    A file of 50 million newlines would make that list gigabytes of Python ints.
    Instead, checkpoints every `_STRIDE` characters hold the line number and line
    start there, and `str.count` (C speed) covers the rest: memory is a few
    entries per megabyte and a lookup scans at most one stride.
    """

    __slots__ = ("_line_starts", "_lines", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = [0]  # newlines before checkpoint k (at offset k * _STRIDE)
        self._line_starts = [0]  # start of the line holding checkpoint k
        for start in range(_STRIDE, len(text) + 1, _STRIDE):
            previous = start - _STRIDE
            found = text.count("\n", previous, start)
            self._lines.append(self._lines[-1] + found)
            self._line_starts.append(
                text.rfind("\n", previous, start) + 1 if found else self._line_starts[-1]
            )

    def line_column(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self._text)))
        k = offset // _STRIDE
        checkpoint = k * _STRIDE
        found = self._text.count("\n", checkpoint, offset)
        line_start = (
            self._text.rfind("\n", checkpoint, offset) + 1 if found else self._line_starts[k]
        )
        return self._lines[k] + found + 1, offset - line_start + 1


_STRIDE = 1 << 16


def line_column(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    return SourceMap(text=text, first_line=first_line)._line_column(offset)


# A JSON string (escapes included) or a bracket: enough to count nesting depth.
_STRING_OR_BRACKET_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def nesting_offset(text: str, limit: int) -> int | None:
    """Offset of the first `[` or `{` nested more than `limit` deep, or None.

    Works on any text, however deep or broken (brackets inside strings don't count),
    and stops at the first bracket too deep: O(position) whatever the depth.
    """
    depth = 0
    for match in _STRING_OR_BRACKET_RE.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return match.start()
        elif token in ("]", "}"):
            depth = max(0, depth - 1)
    return None


@dataclass(slots=True)
class JsonScan:
    source: SourceMap
    duplicates: list[tuple[str, int]]  # pointer of the repeated member, key offset
    bad_numbers: list[tuple[str, int, str]]  # pointer, offset, literal


def scan_json(text: str, first_line: int = 1) -> JsonScan:
    """Positions of every pointer in a syntactically valid JSON text."""
    source = SourceMap(text=text, first_line=first_line)
    duplicates: list[tuple[str, int]] = []
    bad_numbers: list[tuple[str, int, str]] = []
    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
    number = json.scanner.NUMBER_RE
    whitespace = _WHITESPACE_RE.match
    length = len(text)

    def skip(i: int) -> int:
        return whitespace(text, i).end()  # type: ignore[union-attr]  # `*` always matches

    # Each frame: [pointer, is_object, seen keys or next index]
    stack: list[list[Any]] = []
    i = skip(0)
    pointer = ""
    while True:
        # --- a value starts at i, for `pointer`
        source.values[pointer] = i
        char = text[i] if i < length else ""
        if char == "{":
            i = skip(i + 1)
            if text[i] == "}":
                i += 1
            else:
                stack.append([pointer, True, set()])
                i, pointer = _member_key(text, i, stack[-1], source, duplicates, scanstring, skip)
                continue
        elif char == "[":
            i = skip(i + 1)
            if text[i] == "]":
                i += 1
            else:
                stack.append([pointer, False, 0])
                pointer = f"{pointer}/0"
                continue
        elif char == '"':
            _, i = scanstring(text, i + 1)
        else:
            literal = next((word for word in _LITERALS if text.startswith(word, i)), None)
            match = None if literal else number.match(text, i)
            if match:
                integer, fraction, exponent = match.groups()
                literal = match.group()
                if (not fraction and not exponent and len(integer) > MAX_INT_DIGITS) or (
                    (fraction or exponent) and float(literal) in (float("inf"), float("-inf"))
                ):
                    bad_numbers.append((pointer, i, literal))
            elif literal in _NOT_JSON_NUMBERS:
                bad_numbers.append((pointer, i, literal))
            if literal is None:
                raise ValueError(f"unexpected character at offset {i}")
            i += len(literal)
        # --- the value ended; continue in the enclosing container
        while True:
            if not stack:
                return JsonScan(source, duplicates, bad_numbers)
            i = skip(i)
            frame = stack[-1]
            if text[i] == ",":
                i = skip(i + 1)
                if frame[1]:
                    i, pointer = _member_key(text, i, frame, source, duplicates, scanstring, skip)
                else:
                    frame[2] += 1
                    pointer = f"{frame[0]}/{frame[2]}"
                break
            i += 1  # the closing bracket of this container
            stack.pop()


def locate_json(text: str, pointers: Iterable[str], first_line: int = 1) -> SourceMap:
    """Offsets of `pointers` (and of their ancestors) in a syntactically valid JSON text.

    Only the paths down to them are walked in Python; every value beside a path is
    skipped by the stdlib's C scanner, so locating a few findings costs a fraction of
    `scan_json`'s whole map. Anything unexpected falls back to `scan_json`.
    """
    wanted: dict[str, Any] = {}  # a trie of (unescaped) pointer tokens
    for pointer in pointers:
        node = wanted
        for token in split_pointer(pointer):
            node = node.setdefault(token, {})
    source = SourceMap(text=text, first_line=first_line)
    walker = _PathWalker(text, source)
    try:
        walker.value(walker.skip(0), "", wanted)
    except (ValueError, IndexError, StopIteration, RecursionError):
        return scan_json(text, first_line).source
    return source


class _PathWalker:
    """`locate_json`'s descent: maps the values on the wanted paths, skips the rest."""

    def __init__(self, text: str, source: SourceMap) -> None:
        self.text = text
        self.source = source
        self.scan_once = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]
        self.scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
        self.whitespace = _WHITESPACE_RE.match

    def skip(self, i: int) -> int:
        return self.whitespace(self.text, i).end()  # type: ignore[union-attr]

    def value(self, i: int, pointer: str, wanted: dict[str, Any]) -> int:
        """Maps the value starting at `i` and the wanted ones inside it; returns its end."""
        self.source.values[pointer] = i
        text = self.text
        if not wanted or text[i] not in "{[":
            return int(self.scan_once(text, i)[1])
        is_object = text[i] == "{"
        i = self.skip(i + 1)
        if text[i] in "}]":
            return i + 1
        index = 0
        while True:
            if is_object:
                key_offset = i
                key, i = self.scanstring(text, i + 1)
                i = self.skip(self.skip(i) + 1)  # past the colon
            else:
                key = str(index)
                index += 1
            inner = wanted.get(key)
            if inner is None:
                i = self.scan_once(text, i)[1]
            else:
                child = f"{pointer}/{escape_token(key)}"
                if is_object:
                    self.source.keys[child] = key_offset
                i = self.value(i, child, inner)
            i = self.skip(i)
            if text[i] != ",":
                return i + 1  # the closing bracket
            i = self.skip(i + 1)


def _member_key(
    text: str,
    i: int,
    frame: list[Any],
    source: SourceMap,
    duplicates: list[tuple[str, int]],
    scanstring: Any,
    skip: Any,
) -> tuple[int, str]:
    key_offset = i
    key, i = scanstring(text, i + 1)
    pointer = f"{frame[0]}/{escape_token(key)}"
    if key in frame[2]:
        duplicates.append((pointer, key_offset))
    frame[2].add(key)
    source.keys[pointer] = key_offset
    i = skip(skip(i) + 1)  # past the colon
    return i, pointer


def json_quirk_diagnostics(
    file: str, text: str, *, record: int | None, first_line: int
) -> Iterator[Diagnostic]:
    """Diagnostics for duplicate keys and unrepresentable numbers, at their positions."""
    scan = scan_json(text, first_line)
    for pointer, offset in scan.duplicates:
        line, column = scan.source._line_column(offset)
        key = split_pointer(pointer)[-1]
        yield Diagnostic(
            code="ORT005",
            severity=Severity.ERROR,
            pointer=pointer,
            message=f"duplicate key {key!r}; the API keeps only one of them, remove the other",
            file=file,
            record=record,
            line=line,
            column=column,
        )
    for pointer, offset, literal in scan.bad_numbers:
        line, column = scan.source._line_column(offset)
        shown = literal if len(literal) <= 20 else f"{literal[:12]}... ({len(literal)} digits)"
        yield Diagnostic(
            code="ORT007",
            severity=Severity.ERROR,
            pointer=pointer,
            message=f"{shown} is not a JSON number a request can carry; use a finite number",
            file=file,
            record=record,
            line=line,
            column=column,
        )


def yaml_source_map(node: Any) -> SourceMap:
    """Positions of a composed PyYAML node tree (marks are 0-based)."""
    source = SourceMap()
    stack: list[tuple[str, Any]] = [("", node)]
    seen: set[int] = set()
    while stack:
        pointer, current = stack.pop()
        source.marks[pointer] = (current.start_mark.line + 1, current.start_mark.column + 1)
        if id(current) in seen:  # an alias: its children were mapped where it was defined
            continue
        seen.add(id(current))
        if current.id == "mapping":
            for key_node, value_node in current.value:
                child = f"{pointer}/{escape_token(str(key_node.value))}"
                source.key_marks[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                stack.append((child, value_node))
        elif current.id == "sequence":
            stack.extend((f"{pointer}/{index}", item) for index, item in enumerate(current.value))
    return source
