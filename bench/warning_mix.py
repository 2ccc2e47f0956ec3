"""The warning-heavy corpus (issue 14): the clean corpus's requests with the mistakes real
request collections carry, at the shares they carry them.

Where the shares come from:
- `max_tokens` (deprecated, ORT210) in 40% of requests. Public OpenRouter clients found by
  code search mostly expose `max_tokens` as a wrapper argument and send it; the quickstart
  copies (`model` + `messages` only) do not: about a third to a half of the wrappers seen.
  The API still accepts it (parameters.mdx documents it), so nothing stops it.
- Function tools marked `strict: true` whose parameters keep optional properties and are
  not closed (ORT241), for 60% of the requests that have tools: SDK examples (the
  OpenRouter TypeScript SDK's `Tool` docs show `strict: true`; its function example
  requires `location` only) and the many public notes on strict mode's "every property in
  `required`, `additionalProperties: false`" rule show the mistake is common. Each such tool
  gives one finding for `additionalProperties` and one per optional property.
- `stream_options: {"include_usage": true}` in a request without `stream` (ORT212, ORT221)
  in 15%: OpenAI-style clients send it by default; usage accounting made it deprecated.
- `parallel_tool_calls` in a request without tools (ORT231) in 10%: SDKs serialize defaults.
- Keys of other APIs (ORT101): `do_sample`, `max_new_tokens` (Hugging Face style, seen in
  public OpenRouter clients) in 4%.
- `route: "fallback"` (deprecated, ORT211) in 3%; a repeated or empty stop sequence
  (ORT253) in 3%; a `max_tokens` below 16 (ORT214) in 2%.
- Model mistakes (ORT4xx, against the bundled catalog; the base requests name a model that
  takes what they send, bench/model_fit.py): a default `temperature` sent to a reasoning
  model that drops it (`openai/o4-mini`, ORT430) in 6%, since wrappers send their default
  whatever the model; a retired model id (`x-ai/grok-3`, gone from the catalog, ORT401)
  in 2%; images sent to a text-only model (ORT420) in 1% of the requests with images.

All from one seeded generator of their own, so the base requests are byte-for-byte those of
the clean corpus and only these additions differ.
"""

from __future__ import annotations

import random
from typing import Any

WARNINGS_SEED = 20250514

SHARES = {
    "max_tokens": 0.40,
    "strict_tools": 0.60,  # of the requests with tools
    "include_usage": 0.15,
    "parallel_tool_calls": 0.10,
    "foreign_keys": 0.04,
    "route": 0.03,
    "stop": 0.03,
    "low_max_tokens": 0.02,
    "reasoning_model_temperature": 0.06,
    "retired_model": 0.02,
    "images_to_text_model": 0.01,
}


class WarningMix:
    def __init__(self, seed: int = WARNINGS_SEED) -> None:
        self.r = random.Random(seed)

    def apply(self, request: dict[str, Any]) -> None:
        """Add this request's share of the common mistakes (in place)."""
        r = self.r
        rolls = {name: r.random() < share for name, share in SHARES.items()}
        if rolls["max_tokens"]:
            value = request.pop("max_completion_tokens", None) or r.choice([256, 1024, 4096])
            request["max_tokens"] = r.choice([4, 8]) if rolls["low_max_tokens"] else value
        if rolls["strict_tools"] and isinstance(request.get("tools"), list):
            for tool in request["tools"]:
                function = tool.get("function") if isinstance(tool, dict) else None
                if isinstance(function, dict) and isinstance(function.get("parameters"), dict):
                    function["strict"] = True
        if rolls["include_usage"] and not request.get("stream"):
            request["stream_options"] = {"include_usage": True}
        if rolls["parallel_tool_calls"] and "tools" not in request:
            request["parallel_tool_calls"] = True
        if rolls["foreign_keys"]:
            request[r.choice(["do_sample", "max_new_tokens"])] = r.choice([True, 512])
        if rolls["route"]:
            request["route"] = "fallback"
        if rolls["stop"]:
            request["stop"] = r.choice([["\n\n", "\n\n"], ["###", ""], ["END", "END", "###"]])
        if rolls["reasoning_model_temperature"]:
            request["model"] = "openai/o4-mini"
            request.setdefault("temperature", 0.7)
        if rolls["retired_model"]:
            request["model"] = "x-ai/grok-3"
        if rolls["images_to_text_model"] and _has_images(request):
            request["model"] = "deepseek/deepseek-chat"


def _has_images(request: dict[str, Any]) -> bool:
    return any(
        isinstance(message.get("content"), list)
        and any(part.get("type") == "image_url" for part in message["content"])
        for message in request.get("messages", [])
    )
