"""The measurements of `make bench`, one function per table; each stores its results in
`run.results` under its own name for `tables.render`."""

from __future__ import annotations

import json
import os
import re
import shutil

from corpus import CJ, CORPUS, MANIFEST_NAME, ORTK, PY, SCRIPTS, count_lines, ensure_memory_jsonl
from timing import Cmd, instructions, output, paired_ratios, peak_rss, say

FLOOR = str(SCRIPTS / "floor_orjson.py")
FLOOR_LINES = str(SCRIPTS / "floor_orjson_lines.py")
DESIGN_FLOOR = str(SCRIPTS / "design_floor.py")


def bulk(run) -> None:
    """The clean files: ortk against the floor and the alternatives."""
    fast, slow, files = run.args.runs, run.args.slow_runs, os.path.relpath(run.clean.files, CORPUS)
    files_rel = sorted(f"{files}/{n}" for n in os.listdir(run.clean.files) if n.endswith(".json"))
    commands = [
        Cmd("read + parse only, orjson (the floor)", [str(PY), FLOOR, files], fast),
        Cmd(
            "minimal script, jsonschema-rs",
            [str(PY), str(SCRIPTS / "validate_rs.py"), run.schema, files],
            fast,
        ),
        Cmd(
            "minimal script, python-jsonschema",
            [str(PY), str(SCRIPTS / "validate_py.py"), run.schema, files],
            slow,
        ),
        Cmd(
            "check-jsonschema --schemafile (same schema)",
            [str(CJ), "--schemafile", run.schema, *files_rel],
            slow,
        ),
        Cmd(
            "generated pydantic models (ChatRequest.model_validate)",
            [str(PY), str(SCRIPTS / "validate_pydantic.py"), files],
            fast,
        ),
        Cmd("ortk lint files/ (schema + every rule)", [str(ORTK), "lint", files], fast),
    ]
    say("bulk verdicts (one untimed run of each command)")
    found = _verdicts(commands, files_rel)
    say(
        f"bulk: {len(commands)} commands, {fast} runs (python-jsonschema, check-jsonschema: {slow})"
    )
    run.timer.measure(commands, warmup=1)
    run.results["bulk"] = {"commands": commands, "found": found}


def _verdicts(commands: list[Cmd], files_rel: list[str]) -> dict[str, str]:
    """How many invalid files each command reports (the bulk table's last column)."""
    floor, rs, py, cj, pyd, ortk = commands
    found = {floor.name: "-"}
    for c in (rs, py, pyd):
        match = re.search(r"(\d+) invalid", output(c.argv, cwd=CORPUS))
        found[c.name] = match.group(1) if match else "?"
    try:
        report = json.loads(
            output([*cj.argv[:3], "--output-format", "json", *files_rel], cwd=CORPUS)
        )
        found[cj.name] = str(len({e["filename"] for e in report.get("errors", [])}))
    except json.JSONDecodeError:
        found[cj.name] = "?"
    try:
        report = json.loads(output([*ortk.argv[:2], "--format", "json", ortk.argv[-1]], cwd=CORPUS))
        diagnostics = report["diagnostics"]
        schema = {d["file"] for d in diagnostics if d["code"].startswith(("ORT0", "ORT1"))}
        errors = {d["file"] for d in diagnostics if d["severity"] == "error"}
        other = {d["file"] for d in diagnostics} - schema
        found[ortk.name] = (
            f"{len(schema)} (schema); {len(errors)} with errors; "
            f"{len(other)} more with rule findings only"
        )
    except (json.JSONDecodeError, KeyError):
        found[ortk.name] = "?"
    return found


ONE_PROCESS = "(one process)"
DESIGN = "(design floor: schema verdict only, no rules)"


def shapes(run) -> None:
    """Both corpora, as files and as one JSONL, each ortk run against its own floor."""
    rows = []  # (corpus, shape, floor Cmd, [ortk Cmd, ...], diagnostics found)
    for corpus in (run.clean, run.warnings):
        files, lines = os.path.relpath(corpus.files, CORPUS), os.path.relpath(corpus.jsonl, CORPUS)
        for shape, floor_argv, target in (
            ("files", [str(PY), FLOOR, files], files),
            ("JSONL", [str(PY), FLOOR_LINES, lines], lines),
        ):
            floor = Cmd(f"{corpus.label} {shape}: orjson floor", floor_argv, run.args.runs)
            ortks = [
                Cmd(
                    f"{corpus.label} {shape}: ortk lint --format json",
                    [str(ORTK), "lint", "--format", "json", target],
                    run.args.runs,
                )
            ]
            if corpus is run.warnings and shape == "files":
                ortks.append(
                    Cmd(
                        f"{corpus.label} {shape}: ortk lint (text)",
                        [str(ORTK), "lint", target],
                        run.args.runs,
                    )
                )
                # One process, as the instruction counts are taken: the two side by side
                # show whether times and instructions agree (not a target row).
                ortks.append(
                    Cmd(
                        f"{corpus.label} {shape}: ortk lint -j1 --format json {ONE_PROCESS}",
                        [str(ORTK), "lint", "-j1", "--format", "json", target],
                        run.args.runs,
                    )
                )
            if corpus is run.warnings:
                # ortk with each payload's checks cut to the schema engine's verdict: how
                # much of the time is ortk's design before any rule (not a target row).
                ortks.append(
                    Cmd(
                        f"{corpus.label} {shape}: ortk lint --format json {DESIGN}",
                        [str(PY), DESIGN_FLOOR, "--format", "json", target],
                        run.args.runs,
                    )
                )
            rows.append((corpus, shape, floor, ortks, _diagnostics(target)))
    commands = [c for _, _, floor, ortks, _ in rows for c in (floor, *ortks)]
    say(f"shapes: {len(commands)} commands, {run.args.runs} runs each")
    run.timer.measure(commands, warmup=1)
    pairs = [(floor.argv, ortk.argv) for _, _, floor, ortks, _ in rows for ortk in ortks]
    say(f"shapes: {len(pairs)} ratios to the floor in {run.args.pairs} paired rounds")
    run.results["shapes"] = {"rows": rows, "paired": paired_ratios(pairs, run.args.pairs, CORPUS)}


def _diagnostics(target: str) -> tuple[int, int, int]:
    """(diagnostics, warnings, payloads with a warning) that ortk reports on `target`."""
    report = json.loads(output([str(ORTK), "lint", "--format", "json", target], cwd=CORPUS))
    found = report["diagnostics"]
    warned = {(d["file"], d["record"]) for d in found if d["severity"] == "warning"}
    return len(found), sum(d["severity"] == "warning" for d in found), len(warned)


def startup(run) -> None:
    one, n = run.one.name, run.args.startup_runs
    commands = [
        Cmd("python -c pass", [str(PY), "-c", "pass"], n),
        Cmd(
            "minimal script, jsonschema-rs",
            [str(PY), str(SCRIPTS / "validate_rs.py"), run.schema, one],
            n,
        ),
        Cmd(
            "minimal script, python-jsonschema",
            [str(PY), str(SCRIPTS / "validate_py.py"), run.schema, one],
            n,
        ),
        Cmd(
            "check-jsonschema --schemafile",
            [str(CJ), "--schemafile", run.schema, one],
            max(5, n // 2),
        ),
        Cmd("ortk lint one.json", [str(ORTK), "lint", one], n),
        Cmd("ortk --version", [str(ORTK), "--version"], n),
        Cmd("ortk --help", [str(ORTK), "--help"], n),
    ]
    say(f"start-up: {len(commands)} commands on {one} ({run.one.stat().st_size} bytes)")
    run.timer.measure(commands, warmup=3)
    run.results["startup"] = commands


def library(run) -> None:
    say("library: toolkit.validate_request on parsed payloads (timeit, best of 5)")
    manifest = run.clean.files.with_name(run.clean.files.name + MANIFEST_NAME)
    argv = [
        str(PY),
        str(SCRIPTS / "lib_bench.py"),
        str(run.clean.files),
        str(manifest),
        str(CORPUS / run.schema),
    ]
    run.results["library"] = json.loads(output(argv))


def memory(run) -> None:
    rss, wall = peak_rss([str(ORTK), "lint", run.one.name], CORPUS)
    rows = [("ortk lint one.json (baseline)", run.one.stat().st_size, 1, rss, wall)]
    for path in ensure_memory_jsonl([float(s) for s in run.args.jsonl.split(",") if s]):
        say(f"memory: ortk lint {path.name}")
        rss, wall = peak_rss([str(ORTK), "lint", str(path)], CORPUS)
        rows.append((f"ortk lint {path.name}", path.stat().st_size, count_lines(path), rss, wall))
    run.results["memory"] = rows


def cores(run) -> None:
    files = os.path.relpath(run.clean.files, CORPUS)
    commands = [
        Cmd(
            f"ortk lint --jobs {n} files/",
            [str(ORTK), "lint", "--jobs", str(n), files],
            run.args.runs,
        )
        for n in (1, 2)
    ]
    say("cores: ortk lint --jobs 1 and 2")
    run.timer.measure(commands, warmup=1)
    run.results["cores"] = commands


def counted_instructions(run) -> None:
    """callgrind counts: the floors and one ortk process on each corpus and shape."""
    rows: list[tuple[str, int | None, int | None]] = []  # (name, count, its floor's count)
    if run.args.no_instructions or not shutil.which("valgrind"):
        run.results["instructions"] = rows
        return
    say("instructions: callgrind, one run each (a few minutes)")
    rows.append(("python -c pass", instructions([str(PY), "-c", "pass"], CORPUS), None))
    rows.append(
        ("ortk lint one.json", instructions([str(ORTK), "lint", run.one.name], CORPUS), None)
    )
    for corpus in (run.clean, run.warnings):
        for shape, script, target in (
            ("files", FLOOR, corpus.files),
            ("JSONL", FLOOR_LINES, corpus.jsonl),
        ):
            floor = instructions([str(PY), script, str(target)], CORPUS)
            rows.append((f"{corpus.label} {shape}: orjson floor", floor, floor))
            ortk = instructions([str(ORTK), "lint", "-j1", "--format", "json", str(target)], CORPUS)
            rows.append(
                (f"{corpus.label} {shape}: ortk lint -j1 --format json (one process)", ortk, floor)
            )
            if corpus is run.warnings:
                design = [str(PY), DESIGN_FLOOR, "-j1", "--format", "json", str(target)]
                rows.append(
                    (f"{corpus.label} {shape}: {DESIGN}", instructions(design, CORPUS), floor)
                )
    run.results["instructions"] = rows


ALL = [bulk, shapes, startup, library, memory, cores, counted_instructions]
