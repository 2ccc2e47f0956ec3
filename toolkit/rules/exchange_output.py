"""A request and its own response, continued (ORT503-505): the answer's form.

Structured output against `response_format`, logprobs, stream or not; what the checks
read and how they place findings is `toolkit.rules.exchange`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.assembly import Origin
from toolkit.rules.exchange import (
    RESPONSE,
    Exchange,
    choice_origin,
    choices,
    finding,
    schema_problem,
)
from toolkit.rules.registry import RuleContext, when_present

_UNFINISHED = ("length", "error", "tool_calls", "content_filter")  # (a tuple: any value compares)


@when_present("choices")
def structured_output_mismatch(response: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for assistant content that does not match the request's `response_format`:
    with `json_schema`, JSON that validates against the schema; with `json_object`, a
    JSON object. Choices cut short (`finish_reason` `length`,
    `error`, `tool_calls`, `content_filter`) are not checked.

    ## Why is this bad?
    The application parses this content as the structure it asked for. Providers
    differ in how they enforce `response_format` (OpenRouter's structured-outputs
    guide lists the models that support it; others may answer in prose or wrap the
    JSON in a Markdown fence), so a recorded answer that does not match shows where
    the application's parsing would fail.

    ## Example
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "weather", "strict": true, "schema": {
                   "type": "object", "properties": {"temperature": {"type": "number"}}, "required": ["temperature"],
                   "additionalProperties": false}}}},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
                    "content": "{\\"temperature\\": \\"warm\\"}"}}]}}
    ```

    Use instead:
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "weather", "strict": true, "schema": {
                   "type": "object", "properties": {"temperature": {"type": "number"}}, "required": ["temperature"],
                   "additionalProperties": false}}}},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
                    "content": "{\\"temperature\\": 21.5}"}}]}}
    ```

    ## References
    - https://openrouter.ai/docs/features/structured-outputs
    """
    exchange = Exchange.of(response, context)
    if exchange is None:
        return
    response_format = exchange.request.get("response_format")
    if not isinstance(response_format, dict):
        return
    kind = response_format.get("type")
    if kind not in ("json_schema", "json_object"):
        return
    spec = response_format.get("json_schema")
    schema = spec.get("schema") if isinstance(spec, dict) else None
    for position, choice in choices(exchange.response):
        content = choice["message"].get("content")
        if choice.get("finish_reason") in _UNFINISHED or not isinstance(content, str):
            continue
        origin = choice_origin(exchange, choice, position)
        pointer = f"/choices/{position}/message"
        try:
            value = json.loads(content)
        except ValueError as error:
            yield finding(
                pointer,
                origin,
                f"`response_format` is {kind} but the content of choice {position} is not "
                f"JSON ({error}): {_preview(content)}",
                "/content",
            )
            continue
        if kind == "json_object" and not isinstance(value, dict):
            yield finding(
                pointer,
                origin,
                f"`response_format` is json_object but the content of choice {position} is "
                "JSON that is not an object",
                "/content",
            )
        elif kind == "json_schema" and isinstance(schema, dict):
            problem = schema_problem(value, schema)
            if problem is not None:
                yield finding(
                    pointer,
                    origin,
                    f"the content of choice {position} does not match the requested "
                    f"`json_schema`: {problem}",
                    "/content",
                )


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return json.dumps(flat if len(flat) <= 40 else flat[:39] + "…", ensure_ascii=False)


@when_present("choices")
def logprobs_mismatch(response: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `logprobs` a response lacks though its request asked for them
    (`logprobs: true`), or carries though it did not.

    ## Why is this bad?
    Many providers on OpenRouter do not return log probabilities even when asked
    (the parameter is passed through only where supported), so code that reads them
    gets null; and logprobs nobody asked for point to a response recorded for another
    request.

    ## Example
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "logprobs": true},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                               "message": {"role": "assistant", "content": "Hello"}}]}}
    ```

    Use instead:
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "logprobs": true},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "stop",
                               "logprobs": {"content": [{"token": "Hello", "logprob": -0.1, "bytes": [72, 101, 108, 108, 111], "top_logprobs": []}]},
                               "message": {"role": "assistant", "content": "Hello"}}]}}
    ```
    """
    exchange = Exchange.of(response, context)
    if exchange is None:
        return
    requested = exchange.request.get("logprobs") is True
    for position, choice in choices(exchange.response):
        logprobs = choice.get("logprobs")
        present = isinstance(logprobs, dict) and bool(
            logprobs.get("content") or logprobs.get("refusal")
        )
        if requested == present:
            continue
        origin = choice_origin(exchange, choice, position)
        if origin is not None:
            origin = Origin(origin.event, origin.pointer.rsplit("/", 1)[0])
        if requested:
            message = (
                f"the request asked for `logprobs` but choice {position} has none; "
                "the provider that served it may not support them"
            )
        else:
            message = (
                f"choice {position} has `logprobs` the request did not ask for: "
                "was it recorded for another request?"
            )
        yield finding(f"/choices/{position}", origin, message, "/logprobs" if present else "")


@when_present("choices")
def stream_mode_mismatch(response: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `stream: true` request answered by a single JSON completion, or a
    request without it answered by a stream (SSE). Error bodies are JSON either way.

    ## Why is this bad?
    A client reads the answer as the request said it would come: the openai SDK
    iterates SSE events for a streaming call and parses one JSON document otherwise.
    A recording that mixes them was edited by hand, or pairs a request with another
    call's response, and replays into a client that cannot read it.

    ## Example
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "stream": true},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello"}}]}}
    ```

    Use instead:
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hi"}]},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello"}}]}}
    ```
    """
    if not isinstance(response.get("choices"), list):
        return  # not a completion: nothing to compare
    exchange = Exchange.of(response, context)
    if exchange is None:
        return
    streaming = exchange.request.get("stream") is True
    if streaming == exchange.streamed:
        return
    if streaming:
        message = (
            "the request has `stream: true` but the response is one JSON completion, "
            "not an SSE stream"
        )
    else:
        message = "the response is an SSE stream but the request does not set `stream: true`"
    yield Finding("", message, part=RESPONSE, event=1 if exchange.streamed else None)
