"""Findings located in a JSON payload's UTF-8 bytes, guided by its parsed value.

The payloads with findings are most of them in real traffic, and the usual finding sits
under a key a byte search finds (`unique_keys`): those are located without decoding the
text, walking it, or parsing the values before them a second time. Where a search cannot
be sure (inside arrays, keys repeated across objects), only the rest of the text from
there is decoded and walked as `json.locate_json` walks it.
"""

from __future__ import annotations

import json.decoder
import re
from collections.abc import Iterable
from typing import Any

from toolkit.pointers import escape_token, split_pointer
from toolkit.positions.json import _PathWalker, scan_json
from toolkit.positions.source_map import SourceMap
from toolkit.positions.unique_keys import KeyFinder

_WHITESPACE_RE = re.compile(rb"[ \t\n\r]*")
_WHITESPACE_STR_RE = re.compile(r"[ \t\n\r]*")
_SCAN_ONCE = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]  # (stateless)

# (byte offset, pointer, wanted trie below it)
_Leftover = tuple[int, str, dict[str, Any]]


def locate_json_raw(
    raw: bytes, pointers: Iterable[str], data: Any, first_line: int = 1
) -> SourceMap:
    """Line:column of `pointers` (and of their ancestors) in `raw`, the UTF-8 JSON text that
    `data` was parsed from without accepting duplicate keys. Maps what `json.scan_json` maps
    for them; anything unexpected falls back to it."""
    wanted: dict[str, Any] = {}  # a trie of (unescaped) pointer tokens
    for pointer in pointers:
        node = wanted
        for token in split_pointer(pointer):
            node = node.setdefault(token, {})
    walker = _RawWalker(raw, data)
    try:
        walker.resolve(_WHITESPACE_RE.match(raw).end(), "", wanted, data)  # type: ignore[union-attr]
        return walker.source_map(first_line)
    except (ValueError, IndexError, KeyError, StopIteration, RecursionError):
        return scan_json(raw.decode("utf-8"), first_line).source


class _RawWalker:
    def __init__(self, raw: bytes, data: Any) -> None:
        self.raw = raw
        self.finder = KeyFinder(raw, data)
        self.values: dict[str, int] = {}  # byte offsets
        self.keys: dict[str, int] = {}
        self.leftovers: list[_Leftover] = []

    def resolve(self, at: int, pointer: str, wanted: dict[str, Any], node: Any) -> None:
        """Maps the value at byte `at` and the wanted ones inside it, by search; what a
        search cannot find is left for the walk over the decoded rest of the text."""
        if not wanted:
            self.values[pointer] = at
            return
        if type(node) is dict:
            # (a member missing from the value is missing from the text too)
            present = [key for key in wanted if key in node]
            found = self.finder.members(at, node, present) if present else {}
            if found is not None:
                self.values[pointer] = at
                for key in present:
                    key_at, value_at = found[key]
                    child = f"{pointer}/{escape_token(key)}"
                    self.keys[child] = key_at
                    self.resolve(value_at, child, wanted[key], node[key])
                return
        elif type(node) is list and all(token.isdigit() for token in wanted):
            self.values[pointer] = at
            starts = self._elements(at, {int(token) for token in wanted if int(token) < len(node)})
            for index, start in starts.items():
                token = str(index)
                self.resolve(start, f"{pointer}/{token}", wanted[token], node[index])
            return
        self.leftovers.append((at, pointer, wanted))

    def _elements(self, at: int, indexes: set[int]) -> dict[int, int]:
        """Byte offsets of the elements `indexes` of the array at `at`: the elements before
        them are skipped by the stdlib's C scanner in the text decoded from `at` on."""
        if not indexes:
            return {}
        text = self.raw[at:].decode("utf-8")
        skip = _WHITESPACE_STR_RE.match
        i = skip(text, 1).end()  # type: ignore[union-attr]
        starts: dict[int, int] = {}
        last = max(indexes)
        for index in range(last + 1):
            if index in indexes:
                starts[index] = i
            if index == last:
                break
            i = skip(text, _SCAN_ONCE(text, i)[1]).end()  # type: ignore[union-attr]
            if text[i] != ",":
                raise ValueError("fewer elements than the parsed value holds")
            i = skip(text, i + 1).end()  # type: ignore[union-attr]
        # back to byte offsets: the characters before each start, encoded
        return {index: at + len(text[:i].encode("utf-8")) for index, i in starts.items()}

    def source_map(self, first_line: int) -> SourceMap:
        source = SourceMap(first_line=first_line)
        places = _LineColumns(
            self.raw, first_line, sorted({*self.values.values(), *self.keys.values()})
        )
        source.marks = {pointer: places[at] for pointer, at in self.values.items()}
        source.key_marks = {pointer: places[at] for pointer, at in self.keys.items()}
        if self.leftovers:
            self._walk_leftovers(source, first_line)
        return source

    def _walk_leftovers(self, source: SourceMap, first_line: int) -> None:
        """Walk what search could not find, in the text decoded from the first of them on."""
        raw = self.raw
        start = min(at for at, *_ in self.leftovers)
        tail = raw[start:].decode("utf-8")
        found = SourceMap(text=tail)
        walker = _PathWalker(tail, found)
        for at, pointer, wanted in sorted(self.leftovers, key=lambda item: item[0]):
            walker.value(len(raw[start:at].decode("utf-8")), pointer, wanted, need_end=False)
        ((line, column),) = _LineColumns(raw, first_line, [start]).values()
        places = _LineColumns(
            tail, line, sorted({*found.values.values(), *found.keys.values()}), column
        )
        source.marks.update((pointer, places[at]) for pointer, at in found.values.items())
        source.key_marks.update((pointer, places[at]) for pointer, at in found.keys.items())


class _LineColumns(dict[int, tuple[int, int]]):
    """1-based line:column of each of the sorted `offsets` into `text` (bytes: columns
    still count characters), in one pass; `column` is where `text` starts on its line."""

    def __init__(self, text: bytes | str, line: int, offsets: list[int], column: int = 1) -> None:
        super().__init__()
        newline: Any = b"\n" if isinstance(text, bytes) else "\n"
        position = 0
        for offset in offsets:
            lines = text.count(newline, position, offset)
            if lines:
                line += lines
                position = text.rfind(newline, position, offset) + 1
                column = 1
            piece = text[position:offset]
            column += len(piece.decode("utf-8")) if isinstance(piece, bytes) else len(piece)
            position = offset
            self[offset] = (line, column)
