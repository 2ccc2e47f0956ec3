"""A large JSONL log shared out among worker processes, in parts that end at line ends.

Files are the unit of parallel work, so one 300 MB log used one core while the others
idled. A log of at least `SPLIT_MIN_BYTES` is cut into one part per worker, each cut just
after a newline; a worker reads its part line by line (memory stays flat) and numbers
its records and lines from 1; `renumber` then shifts them by the records and lines of
the parts before, so a report is the same, byte for byte, as one process would write.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from toolkit.diagnostics import Diagnostic
from toolkit.loading import JSONL_SUFFIXES
from toolkit.loading.files import utf16_or_32

if TYPE_CHECKING:
    from toolkit.diagnostics import Report

# Below this, starting a worker for a part costs more than the part does.
SPLIT_MIN_BYTES = 8 << 20


@dataclass(frozen=True, slots=True)
class Part:
    """Bytes [start, end) of the JSONL file at `path`, named `name` in diagnostics."""

    path: str
    name: str
    index: int
    start: int
    end: int


@dataclass(slots=True)
class PartReport:
    """What a worker found in one part, numbered from 1 within it; `records` and `lines`
    are how many the part holds (for the parts after it)."""

    part: Part
    report: Report
    records: int
    lines: int


def split(path: str, pieces: int) -> list[Part] | None:
    """`path` cut into at most `pieces` parts at line ends, or None when it is not a large
    UTF-8 JSONL file (or cannot be read: the loader says why, as for any other file)."""
    if pieces < 2 or not path.lower().endswith(JSONL_SUFFIXES):
        return None
    try:
        size = os.stat(path).st_size
        if size < SPLIT_MIN_BYTES:
            return None
        cuts = [0]
        with open(path, "rb") as handle:
            if utf16_or_32(handle.readline()):
                return None  # (one problem for the file: the first part's to say)
            for k in range(1, pieces):
                handle.seek(size * k // pieces)
                handle.readline()  # (to just after the next newline)
                cut = handle.tell()
                if cuts[-1] < cut < size:
                    cuts.append(cut)
    except OSError:
        return None
    cuts.append(size)
    pairs = enumerate(itertools.pairwise(cuts))
    return [Part(path, path, index, start, end) for index, (start, end) in pairs]


def renumber(results: list[PartReport]) -> tuple[list[Diagnostic], int]:
    """The diagnostics of a file's parts with records and lines counted from the file's
    start, and the file's number of records."""
    diagnostics: list[Diagnostic] = []
    records = lines = 0
    for result in sorted(results, key=lambda r: r.part.index):
        for d in result.report.diagnostics:
            if records or lines:
                d = replace(
                    d,
                    record=None if d.record is None else d.record + records,
                    line=None if d.line is None else d.line + lines,
                )
            diagnostics.append(d)
        records += result.records
        lines += result.lines
    return diagnostics, records
