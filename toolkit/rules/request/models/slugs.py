"""The model slug (ORT401): `model` and `models` name models of the catalog."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.lazy import imported
from toolkit.rules.registry import RuleContext, when_present
from toolkit.rules.request.models.reading import catalog_of, dated, slugs


@when_present("model", "models")
def unknown_model(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a `model` (or an entry of `models`) that names no model of the catalog,
    with a did-you-mean. Variants (`:free :nitro :floor :online :thinking :extended
    :exacto`), presets (`@preset/name`, `model@preset/name`), `~author/family-latest`
    aliases and routers (`openrouter/auto`, `openrouter/free`, ...) are resolved first.

    ## Why is this bad?
    The API answers 400 "<slug> is not a valid model ID" (quoted in public issue
    reports) for a slug without its author prefix, a typo, a retired model, or a `:free`
    variant that does not exist ("append :free to any model that has a free variant":
    guides/routing/routers/free-router). The catalog may be older than a new model: the
    message names its date; `ortk models refresh` brings it up to date.

    ## Example
    ```json
    {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}
    ```

    Use instead:
    ```json
    {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}
    ```

    ## References
    - https://openrouter.ai/docs/guides/routing/model-variants/free
    - https://openrouter.ai/docs/guides/routing/routers/latest-resolution
    - https://openrouter.ai/docs/guides/features/presets
    """
    catalog = catalog_of(context)
    if catalog is None:
        return
    resolve = imported("toolkit.catalog.resolve").resolve
    for pointer, slug in slugs(payload):
        found = resolve(slug, catalog)
        if found.kind != "unknown":
            continue
        hint = f'; did you mean "{found.suggestion}"?' if found.suggestion else ""
        if found.problem == "is not in the catalog":
            fix = hint or ": check the slug, or refresh the catalog (`ortk models refresh`)"
            yield Finding(pointer, f'"{slug}" is not in the {dated(catalog)}{fix}')
        else:
            yield Finding(pointer, f'"{slug}" {found.problem} ({dated(catalog)}){hint}')
