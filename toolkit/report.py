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
    lines = [
        f"{_where(d)}: {d.severity.value}[{d.code}] {' '.join(d.message.splitlines())}"
        for d in report.diagnostics
    ]
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


SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
HOMEPAGE = "https://pypi.org/project/ortk/"


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
            location["physicalLocation"]["region"] = {"startLine": d.line,
                                                      "startColumn": d.column or 1}
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": SARIF_LEVELS[d.severity.value],
            "message": {"text": d.message},
            "locations": [location],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ortk", "version": __version__,
                                "informationUri": HOMEPAGE, "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _uri(file: str | None) -> str:
    from pathlib import PurePath
    from urllib.parse import quote

    return quote(PurePath(file or "stdin").as_posix())


def render_junit(report: Report) -> str:
    """JUnit XML: one test suite per file, one failing test case per diagnostic."""
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name="ortk", tests=str(max(len(report.diagnostics), 1)),
                      failures=str(len(report.diagnostics)))
    by_file: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_file.setdefault(d.file or "<payload>", []).append(d)
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="ortk", tests="1", failures="0")
        ET.SubElement(suite, "testcase", name="ortk lint", classname="ortk")
    for file, diagnostics in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(diagnostics)),
                              failures=str(len(diagnostics)))
        for d in diagnostics:
            place = f"{file}:{d.line}:{d.column}" if d.line is not None else file
            case = ET.SubElement(suite, "testcase", name=f"{d.code} {d.pointer or '/'}",
                                 classname=file, file=file)
            if d.line is not None:
                case.set("line", str(d.line))
            failure = ET.SubElement(case, "failure", message=d.message, type=d.severity.value)
            failure.text = f"{place}: {d.severity.value}[{d.code}] {d.message}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(report: Report) -> str:
    """GitLab code quality report (a JSON array), for merge-request widgets."""
    import hashlib

    issues = []
    for d in report.diagnostics:
        identity = f"{d.file}|{d.record}|{d.pointer}|{d.code}|{d.message}"
        issues.append({
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": hashlib.sha256(identity.encode()).hexdigest(),
            "severity": GITLAB_SEVERITIES[d.severity.value],
            "location": {"path": d.file or "<payload>", "lines": {"begin": d.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
    "gitlab": render_gitlab,
}
