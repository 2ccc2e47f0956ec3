"""Token limits (ORT440, ORT441): `max_tokens` against the context and the completion limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.registry import RuleContext, when_present
from toolkit.rules.request.models.reading import candidates, catalog_of, dated, primary


def _max_tokens(payload: dict[str, Any]) -> Iterator[tuple[str, int]]:
    for key in ("max_tokens", "max_completion_tokens"):
        value = payload.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            yield key, value


@when_present("max_tokens", "max_completion_tokens")
def max_tokens_over_context(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
      "max_completion_tokens": 200000
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a long story."}],
      "max_completion_tokens": 16000
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/limits
    """
    catalog = catalog_of(context)
    if catalog is None:
        return
    for key, value in _max_tokens(payload):
        models = candidates(payload, context)
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


@when_present("max_tokens", "max_completion_tokens")
def max_tokens_over_completion_limit(
    payload: dict[str, Any], context: RuleContext
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
      "max_completion_tokens": 32000
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a long story."}],
      "max_completion_tokens": 16000
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/limits
    """
    catalog = catalog_of(context)
    if catalog is None:
        return
    model = primary(payload, context)
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
