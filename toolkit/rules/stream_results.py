"""Stream semantics, continued (ORT315-316): what a stream produced, put together.

Its tool calls, assembled by `index`, and a mid-stream error event; the state and the
shape of the checks are `toolkit.rules.stream`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from toolkit.diagnostics import Finding
from toolkit.rules.stream import StreamState, at_event

if TYPE_CHECKING:  # (the SSE reader is imported only by runs that read streams)
    from toolkit.loading.sse import StreamEvent


def tool_call_arguments_not_json(
    event: StreamEvent | None, state: StreamState
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a tool call, assembled from a stream's `delta.tool_calls` by `index` as the
    openai SDK does, without a name or with `arguments` that are not a JSON object.
    Empty arguments count as `{}` (Anthropic models send them for tools with no
    required parameters; recorded in pydantic-ai's OpenRouter cassettes).

    ## Why is this bad?
    An application parses the joined arguments to call its function: if they are not
    JSON (fragments lost, out of order, or from two calls mixed under one `index`),
    the call fails. In a hand-made fixture it tests a stream the API does not send.

    ## Example
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": "}}]},"finish_reason":null}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

    data: [DONE]
    ```

    Use instead:
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": "}}]},"finish_reason":null}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}]}

    data: [DONE]
    ```
    """
    if event is not None:
        return
    assembly = state.assembler.result()
    for choice in assembly.response.get("choices", []):
        for position, call in enumerate(choice["message"].get("tool_calls", [])):
            place = (choice["index"], position)
            named = assembly.tool_call_names.get(place)
            function = call.get("function", {})
            name = function.get("name")
            if not name:
                yield Finding(
                    "",
                    f"tool call {position} of choice {choice['index']} never gets a "
                    "`function.name` in its deltas",
                )
                continue
            problem = arguments_problem(function.get("arguments", ""))
            if problem is not None:
                origin = assembly.tool_call_arguments.get(place) or named
                yield Finding(
                    origin.pointer if origin else "",
                    f"the arguments of tool call `{name}` (choice {choice['index']}), "
                    f"joined over the stream, {problem}",
                    event=origin.event if origin else None,
                )


def arguments_problem(arguments: Any) -> str | None:
    """Why tool-call arguments are not a JSON object, or None (empty counts as `{}`)."""
    if arguments is None or arguments == "":
        return None
    if not isinstance(arguments, str):
        return None  # the schema's finding
    try:
        value = json.loads(arguments)
    except ValueError as error:
        return f"are not JSON ({error})"
    if not isinstance(value, dict):
        return "are JSON but not an object"
    return None


def mid_stream_error(event: StreamEvent | None, state: StreamState) -> Iterator[Finding]:
    """
    ## What it does
    Reports a mid-stream error event: a chunk with a top-level `error`, which
    OpenRouter sends when a generation fails after tokens were streamed (the HTTP
    status is already 200). Information about the recorded generation, not a problem
    in the file.

    ## Why is this bad?
    It is not: it is what the API sends. But a recording with it captures a failed
    generation; tests that replay it exercise error handling, not a normal answer,
    and the output before it is incomplete.

    ## Example
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}

    data: [DONE]
    ```

    Use instead:
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}]}

    data: [DONE]
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/streaming#handling-errors-during-streaming
    """
    if event is None or event.chunk is None:
        return
    error = event.chunk.get("error")
    if isinstance(error, dict):
        code = error.get("code")
        message = error.get("message")
        said = f" ({code}: {message})" if message is not None else f" ({code})"
        yield at_event(
            event,
            "/error",
            f"the generation failed mid-stream at event {event.number}{said}; "
            "the output before it is incomplete",
        )
