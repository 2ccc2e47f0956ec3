"""`ortk drift`: `schema/` against an OpenAPI document, with the differences we meant.

OpenRouter's OpenAPI document lags the live API, so `schema/` departs from it on
purpose in places; each such departure is listed in `allowlist.toml` (beside this module:
`ortk generate` feeds every file of `schema/` to the code generator) with the live error or
guide that justifies it. `check()` compares, sorts every difference
into explained or not, and names allowlist entries that no longer match anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from toolkit.drift.compare import Difference, differences
from toolkit.drift.openapi import (
    DOCUMENT_KINDS,
    DriftInputError,
    openapi_documents,
    schema_documents,
)

__all__ = ["DriftInputError", "DriftResult", "check", "render_json", "render_text"]

ALLOWLIST = Path(__file__).with_name("allowlist.toml")


@dataclass(frozen=True, slots=True)
class Explanation:
    """An allowlist entry: `path` and `subject` are shell-style patterns."""

    path: str
    subject: str
    change: str
    reason: str

    def explains(self, difference: Difference) -> bool:
        return (
            fnmatchcase(difference.path, _pattern(self.path))
            and fnmatchcase(difference.subject, _pattern(self.subject))
            and self.change in ("*", difference.change)
        )


def _pattern(text: str) -> str:
    """Only `*` and `?` are wild: `[]` in a path means array items, not a character class."""
    return text.replace("[", "[[]")


@dataclass(slots=True)
class DriftResult:
    explained: list[tuple[Difference, Explanation]] = field(default_factory=list)
    unexplained: list[Difference] = field(default_factory=list)
    stale: list[Explanation] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.unexplained else 0


def load_allowlist(path: Path) -> list[Explanation]:
    import tomllib

    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DriftInputError(f"cannot read {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DriftInputError(f"{path} is not a TOML document: {error}") from error
    entries = document.get("difference", [])
    if not isinstance(entries, list):
        raise DriftInputError(f"{path}: `difference` must be an array of tables")
    explanations = []
    for number, entry in enumerate(entries, 1):
        fields = ("path", "subject", "change", "reason")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
            raise DriftInputError(f"{path}: entry {number} needs string fields {', '.join(fields)}")
        if not entry["reason"].strip():
            raise DriftInputError(f"{path}: entry {number} has an empty reason")
        explanations.append(Explanation(*(entry[f] for f in fields)))
    return explanations


def check(openapi: Path, schema_directory: Path | None = None,
          allowlist: Path | None = None) -> DriftResult:  # fmt: skip
    """Compare `schema_directory` (default: the packaged `schema/`) with `openapi`."""
    if schema_directory is None:
        from toolkit.validation.documents import schema_dir

        schema_directory = schema_dir()
    explanations = load_allowlist(allowlist or ALLOWLIST)
    ours, theirs = schema_documents(schema_directory), openapi_documents(openapi)
    result = DriftResult()
    used: set[int] = set()
    for kind in DOCUMENT_KINDS:
        if kind not in ours or not theirs.get(kind):
            continue
        for difference in differences(ours[kind][0], theirs[kind], kind):
            match = next((i for i, e in enumerate(explanations) if e.explains(difference)), None)
            if match is None:
                result.unexplained.append(difference)
            else:
                used.add(match)
                result.explained.append((difference, explanations[match]))
    result.stale = [e for i, e in enumerate(explanations) if i not in used]
    return result


def render_text(result: DriftResult) -> str:
    lines = [f"unexplained: {d.describe()}" for d in result.unexplained]
    lines += [
        f"stale allowlist entry (matches nothing): {e.path}: {e.subject} [{e.change}]"
        for e in result.stale
    ]
    lines.append(
        f"{len(result.explained) + len(result.unexplained)} differences: "
        f"{len(result.explained)} explained, {len(result.unexplained)} unexplained"
        + (f"; {len(result.stale)} stale allowlist entries" if result.stale else "")
    )
    if result.unexplained:
        lines.append(
            "fix schema/ to follow upstream, or add an entry with its reason to "
            "toolkit/drift/allowlist.toml"
        )
    return "\n".join(lines)


def render_json(result: DriftResult) -> str:
    document: dict[str, Any] = {
        "unexplained": [d.as_dict() for d in result.unexplained],
        "explained": [{**d.as_dict(), "reason": e.reason} for d, e in result.explained],
        "stale": [
            {"path": e.path, "subject": e.subject, "change": e.change, "reason": e.reason}
            for e in result.stale
        ],
        "summary": {
            "explained": len(result.explained),
            "unexplained": len(result.unexplained),
            "stale": len(result.stale),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
