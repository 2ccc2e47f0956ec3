"""OpenRouter's model catalog: what each model can do, for the model-aware checks (ORT4xx).

`bundled_catalog()` is the compact catalog ortk ships (`ortk models info` names its
date); `load_catalog(path)` reads a team's own `GET /api/v1/models` snapshot;
`Catalog.resolve`-style lookups live in `toolkit.catalog.resolve`.
"""

from __future__ import annotations

from toolkit.catalog.load import (
    CatalogError,
    ModelsSetting,
    bundled_catalog,
    catalog_for,
    load_catalog,
)
from toolkit.catalog.model import Catalog, ModelInfo, Reasoning
from toolkit.catalog.resolve import Resolution, resolve

__all__ = [
    "Catalog",
    "CatalogError",
    "ModelInfo",
    "ModelsSetting",
    "Reasoning",
    "Resolution",
    "bundled_catalog",
    "catalog_for",
    "load_catalog",
    "resolve",
]
