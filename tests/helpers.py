"""Helpers the test modules share (imported as `from helpers import ...`; tests/ is on the path)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol


class Run(Protocol):
    exit_code: int
    stdout: str
    stderr: str


def write(path: Path, content: str | bytes) -> str:
    """Write `content` (text as UTF-8) to `path`, making its directory; the path as a str."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def assert_sane(run: Run) -> None:
    """The guarantee every run shares: a documented exit code and no traceback."""
    assert run.exit_code in (0, 1, 2), run
    assert "Traceback" not in run.stdout + run.stderr, run


def lint_json(run: Callable[..., Run], *paths: str, **options: Any) -> dict[str, Any]:
    """`ortk lint --format json PATHS` through `run` (the `run_ortk` or `run_cli` fixture),
    checked for sanity, as the parsed report with its `exit_code`."""
    result = run("lint", "--format", "json", *paths, **options)
    assert_sane(result)
    assert result.exit_code in (0, 1), result
    report: dict[str, Any] = json.loads(result.stdout)
    report["exit_code"] = result.exit_code
    return report


def pointers(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """(JSON Pointer, value) of `value` and of everything in it, in document order."""
    from toolkit.pointers import escape_token

    yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from pointers(item, f"{pointer}/{escape_token(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from pointers(item, f"{pointer}/{index}")
