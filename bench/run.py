#!/usr/bin/env python3
"""`make bench`: ortk and the alternatives, side by side in one run, on one generated corpus.

Prints Markdown tables of medians and ratios and writes them, with the date, the
machine and the command, to bench/results.md. Standard library only: every tool
runs as a subprocess from bench/.venv, where `make bench` installs ortk from its
wheel next to python-jsonschema and check-jsonschema.

Whole-process timings use hyperfine when it is installed, otherwise an internal
timer that interleaves the commands round by round (paired under the same load)
and reports medians. Peak memory comes from `/usr/bin/time -v`, otherwise from
getrusage(RUSAGE_CHILDREN) in a fresh wrapper process.

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --quick         # fewer runs, one small JSONL: a smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = BENCH / "corpus"
FILES = CORPUS / "files"
MANIFEST = CORPUS / "files.manifest.json"
JSONL_DIR = CORPUS / "jsonl"
SCRIPTS = BENCH / "scripts"
# Every tool runs from the bench venv (made by `make bench`): ortk installed from its wheel
# as users install it, with jsonschema-rs, pydantic and orjson; python-jsonschema and
# check-jsonschema beside it. One interpreter and environment for all: fair start-ups.
PY = BENCH / ".venv" / "bin" / "python"
ORTK = BENCH / ".venv" / "bin" / "ortk"
CJ = BENCH / ".venv" / "bin" / "check-jsonschema"
FLAT_SCHEMA = CORPUS / "request.schema.flat.json"
ORTK_SCHEMA = CORPUS / "request.schema.ortk-bundle.json"
ONE = CORPUS / "one.json"


# --- timing ---------------------------------------------------------------------------------


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
    def __init__(self, kind: str) -> None:
        self.kind = kind

    def measure(self, commands: list[Cmd], warmup: int) -> None:
        for runs in sorted({c.runs for c in commands}, reverse=True):
            group = [c for c in commands if c.runs == runs]
            if self.kind == "hyperfine":
                self._hyperfine(group, runs, warmup if runs > 3 else 0)
            else:
                self._internal(group, runs, warmup if runs > 3 else 0)

    def _hyperfine(self, group: list[Cmd], runs: int, warmup: int) -> None:
        with tempfile.NamedTemporaryFile(suffix=".json", dir=CORPUS, delete=False) as handle:
            export = handle.name
        argv = [
            "hyperfine",
            "-N",
            "--style",
            "none",
            "--ignore-failure",
            "--runs",
            str(runs),
            "--warmup",
            str(warmup),
            "--export-json",
            export,
        ]
        for c in group:
            argv += ["--command-name", c.name, shlex.join(c.argv)]
        subprocess.run(argv, cwd=CORPUS, check=True)
        results = json.loads(Path(export).read_text())["results"]
        os.unlink(export)
        for c, result in zip(group, results, strict=True):
            c.times = result["times"]

    def _internal(self, group: list[Cmd], runs: int, warmup: int) -> None:
        # Round by round, every command once per round: under a changing load, each
        # command's k-th sample was taken at nearly the same time as the others'.
        for round_number in range(warmup + runs):
            for c in group:
                start = time.perf_counter()
                subprocess.run(
                    c.argv, cwd=CORPUS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                elapsed = time.perf_counter() - start
                if round_number >= warmup:
                    c.times.append(elapsed)


def paired_ratios(base: list[str], other: list[str], rounds: int) -> list[float]:
    """`other`'s time over `base`'s, round by round, each pair run back to back.

    On a shared machine the load drifts during a run; the two commands of a round see
    nearly the same load, so the median of the per-round ratios is the steadier figure.
    """
    ratios = []
    for _ in range(rounds + 1):  # (the first round warms the caches and is dropped)
        times = []
        for argv in (base, other):
            start = time.perf_counter()
            subprocess.run(argv, cwd=CORPUS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        ratios.append(times[1] / times[0])
    return ratios[1:]


README = ROOT / "README.md"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_readme(facts: list[str], tables: str) -> bool:
    """Put this run's facts and tables between the README's bench markers, so the numbers
    there always come from `make bench`."""
    text = README.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return False
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    demoted = re.sub(r"(?m)^### ", "#### ", tables).strip()
    body = "\n".join([*facts, "", demoted])
    README.write_text(f"{head}{README_START}\n{body}\n{README_END}{tail}", encoding="utf-8")
    return True


# --- helpers --------------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def output(argv: list[str], **kwargs) -> str:
    return subprocess.run(argv, capture_output=True, text=True, **kwargs).stdout.strip()


def fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_x(ratio: float) -> str:
    return f"{ratio:.1f}x" if ratio < 100 else f"{ratio:.0f}x"


def flatten_schema(kind: str) -> dict:
    """schema/<kind>.schema.json with every document it references merged into its `$defs`,
    cross-document `$ref`s rewritten to local pointers: one self-contained, equivalent file
    (no embedded `$id` resources, which python-jsonschema's `referencing` re-crawls on every
    cross-resource lookup: tens of times slower, not a fair comparison)."""
    docs = {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "schema").glob("*.schema.json"))
    }
    seen: set[str] = set()

    def rewrite(node, found: set[str]):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                    document, _, pointer = value.partition("#")
                    found.add(document)
                    value = "#" + pointer
                out[key] = rewrite(value, found)
            return out
        if isinstance(node, list):
            return [rewrite(item, found) for item in node]
        return node

    pending: set[str] = set()
    root = rewrite(docs[f"{kind}.schema.json"], pending)
    seen.add(f"{kind}.schema.json")
    while pending - seen:
        name = sorted(pending - seen)[0]
        seen.add(name)
        for key, value in rewrite(docs[name].get("$defs", {}), pending).items():
            if key in root["$defs"]:
                raise SystemExit(f"cannot flatten: $defs/{key} is defined twice")
            root["$defs"][key] = value
    return root


def ortk_bundle_problem() -> str | None:
    """Why `ortk schema request` can't be the schema every tool uses, or None when it can:
    it must resolve in both engines and embed no `$id` resources (python-jsonschema's
    `referencing` re-crawls those on every cross-resource lookup, tens of times slower)."""
    result = subprocess.run([str(ORTK), "schema", "request"], capture_output=True, text=True)
    if result.returncode:
        return f"`ortk schema request` exit {result.returncode}"
    ORTK_SCHEMA.write_text(result.stdout)
    if any(
        isinstance(d, dict) and "$id" in d
        for d in json.loads(result.stdout).get("$defs", {}).values()
    ):
        return "it embeds `$id` resources"
    examples = [
        str(p) for p in sorted((ROOT / "examples").glob("*.json")) if "response" not in p.name
    ]
    probes = [
        "import json,sys,jsonschema_rs\n"
        "v=jsonschema_rs.validator_for(json.load(open(sys.argv[1])))\n",
        "import json,sys,jsonschema\n"
        "s=json.load(open(sys.argv[1]))\n"
        "v=jsonschema.validators.validator_for(s)(s)\n",
    ]
    for probe in probes:
        probe += "for f in sys.argv[2:]: list(v.iter_errors(json.load(open(f))))\n"
        check = subprocess.run(
            [str(PY), "-c", probe, str(ORTK_SCHEMA), *examples], capture_output=True, text=True
        )
        if check.returncode:
            lines = [ln.strip() for ln in check.stderr.splitlines() if "Error" in ln] or ["?"]
            return lines[-1][:200]
    return None


def stale(target: Path) -> bool:
    return (
        not target.exists() or target.stat().st_mtime < (BENCH / "make_corpus.py").stat().st_mtime
    )


def ensure_corpus(files: int, jsonl_sizes: list[float]) -> dict:
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    if stale(MANIFEST) or manifest.get("files") != files:
        say(f"generating the corpus: {files} files")
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "make_corpus.py"),
                "--files",
                str(files),
                "--out",
                str(FILES),
            ],
            check=True,
            stdout=sys.stderr,
        )
        manifest = json.loads(MANIFEST.read_text())
    for size in jsonl_sizes:
        path = JSONL_DIR / f"requests-{size:g}mb.jsonl"
        if stale(path):
            say(f"generating {path.name}")
            subprocess.run(
                [
                    sys.executable,
                    str(BENCH / "make_corpus.py"),
                    "--jsonl",
                    f"{size:g}",
                    "--out",
                    str(JSONL_DIR),
                ],
                check=True,
                stdout=sys.stderr,
            )
    one = next(
        n
        for n in sorted(os.listdir(FILES))
        if n.endswith("-simple.json") and n not in manifest["invalid"]
    )
    shutil.copyfile(FILES / one, ONE)
    return manifest


def peak_rss(argv: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of one run of argv."""
    time_bin = "/usr/bin/time"
    if os.access(time_bin, os.X_OK):
        with tempfile.NamedTemporaryFile("r", suffix=".txt", dir=CORPUS) as report:
            start = time.perf_counter()
            subprocess.run(
                [time_bin, "-v", "-o", report.name, *argv],
                cwd=CORPUS,
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
    kb, wall = output([sys.executable, "-c", wrapper, *argv], cwd=CORPUS).split()
    return int(kb) / 1024, float(wall)


def instructions(argv: list[str]) -> int | None:
    """Instructions a command executes, its children included (callgrind; string hashing
    fixed so that runs repeat). Unlike times on a shared machine, these hold still."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        cwd=CORPUS,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    counts = re.findall(r"refs:\s+([\d,]+)", done.stderr)
    return sum(int(c.replace(",", "")) for c in counts) if counts else None


def count_lines(path: Path) -> int:
    lines = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, AttributeError):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "os": platform.platform(),
    }


def versions(timer: str) -> str:
    probe = (
        "import importlib.metadata as m,sys\n"
        "print(' '.join(f'{n}=={m.version(n)}' for n in sys.argv[1:]))"
    )
    project = output([str(PY), "-c", probe, "ortk", "jsonschema-rs", "jiter", "pydantic", "orjson"])
    alternatives = output([str(PY), "-c", probe, "jsonschema", "check-jsonschema"])
    python = output([str(PY), "-c", "import platform; print(platform.python_version())"])
    hyperfine = output(["hyperfine", "--version"]) if timer == "hyperfine" else "internal timer"
    return f"Python {python}; {project}; {alternatives}; {hyperfine}"


def git_state() -> str:
    head = output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT) or "?"
    dirty = output(
        ["git", "status", "--porcelain", "--", "toolkit", "schema", "generated"], cwd=ROOT
    )
    return head + (" + uncommitted changes in toolkit/schema/generated" if dirty else " (clean)")


# --- the run --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="ortk benchmarks (issue 5)")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20, help="runs of the fast bulk commands")
    parser.add_argument(
        "--slow-runs",
        type=int,
        default=3,
        help="runs of python-jsonschema and check-jsonschema in bulk",
    )
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--jsonl", default="50,300", help="JSONL sizes in MB for the memory rows")
    parser.add_argument("--timer", choices=["auto", "hyperfine", "internal"], default="auto")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument(
        "--no-instructions", action="store_true", help="skip the callgrind instruction counts"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: 3/2/5 runs, one 5 MB JSONL, results to stdout only",
    )
    args = parser.parse_args()
    if args.quick:
        args.runs, args.slow_runs, args.startup_runs, args.jsonl = 3, 2, 5, "5"
    for needed in (ORTK, CJ):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: run `make bench` (it makes bench/.venv)")
    timer_kind = args.timer
    if timer_kind == "auto":
        timer_kind = "hyperfine" if shutil.which("hyperfine") else "internal"
    timer = Timer(timer_kind)
    started = time.perf_counter()
    host = machine()
    jsonl_sizes = [float(s) for s in args.jsonl.split(",") if s]

    CORPUS.mkdir(exist_ok=True)
    manifest = ensure_corpus(args.files, jsonl_sizes)
    problem = ortk_bundle_problem()
    if problem is None:
        schema_path = ORTK_SCHEMA
        schema_note = (
            f"every tool validates against `ortk schema request` (bench/corpus/{ORTK_SCHEMA.name})"
        )
    else:
        FLAT_SCHEMA.write_text(json.dumps(flatten_schema("request"), indent=1))
        schema_path = FLAT_SCHEMA
        schema_note = (
            f"`ortk schema request` is not usable ({problem}); every tool validates "
            f"against bench/corpus/{FLAT_SCHEMA.name}, made by bench/run.py from "
            "schema/*.schema.json (cross-document $refs made local)"
        )
    files_rel = sorted(f"files/{n}" for n in os.listdir(FILES) if n.endswith(".json"))
    schema_arg = schema_path.name
    corpus_desc = (
        f"{manifest['files']:,} request files, {manifest['bytes'] / 1e6:.1f} MB, "
        f"{len(manifest['invalid'])} invalid; corpus sha256 {manifest['sha256'][:16]}"
    )
    say(f"corpus: {corpus_desc}; timer: {timer_kind}; load {host['load']}")

    # --- bulk ---------------------------------------------------------------------------
    fast, slow = args.runs, args.slow_runs
    bulk = [
        Cmd(
            "read + parse only, orjson (the floor)",
            [str(PY), str(SCRIPTS / "floor_orjson.py"), "files"],
            fast,
        ),
        Cmd(
            "minimal script, jsonschema-rs",
            [str(PY), str(SCRIPTS / "validate_rs.py"), schema_arg, "files"],
            fast,
        ),
        Cmd(
            "minimal script, python-jsonschema",
            [str(PY), str(SCRIPTS / "validate_py.py"), schema_arg, "files"],
            slow,
        ),
        Cmd(
            "check-jsonschema --schemafile (same schema)",
            [str(CJ), "--schemafile", schema_arg, *files_rel],
            slow,
        ),
        Cmd(
            "generated pydantic models (ChatRequest.model_validate)",
            [str(PY), str(SCRIPTS / "validate_pydantic.py"), "files"],
            fast,
        ),
        Cmd("ortk lint files/ (schema + every rule)", [str(ORTK), "lint", "files"], fast),
    ]
    floor_cmd, rs_cmd, py_cmd, cj_cmd, pyd_cmd, ortk_cmd = bulk

    say("verdicts (one untimed run of each bulk command)")
    invalid_found: dict[str, str] = {floor_cmd.name: "-"}
    for c in (rs_cmd, py_cmd, pyd_cmd):
        found = re.search(r"(\d+) invalid", output(c.argv, cwd=CORPUS))
        invalid_found[c.name] = found.group(1) if found else "?"
    cj_out = output([*cj_cmd.argv[:3], "--output-format", "json", *files_rel], cwd=CORPUS)
    try:
        cj_report = json.loads(cj_out)
        invalid_found[cj_cmd.name] = str(len({e["filename"] for e in cj_report.get("errors", [])}))
    except json.JSONDecodeError:
        invalid_found[cj_cmd.name] = "?"
    try:
        report = json.loads(output([str(ORTK), "lint", "--format", "json", "files"], cwd=CORPUS))
        diagnostics = report["diagnostics"]
        schema_files = {d["file"] for d in diagnostics if d["code"].startswith(("ORT0", "ORT1"))}
        error_files = {d["file"] for d in diagnostics if d["severity"] == "error"}
        other = {d["file"] for d in diagnostics} - schema_files
        invalid_found[ortk_cmd.name] = (
            f"{len(schema_files)} (schema); {len(error_files)} with "
            f"errors; {len(other)} more with rule findings only"
        )
    except (json.JSONDecodeError, KeyError):
        invalid_found[ortk_cmd.name] = "?"

    say(f"bulk: {len(bulk)} commands, {fast} runs (python-jsonschema, check-jsonschema: {slow})")
    timer.measure(bulk, warmup=1)
    say(f"bulk: the floor and ortk in {args.runs} paired rounds")
    paired = paired_ratios(floor_cmd.argv, ortk_cmd.argv, args.runs)

    # --- start-up -----------------------------------------------------------------------
    one = ONE.name
    startup = [
        Cmd("python -c pass", [str(PY), "-c", "pass"], args.startup_runs),
        Cmd(
            "minimal script, jsonschema-rs",
            [str(PY), str(SCRIPTS / "validate_rs.py"), schema_arg, one],
            args.startup_runs,
        ),
        Cmd(
            "minimal script, python-jsonschema",
            [str(PY), str(SCRIPTS / "validate_py.py"), schema_arg, one],
            args.startup_runs,
        ),
        Cmd(
            "check-jsonschema --schemafile",
            [str(CJ), "--schemafile", schema_arg, one],
            max(5, args.startup_runs // 2),
        ),
        Cmd("ortk lint one.json", [str(ORTK), "lint", one], args.startup_runs),
        Cmd("ortk --version", [str(ORTK), "--version"], args.startup_runs),
        Cmd("ortk --help", [str(ORTK), "--help"], args.startup_runs),
    ]
    say(f"start-up: {len(startup)} commands on {one} ({ONE.stat().st_size} bytes)")
    timer.measure(startup, warmup=3)

    # --- library ------------------------------------------------------------------------
    say("library: toolkit.validate_request on parsed payloads (timeit, best of 5)")
    lib = json.loads(
        output(
            [str(PY), str(SCRIPTS / "lib_bench.py"), str(FILES), str(MANIFEST), str(schema_path)]
        )
    )

    # --- memory -------------------------------------------------------------------------
    memory_rows = []
    rss, wall = peak_rss([str(ORTK), "lint", one])
    memory_rows.append(("ortk lint one.json (baseline)", ONE.stat().st_size, 1, rss, wall))
    for size in jsonl_sizes:
        path = JSONL_DIR / f"requests-{size:g}mb.jsonl"
        say(f"memory: ortk lint {path.name}")
        rss, wall = peak_rss([str(ORTK), "lint", str(path)])
        memory_rows.append(
            (f"ortk lint {path.name}", path.stat().st_size, count_lines(path), rss, wall)
        )

    # --- cores --------------------------------------------------------------------------
    lint_help = output([str(ORTK), "lint", "--help"])
    cores: list[Cmd] = []
    if "--jobs" in lint_help:
        cores = [
            Cmd(
                f"ortk lint --jobs {n} files/", [str(ORTK), "lint", "--jobs", str(n), "files"], fast
            )
            for n in (1, 2)
        ]
        say("cores: ortk lint --jobs 1 and 2")
        timer.measure(cores, warmup=1)

    # --- instructions -------------------------------------------------------------------
    counted: list[tuple[str, int | None, bool]] = []  # (name, count, over the bulk corpus)
    if not args.no_instructions and not args.quick and shutil.which("valgrind"):
        say("instructions: callgrind, one run each")
        for name, argv, bulk_run in (
            ("python -c pass", startup[0].argv, False),
            (floor_cmd.name, floor_cmd.argv, True),
            ("ortk lint --jobs 1 files/ (one process)", [str(ORTK), "lint", "-j1", "files"], True),
            ("ortk lint one.json", [str(ORTK), "lint", one], False),
        ):
            counted.append((name, instructions(argv), bulk_run))

    # --- the tables ---------------------------------------------------------------------
    host_end = machine()["load"]
    lines: list[str] = []
    add = lines.append
    add(f"### Bulk: {corpus_desc} (whole process)\n")
    add(
        "| command | median | min | runs | vs the floor | check-jsonschema ÷ this "
        "| invalid files found |"
    )
    add("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for c in bulk:
        add(
            f"| {c.name} | {fmt_s(c.median)} | {fmt_s(c.low)} | {len(c.times)} | "
            f"{fmt_x(c.median / floor_cmd.median)} | {fmt_x(cj_cmd.median / c.median)} | "
            f"{invalid_found.get(c.name, '')} |"
        )
    vs_floor, vs_cj = ortk_cmd.median / floor_cmd.median, cj_cmd.median / ortk_cmd.median
    low_floor, low_cj = ortk_cmd.low / floor_cmd.low, cj_cmd.low / ortk_cmd.low
    quartiles = statistics.quantiles(paired, n=4)
    vs_floor_paired = statistics.median(paired)
    add(
        f"\nortk ÷ the floor, paired (the two run back to back, {len(paired)} rounds): "
        f"median **{fmt_x(vs_floor_paired)}** (quartiles {quartiles[0]:.2f}-{quartiles[2]:.2f}); "
        f"from the table: {fmt_x(vs_floor)} by medians, {fmt_x(low_floor)} by fastest runs.\n"
    )
    add(
        f"Targets: ortk within 2x the floor (paired median): **{fmt_x(vs_floor_paired)}** "
        f"({'met' if vs_floor_paired <= 2 else 'not met'}); at least 25x faster than "
        f"check-jsonschema: **{fmt_x(vs_cj)}** by medians ({'met' if vs_cj >= 25 else 'not met'}), "
        f"{fmt_x(low_cj)} by fastest runs.\n"
    )

    add(f"### Start-up: one small request file ({ONE.stat().st_size} bytes, whole process)\n")
    cj_start = startup[3]
    add("| command | median | min | runs | ÷ check-jsonschema |")
    add("| --- | ---: | ---: | ---: | ---: |")
    for c in startup:
        add(
            f"| {c.name} | {fmt_s(c.median)} | {fmt_s(c.low)} | {len(c.times)} | "
            f"{c.median / cj_start.median:.2f} |"
        )
    ratio = startup[4].median / cj_start.median
    add(
        f"\nTarget: `ortk lint one.json` at most 1/3 of check-jsonschema: **{ratio:.2f}** "
        f"({'met' if ratio <= 1 / 3 else 'not met'}); aim under 50 ms: "
        f"**{fmt_s(startup[4].median)}**.\n"
    )

    add("### Library: µs per already-parsed payload (timeit, best of 5)\n")
    add(
        "| payloads (sample of the corpus) | n | avg size | messages | `toolkit.validate_request` "
        "| jsonschema-rs `iter_errors` alone | pydantic `model_validate` | with findings |"
    )
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in lib:
        add(
            f"| {row['payloads']} | {row['n']} | {row['avg_kb']:.1f} KB | {row['messages']} | "
            f"{row['validate_request_us']:,.1f} | {row['jsonschema_rs_us']:,.1f} | "
            f"{row['pydantic_us']:,.1f} | {row['findings']} |"
        )
    add("")

    add("### Memory: peak RSS (one run each)\n")
    add("| command | input | records | peak RSS | wall | throughput |")
    add("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, size, records, rss, wall in memory_rows:
        shown = f"{size / 1e6:,.1f} MB" if size >= 100_000 else f"{size:,} bytes"
        speed = f"{size / 1e6 / wall:,.1f} MB/s" if size >= 100_000 else "-"
        add(f"| {name} | {shown} | {records:,} | {rss:,.0f} MB | {fmt_s(wall)} | {speed} |")
    if len(memory_rows) >= 3:
        (_, size_a, records_a, rss_a, _), (_, size_b, records_b, rss_b, _) = memory_rows[-2:]
        growth = (rss_b - rss_a) / ((size_b - size_a) / 1e6)
        flat_enough = rss_b <= rss_a * 1.25
        add(
            f"\nTarget: peak memory does not grow with the records: {records_a:,} -> "
            f"{records_b:,} records, {rss_a:,.0f} -> {rss_b:,.0f} MB "
            f"(**{growth:.2f} MB per MB of input**; {'met' if flat_enough else 'not met'})."
        )
    add("")

    add("### Cores\n")
    if cores:
        add("| command | median | min | runs | speed-up |")
        add("| --- | ---: | ---: | ---: | ---: |")
        for c in cores:
            add(
                f"| {c.name} | {fmt_s(c.median)} | {fmt_s(c.low)} | {len(c.times)} | "
                f"{cores[0].median / c.median:.2f}x |"
            )
    else:
        add("n/a (no --jobs yet)")
    add("")

    add("### Instructions (callgrind, PYTHONHASHSEED=0; repeatable where times are not)\n")
    if counted:
        floor_count = counted[1][1]
        add("| command | instructions | vs the floor |")
        add("| --- | ---: | ---: |")
        for name, count, bulk_run in counted:
            shown = f"{count / 1e6:,.0f} M" if count else "?"
            ratio = fmt_x(count / floor_count) if bulk_run and count and floor_count else "-"
            add(f"| {name} | {shown} | {ratio} |")
    else:
        add("not counted (valgrind is not installed, or --no-instructions / --quick)")
    add("")
    tables = "\n".join(lines)
    print(tables)

    command = " ".join(
        shlex.quote(a)
        for a in [
            os.path.relpath(sys.executable, ROOT),
            os.path.relpath(__file__, ROOT),
            *sys.argv[1:],
        ]
    )
    if os.environ.get("MAKELEVEL"):
        command = f"make bench  (runs: {command})"
    header = [
        "# ortk benchmarks",
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {host['nproc']} cores ({host['cpu']}), {host['memory']}, {host['os']}",
        f"- load average at start / end: {host['load']} / {host_end} "
        "(shared machine: expect noise)",
        f"- command: `{command}`",
        f"- timer: {timer_kind}; versions: {versions(timer_kind)}",
        f"- ortk source: {git_state()}",
        f"- schema: {schema_note}",
        f"- total bench time: {time.perf_counter() - started:.0f} s",
        "",
    ]
    if not args.quick:
        args.out.write_text("\n".join(header) + "\n" + tables + "\n")
        say(f"written to {os.path.relpath(args.out, Path.cwd())}")
        if update_readme(header[2:-1], tables):
            say("README.md: Performance tables replaced by this run's")
    print("\n".join(header[2:-1]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
