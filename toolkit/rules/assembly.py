"""A stream's chunks put back together into the response a non-streaming call returns.

The same merge the openai SDK's stream helpers do (`ChatCompletionStreamState`): per
choice `index`, text fields are concatenated (`content`, `reasoning`, `refusal`), lists
extended (`annotations`, `images`, `logprobs.content`), tool calls merged by their own
`index` with `function.arguments` joined; the last non-null `finish_reason` and the last
`usage` win. Two things real OpenRouter streams do are not concatenated, unlike the SDK:
`delta.role` repeated in every chunk, and a tool call's `id`, `type` and `name` repeated
in every delta of that call (seen in recorded streams of several providers).

A leaf: plain dicts in and out, nothing of ortk imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_TEXT = ("content", "reasoning", "refusal")
_LISTS = ("annotations", "images")
_TOP = ("id", "created", "model", "provider", "system_fingerprint", "service_tier")


@dataclass(slots=True)
class Origin:
    """Where an assembled value came from: the event and the pointer in its chunk."""

    event: int
    pointer: str


@dataclass(slots=True)
class Assembly:
    """The rebuilt response and, per tool call, the event that named it."""

    response: dict[str, Any]
    # (choice index, position in its tool_calls) -> where its name / first arguments were
    tool_call_names: dict[tuple[int, int], Origin] = field(default_factory=dict)
    tool_call_arguments: dict[tuple[int, int], Origin] = field(default_factory=dict)
    choice_events: dict[int, Origin] = field(default_factory=dict)  # first delta per choice


def _merge_tool_call(target: dict[str, Any], delta: dict[str, Any]) -> None:
    for key in ("id", "type"):
        value = delta.get(key)
        if isinstance(value, str) and value and not target.get(key):
            target[key] = value
    function = delta.get("function")
    if not isinstance(function, dict):
        return
    merged = target.setdefault("function", {})
    name = function.get("name")
    if isinstance(name, str) and name and merged.get("name") != name:
        merged["name"] = merged.get("name", "") + name
    arguments = function.get("arguments")
    if isinstance(arguments, str):
        merged["arguments"] = merged.get("arguments", "") + arguments


class StreamAssembler:
    """Feeds chunks one at a time (`add`), then `result()`; keeps only what the
    response holds, never the chunks."""

    def __init__(self, keep_text: bool = True) -> None:
        # keep_text=False: only tool calls, finish reasons and usage (a 100 MB stream's
        # checks need no more, and its text would fill memory)
        self._keep_text = keep_text
        self._top: dict[str, Any] = {}
        self._choices: dict[int, dict[str, Any]] = {}
        self._calls: dict[int, dict[int, dict[str, Any]]] = {}  # choice -> call index -> call
        self._usage: Any = None
        self._error: Any = None
        self.assembly = Assembly({})

    def add(self, chunk: dict[str, Any], event: int = 0) -> None:
        for key in _TOP:
            if key in chunk and key not in self._top:
                self._top[key] = chunk[key]
        if chunk.get("usage") is not None:
            self._usage = chunk["usage"]
        if isinstance(chunk.get("error"), dict):
            self._error = chunk["error"]
        choices = chunk.get("choices")
        if not isinstance(choices, list):
            return
        for position, choice in enumerate(choices):
            if isinstance(choice, dict):
                self._add_choice(choice, event, position)

    def _add_choice(self, choice: dict[str, Any], event: int, position: int) -> None:
        index = choice.get("index", 0)
        if not isinstance(index, int):
            return
        if index not in self._choices:
            self._choices[index] = {"index": index, "message": {"role": "assistant"}}
            self.assembly.choice_events[index] = Origin(event, f"/choices/{position}")
        target = self._choices[index]
        message = target["message"]
        for key in ("finish_reason", "native_finish_reason"):
            if choice.get(key) is not None:
                target[key] = choice[key]
        logprobs = choice.get("logprobs")
        if self._keep_text and isinstance(logprobs, dict):
            merged = target.setdefault("logprobs", {"content": []})
            for key in ("content", "refusal"):
                if isinstance(logprobs.get(key), list):
                    merged.setdefault(key, [])
                    if merged[key] is None:
                        merged[key] = []
                    merged[key].extend(logprobs[key])
        delta = choice.get("delta")
        if not isinstance(delta, dict):
            return
        for key in _TEXT if self._keep_text else ():
            value = delta.get(key)
            if isinstance(value, str):
                message[key] = (message.get(key) or "") + value
            elif key not in message and key in delta:
                message[key] = None
        for key in _LISTS if self._keep_text else ():
            if isinstance(delta.get(key), list):
                message.setdefault(key, []).extend(delta[key])
        if self._keep_text and isinstance(delta.get("reasoning_details"), list):
            _merge_reasoning_details(
                message.setdefault("reasoning_details", []), delta["reasoning_details"]
            )
        if isinstance(delta.get("audio"), dict):
            message["audio"] = {**message.get("audio", {}), **delta["audio"]}
        calls = delta.get("tool_calls")
        if isinstance(calls, list):
            self._add_tool_calls(index, calls, event, position)

    def _add_tool_calls(self, choice: int, calls: list[Any], event: int, position: int) -> None:
        known = self._calls.setdefault(choice, {})
        for slot, call in enumerate(calls):
            if not isinstance(call, dict):
                continue
            call_index = call.get("index", slot)
            if not isinstance(call_index, int):
                continue
            if call_index not in known:
                known[call_index] = {}
            target = known[call_index]
            place = (choice, list(known).index(call_index))
            pointer = f"/choices/{position}/delta/tool_calls/{slot}/function"
            function = call.get("function")
            if isinstance(function, dict):
                if function.get("name") and place not in self.assembly.tool_call_names:
                    self.assembly.tool_call_names[place] = Origin(event, pointer + "/name")
                if function.get("arguments") and place not in self.assembly.tool_call_arguments:
                    self.assembly.tool_call_arguments[place] = Origin(event, pointer + "/arguments")
            _merge_tool_call(target, call)

    def result(self) -> Assembly:
        response: dict[str, Any] = {"object": "chat.completion"}
        for key in _TOP:
            if key in self._top:
                response[key] = self._top[key]
        choices = []
        for index in sorted(self._choices):
            choice = self._choices[index]
            calls = self._calls.get(index)
            if calls:
                choice["message"]["tool_calls"] = [
                    {"type": "function", **calls[key]} for key in sorted(calls)
                ]
            choice.setdefault("finish_reason", None)
            if self._error is not None and choice["finish_reason"] == "error":
                choice["error"] = self._error
            choices.append(choice)
        response["choices"] = choices
        if self._usage is not None:
            response["usage"] = self._usage
        self.assembly.response = response
        return self.assembly


def _merge_reasoning_details(target: list[dict[str, Any]], details: list[Any]) -> None:
    """Reasoning details stream as fragments of one detail per `index`: the texts
    (`text`, `summary`, `data`) are joined, the other fields (signature, format) kept."""
    for detail in details:
        if not isinstance(detail, dict):
            continue
        index = detail.get("index")
        same = next(
            (
                d
                for d in target
                if index is not None
                and d.get("index") == index
                and d.get("type") == detail.get("type")
            ),
            None,
        )
        if same is None:
            target.append(dict(detail))
            continue
        for key, value in detail.items():
            if key in ("text", "summary", "data") and isinstance(value, str):
                same[key] = (same.get(key) or "") + value
            elif value is not None and value != "":
                same[key] = value


def assemble_chunks(chunks: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The complete response (a `chat.completion` dict) that these chunks stream."""
    assembler = StreamAssembler()
    for number, chunk in enumerate(chunks, start=1):
        assembler.add(chunk, number)
    return assembler.result().response
