"""The pipeline (load, validate, run rules, locate, sort) and the library calls.

Returns values; never prints or exits.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from toolkit import loading, schema
from toolkit.config import Config
from toolkit.diagnostics import Diagnostic, Finding, PayloadError, Report, Severity
from toolkit.loading import Payload

if TYPE_CHECKING:
    from toolkit.models import ChatChunk, ChatRequest, ChatResponse


# --- the pipeline -----------------------------------------------------------------------


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
CHUNKS_PER_WORKER = 16


def lint_paths(
    paths: Iterable[str],
    config: Config | None = None,
    kind: str = "auto",
    jobs: int = 0,
    baseline: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    skip_files: Iterable[str] = (),
) -> Report:
    """Lint files, directories (recursed) and ``-`` (standard input).

    `jobs` worker processes share the files (0: one per core for large runs, else 1).
    Findings held by the `baseline` file are left out (and the file itself is not
    linted, nor are `skip_files`). `progress` is called with the number of files done
    since its last call and the number of files in all.
    """
    from toolkit import suppression

    config = config or Config()
    known = suppression.read_baseline(baseline) if baseline else None
    entries = list(loading.discover(paths, config.include, config.exclude))
    skipped = {os.path.realpath(f) for f in (*skip_files, *([baseline] if baseline else []))}
    if skipped:
        entries = [
            e
            for e in entries
            if isinstance(e, Diagnostic) or e == loading.STDIN or os.path.realpath(e) not in skipped
        ]
    workers = jobs or (os.cpu_count() or 1)
    if jobs == 0 and len(entries) < PARALLEL_MIN_FILES:
        workers = 1
    if workers > 1 and len(entries) > 1:
        report = _lint_in_parallel(entries, config, kind, workers, progress)
    else:
        report = _lint_entries(entries, config, kind, progress)
    report.diagnostics = suppression.apply_per_file_ignores(
        report.diagnostics,
        dict(config.per_file_ignores),
        report.payloads_by_file,
        config.enabled,
        config.source,
    )
    if known is not None and baseline is not None:
        report.diagnostics, report.baselined = suppression.apply_baseline(
            report.diagnostics, known, baseline
        )
    report.diagnostics.sort(key=Diagnostic.sort_key)
    return report


def _lint_entries(
    entries: list[str | Diagnostic],
    config: Config,
    kind: str,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    report = Report()
    for entry in entries:
        report.files_checked += 1
        if progress is not None:
            progress(1, len(entries))
        if isinstance(entry, Diagnostic):
            report.payloads_by_file[entry.file or ""] = 0
            report.diagnostics.extend(_configured([entry], config))
            continue
        name = loading.STDIN_NAME if entry == loading.STDIN else entry
        report.payloads_by_file[name] = 0
        for item in loading.load(entry):
            # records are numbered over the good and the bad ones alike
            report.payloads_by_file[name] = max(report.payloads_by_file[name], item.record or 1)
            if isinstance(item, Diagnostic):
                report.diagnostics.extend(_configured([item], config))
                continue
            report.payloads_checked += 1
            if "$schema" in item.data:  # editor metadata in a payload file, not a field
                item = replace(item, data={k: v for k, v in item.data.items() if k != "$schema"})
            report.diagnostics.extend(check_payload(item, kind, config))
    return report


def _lint_in_parallel(
    entries: list[str | Diagnostic],
    config: Config,
    kind: str,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    from toolkit import forking, rules

    # Small chunks, claimed by whichever worker is free, so a worker on a busy core does
    # fewer; interleaved, so big and small files spread evenly among them.
    count = min(workers * CHUNKS_PER_WORKER, forking.MAX_CHUNKS, len(entries))
    chunks = [entries[i::count] for i in range(count)]
    # Forked workers inherit what this process has already built: compile the schema
    # and import the rules once, here, rather than once per worker. (With --kind auto,
    # the request schema: a worker that meets a response compiles that one itself.)
    schema.validator("request" if kind == "auto" else kind)
    rules.checks_for(kind)

    def lint_chunk(chunk: list[str | Diagnostic]) -> Report:
        return _lint_entries(chunk, config, kind)

    def done(part: Report) -> None:
        if progress is not None:
            progress(part.files_checked, len(entries))

    if forking.available():
        parts = forking.map_in_forks(lint_chunk, chunks, workers, done)
    else:
        parts = _map_in_process_pool(chunks, config, kind, workers, done)
    report = Report()
    for part in parts:
        report.diagnostics.extend(part.diagnostics)
        report.files_checked += part.files_checked
        report.payloads_checked += part.payloads_checked
        report.payloads_by_file.update(part.payloads_by_file)
    return report


def _map_in_process_pool(
    chunks: list[list[str | Diagnostic]],
    config: Config,
    kind: str,
    workers: int,
    done: Callable[[Report], None],
) -> list[Report]:
    """Where there is no fork (Windows): spawned workers, each importing ortk anew."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    parts = []
    try:
        with ProcessPoolExecutor(workers) as pool:
            for part in pool.map(
                _lint_entries, chunks, [config] * len(chunks), [kind] * len(chunks)
            ):
                parts.append(part)
                done(part)
    except BrokenProcessPool:
        # A worker died (killed, out of memory): do the whole run again in this process,
        # which reports what it can file by file rather than losing everything.
        return [_lint_entries([e for c in chunks for e in c], config, kind)]
    return parts


def check_payload(
    payload: Payload, kind: str = "auto", config: Config | None = None
) -> list[Diagnostic]:
    """Schema and rule diagnostics of one loaded payload, located in its text."""
    config = config or Config()
    found = list(_findings(payload.data, kind))
    diagnostics = [
        _diagnostic(code, finding, payload, config)
        for code, finding in found
        if config.enabled(code)
    ]
    if diagnostics and payload.source:
        diagnostics = _locate(payload, diagnostics, found)
    return diagnostics


def _findings(data: dict[str, Any], kind: str) -> Iterator[tuple[str, Finding]]:
    resolved = schema.detect_kind(data) if kind == "auto" else kind
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
    yield from schema.validate(data, resolved)
    from toolkit import rules

    # (rules whose fields are all absent are skipped)
    for rule in rules.checks_for_payload(resolved, frozenset(data)):
        assert rule.check is not None
        try:
            for finding in rule.check(data):
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


def _diagnostic(code: str, finding: Finding, payload: Payload, config: Config) -> Diagnostic:
    from toolkit.rules import BY_CODE

    return Diagnostic(
        code=code,
        severity=config.severity_of(code, BY_CODE[code].severity),
        pointer=finding.pointer,
        message=finding.message,
        file=payload.file,
        record=payload.record,
        fix=finding.fix,
    )


def _configured(diagnostics: list[Diagnostic], config: Config) -> list[Diagnostic]:
    return [
        replace(d, severity=config.severity_of(d.code, d.severity))
        for d in diagnostics
        if config.enabled(d.code)
    ]


def _locate(
    payload: Payload, diagnostics: list[Diagnostic], found: list[tuple[str, Finding]]
) -> list[Diagnostic]:
    from toolkit import positions

    if payload.syntax == "yaml":
        from toolkit.yaml_loading import compose_document

        source = positions.yaml_source_map(compose_document(payload.text, payload.yaml_document))
    else:
        pointers = [d.pointer for d in diagnostics]
        source = positions.locate_json(payload.text, pointers, payload.first_line)
    at_key = {(f.pointer, f.message): f.at_key for _, f in found}
    located = []
    for diagnostic in diagnostics:
        line, column = source.locate(
            diagnostic.pointer, at_key.get((diagnostic.pointer, diagnostic.message), False)
        )
        located.append(replace(diagnostic, line=line, column=column))
    return located


# --- the library calls ------------------------------------------------------------------


def _as_payload(value: Any) -> Payload | list[Diagnostic]:
    """A dict, a pydantic model, or JSON text/bytes as a payload to check."""
    if isinstance(value, dict):
        return Payload(file="<payload>", data=value, source="", syntax="json")
    if hasattr(value, "model_dump") and callable(value.model_dump):
        data = value.model_dump(mode="json", by_alias=True)  # ortk models: the wire format
        return Payload(file="<payload>", data=data, source="", syntax="json")
    if isinstance(value, bytes | bytearray):
        try:
            value = loading.decode(bytes(value))
        except loading.LoadProblem as error:
            return [
                loading.problem(
                    "<payload>", error.code, error.message, line=error.line, column=error.column
                )
            ]
    if isinstance(value, str):
        items = list(loading.load_text(value, file="<payload>"))
        payloads = [item for item in items if isinstance(item, Payload)]
        problems = [item for item in items if isinstance(item, Diagnostic)]
        if problems or not payloads:
            return problems
        return payloads[0]
    raise TypeError(
        f"expected a dict, a toolkit.models model, or JSON str/bytes, not {type(value).__name__}"
    )


def validate(payload: Any, kind: str) -> list[Diagnostic]:
    loaded = _as_payload(payload)
    if isinstance(loaded, list):
        return loaded
    return sorted(check_payload(loaded, kind), key=Diagnostic.sort_key)


def validate_request(payload: Any) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of a chat-completions request."""
    return validate(payload, "request")


def validate_response(payload: Any) -> list[Diagnostic]:
    """Every diagnostic of a non-streaming chat-completions response."""
    return validate(payload, "response")


def validate_chunk(payload: Any) -> list[Diagnostic]:
    """Every diagnostic of one streaming chunk (an SSE `data:` object)."""
    return validate(payload, "chunk")


def _check(payload: Any, kind: str) -> dict[str, Any]:
    loaded = _as_payload(payload)
    diagnostics = loaded if isinstance(loaded, list) else check_payload(loaded, kind)
    if any(d.severity is Severity.ERROR for d in diagnostics) or isinstance(loaded, list):
        raise PayloadError(sorted(diagnostics, key=Diagnostic.sort_key))
    data: dict[str, Any] = loaded.data
    return data


def check_request(payload: Any) -> ChatRequest:
    """The payload as a `ChatRequest`, or `PayloadError` listing every problem."""
    from toolkit.models import ChatRequest

    return ChatRequest.model_validate(_check(payload, "request"))


def check_response(payload: Any) -> ChatResponse:
    from toolkit.models import ChatResponse

    return ChatResponse.model_validate(_check(payload, "response"))


def check_chunk(payload: Any) -> ChatChunk:
    from toolkit.models import ChatChunk

    return ChatChunk.model_validate(_check(payload, "chunk"))
