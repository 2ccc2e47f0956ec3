"""Tools (ORT230-ORT233): what `tool_choice` and the tool options ask of `tools`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import to_pointer
from toolkit.rules.readers import MISSING, at, duplicates, function_tools, items
from toolkit.rules.registry import RuleContext, when_present


def _has_no_tools(payload: dict[str, Any]) -> bool:
    """`tools` absent or empty (a `tools` of the wrong type is the schema's finding)."""
    tools = payload.get("tools", MISSING)
    return tools is MISSING or tools == []


@when_present("tool_choice")
def tool_choice_without_tools(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    choice = payload.get("tool_choice", MISSING)
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
def tool_options_without_tools(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
def unknown_tool_choice(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    kind = at(choice, "type")
    if (
        not isinstance(kind, str)
        or _has_no_tools(payload)
        or not isinstance(payload.get("tools"), list)
    ):
        return
    if kind == "function":
        name = at(choice, "function", "name")
        if not isinstance(name, str):
            return
        names = [tool_name for _, tool_name in function_tools(payload)]
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
    types = {_server_tool(at(tool, "type")) for _, tool in items(payload.get("tools"))}
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
def duplicate_tool_name(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
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
    for index, name, first in duplicates(function_tools(payload)):
        yield Finding(
            to_pointer(["tools", index, "function", "name"]),
            f"the function `{name}` "
            f"is already defined by tools[{first}]; rename or remove one of them",
        )
