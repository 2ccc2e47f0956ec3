"""How `make bench` measures: whole-process times (hyperfine, or an interleaved internal
timer), back-to-back paired ratios, peak memory, and instruction counts (callgrind)."""

from __future__ import annotations

import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def output(argv: list[str], **kwargs) -> str:
    return subprocess.run(argv, capture_output=True, text=True, **kwargs).stdout.strip()


@dataclass
class Cmd:
    name: str
    argv: list[str]
    runs: int
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def low(self) -> float:
        return min(self.times)


class Timer:
    def __init__(self, kind: str, cwd: Path) -> None:
        self.kind = kind
        self.cwd = cwd

    def measure(self, commands: list[Cmd], warmup: int) -> None:
        for runs in sorted({c.runs for c in commands}, reverse=True):
            group = [c for c in commands if c.runs == runs]
            if self.kind == "hyperfine":
                self._hyperfine(group, runs, warmup if runs > 3 else 0)
            else:
                self._internal(group, runs, warmup if runs > 3 else 0)

    def _hyperfine(self, group: list[Cmd], runs: int, warmup: int) -> None:
        with tempfile.NamedTemporaryFile(suffix=".json", dir=self.cwd, delete=False) as handle:
            export = handle.name
        argv = ["hyperfine", "-N", "--style", "none", "--ignore-failure"]
        argv += ["--runs", str(runs), "--warmup", str(warmup), "--export-json", export]
        for c in group:
            argv += ["--command-name", c.name, shlex.join(c.argv)]
        subprocess.run(argv, cwd=self.cwd, check=True)
        results = json.loads(Path(export).read_text())["results"]
        os.unlink(export)
        for c, result in zip(group, results, strict=True):
            c.times = result["times"]

    def _internal(self, group: list[Cmd], runs: int, warmup: int) -> None:
        # Round by round, every command once per round: under a changing load, each
        # command's k-th sample was taken at nearly the same time as the others'.
        for round_number in range(warmup + runs):
            for c in group:
                elapsed = run_once(c.argv, self.cwd)
                if round_number >= warmup:
                    c.times.append(elapsed)


def run_once(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def paired_ratios(
    pairs: list[tuple[list[str], list[str]]], rounds: int, cwd: Path
) -> list[list[float]]:
    """For each (base, other) pair, `other`'s time over `base`'s, round by round, each
    pair run back to back and the pairs interleaved within a round.

    On a shared machine the load drifts during a run; the two commands of a pair see
    nearly the same load, so the median of the per-round ratios is the steadier figure.
    """
    ratios: list[list[float]] = [[] for _ in pairs]
    for round_number in range(rounds + 1):  # (the first round warms the caches: dropped)
        for found, (base, other) in zip(ratios, pairs, strict=True):
            base_time = run_once(base, cwd)
            ratio = run_once(other, cwd) / base_time
            if round_number:
                found.append(ratio)
    return ratios


def peak_rss(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of one run of argv."""
    time_bin = "/usr/bin/time"
    if os.access(time_bin, os.X_OK):
        with tempfile.NamedTemporaryFile("r", suffix=".txt", dir=cwd) as report:
            start = time.perf_counter()
            subprocess.run(
                [time_bin, "-v", "-o", report.name, *argv],
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wall = time.perf_counter() - start
            text = Path(report.name).read_text()
        kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
        return kb / 1024, wall
    wrapper = (
        "import resource,subprocess,sys,time\n"
        "t=time.perf_counter()\n"
        "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter()-t)"
    )
    kb, wall = output([sys.executable, "-c", wrapper, *argv], cwd=cwd).split()
    return int(kb) / 1024, float(wall)


def instructions(argv: list[str], cwd: Path) -> int | None:
    """Instructions a command executes, its children included (callgrind; string hashing
    fixed so that runs repeat). Unlike times on a shared machine, these hold still."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        cwd=cwd,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    counts = re.findall(r"refs:\s+([\d,]+)", done.stderr)
    return sum(int(c.replace(",", "")) for c in counts) if counts else None


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    low, _, high = statistics.quantiles(values, n=4)
    return low, statistics.median(values), high
