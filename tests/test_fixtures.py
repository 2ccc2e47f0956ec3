"""Every fixture payload through the real CLI, compared with its `.expected` file.

`tests/fixtures/<kind>/<name>.<json|yaml|jsonl>`: the directory names the payload
kind. `ok_*` fixtures must be clean. A `<name>.models` file beside a fixture names the
model catalog (relative to the fixture) it is checked against instead of the bundled
one. The `.expected` file beside each fixture holds one line per diagnostic,
`line:col CODE severity pointer message`: a format kept only for tests, so that changing
the user-facing output does not churn fixtures.
Rewrite them with `make snapshots` and review the diff; never edit them by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SUFFIXES = (".json", ".yaml", ".yml", ".jsonl", ".sse", ".har")
CASES = sorted(p for p in FIXTURES.glob("*/*") if p.suffix in SUFFIXES)


def expected_line(d: dict[str, Any]) -> str:
    record = f"#{d['record']} " if d["record"] is not None else ""
    # recorded traffic: the part of an interaction and the SSE event, when there are
    record += f"{d['part']} " if d.get("part") else ""
    record += f"@{d['event']} " if d.get("event") is not None else ""
    return (
        f"{record}{d['line']}:{d['column']} {d['code']} {d['severity']} "
        f"{d['pointer'] or '/'} {d['message']}"
    )


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(fixture: Path, run_cli) -> None:
    kind = fixture.parent.name
    catalog = fixture.with_suffix(".models")
    models = []
    if catalog.exists():
        models = ["--models", str(fixture.parent / catalog.read_text(encoding="utf-8").strip())]
    result = run_cli("lint", "--format", "json", "--kind", kind, *models, str(fixture))
    report = json.loads(result.stdout)
    actual = [expected_line(d) for d in report["diagnostics"]]
    has_errors = any(d["severity"] == "error" for d in report["diagnostics"])
    assert result.exit_code == (1 if has_errors else 0), result
    expected_file = fixture.with_suffix(".expected")
    if os.environ.get("UPDATE_SNAPSHOTS"):
        expected_file.write_text("".join(line + "\n" for line in actual), encoding="utf-8")
    assert expected_file.exists(), f"{expected_file.name} is missing: run `make snapshots`"
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    if fixture.name.startswith("ok_"):
        assert actual == [], f"{fixture.name} must be clean"
    code = fixture.name.split("_", 1)[0]
    if code.startswith("ORT"):
        assert any(f" {code} " in line for line in actual), f"{fixture.name} must report {code}"
    assert actual == expected, "diagnostics changed: review, then `make snapshots`"


def test_fixture_names_are_unique_without_their_extension() -> None:
    """Each fixture has its own `.expected` file: `a.json` and `a.yaml` would share one."""
    stems = [p.with_suffix("") for p in CASES]
    assert len(stems) == len(set(stems))
