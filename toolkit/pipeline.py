"""The path of a payload: load -> validate -> rules -> locate -> severity.

The only place that turns findings into diagnostics: it gives each its severity (from the
code table, then the configuration) and its position (only for payloads with findings).
Returns values; never prints or exits.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from toolkit import loading
from toolkit import schema as validation  # (until the validation package lands)
from toolkit.config import Config
from toolkit.diagnostics import Diagnostic, Finding, Report
from toolkit.kinds import AUTO, detect_kind
from toolkit.loading import FileProblem, Payload

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
) -> Report:
    """Lint files, directories (recursed) and ``-`` (standard input).

    `jobs` worker processes share the files (0: one per core for large runs, else 1).
    Findings held by the `baseline` file are left out (and the file itself is not
    linted, nor are `skip_files`). `progress` is called with the number of files done
    since its last call and the number of files in all.
    """
    from toolkit import paths as paths_module
    from toolkit import suppression

    config = config or Config()
    known = suppression.read_baseline(baseline) if baseline else None
    entries = _skipping(
        list(paths_module.discover(_path_list(paths), config.include, config.exclude)),
        [*skip_files, *([baseline] if baseline else [])],
    )
    workers = jobs or (os.cpu_count() or 1)
    if jobs == 0 and len(entries) < PARALLEL_MIN_FILES:
        workers = 1
    if workers > 1 and len(entries) > 1:
        report = _lint_in_parallel(entries, config, kind, workers, progress)
    else:
        report = _lint_entries(entries, config, kind, progress)
    report.diagnostics, unused = suppression.apply_per_file_ignores(
        report.diagnostics,
        dict(config.per_file_ignores),
        report.payloads_by_file,
        config.enabled,
        config.source,
    )
    report.diagnostics += file_diagnostics(unused, config)
    if known is not None and baseline is not None:
        report.diagnostics, unused, report.baselined = suppression.apply_baseline(
            report.diagnostics, known, baseline
        )
        report.diagnostics += file_diagnostics(unused, config)
    report.diagnostics.sort(key=Diagnostic.sort_key)
    return report


def _path_list(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """One path or many, as strings (a str is one path, not an iterable of characters)."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return [os.fspath(path) for path in paths]


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
    for entry in entries:
        report.files_checked += 1
        if progress is not None:
            progress(1, len(entries))
        if isinstance(entry, FileProblem):
            report.payloads_by_file[entry.file] = 0
            report.diagnostics.extend(file_diagnostics([entry], config))
            continue
        name = loading.STDIN_NAME if entry == loading.STDIN else entry
        report.payloads_by_file[name] = 0
        for item in loading.load(entry):
            # records are numbered over the good and the bad ones alike
            report.payloads_by_file[name] = max(report.payloads_by_file[name], item.record or 1)
            if isinstance(item, FileProblem):
                report.diagnostics.extend(file_diagnostics([item], config))
                continue
            report.payloads_checked += 1
            if "$schema" in item.data:  # editor metadata in a payload file, not a field
                item = replace(item, data={k: v for k, v in item.data.items() if k != "$schema"})
            report.diagnostics.extend(check_payload(item, kind, config))
    return report


def _lint_in_parallel(
    entries: list[str | FileProblem],
    config: Config,
    kind: str,
    workers: int,
    progress: Progress | None = None,
) -> Report:
    from toolkit import parallel, rules

    # Small chunks, claimed by whichever worker is free, so a worker on a busy core does
    # fewer; interleaved, so big and small files spread evenly among them.
    count = min(workers * CHUNKS_PER_WORKER, parallel.MAX_CHUNKS, len(entries))
    chunks = [entries[i::count] for i in range(count)]
    # Forked workers inherit what this process has already built: compile the schema
    # and import the rules once, here, rather than once per worker. (With --kind auto,
    # the request schema: a worker that meets a response compiles that one itself.)
    validation.validator("request" if kind == AUTO else kind)
    rules.checks_for(kind)

    def done(part: Report) -> None:
        if progress is not None:
            progress(part.files_checked, len(entries))

    lint_chunk = functools.partial(_lint_entries, config=config, kind=kind)
    report = Report()
    for part in parallel.map_in_processes(lint_chunk, chunks, workers, done):
        report.diagnostics.extend(part.diagnostics)
        report.files_checked += part.files_checked
        report.payloads_checked += part.payloads_checked
        report.payloads_by_file.update(part.payloads_by_file)
    return report


def check_payload(
    payload: Payload, kind: str = AUTO, config: Config | None = None
) -> list[Diagnostic]:
    """Schema and rule diagnostics of one loaded payload, located in its text."""
    config = config or Config()
    verdicts = _verdicts(config)
    found = []
    for code, finding in findings(payload.data, kind):
        severity = verdicts.get(code, _UNKNOWN)
        if severity is _UNKNOWN:
            severity = verdicts[code] = (
                config.severity_of(code, _default_severity(code)) if config.enabled(code) else None
            )
        if severity is not None:
            found.append((code, finding, severity))
    if not found:
        return []
    source = _source_map(payload, [finding.pointer for _, finding, _ in found])
    diagnostics = []
    for code, finding, severity in found:
        line, column = source.locate(finding.pointer, finding.at_key) if source else (None, None)
        diagnostics.append(
            Diagnostic(
                code=code,
                severity=severity,
                pointer=finding.pointer,
                message=finding.message,
                file=payload.file,
                record=payload.record,
                line=line,
                column=column,
                fix=finding.fix,
            )
        )
    return diagnostics


_UNKNOWN: Any = object()
# Per configuration, each code's severity (None: disabled), decided once: the same few
# codes recur in every payload. (Keyed by identity; a Config holds dicts, so no hash.)
_VERDICTS: dict[int, tuple[Config, dict[str, Any]]] = {}


def _verdicts(config: Config) -> dict[str, Any]:
    entry = _VERDICTS.get(id(config))
    if entry is None or entry[0] is not config:
        if len(_VERDICTS) >= 16:
            _VERDICTS.clear()
        entry = _VERDICTS[id(config)] = (config, {})
    return entry[1]


def findings(data: dict[str, Any], kind: str) -> Iterator[tuple[str, Finding]]:
    """(code, finding) for everything the schema and the rules find in one payload."""
    resolved = detect_kind(data) if kind == AUTO else kind
    if resolved is None:
        yield (
            "ORT008",
            Finding(
                "",
                "cannot tell whether this is a request, a response, a stream "
                "chunk or an error body (no `messages`, `choices`, `object` or "
                "`error`); pass --kind",
            ),
        )
        return
    yield from validation.validate(data, resolved)
    from toolkit import rules

    context = rules.RuleContext(kind=resolved)  # one per payload: what rules share
    # (rules whose fields are all absent are skipped)
    for rule in rules.checks_for_payload(resolved, frozenset(data)):
        assert rule.check is not None
        try:
            for finding in rule.check(data, context):
                yield rule.code, finding
        except Exception as error:  # a bug in one rule must not stop the run
            yield (
                rule.code,
                Finding(
                    "",
                    f"internal error in rule {rule.name}: "
                    f"{type(error).__name__}: {error}; please report it",
                ),
            )


def file_diagnostics(
    problems: Iterable[FileProblem], config: Config | None = None
) -> list[Diagnostic]:
    """Loading's problems as diagnostics (they carry their own position)."""
    config = config or Config()
    return [
        Diagnostic(
            code=p.code,
            severity=config.severity_of(p.code, _default_severity(p.code)),
            pointer=p.pointer,
            message=p.message,
            file=p.file,
            record=p.record,
            line=p.line,
            column=p.column,
        )
        for p in problems
        if config.enabled(p.code)
    ]


def _default_severity(code: str) -> Any:
    from toolkit.rules import BY_CODE

    return BY_CODE[code].severity


def _source_map(payload: Payload, pointers: list[str]) -> Any:
    if not payload.source:  # an in-memory payload: no text to point into
        return None
    return loading.locate(payload, pointers)
