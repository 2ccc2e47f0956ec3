"""Did-you-mean: the allowed spelling a person most likely meant, or nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.validation.suggest import camel_to_snake, closest

KEYS = ["stream", "stream_options", "temperature", "top_p", "max_tokens", "require_parameters"]


@pytest.mark.parametrize(
    ("word", "candidates", "expected"),
    [
        ("temprature", KEYS, "temperature"),
        ("stream_option", KEYS, "stream_options"),  # closer than the prefix `stream`
        ("Require_Parameters", KEYS, "require_parameters"),
        ("maxTokens", KEYS, "max_tokens"),
        ("top-p", KEYS, "top_p"),
        ("web-search", ["web", "web-fetch", "fusion", "moderation"], "web"),
        ("hgh", ["max", "high", "medium", "low"], "high"),
        ("banana", KEYS, None),
        ("", KEYS, None),
        ("x" * 10_000, KEYS, None),  # far longer than any key: no difflib over it
    ],
)
def test_closest(word: str, candidates: list[str], expected: str | None) -> None:
    assert closest(word, candidates) == expected


def test_camel_to_snake() -> None:
    assert camel_to_snake("maxCompletionTokens") == "max_completion_tokens"


def reference_closest(word: str, candidates: list[str]) -> str | None:
    """The plain-difflib version `closest` replaced (two passes, a regex per candidate)."""
    import difflib
    import re

    from toolkit.validation.suggest import _normalize

    options = [c for c in candidates if isinstance(c, str)]
    if not options or len(word) > 2 * max(map(len, options)) + 8:
        return None
    normalized = {_normalize(c): c for c in options}
    key = _normalize(word)
    if not key:
        return None
    if key in normalized:
        return normalized[key]
    close = difflib.get_close_matches(key, list(normalized), n=1, cutoff=0.85)
    if close:
        return normalized[close[0]]
    prefixes = [c for c in options if re.match(rf"{re.escape(c.lower())}[-_ .:]", word.lower())]
    if prefixes:
        return max(prefixes, key=len)
    matches = difflib.get_close_matches(key, list(normalized), n=1, cutoff=0.75)
    return normalized[matches[0]] if matches else None


WORDS = st.text(alphabet="abcdeiknoprstuxyzAKT_-. :İ", max_size=14)


@settings(max_examples=300, deadline=None)
@given(word=WORDS, candidates=st.lists(WORDS, max_size=8))
def test_closest_agrees_with_plain_difflib(word: str, candidates: list[str]) -> None:
    assert closest(word, candidates) == reference_closest(word, candidates)


VOCABULARY = [*KEYS, "web", "web-fetch", "high", "medium", "low", "max", "auto", "none"]


@st.composite
def typos(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A word a person might type for one of the candidates: one or two edits away, or
    the word with something appended."""
    candidates = draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6))
    word = draw(st.sampled_from(candidates))
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(word)))
        letter = draw(st.sampled_from("aeiorstx_-. "))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "append"]))
        if edit == "insert":
            word = word[:at] + letter + word[at:]
        elif edit == "delete":
            word = word[:at] + word[at + 1 :]
        elif edit == "replace":
            word = word[:at] + letter + word[at + 1 :]
        else:
            word += draw(st.sampled_from(["-search", "_v2", ".x", ":free", "s"]))
    return word, candidates


@settings(max_examples=400, deadline=None)
@given(typos())
def test_closest_agrees_on_typos(typo: tuple[str, list[str]]) -> None:
    word, candidates = typo
    assert closest(word, candidates) == reference_closest(word, candidates)
