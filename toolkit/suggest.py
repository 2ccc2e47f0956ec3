"""Did-you-mean: the closest allowed spelling of a key or enum value."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def _normalize(word: str) -> str:
    return re.sub(r"[-_ .:]", "", word).lower()


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate the user most likely meant, or None when nothing is close.

    Same letters ignoring case and separators wins (`Require_Parameters`,
    `maxTokens`); then a very close spelling; then a candidate that is a whole-word
    prefix (`web-search` -> `web`); then a looser difflib similarity.
    """
    options = [c for c in candidates if isinstance(c, str)]
    if not options or len(word) > 2 * max(map(len, options)) + 8:
        return None  # far longer than anything allowed: no typo, and difflib is quadratic
    normalized = {_normalize(c): c for c in options}
    key = _normalize(word)
    if not key:
        return None
    if key in normalized:
        return normalized[key]
    close = difflib.get_close_matches(key, list(normalized), n=1, cutoff=0.85)
    if close:  # a near-miss spelling (`stream_option` -> `stream_options`)
        return normalized[close[0]]
    prefixes = [c for c in options if re.match(rf"{re.escape(c.lower())}[-_ .:]", word.lower())]
    if prefixes:  # a known word with something appended (`web-search` -> `web`)
        return max(prefixes, key=len)
    matches = difflib.get_close_matches(key, list(normalized), n=1, cutoff=0.75)
    return normalized[matches[0]] if matches else None


def camel_to_snake(word: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", word).lower()
