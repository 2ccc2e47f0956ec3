"""The code table: one row maps every code to its rule; the rest is derived from it.

A code is reported either by loading (``ORT0xx``), by the schema check
(``ORT1xx``) or by a semantic rule function (``ORT2xx`` requests, ``ORT3xx``
responses and stream chunks, ``ORT4xx`` a request against the model catalog, ``ORT5xx``
a request and its response). What a rule is and how checks run: `registry`; the
readers they share: `readers`; the checks: `request/` (one module per topic,
`request/models/` for the catalog) and `response`.

The rows of recorded traffic (``ORT3xx``, ``ORT5xx``) are in `traffic_table`, imported
when a payload of another kind than a request is checked, or when `RULES` or `BY_CODE`
(every code) is read: a run over requests does not import the response and stream rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.diagnostics import Severity
from toolkit.kinds import PayloadKind
from toolkit.rules.builtin import BUILTIN_DOCS
from toolkit.rules.registry import BUILTIN_SOURCE, Rule, RuleContext, RuleTable
from toolkit.rules.registry import check_rule as _check
from toolkit.rules.request import (
    dependencies,
    deprecated,
    embedded_schemas,
    input,
    lists,
    reasoning,
    routing,
    server_tools,
    token_limits,
    tool_exchanges,
    tools,
)
from toolkit.rules.request.models import capabilities, limits, parameters, slugs
from toolkit.rules.request.models import reasoning as model_reasoning

__all__ = [
    "BY_CODE",
    "RULES",
    "Rule",
    "RuleContext",
    "checks_for",
    "checks_for_payload",
    "default_severity",
]

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def _builtin(
    code: str, name: str, severity: Severity = ERROR, source: str = BUILTIN_SOURCE
) -> Rule:
    return Rule(code, name, severity, BUILTIN_DOCS[code], source_file=source)


REQUEST = (PayloadKind.REQUEST,)

# Where the built-in codes are reported (`ortk explain` names the file).
FILES, JSON, YAML = (f"toolkit/loading/{name}.py" for name in ("files", "json", "yaml"))
PIPELINE, SUPPRESSION = "toolkit/checking.py", "toolkit/suppression.py"
EXPLAIN = "toolkit/validation/explain.py"

_REQUEST_RULES: tuple[Rule, ...] = (
    # loading: the file and its syntax
    _builtin("ORT001", "unreadable-file", source=FILES),
    _builtin("ORT002", "invalid-encoding", source=FILES),
    _builtin("ORT003", "invalid-syntax", source=JSON),
    _builtin("ORT004", "empty-file", source=FILES),
    _builtin("ORT005", "duplicate-key", source=JSON),
    _builtin("ORT006", "non-object-payload", source=JSON),
    _builtin("ORT007", "non-finite-number", source=JSON),
    _builtin("ORT008", "unknown-payload-kind", source=PIPELINE),
    _builtin("ORT009", "excessive-nesting", source=JSON),
    _builtin("ORT010", "non-json-yaml", source=YAML),
    _builtin("ORT011", "unused-suppression", WARNING, source=SUPPRESSION),
    # schema
    _builtin("ORT101", "unknown-key", WARNING, source=EXPLAIN),
    _builtin("ORT102", "missing-key", source=EXPLAIN),
    _builtin("ORT103", "wrong-type", source=EXPLAIN),
    _builtin("ORT104", "invalid-value", source=EXPLAIN),
    _builtin("ORT105", "out-of-range", source=EXPLAIN),
    _builtin("ORT106", "invalid-length", source=EXPLAIN),
    _builtin("ORT107", "pattern-mismatch", source=EXPLAIN),
    _builtin("ORT108", "wrong-count", source=EXPLAIN),
    _builtin("ORT109", "schema-violation", source=EXPLAIN),
    _builtin("ORT110", "unknown-provider-key", source=EXPLAIN),
    _builtin("ORT111", "misspelled-key", source=EXPLAIN),
    # request semantics
    _check("ORT201", reasoning.conflicting_reasoning_effort, REQUEST),
    _check("ORT202", reasoning.reasoning_effort_with_max_tokens, REQUEST),
    _check("ORT203", reasoning.disabled_reasoning_with_effort, REQUEST),
    _check("ORT204", reasoning.contradictory_reasoning_settings, REQUEST, WARNING),
    _check("ORT205", reasoning.reasoning_budget_exceeds_max_tokens, REQUEST, WARNING),
    _check("ORT210", deprecated.deprecated_max_tokens, REQUEST, WARNING, fixable=True),
    _check("ORT211", deprecated.deprecated_route, REQUEST, WARNING, fixable=True),
    _check("ORT212", deprecated.deprecated_include_usage, REQUEST, WARNING, fixable=True),
    _check("ORT213", token_limits.conflicting_max_tokens, REQUEST),
    _check("ORT214", token_limits.low_max_tokens, REQUEST, WARNING),
    _check("ORT215", deprecated.deprecated_include_reasoning, REQUEST, WARNING),
    _check("ORT216", input.legacy_prompt_input, REQUEST, WARNING),
    _check("ORT217", input.missing_input, REQUEST),
    _check("ORT220", dependencies.top_logprobs_without_logprobs, REQUEST),
    _check("ORT221", dependencies.stream_options_without_stream, REQUEST, WARNING),
    _check("ORT222", dependencies.debug_without_stream, REQUEST, WARNING),
    _check("ORT223", dependencies.image_config_without_image_modality, REQUEST, WARNING),
    _check("ORT224", dependencies.audio_output_settings, REQUEST),
    _check("ORT225", dependencies.audio_settings_without_audio_modality, REQUEST, WARNING),
    _check("ORT230", tools.tool_choice_without_tools, REQUEST),
    _check("ORT231", tools.tool_options_without_tools, REQUEST, WARNING),
    _check("ORT232", tools.unknown_tool_choice, REQUEST),
    _check("ORT233", tools.duplicate_tool_name, REQUEST),
    _check("ORT234", tool_exchanges.orphan_tool_result, REQUEST),
    _check("ORT235", tool_exchanges.unanswered_tool_call, REQUEST),
    _check("ORT236", server_tools.server_tool_not_on_chat, REQUEST),
    _check("ORT237", server_tools.defer_loading_outside_anthropic, REQUEST),
    _check("ORT238", server_tools.allowed_and_excluded_domains, REQUEST, WARNING),
    _check("ORT240", embedded_schemas.invalid_json_schema, REQUEST),
    _check("ORT241", embedded_schemas.strict_incompatible_schema, REQUEST, WARNING),
    _check("ORT250", routing.ignored_only_provider, REQUEST),
    _check("ORT251", routing.ignored_ordered_provider, REQUEST, WARNING),
    _check("ORT252", lists.duplicate_plugin, REQUEST, WARNING),
    _check("ORT253", lists.empty_or_duplicate_stop, REQUEST, WARNING),
    _check("ORT254", routing.duplicate_model, REQUEST, WARNING),
    # a request against the model catalog (RuleContext.catalog)
    _check("ORT401", slugs.unknown_model, REQUEST),
    _check("ORT410", capabilities.tools_unsupported, REQUEST),
    _check("ORT411", capabilities.tool_choice_unsupported, REQUEST),
    _check("ORT420", capabilities.input_modality_unsupported, REQUEST),
    _check("ORT421", capabilities.output_modality_unsupported, REQUEST),
    _check("ORT430", parameters.parameter_unsupported, REQUEST, WARNING),
    _check("ORT431", parameters.required_parameter_unsupported, REQUEST),
    _check("ORT440", limits.max_tokens_over_context, REQUEST),
    _check("ORT441", limits.max_tokens_over_completion_limit, REQUEST, WARNING),
    _check("ORT450", parameters.structured_outputs_unsupported, REQUEST, WARNING),
    _check("ORT460", model_reasoning.mandatory_reasoning_disabled, REQUEST),
    _check("ORT461", model_reasoning.reasoning_effort_unsupported, REQUEST, WARNING),
    _check("ORT462", model_reasoning.reasoning_max_tokens_unsupported, REQUEST, WARNING),
)


def _traffic_rules() -> tuple[Rule, ...]:
    from toolkit.rules.traffic_table import TRAFFIC_RULES

    return TRAFFIC_RULES


_TABLE = RuleTable(_REQUEST_RULES, later=_traffic_rules)
checks_for = _TABLE.checks_for
checks_for_payload = _TABLE.checks_for_payload


def default_severity(code: str) -> Severity:
    """The table's severity of `code` (KeyError: no such code), without importing the rows
    of recorded traffic for a code of the others."""
    rule = _TABLE.by_code.get(code)
    if rule is None:
        _TABLE.load_later()
        rule = _TABLE.by_code[code]
    return rule.severity


if TYPE_CHECKING:
    RULES: tuple[Rule, ...]  # every rule, in code order
    BY_CODE: dict[str, Rule]  # every code's rule


def __getattr__(name: str) -> Any:
    """`RULES` and `BY_CODE`, every code's rule: the rows of recorded traffic imported."""
    if name not in ("RULES", "BY_CODE"):
        raise AttributeError(f"module 'toolkit.rules' has no attribute {name!r}")
    _TABLE.load_later()
    globals().update(RULES=_TABLE.rules, BY_CODE=_TABLE.by_code)
    return globals()[name]
