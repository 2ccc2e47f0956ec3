"""Server tools on this endpoint (ORT236-ORT238): what the guides say Chat Completions rejects
or does not honour.

`openrouter:bash` and the subagent's function inheritance work on other APIs only (a 400
here), deferred tools need an Anthropic model here, and most search engines take one domain
filter, not both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.readers import items
from toolkit.rules.registry import RuleContext, when_present

_RESPONSES_ONLY_SUBAGENT_KEYS = ("inherit_functions", "inherited_function_names")


@when_present("tools")
def server_tool_not_on_chat(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for server-tool settings that OpenRouter supports on other APIs only:
    an `openrouter:bash` tool, and `inherit_functions` / `inherited_function_names` in an
    `openrouter:subagent` tool.

    ## Why is this bad?
    The API rejects them on this endpoint with a 400. The bash guide: "`openrouter:bash` is
    only available on the Anthropic Messages API ... Requesting it on the Chat Completions
    or Responses API returns a `400` error". The subagent guide: function inheritance is
    "supported on the Responses API (`/api/v1/responses`) only; requests on other APIs
    that set `inherit_functions` or `inherited_function_names` are rejected with a `400`".

    ## Example
    ```json
    {
      "model": "anthropic/claude-sonnet-4.5",
      "messages": [{"role": "user", "content": "List the files in the repository."}],
      "tools": [{"type": "openrouter:bash"}]
    }
    ```

    Use instead:
    ```json
    {
      "model": "anthropic/claude-sonnet-4.5",
      "messages": [{"role": "user", "content": "List the files in the repository."}],
      "tools": [
        {
          "type": "function",
          "function": {
            "name": "run_command",
            "parameters": {"type": "object", "properties": {"command": {"type": "string"}}}
          }
        }
      ]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/features/server-tools/bash
    - https://openrouter.ai/docs/guides/features/server-tools/subagent
    """
    for index, tool in items(payload.get("tools")):
        if not isinstance(tool, dict):
            continue
        if tool.get("type") == "openrouter:bash":
            yield Finding(
                f"/tools/{index}/type",
                "`openrouter:bash` works on the Anthropic Messages API only; this endpoint "
                "answers 400: send a function tool and run the command yourself",
            )
        elif tool.get("type") == "openrouter:subagent":
            parameters = tool.get("parameters")
            for key in _RESPONSES_ONLY_SUBAGENT_KEYS:
                if isinstance(parameters, dict) and key in parameters:
                    yield Finding(
                        f"/tools/{index}/parameters/{key}",
                        f"`{key}` works on the Responses API only; this endpoint answers "
                        "400: remove it",
                        at_key=True,
                    )


def _is_anthropic(model: Any) -> bool:
    return isinstance(model, str) and model.lstrip("~").startswith("anthropic/")


@when_present("tools")
def defer_loading_outside_anthropic(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `defer_loading` on a function tool when the request's model is not an
    Anthropic model. Requests without a `model` (or with `models` fallbacks only) are not
    checked.

    ## Why is this bad?
    On this endpoint deferral is provider-managed: OpenRouter's own `openrouter:tool_search`
    is not available on Chat Completions, and "this provider-managed path is only available
    on Anthropic models and Anthropic-compatible endpoints that implement deferral; other
    models return a `400`" (tool-search guide). The request is rejected, not the flag
    ignored.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What's the weather in Tokyo?"}],
      "tools": [
        {
          "type": "function",
          "function": {"name": "get_weather", "parameters": {"type": "object"}},
          "defer_loading": true
        }
      ]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What's the weather in Tokyo?"}],
      "tools": [
        {
          "type": "function",
          "function": {"name": "get_weather", "parameters": {"type": "object"}}
        }
      ]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/features/server-tools/tool-search
    """
    model = payload.get("model")
    if not isinstance(model, str) or _is_anthropic(model):
        return
    for index, tool in items(payload.get("tools")):
        if isinstance(tool, dict) and tool.get("defer_loading") is True:
            yield Finding(
                f"/tools/{index}/defer_loading",
                f"`defer_loading` works only with Anthropic models on this endpoint; "
                f"`{model}` answers 400: remove it",
                at_key=True,
            )


def _web_search_parameters(payload: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, parameters) of each web search tool (`openrouter:web_search` or shorthand)."""
    for index, tool in items(payload.get("tools")):
        if not isinstance(tool, dict):
            continue
        kind = tool.get("type")
        if kind == "openrouter:web_search" and isinstance(tool.get("parameters"), dict):
            yield f"/tools/{index}/parameters", tool["parameters"]
        elif isinstance(kind, str) and kind.startswith("web_search"):
            yield f"/tools/{index}", tool
            if isinstance(tool.get("parameters"), dict):
                yield f"/tools/{index}/parameters", tool["parameters"]


@when_present("tools")
def allowed_and_excluded_domains(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a web search tool with both `allowed_domains` and `excluded_domains`, unless
    its `engine` is `exa`.

    ## Why is this bad?
    The OpenAPI document says `excluded_domains` "cannot be used with" `allowed_domains`,
    and the web-search guide's domain-filtering table agrees for every engine but Exa:
    Parallel, Firecrawl, Perplexity and the native Anthropic and SpaceXAI searches treat
    them as mutually exclusive (Perplexity keeps `allowed_domains`), native OpenAI search
    ignores `excluded_domains`. Only one of the filters takes effect.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Recent papers on protein folding?"}],
      "tools": [
        {
          "type": "openrouter:web_search",
          "parameters": {"allowed_domains": ["arxiv.org"], "excluded_domains": ["reddit.com"]}
        }
      ]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Recent papers on protein folding?"}],
      "tools": [{"type": "openrouter:web_search", "parameters": {"allowed_domains": ["arxiv.org"]}}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/features/server-tools/web-search (Domain Filtering)
    """
    for pointer, parameters in _web_search_parameters(payload):
        if (
            parameters.get("allowed_domains")
            and parameters.get("excluded_domains")
            and parameters.get("engine") != "exa"
        ):
            yield Finding(
                f"{pointer}/excluded_domains",
                "`allowed_domains` and `excluded_domains` together work only with the `exa` "
                "engine; other engines use one of them: keep one, or set `engine` to `exa`",
                at_key=True,
            )
