"""Reasoning (ORT201-ORT205): the effort, the budget and `enabled` must agree.

`reasoning_effort` is a shorthand for `reasoning.effort`; OpenRouter accepts an effort or a
budget (`reasoning.max_tokens`), not both, and rejects an effort that `enabled: false` denies.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.readers import at, efforts, is_int
from toolkit.rules.registry import RuleContext, when_present


@when_present("reasoning_effort")
def conflicting_reasoning_effort(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `reasoning_effort` and `reasoning.effort` both set to different values.

    ## Why is this bad?
    `reasoning_effort` is a shorthand for `reasoning.effort`; the API rejects a request
    where the two differ, because it cannot tell which effort you meant.

    ## Example
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Prove that there are infinitely many primes."}],
      "reasoning_effort": "high",
      "reasoning": {"effort": "low"}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/o3",
      "messages": [{"role": "user", "content": "Prove that there are infinitely many primes."}],
      "reasoning": {"effort": "high"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/chat/send-chat-completion-request
    """
    found = dict(efforts(payload))
    nested, shorthand = found.get("reasoning.effort"), found.get("reasoning_effort")
    if nested is not None and shorthand is not None and nested != shorthand:
        yield Finding(
            "/reasoning_effort",
            f'`reasoning_effort` is "{shorthand}" but '
            f'`reasoning.effort` is "{nested}"; keep one of them',
        )


@when_present("reasoning")
def reasoning_effort_with_max_tokens(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a reasoning effort together with a reasoning budget `reasoning.max_tokens`.
    The effort may be set by `reasoning.effort` or by its shorthand `reasoning_effort`.

    ## Why is this bad?
    Effort and budget are two ways to size reasoning, and OpenRouter accepts one of them,
    not both: the API rejects the pair with `Only one of "reasoning.effort" and
    "reasoning.max_tokens" can be specified` (a live 400). `reasoning_effort` counts as
    `reasoning.effort`, and so does the effort `"none"`. Both fields are current
    (OpenRouter's reasoning guide and parameters page).

    ## Example
    ```json
    {
      "model": "anthropic/claude-sonnet-4",
      "messages": [{"role": "user", "content": "Plan a three-day trip to Kyoto."}],
      "reasoning": {"effort": "high", "max_tokens": 4000}
    }
    ```

    Use instead:
    ```json
    {
      "model": "anthropic/claude-sonnet-4",
      "messages": [{"role": "user", "content": "Plan a three-day trip to Kyoto."}],
      "reasoning": {"effort": "high"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/best-practices/reasoning-tokens
    """
    if not is_int(at(payload, "reasoning", "max_tokens")):
        return
    for field, _effort in efforts(payload)[:1]:
        yield Finding(
            "/reasoning/max_tokens",
            f"`{field}` and `reasoning.max_tokens` cannot be used together; keep one of them",
        )


@when_present("reasoning")
def disabled_reasoning_with_effort(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `reasoning.enabled: false` together with an effort other than `"none"`.
    The effort may be set by `reasoning.effort` or by its shorthand `reasoning_effort`.

    ## Why is this bad?
    The request both turns reasoning off and asks for a reasoning effort; the API rejects
    the contradiction. An effort of `"none"` agrees with `enabled: false` and is not
    reported.

    ## Example
    ```json
    {
      "model": "openai/o4-mini",
      "messages": [{"role": "user", "content": "Summarize this paragraph in one line."}],
      "reasoning_effort": "medium",
      "reasoning": {"enabled": false}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/o4-mini",
      "messages": [{"role": "user", "content": "Summarize this paragraph in one line."}],
      "reasoning": {"effort": "none"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/best-practices/reasoning-tokens
    """
    if at(payload, "reasoning", "enabled") is not False:
        return
    for field, effort in efforts(payload):
        if effort != "none":
            yield Finding(
                "/reasoning/enabled",
                f'`reasoning.enabled` is false but `{field}` is "{effort}"; remove one of them',
            )
            return


@when_present("reasoning")
def contradictory_reasoning_settings(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `reasoning.enabled` contradicted by another reasoning setting.
    That is `enabled: true` with the effort `"none"` (which turns reasoning off), or
    `enabled: false` with a reasoning budget `reasoning.max_tokens`.

    ## Why is this bad?
    The two settings ask for opposite things; which one wins depends on the provider, so
    the request may reason (and bill reasoning tokens) when you meant it not to, or the
    other way round.

    ## Example
    ```json
    {
      "model": "deepseek/deepseek-r1",
      "messages": [{"role": "user", "content": "What is 17 * 23?"}],
      "reasoning": {"enabled": true, "effort": "none"}
    }
    ```

    Use instead:
    ```json
    {
      "model": "deepseek/deepseek-r1",
      "messages": [{"role": "user", "content": "What is 17 * 23?"}],
      "reasoning": {"effort": "none"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/best-practices/reasoning-tokens
    """
    enabled = at(payload, "reasoning", "enabled")
    if enabled is True:
        for field, effort in efforts(payload):
            if effort == "none":
                yield Finding(
                    "/reasoning/enabled",
                    f"`reasoning.enabled` is true but `{field}` is "
                    '"none", which turns reasoning off; remove one of them',
                )
                return
    budget = at(payload, "reasoning", "max_tokens")
    if enabled is False and is_int(budget) and budget > 0:
        yield Finding(
            "/reasoning/enabled",
            "`reasoning.enabled` is false but "
            f"`reasoning.max_tokens` sets a budget of {budget}; remove one of them",
        )


@when_present("reasoning")
def reasoning_budget_exceeds_max_tokens(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a reasoning budget `reasoning.max_tokens` not below `max_completion_tokens`
    (or `max_tokens`).

    ## Why is this bad?
    Reasoning tokens count against the completion limit: with a budget as large as the
    limit, the model can spend every token thinking and return no answer. OpenRouter's
    reasoning guide: "`max_tokens` must be strictly higher than the reasoning budget to
    ensure there are tokens available for the final response after thinking" (stated for
    Anthropic models, whose API rejects the pair; other providers truncate the answer).

    ## Example
    ```json
    {
      "model": "anthropic/claude-sonnet-4.5",
      "messages": [{"role": "user", "content": "Prove that there are infinitely many primes."}],
      "max_completion_tokens": 2000,
      "reasoning": {"max_tokens": 2000}
    }
    ```

    Use instead:
    ```json
    {
      "model": "anthropic/claude-sonnet-4.5",
      "messages": [{"role": "user", "content": "Prove that there are infinitely many primes."}],
      "max_completion_tokens": 10000,
      "reasoning": {"max_tokens": 8000}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/best-practices/reasoning-tokens (Reasoning Max
      Tokens for Anthropic Models)
    """
    budget = at(payload, "reasoning", "max_tokens")
    if not is_int(budget):
        return
    for field in ("max_completion_tokens", "max_tokens"):
        limit = payload.get(field)
        if is_int(limit) and limit <= budget:
            yield Finding(
                f"/{field}",
                f"`{field}` ({limit}) must be greater than `reasoning.max_tokens` ({budget}), "
                "or no tokens are left for the answer; raise it or lower the budget",
            )
            return
