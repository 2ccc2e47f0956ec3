"""Keys the reference does not list but real code sends, and what to write instead.

An unknown key is reported either way (a warning at the top level, where the API ignores
it; an error inside `provider`, where it rejects it); for these, the message says what the
key is instead of guessing a spelling. Parents are JSON Pointers with
`*` for any array index.
"""

from __future__ import annotations

import re

# (payload kind, parent pointer, key) -> what the key is and what to use instead
KNOWN_KEYS: dict[tuple[str, str, str], str] = {
    ("request", "", "transforms"): (
        "`transforms` is OpenRouter's older field for middle-out compression; "
        'use `plugins: [{"id": "context-compression"}]`'
    ),
    ("request", "", "usage"): (
        "`usage` (`{include: true}`) is OpenRouter's older usage-accounting switch; "
        "usage is now always returned: remove it"
    ),
    ("request", "", "system"): (
        "`system` is Anthropic's top-level system prompt, ignored here; "
        'send it as the first message: `{"role": "system", "content": ...}`'
    ),
    ("request", "", "thinking"): (
        "`thinking` is Anthropic's extended-thinking field, ignored here; "
        "use `reasoning` (`reasoning.effort`) or `reasoning_effort`"
    ),
    ("request", "", "extra_body"): (
        "`extra_body` is an SDK argument serialized by mistake: the API ignores everything "
        "inside it; move its keys to the top level of the request"
    ),
    ("request", "", "functions"): (
        "`functions` is OpenAI's deprecated function-calling field; "
        'use `tools: [{"type": "function", "function": ...}]`'
    ),
    ("request", "", "function_call"): (
        "`function_call` is OpenAI's deprecated function-calling field; use `tool_choice`"
    ),
    ("request", "", "max_output_tokens"): (
        "`max_output_tokens` belongs to the Responses API; "
        "use `max_completion_tokens` on chat completions"
    ),
    ("request", "", "n"): (
        "`n` greater than 1 (several choices per request) is not supported by OpenRouter; "
        "send several requests instead"
    ),
}


def accepted_unknown_key(kind: str, parent: str, key: str, value: object) -> bool:
    """An unknown key that asks for what happens anyway: `n: 1` (one choice, the only
    kind OpenRouter returns) is not a finding; `n` greater than 1 is."""
    return kind == "request" and parent == "" and key == "n" and value == 1


def explain_unknown_key(kind: str, parent: str, key: str) -> str | None:
    generic_parent = re.sub(r"/\d+(?=/|$)", "/*", parent)
    return KNOWN_KEYS.get((kind, generic_parent, key))
