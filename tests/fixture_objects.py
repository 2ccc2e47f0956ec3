"""The JSON objects among the test fixtures, for tests that check every payload we have."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_objects() -> list[tuple[Path, dict[str, Any]]]:
    """(path, object) of every JSON fixture whose top level is an object."""
    found = []
    for path in sorted(FIXTURES.glob("*/*.json")):
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue  # a fixture of a loading error
        if isinstance(value, dict):
            found.append((path, value))
    return found
