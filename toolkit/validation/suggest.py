"""Did-you-mean: the closest allowed spelling of a key or enum value."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

_SEPARATORS = frozenset("-_ .:")


def _normalize(word: str) -> str:
    return re.sub(r"[-_ .:]", "", word).lower()


@lru_cache(maxsize=256)
def _spellings(options: tuple[str, ...]) -> dict[str, str]:
    """Each candidate by its normalized spelling, once per list of candidates (the same
    few lists come up for every unknown key of a run)."""
    return {_normalize(c): c for c in options}


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate the user most likely meant, or None when nothing is close.

    Same letters ignoring case and separators wins (`Require_Parameters`,
    `maxTokens`); then a very close spelling; then a candidate that is a whole-word
    prefix (`web-search` -> `web`); then a looser difflib similarity.
    """
    options = tuple(c for c in candidates if isinstance(c, str))
    if not options or len(word) > 2 * max(map(len, options)) + 8:
        return None  # far longer than anything allowed: no typo, and difflib is quadratic
    normalized = _spellings(options)
    key = _normalize(word)
    if not key:
        return None
    if key in normalized:
        return normalized[key]
    best = _most_similar(key, normalized, cutoff=0.75)
    if best is not None and best[0] >= 0.85:  # a near-miss spelling (`stream_option`)
        return normalized[best[1]]
    lowered = word.lower()
    prefixes = [c for c in options if _prefix_word(c.lower(), lowered)]
    if prefixes:  # a known word with something appended (`web-search` -> `web`)
        return max(prefixes, key=len)
    return normalized[best[1]] if best is not None else None


def _most_similar(word: str, candidates: Iterable[str], cutoff: float) -> tuple[float, str] | None:
    """(similarity, candidate) of `difflib.get_close_matches(word, candidates, 1, cutoff)`:
    its loop, keeping the score, so that one pass serves both thresholds."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            score = (matcher.ratio(), candidate)
            if score[0] >= cutoff and (best is None or score > best):
                best = score
    return best


def _prefix_word(prefix: str, word: str) -> bool:
    """Whether `word` is `prefix` followed by a separator and more."""
    return word.startswith(prefix) and word[len(prefix) : len(prefix) + 1] in _SEPARATORS


def camel_to_snake(word: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", word).lower()
