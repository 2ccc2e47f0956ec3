"""From one payload to its diagnostics: schema, rules, the cap per code, then severity (from
the code table, then the configuration) and position (only for payloads with findings).

The only place that turns findings into diagnostics; `pipeline` runs it over files.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from toolkit import loading, validation
from toolkit.config import Config
from toolkit.diagnostics import Diagnostic, Finding, Report, Severity
from toolkit.kinds import AUTO, PayloadKind, detect_kind, is_error_body
from toolkit.lazy import imported
from toolkit.loading import FileProblem, InteractionPayload, Payload, StreamPayload

# Findings that mean the file (or record) could not be read or parsed into a payload:
# unreadable, not UTF-8, bad syntax, empty, not an object, too deep, not JSON-like YAML.
NOT_CHECKED = frozenset({"ORT001", "ORT002", "ORT003", "ORT004", "ORT006", "ORT009", "ORT010"})
# Past this many findings of one code in one payload, the rest are counted, not shown.
MAX_FINDINGS_PER_CODE = 100
EXCHANGE = "exchange"  # findings(kind=...): only the pair checks
PAIR_CHECKS = "ORT5"  # the codes of the checks of a request and its response


class Verdicts:
    """Whether each code is on, and its severity, as one configuration decides: worked out
    once per code for a run (`lint_paths` makes one per run; a library call, one per
    call), not cached on the configuration."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._severities: dict[str, Severity | None] = {}

    def severity(self, code: str) -> Severity | None:
        """The severity of `code`'s diagnostics, or None when the code is off."""
        try:
            return self._severities[code]
        except KeyError:
            config = self.config
            found = (
                config.severity_of(code, _default_severity(code)) if config.enabled(code) else None
            )
            self._severities[code] = found
            return found


def check_payload(
    payload: Payload,
    kind: str = AUTO,
    config: Config | None = None,
    verdicts: Verdicts | None = None,
) -> list[Diagnostic]:
    """Schema and rule diagnostics of one loaded payload, located in its text (`verdicts`:
    the run's, if it has them, else this call's)."""
    config = config or Config()
    verdicts = verdicts or Verdicts(config)
    severity = verdicts.severity
    found = capped(
        (code, finding)
        for code, finding in findings(
            payload.data, kind, models=config.models, from_text=bool(payload.source)
        )
        if severity(code) is not None
    )
    if not found:
        return []
    source = _source_map(payload, [finding.pointer for _, finding in found])
    diagnostics = []
    for code, finding in found:
        line, column = source.locate(finding.pointer, finding.at_key) if source else (None, None)
        if payload.syntax == "yaml" and line is not None and not finding.at_key:
            finding = _with_yaml_boolean_hint(payload, finding, line, column or 1)
        diagnostics.append(
            Diagnostic(
                code=code,
                severity=severity(code),  # type: ignore[arg-type]  # (not None: kept above)
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


def _with_yaml_boolean_hint(payload: Payload, finding: Finding, line: int, column: int) -> Finding:
    """A finding about a value YAML 1.1 read as a boolean from `NO`, `off`, ...: say so."""
    from toolkit.loading.yaml_booleans import boolean_word_at, quote_hint

    word = boolean_word_at(payload.text, line, column)
    return replace(finding, message=finding.message + quote_hint(word)) if word else finding


def capped(found: Iterable[tuple[str, Finding]]) -> list[tuple[str, Finding]]:
    """At most `MAX_FINDINGS_PER_CODE` findings of each code, then one that says how many
    more there are (under the same code, so with the same severity: a cap never turns
    warnings into an error)."""
    kept: list[tuple[str, Finding]] = []
    per_code: dict[str, int] = {}
    for code, finding in found:
        if finding.message == validation.TRUNCATED:
            kept.append((code, finding))
            continue
        seen = per_code.get(code, 0) + 1
        per_code[code] = seen
        if seen <= MAX_FINDINGS_PER_CODE:
            kept.append((code, finding))
    for code, seen in per_code.items():
        if seen > MAX_FINDINGS_PER_CODE:
            hidden = seen - MAX_FINDINGS_PER_CODE
            kept.append(
                (
                    code,
                    Finding(
                        "", f"and {hidden:,} more {code} finding(s) in this payload, not shown"
                    ),
                )
            )
    return kept


def findings(
    data: dict[str, Any],
    kind: str,
    request: Any = None,
    stream: Any = None,
    models: Any = None,
    from_text: bool = False,
) -> Iterator[tuple[str, Finding]]:
    """(code, finding) for everything the schema and the rules find in one payload.

    `request` is the request a response answers (for the pair checks, ORT5xx) and
    `stream` a streamed response's assembly; kind ``"exchange"`` runs only the pair
    checks, on a response assembled from a stream whose chunks were checked already.
    `models` is the model catalog setting (ORT4xx; see `toolkit.catalog.catalog_for`).
    `from_text`: `data` was parsed from a document, so it holds JSON's types only.
    """
    if kind == EXCHANGE:
        yield from _rule_findings(data, PayloadKind.RESPONSE, request, stream, pairs_only=True)
        return
    resolved = detect_kind(data) if kind == AUTO else kind
    if resolved == PayloadKind.RESPONSE and is_error_body(data):
        resolved = PayloadKind.ERROR  # a response is a completion or an error body
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
    yield from _rule_findings(data, resolved, request, stream, models=models, from_text=from_text)


def _catalog(data: dict[str, Any], kind: str, models: Any) -> Any:
    """The model catalog, read only for a request that names a model (once per process)."""
    if models is False or kind != "request" or ("model" not in data and "models" not in data):
        return None
    return imported("toolkit.catalog").catalog_for(models)


def _rule_findings(
    data: dict[str, Any],
    kind: str,
    request: Any,
    stream: Any,
    pairs_only: bool = False,
    models: Any = None,
    from_text: bool = False,
) -> Iterator[tuple[str, Finding]]:
    rules = imported("toolkit.rules")
    # one per payload: what rules share
    catalog = None if pairs_only else _catalog(data, kind, models)
    context = rules.RuleContext(
        kind=kind, request=request, stream=stream, catalog=catalog, from_text=from_text
    )
    # (rules whose fields are all absent are skipped)
    for rule in rules.checks_for_payload(kind, frozenset(data)):
        assert rule.check is not None
        if pairs_only and not rule.code.startswith(PAIR_CHECKS):
            continue
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
    """Loading's problems as diagnostics (they carry their own position).

    A file (or record) ortk could not read or parse was not checked at all: that keeps
    the code table's severity (an error) whatever the selection or the configured
    severities say, or a run that selects only ORT2 would pass every file it cannot read.
    """
    config = config or Config()
    return [
        Diagnostic(
            code=p.code,
            severity=_default_severity(p.code)  # (the table's: an error)
            if p.code in NOT_CHECKED
            else config.severity_of(p.code, _default_severity(p.code)),
            pointer=p.pointer,
            message=p.message,
            file=p.file,
            record=p.record,
            line=p.line,
            column=p.column,
        )
        for p in problems
        if p.code in NOT_CHECKED or config.enabled(p.code)
    ]


def _default_severity(code: str) -> Any:
    return imported("toolkit.rules").default_severity(code)


def _source_map(payload: Payload, pointers: list[str]) -> Any:
    if not payload.source:  # an in-memory payload: no text to point into
        return None
    return loading.locate(payload, pointers)


# --- recorded traffic -------------------------------------------------------------------


def check_recorded(
    payload: StreamPayload | InteractionPayload, config: Config, report: Report
) -> list[Diagnostic]:
    if isinstance(payload, StreamPayload):
        report.payloads_checked += 1
        return check_stream(payload, config)
    if not payload.interaction.is_chat_completion:
        report.payloads_skipped += 1
        return []
    report.payloads_checked += 1
    return check_interaction(payload, config)


def _stream_checks(config: Config) -> list[tuple[str, Any]]:
    from toolkit import rules

    return [
        (r.code, r.check) for r in rules.checks_for(PayloadKind.STREAM) if config.enabled(r.code)
    ]


def _recorded_diagnostic(
    located: Any, file: str, record: int | None, line: Any, column: Any, config: Config
) -> Diagnostic:
    finding = located.finding
    return Diagnostic(
        code=located.code,
        severity=config.severity_of(located.code, _default_severity(located.code)),
        pointer=finding.pointer,
        message=finding.message,
        file=file,
        record=record,
        line=line,
        column=column,
        fix=None,  # (fixes edit payload files; a recording is left as it was recorded)
        part=finding.part,
        event=finding.event,
    )


def check_stream(payload: StreamPayload, config: Config | None = None) -> list[Diagnostic]:
    """Every diagnostic of an SSE transcript, read event by event (never whole)."""
    from toolkit import recordings
    from toolkit.loading.files import open_binary

    config = config or Config()
    checks = recordings.StreamChecks(findings, _stream_checks(config))
    diagnostics = []

    def run(source: Any) -> None:
        for located in checks.run(source):
            if config.enabled(located.code):
                place = located.place
                diagnostics.append(
                    _recorded_diagnostic(
                        located, payload.file, None, place.line, place.column, config
                    )
                )

    if payload.text is not None:
        run(payload.text)
        return diagnostics
    try:
        with open_binary(payload.path) as handle:
            run(handle)
    except loading.LoadProblem as error:
        return file_diagnostics([loading.problem(payload.file, error.code, error.message)], config)
    except UnicodeDecodeError as error:
        message = f"stream is not valid UTF-8 ({error.reason}); SSE is UTF-8 text"
        return file_diagnostics([loading.problem(payload.file, "ORT002", message)], config)
    return diagnostics


def check_interaction(
    payload: InteractionPayload, config: Config | None = None
) -> list[Diagnostic]:
    """Every diagnostic of one recorded chat-completions interaction, placed in its file."""
    from toolkit import recordings

    config = config or Config()
    found = [
        located
        for located in recordings.check_interaction(
            payload.interaction,
            # (no model catalog: a recording shows what the API answered then; today's
            # catalog would call every since-retired model an error)
            functools.partial(findings, models=False),
            _stream_checks(config),
        )
        if config.enabled(located.code)
    ]
    if not found:
        return []
    if payload.text:
        positions = recordings.file_positions(payload, [located.place for located in found])
    else:  # in memory (library use): positions inside a body's own text, if it has one
        positions = [(located.place.line, located.place.column) for located in found]
    return [
        _recorded_diagnostic(located, payload.file, payload.record, line, column, config)
        for located, (line, column) in zip(found, positions, strict=True)
    ]
