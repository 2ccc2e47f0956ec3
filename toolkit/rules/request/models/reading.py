"""Reading a request for the model checks: which models may serve it, in the catalog.
 A request may be served by `model` or, when that fails, by each
entry of `models` in turn (guides/routing/model-fallbacks: "if the first model returns
an error, OpenRouter will automatically try the next"), so a request is rejected only
when every candidate fails it: errors are judged on all candidates. What a model merely
ignores is judged on the first candidate, which serves the request when it can.

Each check runs only when the fields it judges are present (`when_present`), and finds
nothing without a catalog, which the pipeline gives only to a request naming a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.lazy import imported
from toolkit.rules.registry import RuleContext

if TYPE_CHECKING:  # (the catalog is imported only by runs whose requests name a model)
    from toolkit.catalog.model import Catalog, ModelInfo


def catalog_of(context: RuleContext) -> Catalog | None:
    """The catalog to check against, or None when the model checks are off (the pipeline
    gives a catalog only to a request that names a model)."""
    catalog: Catalog | None = context.catalog
    return catalog


def slugs(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(pointer, slug) of `model` and of each string in `models`, in routing order."""
    found = []
    model = payload.get("model")
    if isinstance(model, str):
        found.append(("/model", model))
    models = payload.get("models")
    if isinstance(models, list):
        found.extend((f"/models/{i}", m) for i, m in enumerate(models) if isinstance(m, str))
    return found


def candidates(payload: dict[str, Any], context: RuleContext) -> list[ModelInfo]:
    """The models that may serve the request, or [] when it cannot be judged: no model
    named (the account's default serves it), or one of them is a router, a preset or
    unknown (ORT401 speaks for those)."""
    return context.shared(_named_models, payload)[0]


def primary(payload: dict[str, Any], context: RuleContext) -> ModelInfo | None:
    """The model that serves the request when it can (the first candidate)."""
    return context.shared(_named_models, payload)[1]


def _named_models(
    payload: dict[str, Any], context: RuleContext
) -> tuple[list[ModelInfo], ModelInfo | None]:
    """(candidates, primary): worked out once per payload for every model check."""
    resolve = imported("toolkit.catalog.resolve").resolve
    catalog = context.catalog
    found: list[ModelInfo] = []
    first: ModelInfo | None = None
    for index, (_pointer, slug) in enumerate(slugs(payload)):
        resolution = resolve(slug, catalog)
        model = resolution.model if resolution.checkable else None
        if index == 0:
            first = model
        if model is None:
            return [], first
        found.append(model)
    return found, first


def lacking(models: list[ModelInfo], what: str) -> str:
    """`x/y does not support tool use`, or `none of x/y, z/w supports tool use`."""
    if len(models) == 1:
        return f"{models[0].id} does not support {what}"
    return f"none of {', '.join(m.id for m in models)} supports {what}"


def dated(catalog: Catalog) -> str:
    return f"model catalog of {catalog.date}"
