"""The result types of ortk: what a check finds, what a run reports, and the one line that
says a diagnostic.

A leaf: it imports nothing of ortk, so every layer can use it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
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


def location(d: Diagnostic) -> str:
    """Where a diagnostic is, as the text output says it: ``file:line:col``."""
    place = d.file or "<payload>"
    if d.line is not None:
        place += f":{d.line}:{d.column or 1}"
    elif d.record is not None:
        place += f" (record {d.record})"
    return place


def format_diagnostic(d: Diagnostic, code: str | None = None) -> str:
    """The one-line text form, ``file:line:col: CODE message`` (`code` styled by the caller)."""
    return f"{location(d)}: {code or d.code} {' '.join(d.message.splitlines())}"


@dataclass
class Report:
    """Everything one lint run found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    payloads_checked: int = 0
    payloads_by_file: dict[str, int] = field(default_factory=dict)  # records per file
    baselined: int = 0  # findings left out because the baseline holds them

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)

    @property
    def has_errors(self) -> bool:
        return self.errors > 0


class PayloadError(ValueError):
    """A payload has error-severity diagnostics; `diagnostics` lists every problem."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(format_diagnostic(d) for d in diagnostics))
