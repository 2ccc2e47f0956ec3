"""The fork pool behind `ortk lint --jobs N`: results in order, from other processes, and
no chunk lost when a child can't start, dies or fails."""

from __future__ import annotations

import gc
import json
import os
import signal
from pathlib import Path

import pytest

from toolkit import api
from toolkit import parallel as forking

pytestmark = pytest.mark.skipif(not forking.available(), reason="needs os.fork")

PARENT = os.getpid()


def pid_and_sum(chunk: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(chunk)


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_results_come_back_in_order_from_child_processes() -> None:
    chunks = [[1, 2], [3], [], [4, 5, 6]]
    seen: list[tuple[int, int]] = []
    before = open_descriptors()
    results = forking.map_in_forks(pid_and_sum, chunks, 2, seen.append)
    assert [total for _, total in results] == [3, 3, 0, 15]
    assert all(pid != PARENT for pid, _ in results)
    assert len({pid for pid, _ in results}) <= 2  # children take chunk after chunk
    assert sorted(seen) == sorted(results)  # (in the order they finished)
    assert open_descriptors() == before  # every pipe closed, every child reaped


def test_a_child_held_up_does_fewer_chunks(tmp_path: Path) -> None:
    """Chunks go to whichever child is free, not in fixed shares: the child that takes
    chunk 0 is held until the other chunks are done, so another child did them all."""
    import time

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
    assert PARENT not in pids


def test_results_larger_than_a_pipe_arrive_whole() -> None:
    chunks = [n * 100_000 for n in range(1, 6)]
    results = forking.map_in_forks(lambda n: "x" * n, chunks, 2)
    assert [len(r) for r in results] == chunks


def test_more_chunks_than_one_byte_can_number_is_refused() -> None:
    with pytest.raises(ValueError, match="at most 256 chunks"):
        forking.map_in_forks(str, list(range(forking.MAX_CHUNKS + 1)), 2)
    assert len(forking.map_in_forks(str, list(range(forking.MAX_CHUNKS)), 2)) == 256


def test_a_killed_child_s_chunk_is_done_again_here() -> None:
    def die_in_a_child(chunk: list[int]) -> tuple[int, int]:
        if os.getpid() != PARENT and chunk == [2]:
            os.kill(os.getpid(), signal.SIGKILL)
        return pid_and_sum(chunk)

    results = forking.map_in_forks(die_in_a_child, [[1], [2], [3]], 2)
    assert [total for _, total in results] == [1, 2, 3]
    assert results[1][0] == PARENT and results[0][0] != PARENT != results[2][0]


def test_a_failing_or_unpicklable_chunk_is_done_again_here() -> None:
    def awkward(chunk: str) -> object:
        if os.getpid() != PARENT:
            if chunk == "raise":
                raise RuntimeError("only in the child")
            if chunk == "lambda":
                return lambda: None  # can't be pickled
        return (chunk, os.getpid() == PARENT)

    results = forking.map_in_forks(awkward, ["raise", "lambda", "fine"], 3)
    assert results == [("raise", True), ("lambda", True), ("fine", False)]


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
        import time

        time.sleep(0.05)
        running = len(list(tmp_path.glob("*.running")))
        mark.unlink()
        return running

    assert max(forking.map_in_forks(note_running, list(range(8)), 2)) <= 2


def test_an_interrupted_run_leaves_no_children(monkeypatch) -> None:
    import time

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
