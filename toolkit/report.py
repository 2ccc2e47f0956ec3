"""Formatters: pure functions from a report to text, one per `--format`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

from toolkit import pretty_json
from toolkit._version import __version__
from toolkit.diagnostics import (
    Diagnostic,
    Fix,
    Report,
    Severity,
    context,
    format_diagnostic,
    format_line,
    printable_report,
)
from toolkit.report_lines import concise_lines, fixable
from toolkit.wording import plural

Options = ParamSpec("Options")


def _printable(
    formatter: Callable[Concatenate[Report, Options], str], operations: bool = True
) -> Callable[Concatenate[Report, Options], str]:
    """Every formatter writes `printable` text: one rendering policy for every format."""

    def render(report: Report, /, *args: Options.args, **kwargs: Options.kwargs) -> str:
        return formatter(printable_report(report, operations), *args, **kwargs)

    functools.update_wrapper(render, formatter)

    return render


def _printable_lines(
    formatter: Callable[Concatenate[Report, Options], str],
) -> Callable[Concatenate[Report, Options], str]:
    """`_printable` for a format of lines, which never writes what a fix does (its
    operations need no checking)."""
    return _printable(formatter, operations=False)


_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}

# (file, line) -> the text of that line, or None when it cannot be shown
SourceLines = Callable[[str, int], str | None]


@_printable_lines
def render_text(
    report: Report,
    summary: bool = True,
    color: bool = False,
    source_lines: SourceLines | None = None,
    fixed: int = 0,
) -> str:
    """One line per diagnostic, `file:line:col: error CODE message`, then a summary.

    The severity is spelled out (and coloured with `color`); ``[*]`` marks what `--fix`
    resolves. With `source_lines` (the "full" output) each line is followed by a code
    frame with a caret under the offending span. `fixed`: how many problems `--fix`
    resolved in this run.
    """
    if color or source_lines is not None:
        lines = []
        for d in report.diagnostics:
            lines.append(_line(d, color))
            if source_lines is not None:
                lines.extend(_frame(d, source_lines))
        fixes = sum(1 for d in report.diagnostics if fixable(d))
    else:
        lines, fixes = concise_lines(report.diagnostics)
    if summary:
        lines.append(summary_line(report, fixed))
        if fixes:
            lines.append(f"[*] {fixes} fixable with `ortk lint --fix`.")
    return "\n".join(lines) + "\n" if lines else ""


def _line(d: Diagnostic, color: bool) -> str:
    if not color:
        return format_line(d, fixable=fixable(d))
    import click

    level = d.severity.value
    return format_line(
        d,
        code=click.style(d.code, bold=True),
        severity=click.style(level, fg=_COLORS[level], bold=True),
        fixable=fixable(d),
    )


def _frame(d: Diagnostic, source_lines: SourceLines) -> list[str]:
    from toolkit.frames import code_frame

    if d.file is None or d.line is None:
        return []
    text = source_lines(d.file, d.line)
    if text is None:
        return []
    return [*code_frame(d.line, text, d.column or 1), ""]  # (frames escape what they show)


def summary_line(report: Report, fixed: int = 0) -> str:
    files = plural(report.files_checked, "file")
    payloads = plural(report.payloads_checked, "payload")
    baselined = f"; {report.baselined} baselined" if report.baselined else ""
    if report.payloads_skipped:  # recorded calls to other endpoints
        skipped = plural(report.payloads_skipped, "interaction")
        baselined = f"; {skipped} of other endpoints skipped{baselined}"
    if fixed:
        remaining = len(report.diagnostics)
        return (
            f"Found {plural(fixed + remaining, 'problem')} ({fixed} fixed, {remaining} "
            f"remaining) in {files} ({payloads}){baselined}."
        )
    if not report.diagnostics:
        return f"All checks passed: {files}, {payloads}{baselined}."
    counts = f"{plural(report.errors, 'error')} and {plural(report.warnings, 'warning')}"
    if report.infos:  # (informational findings are off or rare: said only when there)
        counts = counts.replace(" and ", ", ") + f" and {plural(report.infos, 'info')}"
    return f"Found {counts} in {files} ({payloads}){baselined}."


@_printable_lines
def render_statistics(report: Report) -> str:
    """How many diagnostics of each code, most frequent first (`--statistics`)."""
    from collections import Counter

    from toolkit.rules import BY_CODE

    counts = Counter(d.code for d in report.diagnostics)
    lines = [
        f"{n:>6}  {code}  {BY_CODE[code].severity.value:<7}  {BY_CODE[code].name}"
        if code in BY_CODE
        else f"{n:>6}  {code}"
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _fix_json(fix: Fix) -> dict[str, Any]:
    return {"description": fix.description, "operations": list(fix.operations)}


@_printable
def render_json(report: Report) -> str:
    severities = {severity: severity.value for severity in Severity}
    document = {
        "version": 1,
        "tool": {"name": "ortk", "version": __version__},
        "files_checked": report.files_checked,
        "payloads_checked": report.payloads_checked,
        "diagnostics": [
            {
                "file": d.file,
                "record": d.record,
                "part": d.part,
                "event": d.event,
                "line": d.line,
                "column": d.column,
                "pointer": d.pointer,
                "code": d.code,
                "severity": severities[d.severity],
                "message": d.message,
                "fix": None if d.fix is None else _fix_json(d.fix),
            }
            for d in report.diagnostics
        ],
        "summary": {"errors": report.errors, "warnings": report.warnings, "infos": report.infos},
    }
    # (all but the fixes' operations is text, integers and None)
    operations = [d.fix.operations for d in report.diagnostics if d.fix is not None]
    return pretty_json.dumps(document, check=operations) + "\n"


def _escape_github(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


@_printable_lines
def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: inline annotations on the pull request."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for d in report.diagnostics:
        props = [f"file={_escape_github(d.file or '', True)}"]
        if d.line is not None:
            props += [f"line={d.line}", f"col={d.column or 1}"]
        props.append(f"title={_escape_github(d.code, True)}")
        lines.append(
            f"::{level[d.severity.value]} {','.join(props)}::"
            f"{_escape_github(f'{d.code} {context(d)}{d.message}')}"
        )
    return "".join(line + "\n" for line in lines)


SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
HOMEPAGE = "https://pypi.org/project/ortk/"


@_printable
def render_sarif(report: Report) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards."""
    from toolkit.rules import RULES

    index = {rule.code: i for i, rule in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary or rule.name},
            "fullDescription": {"text": rule.summary or rule.name},
            "help": {"text": rule.doc.strip(), "markdown": rule.doc.strip()},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity.value]},
        }
        for rule in RULES
    ]
    results = []
    for d in report.diagnostics:
        location: dict[str, Any] = {
            "physicalLocation": {"artifactLocation": {"uri": _uri(d.file)}},
            "logicalLocations": [{"fullyQualifiedName": d.pointer or "/", "kind": "member"}],
        }
        if d.line is not None:
            location["physicalLocation"]["region"] = {
                "startLine": d.line,
                "startColumn": d.column or 1,
            }
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": SARIF_LEVELS[d.severity.value],
            "message": {"text": context(d) + d.message},
            "locations": [location],
        }
        if d.part is not None or d.event is not None:  # (SARIF's place for tool data)
            result["properties"] = {"part": d.part, "event": d.event}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ortk",
                        "version": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": rules,
                    }
                },
                "results": results,
                # columns count characters (code points), as Python and PyYAML do,
                # not SARIF's default UTF-16 code units
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return pretty_json.dumps(document) + "\n"


def _uri(file: str | None) -> str:
    from pathlib import PurePath
    from urllib.parse import quote

    return quote(PurePath(file or "stdin").as_posix())


@_printable_lines
def render_junit(report: Report) -> str:
    """JUnit XML: a test suite per file, a test case per payload, failing with its diagnostics.

    A payload is a JSON file, a JSONL record or a YAML document; a file that could not
    be read or parsed is one failing test case.
    """
    from xml.etree import ElementTree as ET

    by_payload: dict[tuple[str, int | None], list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_payload.setdefault((d.file or "<payload>", d.record), []).append(d)
    files = dict(report.payloads_by_file)
    for file, _ in by_payload:
        files.setdefault(file, 0)
    root = ET.Element("testsuites", name="ortk")
    total = failed = 0
    for file in sorted(files):
        found = {record: ds for (f, record), ds in by_payload.items() if f == file}
        if files[file] <= 1:  # one payload: one case with everything found in the file
            cases = [(file, [d for ds in found.values() for d in ds])]
        else:
            cases = [
                (f"{file} #{record}", found.get(record, [])) for record in range(1, files[file] + 1)
            ]
            if None in found:  # about the file as a whole
                cases.insert(0, (file, found[None]))
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(cases)))
        suite_failures = 0
        for name, diagnostics in cases:
            case = ET.SubElement(suite, "testcase", name=name, classname="ortk", file=file)
            if diagnostics:
                suite_failures += 1
                first = diagnostics[0]
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=first.severity.value,
                    message=(
                        f"{len(diagnostics)} finding(s), first: {first.code} "
                        f"{context(first)}{first.message}"
                    ),
                )
                failure.text = "".join(format_diagnostic(d) + "\n" for d in diagnostics)
        suite.set("failures", str(suite_failures))
        total += len(cases)
        failed += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


@_printable
def render_gitlab(report: Report) -> str:
    """GitLab code quality report (a JSON array), for merge-request widgets."""
    import hashlib

    issues = []
    for d in report.diagnostics:
        identity = f"{d.file}|{d.record}|{d.pointer}|{d.code}|{d.message}"
        if d.part is not None or d.event is not None:  # (plain payloads keep their identity)
            identity += f"|{d.part}|{d.event}"
        issues.append(
            {
                "description": f"{d.code} {context(d)}{d.message}",
                "check_name": d.code,
                "fingerprint": hashlib.sha256(
                    identity.encode("utf-8", "surrogatepass")
                ).hexdigest(),
                "severity": GITLAB_SEVERITIES[d.severity.value],
                "location": {"path": d.file or "<payload>", "lines": {"begin": d.line or 1}},
            }
        )
    return pretty_json.dumps(issues) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
    "gitlab": render_gitlab,
}
