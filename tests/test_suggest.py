"""Did-you-mean: the allowed spelling a person most likely meant, or nothing."""

from __future__ import annotations

import pytest

from toolkit.suggest import camel_to_snake, closest

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
