"""JSON Pointer to line:column in JSON text, computed only for payloads with findings.

JSON is re-scanned by a small iterative scanner built on the stdlib's own string
and number scanners: it survives any nesting depth and also finds what a parsed
value no longer shows (duplicate keys, numbers JSON can't represent).
"""

from __future__ import annotations

import json.decoder
import json.scanner
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from toolkit.limits import MAX_INT_DIGITS
from toolkit.pointers import escape_token, split_pointer
from toolkit.positions.source_map import SourceMap

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
_NOT_JSON_NUMBERS = frozenset({"NaN", "Infinity", "-Infinity"})
_SCAN_ONCE = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]  # (stateless)


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
    `scan_json`'s whole map. Anything unexpected falls back to `scan_json`. (A payload
    parsed from bytes is located by `json_raw.locate_json_raw`, which searches first.)
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
        self.scan_once = _SCAN_ONCE
        self.scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
        self.whitespace = _WHITESPACE_RE.match

    def skip(self, i: int) -> int:
        return self.whitespace(self.text, i).end()  # type: ignore[union-attr]

    def value(self, i: int, pointer: str, wanted: dict[str, Any], need_end: bool = True) -> int:
        """Maps the value starting at `i` and the wanted ones inside it; returns its end
        (or -1 when not `need_end`: then it stops after the last wanted member)."""
        self.source.values[pointer] = i
        text = self.text
        if not wanted or text[i] not in "{[":
            return int(self.scan_once(text, i)[1]) if need_end else -1
        is_object = text[i] == "{"
        i = self.skip(i + 1)
        if text[i] in "}]":
            return i + 1
        index = 0
        remaining = len(wanted)
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
                remaining -= 1
                if not need_end and not remaining:  # the last wanted member
                    self.value(i, child, inner, need_end=False)
                    return -1
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
