"""The corpus's requests name a model that takes what they send, by ortk's bundled catalog.

The clean corpus is meant to hold correct requests, and since the model checks (ORT4xx)
landed a request is judged against the model it names: before this, a third of the
"clean" files had findings (retired `x-ai/grok-3`, images to text-only models,
`temperature` to `openai/o4-mini`). Each request keeps its randomly chosen model when that
model takes everything the request sends; otherwise another of the corpus's models that
does is chosen. The warning mix (warning_mix.py) then adds model mistakes at stated shares.

Read with the standard library from toolkit/catalog/bundled.json (the compact catalog):
`parameters` is the model's `supported_parameters`, `input` its input modalities.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

CATALOG = Path(__file__).resolve().parent.parent / "toolkit" / "catalog" / "bundled.json"

# Request field -> the supported_parameters any of which take it (as ortk's ORT430 reads
# them: max_tokens and max_completion_tokens map onto each other).
PARAMETERS = {
    "temperature": ("temperature",),
    "top_p": ("top_p",),
    "top_k": ("top_k",),
    "frequency_penalty": ("frequency_penalty",),
    "presence_penalty": ("presence_penalty",),
    "max_tokens": ("max_tokens", "max_completion_tokens"),
    "max_completion_tokens": ("max_completion_tokens", "max_tokens"),
    "seed": ("seed",),
    "stop": ("stop",),
    "reasoning": ("reasoning",),
    "response_format": ("response_format",),
    "tools": ("tools",),
    "tool_choice": ("tool_choice",),
}


def load_catalog() -> dict[str, dict[str, Any]]:
    return dict(json.loads(CATALOG.read_text(encoding="utf-8"))["models"])


def _inputs(request: dict[str, Any]) -> set[str]:
    """The input modalities the messages need (images only, in this corpus)."""
    found = set()
    for message in request.get("messages", []):
        content = message.get("content")
        if isinstance(content, list):
            found |= {"image" for part in content if part.get("type") == "image_url"}
    return found


def takes(record: dict[str, Any], request: dict[str, Any]) -> bool:
    """Whether the model of `record` takes every parameter and input of `request`."""
    supported = set(record.get("parameters", ()))
    for key, names in PARAMETERS.items():
        if key in request and supported.isdisjoint(names):
            return False
    response_format = request.get("response_format")
    structured = isinstance(response_format, dict) and response_format.get("type") == "json_schema"
    if structured and "structured_outputs" not in supported:
        return False
    limit = record.get("max_completion_tokens")
    asked = request.get("max_completion_tokens") or request.get("max_tokens") or 0
    if limit is not None and asked > limit:
        return False
    return _inputs(request) <= set(record.get("input", ()))


def fit_model(
    request: dict[str, Any], models: list[str], catalog: dict[str, Any], r: random.Random
) -> None:
    """Give `request` (in place) a model of `models` that takes what it sends; a router
    (`openrouter/auto`) picks per request and is kept."""
    record = catalog.get(request.get("model"))
    if record is not None and (record.get("router") or takes(record, request)):
        return
    fitting = [m for m in models if m in catalog and takes(catalog[m], request)]
    request["model"] = r.choice(fitting) if fitting else "openrouter/auto"
