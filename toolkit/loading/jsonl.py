"""JSONL (`.jsonl`, `.ndjson`): one payload per non-blank line, read line by line, so memory
does not grow with the number of records.

`records` is the one numbering of records: the linter reports by it and `--fix` rewrites
by it, so the two cannot disagree on which line is record N.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from toolkit.loading.files import decode, open_binary, utf16_or_32
from toolkit.loading.json import load_document, parse_clean_json
from toolkit.loading.payload import FileProblem, LoadProblem, Payload, problem


def records(lines: Iterable[bytes]) -> Iterator[tuple[int, int, bytes]]:
    """(record, physical line, content) of every record among `lines` (as a binary file
    yields them: split at b"\\n" only). A line of ASCII whitespace only is no record; the
    content is the line without its ending, so an error at the end of a record is on its
    line."""
    record = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record += 1
        yield record, number, line[:-2] if line.endswith(b"\r\n") else line.rstrip(b"\n")


@dataclass(slots=True)
class Counts:
    """What a read of JSONL saw: its records and lines, and whether it got to the end."""

    records: int = 0
    lines: int = 0
    read: bool = False


def load(file: str, path: str) -> Iterator[Payload | FileProblem]:
    counts = Counts()
    yield from load_part(file, path, 0, None, counts)
    if counts.read and counts.records == 0:
        yield problem(file, "ORT004", "file has no records; expected one JSON object per line")


def load_part(
    file: str, path: str, start: int, end: int | None, counts: Counts
) -> Iterator[Payload | FileProblem]:
    """The records of bytes [start, end) of a JSONL file (to its end: None), which begin
    and end at line ends (a part of a large log, `toolkit.jsonl_parts`), numbered from 1
    within the part; `counts` sees its records (and, for a part, its lines). Only the
    first part speaks for the whole file (unreadable, UTF-16); a file without records is
    `load`'s to say."""
    try:
        with open_binary(path) as handle:
            if start:
                handle.seek(start)
            lines: Iterator[bytes] = iter(
                handle if end is None else _lines(handle, end - start, counts)
            )
            if start == 0:
                first = next(lines, b"")
                if utf16_or_32(first):
                    yield problem(
                        file, "ORT002", "file is UTF-16 or UTF-32 encoded; save it as UTF-8"
                    )
                    return
                lines = itertools.chain((first,), lines)
            for counts.records, number, line in records(lines):
                yield from _record(file, line, counts.records, number)
            counts.read = True
    except LoadProblem as error:
        if start == 0:
            yield problem(file, error.code, error.message)


def _lines(handle: Iterable[bytes], size: int, counts: Counts) -> Iterator[bytes]:
    """The lines of `handle` up to `size` bytes (a part ends at a line end), counted."""
    read = 0
    for line in handle:
        if read >= size:
            return
        read += len(line)
        counts.lines += 1
        yield line


def _record(file: str, line: bytes, record: int, number: int) -> Iterator[Payload | FileProblem]:
    data = parse_clean_json(line)
    if data is not None:
        yield Payload(file, data, line, "jsonl", record=record, first_line=number)
        return
    try:
        text = decode(line)
    except LoadProblem as error:
        yield problem(
            file, error.code, error.message, line=number, column=error.column, record=record
        )
        return
    yield from load_document(file, text, syntax="jsonl", record=record, first_line=number)
