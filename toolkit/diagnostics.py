"""The one result type of ortk: a `Diagnostic`, and how a JSON Pointer is spelled."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe, mechanical change that resolves a diagnostic.

    `operations` is an RFC 6902 JSON Patch relative to the payload.
    """

    description: str
    operations: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check reports: where in the payload and what is wrong.

    The pipeline adds the rest (file, line, code, severity). `at_key` asks the
    locator for the position of the member's key rather than its value.
    """

    pointer: str
    message: str
    at_key: bool = False
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    pointer: str
    message: str
    file: str | None = None
    record: int | None = None
    line: int | None = None
    column: int | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file or "", self.record or 0, self.line or 0, self.column or 0, self.code)


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def to_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901 pointer for a path of keys and indices; the root is ``""``."""
    return "".join("/" + escape_token(part) for part in parts)


def split_pointer(pointer: str) -> list[str]:
    return [unescape_token(token) for token in pointer.split("/")[1:]] if pointer else []


def display_path(pointer: str) -> str:
    """The pointer as a person reads it in a message: ``messages[2].role``."""
    text = ""
    for token in split_pointer(pointer):
        if token.isdigit():
            text += f"[{token}]"
        elif token.isidentifier() or token.replace("-", "_").isidentifier():
            text += f".{token}" if text else token
        else:
            text += f"[{token!r}]"
    return text or "the payload"


def show_value(value: Any) -> str:
    """A JSON value as a message quotes it: short, with an ellipsis past 40 characters."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
