"""Every output format renders the same sample diagnostics; machine formats validate."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from toolkit.diagnostics import Diagnostic, Fix, Report, Severity
from toolkit.report import FORMATS

SNAPSHOTS = Path(__file__).parent / "snapshots"

SAMPLE = Report(
    diagnostics=[
        Diagnostic(
            code="ORT105",
            severity=Severity.ERROR,
            pointer="/temperature",
            message="temperature is 2.5; it must be between 0 and 2",
            file="requests/a.json",
            line=4,
            column=18,
        ),
        Diagnostic(
            code="ORT101",
            severity=Severity.WARNING,
            pointer="/temprature",
            message="unknown key `temprature`; did you mean `temperature`?",
            file="requests/a.json",
            line=5,
            column=3,
        ),
        Diagnostic(
            code="ORT210",
            severity=Severity.WARNING,
            pointer="/max_tokens",
            message="`max_tokens` is deprecated; use `max_completion_tokens`",
            file="logs/b.jsonl",
            record=2,
            line=2,
            column=40,
            fix=Fix(
                "rename `max_tokens` to `max_completion_tokens`",
                ({"op": "move", "from": "/max_tokens", "path": "/max_completion_tokens"},),
            ),
        ),
        Diagnostic(
            code="ORT003",
            severity=Severity.ERROR,
            pointer="",
            message="invalid JSON: Expecting ',' delimiter, with a newline\nand: a comma, 100%",
            file="bad dir/c.json",
            line=1,
            column=9,
        ),
        Diagnostic(
            code="ORT001",
            severity=Severity.ERROR,
            pointer="",
            message="missing.json does not exist",
            file="missing.json",
        ),
        Diagnostic(  # recorded traffic: the part of an interaction and the SSE event
            code="ORT501",
            severity=Severity.WARNING,
            pointer="/choices/0/delta/tool_calls/0/function/name",
            message="the model called `get_wether`, a tool the request never declared",
            file="cassettes/weather.yaml",
            record=2,
            line=41,
            column=287,
            part="response",
            event=3,
        ),
    ],
    files_checked=5,
    payloads_checked=5,
)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_snapshot(name: str) -> None:
    rendered = FORMATS[name](SAMPLE)
    snapshot = SNAPSHOTS / f"report.{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8"), "run `make snapshots` and review"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_mentions_every_diagnostic(name: str) -> None:
    rendered = FORMATS[name](SAMPLE)
    for diagnostic in SAMPLE.diagnostics:
        assert diagnostic.code in rendered


def test_json_round_trips_every_field() -> None:
    document = json.loads(FORMATS["json"](SAMPLE))
    assert [d["code"] for d in document["diagnostics"]] == [d.code for d in SAMPLE.diagnostics]
    assert document["diagnostics"][2]["fix"] == {
        "description": "rename `max_tokens` to `max_completion_tokens`",
        "operations": [{"op": "move", "from": "/max_tokens", "path": "/max_completion_tokens"}],
    }
    assert document["summary"] == {"errors": 3, "warnings": 3, "infos": 0}
    recorded = document["diagnostics"][-1]
    assert (recorded["record"], recorded["part"], recorded["event"]) == (2, "response", 3)
    assert (
        document["diagnostics"][0]["part"] is None and document["diagnostics"][0]["event"] is None
    )


def test_sarif_validates_against_the_sarif_schema(reference: Path) -> None:
    import jsonschema

    schema = json.loads((reference / "sarif-schema-2.1.0.json").read_text())
    document = json.loads(FORMATS["sarif"](SAMPLE))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    results = document["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4,
        "startColumn": 18,
    }
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_github_annotations_escape_newlines_and_properties() -> None:
    lines = FORMATS["github"](SAMPLE).splitlines()
    assert len(lines) == len(SAMPLE.diagnostics)
    assert all(re.match(r"^::(error|warning|notice) file=", line) for line in lines)
    assert "file=bad dir/c.json,line=1,col=9" in lines[3]
    assert "%0A" in lines[3] and "100%25" in lines[3]


def test_junit_is_well_formed_xml() -> None:
    root = ElementTree.fromstring(FORMATS["junit"](SAMPLE))
    assert root.tag == "testsuites"
    payloads = {(d.file, d.record) for d in SAMPLE.diagnostics}
    assert len(root.findall(".//failure")) == len(payloads)  # one test case per payload
    assert root.get("failures") == str(len(payloads))


def test_gitlab_code_quality_fields() -> None:
    issues = json.loads(FORMATS["gitlab"](SAMPLE))
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"major", "minor", "info"}
        assert issue["location"]["lines"]["begin"] >= 1


def test_empty_report_renders_cleanly() -> None:
    empty = Report(files_checked=2, payloads_checked=2)
    assert FORMATS["text"](empty) == "All checks passed: 2 files, 2 payloads.\n"
    assert json.loads(FORMATS["sarif"](empty))["runs"][0]["results"] == []
    assert FORMATS["github"](empty) == ""
    ElementTree.fromstring(FORMATS["junit"](empty))
