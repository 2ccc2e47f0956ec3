"""Token limits (ORT213-ORT214): `max_tokens` against `max_completion_tokens`, and too low."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.readers import is_int
from toolkit.rules.registry import RuleContext, when_present

MIN_MAX_TOKENS = 16


@when_present("max_tokens")
def conflicting_max_tokens(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `max_tokens` and `max_completion_tokens` both set to different values.

    ## Why is this bad?
    Both name the same limit; which one a provider applies is not documented, so the
    response may be cut at either length.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Describe the water cycle."}],
      "max_tokens": 500,
      "max_completion_tokens": 200
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Describe the water cycle."}],
      "max_completion_tokens": 200
    }
    ```
    """
    old, new = payload.get("max_tokens"), payload.get("max_completion_tokens")
    if is_int(old) and is_int(new) and old != new:
        yield Finding(
            "/max_tokens",
            f"`max_tokens` is {old} but `max_completion_tokens` is "
            f"{new}; keep `max_completion_tokens` only",
        )


@when_present("max_completion_tokens", "max_tokens")
def low_max_tokens(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `max_completion_tokens` or `max_tokens` below 16.

    ## Why is this bad?
    Some providers enforce a minimum of 16 tokens: the request fails there, or is
    routed only to the providers that accept it. When both fields hold the same value it
    is reported once, at `max_completion_tokens`.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Answer yes or no: is water wet?"}],
      "max_completion_tokens": 5
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Answer yes or no: is water wet?"}],
      "max_completion_tokens": 16
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/chat/send-chat-completion-request (`max_tokens`)
    """
    new = payload.get("max_completion_tokens")
    for field in ("max_completion_tokens", "max_tokens"):
        value = payload.get(field)
        if field == "max_tokens" and value == new:
            continue
        if is_int(value) and 1 <= value < MIN_MAX_TOKENS:
            yield Finding(
                f"/{field}",
                f"`{field}` is {value}; some providers enforce a minimum "
                f"of {MIN_MAX_TOKENS}, so set it to {MIN_MAX_TOKENS} or more",
            )
