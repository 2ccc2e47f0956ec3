"""Where a member key is, found by searching the UTF-8 text instead of walking to it.

Most findings sit under keys that a byte search finds at C speed, without walking,
parsing or even decoding what comes before them (the long `messages` array before
`max_tokens`):

- the first occurrence of a key after its object's `{`, when no member before it holds
  an object with that key (`function` after `"type": "function"` in a tool);
- the last occurrence of a key of the top-level object, when nothing after it (its own
  value, the members after it) holds an object with that key;
- a key of the top-level object that occurs once in the whole payload.

Why a literal match is the key: inside a JSON string a `"` is written `\\"`, so a `"K"` not
preceded by a backslash is a real string token, and a string token followed by `:` is a
key. The key could also be spelled with escapes (`"\\u006bey"`), which a search cannot see:
so the bytes where that other spelling would have to be (between the object's `{` and the
match; after the match; anywhere) must hold no `\\u` and no `\\/`, or, for the last rule,
the parsed value must hold that key exactly once too. Duplicate keys, which make the text
hold more keys than the value, must have been refused by the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_WHITESPACE_RE = re.compile(rb"[ \t\n\r]*")
_NEEDS_ESCAPE_RE = re.compile(r'["\\\x00-\x1f]')  # a key whose JSON spelling has an escape
_CONTAINERS = (dict, list)
_BACKSLASH, _COLON = ord("\\"), ord(":")

Place = tuple[int, int]  # (byte offset of the key, byte offset of its value)


def count_keys(data: Any, keys: Iterable[str]) -> dict[str, int]:
    """How many objects in `data` hold each of `keys` (containers only are visited)."""
    counts = dict.fromkeys(keys, 0)
    stack = [data]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            for key in counts:
                if key in node:
                    counts[key] += 1
            children: Iterable[Any] = node.values()
        else:
            children = node
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append(child)
    return counts


class KeyFinder:
    """Finds member keys in one UTF-8 JSON text by search; `None` where it cannot be sure."""

    def __init__(self, raw: bytes, data: Any) -> None:
        self.raw = raw
        self.data = data  # the parsed text
        self._escapes: bool | None = None  # whether the text holds `\u` or `\/` anywhere

    def members(self, start: int, node: dict[str, Any], keys: list[str]) -> dict[str, Place] | None:
        """Where each of `keys` (members of `node`, the object whose `{` is at `start`) is, or
        None when one of them cannot be found by search."""
        found: dict[str, Place] = {}
        items = list(node.items())
        wanted = set(keys)
        for index, (key, _) in enumerate(items):
            if key not in wanted:
                continue
            if _NEEDS_ESCAPE_RE.search(key):
                return None
            token = b'"' + key.encode() + b'"'
            # Cheapest first: searches over a few bytes near the object's brace (or the
            # end of the text), each costing a walk of the parsed value before (after) it
            # unless only scalars are there; a search of the whole text last.
            before = [value for _, value in items[:index] if type(value) in _CONTAINERS]
            place = None
            if node is not self.data:
                if not before or not _any_holds(before, key):
                    place = self._first_key(token, start)
            else:
                if not before:
                    place = self._first_key(token, start)
                if place is None and _none_after_holds(items, index):
                    place = self._last_key(token)
                if place is None:
                    place = self._unique_key(token, key)
            if place is None:
                return None
            found[key] = place
        return found

    def _first_key(self, token: bytes, start: int) -> Place | None:
        """The first key `token` after `start`, if no other spelling could come before it."""
        raw = self.raw
        at = raw.find(token, start)
        while at >= 0:
            place = self._key_at(at, token)
            if place is not None:
                return None if _has_escape(raw, start, at) else place
            at = raw.find(token, at + 1)
        return None

    def _last_key(self, token: bytes) -> Place | None:
        """The last key `token` of the text, if no other spelling could follow it."""
        raw = self.raw
        at = raw.rfind(token)
        while at >= 0:
            place = self._key_at(at, token)
            if place is not None:
                return None if _has_escape(raw, at, len(raw)) else place
            at = raw.rfind(token, 0, at)
        return None

    def _unique_key(self, token: bytes, key: str) -> Place | None:
        """The key `token` when it occurs once in the text and nowhere else in another
        spelling."""
        raw = self.raw
        at = raw.find(token)
        if at < 0 or raw.find(token, at + 1) >= 0:
            return None  # (a value or an escaped quote counts too: a cheap bound)
        place = self._key_at(at, token)
        if place is None:
            return None
        if self._escapes is None:
            self._escapes = _has_escape(raw, 0, len(raw))
        if self._escapes and count_keys(self.data, [key])[key] != 1:
            return None
        return place

    def _key_at(self, at: int, token: bytes) -> Place | None:
        """(key offset, value offset) when the `token` at `at` is a member key."""
        raw = self.raw
        if at > 0 and raw[at - 1] == _BACKSLASH:
            return None  # an escaped quote inside a string
        colon = _WHITESPACE_RE.match(raw, at + len(token)).end()  # type: ignore[union-attr]
        if colon >= len(raw) or raw[colon] != _COLON:
            return None  # a string value, not a key
        return at, _WHITESPACE_RE.match(raw, colon + 1).end()  # type: ignore[union-attr]


def _none_after_holds(items: list[tuple[str, Any]], index: int) -> bool:
    """Whether no object after the key of items[index], in its own value or in the members
    after it, holds that key."""
    key = items[index][0]
    return not _any_holds([value for _, value in items[index:]], key)


def _any_holds(values: list[Any], key: str) -> bool:
    """Whether an object in `values` (or nested in them) holds `key`."""
    containers = [value for value in values if type(value) in _CONTAINERS]
    return bool(containers) and count_keys(containers, [key])[key] > 0


def _has_escape(raw: bytes, start: int, end: int) -> bool:
    """Whether raw[start:end] holds an escape that could spell a key's character."""
    return raw.find(b"\\u", start, end) >= 0 or raw.find(b"\\/", start, end) >= 0
