"""Stream semantics (ORT31x): what a whole SSE transcript must be, beyond each chunk.

A stream can be 100 MB, so nothing here holds its events: each check is called once per
event, in order, with a `StreamState` that remembers only what the checks need (the
stream's id and model, which choices have finished, the tool calls assembled so far),
and once more at the end with `event=None`. Each chunk's own schema and rules are the
chunk checks, run per event by the pipeline.

What real OpenRouter streams do is never a finding: `: OPENROUTER PROCESSING` comments
and blank keep-alives; `delta.role` repeated in every chunk; a final usage chunk whose
one choice repeats the finish reason or has it null (pydantic/pydantic-ai's recorded
OpenRouter cassettes, 2025-2026); a mid-stream error event with HTTP 200 (OpenRouter's
streaming guide, "Errors after tokens have been sent") is information, not an error.
Sources: ``reference/openrouter-docs/api_reference/streaming.mdx``; recordings listed
in ``tests/cassettes/README.md``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.diagnostics import Finding
from toolkit.rules.assembly import StreamAssembler
from toolkit.wording import plural

if TYPE_CHECKING:  # (the SSE reader is imported only by runs that read streams)
    from toolkit.loading.sse import StreamEvent

StreamCheck = Callable[["StreamEvent | None", "StreamState"], Iterator[Finding]]


@dataclass(slots=True)
class StreamState:
    """What the checks know of the events before the current one."""

    events: int = 0  # events seen
    done_at: int | None = None  # the `[DONE]` event
    after_done: bool = False  # an event after `[DONE]` was reported already
    identity: dict[str, tuple[Any, int]] = field(default_factory=dict)  # id/model -> (value, event)
    finished: dict[int, tuple[str, int]] = field(default_factory=dict)  # choice -> (reason, event)
    late: set[int] = field(default_factory=set)  # choices already reported for content after finish
    assembler: StreamAssembler = field(default_factory=lambda: StreamAssembler(keep_text=False))

    def observe(self, event: StreamEvent) -> None:
        """Take in an event, after the checks have seen it."""
        self.events = event.number
        if event.done and self.done_at is None:
            self.done_at = event.number
        chunk = event.chunk
        if chunk is None:
            return
        for key in ("id", "model"):
            if key in chunk and key not in self.identity:
                self.identity[key] = (chunk[key], event.number)
        for index, choice in _choices(chunk):
            reason = choice.get("finish_reason")
            if isinstance(reason, str) and index not in self.finished:
                self.finished[index] = (reason, event.number)
        self.assembler.add(chunk, event.number)


def _choices(chunk: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    choices = chunk.get("choices")
    if isinstance(choices, list):
        for position, choice in enumerate(choices):
            if isinstance(choice, dict):
                index = choice.get("index", position)
                yield (index if isinstance(index, int) else position), choice


def run_stream_checks(
    events: Iterator[StreamEvent], checks: Sequence[tuple[str, StreamCheck]]
) -> Iterator[tuple[str, StreamEvent | None, Finding]]:
    """Every check over every event in one pass, then once at the end: (code, the event
    or None at the end, finding). Only for callers that need nothing else per event;
    `StreamChecks` runs them alongside other per-event work."""
    state = StreamState()
    for event in events:
        for code, check in checks:
            for finding in check(event, state):
                yield code, event, finding
        state.observe(event)
    for code, check in checks:
        for finding in check(None, state):
            yield code, None, finding


def at_event(event: StreamEvent, pointer: str, message: str) -> Finding:
    return Finding(pointer, message, event=event.number)


def stream_event_not_json(event: StreamEvent | None, state: StreamState) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `data:` event of a stream that is not a JSON object (nor `[DONE]`).

    ## Why is this bad?
    Clients parse each event's data as JSON: the openai SDK raises on the first event
    that is not, ending the stream there. OpenRouter's keep-alives are SSE comments
    (`: OPENROUTER PROCESSING`), never data; a data line that is not JSON means the
    transcript was edited or cut, or two events lost the blank line between them.

    ## Example
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: OPENROUTER PROCESSING

    data: [DONE]
    ```

    Use instead:
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    : OPENROUTER PROCESSING

    data: [DONE]
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/streaming
    - https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
    """
    if event is not None and event.problem is not None:
        yield at_event(event, "", event.problem)


def event_after_done(event: StreamEvent | None, state: StreamState) -> Iterator[Finding]:
    """
    ## What it does
    Checks for events after `data: [DONE]`.

    ## Why is this bad?
    `[DONE]` ends an OpenRouter (and OpenAI) stream: clients stop reading there, so
    whatever follows is never seen. A transcript with events after it was spliced
    from several streams.

    ## Example
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: [DONE]

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}]}
    ```

    Use instead:
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}]}

    data: [DONE]
    ```
    """
    if event is not None and state.done_at is not None and not state.after_done:
        state.after_done = True  # once per stream: the first one says it
        yield at_event(
            event,
            "",
            f"event {event.number} comes after `[DONE]` (event {state.done_at}); "
            "clients stop reading at `[DONE]`: move it before, or drop it",
        )


def stream_without_done(event: StreamEvent | None, state: StreamState) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a stream that does not end with `data: [DONE]`.

    ## Why is this bad?
    Every OpenRouter stream that completes ends with `[DONE]`. Without it the
    transcript was cut off (the connection dropped, or the recording stopped early):
    its last chunks, the finish reason and the usage may be missing.

    ## Example
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}
    ```

    Use instead:
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

    data: [DONE]
    ```
    """
    if event is None and state.done_at is None:
        seen = f"after {plural(state.events, 'event')}" if state.events else "before any event"
        yield Finding(
            "",
            f"the stream ends {seen} without `data: [DONE]`: it looks truncated",
        )


def changing_stream_identity(event: StreamEvent | None, state: StreamState) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a chunk with another `id` or `model` than the first chunk of its stream.

    ## Why is this bad?
    One generation streams under one id (`gen-...`) and one model, in every chunk
    (OpenRouter routes before the first token; a fallback to another model happens
    before streaming starts). Chunks with another id or model come from another
    stream: the transcript was assembled from pieces.

    ## Example
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: {"id":"gen-2","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}]}

    data: [DONE]
    ```

    Use instead:
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}]}

    data: [DONE]
    ```
    """
    if event is None or event.chunk is None:
        return
    for key in ("id", "model"):
        if key not in event.chunk or key not in state.identity:
            continue
        first, where = state.identity[key]
        value = event.chunk[key]
        if value != first:
            yield at_event(
                event,
                f"/{key}",
                f"`{key}` is {json.dumps(value)} at event {event.number} but "
                f"{json.dumps(first)} from event {where}: one stream has one {key}",
            )


def _has_output(delta: Any) -> bool:
    if not isinstance(delta, dict):
        return False
    return any(
        isinstance(delta.get(key), str) and delta[key]
        for key in ("content", "reasoning", "refusal")
    ) or bool(delta.get("tool_calls"))


def content_after_finish(event: StreamEvent | None, state: StreamState) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a choice that streams more output (content, reasoning, refusal or tool
    calls) after the chunk that gave its `finish_reason`.

    ## Why is this bad?
    Clients close a choice at its finish reason; what comes after is dropped by some
    and appended by others, so the same stream reads differently. Real streams repeat
    the finish reason (or send null) on the final usage chunk with an empty delta:
    that is not output and not reported.

    ## Example
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}

    data: [DONE]
    ```

    Use instead:
    ```sse
    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

    data: {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":"stop"}]}

    data: [DONE]
    ```
    """
    if event is None or event.chunk is None:
        return
    choices = event.chunk.get("choices")
    for position, (index, choice) in enumerate(_choices(event.chunk)):
        if index in state.late or index not in state.finished:
            continue
        if _has_output(choice.get("delta")):
            reason, where = state.finished[index]
            state.late.add(index)
            pointer = f"/choices/{position if isinstance(choices, list) else 0}/delta"
            yield at_event(
                event,
                pointer,
                f"choice {index} streams more output at event {event.number} after its "
                f'`finish_reason` "{reason}" at event {where}; clients stop reading a '
                "choice at its finish reason",
            )
