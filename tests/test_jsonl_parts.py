"""A large JSONL log shared out among workers reports exactly what one process reports:
the same diagnostics, records and lines, in the same order (toolkit/jsonl_parts.py)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from toolkit import jsonl_parts
from toolkit.config import Config
from toolkit.pipeline import lint_paths

GOOD = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
WARNS = {**GOOD, "max_tokens": 64}  # ORT210, a warning
BAD = {**GOOD, "temperature": 3}  # ORT105, an error


def _log(lines: list[bytes], newline: bytes = b"\n", last_newline: bool = True) -> bytes:
    text = newline.join(lines)
    return text + newline if last_newline else text


def _records(count: int) -> list[bytes]:
    shapes = [GOOD, WARNS, BAD]
    lines = []
    for i in range(count):
        lines.append(json.dumps(shapes[i % 3]).encode())
        if i % 7 == 3:
            lines.append(b"")  # blank lines are no records, but count as lines
        if i % 11 == 5:
            lines.append(b'{"model": "x", "messages": [')  # a broken record
        if i % 13 == 6:
            lines.append('{"model": "\u00e9\u00e9", "messages": []}'.encode())
    return lines


def _both(path: Path) -> tuple[list[tuple], list[tuple], dict, dict]:
    def run(jobs: int) -> tuple[list[tuple], dict]:
        report = lint_paths([str(path)], Config(), jobs=jobs)
        rows = [
            (d.code, d.record, d.line, d.column, d.pointer, d.message) for d in report.diagnostics
        ]
        return rows, dict(report.payloads_by_file)

    one, by_file_one = run(1)
    many, by_file_many = run(3)
    return one, many, by_file_one, by_file_many


@pytest.mark.parametrize(
    ("newline", "last_newline"), [(b"\n", True), (b"\r\n", True), (b"\n", False)]
)
def test_a_log_in_parts_reports_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: bytes, last_newline: bool
) -> None:
    monkeypatch.setattr(jsonl_parts, "SPLIT_MIN_BYTES", 1024)
    path = tmp_path / "log.jsonl"
    path.write_bytes(_log(_records(120), newline, last_newline))
    assert len(jsonl_parts.split(str(path), 3) or []) == 3  # (the run is really split)
    one, many, by_file_one, by_file_many = _both(path)
    assert many == one
    assert by_file_many == by_file_one == {str(path): by_file_one[str(path)]}
    assert {code for code, *_ in one} >= {"ORT210", "ORT105", "ORT003"}
    assert max(record for _, record, *_ in one) > 100  # (records numbered across parts)


def test_parts_are_cut_at_line_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_parts, "SPLIT_MIN_BYTES", 10)
    data = _log(_records(40))
    path = tmp_path / "log.jsonl"
    path.write_bytes(data)
    parts = jsonl_parts.split(str(path), 4)
    assert parts is not None
    assert parts[0].start == 0 and parts[-1].end == len(data)
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start and data[after.start - 1 : after.start] == b"\n"


def test_small_files_and_other_suffixes_are_not_split(tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_bytes(_log(_records(5)))
    other = tmp_path / "big.json"
    other.write_bytes(b" " * (jsonl_parts.SPLIT_MIN_BYTES + 1))
    assert jsonl_parts.split(str(small), 4) is None
    assert jsonl_parts.split(str(other), 4) is None
    assert jsonl_parts.split(str(tmp_path / "missing.jsonl"), 4) is None


def test_a_log_of_blank_lines_has_no_records_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_parts, "SPLIT_MIN_BYTES", 10)
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b"\n" * 200)
    one, many, _, _ = _both(path)
    assert many == one
    assert [code for code, *_ in one] == ["ORT004"]


def test_a_utf16_log_is_one_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_parts, "SPLIT_MIN_BYTES", 10)
    path = tmp_path / "wide.jsonl"
    path.write_bytes("\n".join([json.dumps(GOOD)] * 50).encode("utf-16"))
    assert jsonl_parts.split(str(path), 3) is None
    one, many, _, _ = _both(path)
    assert many == one
    assert [code for code, *_ in one] == ["ORT002"]


def test_a_log_named_twice_is_linted_twice_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_parts, "SPLIT_MIN_BYTES", 1024)
    path = tmp_path / "log.jsonl"
    path.write_bytes(_log(_records(60)))

    def rows(jobs: int) -> list[tuple]:
        report = lint_paths([str(path), str(path)], Config(), jobs=jobs)
        return [(d.code, d.record, d.line) for d in report.diagnostics]

    assert rows(3) == rows(1)


def test_many_large_logs_stay_within_the_chunks_a_run_hands_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit import parallel

    monkeypatch.setattr(jsonl_parts, "SPLIT_MIN_BYTES", 200)
    monkeypatch.setattr(parallel, "MAX_CHUNKS", 8)
    logs = []
    for i in range(6):
        path = tmp_path / f"log{i}.jsonl"
        path.write_bytes(_log(_records(20)))
        logs.append(str(path))
    many = lint_paths(logs, Config(), jobs=4)
    one = lint_paths(logs, Config(), jobs=1)
    assert [(d.file, d.code, d.record, d.line) for d in many.diagnostics] == [
        (d.file, d.code, d.record, d.line) for d in one.diagnostics
    ]
