"""The rule registry: one table maps every code to its rule; the rest is derived.

A code is reported either by loading (``ORT0xx``), by the schema check
(``ORT1xx``) or by a semantic rule function (``ORT2xx`` requests, ``ORT3xx``
responses and stream chunks). A rule function takes a payload (a dict that may
be anything the schema would reject, so it reads defensively) and yields
`Finding`s; its docstring is its documentation (`ortk explain CODE`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from toolkit.diagnostics import Finding, Severity
from toolkit.rules import request, response
from toolkit.rules.builtin import BUILTIN_DOCS

Check = Callable[[dict[str, Any]], Iterable[Finding]]

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    kinds: tuple[str, ...] = ()  # payload kinds a check runs on; () for built-in codes
    check: Check | None = None
    fixable: bool = False
    # top-level keys of which a payload needs one for the check to run (empty: always runs)
    triggers: frozenset[str] = frozenset()

    @property
    def summary(self) -> str:
        """The first sentence of "What it does"."""
        lines = [line.strip() for line in self.doc.strip().splitlines()]
        start = lines.index("## What it does") + 1
        paragraph: list[str] = []
        for line in lines[start:]:
            if line.startswith("#") or (not line and paragraph):
                break
            if line:
                paragraph.append(line)
        text = " ".join(paragraph)
        end = text.find(". ")
        return text[: end + 1] if end >= 0 else text


def _builtin(code: str, name: str, severity: Severity = ERROR) -> Rule:
    return Rule(code, name, severity, inspect.cleandoc(BUILTIN_DOCS[code]))


def _check(
    code: str,
    check: Check,
    kinds: tuple[str, ...],
    severity: Severity = ERROR,
    fixable: bool = False,
) -> Rule:
    return Rule(
        code,
        check.__name__.replace("_", "-"),
        severity,
        inspect.cleandoc(check.__doc__ or ""),
        kinds,
        check,
        fixable,
        getattr(check, "triggers", frozenset()),
    )


REQUEST, RESPONSE, CHUNK = ("request",), ("response",), ("chunk",)

RULES: tuple[Rule, ...] = (
    # loading: the file and its syntax
    _builtin("ORT001", "unreadable-file"),
    _builtin("ORT002", "invalid-encoding"),
    _builtin("ORT003", "invalid-syntax"),
    _builtin("ORT004", "empty-file"),
    _builtin("ORT005", "duplicate-key"),
    _builtin("ORT006", "non-object-payload"),
    _builtin("ORT007", "non-finite-number"),
    _builtin("ORT008", "unknown-payload-kind"),
    _builtin("ORT009", "excessive-nesting"),
    _builtin("ORT010", "non-json-yaml"),
    _builtin("ORT011", "unused-suppression", WARNING),
    # schema
    _builtin("ORT101", "unknown-key", WARNING),
    _builtin("ORT102", "missing-key"),
    _builtin("ORT103", "wrong-type"),
    _builtin("ORT104", "invalid-value"),
    _builtin("ORT105", "out-of-range"),
    _builtin("ORT106", "invalid-length"),
    _builtin("ORT107", "pattern-mismatch"),
    _builtin("ORT108", "wrong-count"),
    _builtin("ORT109", "schema-violation"),
    # request semantics
    _check("ORT201", request.conflicting_reasoning_effort, REQUEST),
    _check("ORT202", request.reasoning_effort_with_max_tokens, REQUEST),
    _check("ORT203", request.disabled_reasoning_with_effort, REQUEST),
    _check("ORT204", request.contradictory_reasoning_settings, REQUEST, WARNING),
    _check("ORT210", request.deprecated_max_tokens, REQUEST, WARNING, fixable=True),
    _check("ORT211", request.deprecated_route, REQUEST, WARNING, fixable=True),
    _check("ORT212", request.deprecated_include_usage, REQUEST, WARNING, fixable=True),
    _check("ORT213", request.conflicting_max_tokens, REQUEST),
    _check("ORT214", request.low_max_tokens, REQUEST, WARNING),
    _check("ORT220", request.top_logprobs_without_logprobs, REQUEST),
    _check("ORT221", request.stream_options_without_stream, REQUEST, WARNING),
    _check("ORT222", request.debug_without_stream, REQUEST, WARNING),
    _check("ORT223", request.image_config_without_image_modality, REQUEST, WARNING),
    _check("ORT230", request.tool_choice_without_tools, REQUEST),
    _check("ORT231", request.tool_options_without_tools, REQUEST, WARNING),
    _check("ORT232", request.unknown_tool_choice, REQUEST),
    _check("ORT233", request.duplicate_tool_name, REQUEST),
    _check("ORT234", request.orphan_tool_result, REQUEST),
    _check("ORT235", request.unanswered_tool_call, REQUEST),
    _check("ORT240", request.invalid_json_schema, REQUEST),
    _check("ORT241", request.strict_incompatible_schema, REQUEST, WARNING),
    _check("ORT250", request.ignored_only_provider, REQUEST),
    _check("ORT251", request.ignored_ordered_provider, REQUEST, WARNING),
    _check("ORT252", request.duplicate_plugin, REQUEST, WARNING),
    _check("ORT253", request.empty_or_duplicate_stop, REQUEST, WARNING),
    _check("ORT254", request.duplicate_model, REQUEST, WARNING),
    # response and stream semantics
    _check("ORT301", response.tool_calls_finish_without_calls, RESPONSE, WARNING),
    _check("ORT302", response.inconsistent_usage_total, RESPONSE + CHUNK, WARNING),
    _check("ORT303", response.response_as_chunk, CHUNK, WARNING),
    _check("ORT304", response.error_finish_without_error, RESPONSE + CHUNK, WARNING),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


_CHECKS: dict[str, tuple[Rule, ...]] = {}


def checks_for(kind: str) -> tuple[Rule, ...]:
    """The rules with a check for payloads of `kind` (computed once per kind)."""
    checks = _CHECKS.get(kind)
    if checks is None:
        checks = _CHECKS[kind] = tuple(
            rule for rule in RULES if rule.check is not None and kind in rule.kinds
        )
    return checks


_RUNNABLE: dict[tuple[str, frozenset[str]], tuple[Rule, ...]] = {}


def checks_for_payload(kind: str, keys: frozenset[str]) -> tuple[Rule, ...]:
    """The checks of `kind` that can find something in a payload with these top-level keys
    (remembered per set of keys: a corpus has few of them)."""
    runnable = _RUNNABLE.get((kind, keys))
    if runnable is None:
        runnable = tuple(
            rule
            for rule in checks_for(kind)
            if not rule.triggers or not rule.triggers.isdisjoint(keys)
        )
        if len(_RUNNABLE) < 4096 and len(keys) <= 64:  # (bounded, whatever the payloads)
            _RUNNABLE[(kind, keys)] = runnable
    return runnable
