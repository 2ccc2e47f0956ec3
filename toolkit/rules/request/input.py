"""The input (ORT216-ORT217): a request needs `messages` or, the legacy way, `prompt`.

Live: the API answers `Input required: specify "prompt" or "messages"` when both are absent;
the API overview: "Either messages or prompt is required".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.registry import RuleContext, when_present


@when_present("prompt")
def legacy_prompt_input(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `prompt`, the legacy completion-style input, in a chat-completions request.

    ## Why is this bad?
    The API accepts it ("Either messages or prompt is required", API overview), but a
    single string cannot carry roles, images or tool results, and the answer comes back
    as a completion-style choice. `messages` is the chat input.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "prompt": "Write a haiku about the sea."
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Write a haiku about the sea."}]
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/overview (Request Schema)
    """
    if isinstance(payload.get("prompt"), str) and "messages" not in payload:
        yield Finding(
            "/prompt",
            "`prompt` is the legacy completion-style input; "
            'prefer `messages: [{"role": "user", "content": ...}]`',
            at_key=True,
        )


def missing_input(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a request with neither `messages` nor `prompt`.

    ## Why is this bad?
    Without either there is nothing to answer; the API rejects the request with
    `Input required: specify "prompt" or "messages"` (a live 400).

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "temperature": 0.2
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Hello"}],
      "temperature": 0.2
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/overview (Request Schema)
    """
    if "messages" not in payload and "prompt" not in payload:
        yield Finding(
            "",
            "request has neither `messages` nor `prompt`; add `messages` "
            '(the API answers `Input required: specify "prompt" or "messages"`)',
        )
