"""Suppressions for JSON: pointer-scoped per-file-ignores, a baseline, unused ones reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BAD = {
    "messages": [{"role": "user", "content": "hi"}],
    "temperature": 9,
    "top_p": 5,
    "metadata": {"a": "x" * 600},
}


def make(tmp_path: Path, ignores: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.ortk.per-file-ignores]\n{ignores}\n" if ignores else "[project]\nname='x'\n"
    )
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "a.json").write_text(json.dumps(BAD, indent=2))
    (tmp_path / "new.json").write_text(json.dumps(BAD, indent=2))
    return tmp_path


def codes(result) -> list[tuple[str, str, str]]:
    return sorted(
        (d["file"].removeprefix("./"), d["code"], d["pointer"])
        for d in json.loads(result.stdout)["diagnostics"]
    )


def test_pointer_scoped_ignore_hides_only_that_place(tmp_path, monkeypatch, run_cli) -> None:
    make(tmp_path, '"legacy/*.json" = ["ORT105@/temperature", "ORT106@/metadata"]')
    monkeypatch.chdir(tmp_path)
    found = codes(run_cli("lint", "--format", "json", "."))
    assert ("legacy/a.json", "ORT105", "/top_p") in found  # same code, other pointer
    assert ("legacy/a.json", "ORT105", "/temperature") not in found
    assert ("legacy/a.json", "ORT106", "/metadata/a") not in found  # below the pointer
    assert ("new.json", "ORT105", "/temperature") in found  # other file


def test_unused_per_file_ignore_is_reported(tmp_path, monkeypatch, run_cli) -> None:
    make(tmp_path, '"legacy/*.json" = ["ORT105@/temperature", "ORT220"]\n"other/*" = ["ORT1"]')
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", "--format", "json", ".")
    unused = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "ORT011"]
    assert len(unused) == 1  # "other/*" matched no linted file: not reported
    assert unused[0]["severity"] == "warning"
    assert '"legacy/*.json" = "ORT220" matched no finding' in unused[0]["message"]
    assert unused[0]["file"].endswith("pyproject.toml") and unused[0]["line"] == 2


def test_selector_needs_a_pointer_after_at(tmp_path, monkeypatch, run_cli) -> None:
    make(tmp_path, '"legacy/*.json" = ["ORT105@temperature"]')
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", ".")
    assert result.exit_code == 2 and "needs a JSON Pointer after @" in result.stderr


def test_baseline_reports_only_new_findings(tmp_path, monkeypatch, run_cli) -> None:
    make(tmp_path)
    monkeypatch.chdir(tmp_path)
    written = run_cli("lint", "--write-baseline", "baseline.json", ".")
    assert written.exit_code == 0 and "Wrote 6 finding(s)" in written.stderr
    clean = run_cli("lint", "--baseline", "baseline.json", ".")
    assert clean.exit_code == 0, clean
    assert "6 baselined" in clean.stdout
    # a new problem fails the run, and line shifts don't matter
    payload = dict(BAD, presence_penalty=7)
    (tmp_path / "new.json").write_text("\n\n" + json.dumps(payload, indent=4))
    new = run_cli("lint", "--format", "json", "--baseline", "baseline.json", ".")
    assert new.exit_code == 1
    assert codes(new) == [("new.json", "ORT105", "/presence_penalty")]


def test_stale_baseline_entries_are_reported(tmp_path, monkeypatch, run_cli) -> None:
    make(tmp_path)
    monkeypatch.chdir(tmp_path)
    run_cli("lint", "--write-baseline", "baseline.json", ".")
    (tmp_path / "new.json").write_text(
        json.dumps({"messages": [{"role": "user", "content": "hi"}]})
    )
    result = run_cli("lint", "--format", "json", "--baseline", "baseline.json", ".")
    assert result.exit_code == 0
    [stale] = json.loads(result.stdout)["diagnostics"]
    assert stale["code"] == "ORT011" and stale["file"] == "baseline.json"
    assert "3 baseline entries match no finding" in stale["message"]


@pytest.mark.parametrize("content", ["", "{}", '{"version": 1}', "[1]"])
def test_bad_baseline_is_a_usage_error(tmp_path, run_cli, content) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content)
    result = run_cli("lint", "--baseline", str(path), str(tmp_path))
    assert result.exit_code == 2 and "baseline" in result.stderr
