"""Walk `schema/` and an OpenAPI shape side by side and list every difference.

Paths read like the payload: `request.messages[].(role=user).content`, `[]` for array
items, `{}` for map values, `(key=value)` for the variant of a union that the value of
`key` selects (or `(string)`, `(array)`... for unions told apart by type). A definition
pair reached twice is compared once, at the first path the (sorted) walk reaches it by.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from toolkit.drift.openapi import Node

ONLY_SCHEMA, ONLY_UPSTREAM, DIFFERS = "only-schema", "only-upstream", "differs"

LIMITS = (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties",
)  # fmt: skip
_DISCRIMINATORS = ("type", "role", "id", "mode", "by")


@dataclass(frozen=True, slots=True, order=True)
class Difference:
    """One difference: where, what (`property x`, `enum value "y"`, `minimum`...), which way."""

    path: str
    subject: str
    change: str
    detail: str = ""

    def describe(self) -> str:
        where = {ONLY_SCHEMA: "only in schema/", ONLY_UPSTREAM: "only upstream"}
        text = f"{self.path}: {self.subject} {where.get(self.change, 'differs')}"
        return f"{text} ({self.detail})" if self.detail else text

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "subject": self.subject, "change": self.change,
                "detail": self.detail}  # fmt: skip


def _show(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _types(node: Node) -> frozenset[str]:
    declared = node.schema.get("type")
    names = [declared] if isinstance(declared, str) else list(declared or ())
    if "properties" in node.schema and not names:
        names = ["object"]
    return frozenset(names) | ({"null"} if node.nullable else frozenset())


def _required_alternatives(node: Node) -> list[list[str]] | None:
    """`anyOf: [{required: [a]}, {required: [b]}]`: a choice of required keys, not a union."""
    for union in ("oneOf", "anyOf"):
        branches = node.schema.get(union)
        if (
            isinstance(branches, list)
            and branches
            and all(isinstance(b, dict) and set(b) == {"required"} for b in branches)
        ):
            return [list(b["required"]) for b in branches]
    return None


def _variants(node: Node) -> list[Node] | None:
    if _required_alternatives(node) is not None:
        return None
    for union in ("oneOf", "anyOf"):
        branches = node.schema.get(union)
        if isinstance(branches, list):
            return [node.child(branch) for branch in branches]
    return None


def _label(node: Node, siblings: list[Node]) -> str:
    """What tells this union variant apart: a one-value property, else its type, else its name."""
    properties = node.schema.get("properties", {})
    for key in _DISCRIMINATORS:
        if key in properties:
            values = node.child(properties[key]).schema.get("enum")
            if isinstance(values, list) and len(values) == 1:
                return f"{key}={values[0]}"
    types = sorted(_types(node) - {"null"})
    label = "|".join(types) or "any"
    same_type = [s for s in siblings if sorted(_types(s) - {"null"}) == types]
    if len(same_type) > 1 and node.name:
        return node.name
    return label


class Walk:
    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()
        self.found: list[Difference] = []

    def add(self, path: str, subject: str, change: str, detail: str = "") -> None:
        self.found.append(Difference(path, subject, change, detail))

    def compare(self, ours: Node, theirs: Node, path: str) -> None:
        if ours.name and theirs.name:
            if (ours.name, theirs.name) in self.seen:
                return
            self.seen.add((ours.name, theirs.name))
        our_variants, their_variants = _variants(ours), _variants(theirs)
        if our_variants is not None or their_variants is not None:
            self._compare_unions(ours, theirs, our_variants, their_variants, path)
            return
        self._compare_types(ours, theirs, path)
        self._compare_enums(ours, theirs, path)
        for keyword in LIMITS:
            mine, upstream = ours.schema.get(keyword), theirs.schema.get(keyword)
            if mine != upstream:
                change = (
                    ONLY_SCHEMA if upstream is None else ONLY_UPSTREAM if mine is None else DIFFERS
                )
                self.add(
                    path, keyword, change, f"schema/ {_show(mine)}, upstream {_show(upstream)}"
                )
        self._compare_objects(ours, theirs, path)
        for keyword, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            mine, upstream = ours.schema.get(keyword), theirs.schema.get(keyword)
            if isinstance(mine, dict) and isinstance(upstream, dict) and (mine or upstream):
                self.compare(ours.child(mine), theirs.child(upstream), path + suffix)

    def _compare_types(self, ours: Node, theirs: Node, path: str) -> None:
        mine, upstream = _types(ours), _types(theirs)
        if mine - {"null"} and upstream - {"null"} and mine != upstream:
            self.add(path, "type", DIFFERS, f"schema/ {'|'.join(sorted(mine))}, "
                     f"upstream {'|'.join(sorted(upstream))}")  # fmt: skip
        elif mine != upstream and mine - {"null"} == upstream - {"null"}:
            self.add(path, "null", ONLY_SCHEMA if "null" in mine else ONLY_UPSTREAM)

    def _compare_enums(self, ours: Node, theirs: Node, path: str) -> None:
        mine, upstream = ours.schema.get("enum"), theirs.schema.get("enum")
        if isinstance(mine, list) and isinstance(upstream, list):
            for value in mine:
                if value not in upstream:
                    self.add(path, f"enum value {_show(value)}", ONLY_SCHEMA)
            for value in upstream:
                if value not in mine:
                    self.add(path, f"enum value {_show(value)}", ONLY_UPSTREAM)
        elif isinstance(mine, list) != isinstance(upstream, list):
            values = mine if isinstance(mine, list) else upstream
            change = ONLY_SCHEMA if isinstance(mine, list) else ONLY_UPSTREAM
            self.add(path, "enum", change, ", ".join(_show(v) for v in values or ()))

    def _compare_objects(self, ours: Node, theirs: Node, path: str) -> None:
        mine = ours.schema.get("properties", {})
        upstream = theirs.schema.get("properties", {})
        for name in sorted(set(mine) | set(upstream)):
            if name not in upstream:
                self.add(path, f"property {name}", ONLY_SCHEMA)
            elif name not in mine:
                self.add(path, f"property {name}", ONLY_UPSTREAM)
            else:
                self.compare(ours.child(mine[name]), theirs.child(upstream[name]),
                             f"{path}.{name}" if path else name)  # fmt: skip
        required_mine = set(ours.schema.get("required", ()))
        required_upstream = set(theirs.schema.get("required", ()))
        for side, node in ((ONLY_SCHEMA, ours), (ONLY_UPSTREAM, theirs)):
            for choice in _required_alternatives(node) or ():
                self.add(path, f"required one of {', '.join(choice)}", side)
        for name in sorted(required_mine ^ required_upstream):
            change = ONLY_SCHEMA if name in required_mine else ONLY_UPSTREAM
            self.add(path, f"required {name}", change)

    def _compare_unions(
        self,
        ours: Node,
        theirs: Node,
        our_variants: list[Node] | None,
        their_variants: list[Node] | None,
        path: str,
    ) -> None:
        mine = our_variants if our_variants is not None else [ours]
        upstream = their_variants if their_variants is not None else [theirs]
        mine_by_label = {_label(v, mine): v for v in mine}
        upstream_by_label = {_label(v, upstream): v for v in upstream}
        # variants told apart only by their definition's name (which differs between the
        # documents) pair up when they are the one leftover of their type on each side
        for label in sorted(set(mine_by_label) - set(upstream_by_label)):
            types = _types(mine_by_label[label]) - {"null"}
            leftovers = [
                other
                for other in set(upstream_by_label) - set(mine_by_label)
                if _types(upstream_by_label[other]) - {"null"} == types
            ]
            if len(leftovers) == 1 and "=" not in label and "=" not in leftovers[0]:
                upstream_by_label[label] = upstream_by_label.pop(leftovers[0])
        for label in sorted(set(mine_by_label) | set(upstream_by_label)):
            if label not in upstream_by_label:
                self.add(path, f"variant ({label})", ONLY_SCHEMA)
            elif label not in mine_by_label:
                self.add(path, f"variant ({label})", ONLY_UPSTREAM)
            else:
                self.compare(mine_by_label[label], upstream_by_label[label], f"{path}.({label})")
        if ours.nullable != theirs.nullable:
            self.add(path, "null", ONLY_SCHEMA if ours.nullable else ONLY_UPSTREAM)


def differences(ours: Node, theirs: list[Node], root: str) -> Iterator[Difference]:
    """Every difference between `ours` and each upstream shape of a kind, each once."""
    walk = Walk()
    for shape in theirs:
        walk.compare(ours, shape, root)
    yield from sorted(set(walk.found))
