"""bench/scripts/design_floor.py, the bench's "design floor" row, still cuts what it says it
cuts: it replaces two of ortk's functions by name, and a rename would silently put the
rules back into the floor (or leave them out of ortk)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, Run

SCRIPT = ROOT / "bench" / "scripts" / "design_floor.py"
# A schema error (temperature past 2) and a rule's warning (the deprecated max_tokens).
PAYLOAD = {
    "model": "openai/gpt-4o",
    "max_tokens": 10,
    "temperature": 5,
    "messages": [{"role": "user", "content": "hi"}],
}


def _design_floor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ortk_finds_both_and_the_design_floor_neither(
    tmp_path: Path, run_ortk: Callable[..., Run]
) -> None:
    payloads = tmp_path / "payloads"
    payloads.mkdir()
    for n in range(3):
        (payloads / f"{n}.json").write_text(json.dumps(PAYLOAD))
    (tmp_path / "log.jsonl").write_text(json.dumps(PAYLOAD) + "\n" + json.dumps(PAYLOAD) + "\n")

    for target in (payloads, tmp_path / "log.jsonl"):
        found = json.loads(run_ortk("lint", "--format", "json", str(target)).stdout)
        severities = {d["severity"] for d in found["diagnostics"]}
        assert severities == {"error", "warning"}, found

        floor = _design_floor("--format", "json", str(target))
        assert floor.returncode == 0, floor.stderr
        report = json.loads(floor.stdout)
        assert report["diagnostics"] == []
        assert report["payloads_checked"] == found["payloads_checked"]


def test_the_design_floor_still_reads_and_parses(tmp_path: Path) -> None:
    """Loading is not cut: a file that does not parse is still reported."""
    (tmp_path / "bad.json").write_text('{"model": ')
    floor = _design_floor(str(tmp_path / "bad.json"))
    assert floor.returncode == 1
    assert "ORT003" in floor.stdout
