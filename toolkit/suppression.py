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
from toolkit.paths import path_matches, relative_to

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


def file_matches(file: str | None, pattern: str, root: str | None = None) -> bool:
    """Whether a linted file matches a config pattern (relative to `root`, the config
    file's directory)."""
    return bool(file) and path_matches(relative_to(file or "", root), pattern)


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
    from toolkit.writing import write_atomically

    # (atomic: a failure mid-write leaves the old baseline, never an empty one)
    write_atomically(path, json.dumps(document, indent=2, ensure_ascii=True) + "\n")
    return len(entries)


def read_baseline(path: str) -> Counter[tuple[str, int | None, str, str]]:
    """The findings a baseline file holds, or a `BaselineError` naming the file."""
    from toolkit.loading.files import read_bytes
    from toolkit.loading.payload import LoadProblem

    try:
        document = json.loads(read_bytes(path).decode("utf-8"))
    except LoadProblem as error:  # missing, a FIFO, a device: never opened to block
        raise BaselineError(f"cannot read baseline {path}: {error.message}") from error
    except RecursionError as error:
        raise BaselineError(f"{path} is not an ortk baseline file: nested too deeply") from error
    except ValueError as error:
        raise BaselineError(f"{path} is not an ortk baseline file: {error}") from error
    if (
        not isinstance(document, dict)
        or document.get("version") != BASELINE_VERSION
        or not isinstance(document.get("entries"), list)
    ):
        raise BaselineError(f"{path} is not an ortk baseline file (version 1 with entries)")
    known: Counter[tuple[str, int | None, str, str]] = Counter()
    for number, entry in enumerate(document["entries"], start=1):
        if not _is_entry(entry):
            raise BaselineError(
                f"{path}: entry {number} is not {{file, record, code, pointer}} with a "
                "string file, code and pointer and an integer or null record; "
                "rewrite it with --write-baseline"
            )
        known[
            (os.path.normpath(entry["file"]), entry["record"], entry["code"], entry["pointer"])
        ] += 1
    return known


def _is_entry(entry: Any) -> bool:
    record = entry.get("record") if isinstance(entry, dict) else None
    return (
        isinstance(entry, dict)
        and all(isinstance(entry.get(key), str) for key in ("file", "code", "pointer"))
        and (record is None or (isinstance(record, int) and not isinstance(record, bool)))
    )


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
    root = None if source is None else os.path.dirname(os.path.abspath(source))
    entries = [
        (pattern, text, Selector.parse(text))
        for pattern, texts in per_file_ignores.items()
        for text in texts
    ]
    used: set[tuple[str, str]] = set()
    kept = []
    for d in diagnostics:
        hit = next(
            ((p, t) for p, t, s in entries if s.matches(d) and file_matches(d.file, p, root)),
            None,
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
        if any(file_matches(f, pattern, root) for f in files):
            unused.append(
                _unused(
                    source,
                    pattern,
                    f'per-file-ignores entry "{pattern}" = "{text}" matched no finding; remove it',
                )
            )
    return kept, unused


def entries_for(
    baseline: Counter[tuple[str, int | None, str, str]], files: set[str]
) -> Counter[tuple[str, int | None, str, str]]:
    """The baseline's entries for `files` (normalized paths): an entry for a file this run
    did not lint (pre-commit names only the changed ones) is neither used nor stale."""
    return Counter({key: n for key, n in baseline.items() if key[0] in files})


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
