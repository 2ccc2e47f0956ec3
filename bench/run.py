#!/usr/bin/env python3
"""`make bench`: ortk and the alternatives, side by side in one run, on generated corpora.

Prints Markdown tables of medians and ratios and writes them, with the date, the
machine and the command, to bench/results.md (and the README's Performance section).
Standard library only: every tool runs as a subprocess from bench/.venv, where `make
bench` installs ortk from its wheel next to python-jsonschema and check-jsonschema.

Two corpora of the same requests: the clean one (95% clean files) and the warning-heavy
one (bench/warning_mix.py: the mistakes real traffic carries), each as files and as one
JSONL of the same payloads, each shape against its own orjson floor. Whole-process
timings use hyperfine when it is installed, otherwise an internal timer that interleaves
the commands round by round; ratios to the floor are also measured in back-to-back pairs.

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --quick         # fewer runs, smaller inputs: a smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import sections
import tables
from corpus import BENCH, CJ, CORPUS, ORTK, ROOT, Corpus, ensure_corpus, pick_one
from host import git_state, load, machine, update_readme, versions
from schema_choice import choose_schema
from timing import Timer, say


@dataclass
class Run:
    """What every section needs: the options, the timer, the inputs."""

    args: argparse.Namespace
    timer: Timer
    clean: Corpus
    warnings: Corpus
    schema: str  # file name inside bench/corpus
    schema_note: str
    one: Path
    results: dict = field(default_factory=dict)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="ortk benchmarks (issues 5 and 14)")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20, help="runs of the fast bulk commands")
    parser.add_argument(
        "--slow-runs", type=int, default=3, help="python-jsonschema, check-jsonschema"
    )
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=15, help="paired rounds per ratio")
    parser.add_argument("--jsonl", default="50,300", help="JSONL sizes in MB for the memory rows")
    parser.add_argument("--timer", choices=["auto", "hyperfine", "internal"], default="auto")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument("--no-instructions", action="store_true", help="skip callgrind")
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: few runs, 200 files, results to stdout"
    )
    args = parser.parse_args()
    if args.quick:
        args.runs, args.slow_runs, args.startup_runs, args.pairs = 3, 2, 5, 3
        args.jsonl, args.files, args.no_instructions = "5", 200, True
    return args


def prepare(args: argparse.Namespace) -> Run:
    for needed in (ORTK, CJ):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: run `make bench` (it makes bench/.venv)")
    kind = args.timer
    if kind == "auto":
        kind = "hyperfine" if shutil.which("hyperfine") else "internal"
    CORPUS.mkdir(exist_ok=True)
    clean, warnings = ensure_corpus("clean", args.files), ensure_corpus("warnings", args.files)
    schema, note = choose_schema()
    return Run(args, Timer(kind, CORPUS), clean, warnings, schema, note, pick_one(clean))


def header(run: Run, host: dict, started: float) -> list[str]:
    argv = [os.path.relpath(sys.executable, ROOT), os.path.relpath(__file__, ROOT), *sys.argv[1:]]
    command = " ".join(shlex.quote(a) for a in argv)
    if os.environ.get("MAKELEVEL"):
        command = f"make bench  (runs: {command})"
    return [
        "# ortk benchmarks",
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {host['nproc']} cores ({host['cpu']}), {host['memory']}, {host['os']}",
        f"- load average at start / end: {host['load']} / {load()} (shared machine: expect noise)",
        f"- command: `{command}`",
        f"- timer: {run.timer.kind}; versions: {versions(run.timer.kind)}",
        f"- ortk source: {git_state()}",
        f"- schema: {run.schema_note}",
        f"- total bench time: {time.perf_counter() - started:.0f} s",
        "",
    ]


def main() -> int:
    started, host = time.perf_counter(), machine()
    run = prepare(parse_args())
    say(f"corpora: {run.clean.describe()} / {run.warnings.describe()}; load {host['load']}")
    for section in sections.ALL:
        section(run)
    text = tables.render(run)
    print(text)
    lines = header(run, host, started)
    if not run.args.quick:
        run.args.out.write_text("\n".join(lines) + "\n" + text + "\n")
        say(f"written to {os.path.relpath(run.args.out, Path.cwd())}")
        if update_readme(lines[2:-1], text):
            say("README.md: Performance tables replaced by this run's")
    print("\n".join(lines[2:-1]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
