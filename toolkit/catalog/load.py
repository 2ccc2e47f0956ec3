"""Reading a catalog: the bundled one, or a user's `GET /api/v1/models` response.

Both are loaded at most once per process (the bundled one on first use, a file once per
path and modification), so a run that names no model never reads either, and a run over
thousands of requests reads its catalog once. The bundled one parses a model's record
only when a request names that model (`_ModelLines`).
"""

from __future__ import annotations

import _thread
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from toolkit.catalog.model import FORMAT, Catalog

BUNDLED = Path(__file__).with_name("bundled.json")


class CatalogError(Exception):
    """A catalog file that cannot be used: a usage or configuration error (exit code 2)."""


_LOCK = _thread.allocate_lock()  # (threading.Lock; importing threading: 2 M instructions)
_LOADED: dict[tuple[str, int, int], Catalog] = {}


_BUNDLED: list[Catalog] = []  # (read once per process: no stat per payload)


def bundled_catalog() -> Catalog:
    """The catalog ortk ships (see `ortk models info`)."""
    if not _BUNDLED:
        catalog = _lazy_catalog(BUNDLED, "bundled") or load_catalog(BUNDLED, source="bundled")
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


class _ModelLines(Mapping[str, Any]):
    """The records of a compact catalog by model id, each found and parsed when first
    asked for.

    A request names one model of the 337 the bundled catalog holds: parsing them all
    (120 KB) was 4 M instructions of every run that names a model, more than finding a
    line (`bytes.find`) and parsing it. The ids are listed only when asked for (a
    did-you-mean, `ortk models list`).
    """

    __slots__ = ("_ids", "_lines", "_parsed")

    def __init__(self, lines: bytes) -> None:
        self._lines = lines  # `\n"id": {record}` for each model (`,` between), then `\n`
        self._parsed: dict[str, Any] = {}
        self._ids: list[str] | None = None

    def __getitem__(self, model_id: str) -> Any:
        record = self._parsed.get(model_id)
        if record is None:
            line = self._line(model_id)
            if line is None:
                raise KeyError(model_id)
            import jiter

            record = self._parsed[model_id] = jiter.from_json(line.removesuffix(b","))
        return record

    def _line(self, model_id: object) -> bytes | None:
        """The record of `model_id`'s line (no key holds a quote or a backslash, so the
        line is the one that starts with the id between quotes)."""
        if not isinstance(model_id, str) or '"' in model_id:
            return None
        key = b'\n"' + model_id.encode("utf-8", "surrogatepass") + b'": '
        start = self._lines.find(key)
        if start < 0:
            return None
        return self._lines[start + len(key) : self._lines.index(b"\n", start + 1)]

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._parsed or self._line(model_id) is not None

    def __iter__(self) -> Iterator[str]:
        if self._ids is None:
            lines = self._lines.split(b"\n")[1:-1]
            self._ids = [line.partition(b'": ')[0][1:].decode("utf-8") for line in lines]
        return iter(self._ids)

    def __len__(self) -> int:
        return self._lines.count(b"\n") - 1


def _lazy_catalog(file: Path, source: str) -> Catalog | None:
    """The compact catalog in `file` with its records found and parsed on demand, when
    the file is laid out as `compact.dumps` writes it (a head line, then one model a
    line) and holds no escape (no key can hold a quote); None otherwise (`load_catalog`
    reads it whole)."""
    import jiter

    try:
        data = file.read_bytes()
    except OSError:
        return None
    head, _, rest = data.partition(b"\n")
    if not head.endswith(b', "models": {') or not rest.startswith(b'"'):
        return None
    if not rest.endswith(b"\n}}\n") or b"\\" in data:
        return None
    try:
        document = jiter.from_json(head + b"}}")
    except ValueError:
        return None
    if document.get("format") != FORMAT or not isinstance(document.get("date"), str):
        return None
    return Catalog(_ModelLines(b"\n" + rest[:-3]), document["date"], source)
