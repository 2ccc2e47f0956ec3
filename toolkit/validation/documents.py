"""The schema documents on disk: found, read once, bundled for editors, and walked by URI."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.pointers import split_pointer

ID_BASE = "https://ortk.dev/schema/"


def schema_dir() -> Path:
    """`toolkit/schemas` in an installed wheel, `schema/` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "schemas"
    return packaged if packaged.is_dir() else package.parent / "schema"


@cache
def documents() -> dict[str, dict[str, Any]]:
    """Every schema document by its `$id`."""
    loaded = {}
    for path in sorted(schema_dir().glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        loaded[document["$id"]] = document
    return loaded


def schema_for(kind: str) -> dict[str, Any]:
    """The schema document of a payload kind (`request`, `response`, `chunk`, `error`)."""
    return documents()[f"{ID_BASE}{kind}.schema.json"]


def schema_node(location: str) -> tuple[dict[str, Any], str]:
    """The schema object holding the keyword at an absolute keyword location, and the
    keyword (`https://.../request.schema.json#/$defs/Tool/required` -> Tool, `required`)."""
    uri, _, fragment = location.partition("#")
    node: Any = documents()[uri]
    tokens = split_pointer(fragment)
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node, tokens[-1] if tokens else ""


def bundled_schema(kind: str) -> dict[str, Any]:
    """The schema of `kind` as one self-contained document, for editors and other tools.

    The `$defs` of the documents it references are merged into its own (names are
    unique across documents, which a test checks) and their `$ref`s made local; the
    `$defs` no `$ref` reaches from the root are left out. A top-level `$schema` string
    is allowed: payload files may name their schema. Each discriminated union declares
    its discriminator's values at its own level, so that an editor completes `"role": "`
    with every role (not only the branch it happens to try first).
    """
    root = json.loads(json.dumps(schema_for(kind)))  # a deep copy
    own = root.setdefault("$defs", {})
    for uri, document in documents().items():
        if uri != root["$id"]:
            own.update(
                {name: d for name, d in document.get("$defs", {}).items() if name not in own}
            )
    bundled: dict[str, Any] = _localize_refs(root)
    bundled["$defs"] = _reachable_defs(bundled)
    _declare_discriminator_values(bundled)
    bundled["properties"] = {
        "$schema": {
            "type": "string",
            "description": "The JSON Schema of this file, for editors; not sent to the API.",
        },
        **bundled["properties"],
    }
    return bundled


def _localize_refs(node: Any, in_mapping: bool = False) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                "#" + value.split("#", 1)[1]
                if (key == "$ref" or in_mapping) and isinstance(value, str) and "#" in value
                else _localize_refs(value, key == "mapping")
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_localize_refs(item) for item in node]
    return node


def _refs(node: Any) -> set[str]:
    """The local `$defs` names `node` refers to."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                found.add(ref.removeprefix("#/$defs/").split("/", 1)[0])
            stack.extend(value for key, value in item.items() if key != "$defs")
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _reachable_defs(root: dict[str, Any]) -> dict[str, Any]:
    """The root's `$defs` that a chain of `$ref`s from the root reaches, in their order."""
    defs: dict[str, Any] = root.get("$defs", {})
    reached: set[str] = set()
    pending = _refs(root)
    while pending:
        name = pending.pop()
        if name in reached or name not in defs:
            continue
        reached.add(name)
        pending |= _refs(defs[name])
    return {name: node for name, node in defs.items() if name in reached}


def _declare_discriminator_values(node: Any) -> None:
    """`properties: {role: {enum: [...every role]}}` beside each discriminated `oneOf`
    (the values are the discriminator's `mapping` keys); the branches still decide the
    rest. The schema files say it once, in `discriminator`; editors read `properties`."""
    if isinstance(node, list):
        for item in node:
            _declare_discriminator_values(item)
        return
    if not isinstance(node, dict):
        return
    discriminator = node.get("discriminator")
    if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
        name = discriminator.get("propertyName")
        properties = node.setdefault("properties", {})
        if isinstance(name, str) and name not in properties:
            properties[name] = {"enum": list(discriminator["mapping"])}
    for value in node.values():
        _declare_discriminator_values(value)
