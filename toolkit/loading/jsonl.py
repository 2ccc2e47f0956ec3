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
