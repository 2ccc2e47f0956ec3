"""Suppressions that work for JSON, which has no comments.

Two kinds: `per-file-ignores` entries in the config, which name a code prefix and
optionally a JSON Pointer (``"ORT201@/max_tokens"``, the pointer and everything
below it), and a baseline file of today's findings so that CI fails only on new
ones. A suppression that matched nothing is reported (ORT011), so they don't rot.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.diagnostics import Diagnostic
from toolkit.loading import FileProblem
from toolkit.paths import path_matches

BASELINE_VERSION = 1


class BaselineError(Exception):
    """An unreadable or malformed baseline file: a usage error (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Selector:
    code: str  # a code or code prefix
    pointer: str | None  # None: anywhere in the payload

    @classmethod
    def parse(cls, text: str) -> Selector:
        code, at, pointer = text.partition("@")
        return cls(code, pointer if at else None)

    def matches(self, diagnostic: Diagnostic) -> bool:
        if not diagnostic.code.startswith(self.code):
            return False
        if self.pointer is None:
            return True
        return diagnostic.pointer == self.pointer or diagnostic.pointer.startswith(
            self.pointer.rstrip("/") + "/"
        )


def file_matches(file: str | None, pattern: str) -> bool:
    return bool(file) and path_matches(Path(file or "").as_posix(), pattern)


def baseline_key(d: Diagnostic) -> tuple[str, int | None, str, str]:
    """What identifies a finding across runs: not its line, which moves with edits."""
    return (os.path.normpath(d.file or ""), d.record, d.code, d.pointer)


def write_baseline(path: str, diagnostics: Iterable[Diagnostic]) -> int:
    entries = sorted(
        (baseline_key(d) for d in diagnostics), key=lambda k: (k[0], k[1] or 0, k[2], k[3])
    )
    document = {
        "version": BASELINE_VERSION,
        "tool": "ortk",
        "entries": [{"file": f, "record": r, "code": c, "pointer": p} for f, r, c, p in entries],
    }
    Path(path).write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return len(entries)


def read_baseline(path: str) -> Counter[tuple[str, int | None, str, str]]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = document["entries"]
        if document.get("version") != BASELINE_VERSION or not isinstance(entries, list):
            raise ValueError("not an ortk baseline (version 1)")
        return Counter(
            (os.path.normpath(e["file"]), e["record"], e["code"], e["pointer"]) for e in entries
        )
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise BaselineError(f"{path} is not an ortk baseline file: {error}") from error


def apply_per_file_ignores(
    diagnostics: list[Diagnostic],
    per_file_ignores: dict[str, tuple[str, ...]],
    linted_files: Iterable[str],
    enabled: Any,
    source: Path | None,
) -> tuple[list[Diagnostic], list[FileProblem]]:
    """(the diagnostics left, an ORT011 for each entry that applied to a linted file and
    suppressed nothing)."""
    if not per_file_ignores:
        return diagnostics, []
    entries = [
        (pattern, text, Selector.parse(text))
        for pattern, texts in per_file_ignores.items()
        for text in texts
    ]
    used: set[tuple[str, str]] = set()
    kept = []
    for d in diagnostics:
        hit = next(
            ((p, t) for p, t, s in entries if s.matches(d) and file_matches(d.file, p)), None
        )
        if hit is None:
            kept.append(d)
        else:
            used.add(hit)
    files = list(linted_files)
    unused = []
    for pattern, text, selector in entries:
        if (pattern, text) in used or not enabled(selector.code):
            continue
        if any(file_matches(f, pattern) for f in files):
            unused.append(
                _unused(
                    source,
                    pattern,
                    f'per-file-ignores entry "{pattern}" = "{text}" matched no finding; remove it',
                )
            )
    return kept, unused


def apply_baseline(
    diagnostics: list[Diagnostic], baseline: Counter[tuple[str, int | None, str, str]], path: str
) -> tuple[list[Diagnostic], list[FileProblem], int]:
    """(the diagnostics not in the baseline, an ORT011 if some entries are stale, how many
    the baseline suppressed)."""
    left = Counter(baseline)
    kept = []
    for d in diagnostics:
        key = baseline_key(d)
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(d)
    stale = sorted(
        (k for k, n in left.items() if n > 0), key=lambda k: (k[0], k[1] or 0, k[2], k[3])
    )
    unused = []
    if stale:
        file, record, code, pointer = stale[0]
        example = f"{file}{f' record {record}' if record else ''} {code} at {pointer or '/'}"
        unused.append(
            _unused(
                Path(path),
                None,
                f"{len(stale)} baseline entr"
                f"{'y matches' if len(stale) == 1 else 'ies match'} no finding any more "
                f"(e.g. {example}); rewrite it with --write-baseline",
            )
        )
    return kept, unused, sum(baseline.values()) - sum(n for n in left.values() if n > 0)


def _unused(source: Path | None, pattern: str | None, message: str) -> FileProblem:
    """An ORT011 at the entry's line in the config file (severity: the pipeline's)."""
    line = None
    if source is not None and pattern is not None:
        try:
            text = source.read_text(encoding="utf-8")
            offset = text.find(f'"{pattern}"')
            line = text.count("\n", 0, offset) + 1 if offset >= 0 else None
        except OSError:
            pass
    return FileProblem(
        file=str(source) if source else "pyproject.toml",
        code="ORT011",
        message=message,
        line=line,
        column=1 if line else None,
    )
