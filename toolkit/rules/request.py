"""Request semantics (ORT2xx): what a schema cannot say about a chat-completions request.

Every rule reads the payload defensively: a value of the wrong type is the schema's
finding (ORT1xx), so a rule skips it rather than crashing or reporting it again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from functools import cache
from typing import Any, TypeGuard, TypeVar

from toolkit.diagnostics import Finding, Fix
from toolkit.pointers import display_path, to_pointer
from toolkit.wording import show_value

_MISSING: Any = object()

_Check = TypeVar("_Check", bound=Callable[..., Any])


def when_present(*keys: str) -> Callable[[_Check], _Check]:
    """The top-level keys a payload needs (any one of them) for the rule to find anything.

    Most requests set few optional fields, so most rules are skipped without being
    called; a test checks that no rule ever finds something with its keys absent.
    """

    def mark(check: _Check) -> _Check:
        setattr(check, "triggers", frozenset(keys))  # noqa: B010 (a function attribute)
        return check

    return mark


EFFORTS = ("max", "xhigh", "high", "medium", "low", "minimal", "none")
ROUTE_PARTITIONS = {"fallback": "model", "sort": "none"}
PROVIDER_SORTS = ("price", "throughput", "latency", "exacto")
MIN_MAX_TOKENS = 16


# --- reading a payload that may be anything ----------------------------------------------


def _at(value: Any, *path: str) -> Any:
    """The member at `path` inside nested objects, or `_MISSING`."""
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return value


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _efforts(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, effort) for every way the request sets an effort: the nested field first."""
    found = []
    nested = _at(payload, "reasoning", "effort")
    if isinstance(nested, str) and nested in EFFORTS:
        found.append(("reasoning.effort", nested))
    shorthand = payload.get("reasoning_effort")
    if isinstance(shorthand, str) and shorthand in EFFORTS:
        found.append(("reasoning_effort", shorthand))
    return found


def _has_no_tools(payload: dict[str, Any]) -> bool:
    """`tools` absent or empty (a `tools` of the wrong type is the schema's finding)."""
    tools = payload.get("tools", _MISSING)
    return tools is _MISSING or tools == []


def _stream_is_off(payload: dict[str, Any]) -> bool:
    """`stream` absent or false (a `stream` of the wrong type is the schema's finding)."""
    return payload.get("stream", False) is False


def _function_tools(payload: dict[str, Any]) -> list[tuple[int, str]]:
    """(index, name) of every function tool with a string name."""
    found = []
    for index, tool in _items(payload.get("tools")):
        name = _at(tool, "function", "name")
        if _at(tool, "type") == "function" and isinstance(name, str):
            found.append((index, name))
    return found


def _duplicates(values: list[tuple[int, Any]]) -> Iterator[tuple[int, Any, int]]:
    """(index, value, index of its first occurrence) for each repeated value."""
    first: dict[Any, int] = {}
    for index, value in values:
        if value in first:
            yield index, value, first[value]
        else:
            first[value] = index


# --- reasoning ---------------------------------------------------------------------------


@when_present("reasoning_effort")
def conflicting_reasoning_effort(payload: dict[str, Any]) -> Iterator[Finding]:
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
    efforts = dict(_efforts(payload))
    nested, shorthand = efforts.get("reasoning.effort"), efforts.get("reasoning_effort")
    if nested is not None and shorthand is not None and nested != shorthand:
        yield Finding(
            "/reasoning_effort",
            f'`reasoning_effort` is "{shorthand}" but '
            f'`reasoning.effort` is "{nested}"; keep one of them',
        )


@when_present("reasoning")
def reasoning_effort_with_max_tokens(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a reasoning effort together with a reasoning budget `reasoning.max_tokens`.
    The effort may be set by `reasoning.effort` or by its shorthand `reasoning_effort`.

    ## Why is this bad?
    Effort and budget are two ways to size reasoning, and OpenRouter accepts one of them,
    not both: the API rejects the pair. `reasoning_effort` counts as `reasoning.effort`,
    and so does the effort `"none"`. `reasoning.max_tokens` is an older field (ORT101
    reports it too); prefer the effort.

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
    if not _is_int(_at(payload, "reasoning", "max_tokens")):
        return
    for field, _effort in _efforts(payload)[:1]:
        yield Finding(
            "/reasoning/max_tokens",
            f"`{field}` and `reasoning.max_tokens` cannot be used together; keep one of them",
        )


@when_present("reasoning")
def disabled_reasoning_with_effort(payload: dict[str, Any]) -> Iterator[Finding]:
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
    if _at(payload, "reasoning", "enabled") is not False:
        return
    for field, effort in _efforts(payload):
        if effort != "none":
            yield Finding(
                "/reasoning/enabled",
                f'`reasoning.enabled` is false but `{field}` is "{effort}"; remove one of them',
            )
            return


@when_present("reasoning")
def contradictory_reasoning_settings(payload: dict[str, Any]) -> Iterator[Finding]:
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
    enabled = _at(payload, "reasoning", "enabled")
    if enabled is True:
        for field, effort in _efforts(payload):
            if effort == "none":
                yield Finding(
                    "/reasoning/enabled",
                    f"`reasoning.enabled` is true but `{field}` is "
                    '"none", which turns reasoning off; remove one of them',
                )
                return
    budget = _at(payload, "reasoning", "max_tokens")
    if enabled is False and _is_int(budget) and budget > 0:
        yield Finding(
            "/reasoning/enabled",
            "`reasoning.enabled` is false but "
            f"`reasoning.max_tokens` sets a budget of {budget}; remove one of them",
        )


# --- deprecated fields -------------------------------------------------------------------


@when_present("max_tokens")
def deprecated_max_tokens(payload: dict[str, Any]) -> Iterator[Finding]:
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
    value = payload.get("max_tokens", _MISSING)
    if value is not None and not _is_int(value):
        return
    newer = payload.get("max_completion_tokens", _MISSING)
    remove = Fix("remove `max_tokens`", ({"op": "remove", "path": "/max_tokens"},))
    if value is None:
        message, fix = "`max_tokens` is deprecated (and null, so unset); remove it", remove
    elif newer is _MISSING:
        message = "`max_tokens` is deprecated; rename it to `max_completion_tokens`"
        fix = Fix(
            "rename `max_tokens` to `max_completion_tokens`",
            ({"op": "move", "from": "/max_tokens", "path": "/max_completion_tokens"},),
        )
    elif _is_int(newer) and newer == value:
        message = "`max_tokens` is deprecated and repeats `max_completion_tokens`; remove it"
        fix = remove
    else:  # both set, and different (ORT213) or null: only you know which one you meant
        message, fix = "`max_tokens` is deprecated; use `max_completion_tokens` instead", None
    yield Finding("/max_tokens", message, at_key=True, fix=fix)


@when_present("route")
def deprecated_route(payload: dict[str, Any]) -> Iterator[Finding]:
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
    route = payload.get("route", _MISSING)
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
    current = _at(payload, "provider", "sort", "partition")
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
    operation = _partition_operation(payload.get("provider", _MISSING), partition)
    if operation is not _MISSING:
        operations = (remove,) if operation is None else (remove, operation)
        fix = Fix(f'replace `route` with `provider.sort.partition: "{partition}"`', operations)
    yield Finding("/route", message, at_key=True, fix=fix)


def _partition_operation(provider: Any, partition: str) -> Any:
    """The patch operation that sets provider.sort.partition; None if already set,
    `_MISSING` if no operation is safe."""
    if provider is _MISSING or provider is None:
        return {"op": "add", "path": "/provider", "value": {"sort": {"partition": partition}}}
    if not isinstance(provider, dict):
        return _MISSING
    sort = provider.get("sort", _MISSING)
    if sort is _MISSING or sort is None:
        return {"op": "add", "path": "/provider/sort", "value": {"partition": partition}}
    if isinstance(sort, str) and sort in PROVIDER_SORTS:
        return {
            "op": "replace",
            "path": "/provider/sort",
            "value": {"by": sort, "partition": partition},
        }
    if not isinstance(sort, dict):
        return _MISSING
    current = sort.get("partition", _MISSING)
    if current == partition:
        return None
    if current is _MISSING or current is None:
        return {"op": "add", "path": "/provider/sort/partition", "value": partition}
    return _MISSING


@when_present("stream_options")
def deprecated_include_usage(payload: dict[str, Any]) -> Iterator[Finding]:
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


# --- token limits ------------------------------------------------------------------------


@when_present("max_tokens")
def conflicting_max_tokens(payload: dict[str, Any]) -> Iterator[Finding]:
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
    if _is_int(old) and _is_int(new) and old != new:
        yield Finding(
            "/max_tokens",
            f"`max_tokens` is {old} but `max_completion_tokens` is "
            f"{new}; keep `max_completion_tokens` only",
        )


@when_present("max_completion_tokens", "max_tokens")
def low_max_tokens(payload: dict[str, Any]) -> Iterator[Finding]:
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
        if _is_int(value) and 1 <= value < MIN_MAX_TOKENS:
            yield Finding(
                f"/{field}",
                f"`{field}` is {value}; some providers enforce a minimum "
                f"of {MIN_MAX_TOKENS}, so set it to {MIN_MAX_TOKENS} or more",
            )


# --- parameters that depend on another ---------------------------------------------------


@when_present("top_logprobs")
def top_logprobs_without_logprobs(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `top_logprobs` without `logprobs: true`.

    ## Why is this bad?
    `top_logprobs` sizes the log probabilities that `logprobs: true` turns on; without it
    providers reject the request (OpenAI: "logprobs must be set to true").

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Pick a color."}],
      "top_logprobs": 5
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Pick a color."}],
      "logprobs": true,
      "top_logprobs": 5
    }
    ```
    """
    if _is_int(payload.get("top_logprobs")) and payload.get("logprobs") in (None, False):
        yield Finding(
            "/top_logprobs",
            "`top_logprobs` needs `logprobs: true`; set `logprobs` "
            "to true or remove `top_logprobs`",
        )


@when_present("stream_options")
def stream_options_without_stream(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `stream_options` in a request without `stream: true`.

    ## Why is this bad?
    The options only apply to a streamed response; here they do nothing, which usually
    means `stream: true` was forgotten.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o-mini",
      "messages": [{"role": "user", "content": "Count to five."}],
      "stream_options": {}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o-mini",
      "messages": [{"role": "user", "content": "Count to five."}],
      "stream": true,
      "stream_options": {}
    }
    ```
    """
    if isinstance(payload.get("stream_options"), dict) and _stream_is_off(payload):
        yield Finding(
            "/stream_options",
            "`stream_options` has no effect without `stream: "
            "true`; set `stream` to true or remove `stream_options`",
            at_key=True,
        )


@when_present("debug")
def debug_without_stream(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `debug` in a request without `stream: true`.

    ## Why is this bad?
    Debug output (`echo_upstream_body`) arrives in a chunk at the start of a stream;
    without streaming there is nowhere to put it and it is silently dropped.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Hello"}],
      "debug": {"echo_upstream_body": true}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Hello"}],
      "stream": true,
      "debug": {"echo_upstream_body": true}
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/chat/send-chat-completion-request (`debug`)
    """
    if isinstance(payload.get("debug"), dict) and _stream_is_off(payload):
        yield Finding(
            "/debug",
            "`debug` only works when streaming; set `stream` to true or remove `debug`",
            at_key=True,
        )


@when_present("image_config")
def image_config_without_image_modality(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `image_config` in a request whose `modalities` do not include `"image"`.
    A request without `modalities` counts too.

    ## Why is this bad?
    `image_config` shapes generated images, and a model generates images only when
    `modalities` asks for them: the configuration is ignored.

    ## Example
    ```json
    {
      "model": "google/gemini-2.5-flash-image",
      "messages": [{"role": "user", "content": "Draw a lighthouse at dusk."}],
      "image_config": {"aspect_ratio": "16:9"}
    }
    ```

    Use instead:
    ```json
    {
      "model": "google/gemini-2.5-flash-image",
      "messages": [{"role": "user", "content": "Draw a lighthouse at dusk."}],
      "modalities": ["image", "text"],
      "image_config": {"aspect_ratio": "16:9"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/overview/multimodal/image-generation
    """
    if not isinstance(payload.get("image_config"), dict):
        return
    modalities = payload.get("modalities", _MISSING)
    if modalities is _MISSING or (isinstance(modalities, list) and "image" not in modalities):
        yield Finding(
            "/image_config",
            "`image_config` has no effect unless `modalities` "
            'includes "image"; add it or remove `image_config`',
            at_key=True,
        )


# --- tools and tool calls ----------------------------------------------------------------


@when_present("tool_choice")
def tool_choice_without_tools(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `tool_choice` that forces a tool call in a request without `tools`.
    `tools` absent or empty counts as without. The choices that force a call are
    `"required"`, a named function and a server tool; `"auto"` is ORT231's (a warning)
    and `"none"` is never reported.

    ## Why is this bad?
    The request demands a tool call and offers no tool to call: the model cannot comply,
    and the API rejects the request.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tool_choice": "required"
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather",
                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
      "tool_choice": "required"
    }
    ```
    """
    choice = payload.get("tool_choice", _MISSING)
    if choice == "required":
        shown = '"required"'
    elif isinstance(choice, dict) and isinstance(choice.get("type"), str):
        shown = "a named function" if choice["type"] == "function" else f'"{choice["type"]}"'
    else:
        return
    if _has_no_tools(payload):
        yield Finding(
            "/tool_choice",
            f"`tool_choice` is {shown} but the request has no "
            "`tools`; add the tools or remove `tool_choice`",
        )


@when_present("parallel_tool_calls", "tool_choice")
def tool_options_without_tools(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `parallel_tool_calls` or `tool_choice: "auto"` in a request without `tools`.
    `tools` absent or empty counts as without. A `tool_choice` that forces a call is
    ORT230's (an error); `"none"` is never reported.

    ## Why is this bad?
    Both options steer tool calls; without tools they do nothing, which usually means
    the tools were lost on the way. Some upstream APIs also reject any `tool_choice`
    without `tools` (OpenAI: "'tool_choice' is only allowed when 'tools' are
    specified"), so leave the option out when there are no tools.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Look up the weather in Paris and Rome."}],
      "parallel_tool_calls": true,
      "tool_choice": "auto"
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Look up the weather in Paris and Rome."}],
      "tools": [{"type": "function", "function": {"name": "get_weather",
                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
      "parallel_tool_calls": true,
      "tool_choice": "auto"
    }
    ```
    """
    if not _has_no_tools(payload):
        return
    if isinstance(payload.get("parallel_tool_calls"), bool):
        yield Finding(
            "/parallel_tool_calls",
            "`parallel_tool_calls` has no effect without `tools`; add the tools or remove it",
            at_key=True,
        )
    if payload.get("tool_choice") == "auto":
        yield Finding(
            "/tool_choice",
            '`tool_choice` is "auto" but the request has no `tools`; '
            "add the tools or remove `tool_choice`",
        )


@when_present("tool_choice")
def unknown_tool_choice(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `tool_choice` that forces a tool which `tools` does not define.
    That is a function name (`{"type": "function", "function": {"name": ...}}`) that no
    function tool has,
    or a server tool (`{"type": "openrouter:web_search"}`) that is not in `tools` (the
    `web_search` shorthands count as `openrouter:web_search`). A request without any
    `tools` is ORT230's.

    ## Why is this bad?
    The model is forced to call a tool it was not given: the API rejects the request.
    Usually a tool was renamed in one place only.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather",
                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
      "tool_choice": {"type": "function", "function": {"name": "get_forecast"}}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather",
                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
      "tool_choice": {"type": "function", "function": {"name": "get_weather"}}
    }
    ```
    """
    choice = payload.get("tool_choice")
    kind = _at(choice, "type")
    if (
        not isinstance(kind, str)
        or _has_no_tools(payload)
        or not isinstance(payload.get("tools"), list)
    ):
        return
    if kind == "function":
        name = _at(choice, "function", "name")
        if not isinstance(name, str):
            return
        names = [tool_name for _, tool_name in _function_tools(payload)]
        if name not in names:
            import difflib

            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            yield Finding(
                "/tool_choice/function/name",
                f"`tool_choice` forces the function "
                f"`{name}`, which no tool in `tools` defines{hint}; add it to "
                "`tools` or fix the name",
            )
        return
    types = {_server_tool(_at(tool, "type")) for _, tool in _items(payload.get("tools"))}
    if _server_tool(kind) not in types:
        yield Finding(
            "/tool_choice/type",
            f'`tool_choice` forces the server tool "{kind}", '
            "which is not in `tools`; add it to `tools` or remove `tool_choice`",
        )


def _server_tool(kind: Any) -> Any:
    if isinstance(kind, str) and kind.startswith("web_search"):
        return "openrouter:web_search"
    return kind if isinstance(kind, str) else None


@when_present("tools")
def duplicate_tool_name(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for two function tools with the same name in `tools`.

    ## Why is this bad?
    The model calls a tool by name: with two definitions it cannot tell them apart, and
    the API (or the provider behind it) rejects the request.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [
        {"type": "function", "function": {"name": "get_weather", "description": "Current weather"}},
        {"type": "function", "function": {"name": "get_weather", "description": "Forecast"}}
      ]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [
        {"type": "function", "function": {"name": "get_weather", "description": "Current weather"}},
        {"type": "function", "function": {"name": "get_forecast", "description": "Forecast"}}
      ]
    }
    ```
    """
    for index, name, first in _duplicates(_function_tools(payload)):
        yield Finding(
            to_pointer(["tools", index, "function", "name"]),
            f"the function `{name}` "
            f"is already defined by tools[{first}]; rename or remove one of them",
        )


def _closes(message: Any) -> bool:
    role = _at(message, "role")
    return isinstance(role, str) and role != "tool"


@dataclass
class _Block:
    """An assistant message with tool calls, and the tool messages that follow it."""

    made_by: int  # the assistant message
    calls: dict[str, str]  # call id -> pointer of the call
    closed_by: int | None = None  # the next non-tool message
    # (orphan slot, result id) of each result whose id no call made
    unknown: list[tuple[int, str]] = _field(default_factory=list)


_last_exchange = threading.local()


def _tool_exchanges(payload: dict[str, Any]) -> tuple[list[Finding], list[Finding]]:
    """`_find_tool_exchanges`, computed once for the two rules that read it.

    The cache holds the `messages` list it was computed for, so a new list can never be
    mistaken for it; one entry per thread.
    """
    messages = payload.get("messages")
    cached = getattr(_last_exchange, "entry", None)
    if cached is not None and cached[0] is messages:
        result: tuple[list[Finding], list[Finding]] = cached[1]
        return result
    if isinstance(messages, list) and _has_tool_traffic(messages):
        result = _find_tool_exchanges(payload)
    else:
        result = ([], [])  # no tool traffic: the common case, and cheap to tell

    _last_exchange.entry = (messages, result)
    return result


def _has_tool_traffic(messages: list[Any]) -> bool:
    """A tool message, or a message with `tool_calls` (a plain loop: the hot path of
    every conversation)."""
    for message in messages:
        if isinstance(message, dict) and (message.get("role") == "tool" or "tool_calls" in message):
            return True
    return False


def _find_tool_exchanges(payload: dict[str, Any]) -> tuple[list[Finding], list[Finding]]:
    """(orphan tool results, unanswered tool calls) of `messages`.

    An assistant message with `tool_calls` opens a block that the following `tool`
    messages answer; any other message closes it. One problem, one diagnostic: a result
    outside the block of its call is an orphan (ORT234) and its call is not also
    reported unanswered (ORT235); a result with an unknown id in a block that leaves a
    call unanswered is reported once, as an orphan naming the id it probably meant.
    """
    made: dict[str, int] = {}  # call id -> the assistant message that made it
    answered: dict[str, int] = {}  # call id -> the tool message that answered it
    blocks: list[_Block] = []
    block: _Block | None = None
    orphans: list[Finding] = []
    messages = _items(payload.get("messages"))
    for index, message in messages:
        role = _at(message, "role")
        if not isinstance(role, str):
            continue
        if role != "tool":
            if block is not None:
                block.closed_by = index
            block = None
            calls: dict[str, str] = {}
            tool_calls = _at(message, "tool_calls") if role == "assistant" else None
            for position, call in _items(tool_calls):
                id_ = _at(call, "id")
                if isinstance(id_, str) and id_ not in calls:
                    calls[id_] = (
                        f"/messages/{index}/tool_calls/{position}/id"  # (ints: no escaping)
                    )
                    made.setdefault(id_, index)
            if calls:
                block = _Block(index, calls)
                blocks.append(block)
            continue
        id_ = _at(message, "tool_call_id")
        if not isinstance(id_, str):
            continue
        pointer = f"/messages/{index}/tool_call_id"
        if id_ in answered:
            orphans.append(
                Finding(
                    pointer,
                    f'`tool_call_id` "{id_}" was already answered by '
                    f"messages[{answered[id_]}]; remove one of the answers",
                )
            )
        elif block is not None and id_ in block.calls:
            answered[id_] = index
        elif id_ in made:
            answered[id_] = index
            between = next((i for i, m in messages if i > made[id_] and _closes(m)), None)
            orphans.append(
                Finding(
                    pointer,
                    f'`tool_call_id` "{id_}" answers a tool call of '
                    f"messages[{made[id_]}], but messages[{between}] comes "
                    "between them; move it right after that call",
                )
            )
        else:
            orphans.append(
                Finding(
                    pointer,
                    f'`tool_call_id` "{id_}" answers no tool call of an '
                    "earlier assistant message; use the `id` of the call it "
                    "answers",
                )
            )
            if block is not None:
                block.unknown.append((len(orphans) - 1, id_))
    unanswered = []
    for block in blocks:
        open_calls = [(id_, ptr) for id_, ptr in block.calls.items() if id_ not in answered]
        for (slot, id_), (meant, _) in zip(block.unknown, open_calls, strict=False):
            orphans[slot] = Finding(
                orphans[slot].pointer,
                f'`tool_call_id` "{id_}" matches no '
                f'tool call; did you mean "{meant}", the unanswered call of '
                f"messages[{block.made_by}]?",
            )
        for id_, pointer in open_calls[len(block.unknown) :]:
            at = block.closed_by
            unanswered.append(
                Finding(
                    pointer,
                    (
                        f'tool call "{id_}" is not answered before messages[{at}]; add a `tool` '
                        f'message with `tool_call_id` "{id_}" before it'
                    )
                    if at is not None
                    else (
                        f'tool call "{id_}" is never answered; add a `tool` message with '
                        f'`tool_call_id` "{id_}" after it'
                    ),
                )
            )
    return orphans, unanswered


@when_present("messages")
def orphan_tool_result(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `tool` message that does not answer a call of the assistant message before it.
    That is a `tool_call_id` no earlier assistant message used, a result separated from
    its call by another user, system or assistant message, or a second answer to the
    same call.

    ## Why is this bad?
    A tool result must directly follow the assistant message that made the call (other
    tool results may come between): the API rejects the conversation otherwise
    ("messages with role 'tool' must be a response to a preceding message with
    'tool_calls'").

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [
        {"role": "user", "content": "What is the weather in Paris?"},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
        {"role": "tool", "tool_call_id": "call_2", "content": "18 C, sunny"}
      ]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [
        {"role": "user", "content": "What is the weather in Paris?"},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C, sunny"}
      ]
    }
    ```
    """
    yield from _tool_exchanges(payload)[0]


@when_present("messages")
def unanswered_tool_call(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for an assistant tool call that no `tool` message answers.
    The answer must come before the next user, system or assistant message, and before
    the end of the conversation.

    ## Why is this bad?
    Every tool call must get its result (a `tool` message with its id) right after the
    assistant message that made it, and this holds at the end of `messages` too: a
    request that ends with unanswered tool calls is rejected by OpenAI-compatible
    providers ("an assistant message with 'tool_calls' must be followed by tool messages
    responding to each 'tool_call_id'") and by Anthropic. Run the tool and append its
    result before sending the request. A result that exists but is out of place, or
    that carries a mistyped id, is ORT234's, not this rule's.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [
        {"role": "user", "content": "What is the weather in Paris?"},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
        {"role": "user", "content": "And in Rome?"}
      ]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [
        {"role": "user", "content": "What is the weather in Paris?"},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C, sunny"},
        {"role": "user", "content": "And in Rome?"}
      ]
    }
    ```
    """
    yield from _tool_exchanges(payload)[1]


# --- embedded JSON Schemas ---------------------------------------------------------------


def _embedded_schemas(payload: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(pointer, schema, strict) of the response format's schema and each tool's parameters."""
    config = _at(payload, "response_format", "json_schema")
    if isinstance(_at(config, "schema"), dict):
        yield "/response_format/json_schema/schema", config["schema"], config.get("strict") is True
    for index, tool in _items(payload.get("tools")):
        function = _at(tool, "function")
        if isinstance(_at(function, "parameters"), dict):
            yield (
                f"/tools/{index}/function/parameters",  # (nothing to escape: cheaper)
                function["parameters"],
                function.get("strict") is True,
            )


@cache
def _metaschema_validator(cls: Any) -> Any:
    return cls(cls.META_SCHEMA)


# metaschemas jsonschema-rs carries built in; any other `$schema` it would try to download
_BUILTIN_DRAFTS = {
    "http://json-schema.org/draft-04/schema",
    "http://json-schema.org/draft-06/schema",
    "http://json-schema.org/draft-07/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2020-12/schema",
}


_VALID_SCHEMAS: dict[bytes, bool] = {}  # serialized schema -> verdict
_VALID_SCHEMAS_LIMIT = 4096


def _surely_valid(schema: dict[str, Any]) -> bool:
    """The fast path: jsonschema-rs says the schema is valid (about 100x faster).

    Verdicts are remembered by the schema's serialized form: a corpus of requests
    repeats the same tool definitions over and over.
    """
    import orjson

    try:
        key = orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # not plain JSON data: check it the long way
        return _check_surely_valid(schema)
    verdict = _VALID_SCHEMAS.get(key)
    if verdict is None:
        verdict = _check_surely_valid(schema)
        if len(_VALID_SCHEMAS) >= _VALID_SCHEMAS_LIMIT:
            _VALID_SCHEMAS.clear()
        _VALID_SCHEMAS[key] = verdict
    return verdict


def _check_surely_valid(schema: dict[str, Any]) -> bool:
    declared = schema.get("$schema", _MISSING)
    if declared is not _MISSING and (
        not isinstance(declared, str) or declared.rstrip("#") not in _BUILTIN_DRAFTS
    ):
        return False
    import jsonschema_rs

    try:
        return bool(jsonschema_rs.meta.is_valid(schema))
    except Exception:  # anything it cannot handle goes the slow way
        return False


def _schema_problem(schema: dict[str, Any]) -> Any:
    """The most relevant metaschema error of `schema` (a jsonschema error), None when the
    schema is valid, `_MISSING` when it is nested too deeply to check.

    Only a schema jsonschema-rs rejects (or cannot check) is checked again with
    python-jsonschema, whose `best_match` picks the error a person should see.
    """
    if _surely_valid(schema):
        return None
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    declared = schema.get("$schema")
    cls = (
        validator_for(schema, default=Draft202012Validator)
        if isinstance(declared, str)
        else Draft202012Validator
    )
    try:
        return best_match(_metaschema_validator(cls).iter_errors(schema))
    except RecursionError:  # nested too deeply to check: not a verdict either way
        return _MISSING


def _type_words(expected: Any) -> str:
    words = [expected] if isinstance(expected, str) else list(expected)
    named = [("an " if w[0] in "aeiou" else "a ") + w for w in words if isinstance(w, str)]
    return " or ".join(named)


def _in_type_keyword(schema_path: list[Any]) -> bool:
    """Whether a metaschema error comes from the definition of the `type` keyword."""
    return any(
        schema_path[i : i + 3] == ["properties", "type", "anyOf"]
        for i in range(len(schema_path) - 2)
    )


def _schema_message(error: Any, pointer: str) -> str:
    where = f"`{display_path(pointer)}`"
    value, keyword, expected = error.instance, error.validator, error.validator_value
    if _in_type_keyword(list(error.absolute_schema_path)):
        detail = (
            f'{where} is {show_value(value)}, not a JSON Schema type; use one of "array", '
            '"boolean", "integer", "null", "number", "object", "string"'
        )
    elif keyword == "type":
        detail = f"{where} is {show_value(value)}; it must be {_type_words(expected)}"
    elif keyword == "minimum":
        detail = f"{where} is {show_value(value)}; it must be at least {expected}"
    elif keyword == "enum":
        detail = f"{where} is {show_value(value)}; it must be one of {show_value(expected)}"
    elif keyword == "uniqueItems":
        detail = f"{where} has duplicate entries; list each once"
    else:
        detail = f"{where}: {error.message}"
    return f"invalid JSON Schema: {detail}"


@when_present("response_format", "tools")
def invalid_json_schema(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for an embedded schema that is not valid JSON Schema.
    These are `response_format.json_schema.schema` and each `tools[].function.parameters`,
    checked against the metaschema of the draft their `$schema` names (2020-12 by
    default); the most relevant problem of each is reported at its place in the schema.

    ## Why is this bad?
    The provider compiles the schema to constrain the output or the tool arguments: an
    invalid schema is rejected, or silently ignored so that the output is no longer
    checked at all.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "strng"}}
      }}}]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string"}}
      }}}]
    }
    ```

    ## References
    - https://json-schema.org/draft/2020-12/json-schema-core
    """
    for base, schema, _strict in _embedded_schemas(payload):
        error = _schema_problem(schema)
        if error is not None and error is not _MISSING:
            pointer = base + to_pointer(error.absolute_path)
            yield Finding(pointer, _schema_message(error, pointer))


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems", "items")
_SCHEMA_ONES = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
)


def _subschemas(schema: dict[str, Any], pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    for key in _SCHEMA_MAPS:
        for name, sub in schema[key].items() if isinstance(schema.get(key), dict) else ():
            if isinstance(sub, dict):
                yield sub, pointer + to_pointer([key, name])
    for key in _SCHEMA_LISTS:
        for index, sub in _items(schema.get(key)):
            if isinstance(sub, dict):
                yield sub, pointer + to_pointer([key, index])
    for key in _SCHEMA_ONES:
        if isinstance(schema.get(key), dict):
            yield schema[key], pointer + to_pointer([key])


def _is_object_schema(schema: dict[str, Any]) -> bool:
    kind = schema.get("type", _MISSING)
    if kind is _MISSING:
        return isinstance(schema.get("properties"), dict)
    return kind == "object" or (isinstance(kind, list) and "object" in kind)


@when_present("response_format", "tools")
def strict_incompatible_schema(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a schema marked `strict: true` that strict mode does not accept.
    In a `response_format.json_schema` or a tool `function` with `strict: true`, every
    object schema must set `additionalProperties: false` and list every one of its
    `properties` in `required`. A schema that is not valid JSON Schema is ORT240's.

    ## Why is this bad?
    Strict structured outputs (OpenAI and the providers that follow it) accept only
    closed objects whose properties are all required; other schemas are rejected, or
    strict mode is dropped and the output is no longer guaranteed to match. To keep a
    property optional, require it and allow `null` (`"type": ["string", "null"]`).

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Extract the city from: I live in Paris."}],
      "response_format": {"type": "json_schema", "json_schema": {
        "name": "place", "strict": true,
        "schema": {"type": "object", "properties": {"city": {"type": "string"},
                   "country": {"type": "string"}}, "required": ["city"]}
      }}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Extract the city from: I live in Paris."}],
      "response_format": {"type": "json_schema", "json_schema": {
        "name": "place", "strict": true,
        "schema": {"type": "object", "properties": {"city": {"type": "string"},
                   "country": {"type": ["string", "null"]}}, "required": ["city", "country"],
                   "additionalProperties": false}
      }}
    }
    ```

    ## References
    - https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
    """
    for base, root, strict in _embedded_schemas(payload):
        if not strict or _schema_problem(root) is not None:
            continue
        stack = [(root, base)]
        while stack:
            schema, pointer = stack.pop()
            stack.extend(reversed(list(_subschemas(schema, pointer))))
            if _is_object_schema(schema):
                yield from _strict_object_findings(schema, pointer)


def _strict_object_findings(schema: dict[str, Any], pointer: str) -> Iterator[Finding]:
    where = display_path(pointer)
    if schema.get("additionalProperties") is not False:
        at = pointer + "/additionalProperties" if "additionalProperties" in schema else pointer
        yield Finding(
            at,
            f"`{where}` must set `additionalProperties: false` under `strict: true`",
            at_key="additionalProperties" in schema,
        )
    required = schema.get("required", [])
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not isinstance(required, list):
        return
    for name in properties:
        if name not in required:
            yield Finding(
                pointer + to_pointer(["properties", name]),
                f"property `{name}` is not "
                "in `required`; under `strict: true` list every property (allow null "
                "to keep it optional)",
                at_key=True,
            )


# --- provider routing and lists ----------------------------------------------------------


def _ignored_also_in(payload: dict[str, Any], field: str) -> Iterator[tuple[int, str]]:
    provider = payload.get("provider")
    listed = {slug.casefold() for _, slug in _items(_at(provider, field)) if isinstance(slug, str)}
    for index, slug in _items(_at(provider, "ignore")):
        if isinstance(slug, str) and slug.casefold() in listed:
            yield index, slug


@when_present("provider")
def ignored_only_provider(payload: dict[str, Any]) -> Iterator[Finding]:
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
def ignored_ordered_provider(payload: dict[str, Any]) -> Iterator[Finding]:
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


@when_present("plugins")
def duplicate_plugin(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for two entries of `plugins` with the same `id`.

    ## Why is this bad?
    Only one configuration of a plugin applies, and which one is not documented: the
    settings you read may not be the settings used.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What happened in the news today?"}],
      "plugins": [{"id": "web", "max_results": 3}, {"id": "web", "max_results": 10}]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What happened in the news today?"}],
      "plugins": [{"id": "web", "max_results": 10}]
    }
    ```
    """
    ids = [(index, _at(plugin, "id")) for index, plugin in _items(payload.get("plugins"))]
    for index, id_, first in _duplicates([(i, v) for i, v in ids if isinstance(v, str)]):
        yield Finding(
            to_pointer(["plugins", index, "id"]),
            f'the plugin "{id_}" is already configured by plugins[{first}]; merge the two entries',
        )


@when_present("stop")
def empty_or_duplicate_stop(payload: dict[str, Any]) -> Iterator[Finding]:
    """
    ## What it does
    Checks for an empty stop sequence, and for a stop sequence listed twice.

    ## Why is this bad?
    An empty sequence is rejected by some providers and means nothing to the others; a
    repeated one takes one of the four places for nothing.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "List three fruits, one per line."}],
      "stop": ["\\n\\n", "", "\\n\\n"]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "List three fruits, one per line."}],
      "stop": ["\\n\\n"]
    }
    ```
    """
    stop = payload.get("stop")
    if stop == "":
        yield Finding("/stop", "`stop` is an empty string; remove it or give a sequence")
        return
    sequences = [(i, s) for i, s in _items(stop) if isinstance(s, str)]
    for index, sequence in sequences:
        if sequence == "":
            yield Finding(f"/stop/{index}", "empty stop sequence; remove it")
    for index, sequence, first in _duplicates([(i, s) for i, s in sequences if s]):
        yield Finding(
            f"/stop/{index}",
            f"the stop sequence {show_value(sequence)} repeats stop[{first}]; remove it",
        )


@when_present("models")
def duplicate_model(payload: dict[str, Any]) -> Iterator[Finding]:
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
    models = [(i, m) for i, m in _items(payload.get("models")) if isinstance(m, str)]
    for index, model, first in _duplicates(models):
        yield Finding(
            f"/models/{index}",
            f'"{model}" is already listed at models[{first}]; remove it or name another model',
        )
