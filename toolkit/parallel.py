"""Run a function over chunks of work in this process and forked children; the children's
results come back by pipe.

`ortk lint` on thousands of files uses one process per core. multiprocessing with
concurrent.futures would do the same, but importing them costs about 22 ms (measured on
the project's machine: 88 vs 66 ms for `import toolkit.cli` with and without them; a
2,000-file run takes about 300 ms); forked children, a pipe of chunk numbers and a pipe
back from each child are all this needs.

This process and the children claim chunks one at a time from a pipe of one-byte chunk
numbers (the way GNU make's jobserver hands out tokens), so a process on a busy core
simply does fewer chunks: on a shared machine, fixed shares left one child finishing up
to 90 ms after the other in a 300 ms run. POSIX only: callers check `available()` and use
a process pool elsewhere.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import selectors
import signal
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

# Chunk numbers are single bytes: a one-byte read from a pipe is atomic, whoever reads.
MAX_CHUNKS = 256
_LENGTH = 4  # bytes of the length before each pickled (chunk number, result)


def available() -> bool:
    return hasattr(os, "fork")


def map_in_forks(
    function: Callable[[Chunk], Result],
    chunks: Sequence[Chunk],
    processes: int,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """`[function(chunk) for chunk in chunks]`, the chunks shared out among `processes`
    processes as each becomes free: this one and `processes - 1` forked children.

    This process claims chunks too, rather than wait: a chunk it does is not pickled,
    sent and read back, and a child costs more than its start. Every page of memory a
    child writes that it shares with this process is copied on a page fault, about 3,500
    of them for a child of `ortk lint`, at 5-12 us each on the machine where this was
    measured: a child's first chunk takes twice as long as the others.

    A chunk a child could not finish (killed, out of memory, an error, a result that
    can't be pickled) is done again in this process, as is everything if no child could
    start, so a run never loses work. `on_result` sees each result as it arrives.
    """
    if len(chunks) > MAX_CHUNKS:
        raise ValueError(f"at most {MAX_CHUNKS} chunks, not {len(chunks)}")
    results: dict[int, Result] = {}

    def finish(index: int, result: Result) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    claims, tickets = os.pipe()
    os.write(tickets, bytes(range(len(chunks))))  # (fits: a pipe holds at least 4 KB)
    os.close(tickets)  # once the chunks run out, every claim reads end-of-file
    children = _Children(finish)
    # Frozen objects are left alone by the garbage collector, so the children don't copy
    # the memory pages of everything they inherit (Python's advice for fork).
    caller_froze = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        for _ in range(min(max(1, processes), len(chunks)) - 1):
            child = _start(function, chunks, claims)
            if child is None:
                break
            children.add(*child)
        while claim := os.read(claims, 1):
            finish(claim[0], function(chunks[claim[0]]))
            children.collect(timeout=0)  # (a child blocks once its pipe is full)
        os.close(claims)
        claims = -1
        while children:
            children.collect(timeout=None)
    finally:
        if claims >= 0:
            os.close(claims)
        children.stop()  # interrupted, or an error here: leave nothing behind
        if not caller_froze:
            gc.unfreeze()
    for index, chunk in enumerate(chunks):
        if index not in results:  # its child failed
            finish(index, function(chunk))
    return [results[index] for index in range(len(chunks))]


class _Children:
    """The running children, and what each has sent so far."""

    def __init__(self, finish: Callable[[int, Any], None]) -> None:
        self.finish = finish
        self.running: dict[int, tuple[int, bytearray]] = {}  # read end -> (pid, data so far)
        self.selector = selectors.DefaultSelector()

    def __bool__(self) -> bool:
        return bool(self.running)

    def add(self, pid: int, read_end: int) -> None:
        self.running[read_end] = (pid, bytearray())
        self.selector.register(read_end, selectors.EVENT_READ)

    def collect(self, timeout: float | None) -> None:
        """The results the children have sent, waiting up to `timeout` for one (None:
        until there is one); a child whose pipe is closed has ended."""
        if not self.running:
            return
        for key, _ in self.selector.select(timeout):
            read_end = int(key.fd)
            pid, data = self.running[read_end]
            block = os.read(read_end, 1 << 20)
            if block:
                data += block
                for index, result in _complete_messages(data):
                    self.finish(index, result)
                continue
            self.selector.unregister(read_end)
            os.close(read_end)
            del self.running[read_end]
            os.waitpid(pid, 0)

    def stop(self) -> None:
        for read_end, (pid, _) in self.running.items():
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read_end)
        self.running.clear()
        self.selector.close()


def _start(
    function: Callable[[Chunk], Result], chunks: Sequence[Chunk], claims: int
) -> tuple[int, int] | None:
    """(pid, read end of its pipe) of a child working through `chunks`, or None."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no more processes: the ones running (or this one) do the chunks
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        os.close(read_end)
        _work(function, chunks, claims, write_end)
    os.close(write_end)
    return pid, read_end


def _work(
    function: Callable[[Chunk], Result], chunks: Sequence[Chunk], claims: int, write_end: int
) -> NoReturn:
    status = 1
    try:
        with open(write_end, "wb") as pipe:
            while claim := os.read(claims, 1):
                index = claim[0]
                message = pickle.dumps((index, function(chunks[index])), pickle.HIGHEST_PROTOCOL)
                pipe.write(len(message).to_bytes(_LENGTH, "little") + message)
                pipe.flush()
        status = 0
    except BaseException:  # the parent does the claimed chunk again and reports on it
        pass
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


def _complete_messages(data: bytearray) -> list[tuple[int, Any]]:
    """The (chunk number, result) messages complete in `data`, taken out of it."""
    messages = []
    while len(data) >= _LENGTH:
        end = _LENGTH + int.from_bytes(data[:_LENGTH], "little")
        if len(data) < end:
            break
        with contextlib.suppress(Exception):  # (not expected: the parent redoes the chunk)
            messages.append(pickle.loads(data[_LENGTH:end]))
        del data[:end]
    return messages


def map_in_processes(
    function: Callable[[Chunk], Result],
    chunks: Sequence[Chunk],
    processes: int,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """`map_in_forks` where fork exists; elsewhere (Windows) spawned workers, each importing
    ortk anew (`function` must then be picklable: a module-level function or a partial of
    one). A pool that breaks (a worker killed) is redone in this process."""
    if available():
        return map_in_forks(function, chunks, processes, on_result)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    results = []
    try:
        with ProcessPoolExecutor(processes) as pool:
            for result in pool.map(function, chunks):
                results.append(result)
                if on_result is not None:
                    on_result(result)
    except BrokenProcessPool:
        # (pool.map returns in order: the chunks after the last result are redone here)
        for chunk in chunks[len(results) :]:
            results.append(function(chunk))
            if on_result is not None:
                on_result(results[-1])
    return results
