"""The ORT4xx checks as pure functions of (payload, catalog): what they judge and what not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.catalog import bundled_catalog, load_catalog
from toolkit.rules import RuleContext
from toolkit.rules.request.models import capabilities, limits, parameters, reasoning, slugs

REASONING = load_catalog(Path(__file__).parent / "catalogs" / "reasoning-models.json")
TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
HI = [{"role": "user", "content": "hi"}]


class checks:  # (the checks by name, whatever module holds them)
    tools_unsupported = capabilities.tools_unsupported
    input_modality_unsupported = capabilities.input_modality_unsupported
    parameter_unsupported = parameters.parameter_unsupported
    required_parameter_unsupported = parameters.required_parameter_unsupported
    max_tokens_over_context = limits.max_tokens_over_context
    max_tokens_over_completion_limit = limits.max_tokens_over_completion_limit
    mandatory_reasoning_disabled = reasoning.mandatory_reasoning_disabled
    reasoning_effort_unsupported = reasoning.reasoning_effort_unsupported
    reasoning_max_tokens_unsupported = reasoning.reasoning_max_tokens_unsupported


def _context(catalog: Any = None) -> RuleContext:
    return RuleContext(catalog=catalog or bundled_catalog())


def _pointers(check: Any, payload: dict[str, Any], catalog: Any = None) -> list[str]:
    return [f.pointer for f in check(payload, _context(catalog))]


def test_errors_need_every_fallback_to_fail() -> None:
    lone = {"model": "meta-llama/llama-3.2-3b-instruct", "messages": HI, "tools": [TOOL]}
    assert _pointers(checks.tools_unsupported, lone) == ["/tools"]
    rescued = {**lone, "models": ["meta-llama/llama-3.3-70b-instruct"]}
    assert _pointers(checks.tools_unsupported, rescued) == []
    both_fail = {**lone, "models": ["meta-llama/llama-3.2-1b-instruct"]}
    [finding] = checks.tools_unsupported(both_fail, _context())
    assert finding.message.startswith(
        "none of meta-llama/llama-3.2-3b-instruct, meta-llama/llama-3.2-1b-instruct supports"
    )


@pytest.mark.parametrize(
    "model", ["openrouter/auto", "openrouter/free", "@preset/tools-bot", "nobody/unknown", None]
)
def test_routers_presets_unknown_and_absent_models_are_not_judged(model: str | None) -> None:
    payload: dict[str, Any] = {"messages": HI, "tools": [TOOL], "seed": 1, "max_tokens": 10**7}
    if model is not None:
        payload["model"] = model
    for check in (
        checks.tools_unsupported,
        checks.parameter_unsupported,
        checks.max_tokens_over_context,
        checks.max_tokens_over_completion_limit,
    ):
        assert _pointers(check, payload) == []


def test_variants_and_presets_are_judged_as_their_model() -> None:
    for slug in ("anthropic/claude-sonnet-4:nitro", "anthropic/claude-sonnet-4@preset/x"):
        payload = {"model": slug, "messages": HI, "seed": 1}
        assert _pointers(checks.parameter_unsupported, payload) == ["/seed"]


def test_parameters_count_their_aliases_and_skip_null() -> None:
    gpt = "openai/gpt-4o"  # lists max_tokens and max_completion_tokens, no reasoning
    assert (
        _pointers(
            checks.parameter_unsupported,
            {"model": gpt, "messages": HI, "max_tokens": 10, "top_k": None, "logprobs": False},
        )
        == []
    )
    o3 = "openai/o3"  # lists reasoning, not reasoning_effort
    assert (
        _pointers(
            checks.parameter_unsupported, {"model": o3, "messages": HI, "reasoning_effort": "low"}
        )
        == []
    )


def test_require_parameters_turns_the_warning_into_the_error() -> None:
    payload = {"model": "anthropic/claude-sonnet-4", "messages": HI, "seed": 1}
    assert _pointers(checks.parameter_unsupported, payload) == ["/seed"]
    assert _pointers(checks.required_parameter_unsupported, payload) == []
    required = {**payload, "provider": {"require_parameters": True}}
    assert _pointers(checks.parameter_unsupported, required) == []
    assert _pointers(checks.required_parameter_unsupported, required) == ["/seed"]


def test_file_parts_are_not_judged_but_audio_and_video_are() -> None:
    parts = [
        {"type": "file", "file": {"filename": "a.pdf", "file_data": "https://x/a.pdf"}},
        {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}},
        {"type": "video_url", "video_url": {"url": "https://x/a.mp4"}},
    ]
    payload = {
        "model": "meta-llama/llama-3.3-70b-instruct",
        "messages": [{"role": "user", "content": parts}],
    }
    assert _pointers(checks.input_modality_unsupported, payload) == [
        "/messages/0/content/1",
        "/messages/0/content/2",
    ]


def test_max_tokens_over_the_context_is_not_also_over_the_completion_limit() -> None:
    payload = {"model": "openai/gpt-4o", "messages": HI, "max_tokens": 200000}
    assert _pointers(checks.max_tokens_over_context, payload) == ["/max_tokens"]
    assert _pointers(checks.max_tokens_over_completion_limit, payload) == []


def test_mandatory_reasoning_every_way_of_turning_it_off() -> None:
    payload = {
        "model": "openai/o3",
        "messages": HI,
        "reasoning": {"enabled": False, "effort": "none"},
        "reasoning_effort": "none",
    }
    assert _pointers(checks.mandatory_reasoning_disabled, payload, REASONING) == [
        "/reasoning/enabled",
        "/reasoning/effort",
        "/reasoning_effort",
    ]
    alias = {**payload, "model": "~openai/gpt-latest"}  # latest-resolution remaps it
    assert _pointers(checks.mandatory_reasoning_disabled, alias, REASONING) == []
    optional = {**payload, "model": "anthropic/claude-sonnet-4"}
    assert _pointers(checks.mandatory_reasoning_disabled, optional, REASONING) == []


def test_a_budget_is_fine_where_the_catalog_says_so() -> None:
    payload = {"model": "anthropic/claude-sonnet-4", "messages": HI, "reasoning": {"max_tokens": 8}}
    assert _pointers(checks.reasoning_max_tokens_unsupported, payload, REASONING) == []
    r1 = {**payload, "model": "deepseek/deepseek-r1"}
    assert _pointers(checks.reasoning_max_tokens_unsupported, r1, REASONING) == [
        "/reasoning/max_tokens"
    ]


def test_no_catalog_no_verdicts() -> None:
    """`--no-models`: the pipeline passes no catalog and every model check is silent."""
    payload = {"model": "gpt-4o", "messages": HI, "tools": [TOOL], "seed": 1}
    assert list(slugs.unknown_model(payload, RuleContext())) == []
    assert list(parameters.parameter_unsupported(payload, RuleContext())) == []


def test_efforts_without_an_allowlist_are_all_accepted() -> None:
    payload = {"model": "anthropic/claude-sonnet-4", "messages": HI, "reasoning": {"effort": "max"}}
    assert _pointers(checks.reasoning_effort_unsupported, payload, REASONING) == []
    o3 = {**payload, "model": "openai/o3"}
    assert _pointers(checks.reasoning_effort_unsupported, o3, REASONING) == ["/reasoning/effort"]


def test_the_bundled_catalog_has_no_reasoning_facts_so_no_reasoning_verdicts() -> None:
    """The 2026-06-16 response carries no `reasoning` objects: ORT46x need a newer catalog."""
    payload = {"model": "openai/o3", "messages": HI, "reasoning": {"enabled": False}}
    assert _pointers(checks.mandatory_reasoning_disabled, payload) == []


@pytest.mark.parametrize(
    "payload",
    [
        {"model": 5, "models": "x", "messages": "hi", "tools": {}, "max_tokens": "9"},
        {"model": "openai/gpt-4o", "messages": [None, {"content": [None, 1, {"type": 3}]}]},
        {"model": "openai/gpt-4o", "modalities": [1, None], "reasoning": [], "provider": 1},
        {"model": "openai/gpt-4o", "max_tokens": True, "response_format": "json"},
    ],
)
def test_garbage_is_left_to_the_schema(payload: dict[str, Any]) -> None:
    from toolkit.rules import RULES

    for rule in RULES:
        if rule.code.startswith("ORT4") and rule.check is not None:
            list(rule.check(payload, _context()))
            list(rule.check(payload, _context(REASONING)))
