#!/usr/bin/env python3
"""Where `ortk lint` spends its time on the bulk corpus: cProfile, sorted by cumulative time.

    .venv/bin/python bench/profile.py            # top 10 toolkit entries
    .venv/bin/python bench/profile.py --top 25 --all   # every module, not only toolkit

Same as `python -m cProfile -s cumtime -m toolkit lint bench/corpus/files`, filtered to
toolkit's own functions (the profile is kept in bench/corpus/ortk-lint.prof for pstats/snakeviz).
Run `make bench` (or bench/make_corpus.py) first for the corpus.
"""

from __future__ import annotations

import argparse
import io
import pstats
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = ROOT / ".venv" / "bin" / "python"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--all", action="store_true", help="do not filter to toolkit")
    parser.add_argument("paths", nargs="*", default=[str(BENCH / "corpus" / "files")])
    args = parser.parse_args()
    out = BENCH / "corpus" / "ortk-lint.prof"
    subprocess.run(
        [str(PY), "-m", "cProfile", "-o", str(out), "-m", "toolkit", "lint", *args.paths],
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    stream = io.StringIO()
    stats = pstats.Stats(str(out), stream=stream)
    total = stats.total_tt  # type: ignore[attr-defined]
    stats.sort_stats("cumulative")
    stats.print_stats(*([] if args.all else [r"/toolkit/"]), args.top)
    print(f"total profiled time {total:.2f} s (profiling overhead included)")
    print(stream.getvalue().split("   ncalls", 1)[-1].join(["   ncalls", ""]).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
