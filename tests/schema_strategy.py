"""Hypothesis strategies for instances of ortk's own schema (the subset of JSON Schema it
uses). hypothesis-jsonschema would be the library for this, but its 0.23 release no longer
runs on current hypothesis, so this small generator covers the keywords `schema/` uses."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

ASCII = st.characters(min_codepoint=32, max_codepoint=126)
MAX_ITEMS = 3  # arrays stay small: the point is shape coverage, not size
MAX_DEPTH = 40  # a guard against runaway recursion (the schema nests ~15 levels)

free_json = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=5,
)


class SchemaStrategies:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.cache: dict[str, st.SearchStrategy[Any]] = {}

    def resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.document
        for token in ref.removeprefix("#/").split("/"):
            node = node[token]
        return node  # type: ignore[no-any-return]

    def of(self, schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
        if schema is True or schema == {} or depth > MAX_DEPTH:
            return free_json
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref not in self.cache:
                self.cache[ref] = st.deferred(lambda: self.of(self.resolve(ref), depth + 1))
            return self.cache[ref]
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        for keyword in ("oneOf", "anyOf"):
            if keyword in schema:
                return st.one_of([self.of(branch, depth + 1) for branch in schema[keyword]])
        types = schema.get("type")
        if isinstance(types, list):
            strategy = st.one_of([self.of({**schema, "type": t}, depth) for t in types])
        elif types is None and "properties" in schema:
            strategy = self.of({**schema, "type": "object"}, depth)
        elif types is None:
            return free_json
        else:
            strategy = getattr(self, f"_{types}")(schema, depth)
        if "not" in schema:
            forbidden = schema["not"].get("const")
            strategy = strategy.filter(lambda value: value != forbidden)
        return strategy

    def _null(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        return st.none()

    def _boolean(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        return st.booleans()

    def _integer(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        low = schema.get("minimum", -(10**6))
        high = schema.get("maximum", 10**6)
        return st.integers(int(low), int(high))

    def _number(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        return st.floats(
            schema.get("minimum", schema.get("exclusiveMinimum", -1e6)),
            schema.get("maximum", schema.get("exclusiveMaximum", 1e6)),
            exclude_min="exclusiveMinimum" in schema,
            exclude_max="exclusiveMaximum" in schema,
            allow_nan=False,
            allow_infinity=False,
        )

    def _string(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        low = schema.get("minLength", 0)
        high = min(schema.get("maxLength", 20), 20)
        if "pattern" in schema:
            # JSON Schema patterns are ECMA-262 regexes: `\w` is ASCII there, not in Python
            return st.from_regex(schema["pattern"], fullmatch=True, alphabet=ASCII).filter(
                lambda text: low <= len(text) <= schema.get("maxLength", 10**9)
            )
        return st.text(min_size=low, max_size=max(low, high))

    def _array(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        low = schema.get("minItems", 0)
        high = min(schema.get("maxItems", MAX_ITEMS), MAX_ITEMS)
        return st.lists(
            self.of(schema.get("items", {}), depth + 1), min_size=low, max_size=max(low, high)
        )

    def _object(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        fixed = st.fixed_dictionaries(
            {name: self.of(sub, depth + 1) for name, sub in properties.items() if name in required},
            optional={
                name: self.of(sub, depth + 1)
                for name, sub in properties.items()
                if name not in required
            },
        )
        extra = schema.get("additionalProperties", True)
        if properties or extra is False:
            return fixed
        names = st.text(
            min_size=1, max_size=min(schema.get("propertyNames", {}).get("maxLength", 12), 12)
        )
        if "pattern" in schema.get("propertyNames", {}):
            names = st.from_regex(
                schema["propertyNames"]["pattern"], fullmatch=True, alphabet=ASCII
            ).filter(lambda name: 0 < len(name) <= 12)
        return st.dictionaries(
            names, self.of(extra, depth + 1), max_size=min(schema.get("maxProperties", 3), 3)
        )
