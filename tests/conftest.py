"""Shared test helpers: run the real CLI, in-process or as a subprocess."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture
def run_cli() -> Callable[..., Run]:
    """`run_cli("lint", "x.json")`: the CLI in-process, with click's runner."""

    def run(*args: str, input: str | bytes | None = None) -> Run:
        result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def run_ortk() -> Callable[..., Run]:
    """`run_ortk("lint", "x.json")`: the real `python -m toolkit` in a subprocess."""

    def run(
        *args: str, input: bytes | None = None, cwd: Path | None = None, timeout: float = 120
    ) -> Run:
        result = subprocess.run(
            [sys.executable, "-m", "toolkit", *args],
            input=input,
            capture_output=True,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )
        return Run(
            result.returncode,
            result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace"),
        )

    return run


@pytest.fixture
def reference() -> Path:
    """../shared/reference, or skip when this checkout has no copy of it."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not present")
    return REFERENCE
