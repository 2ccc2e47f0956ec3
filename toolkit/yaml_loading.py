"""YAML payload files: every document of a stream is a payload.

Safe loading only, plus what JSON needs: string keys, no duplicate keys, no
timestamps or binary values, and aliases that cannot expand without bound.
Imported only when a YAML file is linted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from toolkit.diagnostics import Diagnostic, escape_token
from toolkit.loading import MAX_YAML_NODES, Payload, problem


class _JsonCompatibleLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader without the YAML 1.1 timestamp type: a date stays a string, as in JSON."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_JSON_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


def load_documents(file: str, text: str) -> Iterator[Payload | Diagnostic]:
    loader = _JsonCompatibleLoader(text)
    document = 0
    try:
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
            except yaml.MarkedYAMLError as error:
                mark = error.problem_mark or error.context_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
                yield problem(file, "ORT003", f"invalid YAML: {error.problem or error}",
                              line=line, column=column, record=document + 1 if document else None)
                return
            except RecursionError:
                yield problem(file, "ORT009", "YAML is nested too deeply to be a payload")
                return
            document += 1
            record = document
            found = list(_check_node(file, node, record))
            if found:
                yield from found
                continue
            data = loader.construct_document(node)
            if not isinstance(data, dict):
                yield problem(file, "ORT006", "document is not a mapping; a payload is an object",
                              line=node.start_mark.line + 1, column=node.start_mark.column + 1,
                              record=record)
                continue
            yield Payload(file=file, data=data, text=text, syntax="yaml", record=record,
                          yaml_document=document - 1)
    finally:
        loader.dispose()
    if document == 0:
        yield problem(file, "ORT004", "file has no YAML documents; expected a mapping")


def _check_node(file: str, root: Any, record: int) -> Iterator[Diagnostic]:
    """What stops a composed document from being a JSON payload, at its position."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the current path: an alias to one of them is a cycle
    stack: list[tuple[str, Any, bool]] = [("", root, False)]
    while stack:
        pointer, node, children_done = stack.pop()
        if children_done:
            open_nodes.discard(id(node))
            children = _children(node)
            sizes[id(node)] = 1 + sum(sizes[id(child)] for _, child in children)
            if sizes[id(node)] > MAX_YAML_NODES:
                yield _at(file, node, record, pointer, "ORT010",
                          f"aliases expand to more than {MAX_YAML_NODES:,} values; "
                          "write the document out instead")
                return
            continue
        if id(node) in sizes:
            continue  # an alias of a node already checked
        if id(node) in open_nodes:
            yield _at(file, node, record, pointer, "ORT010",
                      "a recursive alias makes this document infinite; JSON can't hold it")
            return
        if node.tag not in _JSON_TAGS:
            yield _at(file, node, record, pointer, "ORT010",
                      f"YAML tag {node.tag} has no JSON equivalent; use plain JSON values")
            return
        if node.id == "mapping":
            seen: set[str] = set()
            for key, _ in node.value:
                if key.tag != "tag:yaml.org,2002:str":
                    yield _at(file, key, record, pointer, "ORT010",
                              f"key {key.value!r} is not a string; JSON keys are strings, quote it")
                    return
                if key.value in seen:
                    yield _at(file, key, record, f"{pointer}/{escape_token(key.value)}", "ORT005",
                              f"duplicate key {key.value!r}; the API keeps only one of them, "
                              "remove the other")
                seen.add(key.value)
        open_nodes.add(id(node))
        stack.append((pointer, node, True))
        for token, child in _children(node):
            stack.append((f"{pointer}/{escape_token(token)}", child, False))


def _children(node: Any) -> list[tuple[str, Any]]:
    if node.id == "mapping":
        return [(str(key.value), value) for key, value in node.value]
    if node.id == "sequence":
        return [(str(index), item) for index, item in enumerate(node.value)]
    return []


def _at(file: str, node: Any, record: int, pointer: str, code: str, message: str) -> Diagnostic:
    mark = node.start_mark
    return problem(file, code, message, line=mark.line + 1, column=mark.column + 1,
                   record=record, pointer=pointer)


def compose_document(text: str, index: int) -> Any:
    """The node tree of document `index`, for positions."""
    for number, node in enumerate(yaml.compose_all(text, Loader=_JsonCompatibleLoader)):
        if number == index:
            return node
    raise IndexError(index)
