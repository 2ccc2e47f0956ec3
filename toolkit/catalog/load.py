"""Reading a catalog: the bundled one, or a user's `GET /api/v1/models` response.

Both are loaded at most once per process (the bundled one on first use, a file once per
path and modification), so a run that names no model never reads either, and a run over
thousands of requests reads its catalog once.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from toolkit.catalog.model import FORMAT, Catalog

BUNDLED = Path(__file__).with_name("bundled.json")


class CatalogError(Exception):
    """A catalog file that cannot be used: a usage or configuration error (exit code 2)."""


_LOCK = threading.Lock()
_LOADED: dict[tuple[str, int, int], Catalog] = {}


_BUNDLED: list[Catalog] = []  # (read once per process: no stat per payload)


def bundled_catalog() -> Catalog:
    """The catalog ortk ships (see `ortk models info`)."""
    if not _BUNDLED:
        catalog = load_catalog(BUNDLED, source="bundled")
        with _LOCK:
            if not _BUNDLED:
                _BUNDLED.append(catalog)
    return _BUNDLED[0]


ModelsSetting = Catalog | str | os.PathLike[str] | bool | None


def catalog_for(models: ModelsSetting) -> Catalog | None:
    """The catalog a `models` setting names: None (or True) the bundled one, a path a
    catalog file, False none (no model checks); a `Catalog` is itself."""
    if models is None or models is True:
        return bundled_catalog()
    if models is False:
        return None
    if isinstance(models, Catalog):
        return models
    return load_catalog(models)


def load_catalog(path: str | os.PathLike[str], source: str | None = None) -> Catalog:
    """The catalog in `path`: a raw `/api/v1/models` response or ortk's compact form."""
    file = Path(path)
    try:
        stat = file.stat()
        key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError as error:
        raise CatalogError(f"cannot read the model catalog {file}: {error.strerror}") from error
    with _LOCK:
        catalog = _LOADED.get(key)
        if catalog is None:
            catalog = _read(file, source or str(file))
            if len(_LOADED) >= 16:  # (a long-lived process that writes many catalogs)
                _LOADED.clear()
            _LOADED[key] = catalog
    return catalog


def _read(file: Path, source: str) -> Catalog:
    import jiter  # (loading has imported it already: no import cost at start-up)

    try:
        document = jiter.from_json(file.read_bytes())
    except OSError as error:
        raise CatalogError(f"cannot read the model catalog {file}: {error.strerror}") from error
    except ValueError as error:
        raise CatalogError(f"the model catalog {file} is not valid JSON: {error}") from error
    return catalog_from_document(document, file.name, source)


def catalog_from_document(document: Any, file_name: str | None, source: str) -> Catalog:
    """A catalog from a parsed document (either form); a CatalogError says what is wrong."""
    where = f"the model catalog {file_name}" if file_name else "the model catalog"
    if isinstance(document, dict) and document.get("format") == FORMAT:
        models = document.get("models")
        if not isinstance(models, dict) or not isinstance(document.get("date"), str):
            raise CatalogError(f"{where} is a damaged compact catalog: rebuild it")
        return Catalog(models, document["date"], source)
    from toolkit.catalog.compact import catalog_date, compact_catalog
    from toolkit.catalog.shape import shape_problems

    problems = shape_problems(document)
    if problems:
        raise CatalogError(f"{where} is not a GET /api/v1/models response: {'; '.join(problems)}")
    compact = compact_catalog(document, catalog_date(document, file_name), source)
    return Catalog(compact["models"], compact["date"], source)
