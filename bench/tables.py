"""The Markdown tables of one `make bench` run, from `run.results` (see sections.py)."""

from __future__ import annotations

from sections import DESIGN, ONE_PROCESS
from timing import Cmd, quartiles


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_x(ratio: float) -> str:
    return f"{ratio:.1f}x" if ratio < 100 else f"{ratio:.0f}x"


def met(ok: bool) -> str:
    return "met" if ok else "not met"


def render(run) -> str:
    parts = [shapes(run), bulk(run), startup(run), library(run), memory(run), cores(run)]
    parts.append(instructions(run))
    return "\n".join(parts)


def shapes(run) -> str:
    rows, paired = run.results["shapes"]["rows"], iter(run.results["shapes"]["paired"])
    lines = [
        "### Findings: both corpora, files and the same payloads as one JSONL (whole process)\n",
        f"Clean corpus: {run.clean.describe()}. Warning-heavy corpus (bench/warning_mix.py): "
        f"{run.warnings.describe()}. Each JSONL holds the same payloads, one per line; each "
        "shape is measured against its own floor (orjson over the files; over the lines).\n",
        "| command | median | min | vs its floor (medians) | paired ratio: median (quartiles) "
        "| diagnostics (warnings; payloads warned) |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    verdicts = []
    for _, _, floor, ortks, (found, warnings, warned) in rows:
        lines.append(
            f"| {floor.name} | {fmt_s(floor.median)} | {fmt_s(floor.low)} | 1.0x | - | - |"
        )
        for ortk in ortks:
            low, middle, high = quartiles(next(paired))
            design = ortk.name.endswith(DESIGN)
            lines.append(
                f"| {ortk.name} | {fmt_s(ortk.median)} | {fmt_s(ortk.low)} | "
                f"{fmt_x(ortk.median / floor.median)} | "
                f"**{fmt_x(middle)}** ({low:.2f}-{high:.2f}) | "
                + ("none looked for |" if design else f"{found:,} ({warnings:,}; {warned:,}) |")
            )
            if not ortk.name.endswith((ONE_PROCESS, DESIGN)):  # (not target rows)
                verdicts.append(f"{ortk.name} {fmt_x(middle)}")
    worst = max(float(v.rsplit(" ", 1)[1][:-1]) for v in verdicts)
    lines.append(
        f"\nTarget: every ortk row but the one-process and design-floor ones within 2x its floor "
        "(paired median, "
        f"{run.args.pairs} rounds): "
        f"worst **{worst:.1f}x** ({met(worst <= 2)}).\n"
    )
    return "\n".join(lines)


def bulk(run) -> str:
    commands, found = run.results["bulk"]["commands"], run.results["bulk"]["found"]
    floor, cj, ortk = commands[0], commands[3], commands[-1]
    lines = [
        f"### Bulk: {run.clean.describe()} (whole process)\n",
        "| command | median | min | runs | vs the floor | check-jsonschema ÷ this "
        "| invalid files found |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for c in commands:
        lines.append(
            f"| {c.name} | {fmt_s(c.median)} | {fmt_s(c.low)} | {len(c.times)} | "
            f"{fmt_x(c.median / floor.median)} | {fmt_x(cj.median / c.median)} | "
            f"{found.get(c.name, '')} |"
        )
    vs_cj, low_cj = cj.median / ortk.median, cj.low / ortk.low
    lines.append(
        f"\nTarget: at least 25x faster than check-jsonschema: **{fmt_x(vs_cj)}** by medians "
        f"({met(vs_cj >= 25)}), {fmt_x(low_cj)} by fastest runs.\n"
    )
    return "\n".join(lines)


def startup(run) -> str:
    commands: list[Cmd] = run.results["startup"]
    cj, ortk = commands[3], commands[4]
    lines = [
        f"### Start-up: one small request file ({run.one.stat().st_size} bytes, whole process)\n",
        "| command | median | min | runs | ÷ check-jsonschema |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for c in commands:
        lines.append(
            f"| {c.name} | {fmt_s(c.median)} | {fmt_s(c.low)} | {len(c.times)} | "
            f"{c.median / cj.median:.2f} |"
        )
    ratio = ortk.median / cj.median
    lines.append(
        f"\nTarget: `ortk lint one.json` at most 1/3 of check-jsonschema: **{ratio:.2f}** "
        f"({met(ratio <= 1 / 3)}); aim under 50 ms: **{fmt_s(ortk.median)}**.\n"
    )
    return "\n".join(lines)


def library(run) -> str:
    lines = [
        "### Library: µs per already-parsed payload (timeit, best of 5)\n",
        "| payloads (sample of the corpus) | n | avg size | messages | `toolkit.validate_request` "
        "| jsonschema-rs `iter_errors` alone | pydantic `model_validate` | with findings |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in run.results["library"]:
        lines.append(
            f"| {row['payloads']} | {row['n']} | {row['avg_kb']:.1f} KB | {row['messages']} | "
            f"{row['validate_request_us']:,.1f} | {row['jsonschema_rs_us']:,.1f} | "
            f"{row['pydantic_us']:,.1f} | {row['findings']} |"
        )
    return "\n".join(lines) + "\n"


def memory(run) -> str:
    rows = run.results["memory"]
    lines = [
        "### Memory: peak RSS (one run each)\n",
        "| command | input | records | peak RSS | wall | throughput |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, size, records, rss, wall in rows:
        shown = f"{size / 1e6:,.1f} MB" if size >= 100_000 else f"{size:,} bytes"
        speed = f"{size / 1e6 / wall:,.1f} MB/s" if size >= 100_000 else "-"
        lines.append(
            f"| {name} | {shown} | {records:,} | {rss:,.0f} MB | {fmt_s(wall)} | {speed} |"
        )
    if len(rows) >= 3:
        (_, size_a, records_a, rss_a, _), (_, size_b, records_b, rss_b, _) = rows[-2:]
        growth = (rss_b - rss_a) / ((size_b - size_a) / 1e6)
        lines.append(
            f"\nTarget: peak memory does not grow with the records: {records_a:,} -> "
            f"{records_b:,} records, {rss_a:,.0f} -> {rss_b:,.0f} MB "
            f"(**{growth:.2f} MB per MB of input**; {met(rss_b <= rss_a * 1.25)})."
        )
    return "\n".join(lines) + "\n"


def cores(run) -> str:
    commands: list[Cmd] = run.results["cores"]
    lines = [
        "### Cores\n",
        "| command | median | min | runs | speed-up |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for c in commands:
        lines.append(
            f"| {c.name} | {fmt_s(c.median)} | {fmt_s(c.low)} | {len(c.times)} | "
            f"{commands[0].median / c.median:.2f}x |"
        )
    return "\n".join(lines) + "\n"


def instructions(run) -> str:
    rows = run.results["instructions"]
    lines = ["### Instructions (callgrind, PYTHONHASHSEED=0; repeatable where times are not)\n"]
    if not rows:
        return "\n".join(
            [*lines, "not counted (valgrind is not installed, or --no-instructions / --quick)\n"]
        )
    lines += ["| command | instructions | vs its floor |", "| --- | ---: | ---: |"]
    for name, count, floor in rows:
        shown = f"{count / 1e6:,.0f} M" if count else "?"
        ratio = fmt_x(count / floor) if count and floor else "-"
        lines.append(f"| {name} | {shown} | {ratio} |")
    return "\n".join(lines) + "\n"
