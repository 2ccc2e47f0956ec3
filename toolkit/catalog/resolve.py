"""What a `model` slug names: a catalog row, a variant of one, a preset, an alias, a router.

The forms come from the routing guides (reference/openrouter-docs/guides/routing/):
- variants `:free :thinking :extended` are rows of their own in the catalog (free-router:
  "append :free to any model that has a free variant"); `:nitro :floor :online :exacto`
  are virtual: they change provider sorting and apply to any model (model-variants/);
- `@preset/name` is a preset used as the model (features/presets): its model is unknown
  here; `model@preset/name` is that model with a preset on top;
- `~author/family-latest` aliases are rows of their own whose capabilities are those of
  their current target (routers/latest-resolution);
- routers (`openrouter/auto`, `openrouter/free`, ...) pick a model per request.
An unknown slug gets a did-you-mean; the common mistake is a missing author prefix
(`gpt-4o` for `openai/gpt-4o`), answered by the API with "gpt-4o is not a valid model ID".
"""

from __future__ import annotations

from typing import Literal

from toolkit.catalog.model import KNOWN_ROUTERS, Catalog, ModelInfo

VIRTUAL_VARIANTS = ("nitro", "floor", "online", "exacto")
CATALOG_VARIANTS = ("free", "thinking", "extended")
VARIANTS = ("free", "nitro", "floor", "online", "thinking", "extended", "exacto")
PRESET = "@preset/"

Kind = Literal["model", "alias", "router", "preset", "unknown"]


class Resolution:
    """Where a slug leads. `model` is the catalog row whose capabilities the request
    meets (None for presets, unknown slugs); for an unknown slug `problem` says why and
    `suggestion` is the closest id, if any. (A plain class: cheap to define at start-up.)"""

    __slots__ = ("kind", "model", "preset", "problem", "slug", "suggestion", "variant")

    def __init__(
        self,
        slug: str,
        kind: Kind,
        model: ModelInfo | None = None,
        variant: str | None = None,
        preset: str | None = None,
        problem: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.slug = slug
        self.kind = kind
        self.model = model
        self.variant = variant
        self.preset = preset
        self.problem = problem
        self.suggestion = suggestion

    @property
    def checkable(self) -> bool:
        """Whether the request can be judged against one model's capabilities."""
        return self.model is not None and self.kind in ("model", "alias")


RESOLVED_CACHE_SIZE = 4096  # slugs remembered per catalog (a log may name unboundedly many)


def resolve(slug: str, catalog: Catalog) -> Resolution:
    """Where `slug` leads in `catalog` (remembered: the catalog does not change)."""
    found: Resolution | None = catalog.resolved.get(slug)
    if found is None:
        if len(catalog.resolved) >= RESOLVED_CACHE_SIZE:
            catalog.resolved.clear()
        found = catalog.resolved[slug] = _resolve(slug, catalog)
    return found


def _resolve(slug: str, catalog: Catalog) -> Resolution:
    if slug.startswith(PRESET):
        name = slug[len(PRESET) :]
        if name:
            return Resolution(slug, "preset", preset=name)
        return Resolution(slug, "unknown", problem="names no preset after @preset/")
    base, at, preset = slug.partition(PRESET)
    if at:
        if not preset:
            return Resolution(slug, "unknown", problem="names no preset after @preset/")
        found = _resolve_model(base, catalog)
        return Resolution(
            slug, found.kind, found.model, found.variant, preset, found.problem, found.suggestion
        )
    return _resolve_model(slug, catalog)


def _resolve_model(slug: str, catalog: Catalog) -> Resolution:
    if slug in KNOWN_ROUTERS and slug not in catalog:  # (a router newer than the catalog)
        return Resolution(slug, "router")
    info = catalog.get(slug)
    if info is not None:
        variant = slug.rpartition(":")[2] if ":" in slug else None
        return Resolution(slug, _kind(info), info, variant)
    base, colon, variant = slug.rpartition(":")
    if colon and base:
        base_info = catalog.get(base)
        if variant in VIRTUAL_VARIANTS:
            if base_info is not None:
                return Resolution(slug, _kind(base_info), base_info, variant)
            inner = _resolve_model(base, catalog)  # (`x:free:nitro`: the variant of a variant)
            return Resolution(
                slug, inner.kind, inner.model, variant, None, inner.problem, inner.suggestion
            )
        if variant in CATALOG_VARIANTS and base_info is not None:
            return Resolution(
                slug,
                "unknown",
                variant=variant,
                problem=f"has no :{variant} variant",
                suggestion=base,
            )
        if variant not in VARIANTS:
            suggestion = base if base_info is not None else suggest(base, catalog)
            return Resolution(
                slug,
                "unknown",
                problem=f'has an unknown variant ":{variant}"',
                suggestion=suggestion,
            )
    return Resolution(
        slug, "unknown", problem="is not in the catalog", suggestion=suggest(slug, catalog)
    )


def _kind(info: ModelInfo) -> Kind:
    if info.router:
        return "router"
    return "alias" if info.is_alias else "model"


def suggest(slug: str, catalog: Catalog) -> str | None:
    """The id the user most likely meant, or None.

    The same id in other case; the same model name under its author (a missing or wrong
    author prefix); then the closest spelling of the whole id or of the name alone.
    """
    import difflib  # (only for a slug that is not in the catalog)

    same = catalog.by_lowercase(slug)
    if same is not None:
        return same
    lowered = slug.lower()
    _author, slash, name = lowered.rpartition("/")
    ids = catalog.ids()
    by_name: dict[str, list[str]] = {}
    for model_id in ids:
        by_name.setdefault(model_id.rpartition("/")[2].lower(), []).append(model_id)
    if name in by_name:
        return by_name[name][0]
    if slash:
        close = difflib.get_close_matches(lowered, [i.lower() for i in ids], n=1, cutoff=0.8)
        if close:
            return catalog.by_lowercase(close[0])
    close = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.8)
    return by_name[close[0]][0] if close else None
