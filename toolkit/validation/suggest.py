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
    if _too_long(word, options):
        return None
    return _closest(word, options)


def _too_long(word: str, options: tuple[str, ...]) -> bool:
    """No options, or a word far longer than any (no typo: difflib is quadratic, and such
    a word is never remembered)."""
    return not options or len(word) > 2 * max(map(len, options)) + 8


# (pure functions of a word and a list of candidates; a run meets the same unknown keys,
# `max_new_tokens` or `do_sample`, in payload after payload: each costs difflib once)
@lru_cache(maxsize=2048)
def _closest(word: str, options: tuple[str, ...]) -> str | None:
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


# A guess that names a deprecated key is replaced by what to use instead: `max_token`
# means the token limit, which today is `max_completion_tokens` (ORT210).
PREFERRED = {"max_tokens": "max_completion_tokens"}


def likely_typo(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate `word` is a near-certain misspelling of, or None.

    Near-certain: the same letters ignoring case and separators (`maxTokens`), or a
    spelling at least 85% similar (`temprature`), for words of 4 letters or more (a
    short word is similar to too much).
    """
    options = tuple(c for c in candidates if isinstance(c, str))
    if _too_long(word, options):
        return None
    return _likely_typo(word, options)


@lru_cache(maxsize=2048)
def _likely_typo(word: str, options: tuple[str, ...]) -> str | None:
    key = _normalize(word)
    if len(key) < 4:
        return None
    normalized = _spellings(options)
    if key in normalized:
        return normalized[key]
    best = _most_similar(key, normalized, cutoff=0.85)
    return normalized[best[1]] if best is not None else None


def extensions(word: str, candidates: Iterable[str]) -> list[str]:
    """Candidates that are `word` with something appended (`json` -> `json_object`,
    `json_schema`), for a value too short to be a typo of one of them."""
    lowered = word.lower()
    return [c for c in candidates if isinstance(c, str) and _prefix_word(lowered, c.lower())]


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
