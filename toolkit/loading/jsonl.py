"""JSONL (`.jsonl`, `.ndjson`): one payload per non-blank line, read line by line, so memory
does not grow with the number of records.

`records` is the one numbering of records: the linter reports by it and `--fix` rewrites
by it, so the two cannot disagree on which line is record N.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

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


def load(file: str, path: str) -> Iterator[Payload | FileProblem]:
    record = 0
    try:
        with open_binary(path) as handle:
            lines = iter(handle)
            first = next(lines, b"")
            if utf16_or_32(first):
                yield problem(file, "ORT002", "file is UTF-16 or UTF-32 encoded; save it as UTF-8")
                return
            for record, number, line in records(itertools.chain((first,), lines)):
                yield from _record(file, line, record, number)
    except LoadProblem as error:
        yield problem(file, error.code, error.message)
        return
    if record == 0:
        yield problem(file, "ORT004", "file has no records; expected one JSON object per line")


class Counted:
    """The lines an iterator of lines gave (a part of a log: `load_part`)."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        self.lines = 0
        self._source = lines

    def __iter__(self) -> Iterator[bytes]:
        for line in self._source:
            self.lines += 1
            yield line


def load_part(
    file: str, path: str, start: int, end: int, counted: list[int]
) -> Iterator[Payload | FileProblem]:
    """The records of bytes [start, end) of a JSONL file, which begin and end at line
    ends (a part of a large log, `toolkit.jsonl_parts`), numbered from 1 within the part;
    `counted` gets [records, lines] of the part. Only the first part speaks for the
    whole file (unreadable, UTF-16); a part without records is not a problem here."""
    counted[:] = [0, 0]
    try:
        with open_binary(path) as handle:
            handle.seek(start)
            lines = Counted(_lines_until(handle, end - start))
            source: Iterator[bytes] = iter(lines)
            if start == 0:
                first = next(source, b"")
                if utf16_or_32(first):
                    yield problem(
                        file, "ORT002", "file is UTF-16 or UTF-32 encoded; save it as UTF-8"
                    )
                    return
                source = itertools.chain((first,), source)
            for record, number, line in records(source):
                counted[0] = record
                yield from _record(file, line, record, number)
            counted[1] = lines.lines
    except LoadProblem as error:
        if start == 0:
            yield problem(file, error.code, error.message)


def _lines_until(handle: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The lines of `handle` up to `size` bytes (a part ends at a line end)."""
    read = 0
    for line in handle:
        if read >= size:
            return
        read += len(line)
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
