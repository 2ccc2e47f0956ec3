"""The fork pool behind `ortk lint --jobs N`: results in order, from other processes, and
no chunk lost when a child can't start, dies or fails."""

from __future__ import annotations

import gc
import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from toolkit import api
from toolkit import parallel as forking

pytestmark = pytest.mark.skipif(not forking.available(), reason="needs os.fork")

PARENT = os.getpid()


def pid_and_sum(chunk: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(chunk)


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def parent_slow(function: Callable[[Any], Any], seconds: float = 0.3) -> Callable[[Any], Any]:
    """`function`, which takes its time in this process: the children claim the other
    chunks meanwhile (this process claims chunks too)."""

    def slow_here(chunk: Any) -> Any:
        if os.getpid() == PARENT:
            time.sleep(seconds)
        return function(chunk)

    return slow_here


def test_results_come_back_in_order_from_this_process_and_its_children() -> None:
    chunks = [[1, 2], [3], [], [4, 5, 6]]
    seen: list[tuple[int, int]] = []
    before = open_descriptors()
    results = forking.map_in_forks(parent_slow(pid_and_sum), chunks, 2, seen.append)
    assert [total for _, total in results] == [3, 3, 0, 15]
    pids = [pid for pid, _ in results]
    assert pids.count(PARENT) == 1  # one chunk here, while the child took the others
    assert len(set(pids)) == 2  # one child (2 processes), chunk after chunk
    assert sorted(seen) == sorted(results)  # (in the order they finished)
    assert open_descriptors() == before  # every pipe closed, every child reaped


def test_a_process_held_up_does_fewer_chunks(tmp_path: Path) -> None:
    """Chunks go to whichever process is free, not in fixed shares: the one that takes
    chunk 0 is held until the other chunks are done, so the other did them all."""

    def held_first(chunk: int) -> int:
        if chunk == 0:
            deadline = time.monotonic() + 10
            while len(list(tmp_path.iterdir())) < 9 and time.monotonic() < deadline:
                time.sleep(0.01)
        else:
            (tmp_path / str(chunk)).touch()
        return os.getpid()

    pids = forking.map_in_forks(held_first, list(range(10)), 2)
    assert pids.count(pids[0]) == 1 and len(set(pids[1:])) == 1


def test_results_larger_than_a_pipe_arrive_whole() -> None:
    chunks = [n * 100_000 for n in range(1, 6)]
    results = forking.map_in_forks(lambda n: "x" * n, chunks, 2)
    assert [len(r) for r in results] == chunks


def test_more_chunks_than_one_byte_can_number_is_refused() -> None:
    with pytest.raises(ValueError, match="at most 256 chunks"):
        forking.map_in_forks(str, list(range(forking.MAX_CHUNKS + 1)), 2)
    assert len(forking.map_in_forks(str, list(range(forking.MAX_CHUNKS)), 2)) == 256


def test_a_killed_child_s_chunk_is_done_again_here(tmp_path: Path) -> None:
    def die_in_a_child(chunk: list[int]) -> tuple[int, int]:
        if os.getpid() != PARENT:
            (tmp_path / str(chunk[0])).touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return pid_and_sum(chunk)

    results = forking.map_in_forks(parent_slow(die_in_a_child), [[1], [2], [3]], 2)
    assert results == [(PARENT, 1), (PARENT, 2), (PARENT, 3)]
    assert len(list(tmp_path.iterdir())) == 1  # the child took one chunk, and died


def test_a_failing_or_unpicklable_chunk_is_done_again_here(tmp_path: Path) -> None:
    def awkward(chunk: str) -> object:
        if os.getpid() != PARENT:
            (tmp_path / chunk).touch()
            if chunk.startswith("raise"):
                raise RuntimeError("only in the child")
            return lambda: None  # can't be pickled
        return (chunk, os.getpid() == PARENT)

    chunks = ["raise 1", "lambda 1", "raise 2", "lambda 2"]
    results = forking.map_in_forks(parent_slow(awkward), chunks, 3)
    assert results == [(chunk, True) for chunk in chunks]
    assert len(list(tmp_path.iterdir())) == 2  # each child tried one, failed and stopped


def test_an_error_in_this_process_is_not_swallowed() -> None:
    def always(chunk: int) -> int:
        raise ValueError(f"chunk {chunk}")

    with pytest.raises(ValueError, match=r"chunk [12]"):  # (whichever child ends first)
        forking.map_in_forks(always, [1, 2], 2)


def test_no_fork_possible_means_all_done_here(monkeypatch) -> None:
    def refuse() -> int:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    before = open_descriptors()
    assert forking.map_in_forks(pid_and_sum, [[1], [2]], 2) == [(PARENT, 1), (PARENT, 2)]
    assert open_descriptors() == before


def test_the_collector_is_left_as_it_was() -> None:
    gc.unfreeze()  # (an in-process CLI run earlier in the session may have frozen objects)
    assert gc.get_freeze_count() == 0
    forking.map_in_forks(pid_and_sum, [[1], [2]], 2)
    assert gc.get_freeze_count() == 0


def test_the_process_pool_path_gives_the_same_report(tmp_path: Path, monkeypatch) -> None:
    """Where there is no fork, a process pool runs the chunks."""
    for i in range(6):
        body = {
            "model": "openai/gpt-4o",
            "messages": [{"role": "user", "content": "hi"}],
            "top_p": i,
        }
        (tmp_path / f"r{i}.json").write_text(json.dumps(body))
    serial = api.lint_paths([str(tmp_path)], jobs=1)
    monkeypatch.setattr(forking, "available", lambda: False)
    pooled = api.lint_paths([str(tmp_path)], jobs=2)
    assert pooled.diagnostics == serial.diagnostics and len(serial.diagnostics) == 4  # top_p 2-5
    assert pooled.files_checked == serial.files_checked == 6


def test_at_most_processes_children_at_a_time(tmp_path: Path) -> None:
    """Each child notes itself in a shared directory while it runs."""

    def note_running(chunk: int) -> int:
        mark = tmp_path / f"{chunk}.running"
        mark.touch()
        time.sleep(0.05)
        running = len(list(tmp_path.glob("*.running")))
        mark.unlink()
        return running

    assert max(forking.map_in_forks(note_running, list(range(8)), 2)) <= 2


def test_an_interrupted_run_leaves_no_children(monkeypatch) -> None:
    def slow(chunk: int) -> int:
        time.sleep(5 if os.getpid() != PARENT else 0)
        return chunk

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(forking.selectors.DefaultSelector, "select", interrupt)
    before = open_descriptors()
    with pytest.raises(KeyboardInterrupt):
        forking.map_in_forks(slow, [1, 2], 2)
    assert open_descriptors() == before
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left, not even a zombie
