"""Findings located in a JSON payload's UTF-8 bytes, guided by its parsed value.

The payloads with findings are most of them in real traffic, and the usual finding sits
under a key a byte search finds and proves a member of its object (`key_search`): those
are located without decoding the text, walking it, or parsing the values before them a
second time. An array element is found by a key of the object it is, or after the
scalars before it. Each pointer is mapped from its nearest ancestor mapped already;
line:column is worked out only for what is asked (`source_map`). Where a search cannot be
sure (keys spelled with escapes, arrays of arrays), only the rest of the text from there
is decoded and walked as `json.locate_json` walks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from toolkit.pointers import escape_token, unescape_token
from toolkit.positions.json import _PathWalker, scan_json
from toolkit.positions.key_search import (
    _BACKSLASH,
    _COLON,
    _SPACE,
    _SPACES,
    _TOKENS,
    CountedSearch,
    Holders,
    after_scalars,
    is_key,
    key_token,
    last_key,
    member_after_brace,
    value_at,
)
from toolkit.positions.source_map import SourceMap, byte_line_columns

_WHITESPACE_RE = re.compile(rb"[ \t\n\r]*")
_LBRACE, _RBRACE, _LBRACKET = ord("{"), ord("}"), ord("[")
# A scalar element of an array and the comma after it (the parsed value says it is one).
_SCALAR_AND_COMMA_RE = re.compile(
    rb'(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"|[^,\] \t\n\r]++)[ \t\n\r]*+,[ \t\n\r]*+', re.DOTALL
)


def locate_json_raw(
    raw: bytes,
    pointers: Iterable[str],
    data: Any,
    first_line: int = 1,
    dropped: tuple[str, ...] = (),
) -> SourceMap:
    """Line:column of `pointers` (and of their ancestors) in `raw`, the UTF-8 JSON text that
    `data` was parsed from without accepting duplicate keys (`dropped`: top-level keys the
    text may hold that `data` lacks). Maps what `json.scan_json` maps for them; anything
    unexpected falls back to it."""
    search = _PointerSearch(raw, data, dropped)
    try:
        for pointer in pointers:
            search.pointer(pointer)
        return search.source_map(first_line)
    except (ValueError, IndexError, KeyError, StopIteration, RecursionError):
        return scan_json(raw.decode("utf-8"), first_line).source


class _PointerSearch(CountedSearch):
    """Each pointer mapped from its nearest ancestor mapped already, one step at a time."""

    def __init__(self, raw: bytes, data: Any, dropped: tuple[str, ...]) -> None:
        super().__init__(raw, dropped)
        self.data = data
        self.last_brace = raw.rfind(b"}")  # (the top-level object's)
        self.values: dict[str, int] = {"": _WHITESPACE_RE.match(raw).end()}  # type: ignore[union-attr]
        self.keys: dict[str, int] = {}  # (byte offsets)
        self.nodes: dict[str, Any] = {"": data}  # the parsed value at each pointer mapped
        self.arrays: dict[str, tuple[Holders, _ScalarSkipper]] = {}
        self.leftovers: dict[str, tuple[int, dict[str, Any]]] = {}  # pointer: (offset, trie)

    def pointer(self, pointer: str) -> None:
        """Maps `pointer` and its ancestors; what a search cannot find is left for the walk
        over the decoded rest of the text. (The usual step, a member of a nested object
        found after its brace, is written out here: it is most of the work.)"""
        nodes = self.nodes
        tokens = []
        parent = pointer
        while parent not in nodes:
            parent, _, token = parent.rpartition("/")
            tokens.append(token)
        raw, values, keys, top = self.raw, self.values, self.keys, self.data
        node = nodes[parent]
        at = values[parent]
        while tokens:
            token = tokens.pop()
            if type(node) is dict:
                key = unescape_token(token) if "~" in token else token
                if key not in node:
                    return  # (missing from the text too: its parent stands for it)
                name = _TOKENS.get(key) or key_token(key)
                found = -1
                if node is not top and name is not None:
                    # The first key token after the brace, when no bracket comes between
                    # (see `key_search.member_after_brace`).
                    found = raw.find(name, at + 1)
                    while found >= 0:
                        if raw[found - 1] != _BACKSLASH:
                            after = raw[found + len(name)]
                            if after == _COLON or (after in _SPACES and is_key(raw, found, name)):
                                break
                        found = raw.find(name, found + 1)
                    if found >= 0:
                        between = raw[at + 1 : found]
                        # (an int is looked for with memchr; `bytes in bytes` first tries
                        # the bytes as an int and raises, then clears, a TypeError)
                        if _LBRACE in between or _RBRACE in between or _LBRACKET in between:
                            found = -1
                if found < 0:
                    found = self._member(at, node, key, name)
                    if found < 0:
                        return self._leave(parent, key, tokens)
                child = f"{parent}/{escape_token(key) if '~' in token else token}"
                keys[child] = found
                at = found + len(name)  # type: ignore[arg-type]  # (found: `name` is a token)
                if raw[at] == _COLON and raw[at + 1] == _SPACE and raw[at + 2] not in _SPACES:
                    at += 2  # (`"key": value`, the usual spelling, takes no regex)
                else:
                    at = value_at(raw, found, name)  # type: ignore[arg-type]
                node = node[key]
            elif type(node) is list:
                index = _index(token)
                if index is None or index >= len(node):
                    return  # (not an element: the array stands for it)
                start = self._element(at, parent, node, index)
                if start is None:
                    return self._leave(parent, token, tokens)
                child = f"{parent}/{token}"
                at = start
                node = node[index]
            else:
                return  # (below a scalar nothing is there: its value stands for it)
            values[child] = at
            nodes[child] = node
            parent = child

    def _member(self, at: int, node: dict[str, Any], key: str, token: bytes | None) -> int:
        """The key token of `node`'s member `key` (`node`: the object whose `{` is at `at`)
        when the search after its brace cannot tell; -1 where no search can."""
        if token is None:
            return -1
        raw = self.raw
        if node is not self.data:
            found = self.member(at, node, key, token)
            return -1 if found is None else found
        # The top level: the last key token of the text, when no `}` but the last one
        # follows it (the usual finding: a parameter after the messages); the first after
        # the brace, when no bracket comes between.
        if after_scalars(node, key):
            found = member_after_brace(raw, token, at)
            if found is not None:
                return found
        found = last_key(raw, token)
        if found is not None and raw.find(b"}", found) == self.last_brace:
            return found
        found = self.top_member(at, node, key, token)
        return -1 if found is None else found

    def _element(self, at: int, pointer: str, node: list[Any], index: int) -> int | None:
        """The offset of element `index` of the array `node` at `at`: one after scalars only
        by skipping them, an object by one of its keys (the objects before it, walked, say
        how many of those keys come first)."""
        cached = self.arrays.get(pointer)
        if cached is None:
            cached = self.arrays[pointer] = (Holders(node), _ScalarSkipper(self.raw, at))
        holders, scalars = cached
        if scalars.before(node, index):
            return scalars.element(index)
        element = node[index]
        if type(element) is dict and element:
            return self.element(at, index, element, holders)
        return None

    def _leave(self, pointer: str, token: str, below: list[str]) -> None:
        """Leaves `token` (and the pointer tokens `below` it, last first) of the object or
        array at `pointer` for the walk."""
        trie = self.leftovers.setdefault(pointer, (self.values[pointer], {}))[1]
        trie = trie.setdefault(token, {})
        for name in reversed(below):
            trie = trie.setdefault(unescape_token(name), {})

    def source_map(self, first_line: int) -> SourceMap:
        """The map: byte offsets of what search found (line:column is worked out for the
        few asked for), line:column of what the walk found."""
        source = SourceMap(self.values, self.keys, self.raw, first_line)
        if self.leftovers:
            self._walk_leftovers(source, first_line)
        return source

    def _walk_leftovers(self, source: SourceMap, first_line: int) -> None:
        """Walk what search could not find, in the text decoded from the first of them on."""
        raw = self.raw
        start = min(at for at, _ in self.leftovers.values())
        tail = raw[start:].decode("utf-8")
        found = SourceMap(text=tail)
        walker = _PathWalker(tail, found)
        for pointer, (at, wanted) in sorted(self.leftovers.items(), key=lambda item: item[1][0]):
            walker.value(len(raw[start:at].decode("utf-8")), pointer, wanted, need_end=False)
        line, column = byte_line_columns(raw, first_line, [start])[start]
        places = _LineColumns(
            tail, line, sorted({*found.values.values(), *found.keys.values()}), column
        )
        # (what search mapped keeps its byte offsets: the walks start at values it found)
        values, keys = self.values, self.keys
        source.marks.update(
            (pointer, places[at]) for pointer, at in found.values.items() if pointer not in values
        )
        source.key_marks.update(
            (pointer, places[at]) for pointer, at in found.keys.items() if pointer not in keys
        )


class _ScalarSkipper:
    """Byte offsets of the first elements of an array while they are scalars, skipped one
    by one (the parsed value says which are scalars)."""

    def __init__(self, raw: bytes, at: int) -> None:
        self.raw = raw
        self.first = self.offset = _WHITESPACE_RE.match(raw, at + 1).end()  # type: ignore[union-attr]
        self.index = 0

    def before(self, elements: list[Any], index: int) -> bool:
        """Whether the elements before `index` are all scalars."""
        if index < self.index:
            self.index, self.offset = 0, self.first
        for element in elements[self.index : index]:
            if type(element) is dict or type(element) is list:
                return False
        return True

    def element(self, index: int) -> int:
        while self.index < index:
            match = _SCALAR_AND_COMMA_RE.match(self.raw, self.offset)
            if match is None:
                raise ValueError("fewer elements than the parsed value holds")
            self.offset = match.end()
            self.index += 1
        return self.offset


def _index(token: str) -> int | None:
    """The array index a pointer token names, or None (JSON Pointer: no leading zeros)."""
    if not (token.isascii() and token.isdigit()) or (token[0] == "0" and token != "0"):
        return None
    return int(token)


class _LineColumns(dict[int, tuple[int, int]]):
    """1-based line:column of each of the sorted character `offsets` into `text`, in one
    pass; `column` is where `text` starts on its line."""

    def __init__(self, text: str, line: int, offsets: list[int], column: int = 1) -> None:
        super().__init__()
        position = 0
        for offset in offsets:
            lines = text.count("\n", position, offset)
            if lines:
                line += lines
                position = text.rfind("\n", position, offset) + 1
                column = 1
            column += offset - position
            position = offset
            self[offset] = (line, column)
