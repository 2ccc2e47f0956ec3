"""`ortk lint [--format F] [PATH...]` and `ortk --version` run without click
(toolkit.entry): the same standard output, standard error and exit code as click's parse
of the same command line, whatever the arguments, the configuration or the streams."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.lint_options import LintOptions, common_options

VALID = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}
# The same process either way: `entry()`, with or without the path that skips click.
PROBE = (
    "import sys, toolkit.entry as e\n"
    "if sys.argv[1] == 'click': e._without_click = lambda args: None\n"
    "sys.argv = ['ortk', *sys.argv[2:]]\n"
    "e.entry()\n"
)


def ortk(path: str, args: list[str], cwd: Path, stdin: int | None = subprocess.DEVNULL) -> tuple:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, path, *args],
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lint-without-click")
    (root / "one.json").write_text(json.dumps(VALID))
    bad = {**VALID, "max_tokens": 5, "temprature": 1}
    (root / "bad.json").write_text(json.dumps(bad))
    (root / "--odd.json").write_text(json.dumps(VALID))
    (root / "empty").mkdir()
    (root / "sub").mkdir()
    (root / "sub" / "two.json").write_text("{")
    (root / "broken-config").mkdir()
    (root / "broken-config" / ".ortk.toml").write_text("select = [\n")
    (root / "no-catalog").mkdir()
    (root / "no-catalog" / "ortk.toml").write_text('models = "missing.json"\n')
    return root


# Each row: where (under the project), the arguments.
SAME = [
    ("", ["lint", "one.json"]),
    ("", ["lint", "--format", "json", "one.json"]),
    ("", ["lint", "--format=json", "bad.json"]),
    ("", ["lint", "bad.json", "--output-format", "sarif"]),
    ("", ["lint", "--output-format=github", "bad.json", "one.json", "sub"]),
    ("", ["lint", "--format", "json", "--format", "concise", "bad.json"]),
    ("", ["lint", "--", "--odd.json", "--format"]),
    ("", ["lint", "-", "--format", "json"]),
    ("", ["lint"]),
    ("", ["lint", "--"]),
    ("", ["lint", "empty"]),
    ("", ["lint", "missing.json", ""]),
    ("", ["lint", "--format", "JSON", "one.json"]),
    ("", ["lint", "--format"]),
    ("", ["lint", "--format=", "one.json"]),
    ("", ["lint", "--odd.json"]),
    ("", ["lint", "--frmat", "json", "one.json"]),
    ("", ["lint", "-q", "bad.json"]),
    ("", ["lint", "-j1", "--format", "json", "bad.json"]),
    ("", ["lint", "--jobs", "2", "bad.json", "one.json"]),
    ("", ["lint", "-j", "-1", "one.json"]),
    ("", ["lint", "--jobs=x", "one.json"]),
    ("", ["lint", "one.json", "--help"]),
    ("", ["lnt", "one.json"]),
    ("", ["--version"]),
    ("", ["-V"]),
    ("", ["-V", "lint"]),
    ("broken-config", ["lint", "--format", "json"]),
    ("no-catalog", ["lint", "../one.json"]),
]


@pytest.mark.parametrize(("where", "args"), SAME)
def test_the_same_output_and_exit_code_as_clicks(project: Path, where: str, args: list[str]):
    fast = ortk("fast", args, project / where)
    assert fast == ortk("click", args, project / where)
    assert fast[0] in (0, 1, 2)


def test_closed_standard_input_is_said_the_same_way(project: Path) -> None:
    fast = ortk("fast", ["lint", "-"], project, stdin=None)  # (inherits: not closed)
    closed = [
        subprocess.run(
            ["sh", "-c", 'exec "$@" 0<&-', "sh", sys.executable, "-c", PROBE, path, "lint", "-"],
            cwd=project,
            capture_output=True,
            check=False,
        )
        for path in ("fast", "click")
    ]
    assert fast[0] in (0, 1)
    assert closed[0].returncode == closed[1].returncode == 2
    assert (
        closed[0].stderr
        == closed[1].stderr
        == (b"Error: '-' reads standard input, but standard input is closed\n")
    )


def test_a_closed_pipe_ends_the_run_as_click_ends_it(project: Path) -> None:
    """The reader is gone before the report is written: exit 1 and nothing said, as
    click's main does with a broken pipe."""
    results = []
    for path in ("fast", "click"):
        process = subprocess.Popen(
            [sys.executable, "-c", PROBE, path, "lint", "--format", "json", "bad.json"],
            cwd=project,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        results.append((process.wait(timeout=120), process.stderr.read()))
        process.stderr.close()
    assert results[0] == results[1] == (1, b"")


@pytest.mark.parametrize(
    "args",
    [
        ["lint"],
        ["lint", "a.json", "-", "b"],
        ["lint", "--format", "sarif", "a.json"],
        ["lint", "a.json", "--output-format=junit", "--format", "json"],
        ["lint", "--", "--format", "json"],
        ["lint", "", "--", "--"],
        ["lint", "-j1", "--format", "json", "a.json"],
        ["lint", "-j", "0", "a.json", "--jobs=3"],
        ["lint", "--jobs", "+2", "a.json"],
        ["lint", "--jobs", " 4 ", "a.json"],
    ],
)
def test_the_options_are_those_click_parses(args: list[str]) -> None:
    from toolkit.cli import lint

    with lint.make_context("lint", args[1:]) as context:
        assert common_options(args) == LintOptions(**context.params)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["lint", "-h"],
        ["lint", "--help"],
        ["lint", "-q", "a.json"],
        ["lint", "--format", "bogus"],
        ["lint", "--format"],
        ["lint", "--form=json"],
        ["lint", "--no-models", "a.json"],
        ["lint", "-j", "-1", "a.json"],
        ["lint", "-j=2", "a.json"],
        ["lint", "--jobs", "two", "a.json"],
        ["lint", "-j"],
        ["--version"],
        ["rules"],
        ["--", "lint", "a.json"],
    ],
)
def test_everything_else_is_left_to_click(args: list[str]) -> None:
    assert common_options(args) is None


def test_windows_and_shell_completion_keep_click(monkeypatch: pytest.MonkeyPatch) -> None:
    """click expands globs in Windows command lines and answers shell completion: both
    are left to it."""
    from toolkit import entry

    monkeypatch.setattr(entry.os, "name", "nt")
    assert entry._without_click(["lint", "*.json"]) is None
    monkeypatch.setattr(entry.os, "name", "posix")
    monkeypatch.setenv("_ORTK_COMPLETE", "bash_complete")
    assert entry._without_click(["--version"]) is None
