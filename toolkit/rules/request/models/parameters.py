"""Parameters (ORT430, ORT431, ORT450): what the model supports of what the request sets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.readers import at
from toolkit.rules.registry import RuleContext, when_present
from toolkit.rules.request.models.reading import candidates, catalog_of, dated, lacking, primary

# Request field -> the `supported_parameters` names any of which mean it is supported.
# OpenRouter maps `max_completion_tokens` and `max_tokens` onto each other, and the
# reasoning shorthands onto `reasoning` (api_reference/parameters). `tools` and
# `tool_choice` have their own checks (ORT410, ORT411). `parallel_tool_calls` is left out:
# the catalog of 2026-06-16 lists it for 4 of its 253 tool-calling models and for none of
# OpenAI's, whose API has it, so its absence says nothing.
PARAMETERS: dict[str, tuple[str, ...]] = {
    "temperature": ("temperature",),
    "top_p": ("top_p",),
    "top_k": ("top_k",),
    "min_p": ("min_p",),
    "top_a": ("top_a",),
    "frequency_penalty": ("frequency_penalty",),
    "presence_penalty": ("presence_penalty",),
    "repetition_penalty": ("repetition_penalty",),
    "max_tokens": ("max_tokens", "max_completion_tokens"),
    "max_completion_tokens": ("max_completion_tokens", "max_tokens"),
    "logit_bias": ("logit_bias",),
    "logprobs": ("logprobs",),
    "top_logprobs": ("top_logprobs",),
    "prediction": ("prediction",),
    "seed": ("seed",),
    "response_format": ("response_format",),
    "stop": ("stop",),
    "include_reasoning": ("include_reasoning", "reasoning"),
    "reasoning": ("reasoning",),
    "reasoning_effort": ("reasoning_effort", "reasoning"),
    "verbosity": ("verbosity",),
    "web_search_options": ("web_search_options",),
}
_ORDER = {key: index for index, key in enumerate(PARAMETERS)}


def _sent(payload: dict[str, Any]) -> Iterator[str]:
    """The catalog-checked parameters the request sets to something (null and a
    `logprobs: false` ask for nothing)."""
    present = payload.keys() & PARAMETERS.keys()  # (a set operation in C: a request sets few)
    for key in sorted(present, key=_ORDER.__getitem__) if len(present) > 1 else present:
        value = payload[key]
        if value is None or (key == "logprobs" and value is False):
            continue
        if key == "response_format" and at(value, "type") == "json_schema":
            continue  # structured outputs: ORT450
        yield key


def _requires_parameters(payload: dict[str, Any]) -> bool:
    return at(payload, "provider", "require_parameters") is True


@when_present(*PARAMETERS)
def parameter_unsupported(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a parameter outside the model's `supported_parameters` (when
    `provider.require_parameters` is not true; ORT431 covers that case).

    ## Why is this bad?
    "Providers that don't support all the parameters specified in your request can still
    receive the request, but will ignore unknown parameters" (guides/routing/
    provider-selection): the request runs as if the parameter were not there.

    ## Example
    ```json
    {
      "model": "anthropic/claude-sonnet-4",
      "messages": [{"role": "user", "content": "Pick a random fruit."}],
      "seed": 42
    }
    ```

    Use instead:
    ```json
    {
      "model": "anthropic/claude-sonnet-4",
      "messages": [{"role": "user", "content": "Pick a random fruit."}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/provider-selection
    """
    catalog = catalog_of(context)
    if catalog is None:
        return
    if _requires_parameters(payload):
        return
    model = primary(payload, context)
    if model is None:
        return
    for key in _sent(payload):
        if not any(model.supports(name) for name in PARAMETERS[key]):
            yield Finding(
                f"/{key}",
                f"{model.id} does not support `{key}` ({dated(catalog)}); OpenRouter drops "
                "it: remove it or choose a model that supports it",
                at_key=True,
            )


@when_present("provider")
def required_parameter_unsupported(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a parameter outside the model's `supported_parameters` when
    `provider.require_parameters` is true.

    ## Why is this bad?
    With `require_parameters`, only providers that support every parameter are used
    (guides/routing/provider-selection); when the model has none, the API answers 404
    "No endpoints found that can handle the requested parameters" (live error, quoted in
    public issue reports).

    ## Example
    ```json
    {
      "model": "anthropic/claude-sonnet-4",
      "messages": [{"role": "user", "content": "Pick a random fruit."}],
      "seed": 42,
      "provider": {"require_parameters": true}
    }
    ```

    Use instead:
    ```json
    {
      "model": "anthropic/claude-sonnet-4",
      "messages": [{"role": "user", "content": "Pick a random fruit."}],
      "provider": {"require_parameters": true}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/provider-selection
    """
    catalog = catalog_of(context)
    if catalog is None:
        return
    if not _requires_parameters(payload):
        return
    models = candidates(payload, context)
    if not models:
        return
    for key in _sent(payload):
        names = PARAMETERS[key]
        if not any(m.supports(name) for m in models for name in names):
            yield Finding(
                f"/{key}",
                f"{lacking(models, f'`{key}`')} ({dated(catalog)}) and "
                "`provider.require_parameters` is true; the API answers 404: remove "
                f"`{key}` or the requirement",
                at_key=True,
            )


@when_present("response_format")
def structured_outputs_unsupported(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `response_format` of type `json_schema` sent to a model whose
    `supported_parameters` lack `structured_outputs`.

    ## Why is this bad?
    The schema is not enforced: the model is at best asked for JSON, and the answer may
    not match the schema (guides/features/structured-outputs lists the models that
    enforce it).

    ## Example
    ```json
    {
      "model": "qwen/qwen3-max",
      "messages": [{"role": "user", "content": "Name a colour."}],
      "response_format": {"type": "json_schema", "json_schema": {"name": "colour", "schema": {}}}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Name a colour."}],
      "response_format": {"type": "json_schema", "json_schema": {"name": "colour", "schema": {}}}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/features/structured-outputs
    """
    catalog = catalog_of(context)
    if catalog is None:
        return
    if at(payload, "response_format", "type") != "json_schema":
        return
    model = primary(payload, context)
    if model is None or model.supports("structured_outputs"):
        return
    yield Finding(
        "/response_format/type",
        f"{model.id} does not support structured outputs ({dated(catalog)}), so the "
        'schema is not enforced: use "json_object" and validate the answer, or choose a '
        "model that supports them (`ortk models list --supports structured_outputs`)",
    )
