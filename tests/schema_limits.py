"""Every documented limit of a request, at the edge and one step past it.

Rows (id, edge payload fields, one-step-past payload fields, pointer, code), shared by
test_schema.py (the linter reports the step past, and nothing at the edge) and
test_models.py (the models refuse the step past).
"""

from __future__ import annotations

from typing import Any

from schema_examples import USER

LONG = "k" * 64
BOUNDARIES = [
    # (id, edge payload fields, one-step-past payload fields, pointer, code)
    # live 400: `'models' array must have 3 items or fewer.` (3 accepted, 4 rejected)
    (
        "models-max",
        {"models": ["a/b", "c/d", "e/f"]},
        {"models": ["a/b", "c/d", "e/f", "g/h"]},
        "/models",
        "ORT108",
    ),
    ("temperature-min", {"temperature": 0}, {"temperature": -0.01}, "/temperature", "ORT105"),
    ("temperature-max", {"temperature": 2}, {"temperature": 2.01}, "/temperature", "ORT105"),
    ("top_p-min", {"top_p": 0}, {"top_p": -0.01}, "/top_p", "ORT105"),
    ("top_p-max", {"top_p": 1}, {"top_p": 1.01}, "/top_p", "ORT105"),
    (
        "frequency_penalty-min",
        {"frequency_penalty": -2},
        {"frequency_penalty": -2.01},
        "/frequency_penalty",
        "ORT105",
    ),
    (
        "frequency_penalty-max",
        {"frequency_penalty": 2},
        {"frequency_penalty": 2.01},
        "/frequency_penalty",
        "ORT105",
    ),
    (
        "presence_penalty-min",
        {"presence_penalty": -2},
        {"presence_penalty": -2.01},
        "/presence_penalty",
        "ORT105",
    ),
    (
        "presence_penalty-max",
        {"presence_penalty": 2},
        {"presence_penalty": 2.01},
        "/presence_penalty",
        "ORT105",
    ),
    (
        "top_logprobs-min",
        {"logprobs": True, "top_logprobs": 0},
        {"logprobs": True, "top_logprobs": -1},
        "/top_logprobs",
        "ORT105",
    ),
    (
        "top_logprobs-max",
        {"logprobs": True, "top_logprobs": 20},
        {"logprobs": True, "top_logprobs": 21},
        "/top_logprobs",
        "ORT105",
    ),
    # limits from OpenRouter's parameters page, each marked with a $comment in the schema
    ("min_p-min", {"min_p": 0}, {"min_p": -0.01}, "/min_p", "ORT105"),
    ("min_p-max", {"min_p": 1}, {"min_p": 1.01}, "/min_p", "ORT105"),
    ("top_a-min", {"top_a": 0}, {"top_a": -0.01}, "/top_a", "ORT105"),
    ("top_a-max", {"top_a": 1}, {"top_a": 1.01}, "/top_a", "ORT105"),
    (
        "repetition_penalty-min",
        {"repetition_penalty": 0},
        {"repetition_penalty": -0.01},
        "/repetition_penalty",
        "ORT105",
    ),
    (
        "repetition_penalty-max",
        {"repetition_penalty": 2},
        {"repetition_penalty": 2.01},
        "/repetition_penalty",
        "ORT105",
    ),
    ("top_k-min", {"top_k": 0}, {"top_k": -1}, "/top_k", "ORT105"),
    ("max_tokens-min", {"max_tokens": 1}, {"max_tokens": 0}, "/max_tokens", "ORT105"),
    (
        "max_completion_tokens-min",
        {"max_completion_tokens": 1},
        {"max_completion_tokens": 0},
        "/max_completion_tokens",
        "ORT105",
    ),
    (
        "logit_bias-min",
        {"logit_bias": {"50256": -100}},
        {"logit_bias": {"50256": -100.5}},
        "/logit_bias/50256",
        "ORT105",
    ),
    (
        "logit_bias-max",
        {"logit_bias": {"50256": 100}},
        {"logit_bias": {"50256": 101}},
        "/logit_bias/50256",
        "ORT105",
    ),
    (
        "logit_bias-key",
        {"logit_bias": {"50256": 1}},
        {"logit_bias": {"token": 1}},
        "/logit_bias/token",
        "ORT107",
    ),
    # counts
    (
        "stop-count",
        {"stop": ["a", "b", "c", "d"]},
        {"stop": ["a", "b", "c", "d", "e"]},
        "/stop",
        "ORT108",
    ),
    (
        "metadata-pairs",
        {"metadata": {f"k{n}": "v" for n in range(16)}},
        {"metadata": {f"k{n}": "v" for n in range(17)}},
        "/metadata",
        "ORT108",
    ),
    ("messages-count", {"messages": [USER]}, {"messages": []}, "/messages", "ORT108"),
    (
        "stop_server_tools_when-count",
        {"stop_server_tools_when": [{"type": "step_count_is", "step_count": 5}]},
        {"stop_server_tools_when": []},
        "/stop_server_tools_when",
        "ORT108",
    ),
    # lengths
    (
        "metadata-key",
        {"metadata": {LONG: "v"}},
        {"metadata": {LONG + "k": "v"}},
        f"/metadata/{LONG}k",
        "ORT106",
    ),
    (
        "metadata-value",
        {"metadata": {"k": "v" * 512}},
        {"metadata": {"k": "v" * 513}},
        "/metadata/k",
        "ORT106",
    ),
    ("session_id", {"session_id": "s" * 256}, {"session_id": "s" * 257}, "/session_id", "ORT106"),
    (
        "json_schema-name-max",
        {"response_format": {"type": "json_schema", "json_schema": {"name": "n" * 64}}},
        {"response_format": {"type": "json_schema", "json_schema": {"name": "n" * 65}}},
        "/response_format/json_schema/name",
        "ORT106",
    ),
    (
        "json_schema-name-min",
        {"response_format": {"type": "json_schema", "json_schema": {"name": "n"}}},
        {"response_format": {"type": "json_schema", "json_schema": {"name": ""}}},
        "/response_format/json_schema/name",
        "ORT106",
    ),
    (
        "json_schema-name-pattern",
        {"response_format": {"type": "json_schema", "json_schema": {"name": "good_name-1"}}},
        {"response_format": {"type": "json_schema", "json_schema": {"name": "bad name"}}},
        "/response_format/json_schema/name",
        "ORT107",
    ),
    (
        "function-name-max",
        {"tools": [{"type": "function", "function": {"name": "f" * 64}}]},
        {"tools": [{"type": "function", "function": {"name": "f" * 65}}]},
        "/tools/0/function/name",
        "ORT106",
    ),
    (
        "function-name-min",
        {"tools": [{"type": "function", "function": {"name": "f"}}]},
        {"tools": [{"type": "function", "function": {"name": ""}}]},
        "/tools/0/function/name",
        "ORT106",
    ),
    (
        "function-name-pattern",
        {"tools": [{"type": "function", "function": {"name": "get_weather-2"}}]},
        {"tools": [{"type": "function", "function": {"name": "bad name"}}]},
        "/tools/0/function/name",
        "ORT107",
    ),
]


def text_part(**fields: Any) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": [{"type": "text", "text": "x", **fields}]}]}


def image_part(detail: str) -> dict[str, Any]:
    image = {"url": "https://example.com/a.png", "detail": detail}
    return {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": image}]}]}


ENUMS = [
    # (id, valid payload fields, bogus payload fields, pointer); the code is always ORT104
    (
        "reasoning_effort",
        {"reasoning_effort": "high"},
        {"reasoning_effort": "extreme"},
        "/reasoning_effort",
    ),
    (
        "reasoning.effort",
        {"reasoning": {"effort": "low"}},
        {"reasoning": {"effort": "extreme"}},
        "/reasoning/effort",
    ),
    (
        "reasoning.summary",
        {"reasoning": {"summary": "concise"}},
        {"reasoning": {"summary": "long"}},
        "/reasoning/summary",
    ),
    ("service_tier", {"service_tier": "flex"}, {"service_tier": "turbo"}, "/service_tier"),
    ("route", {"route": "fallback"}, {"route": "cheapest"}, "/route"),
    (
        "modalities-item",
        {"modalities": ["text", "image"]},
        {"modalities": ["text", "video"]},
        "/modalities/1",
    ),
    (
        "provider.data_collection",
        {"provider": {"data_collection": "deny"}},
        {"provider": {"data_collection": "never"}},
        "/provider/data_collection",
    ),
    (
        "provider.quantizations-item",
        {"provider": {"quantizations": ["fp8", "bf16"]}},
        {"provider": {"quantizations": ["fp8", "fp12"]}},
        "/provider/quantizations/1",
    ),
    (
        "provider.sort-string",
        {"provider": {"sort": "price"}},
        {"provider": {"sort": "cheapest"}},
        "/provider/sort",
    ),
    (
        "provider.sort.by",
        {"provider": {"sort": {"by": "latency"}}},
        {"provider": {"sort": {"by": "cheapest"}}},
        "/provider/sort/by",
    ),
    (
        "provider.sort.partition",
        {"provider": {"sort": {"by": "price", "partition": "none"}}},
        {"provider": {"sort": {"by": "price", "partition": "all"}}},
        "/provider/sort/partition",
    ),
    (
        "image_url.detail",
        image_part("high"),
        image_part("ultra"),
        "/messages/0/content/0/image_url/detail",
    ),
    (
        "cache_control.type",
        {"cache_control": {"type": "ephemeral"}},
        {"cache_control": {"type": "persistent"}},
        "/cache_control/type",
    ),
    (
        "cache_control.ttl",
        {"cache_control": {"type": "ephemeral", "ttl": "1h"}},
        {"cache_control": {"type": "ephemeral", "ttl": "2h"}},
        "/cache_control/ttl",
    ),
    (
        "part cache_control.type",
        text_part(cache_control={"type": "ephemeral"}),
        text_part(cache_control={"type": "persistent"}),
        "/messages/0/content/0/cache_control/type",
    ),
    (
        "part cache_control.ttl",
        text_part(cache_control={"type": "ephemeral", "ttl": "5m"}),
        text_part(cache_control={"type": "ephemeral", "ttl": "1d"}),
        "/messages/0/content/0/cache_control/ttl",
    ),
    (
        "plugin id",
        {"plugins": [{"id": "web"}]},
        {"plugins": [{"id": "websearch"}]},
        "/plugins/0/id",
    ),
    (
        "message role",
        {"messages": [{"role": "developer", "content": "x"}, USER]},
        {"messages": [{"role": "robot", "content": "x"}, USER]},
        "/messages/0/role",
    ),
    (
        "content part type",
        text_part(),
        {"messages": [{"role": "user", "content": [{"type": "txt", "text": "x"}]}]},
        "/messages/0/content/0/type",
    ),
    (
        "response_format type",
        {"response_format": {"type": "json_object"}},
        {"response_format": {"type": "yaml"}},
        "/response_format/type",
    ),
    (
        "tool type",
        {"tools": [{"type": "openrouter:datetime"}]},
        {"tools": [{"type": "clock"}]},
        "/tools/0/type",
    ),
    ("tool_choice mode", {"tool_choice": "auto"}, {"tool_choice": "sometimes"}, "/tool_choice"),
]

LIMIT_ROWS = BOUNDARIES + [
    (name, good, bad, pointer, "ORT104") for name, good, bad, pointer in ENUMS
]
