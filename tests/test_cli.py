"""The CLI end to end: exit codes 0/1/2, output contracts, bad input as diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import write

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
VALID = {"messages": [{"role": "user", "content": "hi"}]}


def test_valid_examples_exit_0(run_cli) -> None:
    valid = [str(p) for p in sorted(EXAMPLES.iterdir()) if "invalid" not in p.name]
    result = run_cli("lint", *valid)
    assert result.exit_code == 0, result
    assert result.stdout.startswith("All checks passed")


def test_examples_directory_reports_the_invalid_example(run_cli) -> None:
    result = run_cli("lint", str(EXAMPLES))
    assert result.exit_code == 1, result
    assert "invalid-request.json:6:18: error ORT105 temperature is 2.5" in result.stdout
    assert "error ORT111 unknown key `temprature`; did you mean `temperature`?" in result.stdout


def test_warnings_alone_exit_0(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps({**VALID, "custom_tag": 1}))
    result = run_cli("lint", path)
    assert result.exit_code == 0, result
    assert "ORT101" in result.stdout


def test_json_format_follows_the_contract(run_cli, tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.json",
        '{\n  "messages": [{"role": "user", "content": "x"}],\n  "temperature": 2.5\n}\n',
    )
    result = run_cli("lint", "--format", "json", path)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["tool"]["name"] == "ortk"
    assert document["files_checked"] == 1 and document["payloads_checked"] == 1
    assert document["summary"] == {"errors": 1, "warnings": 0, "infos": 0}
    assert document["diagnostics"] == [
        {
            "file": path,
            "record": None,
            "part": None,
            "event": None,
            "line": 3,
            "column": 18,
            "pointer": "/temperature",
            "code": "ORT105",
            "severity": "error",
            "message": "temperature is 2.5; it must be between 0 and 2",
            "fix": None,
        }
    ]


@pytest.mark.parametrize(
    ("content", "code", "position"),
    [
        ('{"messages": [', "ORT003", "1:15"),
        (b"", "ORT004", None),
        ("  \n", "ORT004", None),
        ("[1, 2]", "ORT006", "1:1"),
        ('{"messages": [], "messages": []}', "ORT005", "1:18"),
        ('{"messages": [{"role": "user", "content": "x"}], "temperature": NaN}', "ORT007", "1:65"),
        ('{"messages": [{"role": "user", "content": "x"}], "seed": 1e400}', "ORT007", "1:58"),
        (b'{"messages": "\xff"}', "ORT002", "1:15"),
        ("\ufeff".encode("utf-16"), "ORT002", None),
        ('{"model": "x"}', "ORT008", "1:1"),
    ],
)
def test_bad_input_is_a_diagnostic(run_cli, tmp_path: Path, content, code, position) -> None:
    path = write(tmp_path / "bad.json", content)
    result = run_cli("lint", path)
    assert result.exit_code == 1, result
    assert f": error {code} " in result.stdout, result
    if position:
        assert f"bad.json:{position}:" in result.stdout, result
    assert "Traceback" not in result.stdout + result.stderr


def test_run_goes_on_after_a_bad_file(run_cli, tmp_path: Path) -> None:
    bad = write(tmp_path / "a.json", "{")
    good = write(tmp_path / "b.json", json.dumps({**VALID, "temperature": 9}))
    result = run_cli("lint", bad, good, str(tmp_path / "missing.json"))
    assert result.exit_code == 1
    assert "ORT003" in result.stdout
    assert "ORT105" in result.stdout
    assert "missing.json: error ORT001" in result.stdout


def test_stdin(run_cli) -> None:
    result = run_cli("lint", "-", input=json.dumps({**VALID, "top_p": 2}))
    assert result.exit_code == 1
    assert "<stdin>:1:" in result.stdout and "ORT105" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "--format", "xml", "x.json"),
        ("lint", "--kind", "nonsense", "x.json"),
        ("lint", "--select", "XYZ9", "x.json"),
        ("lint", "--bogus", "x.json"),
        ("explain", "ORT999"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_2(run_cli, args) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2, result
    assert "Traceback" not in result.stdout + result.stderr


def test_kind_option_overrides_detection(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps(VALID))
    assert run_cli("lint", "--kind", "request", path).exit_code == 0
    result = run_cli("lint", "--kind", "response", path)
    assert result.exit_code == 1 and "ORT102" in result.stdout


def test_select_and_ignore(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps({**VALID, "temperature": 9, "custom_tag": 1}))
    assert "ORT105" not in run_cli("lint", "--ignore", "ORT105", path).stdout
    only = run_cli("lint", "--select", "ORT101", path)
    assert only.exit_code == 0 and "ORT101" in only.stdout and "ORT105" not in only.stdout


def test_rules_and_explain(run_cli) -> None:
    listing = run_cli("rules")
    assert listing.exit_code == 0
    assert "ORT105" in listing.stdout and "out-of-range" in listing.stdout
    explained = run_cli("explain", "ORT101")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("# unknown-key (ORT101)")
    assert "## Why is this bad?" in explained.stdout
    assert run_cli("explain", "unknown-key").stdout == explained.stdout


def test_schema_command_prints_a_self_contained_schema(run_cli) -> None:
    result = run_cli("schema", "request")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["$id"].endswith("request.schema.json")
    refs = [line for line in result.stdout.splitlines() if '"$ref"' in line]
    assert refs and all('"#/$defs/' in line for line in refs)
    assert "UserMessage" in document["$defs"] and "TextPart" in document["$defs"]


def modules_loaded_by(args: list[str], names: set[str], cwd: Path | None = None) -> list[str]:
    """Which of `names` a fresh `python -m toolkit ARGS` process has imported by its end."""
    import subprocess
    import sys

    probe = (  # (at exit: a handler to run makes ortk end with sys.exit, not os._exit)
        f"import atexit, json, sys, runpy; sys.argv = ['ortk', *{args!r}]\n"
        f"atexit.register(lambda: print(json.dumps(sorted({names!r} & set(sys.modules)))))\n"
        "runpy.run_module('toolkit', run_name='__main__')\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=cwd)
    assert out.stdout, out.stderr
    loaded: list[str] = json.loads(out.stdout.splitlines()[-1])
    return loaded


def test_version_and_help_import_no_validator(run_ortk) -> None:
    heavy = {"jsonschema_rs", "jsonschema", "pydantic", "yaml"}
    assert modules_loaded_by(["--version"], heavy) == []
    assert run_ortk("--help").exit_code == 0


@pytest.mark.parametrize("example", ["chat.json", "tools.json", "invalid-request.json"])
def test_linting_one_json_file_imports_nothing_it_does_not_need(
    example: str, tmp_path: Path
) -> None:
    """Start-up is most of a pre-commit run: no models, no YAML, no python-jsonschema
    (tools.json has an embedded schema: jsonschema-rs checks it), no process pools."""
    unneeded = {"pydantic", "yaml", "jsonschema", "tomllib", "multiprocessing", "concurrent"}
    unneeded |= {"logging", "httpx", "click"}
    assert modules_loaded_by(["lint", str(EXAMPLES / example)], unneeded, cwd=tmp_path) == []


def test_python_dash_m_matches_ortk(run_ortk) -> None:
    result = run_ortk("lint", str(EXAMPLES / "invalid-request.json"))
    assert result.exit_code == 1
    assert "ORT105" in result.stdout


def test_parallel_jobs_give_the_same_report(run_ortk, tmp_path: Path) -> None:
    for i in range(12):
        payload = {**VALID, "temperature": i * 0.25, "max_tokens": 10 + i}
        write(tmp_path / f"r{i:02}.json", json.dumps(payload, indent=2))
    write(tmp_path / "broken.json", "{")
    serial = run_ortk("lint", "-j", "1", "--format", "json", str(tmp_path))
    parallel = run_ortk("lint", "-j", "2", "--format", "json", str(tmp_path))
    assert serial.exit_code == parallel.exit_code == 1
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)
    assert json.loads(serial.stdout)["files_checked"] == 13


def test_progress_bar_only_on_an_interactive_terminal_outside_ci(monkeypatch) -> None:
    from toolkit import output as cli

    paths = (str(EXAMPLES),)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    with cli.progress_bar(paths) as progress:
        assert progress is not None
        progress(1, 3)
        assert progress.bar is None  # too few files to be worth it
        progress(1, cli.PROGRESS_MIN_FILES)
        assert progress.bar is not None
    monkeypatch.setenv("CI", "true")
    with cli.progress_bar(paths) as progress:
        assert progress is None
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)  # piped
    with cli.progress_bar(paths) as progress:
        assert progress is None


def test_color_only_when_asked(run_cli) -> None:
    from toolkit.api import lint_paths
    from toolkit.report import render_text

    report = lint_paths([str(EXAMPLES / "invalid-request.json")])
    assert "\x1b[" in render_text(report, color=True)
    assert "\x1b[" not in render_text(report)
    assert "\x1b[" not in run_cli("lint", str(EXAMPLES)).stdout  # not a terminal


@pytest.mark.parametrize("code", ["ORT005", "ORT105", "ORT235", "ORT302"])
def test_explain_names_the_file_its_rule_lives_in(run_cli, code: str) -> None:
    result = run_cli("explain", code)
    assert result.exit_code == 0, result
    [line] = [line for line in result.stdout.splitlines() if line.startswith("Implemented in: ")]
    from toolkit.rules import BY_CODE

    rule = BY_CODE[code]
    source = ROOT / line.removeprefix("Implemented in: ")
    # a rule's file defines its check; a built-in code's file reports the code
    expected = f"def {rule.check.__name__}(" if rule.check else f'"{code}"'
    assert expected in source.read_text(encoding="utf-8"), line
