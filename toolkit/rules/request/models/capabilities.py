"""Tools and modalities (ORT410, ORT411, ORT420, ORT421): what the model takes and gives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.registry import RuleContext, when_present
from toolkit.rules.request.models.reading import candidates, catalog_of, dated, lacking


@when_present("tools")
def tools_unsupported(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    catalog = catalog_of(context)
    if catalog is None:
        return
    tools = payload.get("tools")
    if not isinstance(tools, list) or not tools:
        return
    models = candidates(payload, context)
    if models and not any(m.supports("tools") for m in models):
        yield Finding(
            "/tools",
            f"{lacking(models, 'tool use')} ({dated(catalog)}); the API answers 404: "
            "remove `tools` or choose a model that supports them "
            "(`ortk models list --supports tools`)",
        )


def _forces_a_tool(choice: Any) -> bool:
    return choice == "required" or isinstance(choice, dict)


@when_present("tool_choice")
def tool_choice_unsupported(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    catalog = catalog_of(context)
    if catalog is None:
        return
    if not _forces_a_tool(payload.get("tool_choice")):
        return
    models = candidates(payload, context)
    if not models or any(m.supports("tool_choice") for m in models):
        return
    if not any(m.supports("tools") for m in models):
        return  # no tools at all: ORT410 (or ORT230) says it
    yield Finding(
        "/tool_choice",
        f"{lacking(models, 'a forced `tool_choice`')} ({dated(catalog)}); the API answers "
        "404: leave `tool_choice` out (the model chooses) or choose another model",
    )


# Content part type -> the input modality it needs. `file` is left out on purpose: "PDF
# processing ... works on any model on OpenRouter", parsed to text for models without
# file input (guides/overview/multimodal/pdfs).
PART_MODALITIES = {
    "image_url": "image",
    "input_audio": "audio",
    "video_url": "video",
    "input_video": "video",
}
MODALITIES = frozenset(PART_MODALITIES.values())


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


@when_present("messages")
def input_modality_unsupported(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    catalog = catalog_of(context)
    if catalog is None:
        return
    models = candidates(payload, context)
    if not models:
        return
    # (only the modalities no candidate takes are looked for)
    refused = MODALITIES.difference(*(model.input_modalities for model in models))
    if not refused:
        return
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for pointer, modality in _parts(payload):
        if modality in refused:
            first.setdefault(modality, pointer)
            counts[modality] = counts.get(modality, 0) + 1
    for modality, pointer in first.items():
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


@when_present("modalities")
def output_modality_unsupported(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    catalog = catalog_of(context)
    if catalog is None:
        return
    wanted = payload.get("modalities")
    if not isinstance(wanted, list):
        return
    models = candidates(payload, context)
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
