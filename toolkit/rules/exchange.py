"""A request and its own response (ORT5xx): what the answer must agree on with what was asked.

These read a recorded interaction (a cassette's or a HAR entry's request and response)
or a pair given to `toolkit.validate_exchange`. A streamed response is first put back
together (`toolkit.rules.assembly`), and a finding about it names the event where the
value came from. They are findings about the model's output and the recording, not
the file's syntax: warnings by default.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.assembly import Assembly, Origin
from toolkit.rules.registry import RuleContext, when_present
from toolkit.rules.stream_results import arguments_problem

RESPONSE = "response"


@dataclass(frozen=True, slots=True)
class Exchange:
    """A response and the request it answers, as the checks read them."""

    request: dict[str, Any]
    response: dict[str, Any]  # a completion; for a stream, the one its chunks assemble
    streamed: bool = False
    assembly: Assembly | None = None  # where a streamed response's values came from

    @classmethod
    def of(cls, response: dict[str, Any], context: RuleContext) -> Exchange | None:
        if not isinstance(context.request, dict):
            return None
        assembly = context.stream if isinstance(context.stream, Assembly) else None
        return cls(context.request, response, assembly is not None, assembly)


def choices(response: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    choices = response.get("choices")
    if isinstance(choices, list):
        for position, choice in enumerate(choices):
            if isinstance(choice, dict) and isinstance(choice.get("message"), dict):
                yield position, choice


def _tool_calls(exchange: Exchange) -> Iterator[tuple[str, Origin | None, dict[str, Any]]]:
    """(pointer, origin in the stream or None, call) for every tool call of the response."""
    for position, choice in choices(exchange.response):
        calls = choice["message"].get("tool_calls")
        if not isinstance(calls, list):
            continue
        for slot, call in enumerate(calls):
            if not isinstance(call, dict) or not isinstance(call.get("function"), dict):
                continue
            origin = None
            if exchange.assembly is not None:
                origin = exchange.assembly.tool_call_names.get((_index(choice, position), slot))
            yield f"/choices/{position}/message/tool_calls/{slot}/function", origin, call


def _index(choice: dict[str, Any], position: int) -> int:
    index = choice.get("index", position)
    return index if isinstance(index, int) else position


def finding(pointer: str, origin: Origin | None, message: str, suffix: str = "") -> Finding:
    if origin is not None:
        return Finding(origin.pointer, message, part=RESPONSE, event=origin.event)
    return Finding(pointer + suffix, message, part=RESPONSE)


def _declared_tools(request: dict[str, Any]) -> dict[str, Any]:
    """Function tools the request declares: name -> parameters schema (or None)."""
    declared: dict[str, Any] = {}
    tools = request.get("tools")
    for tool in tools if isinstance(tools, list) else []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and isinstance(function.get("name"), str):
            declared[function["name"]] = function.get("parameters")
    return declared


@when_present("choices")
def undeclared_tool_call(response: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a tool call in a response to a function tool its request never declared
    in `tools`.

    ## Why is this bad?
    An application dispatches tool calls by name: a name it never declared has no
    function to run, and the agent loop fails or silently skips it. Models do
    hallucinate tool names (a tool from an earlier conversation, a misspelling); a
    recording that contains one tests a path worth knowing about.

    ## Example
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                    "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_wether", "arguments": "{}"}}]}}]}}
    ```

    Use instead:
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                    "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]}}]}}
    ```
    """
    exchange = Exchange.of(response, context)
    if exchange is None:
        return
    declared = _declared_tools(exchange.request)
    for pointer, origin, call in _tool_calls(exchange):
        name = call["function"].get("name")
        if not isinstance(name, str) or name in declared:
            continue
        known = ", ".join(f"`{n}`" for n in sorted(declared)) or "none"
        yield finding(
            pointer,
            origin,
            f"the model called `{name}`, a tool the request never declared (declared: {known})",
            "/name",
        )


@when_present("choices")
def tool_arguments_mismatch(response: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for tool-call `arguments` that do not validate against the `parameters`
    schema the request declared for that tool. Arguments that are not JSON are reported by
    ORT315 (streams) and the response checks, not here; empty arguments count as `{}`.

    ## Why is this bad?
    The application hands these arguments to its function: a missing required
    argument, a wrong type or a value outside an `enum` makes the call fail or do the
    wrong thing. Without `strict: true` models do produce such calls.

    ## Example
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {
                   "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                    "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"town\\": \\"Paris\\"}"}}]}}]}}
    ```

    Use instead:
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {
                   "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                    "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]}}]}}
    ```
    """
    exchange = Exchange.of(response, context)
    if exchange is None:
        return
    declared = _declared_tools(exchange.request)
    for pointer, origin, call in _tool_calls(exchange):
        function = call["function"]
        name = function.get("name")
        schema = declared.get(name) if isinstance(name, str) else None
        arguments = function.get("arguments")
        if not isinstance(schema, dict) or arguments_problem(arguments) is not None:
            continue
        if not isinstance(arguments, str):
            continue
        value = json.loads(arguments) if arguments else {}
        problem = schema_problem(value, schema)
        if problem is not None:
            arguments_origin = None
            if exchange.assembly is not None and origin is not None:
                arguments_origin = next(
                    (
                        o
                        for place, o in exchange.assembly.tool_call_arguments.items()
                        if exchange.assembly.tool_call_names.get(place) is origin
                    ),
                    origin,
                )
            yield finding(
                pointer,
                arguments_origin,
                f"the arguments of `{function.get('name')}` do not match its `parameters`: {problem}",
                "/arguments",
            )


def schema_problem(value: Any, schema: dict[str, Any]) -> str | None:
    """The first reason `value` fails `schema` (a user's JSON Schema), or None.

    A schema that is itself invalid is the request's finding (ORT240), not a mismatch.
    """
    import jsonschema
    from jsonschema.exceptions import SchemaError

    try:
        validator_class = jsonschema.validators.validator_for(
            schema, default=jsonschema.Draft202012Validator
        )
        validator_class.check_schema(schema)
        error = jsonschema.exceptions.best_match(validator_class(schema).iter_errors(value))
    except (SchemaError, RecursionError, ValueError, TypeError):
        return None
    if error is None:
        return None
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{where.lstrip('.') or 'the value'}: {error.message}"


def choice_origin(exchange: Exchange, choice: dict[str, Any], position: int) -> Origin | None:
    if exchange.assembly is None:
        return None
    origin = exchange.assembly.choice_events.get(_index(choice, position))
    return Origin(origin.event, origin.pointer + "/delta") if origin else None


@when_present("choices")
def tool_choice_not_followed(response: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a response that disobeys its request's `tool_choice`: tool calls under
    `"none"`, none under `"required"`, or another function than the one it names. Choices cut short (`length`, `error`, `content_filter`) are skipped.

    ## Why is this bad?
    Code written for a forced tool call expects one: an answer in prose breaks the
    parsing step; tool calls under `"none"` go unanswered. Providers that do not
    support `tool_choice` ignore it (OpenRouter's tool-calling guide), so a recording
    like this shows which model or provider did.

    ## Example
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}],
                 "tool_choice": "required"},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "It is sunny."}}]}}
    ```

    Use instead:
    ```json
    {"request": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}],
                 "tool_choice": "required"},
     "response": {"id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
                  "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                    "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]}}]}}
    ```

    ## References
    - https://openrouter.ai/docs/features/tool-calling
    """
    exchange = Exchange.of(response, context)
    if exchange is None:
        return
    choice_setting = exchange.request.get("tool_choice")
    named = None
    if isinstance(choice_setting, dict):
        function = choice_setting.get("function")
        named = function.get("name") if isinstance(function, dict) else None
        if not isinstance(named, str):
            return
    elif choice_setting not in ("none", "required"):
        return
    for position, choice in choices(exchange.response):
        if choice.get("finish_reason") in ("length", "error", "content_filter"):
            continue
        calls = choice["message"].get("tool_calls")
        calls = calls if isinstance(calls, list) else []
        names = [
            c["function"].get("name")
            for c in calls
            if isinstance(c, dict) and isinstance(c.get("function"), dict)
        ]
        origin = choice_origin(exchange, choice, position)
        pointer = f"/choices/{position}/message"
        if choice_setting == "none" and calls:
            message = f'`tool_choice` is "none" but choice {position} calls {", ".join(f"`{n}`" for n in names)}'
        elif choice_setting == "required" and not calls:
            message = f'`tool_choice` is "required" but choice {position} calls no tool'
        elif named is not None and (not calls or any(n != named for n in names)):
            message = (
                f"`tool_choice` names `{named}` but choice {position} calls "
                f"{', '.join(f'`{n}`' for n in names) or 'no tool'}"
            )
        else:
            continue
        yield finding(pointer, origin, message)
