"""Routing (ORT250, ORT251, ORT254): provider lists that contradict, fallbacks that repeat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import to_pointer
from toolkit.rules.readers import at, duplicates, items
from toolkit.rules.registry import RuleContext, when_present


def _ignored_also_in(payload: dict[str, Any], field: str) -> Iterator[tuple[int, str]]:
    provider = payload.get("provider")
    listed = {slug.casefold() for _, slug in items(at(provider, field)) if isinstance(slug, str)}
    for index, slug in items(at(provider, "ignore")):
        if isinstance(slug, str) and slug.casefold() in listed:
            yield index, slug


@when_present("provider")
def ignored_only_provider(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a provider slug both in `provider.only` and in `provider.ignore`.
    Slugs are compared without regard to case.

    ## Why is this bad?
    The request allows a provider and excludes it at once; `ignore` wins, so the provider
    is never used, and when it was the only one allowed the request cannot be routed.

    ## Example
    ```json
    {
      "model": "meta-llama/llama-3.3-70b-instruct",
      "messages": [{"role": "user", "content": "Hello"}],
      "provider": {"only": ["Together", "Fireworks"], "ignore": ["Together"]}
    }
    ```

    Use instead:
    ```json
    {
      "model": "meta-llama/llama-3.3-70b-instruct",
      "messages": [{"role": "user", "content": "Hello"}],
      "provider": {"only": ["Fireworks"]}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/provider-selection
    """
    for index, slug in _ignored_also_in(payload, "only"):
        yield Finding(
            to_pointer(["provider", "ignore", index]),
            f'provider "{slug}" is in both '
            "`provider.only` and `provider.ignore`; remove it from one of them",
        )


@when_present("provider")
def ignored_ordered_provider(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a provider slug both in `provider.order` and in `provider.ignore`.
    Slugs are compared without regard to case.

    ## Why is this bad?
    The provider is never tried, so its place in `order` is dead configuration and the
    order you read is not the order used.

    ## Example
    ```json
    {
      "model": "meta-llama/llama-3.3-70b-instruct",
      "messages": [{"role": "user", "content": "Hello"}],
      "provider": {"order": ["Together", "Fireworks"], "ignore": ["together"]}
    }
    ```

    Use instead:
    ```json
    {
      "model": "meta-llama/llama-3.3-70b-instruct",
      "messages": [{"role": "user", "content": "Hello"}],
      "provider": {"order": ["Fireworks"], "ignore": ["together"]}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/provider-selection
    """
    for index, slug in _ignored_also_in(payload, "order"):
        yield Finding(
            to_pointer(["provider", "ignore", index]),
            f'provider "{slug}" is in both '
            "`provider.order` and `provider.ignore`, so it is never tried; remove it "
            "from one of them",
        )


@when_present("models")
def duplicate_model(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a model listed twice in `models`.

    ## Why is this bad?
    `models` is a fallback order: a second entry for the same model only retries it, and
    usually a different model was meant there.

    ## Example
    ```json
    {
      "models": ["anthropic/claude-sonnet-4", "openai/gpt-4o", "anthropic/claude-sonnet-4"],
      "messages": [{"role": "user", "content": "Hello"}]
    }
    ```

    Use instead:
    ```json
    {
      "models": ["anthropic/claude-sonnet-4", "openai/gpt-4o", "google/gemini-2.5-pro"],
      "messages": [{"role": "user", "content": "Hello"}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/model-fallbacks
    """
    models = [(i, m) for i, m in items(payload.get("models")) if isinstance(m, str)]
    for index, model, first in duplicates(models):
        yield Finding(
            f"/models/{index}",
            f'"{model}" is already listed at models[{first}]; remove it or name another model',
        )
