"""Formatters: pure functions from a report to text, one per `--format`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from toolkit import __version__
from toolkit.api import Report
from toolkit.diagnostics import Diagnostic, count


def _where(d: Diagnostic) -> str:
    place = d.file or "<payload>"
    if d.line is not None:
        place += f":{d.line}:{d.column or 1}"
    elif d.record is not None:
        place += f" (record {d.record})"
    return place


def render_text(report: Report, summary: bool = True) -> str:
    """One line per diagnostic, `file:line:col: severity[CODE] message`, then a summary."""
    lines = [f"{_where(d)}: {d.severity.value}[{d.code}] {d.message}" for d in report.diagnostics]
    if summary:
        files = count(report.files_checked, "file")
        if report.diagnostics:
            lines.append(
                f"Found {count(report.errors, 'error')} and {count(report.warnings, 'warning')} "
                f"in {files} ({count(report.payloads_checked, 'payload')})."
            )
        else:
            lines.append(f"All checks passed: {files}, "
                         f"{count(report.payloads_checked, 'payload')}.")
    return "\n".join(lines) + "\n"


def _fix_json(d: Diagnostic) -> dict[str, Any] | None:
    if d.fix is None:
        return None
    return {"description": d.fix.description, "operations": list(d.fix.operations)}


def render_json(report: Report) -> str:
    document = {
        "version": 1,
        "tool": {"name": "ortk", "version": __version__},
        "files_checked": report.files_checked,
        "payloads_checked": report.payloads_checked,
        "diagnostics": [
            {
                "file": d.file,
                "record": d.record,
                "line": d.line,
                "column": d.column,
                "pointer": d.pointer,
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message,
                "fix": _fix_json(d),
            }
            for d in report.diagnostics
        ],
        "summary": {"errors": report.errors, "warnings": report.warnings, "infos": report.infos},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_github(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: inline annotations on the pull request."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for d in report.diagnostics:
        props = [f"file={_escape_github(d.file or '', True)}"]
        if d.line is not None:
            props += [f"line={d.line}", f"col={d.column or 1}"]
        props.append(f"title={_escape_github(d.code, True)}")
        lines.append(f"::{level[d.severity.value]} {','.join(props)}::"
                     f"{_escape_github(f'{d.code} {d.message}')}")
    return "".join(line + "\n" for line in lines)


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
