"""JSON Pointer to line:column in a YAML document, from PyYAML's node marks.

Imported only when a YAML payload has findings.
"""

from __future__ import annotations

import threading
from typing import Any

import yaml

from toolkit.loading.yaml import JsonCompatibleLoader
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


_streams = threading.local()  # per thread: [text, index of the next document, node iterator]


def compose_document(text: str, index: int) -> Any:
    """The node tree of document `index`, for positions.

    Payloads of one stream ask in order, so the stream is composed once and resumed
    where the last call stopped, rather than from the start for every document (which
    made a file of 3,000 documents with findings take minutes).
    """
    state = getattr(_streams, "state", None)
    if state is None or state[0] is not text or state[1] > index:
        state = [text, 0, iter(yaml.compose_all(text, Loader=JsonCompatibleLoader))]
    _streams.state = None
    for number, node in enumerate(state[2], start=state[1]):
        if number == index:
            _streams.state = [text, number + 1, state[2]]
            return node
    raise IndexError(index)
