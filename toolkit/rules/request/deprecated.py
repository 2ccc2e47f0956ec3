"""Deprecated fields (ORT210-ORT212), each with a fix to the field that replaces it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding, Fix
from toolkit.rules.readers import MISSING, at, is_int
from toolkit.rules.registry import RuleContext, when_present

ROUTE_PARTITIONS = {"fallback": "model", "sort": "none"}
PROVIDER_SORTS = ("price", "throughput", "latency", "exacto")


@when_present("max_tokens")
def deprecated_max_tokens(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for the deprecated `max_tokens`.

    ## Why is this bad?
    OpenRouter documents `max_tokens` as deprecated in favour of `max_completion_tokens`,
    which means the same; new models and providers may stop honouring the old name.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a haiku about autumn."}],
      "max_tokens": 100
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a haiku about autumn."}],
      "max_completion_tokens": 100
    }
    ```

    ## Fix safety
    The fix renames `max_tokens` to `max_completion_tokens` when the latter is absent,
    and removes `max_tokens` when it is null or equal to `max_completion_tokens`. When the
    two differ (see ORT213) there is no fix: only you know which limit you meant.

    ## References
    - https://openrouter.ai/docs/api-reference/chat/send-chat-completion-request (`max_tokens`)
    """
    value = payload.get("max_tokens", MISSING)
    if value is not None and not is_int(value):
        return
    newer = payload.get("max_completion_tokens", MISSING)
    remove = Fix("remove `max_tokens`", ({"op": "remove", "path": "/max_tokens"},))
    if value is None:
        message, fix = "`max_tokens` is deprecated (and null, so unset); remove it", remove
    elif newer is MISSING:
        message = "`max_tokens` is deprecated; rename it to `max_completion_tokens`"
        fix = Fix(
            "rename `max_tokens` to `max_completion_tokens`",
            ({"op": "move", "from": "/max_tokens", "path": "/max_completion_tokens"},),
        )
    elif is_int(newer) and newer == value:
        message = "`max_tokens` is deprecated and repeats `max_completion_tokens`; remove it"
        fix = remove
    else:  # both set, and different (ORT213) or null: only you know which one you meant
        message, fix = "`max_tokens` is deprecated; use `max_completion_tokens` instead", None
    yield Finding("/max_tokens", message, at_key=True, fix=fix)


@when_present("route")
def deprecated_route(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for the deprecated `route`, an alias of `provider.sort.partition`.
    `"fallback"` means the partition `"model"` and `"sort"` means `"none"`.

    ## Why is this bad?
    OpenRouter keeps `route` only for backward compatibility; `provider.sort.partition`
    says the same thing next to the other routing preferences.

    ## Example
    ```json
    {
      "model": "meta-llama/llama-3.3-70b-instruct",
      "messages": [{"role": "user", "content": "Translate 'good morning' into French."}],
      "route": "sort",
      "provider": {"sort": "price"}
    }
    ```

    Use instead:
    ```json
    {
      "model": "meta-llama/llama-3.3-70b-instruct",
      "messages": [{"role": "user", "content": "Translate 'good morning' into French."}],
      "provider": {"sort": {"by": "price", "partition": "none"}}
    }
    ```

    ## Fix safety
    The fix removes `route` and sets `provider.sort.partition` to the value `route` stands
    for: it creates `provider` or `provider.sort` when absent, and turns a string
    `provider.sort` such as `"price"` into `{"by": "price", "partition": ...}`. There is no
    fix when `provider.sort.partition` already holds a different value (only you know which
    one you meant) or when `provider` or `provider.sort` has a type the schema rejects.

    ## References
    - https://openrouter.ai/docs/api-reference/chat/send-chat-completion-request (`route`)
    """
    route = payload.get("route", MISSING)
    remove = {"op": "remove", "path": "/route"}
    if route is None:
        yield Finding(
            "/route",
            "`route` is deprecated (and null, so unset); remove it",
            at_key=True,
            fix=Fix("remove `route`", (remove,)),
        )
        return
    if not isinstance(route, str) or route not in ROUTE_PARTITIONS:
        return
    partition = ROUTE_PARTITIONS[route]
    current = at(payload, "provider", "sort", "partition")
    if isinstance(current, str) and current != partition:
        yield Finding(
            "/route",
            f'`route` is deprecated and "{route}" means the partition '
            f'"{partition}", but `provider.sort.partition` is "{current}"; remove '
            "`route`",
            at_key=True,
        )
        return
    message = f'`route` is deprecated; use `provider.sort.partition` ("{route}" is "{partition}")'
    fix = None
    operation = _partition_operation(payload.get("provider", MISSING), partition)
    if operation is not MISSING:
        operations = (remove,) if operation is None else (remove, operation)
        fix = Fix(f'replace `route` with `provider.sort.partition: "{partition}"`', operations)
    yield Finding("/route", message, at_key=True, fix=fix)


def _partition_operation(provider: Any, partition: str) -> Any:
    """The patch operation that sets provider.sort.partition; None if already set,
    `MISSING` if no operation is safe."""
    if provider is MISSING or provider is None:
        return {"op": "add", "path": "/provider", "value": {"sort": {"partition": partition}}}
    if not isinstance(provider, dict):
        return MISSING
    sort = provider.get("sort", MISSING)
    if sort is MISSING or sort is None:
        return {"op": "add", "path": "/provider/sort", "value": {"partition": partition}}
    if isinstance(sort, str) and sort in PROVIDER_SORTS:
        return {
            "op": "replace",
            "path": "/provider/sort",
            "value": {"by": sort, "partition": partition},
        }
    if not isinstance(sort, dict):
        return MISSING
    current = sort.get("partition", MISSING)
    if current == partition:
        return None
    if current is MISSING or current is None:
        return {"op": "add", "path": "/provider/sort/partition", "value": partition}
    return MISSING


@when_present("stream_options")
def deprecated_include_usage(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for the deprecated `stream_options.include_usage`.

    ## Why is this bad?
    It has no effect: OpenRouter always sends full usage (in the last chunk of a stream).
    Code that sets it suggests the usage depends on it, which it does not.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o-mini",
      "messages": [{"role": "user", "content": "Tell me a joke."}],
      "stream": true,
      "stream_options": {"include_usage": true}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o-mini",
      "messages": [{"role": "user", "content": "Tell me a joke."}],
      "stream": true
    }
    ```

    ## Fix safety
    The fix removes `include_usage`, and `stream_options` with it when nothing else is
    left in it; the field has no effect, so the request means the same.

    ## References
    - https://openrouter.ai/docs/api-reference/chat/send-chat-completion-request (`stream_options`)
    """
    options = payload.get("stream_options")
    if not isinstance(options, dict) or not isinstance(options.get("include_usage"), bool):
        return
    if len(options) == 1:
        fix = Fix("remove `stream_options`", ({"op": "remove", "path": "/stream_options"},))
    else:
        fix = Fix(
            "remove `stream_options.include_usage`",
            ({"op": "remove", "path": "/stream_options/include_usage"},),
        )
    yield Finding(
        "/stream_options/include_usage",
        "`stream_options.include_usage` is "
        "deprecated and has no effect (usage is always included); remove it",
        at_key=True,
        fix=fix,
    )


@when_present("include_reasoning")
def deprecated_include_reasoning(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `include_reasoning`, a deprecated alias that OpenRouter still honours.

    ## Why is this bad?
    `include_reasoning: true` means `reasoning: {}` and `include_reasoning: false` means
    `reasoning: {"exclude": true}` (OpenRouter's parameters page: "Deprecated alias for
    reasoning.exclude"; reasoning guide, Legacy Parameters). It still works, but the
    unified `reasoning` object is the documented way and can say more (effort, budget).

    ## Example
    ```json
    {
      "model": "deepseek/deepseek-r1",
      "messages": [{"role": "user", "content": "What is 17 * 23?"}],
      "include_reasoning": false
    }
    ```

    Use instead:
    ```json
    {
      "model": "deepseek/deepseek-r1",
      "messages": [{"role": "user", "content": "What is 17 * 23?"}],
      "reasoning": {"exclude": true}
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/parameters (Include Reasoning)
    - https://openrouter.ai/docs/guides/best-practices/reasoning-tokens (Legacy Parameters)
    """
    value = payload.get("include_reasoning")
    if value is True:
        use = "`reasoning: {}`"
    elif value is False:
        use = '`reasoning: {"exclude": true}`'
    else:
        return
    yield Finding(
        "/include_reasoning",
        f"`include_reasoning` is a deprecated alias, still honoured; use {use} instead",
        at_key=True,
    )
