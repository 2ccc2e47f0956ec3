"""`ortk lint --fix`: safe fixes applied atomically; nothing written without --fix."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from toolkit import fixing

DEPRECATED = {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 100}


def test_fix_renames_deprecated_max_tokens_and_keeps_mode(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(DEPRECATED, indent=4) + "\n")
    path.chmod(0o640)
    before = run_cli("lint", str(path))
    assert "ORT210" in before.stdout
    result = run_cli("lint", "--fix", str(path))
    assert result.exit_code == 0, result
    assert "ORT210" not in result.stdout
    fixed = json.loads(path.read_text())
    assert fixed == {"messages": DEPRECATED["messages"], "max_completion_tokens": 100}
    assert path.read_text().startswith('{\n    "messages"')  # indentation kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not list(tmp_path.glob(".ortk-*"))  # no temporary file left behind


def test_fix_rewrites_only_the_records_of_a_jsonl_file(tmp_path: Path, run_cli) -> None:
    clean = json.dumps({"messages": [{"role": "user", "content": "x"}]})
    path = tmp_path / "log.jsonl"
    path.write_text(f"{clean}\n\n{json.dumps(DEPRECATED)}\n")
    run_cli("lint", "--fix", str(path))
    lines = path.read_text().splitlines()
    assert lines[0] == clean and lines[1] == ""
    assert json.loads(lines[2]) == {
        "messages": DEPRECATED["messages"],
        "max_completion_tokens": 100,
    }


def test_yaml_files_are_not_rewritten(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "a.yaml"
    text = "# keep this comment\nmessages:\n  - {role: user, content: hi}\nmax_tokens: 100\n"
    path.write_text(text)
    result = run_cli("lint", "--fix", str(path))
    assert path.read_text() == text
    assert "not applied" in result.stderr


def test_a_crash_mid_write_leaves_the_original(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.json"
    original = json.dumps(DEPRECATED)
    path.write_text(original)

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        fixing.write_atomically(str(path), "{}")
    assert path.read_text() == original
    assert not list(tmp_path.glob(".ortk-*"))


def test_fix_refuses_stdin(run_cli) -> None:
    assert run_cli("lint", "--fix", "-", input="{}").exit_code == 2
