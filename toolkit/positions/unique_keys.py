"""Where a member key is, found by searching the text instead of walking to it.

Most findings sit under a key that occurs once in the whole payload (`max_tokens`,
`stream_options`, `tools`, `route`): its place is the one spot where the text spells it as a
key, found by `str.count`/`str.find` at C speed, without walking (or parsing) the long
`messages` array before it.

Why one literal match is the key: inside a JSON string a `"` is written `\\"`, so a `"K"`
not preceded by a backslash is a real string token, and a string token followed by `:` is a
key. The same key could also be spelled with escapes (`"\\u006bey"`) elsewhere, which the text
search cannot see: so the parsed value must hold that key exactly once too. Duplicate keys
(which make the text hold more keys than the value) must have been refused by the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
_PLAIN_KEY_RE = re.compile(r'[^"\\\x00-\x1f]*')  # spelled as is in JSON: no escapes needed
_PLAIN_ASCII_KEY_RE = re.compile(r"[\x20-\x7e]*")
# An escape that could spell a printable ASCII character of a key (`\u0041` for `A`).
_ASCII_ESCAPE_RE = re.compile(r"\\u00[2-7]")


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


def unique_key_offsets(text: str, data: Any, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(key offset, value offset) of each of `keys` that is a member key exactly once in the
    document, spelled plainly; the others are left out (the caller walks to them)."""
    candidates: dict[str, tuple[int, int]] = {}
    for key in keys:
        if not _PLAIN_KEY_RE.fullmatch(key):
            continue
        token = f'"{key}"'
        if text.count(token) != 1:  # (values and escaped quotes count too: a cheap bound)
            continue
        at = text.find(token)
        if at > 0 and text[at - 1] == "\\":
            continue  # an escaped quote inside a string
        colon = _WHITESPACE_RE.match(text, at + len(token)).end()  # type: ignore[union-attr]
        if colon >= len(text) or text[colon] != ":":
            continue  # a string value, not a key
        value = _WHITESPACE_RE.match(text, colon + 1).end()  # type: ignore[union-attr]
        candidates[key] = (at, value)
    if candidates and not _spelled_only_plainly(text, candidates):
        counts = count_keys(data, candidates)
        for key, count in counts.items():
            if count != 1:
                del candidates[key]
    return candidates


def _spelled_only_plainly(text: str, keys: Iterable[str]) -> bool:
    """Whether no key of the text can be another spelling of one of `keys` (ASCII keys in a
    text without the escapes that could spell their characters): then the text search
    alone is exact and the parsed value need not be counted."""
    for key in keys:
        if not _PLAIN_ASCII_KEY_RE.fullmatch(key) or ("/" in key and "\\/" in text):
            return False
    return _ASCII_ESCAPE_RE.search(text) is None
