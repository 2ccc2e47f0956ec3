"""Response and stream semantics (ORT3xx): what a schema cannot say about what comes back.

These rules report warnings only: a body the live API really returns must never fail a
run. Like the request rules they read defensively and leave wrong types to the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import to_pointer
from toolkit.rules.readers import choices, is_int
from toolkit.rules.registry import RuleContext, when_present


@when_present("choices")
def tool_calls_finish_without_calls(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a choice with `finish_reason: "tool_calls"` but no tool calls in its message.
    `tool_calls` absent or empty counts as none.

    ## Why is this bad?
    Clients run the tool calls when the finish reason says so: here there is nothing to
    run, and a loop that waits for tool results stalls. A mock or recorded response like
    this tests a path the API does not take.

    ## Example
    ```json
    {
      "id": "gen-123", "object": "chat.completion", "created": 1750000000,
      "model": "openai/gpt-4o",
      "choices": [{"index": 0, "finish_reason": "tool_calls",
                   "message": {"role": "assistant", "content": null}}]
    }
    ```

    Use instead:
    ```json
    {
      "id": "gen-123", "object": "chat.completion", "created": 1750000000,
      "model": "openai/gpt-4o",
      "choices": [{"index": 0, "finish_reason": "tool_calls",
                   "message": {"role": "assistant", "content": null, "tool_calls": [
                     {"id": "call_1", "type": "function",
                      "function": {"name": "get_weather", "arguments": "{}"}}]}}]
    }
    ```
    """
    for index, choice in choices(payload):
        message = choice.get("message")
        if choice.get("finish_reason") != "tool_calls" or not isinstance(message, dict):
            continue
        if message.get("tool_calls", []) == []:
            yield Finding(
                to_pointer(["choices", index, "finish_reason"]),
                "`finish_reason` is "
                f'"tool_calls" but choices[{index}].message has no `tool_calls`; '
                'expect "stop" here, or tool calls in the message',
            )


@when_present("usage")
def inconsistent_usage_total(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `usage.total_tokens` other than `prompt_tokens + completion_tokens`.
    Both responses and the usage chunk of a stream are checked.

    ## Why is this bad?
    Cost tracking and rate limiting add these numbers up; totals that disagree mean the
    usage was edited or assembled by hand (a test fixture, a proxy) and will be
    miscounted.

    ## Example
    ```json
    {
      "id": "gen-123", "object": "chat.completion", "created": 1750000000,
      "model": "openai/gpt-4o",
      "choices": [{"index": 0, "finish_reason": "stop",
                   "message": {"role": "assistant", "content": "Paris."}}],
      "usage": {"prompt_tokens": 25, "completion_tokens": 10, "total_tokens": 30}
    }
    ```

    Use instead:
    ```json
    {
      "id": "gen-123", "object": "chat.completion", "created": 1750000000,
      "model": "openai/gpt-4o",
      "choices": [{"index": 0, "finish_reason": "stop",
                   "message": {"role": "assistant", "content": "Paris."}}],
      "usage": {"prompt_tokens": 25, "completion_tokens": 10, "total_tokens": 35}
    }
    ```
    """
    usage = payload.get("usage")
    if not isinstance(usage, dict):
        return
    prompt, completion, total = (
        usage.get(key) for key in ("prompt_tokens", "completion_tokens", "total_tokens")
    )
    if is_int(prompt) and is_int(completion) and is_int(total) and prompt + completion != total:
        yield Finding(
            "/usage/total_tokens",
            f"`usage.total_tokens` is {total} but "
            f"`prompt_tokens` + `completion_tokens` is {prompt} + {completion} = "
            f"{prompt + completion}",
        )


@when_present("choices")
def response_as_chunk(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a complete (non-streaming) response checked as a stream chunk.
    Its choices hold a `message` and no `delta`. A wrong `object` alone is the schema's
    finding (ORT109), not this rule's; this rule names the cause behind the schema's
    findings about `message` and `delta`.

    ## Why is this bad?
    A stream chunk carries a `delta`; a complete response is a different document with
    its own schema. Usually `--kind chunk` was passed for a file of responses, or a
    mock stream replays a whole response as one chunk, which clients that read `delta`
    drop.

    ## Example
    ```json
    {
      "id": "gen-123", "object": "chat.completion", "created": 1750000000,
      "model": "openai/gpt-4o",
      "choices": [{"index": 0, "finish_reason": "stop",
                   "message": {"role": "assistant", "content": "Paris."}}]
    }
    ```

    Use instead:
    ```json
    {
      "id": "gen-123", "object": "chat.completion.chunk", "created": 1750000000,
      "model": "openai/gpt-4o",
      "choices": [{"index": 0, "finish_reason": "stop",
                   "delta": {"role": "assistant", "content": "Paris."}}]
    }
    ```
    """
    if any("message" in choice and "delta" not in choice for _, choice in choices(payload)):
        yield Finding(
            "",
            "this is a complete response, not a stream chunk (its choices hold "
            "`message`, not `delta`); check it with `--kind response`",
        )


@when_present("choices")
def error_finish_without_error(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a choice with `finish_reason: "error"` but no `error` saying what failed.
    A stream chunk carries its `error` at the top level, a response in the choice.

    ## Why is this bad?
    OpenRouter ends a generation that fails midway with the finish reason `"error"` and
    an `error` object (code and message) saying what failed. Without it a client can
    only report "something went wrong"; a mock or recorded body like this does not test
    the error handling the API needs.

    ## Example
    ```json
    {
      "id": "gen-123", "object": "chat.completion.chunk", "created": 1750000000,
      "model": "openai/gpt-4o",
      "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]
    }
    ```

    Use instead:
    ```json
    {
      "id": "gen-123", "object": "chat.completion.chunk", "created": 1750000000,
      "model": "openai/gpt-4o",
      "error": {"code": 502, "message": "Provider disconnected"},
      "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/errors
    """
    streaming = payload.get("object") == "chat.completion.chunk" or any(
        "delta" in choice for _, choice in choices(payload)
    )
    for index, choice in choices(payload):
        if choice.get("finish_reason") != "error":
            continue
        if streaming and "error" not in payload:
            where = "the chunk has no top-level `error`"
        elif not streaming and "error" not in choice:
            where = f"choices[{index}] has no `error`"
        else:
            continue
        yield Finding(
            to_pointer(["choices", index, "finish_reason"]),
            f'`finish_reason` is "error" but {where}; expected the code and message of what failed',
        )
