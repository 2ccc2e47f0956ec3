"""The path of a payload: paths -> load -> check (`checking`: validate, rules, locate,
severity) -> suppressions -> one sorted report, in this process or in forked workers.

Returns values; never prints or exits.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from toolkit import loading, validation
from toolkit.checking import Verdicts, check_payload, check_recorded, file_diagnostics
from toolkit.config import Config
from toolkit.diagnostics import Diagnostic, Report
from toolkit.kinds import AUTO
from toolkit.loading import FileProblem, Loaded, Payload

if TYPE_CHECKING:  # (imported when a large log is shared out: most runs have none)
    from collections import Counter

    from toolkit.jsonl_parts import Part, PartReport

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
CHUNKS_PER_WORKER = 16

Progress = Callable[[int, int], None]  # (files done since the last call, files in all)


def lint_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    config: Config | None = None,
    kind: str = AUTO,
    jobs: int = 0,
    baseline: str | None = None,
    progress: Progress | None = None,
    skip_files: Iterable[str] = (),
    stdin_filename: str | None = None,
    force_exclude: bool = False,
    respect_gitignore: bool = True,
) -> Report:
    """Lint files, directories (recursed) and ``-`` (standard input).

    `jobs` worker processes share the files (0: one per core for large runs, else 1).
    Findings held by the `baseline` file are left out (and the file itself is not
    linted, nor are `skip_files`). `progress` is called with the number of files done
    since its last call and the number of files in all. `stdin_filename` names standard
    input (its suffix decides JSON, YAML or JSONL); `force_exclude` applies `exclude` to
    files named explicitly; `respect_gitignore` skips what git ignores in directories.
    """
    from toolkit import paths as paths_module

    config = config or Config()
    known = _read_baseline(baseline) if baseline else None
    path_list = _path_list(paths)
    found = paths_module.discover(
        path_list,
        config.include,
        config.exclude,
        config.root,
        force_exclude=force_exclude,
        respect_gitignore=respect_gitignore,
    )
    entries = _skipping(list(found), [*skip_files, *([baseline] if baseline else [])])
    if stdin_filename:
        entries = [(_Stdin(stdin_filename) if e == loading.STDIN else e) for e in entries]
    workers = jobs or (os.cpu_count() or 1)
    logs = _large_logs(entries, workers)
    if jobs == 0 and len(entries) < PARALLEL_MIN_FILES and not logs:
        workers = 1
    if workers > 1 and (len(entries) > 1 or logs):
        report = _lint_in_parallel(entries, config, kind, workers, progress, logs)
    else:
        report = _lint_entries(entries, config, kind, progress)
    if config.per_file_ignores or (known is not None and baseline is not None):
        _suppress(report, config, path_list, known, baseline)
    report.diagnostics.sort(key=Diagnostic.sort_key)
    return report


def _read_baseline(path: str) -> Counter[tuple[str, int | None, str, str]]:
    from toolkit import suppression  # (as in `_suppress`)

    return suppression.read_baseline(path)


def _suppress(
    report: Report,
    config: Config,
    path_list: list[str],
    known: Counter[tuple[str, int | None, str, str]] | None,
    baseline: str | None,
) -> None:
    """The config's per-file-ignores, then the baseline's findings, taken out of `report`
    (toolkit.suppression: imported only by the runs that have either)."""
    from toolkit import suppression

    report.diagnostics, unused = suppression.apply_per_file_ignores(
        report.diagnostics,
        dict(config.per_file_ignores),
        report.payloads_by_file,
        config.enabled,
        config.source,
    )
    # An entry unused in a run over named files (pre-commit's) may be used by a file that
    # was not named: only a run over directories can tell that it is unused.
    if not any(os.path.isfile(p) or p == loading.STDIN for p in path_list):
        report.diagnostics += file_diagnostics(unused, config)
    if known is not None and baseline is not None:
        linted = {os.path.normpath(f) for f in report.payloads_by_file}
        report.diagnostics, unused, report.baselined = suppression.apply_baseline(
            report.diagnostics, suppression.entries_for(known, linted), baseline
        )
        report.diagnostics += file_diagnostics(unused, config)


def _path_list(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """One path or many, as strings (a str is one path, not an iterable of characters)."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return [os.fspath(path) for path in paths]


class _Stdin(str):
    """Standard input under the name `--stdin-filename` gave it."""

    name: str

    def __new__(cls, name: str) -> _Stdin:
        stdin = super().__new__(cls, loading.STDIN)
        stdin.name = name
        return stdin


def _skipping(entries: list[str | FileProblem], skipped: list[str]) -> list[str | FileProblem]:
    if not skipped:
        return entries
    real = {os.path.realpath(f) for f in skipped}
    return [
        e
        for e in entries
        if isinstance(e, FileProblem) or e == loading.STDIN or os.path.realpath(e) not in real
    ]


def _lint_entries(
    entries: list[str | FileProblem],
    config: Config,
    kind: str,
    progress: Progress | None = None,
) -> Report:
    report = Report()
    verdicts = Verdicts(config)
    for entry in entries:
        report.files_checked += 1
        if progress is not None:
            progress(1, len(entries))
        if isinstance(entry, FileProblem):
            report.payloads_by_file[entry.file] = 0
            report.diagnostics.extend(file_diagnostics([entry], config))
            continue
        name = loading.STDIN_NAME if entry == loading.STDIN else entry
        if isinstance(entry, _Stdin):
            name = entry.name
        report.payloads_by_file[name] = 0
        for item in loading.load(entry, kind=kind, name=name):
            # records are numbered over the good and the bad ones alike
            report.payloads_by_file[name] = max(report.payloads_by_file[name], item.record or 1)
            _check(item, report, config, kind, verdicts)
    return report


def _check(item: Loaded, report: Report, config: Config, kind: str, verdicts: Verdicts) -> None:
    """One loaded item's diagnostics, into `report`."""
    if isinstance(item, FileProblem):
        report.diagnostics.extend(file_diagnostics([item], config))
        return
    if not isinstance(item, Payload):  # recorded traffic: a stream, an interaction
        report.diagnostics.extend(check_recorded(item, config, report))
        return
    report.payloads_checked += 1
    if "$schema" in item.data:  # editor metadata in a payload file, not a field
        item = replace(item, data={k: v for k, v in item.data.items() if k != "$schema"})
    report.diagnostics.extend(check_payload(item, kind, config, verdicts))


def _large_logs(entries: list[str | FileProblem], workers: int) -> dict[str, list[Part]]:
    """The JSONL files large enough to share out among the workers, in parts (a file
    named twice is linted twice, whole; at most half the chunks a run can hand out are
    parts)."""
    if workers < 2:
        return {}
    logs = [
        entry
        for entry in entries
        if isinstance(entry, str)
        and not isinstance(entry, _Stdin)
        and entry.lower().endswith(loading.JSONL_SUFFIXES)
    ]
    if not logs:
        return {}
    from toolkit import jsonl_parts
    from toolkit.parallel import MAX_CHUNKS

    found: dict[str, list[Part]] = {}
    budget = MAX_CHUNKS // 2
    for entry in logs:
        if logs.count(entry) > 1:
            continue
        parts = jsonl_parts.split(entry, min(workers, budget))
        if parts is not None and len(parts) > 1:
            found[entry] = parts
            budget -= len(parts)
            if budget < 2:
                break
    return found


def _lint_part(part: Part, config: Config, kind: str) -> PartReport:
    """One part of a large JSONL file, numbered from 1 within it (see `jsonl_parts`)."""
    from toolkit.jsonl_parts import PartReport
    from toolkit.loading import jsonl

    report = Report(files_checked=1 if part.index == 0 else 0)
    verdicts = Verdicts(config)
    counts = jsonl.Counts()
    for item in jsonl.load_part(part.name, part.path, part.start, part.end, counts):
        _check(item, report, config, kind, verdicts)
    return PartReport(part, report, counts.records, counts.lines)


def _lint_in_parallel(
    entries: list[str | FileProblem],
    config: Config,
    kind: str,
    workers: int,
    progress: Progress | None = None,
    logs: dict[str, list[Part]] | None = None,
) -> Report:
    from toolkit import parallel, rules

    logs = logs or {}
    parts = [part for log in logs.values() for part in log]
    files = [entry for entry in entries if not (isinstance(entry, str) and entry in logs)]
    # Small chunks, claimed by whichever worker is free, so a worker on a busy core does
    # fewer; interleaved, so big and small files spread evenly among them. (The parts of
    # large logs first: they are the longest.)
    count = min(workers * CHUNKS_PER_WORKER, parallel.MAX_CHUNKS - len(parts), len(files))
    chunks: list[list[str | FileProblem] | Part] = [*parts]
    chunks += [files[i::count] for i in range(count)]
    # Forked workers inherit what this process has already built: compile the schema
    # and import the rules once, here, rather than once per worker. (With --kind auto,
    # those of requests: a worker that meets a response compiles its schema and imports
    # its rules itself.)
    validation.validator("request" if kind == AUTO else kind)
    rules.checks_for("request" if kind == AUTO else kind)

    def done(result: Report | PartReport) -> None:
        if progress is not None:
            found = result if isinstance(result, Report) else result.report
            progress(found.files_checked, len(entries))

    lint_chunk = functools.partial(_lint_chunk, config=config, kind=kind)
    report = Report()
    by_log: dict[str, list[PartReport]] = {}
    for result in parallel.map_in_processes(lint_chunk, chunks, workers, done):
        if not isinstance(result, Report):  # a part's (its diagnostics: renumbered below)
            by_log.setdefault(result.part.path, []).append(result)
            result = result.report
        else:
            report.diagnostics.extend(result.diagnostics)
        report.files_checked += result.files_checked
        report.payloads_checked += result.payloads_checked
        report.payloads_skipped += result.payloads_skipped
        report.payloads_by_file.update(result.payloads_by_file)
    for log, results in by_log.items():
        _merge_parts(report, log, results, config)
    return report


def _lint_chunk(
    chunk: list[str | FileProblem] | Part, config: Config, kind: str
) -> Report | PartReport:
    """A worker's unit of work: some files, or one part of a large log."""
    if isinstance(chunk, list):
        return _lint_entries(chunk, config, kind)
    return _lint_part(chunk, config, kind)


def _merge_parts(report: Report, log: str, results: list[PartReport], config: Config) -> None:
    """A large log's parts, numbered as one file."""
    from toolkit import jsonl_parts
    from toolkit.loading import problem

    diagnostics, records = jsonl_parts.renumber(results)
    report.diagnostics.extend(diagnostics)
    report.payloads_by_file[log] = records
    if records == 0 and not diagnostics:
        message = "file has no records; expected one JSON object per line"
        report.diagnostics.extend(file_diagnostics([problem(log, "ORT004", message)], config))
