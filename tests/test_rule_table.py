"""The code table loads the rules of recorded traffic (ORT3xx, ORT5xx) only when a run
meets a payload of another kind than a request, or when every code is asked for
(toolkit/rules/__init__.py, toolkit/rules/traffic_table.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from toolkit.rules import BY_CODE, RULES, checks_for
from toolkit.rules.registry import Rule, RuleTable

TRAFFIC = sorted(["toolkit.rules.traffic_table", "toolkit.rules.response", "toolkit.rules.stream"])
REQUEST = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}
RESPONSE = {
    "id": "gen-1",
    "object": "chat.completion",
    "created": 1,
    "model": "openai/gpt-4o",
    "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hi"}}
    ],
}


def loaded_after(args: list[str], cwd: Path) -> list[str]:
    """The traffic rule modules imported by `ortk ARGS` (run in a fresh process)."""
    probe = (
        "import atexit, json, os, sys\n"
        f"atexit.register(lambda: print(json.dumps(sorted(set({TRAFFIC!r}) & set(sys.modules)))))\n"
        "os._exit = sys.exit  # (so that the hook runs)\n"
        "import toolkit.entry as e\n"
        "sys.argv = ['ortk', *sys.argv[1:]]\n"
        "e.entry()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_a_run_over_requests_imports_no_rule_of_recorded_traffic(tmp_path: Path) -> None:
    (tmp_path / "request.json").write_text(json.dumps({**REQUEST, "max_tokens": 5}))
    assert loaded_after(["lint", "request.json"], tmp_path) == []
    assert loaded_after(["lint", "--select", "ORT2", "request.json"], tmp_path) == TRAFFIC


def test_a_run_that_meets_a_response_checks_it_with_the_response_rules(tmp_path: Path) -> None:
    (tmp_path / "response.json").write_text(json.dumps(RESPONSE))
    assert loaded_after(["lint", "response.json"], tmp_path) == TRAFFIC


def test_every_code_is_in_the_table_once_in_code_order() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == sorted(set(codes))
    assert {"ORT001", "ORT241", "ORT302", "ORT316", "ORT462", "ORT506"} <= set(BY_CODE)
    assert list(BY_CODE) == codes
    assert [r.code for r in checks_for("stream")][:2] == ["ORT310", "ORT311"]


def test_the_later_rows_come_in_once_in_order_and_never_hold_a_request_rule() -> None:
    def rule(code: str, kind: str) -> Rule:
        return Rule(code, code.lower(), BY_CODE["ORT301"].severity, "", (kind,), len)

    calls: list[int] = []

    def later() -> tuple[Rule, ...]:
        calls.append(1)
        return (rule("X2", "response"),)

    table = RuleTable((rule("X1", "request"), rule("X3", "request")), later=later)
    by_code = table.by_code
    assert [r.code for r in table.checks_for("request")] == ["X1", "X3"] and calls == []
    assert [r.code for r in table.checks_for("response")] == ["X2"]
    table.load_later()
    assert calls == [1] and [r.code for r in table.rules] == ["X1", "X2", "X3"]
    assert table.by_code is by_code and list(by_code) == ["X1", "X2", "X3"]

    wrong = RuleTable((), later=lambda: (rule("X4", "request"),))
    try:
        wrong.checks_for("chunk")
    except ValueError as error:
        assert "requests" in str(error)
    else:
        raise AssertionError("a request rule among the later rows was accepted")
