"""Reasoning (ORT460, ORT461, ORT462): the catalog's `reasoning` object of the model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.readers import at, is_int
from toolkit.rules.registry import RuleContext, when_present
from toolkit.rules.request.models.reading import candidates, catalog_of, dated, primary


def _disabling(payload: dict[str, Any]) -> Iterator[str]:
    """Pointers of every field that turns reasoning off."""
    if at(payload, "reasoning", "enabled") is False:
        yield "/reasoning/enabled"
    if at(payload, "reasoning", "effort") == "none":
        yield "/reasoning/effort"
    if payload.get("reasoning_effort") == "none":
        yield "/reasoning_effort"


@when_present("reasoning", "reasoning_effort")
def mandatory_reasoning_disabled(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
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
    catalog = catalog_of(context)
    if catalog is None:
        return
    pointers = list(_disabling(payload))
    if not pointers:
        return
    models = candidates(payload, context)
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


@when_present("reasoning", "reasoning_effort")
def reasoning_effort_unsupported(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
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
    catalog = catalog_of(context)
    if catalog is None:
        return
    model = primary(payload, context)
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


@when_present("reasoning")
def reasoning_max_tokens_unsupported(
    payload: dict[str, Any], context: RuleContext
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
    catalog = catalog_of(context)
    if catalog is None:
        return
    if not is_int(at(payload, "reasoning", "max_tokens")):
        return
    model = primary(payload, context)
    if model is None or model.reasoning is None or model.reasoning.supports_max_tokens:
        return
    yield Finding(
        "/reasoning/max_tokens",
        f"{model.id} does not take a reasoning budget ({dated(catalog)}); use "
        "`reasoning.effort` instead",
    )
