"""Tool exchanges (ORT234, ORT235): every tool call answered, right after the call.

An assistant message with `tool_calls` opens a block that the following `tool` messages
answer; any other message closes it. Both rules read one analysis of the conversation,
computed once per payload (`RuleContext.shared`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.readers import at, items
from toolkit.rules.registry import RuleContext, when_present


def _tool_exchanges(
    payload: dict[str, Any], _context: RuleContext
) -> tuple[list[Finding], list[Finding]]:
    """(orphan tool results, unanswered tool calls) of `messages`."""
    messages = payload.get("messages")
    if isinstance(messages, list) and _has_tool_traffic(messages):
        return _find_tool_exchanges(messages)
    return [], []  # no tool traffic: the common case, and cheap to tell


def _has_tool_traffic(messages: list[Any]) -> bool:
    """A tool message, or a message with `tool_calls` (a plain loop: the hot path of
    every conversation)."""
    for message in messages:
        if isinstance(message, dict) and (message.get("role") == "tool" or "tool_calls" in message):
            return True
    return False


def _find_tool_exchanges(messages: list[Any]) -> tuple[list[Finding], list[Finding]]:
    """(orphan tool results, unanswered tool calls) of a conversation with tool traffic.

    One problem, one diagnostic: a result outside the block of its call is an orphan
    (ORT234) and its call is not also reported unanswered (ORT235); a result with an
    unknown id in a block that leaves a call unanswered is reported once, as an orphan
    naming the id it probably meant.
    """
    walk = _Walk(items(messages))
    for index, message in walk.messages:
        role = at(message, "role")
        if role == "tool":
            walk.answer(index, message)
        elif isinstance(role, str):
            walk.open_block(index, message, role)
    unanswered = [finding for block in walk.blocks for finding in walk.unanswered(block)]
    return walk.orphans, unanswered


@dataclass(slots=True)
class _Block:
    """An assistant message with tool calls, and the tool messages that follow it."""

    made_by: int  # the assistant message
    calls: dict[str, str]  # call id -> pointer of the call
    closed_by: int | None = None  # the next non-tool message
    # (orphan slot, result id) of each result whose id no call made
    unknown: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Walk:
    """One pass over the messages: the calls made, the answers seen, the open block."""

    messages: list[tuple[int, Any]]
    made: dict[str, int] = field(default_factory=dict)  # call id -> the message that made it
    answered: dict[str, int] = field(default_factory=dict)  # call id -> its tool message
    blocks: list[_Block] = field(default_factory=list)
    block: _Block | None = None  # the block tool messages answer now
    orphans: list[Finding] = field(default_factory=list)

    def open_block(self, index: int, message: Any, role: str) -> None:
        """A message that is not a tool result closes the block; its tool calls open one."""
        if self.block is not None:
            self.block.closed_by = index
        self.block = None
        calls: dict[str, str] = {}
        tool_calls = at(message, "tool_calls") if role == "assistant" else None
        for position, call in items(tool_calls):
            id_ = at(call, "id")
            if isinstance(id_, str) and id_ not in calls:
                calls[id_] = f"/messages/{index}/tool_calls/{position}/id"  # (ints: no escaping)
                self.made.setdefault(id_, index)
        if calls:
            self.block = _Block(index, calls)
            self.blocks.append(self.block)

    def answer(self, index: int, message: Any) -> None:
        id_ = at(message, "tool_call_id")
        if not isinstance(id_, str):
            return
        pointer = f"/messages/{index}/tool_call_id"
        if id_ in self.answered:
            self._orphan(
                pointer,
                f'`tool_call_id` "{id_}" was already answered by '
                f"messages[{self.answered[id_]}]; remove one of the answers",
            )
        elif self.block is not None and id_ in self.block.calls:
            self.answered[id_] = index
        elif id_ in self.made:
            self.answered[id_] = index
            between = next((i for i, m in self.messages if i > self.made[id_] and _closes(m)), None)
            self._orphan(
                pointer,
                f'`tool_call_id` "{id_}" answers a tool call of '
                f"messages[{self.made[id_]}], but messages[{between}] comes "
                "between them; move it right after that call",
            )
        else:
            self._orphan(
                pointer,
                f'`tool_call_id` "{id_}" answers no tool call of an '
                "earlier assistant message; use the `id` of the call it answers",
            )
            if self.block is not None:
                self.block.unknown.append((len(self.orphans) - 1, id_))

    def _orphan(self, pointer: str, message: str) -> None:
        self.orphans.append(Finding(pointer, message))

    def unanswered(self, block: _Block) -> Iterator[Finding]:
        """The calls of `block` left unanswered; a mistyped id in the block is reported
        as an orphan that names the call it probably meant, not twice."""
        open_calls = [(id_, ptr) for id_, ptr in block.calls.items() if id_ not in self.answered]
        for (slot, id_), (meant, _) in zip(block.unknown, open_calls, strict=False):
            self.orphans[slot] = Finding(
                self.orphans[slot].pointer,
                f'`tool_call_id` "{id_}" matches no '
                f'tool call; did you mean "{meant}", the unanswered call of '
                f"messages[{block.made_by}]?",
            )
        for id_, pointer in open_calls[len(block.unknown) :]:
            yield Finding(pointer, _unanswered_message(id_, block.closed_by))


def _unanswered_message(id_: str, closed_by: int | None) -> str:
    if closed_by is None:
        return (
            f'tool call "{id_}" is never answered; add a `tool` message with '
            f'`tool_call_id` "{id_}" after it'
        )
    return (
        f'tool call "{id_}" is not answered before messages[{closed_by}]; add a `tool` '
        f'message with `tool_call_id` "{id_}" before it'
    )


def _closes(message: Any) -> bool:
    role = at(message, "role")
    return isinstance(role, str) and role != "tool"


@when_present("messages")
def orphan_tool_result(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    yield from context.shared(_tool_exchanges, payload)[0]


@when_present("messages")
def unanswered_tool_call(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    yield from context.shared(_tool_exchanges, payload)[1]
