"""Build the compact catalog from a raw response file (used by scripts/build_catalog.py
and by the test that checks the bundled catalog is reproducible)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from toolkit.catalog.compact import catalog_date, compact_catalog, dumps
from toolkit.catalog.load import CatalogError
from toolkit.catalog.shape import shape_problems


def build_bundled(response_file: Path) -> bytes:
    raw = response_file.read_bytes()
    response = json.loads(raw)
    problems = shape_problems(response)
    if problems:
        raise CatalogError(f"{response_file.name}: {'; '.join(problems)}")
    date = catalog_date(response, response_file.name)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    source = (
        f"GET https://openrouter.ai/api/v1/models of {date}: {len(response['data'])} models "
        f"({response_file.name}, sha256 {digest}...)"
    )
    return dumps(compact_catalog(response, date, source))
