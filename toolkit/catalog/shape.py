"""The shape of a `GET /api/v1/models` response that ortk relies on.

Written from OpenRouter's OpenAPI (`ModelsListResponse`, `Model`, `ModelArchitecture`,
`TopProviderInfo`, `ModelReasoning`, `ModelAliasTarget`), with two departures where the
live API wins: the envelope needs only `data` (real responses carry no `total_count` or
`links`, although the OpenAPI requires them), and modalities, parameters and efforts are
any strings (the OpenAPI's enums lag the API: a new parameter must not make a fresh
catalog invalid).
"""

from __future__ import annotations

from typing import Any

_STRINGS = {"type": "array", "items": {"type": "string"}}
_OPTIONAL_INT = {"type": ["integer", "null"]}

MODEL_SHAPE: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "canonical_slug",
        "name",
        "created",
        "pricing",
        "context_length",
        "architecture",
        "top_provider",
        "per_request_limits",
        "supported_parameters",
        "default_parameters",
        "supported_voices",
        "links",
    ],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "canonical_slug": {"type": "string"},
        "name": {"type": "string"},
        "created": {"type": "integer"},
        "pricing": {"type": "object"},
        "context_length": _OPTIONAL_INT,
        "architecture": {
            "type": "object",
            "required": ["modality", "input_modalities", "output_modalities"],
            "properties": {"input_modalities": _STRINGS, "output_modalities": _STRINGS},
        },
        "top_provider": {
            "type": "object",
            "required": ["is_moderated"],
            "properties": {
                "context_length": _OPTIONAL_INT,
                "max_completion_tokens": _OPTIONAL_INT,
                "is_moderated": {"type": "boolean"},
            },
        },
        "supported_parameters": _STRINGS,
        "expiration_date": {"type": ["string", "null"]},
        "reasoning": {
            "type": "object",
            "required": ["mandatory"],
            "properties": {
                "mandatory": {"type": "boolean"},
                "supported_efforts": {
                    "type": ["array", "null"],
                    "items": {"type": ["string", "null"]},
                },
                "supports_max_tokens": {"type": "boolean"},
            },
        },
        "alias_target": {
            "type": "object",
            "required": ["slug", "name"],
            "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
        },
    },
}

RESPONSE_SHAPE: dict[str, Any] = {
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"type": "array", "items": MODEL_SHAPE}},
}

_MAX_PROBLEMS = 3


def shape_problems(document: Any) -> list[str]:
    """What keeps `document` from being a `/api/v1/models` response, at most a few lines."""
    import jsonschema_rs

    if not isinstance(document, dict) or "data" not in document:
        return ['not a /api/v1/models response: expected an object with a "data" array of models']
    problems = []
    for error in jsonschema_rs.validator_for(RESPONSE_SHAPE).iter_errors(document):
        problems.append(f"{_where(document, list(error.instance_path))}: {error.message}")
        if len(problems) == _MAX_PROBLEMS:
            break
    return problems


def _where(document: dict[str, Any], path: list[str | int]) -> str:
    """`data[12] (openai/gpt-4o).architecture` for a path into the response."""
    if len(path) < 2 or path[0] != "data" or not isinstance(path[1], int):
        return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "/"
    model = document["data"][path[1]]
    model_id = model.get("id") if isinstance(model, dict) else None
    label = f"data[{path[1]}]" + (f" ({model_id})" if isinstance(model_id, str) else "")
    return label + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[2:])
