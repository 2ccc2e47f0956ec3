"""The text output's lines for thousands of findings: `format_line` of each, the usual
diagnostic (a place in a file, no recording context, a message of one line) in one step.

Per line, `format_line` and the checks around it cost three times what writing the line
does; a report of 4,000 findings spent most of its text output there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import attrgetter

from toolkit.diagnostics import Diagnostic, Severity, format_line

# What `str.splitlines` splits at (a message is said on one line)
_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]").search
# What deleting all but `_BREAKS` from ASCII text deletes
_NOT_BREAKS = bytes(sorted(set(range(0x80)) - {0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E}))


def fixable(d: Diagnostic) -> bool:
    """A fix `--fix` applies (it leaves YAML alone: rewriting would lose comments)."""
    file = (d.file or "<").lower()
    return d.fix is not None and not file.startswith("<") and not file.endswith((".yaml", ".yml"))


def concise_lines(diagnostics: list[Diagnostic]) -> tuple[list[str], int]:
    """(`format_line(d, fixable=fixable(d))` of each diagnostic, how many are fixable)."""
    severities = {severity: severity.value for severity in Severity}
    breaks = _BREAKS if _any_break(map(attrgetter("message"), diagnostics)) else None
    lines = []
    fixes = 0
    for d in diagnostics:
        mark = ""
        if d.fix is not None and fixable(d):
            mark = " [*]"
            fixes += 1
        message = d.message
        if (
            d.line is None
            or d.part is not None
            or d.event is not None
            or (breaks is not None and breaks(message))
        ):
            lines.append(format_line(d, fixable=bool(mark)))
        else:
            lines.append(
                f"{d.file or '<payload>'}:{d.line}:{d.column or 1}: {severities[d.severity]} "
                f"{d.code}{mark} {message}"
            )
    return lines, fixes


def _any_break(texts: Iterable[str]) -> bool:
    """Whether any of `texts` has a line break: all at once (one at a time, the check
    would be half the work of writing a line)."""
    text = "".join(texts)
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _NOT_BREAKS))
    return _BREAKS(text) is not None
