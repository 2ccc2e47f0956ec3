"""JSON Pointer to line:column in a YAML document, from the marks of its composed PyYAML nodes."""

from __future__ import annotations

from typing import Any

from toolkit.pointers import escape_token
from toolkit.positions.source_map import SourceMap


def source_map(node: Any) -> SourceMap:
    """Positions of a composed PyYAML node tree (marks are 0-based)."""
    source = SourceMap()
    stack: list[tuple[str, Any]] = [("", node)]
    seen: set[int] = set()
    while stack:
        pointer, current = stack.pop()
        source.marks[pointer] = (current.start_mark.line + 1, current.start_mark.column + 1)
        if id(current) in seen:  # an alias: its children were mapped where it was defined
            continue
        seen.add(id(current))
        if current.id == "mapping":
            for key_node, value_node in current.value:
                child = f"{pointer}/{escape_token(str(key_node.value))}"
                source.key_marks[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                stack.append((child, value_node))
        elif current.id == "sequence":
            stack.extend((f"{pointer}/{index}", item) for index, item in enumerate(current.value))
    return source
