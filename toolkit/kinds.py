"""The kinds of payload ortk checks: the one list of them, and how a payload's kind is told.

A `PayloadKind` is a `str`, so ``PayloadKind.REQUEST == "request"`` and either spelling
works as a key; `parse_kind` turns a user's spelling into one, or says which exist.
"""

from __future__ import annotations

import enum
from typing import Any


class PayloadKind(enum.StrEnum):
    REQUEST = "request"
    RESPONSE = "response"  # what the endpoint answers: a completion (or an error body)
    CHUNK = "chunk"  # one streaming chunk (an SSE `data:` object)
    ERROR = "error"  # an error body
    # recorded traffic: files holding several payloads (toolkit.loading.sse, cassette, har)
    STREAM = "stream"  # an SSE transcript: chunks as `data:` events
    CASSETTE = "cassette"  # a vcrpy cassette: request/response interactions
    HAR = "har"  # a HAR 1.2 file: request/response entries

    @property
    def article(self) -> str:
        return "an" if self.value[0] in "aeiou" else "a"


# The kinds that have a schema document of their own (schema/<kind>.schema.json).
SCHEMA_KINDS: tuple[PayloadKind, ...] = (
    PayloadKind.REQUEST,
    PayloadKind.RESPONSE,
    PayloadKind.CHUNK,
    PayloadKind.ERROR,
)
AUTO = "auto"  # --kind auto: decided by each payload's content


def parse_kind(name: str | PayloadKind, *, allow_auto: bool = False) -> PayloadKind | str:
    """`name` as a `PayloadKind` (or ``"auto"`` where allowed); a `ValueError` naming the
    kinds that exist otherwise."""
    if isinstance(name, PayloadKind):
        return name
    if allow_auto and name == AUTO:
        return AUTO
    try:
        return PayloadKind(name)
    except ValueError:
        names = [kind.value for kind in PayloadKind] + ([AUTO] if allow_auto else [])
        raise ValueError(
            f"unknown payload kind {name!r}; expected one of {', '.join(names)}"
        ) from None


def detect_kind(data: dict[str, Any]) -> PayloadKind | None:
    """The payload kind by its content, or None when it can't be told."""
    marker = data.get("object")
    if marker == "chat.completion.chunk":
        return PayloadKind.CHUNK
    if marker == "chat.completion":
        return PayloadKind.RESPONSE
    if "messages" in data or "prompt" in data:
        return PayloadKind.REQUEST
    choices = data.get("choices")
    if isinstance(choices, list):
        deltas = any(isinstance(choice, dict) and "delta" in choice for choice in choices)
        return PayloadKind.CHUNK if deltas else PayloadKind.RESPONSE
    if isinstance(data.get("error"), dict):
        return PayloadKind.ERROR
    return None


def is_error_body(data: dict[str, Any]) -> bool:
    """An error body (`{"error": {...}}` without `choices`): what the endpoint answers on a
    4xx/5xx, so `--kind response` (what the endpoint answers) judges it as an error body."""
    return isinstance(data.get("error"), dict) and "choices" not in data
