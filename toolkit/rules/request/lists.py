"""Lists (ORT252, ORT253): entries of `plugins` and `stop` that are empty or repeated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import to_pointer
from toolkit.rules.readers import at, duplicates, items
from toolkit.rules.registry import RuleContext, when_present
from toolkit.wording import show_value


@when_present("plugins")
def duplicate_plugin(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for two entries of `plugins` with the same `id`.

    ## Why is this bad?
    Only one configuration of a plugin applies, and which one is not documented: the
    settings you read may not be the settings used.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What happened in the news today?"}],
      "plugins": [{"id": "web", "max_results": 3}, {"id": "web", "max_results": 10}]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What happened in the news today?"}],
      "plugins": [{"id": "web", "max_results": 10}]
    }
    ```
    """
    ids = [(index, at(plugin, "id")) for index, plugin in items(payload.get("plugins"))]
    for index, id_, first in duplicates([(i, v) for i, v in ids if isinstance(v, str)]):
        yield Finding(
            to_pointer(["plugins", index, "id"]),
            f'the plugin "{id_}" is already configured by plugins[{first}]; merge the two entries',
        )


@when_present("stop")
def empty_or_duplicate_stop(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for an empty stop sequence, and for a stop sequence listed twice.

    ## Why is this bad?
    An empty sequence is rejected by some providers and means nothing to the others; a
    repeated one takes one of the four places for nothing.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "List three fruits, one per line."}],
      "stop": ["\\n\\n", "", "\\n\\n"]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "List three fruits, one per line."}],
      "stop": ["\\n\\n"]
    }
    ```
    """
    stop = payload.get("stop")
    if stop == "":
        yield Finding("/stop", "`stop` is an empty string; remove it or give a sequence")
        return
    sequences = [(i, s) for i, s in items(stop) if isinstance(s, str)]
    for index, sequence in sequences:
        if sequence == "":
            yield Finding(f"/stop/{index}", "empty stop sequence; remove it")
    for index, sequence, first in duplicates([(i, s) for i, s in sequences if s]):
        yield Finding(
            f"/stop/{index}",
            f"the stop sequence {show_value(sequence)} repeats stop[{first}]; remove it",
        )
