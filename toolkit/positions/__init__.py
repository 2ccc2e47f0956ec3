"""JSON Pointer -> 1-based line:column: the machinery each loader locates findings with.

Used lazily, only for payloads with findings, and only along the paths of those
findings; one module per syntax. Knows texts and node trees, not files or payloads.
"""

from __future__ import annotations

from toolkit.positions.source_map import SourceMap, line_column

__all__ = ["SourceMap", "line_column"]
