"""Model-aware checks (ORT4xx): a request against what its model can do, per the catalog.

Most 4xx answers of the endpoint are a request asking a model for something it cannot
do; each of these is predicted from OpenRouter's model catalog (`GET /api/v1/models`).
Every check is a pure function of (payload, catalog) and names the catalog's date,
because its verdict is only as fresh as the catalog (`ortk models refresh`). Errors
are judged on every model the request may fall back to, warnings on the first
(`toolkit.catalog.checks`); routers, presets and unknown slugs are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.catalog.checks import (
    MISSING,
    at,
    candidates,
    dated,
    is_int,
    lacking,
    primary,
    slugs,
)
from toolkit.catalog.model import Catalog
from toolkit.catalog.resolve import resolve
from toolkit.diagnostics import Finding

# --- the model slug ----------------------------------------------------------------------


def unknown_model(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks that `model` and each entry of `models` name a model of the catalog, after
    resolving variants (`:free :nitro :floor :online :thinking :extended :exacto`),
    presets (`@preset/name`, `model@preset/name`), `~author/family-latest` aliases and
    routers (`openrouter/auto`, `openrouter/free`, ...), with a did-you-mean.

    ## Why is this bad?
    The API answers 400 "<slug> is not a valid model ID" (quoted in public issue
    reports) for a slug without its author prefix, a typo, a retired model, or a `:free`
    variant that does not exist ("append :free to any model that has a free variant":
    guides/routing/routers/free-router). The catalog may be older than a new model: the
    message names its date; `ortk models refresh` brings it up to date.

    ## Example
    ```json
    {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}
    ```

    Use instead:
    ```json
    {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/model-variants/free
    - https://openrouter.ai/docs/guides/routing/routers/latest-resolution
    - https://openrouter.ai/docs/guides/features/presets
    """
    for pointer, slug in slugs(payload):
        found = resolve(slug, catalog)
        if found.kind != "unknown":
            continue
        hint = f'; did you mean "{found.suggestion}"?' if found.suggestion else ""
        if found.problem == "is not in the catalog":
            fix = hint or ": check the slug, or refresh the catalog (`ortk models refresh`)"
            yield Finding(pointer, f'"{slug}" is not in the {dated(catalog)}{fix}')
        else:
            yield Finding(pointer, f'"{slug}" {found.problem} ({dated(catalog)}){hint}')


# --- tools -------------------------------------------------------------------------------


def tools_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `tools` sent to a model whose `supported_parameters` lack `tools` (with
    fallbacks in `models`: when none of them supports tools).

    ## Why is this bad?
    The API answers 404 "No endpoints found that support tool use" (live error, quoted in
    public issue reports), although the provider-selection guide says an unsupported
    `tools` is ignored: the live API wins.

    ## Example
    ```json
    {
      "model": "meta-llama/llama-3.2-3b-instruct",
      "messages": [{"role": "user", "content": "Weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]
    }
    ```

    Use instead:
    ```json
    {
      "model": "meta-llama/llama-3.3-70b-instruct",
      "messages": [{"role": "user", "content": "Weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/features/tool-calling
    """
    tools = payload.get("tools")
    if not isinstance(tools, list) or not tools:
        return
    models = candidates(payload, catalog)
    if models and not any(m.supports("tools") for m in models):
        yield Finding(
            "/tools",
            f"{lacking(models, 'tool use')} ({dated(catalog)}); the API answers 404: "
            "remove `tools` or choose a model that supports them "
            "(`ortk models list --supports tools`)",
        )


def _forces_a_tool(choice: Any) -> bool:
    return choice == "required" or isinstance(choice, dict)


def tool_choice_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `tool_choice` that forces a tool (`"required"` or a named tool) sent
    to a model that supports tools but not `tool_choice`.

    ## Why is this bad?
    The API answers 404 "No endpoints found that support the provided 'tool_choice'
    value" (live error, quoted in public issue reports).

    ## Example
    ```json
    {
      "model": "amazon/nova-pro-v1",
      "messages": [{"role": "user", "content": "Weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}],
      "tool_choice": "required"
    }
    ```

    Use instead:
    ```json
    {
      "model": "amazon/nova-pro-v1",
      "messages": [{"role": "user", "content": "Weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/features/tool-calling
    """
    if not _forces_a_tool(payload.get("tool_choice")):
        return
    models = candidates(payload, catalog)
    if not models or any(m.supports("tool_choice") for m in models):
        return
    if not any(m.supports("tools") for m in models):
        return  # no tools at all: ORT410 (or ORT230) says it
    yield Finding(
        "/tool_choice",
        f"{lacking(models, 'a forced `tool_choice`')} ({dated(catalog)}); the API answers "
        "404: leave `tool_choice` out (the model chooses) or choose another model",
    )


# --- modalities --------------------------------------------------------------------------

# Content part type -> the input modality it needs. `file` is left out on purpose: "PDF
# processing ... works on any model on OpenRouter", parsed to text for models without
# file input (guides/overview/multimodal/pdfs).
PART_MODALITIES = {
    "image_url": "image",
    "input_audio": "audio",
    "video_url": "video",
    "input_video": "video",
}


def _parts(payload: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer, modality) of every non-text part of every message, tool results too."""
    messages = payload.get("messages")
    if not isinstance(messages, list):
        return
    for m, message in enumerate(messages):
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, list):
            continue
        for p, part in enumerate(content):
            kind = part.get("type") if isinstance(part, dict) else None
            modality = PART_MODALITIES.get(kind) if isinstance(kind, str) else None
            if modality is not None:
                yield f"/messages/{m}/content/{p}", modality


def input_modality_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks for image, audio and video parts (in any message, tool results too) sent to a
    model whose `architecture.input_modalities` lack them. Reported once per modality,
    at its first part.

    ## Why is this bad?
    The API answers 404 "No endpoints found that support image input" (live error,
    quoted in public issue reports, also for images inside tool results). PDFs and
    other `file` parts are not checked: OpenRouter parses them for models without file
    input (guides/overview/multimodal/pdfs).

    ## Example
    ```json
    {
      "model": "deepseek/deepseek-r1",
      "messages": [{"role": "user", "content": [
        {"type": "text", "text": "What is in this picture?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
      ]}]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": [
        {"type": "text", "text": "What is in this picture?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
      ]}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/overview/multimodal/overview
    """
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for pointer, modality in _parts(payload):
        first.setdefault(modality, pointer)
        counts[modality] = counts.get(modality, 0) + 1
    if not first:
        return
    models = candidates(payload, catalog)
    if not models:
        return
    for modality, pointer in first.items():
        if any(modality in m.input_modalities for m in models):
            continue
        takes = ", ".join(models[0].input_modalities) if len(models) == 1 else None
        more = f"; {counts[modality]} {modality} parts" if counts[modality] > 1 else ""
        yield Finding(
            pointer,
            f"{lacking(models, f'{modality} input')} ({dated(catalog)}"
            + (f"; it takes {takes}" if takes else "")
            + f"{more}); the API answers 404: remove the {modality} "
            + ("parts" if counts[modality] > 1 else "part")
            + f" or choose a model that takes it (`ortk models list --input {modality}`)",
        )


def output_modality_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks for an entry of `modalities` (the output asked for) that the model's
    `architecture.output_modalities` lack.

    ## Why is this bad?
    No endpoint of the model can produce that output, so the request fails instead of
    returning the image or audio asked for.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Draw a lighthouse at dusk."}],
      "modalities": ["image", "text"]
    }
    ```

    Use instead:
    ```json
    {
      "model": "google/gemini-2.5-flash-image",
      "messages": [{"role": "user", "content": "Draw a lighthouse at dusk."}],
      "modalities": ["image", "text"]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/overview/multimodal/image-generation
    """
    wanted = payload.get("modalities")
    if not isinstance(wanted, list):
        return
    models = candidates(payload, catalog)
    if not models:
        return
    for index, modality in enumerate(wanted):
        if not isinstance(modality, str) or any(modality in m.output_modalities for m in models):
            continue
        yield Finding(
            f"/modalities/{index}",
            f"{lacking(models, f'{modality} output')} ({dated(catalog)}): remove "
            f'"{modality}" or choose a model that produces it '
            f"(`ortk models list --output {modality}`)",
        )


# --- parameters --------------------------------------------------------------------------

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


def _sent(payload: dict[str, Any]) -> Iterator[str]:
    """The catalog-checked parameters the request sets to something (null and a
    `logprobs: false` ask for nothing)."""
    for key in PARAMETERS:
        value = payload.get(key, MISSING)
        if value is MISSING or value is None or (key == "logprobs" and value is False):
            continue
        if key == "response_format" and at(value, "type") == "json_schema":
            continue  # structured outputs: ORT450
        yield key


def _requires_parameters(payload: dict[str, Any]) -> bool:
    return at(payload, "provider", "require_parameters") is True


def parameter_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
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
    if _requires_parameters(payload):
        return
    model = primary(payload, catalog)
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


def required_parameter_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
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
    if not _requires_parameters(payload):
        return
    models = candidates(payload, catalog)
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


# --- limits ------------------------------------------------------------------------------


def _max_tokens(payload: dict[str, Any]) -> Iterator[tuple[str, int]]:
    for key in ("max_tokens", "max_completion_tokens"):
        value = payload.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            yield key, value


def max_tokens_over_context(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `max_tokens` (or `max_completion_tokens`) above the model's
    `context_length`.

    ## Why is this bad?
    The answer alone could not fit in the context window; the API answers 400 "This
    endpoint's maximum context length is N tokens" (live error, quoted in public issue
    reports).

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a long story."}],
      "max_tokens": 200000
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a long story."}],
      "max_tokens": 16000
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/limits
    """
    for key, value in _max_tokens(payload):
        models = candidates(payload, catalog)
        limits = [m.context_length for m in models]
        if not models or any(limit is None or value <= limit for limit in limits):
            continue
        largest = max(limit for limit in limits if limit is not None)
        who = f"{models[0].id} has" if len(models) == 1 else "every model named has at most"
        yield Finding(
            f"/{key}",
            f"{key} is {value:,} but {who} a context length of {largest:,} tokens "
            f"({dated(catalog)}); the API answers 400: lower it",
        )


def max_tokens_over_completion_limit(
    payload: dict[str, Any], catalog: Catalog
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `max_tokens` (or `max_completion_tokens`) above the most the model's top
    provider writes (`top_provider.max_completion_tokens`), yet within its context.

    ## Why is this bad?
    The answer cannot be that long: the top provider stops earlier (or the request goes
    to a provider that allows more, not the one the price was chosen for).

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a long story."}],
      "max_tokens": 32000
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a long story."}],
      "max_tokens": 16000
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/limits
    """
    model = primary(payload, catalog)
    if model is None or model.max_completion_tokens is None:
        return
    for key, value in _max_tokens(payload):
        if value > model.max_completion_tokens and (
            model.context_length is None or value <= model.context_length
        ):
            yield Finding(
                f"/{key}",
                f"{key} is {value:,} but {model.id} writes at most "
                f"{model.max_completion_tokens:,} tokens ({dated(catalog)}): lower it",
            )


def structured_outputs_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
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
    if at(payload, "response_format", "type") != "json_schema":
        return
    model = primary(payload, catalog)
    if model is None or model.supports("structured_outputs"):
        return
    yield Finding(
        "/response_format/type",
        f"{model.id} does not support structured outputs ({dated(catalog)}), so the "
        'schema is not enforced: use "json_object" and validate the answer, or choose a '
        "model that supports them (`ortk models list --supports structured_outputs`)",
    )


# --- reasoning ---------------------------------------------------------------------------


def _disabling(payload: dict[str, Any]) -> Iterator[str]:
    """Pointers of every field that turns reasoning off."""
    if at(payload, "reasoning", "enabled") is False:
        yield "/reasoning/enabled"
    if at(payload, "reasoning", "effort") == "none":
        yield "/reasoning/effort"
    if payload.get("reasoning_effort") == "none":
        yield "/reasoning_effort"


def mandatory_reasoning_disabled(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks for reasoning turned off (`reasoning.enabled: false`, or the effort `"none"`)
    for a model whose catalog `reasoning.mandatory` is true. `~author/family-latest`
    aliases are exempt: OpenRouter raises their effort instead (guides/routing/routers/
    latest-resolution).

    ## Why is this bad?
    The API answers 400 "Reasoning is mandatory for this endpoint and cannot be
    disabled" (live error, quoted in public issue reports; the OpenAPI `ModelReasoning`
    says: "effort none is rejected").

    ## Example
    With a catalog whose `openai/o3` row has `"reasoning": {"mandatory": true}`:
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Add 2 and 2."}],
      "reasoning": {"effort": "none"}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Add 2 and 2."}],
      "reasoning": {"effort": "low"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/best-practices/reasoning-tokens
    """
    pointers = list(_disabling(payload))
    if not pointers:
        return
    models = candidates(payload, catalog)
    if not models or any(
        m.reasoning is None or not m.reasoning.mandatory or m.is_alias for m in models
    ):
        return
    who = models[0].id if len(models) == 1 else "every model named"
    for pointer in pointers:
        yield Finding(
            pointer,
            f"reasoning is mandatory for {who} ({dated(catalog)}) and cannot be turned "
            "off; the API answers 400: use the lowest effort it supports instead",
        )


def reasoning_effort_unsupported(payload: dict[str, Any], catalog: Catalog) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a reasoning effort outside the model's catalog `reasoning.supported_efforts`.

    ## Why is this bad?
    "Unsupported non-none efforts are mapped to the nearest supported level on all
    slugs (for example xhigh → high)" (guides/routing/routers/latest-resolution): the
    request runs with another effort than the one written.

    ## Example
    With a catalog whose `openai/o3` row supports the efforts high, medium and low:
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Prove Fermat's little theorem."}],
      "reasoning": {"effort": "xhigh"}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Prove Fermat's little theorem."}],
      "reasoning": {"effort": "high"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/routers/latest-resolution
    """
    model = primary(payload, catalog)
    if model is None or model.reasoning is None or model.reasoning.supported_efforts is None:
        return
    supported = model.reasoning.supported_efforts
    for pointer, effort in (
        ("/reasoning/effort", at(payload, "reasoning", "effort")),
        ("/reasoning_effort", payload.get("reasoning_effort")),
    ):
        if isinstance(effort, str) and effort != "none" and effort not in supported:
            yield Finding(
                pointer,
                f'{model.id} does not support the effort "{effort}" ({dated(catalog)}; it '
                f"supports {', '.join(supported)}); OpenRouter uses the nearest one: "
                "write that one",
            )


def reasoning_max_tokens_unsupported(
    payload: dict[str, Any], catalog: Catalog
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `reasoning.max_tokens` sent to a model whose catalog `reasoning` object
    does not say `supports_max_tokens`.

    ## Why is this bad?
    The OpenAPI `ModelReasoning.supports_max_tokens` is "present and true when the model
    accepts reasoning.max_tokens"; other models size reasoning by effort only, so the
    budget is not what the model uses.

    ## Example
    With a catalog whose `openai/o3` row has a `reasoning` object without
    `supports_max_tokens`:
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Plan a three-day trip to Kyoto."}],
      "reasoning": {"max_tokens": 4000}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Plan a three-day trip to Kyoto."}],
      "reasoning": {"effort": "medium"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/best-practices/reasoning-tokens
    """
    if not is_int(at(payload, "reasoning", "max_tokens")):
        return
    model = primary(payload, catalog)
    if model is None or model.reasoning is None or model.reasoning.supports_max_tokens:
        return
    yield Finding(
        "/reasoning/max_tokens",
        f"{model.id} does not take a reasoning budget ({dated(catalog)}); use "
        "`reasoning.effort` instead",
    )
