"""Where a finding is: JSON Pointer -> 1-based line:column in the text the payload came from.

Computed lazily, only for payloads with findings, and only along the paths of those
findings; one module per syntax.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.loading.payload import Payload
from toolkit.positions.source_map import SourceMap, line_column

__all__ = ["SourceMap", "line_column", "source_map"]


def source_map(payload: Payload, pointers: Iterable[str]) -> SourceMap:
    """Positions in `payload`'s text of `pointers` (and of their ancestors)."""
    if payload.syntax == "yaml":
        from toolkit.positions import yaml

        return yaml.source_map(yaml.compose_document(payload.text, payload.yaml_document))
    from toolkit.positions import json

    return json.locate_json(payload.text, pointers, payload.first_line)
