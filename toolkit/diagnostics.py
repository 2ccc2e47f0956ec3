"""The result types of ortk: what a check finds, what a run reports, and the one line that
says a diagnostic.

A leaf: it imports nothing of ortk, so every layer can use it.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
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

    def __reduce__(self) -> tuple[type[Fix], tuple[str, tuple[dict[str, Any], ...]]]:
        return (Fix, (self.description, self.operations))  # (as `Diagnostic` says)


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
    # recorded traffic: "request"/"response" of a cassette or HAR entry; the 1-based SSE
    # data event the pointer is relative to (None: the whole document)
    part: str | None = None
    event: int | None = None


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
    part: str | None = None  # "request" | "response" in files that hold both
    event: int | None = None  # 1-based SSE data event

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[Any, ...]]:
        """Pickled as the arguments that make it again: forked workers send back thousands,
        and the default (a frozen dataclass's state, field by field in Python) is three
        times the work of writing them and twice that of reading them."""
        return (Diagnostic, _FIELDS(self))

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file or "", self.record or 0, self.line or 0, self.column or 0, self.code)

    def __str__(self) -> str:
        """The CLI's line: ``file:line:col: error ORT105 message`` (for a payload checked
        in memory, its JSON Pointer is the place: ``/temperature: error ORT105 ...``)."""
        return format_line(self)


_FIELDS = attrgetter(*(f.name for f in fields(Diagnostic)))
_SEVERITY = attrgetter("severity")

# What no output may hold raw: lone surrogates (unencodable in UTF-8), and control
# characters (invalid in XML, and escape sequences on a terminal) but tab and newlines.
_UNPRINTABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"


@functools.cache
def _unprintable() -> re.Pattern[str]:
    """`_UNPRINTABLE`, compiled for the first text that is not printable (4 M instructions:
    most runs have none)."""
    return re.compile(_UNPRINTABLE)


def printable(text: str) -> str:
    """`text` as every output writes it: valid UTF-8 (and XML, and harmless on a terminal).

    A lone surrogate (a JSON ``"\\ud800"`` escape, a stream cut mid-emoji), a byte of a
    file name that is not UTF-8 (which `os.fsdecode` turns into U+DC80-U+DCFF) and a
    control character are written as their Python escape (``\\ud800``, ``\\udcff``,
    ``\\x1b``); `os.fsencode` of the unescaped name gives back the bytes on disk. The one
    rendering policy of ortk: every formatter and every message on standard error uses it.
    """
    if text.isprintable():  # (C, no regex)
        return text
    unprintable = _unprintable()
    return text if unprintable.search(text) is None else unprintable.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable_diagnostic(d: Diagnostic) -> Diagnostic:
    """`d` with its file, pointer, message and fix as `printable` text (itself when they
    already are)."""
    file = None if d.file is None else printable(d.file)
    pointer, message = printable(d.pointer), printable(d.message)
    fix = d.fix
    if fix is not None:
        fix = Fix(printable(fix.description), tuple(_printable_value(op) for op in fix.operations))
        if fix == d.fix:
            fix = d.fix
    if file is d.file and pointer is d.pointer and message is d.message and fix is d.fix:
        return d
    return replace(d, file=file, pointer=pointer, message=message, fix=fix)


def _printable_value(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k): _printable_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable_value(v) for v in value]
    return value


def location(d: Diagnostic) -> str:
    """Where a diagnostic is, as the text output says it: ``file:line:col``."""
    place = d.file or "<payload>"
    if d.line is not None:
        place += f":{d.line}:{d.column or 1}"
    elif d.record is not None:
        place += f" (record {d.record})"
    return place


def context(d: Diagnostic) -> str:
    """Which part of a recording a diagnostic is in, for the text output:
    ``[response, event 4] `` (empty for a plain payload)."""
    parts = [d.part] if d.part else []
    if d.event is not None:
        parts.append(f"event {d.event}")
    return f"[{', '.join(parts)}] " if parts else ""


def format_diagnostic(d: Diagnostic, code: str | None = None) -> str:
    """The short form, ``file:line:col: CODE message``, inside JUnit failures (whose
    element names the severity already; `code` styled by the caller); in recorded traffic
    ``file:line:col: CODE [response, event 4] message``."""
    return f"{location(d)}: {code or d.code} {context(d)}{' '.join(d.message.splitlines())}"


IN_MEMORY = frozenset({None, "", "<payload>"})


def format_line(
    d: Diagnostic, code: str | None = None, severity: str | None = None, fixable: bool = False
) -> str:
    """The text output's line, ``file:line:col: error ORT105 [*] message``: the shape
    problem matchers parse, with the severity spelled out (`code` and `severity` styled
    by the caller; ``[*]``: `--fix` resolves it)."""
    place = (d.pointer or "/") if d.file in IN_MEMORY and d.line is None else location(d)
    mark = " [*]" if fixable else ""
    message = " ".join(d.message.splitlines())
    return f"{place}: {severity or d.severity.value} {code or d.code}{mark} {context(d)}{message}"


@dataclass
class Report:
    """Everything one lint run found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    payloads_checked: int = 0
    payloads_by_file: dict[str, int] = field(default_factory=dict)  # records per file
    baselined: int = 0  # findings left out because the baseline holds them
    payloads_skipped: int = 0  # recorded interactions of other endpoints than chat completions

    def count(self, severity: Severity) -> int:
        return list(map(_SEVERITY, self.diagnostics)).count(severity)  # (in C)

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


def printable_report(report: Report, operations: bool = True) -> Report:
    """`report` with every text a formatter writes made `printable` (itself when all of
    it already is). `operations=False`: for a format that does not write the operations
    of fixes, which may then be left as they are."""
    if _all_printable(report, operations):
        return report
    return replace(
        report,
        diagnostics=[printable_diagnostic(d) for d in report.diagnostics],
        payloads_by_file={printable(f): n for f, n in report.payloads_by_file.items()},
    )


# The ASCII that `printable` leaves as it is: what deleting these from ASCII text leaves
# is what it would escape.
_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])


def _all_printable(report: Report, operations: bool) -> bool:
    """Whether `printable` would leave every text of `report` as it is: all of them
    checked at once, in C (one diagnostic at a time takes a report of thousands of
    findings most of ten milliseconds). False may also mean "could not tell quickly"."""
    from itertools import chain

    diagnostics = report.diagnostics
    fixes = list(filter(None, map(attrgetter("fix"), diagnostics)))
    text = " ".join(
        chain(
            filter(None, map(attrgetter("file"), diagnostics)),
            chain.from_iterable(map(attrgetter("pointer", "message"), diagnostics)),
            map(attrgetter("description"), fixes),
            report.payloads_by_file,
        )
    )
    if text.isascii():
        if text.encode("ascii").translate(None, _PRINTABLE_ASCII):
            return False
    elif _unprintable().search(text) is not None:
        return False
    return not operations or not fixes or _printable_operations(fixes)


def _printable_operations(fixes: list[Fix]) -> bool:
    """Whether `printable` leaves the strings (keys and values) of these fixes' operations
    as they are: orjson writes what `printable` escapes as a JSON escape or refuses it
    (a lone surrogate), but for DEL and U+0080-U+009F; any backslash: "can't tell"."""
    import orjson

    try:
        written = orjson.dumps([fix.operations for fix in fixes])
    except TypeError:  # (orjson.JSONEncodeError is one) a surrogate, a non-string key, ...
        return False
    if b"\\" in written:
        return False
    if written.isascii():
        return b"\x7f" not in written
    return _unprintable().search(written.decode("utf-8")) is None


class PayloadError(ValueError):
    """A payload has error-severity diagnostics; `diagnostics` lists every problem."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(format_line(d) for d in diagnostics))
