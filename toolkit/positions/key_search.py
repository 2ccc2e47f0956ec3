"""Where a member key is, found by searching the UTF-8 text instead of walking to it.

Most findings sit under keys that a byte search finds at C speed, without walking,
parsing or even decoding what comes before them (the long `messages` array before
`max_tokens`). A key token is exact evidence:

- A `"` not preceded by a backslash is a real quote (inside a string a `"` is written
  `\\"`). When the key holds no `,` or `:`, the `"K"` that starts at such a quote is a
  string token whose text is K (between a string's closing quote and the next opening
  one, JSON always has a `,` or a `:`), and a string followed by `:` is a member key.
- Such a key belongs to the object whose `{` comes before it when no `{`, `[` or `}`
  comes between them; to the top-level object when no `}` but the last one follows it.
  An object holds a key once (the parser refused duplicates), so that is the member.
- Otherwise the parsed value says how many objects holding K come first (or last), and
  the key is that many key tokens on, unless K is also spelled another way in between:
  `\\uXXXX` for one of its characters, or `\\/` for a `/`. Only those escapes are looked
  for (real traffic escapes non-ASCII text, almost never ASCII letters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_WHITESPACE_RE = re.compile(rb"[ \t\n\r]*")
# What a key must not hold to be searched for: a character its JSON spelling escapes, or
# a `,` or `:` (which the text between two strings holds).
_UNSEARCHABLE_RE = re.compile(r'["\\\x00-\x1f,:]')
# An escape that spells an ASCII character other than a control character: `\u0020` to
# `\u007F`, or `\/`. (An escaped backslash before `u00..` matches too: harmless, it
# only makes a search give up.)
_ASCII_ESCAPE_RE = re.compile(rb"\\(?:u00[2-7][0-9a-fA-F]|/)")
_BACKSLASH, _COLON, _SPACE = ord("\\"), ord(":"), ord(" ")
_SPACES = frozenset(b" \t\n\r")
_CONTAINERS = (dict, list)
# The containers a count walks before a search of the whole text is likely cheaper (a
# container costs about what a search of 1 KB does).
_WALK_BUDGET = 16

_TOKENS: dict[str, bytes | None] = {}  # key -> its token (the same keys, payload after payload)


def key_token(key: str) -> bytes | None:
    """`"key"` as UTF-8 bytes, or None when the key cannot be searched for."""
    token = _TOKENS.get(key, b"")
    if token == b"":
        if len(_TOKENS) > 4096:
            _TOKENS.clear()
        token = _TOKENS[key] = None if _UNSEARCHABLE_RE.search(key) else b'"' + key.encode() + b'"'
    return token


def is_key(raw: bytes, at: int, token: bytes) -> bool:
    """Whether the `token` at `at` is a member key (see the module's docstring)."""
    if at and raw[at - 1] == _BACKSLASH:
        return False  # an escaped quote inside a string
    after = at + len(token)
    if raw[after] == _COLON:  # (a token is never last: the top level's `}` follows)
        return True
    return raw[_WHITESPACE_RE.match(raw, after).end()] == _COLON  # type: ignore[union-attr]


def first_key(raw: bytes, token: bytes, start: int) -> int | None:
    """The first key token `token` at or after `start` (`is_key`, inlined: this is the
    loop most searches spend their time in)."""
    at = raw.find(token, start)
    while at >= 0:
        if not at or raw[at - 1] != _BACKSLASH:
            after = at + len(token)
            if raw[after] == _COLON or raw[_WHITESPACE_RE.match(raw, after).end()] == _COLON:  # type: ignore[union-attr]
                return at
        at = raw.find(token, at + 1)
    return None


def last_key(raw: bytes, token: bytes, start: int = 0, end: int | None = None) -> int | None:
    """The last key token `token` in raw[start:end]."""
    at = raw.rfind(token, start, end)
    while at >= 0:
        if not at or raw[at - 1] != _BACKSLASH:
            after = at + len(token)
            if raw[after] == _COLON or raw[_WHITESPACE_RE.match(raw, after).end()] == _COLON:  # type: ignore[union-attr]
                return at
        at = raw.rfind(token, start, at + len(token) - 1)
    return None


def member_after_brace(raw: bytes, token: bytes, at: int) -> int | None:
    """The key token of a member of the object whose `{` is at `at`, when it is the first
    such token after the brace and no bracket comes between. (A member after scalars:
    `"function"` after `"type"` in a tool.)"""
    found = first_key(raw, token, at + 1)
    if found is None or raw.find(b"{", at + 1, found) >= 0 or raw.find(b"}", at + 1, found) >= 0:
        return None
    return None if raw.find(b"[", at + 1, found) >= 0 else found


def value_at(raw: bytes, at: int, token: bytes) -> int:
    """The offset of the value of the member whose key token is at `at`."""
    colon = at + len(token)
    if raw[colon] != _COLON:
        colon = _WHITESPACE_RE.match(raw, colon).end()  # type: ignore[union-attr]
    value = colon + 1
    if raw[value] in _SPACES:  # (`"key": value`, the usual spelling, takes no regex)
        if raw[value] == _SPACE and raw[value + 1] not in _SPACES:
            return value + 1
        value = _WHITESPACE_RE.match(raw, value).end()  # type: ignore[union-attr]
    return value


def after_scalars(node: dict[str, Any], key: str) -> bool:
    """Whether the members of `node` before `key` are all scalars."""
    for name, value in node.items():
        if name == key:
            return True
        if type(value) is dict or type(value) is list:
            return False
    return True


def count_holders(values: Iterable[Any], key: str, budget: int = -1) -> int | None:
    """How many objects in `values` (or nested in them) hold `key`; containers only are
    visited. None when there are more than `budget` of them (if it is not negative)."""
    count = 0
    stack: list[Any] = []
    for value in values:
        if type(value) is dict or type(value) is list:
            stack.append(value)
    while stack:
        node: Any = stack.pop()
        if type(node) is dict:
            if key in node:
                count += 1
            node = node.values()
        for child in node:
            if type(child) is dict or type(child) is list:
                stack.append(child)
        budget -= 1
        if not budget:
            return None
    return count


class Holders:
    """How many objects in the first elements of an array hold some keys: each prefix
    walked once, as long as the prefixes asked for grow (the elements, in order). It also
    keeps where the last element searched for was found, for the next search to go on
    from there."""

    def __init__(self, values: list[Any]) -> None:
        self.values = values
        self.upto = 0
        self.counts: dict[str, int] = {}
        self.last: dict[str, tuple[int, int]] = {}  # key: (its count before, offset)

    def before(self, end: int, keys: list[str]) -> dict[str, int]:
        counts = self.counts
        if end < self.upto or any(key not in counts for key in keys):
            self.upto, counts = 0, dict.fromkeys([*counts, *keys], 0)
            self.counts = counts
            self.last = {}
        stack = []
        for value in self.values[self.upto : end]:
            if type(value) is dict or type(value) is list:
                stack.append(value)
        while stack:
            node: Any = stack.pop()
            if type(node) is dict:
                for key in counts:
                    if key in node:
                        counts[key] += 1
                node = node.values()
            for child in node:
                if type(child) is dict or type(child) is list:
                    stack.append(child)
        self.upto = end
        return counts


class CountedSearch:
    """The searches guided by the parsed value, in one UTF-8 JSON text; `None` where
    they cannot be sure.

    `dropped`: keys of the top-level object that the text may hold but the parsed value
    lacks (the pipeline drops `$schema`); a count of the top level's members gives up
    where one of them could be.
    """

    def __init__(self, raw: bytes, dropped: tuple[str, ...] = ()) -> None:
        self.raw = raw
        self.dropped = dropped
        self._no_u00 = (0, 0)  # a part of the text known to hold no `\u00`

    def _has_u00(self, start: int, end: int) -> bool:
        """Whether raw[start:end] holds a `\\u00`; the part known to hold none grows with
        the searches (those of an array's elements, in order, each go on from the last)."""
        low, high = self._no_u00
        if low <= start <= high:
            if end <= high:
                return False
            start = high
        if self.raw.find(b"\\u00", start, end) >= 0:
            return True
        if not low <= start <= high:
            low = start
        self._no_u00 = low, end
        return False

    def member(self, at: int, node: dict[str, Any], key: str, token: bytes) -> int | None:
        """The key token of `node`'s member `key` (`node`: an object nested in the top
        level, whose `{` is at `at`), the parsed value saying how many objects holding the
        key come before it."""
        before = []
        for name, value in node.items():
            if name == key:
                break
            if type(value) is dict or type(value) is list:
                before.append(value)
        skip = count_holders(before, key) if before else 0
        return self.first_after(token, at + 1, key, False, skip)  # type: ignore[arg-type]

    def top_member(self, at: int, node: dict[str, Any], key: str, token: bytes) -> int | None:
        """The key token of the top-level object's member `key` (the object at `at`), the
        parsed value saying how many objects holding the key come after it (or before):
        the cheapest count first, the key's one token in the text when both are long."""
        values = list(node.values())
        index = list(node).index(key)
        after = count_holders(values[index:], key, _WALK_BUDGET)
        found = None if after is None else self.last_before_end(token, key, after)
        if found is None:
            found = self.only(token, key)
        if found is None:
            before = count_holders(values[:index], key)
            found = self.first_after(token, at + 1, key, True, before)  # type: ignore[arg-type]
        if found is None and after is None:
            found = self.last_before_end(token, key, count_holders(values[index:], key))  # type: ignore[arg-type]
        return found

    def element(self, at: int, index: int, element: dict[str, Any], holders: Holders) -> int | None:
        """The offset of element `index`, the object `element`, of the array at `at`: found
        by the key, among its first ones, that the objects before it hold least (those up
        to the first that is not a scalar, so that only its own keys come between)."""
        keys = []
        for key, value in element.items():
            if key_token(key) is not None:
                keys.append(key)
            if type(value) in _CONTAINERS:
                break
        first = next(iter(element))
        if not keys or keys[0] != first:
            return None
        counts = holders.before(index, keys)
        anchor = min(keys, key=counts.__getitem__)
        token = key_token(anchor)
        assert token is not None
        count = counts[anchor]
        start, skip = at + 1, count
        last = holders.last.get(anchor)
        if last is not None and last[0] < count:  # (on from the element found before)
            start, skip = last[1] + 1, count - last[0] - 1
        found = self.first_after(token, start, anchor, skip=skip)
        if found is None:
            return None
        holders.last[anchor] = count, found
        if first != anchor:
            # back to the first key: the last one before the anchor (only scalar members
            # come between them)
            first_token = key_token(first)
            assert first_token is not None
            anchor_at, found = found, last_key(self.raw, first_token, at + 1, found)
            if found is None or not self._only_spelling(found, anchor_at, first, False):
                return None
        return self.raw.rfind(b"{", at, found)  # (only spaces between)

    def first_after(
        self, token: bytes, start: int, key: str, top: bool = False, skip: int = 0
    ) -> int | None:
        """The key token after `start` that follows `skip` others, if no other spelling of
        the key (nor, `top`, a dropped member) comes before it."""
        raw = self.raw
        at = first_key(raw, token, start)
        while skip and at is not None:
            skip -= 1
            at = first_key(raw, token, at + 1)
        return None if at is None or not self._only_spelling(start, at, key, top) else at

    def last_before_end(self, token: bytes, key: str, skip: int = 0) -> int | None:
        """The key token of the text that `skip` others follow, if no other spelling of the
        key (nor a dropped top-level member) comes after it."""
        raw = self.raw
        at = last_key(raw, token)
        while skip and at is not None:
            skip -= 1
            at = last_key(raw, token, 0, at + len(token) - 1)
        return None if at is None or not self._only_spelling(at, len(raw), key, True) else at

    def only(self, token: bytes, key: str) -> int | None:
        """The key token when `token` occurs once in the text and the key is spelled no
        other way anywhere (an object that holds the key holds that token, then)."""
        raw = self.raw
        at = raw.find(token)
        if at < 0 or raw.find(token, at + 1) >= 0:
            return None  # (a value or an escaped quote counts too: a cheap bound)
        if not is_key(raw, at, token) or not self._only_spelling(0, len(raw), key, False):
            return None
        return at

    def _only_spelling(self, start: int, end: int, key: str, top: bool) -> bool:
        """Whether raw[start:end] spells `key` only as its plain token (and, `top`, holds no
        member the parsed value lacks)."""
        raw = self.raw
        if top:
            for dropped in self.dropped:
                if raw.find(b'"' + dropped.encode() + b'"', start, end) >= 0:
                    return False
                key += dropped  # (nor one of its characters spelled otherwise)
        if raw.find(b"\\", start, end) < 0:
            return True  # (no escape at all: the usual case for a few bytes)
        if not key.isascii():
            if raw.find(b"\\u", start, end) >= 0:
                return False  # (a non-ASCII character may be escaped: not worth telling which)
        elif not self._has_u00(start, end) and ("/" not in key or raw.find(b"\\/", start, end) < 0):
            return True  # (cheaper than the regex, which tells which character)
        for match in _ASCII_ESCAPE_RE.finditer(raw, start, end):
            escape = match.group()
            if ("/" if escape == b"\\/" else chr(int(escape[2:], 16))) in key:
                return False
        return True
