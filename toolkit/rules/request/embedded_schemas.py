"""Embedded JSON Schemas (ORT240, ORT241): the schemas a request carries for the provider.

A schema in `response_format.json_schema.schema` or a tool's `parameters` must be valid JSON
Schema (checked by `toolkit.validation.metaschema`), and under `strict: true` also closed.
Both rules read the same verdicts, computed once per payload.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import display_path, to_pointer
from toolkit.rules.readers import MISSING, at, items
from toolkit.rules.registry import RuleContext, when_present
from toolkit.validation.metaschema import (
    ONE_SCHEMA_KEYWORDS,
    SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
    UNCHECKABLE,
    content_key,
    schema_message,
    schema_problem,
)

# (pointer, schema, strict, its metaschema problem: an error, None or UNCHECKABLE, its
# content_key)
_Checked = tuple[str, dict[str, Any], bool, Any, bytes | None]
# (content key, pointer) -> ORT241's findings, for payloads parsed from text: requests
# carry the same tools again and again (Finding is immutable: the same objects serve every
# payload). Not for a caller's dict: a tuple and a list have the same JSON text, and the
# walk reads only lists.
_STRICT_FINDINGS: dict[tuple[bytes, str], tuple[Finding, ...]] = {}
_STRICT_FINDINGS_LIMIT = 1024


def _embedded_schemas(payload: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(pointer, schema, strict) of the response format's schema and each tool's parameters."""
    config = at(payload, "response_format", "json_schema")
    if isinstance(at(config, "schema"), dict):
        yield "/response_format/json_schema/schema", config["schema"], config.get("strict") is True
    for index, tool in items(payload.get("tools")):
        function = at(tool, "function")
        if isinstance(at(function, "parameters"), dict):
            yield (
                f"/tools/{index}/function/parameters",  # (nothing to escape: cheaper)
                function["parameters"],
                function.get("strict") is True,
            )


def _checked_schemas(payload: dict[str, Any], _context: RuleContext) -> list[_Checked]:
    """Each embedded schema with its metaschema problem (shared by ORT240 and ORT241)."""
    checked = []
    for pointer, schema, strict in _embedded_schemas(payload):
        key = content_key(schema)
        checked.append((pointer, schema, strict, schema_problem(schema, key), key))
    return checked


@when_present("response_format", "tools")
def invalid_json_schema(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for an embedded schema that is not valid JSON Schema.
    These are `response_format.json_schema.schema` and each `tools[].function.parameters`,
    checked against the metaschema of the draft their `$schema` names (2020-12 by
    default); the most relevant problem of each is reported at its place in the schema.

    ## Why is this bad?
    The provider compiles the schema to constrain the output or the tool arguments: an
    invalid schema is rejected, or silently ignored so that the output is no longer
    checked at all.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "strng"}}
      }}}]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
      "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string"}}
      }}}]
    }
    ```

    ## References
    - https://json-schema.org/draft/2020-12/json-schema-core
    """
    for base, _schema, _strict, error, _key in context.shared(_checked_schemas, payload):
        if error is not None and error is not UNCHECKABLE:
            pointer = base + to_pointer(error.absolute_path)
            yield Finding(pointer, schema_message(error, pointer))


_SUBSCHEMA_KEYS = frozenset(SCHEMA_MAP_KEYWORDS + SCHEMA_LIST_KEYWORDS + ONE_SCHEMA_KEYWORDS)


def _subschemas(schema: dict[str, Any], pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    if _SUBSCHEMA_KEYS.isdisjoint(schema):  # a leaf such as {"type": "string"}: most are
        return
    for key in SCHEMA_MAP_KEYWORDS:
        for name, sub in schema[key].items() if isinstance(schema.get(key), dict) else ():
            if isinstance(sub, dict):
                yield sub, pointer + to_pointer([key, name])
    for key in SCHEMA_LIST_KEYWORDS:
        for index, sub in items(schema.get(key)):
            if isinstance(sub, dict):
                yield sub, pointer + to_pointer([key, index])
    for key in ONE_SCHEMA_KEYWORDS:
        if isinstance(schema.get(key), dict):
            yield schema[key], pointer + to_pointer([key])


def _is_object_schema(schema: dict[str, Any]) -> bool:
    kind = schema.get("type", MISSING)
    if kind is MISSING:
        return isinstance(schema.get("properties"), dict)
    return kind == "object" or (isinstance(kind, list) and "object" in kind)


@when_present("response_format", "tools")
def strict_incompatible_schema(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for a schema marked `strict: true` that strict mode does not accept.
    In a `response_format.json_schema` or a tool `function` with `strict: true`, every
    object schema must set `additionalProperties: false` and list every one of its
    `properties` in `required`. A schema that is not valid JSON Schema is ORT240's.

    ## Why is this bad?
    Strict structured outputs (OpenAI and the providers that follow it) accept only
    closed objects whose properties are all required; other schemas are rejected, or
    strict mode is dropped and the output is no longer guaranteed to match. To keep a
    property optional, require it and allow `null` (`"type": ["string", "null"]`).

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Extract the city from: I live in Paris."}],
      "response_format": {"type": "json_schema", "json_schema": {
        "name": "place", "strict": true,
        "schema": {"type": "object", "properties": {"city": {"type": "string"},
                   "country": {"type": "string"}}, "required": ["city"]}
      }}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Extract the city from: I live in Paris."}],
      "response_format": {"type": "json_schema", "json_schema": {
        "name": "place", "strict": true,
        "schema": {"type": "object", "properties": {"city": {"type": "string"},
                   "country": {"type": ["string", "null"]}}, "required": ["city", "country"],
                   "additionalProperties": false}
      }}
    }
    ```

    ## References
    - https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
    """
    for base, root, strict, problem, key in context.shared(_checked_schemas, payload):
        if not strict or problem is not None:
            continue
        if key is None or not context.from_text:
            yield from _strict_findings(root, base)
            continue
        found = _STRICT_FINDINGS.get((key, base))
        if found is None:
            found = tuple(_strict_findings(root, base))
            if len(_STRICT_FINDINGS) >= _STRICT_FINDINGS_LIMIT:
                _STRICT_FINDINGS.clear()
            _STRICT_FINDINGS[(key, base)] = found
        yield from found


def _strict_findings(root: dict[str, Any], base: str) -> Iterator[Finding]:
    """The open objects and optional properties of a strict schema, in document order."""
    stack = [(root, base)]
    seen: set[int] = set()  # by identity: a caller's dict may contain itself
    while stack:  # depth first, in document order; linear in the schema's size
        schema, pointer = stack.pop()
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        if not _SUBSCHEMA_KEYS.isdisjoint(schema):
            stack.extend(reversed(list(_subschemas(schema, pointer))))
        if _is_object_schema(schema):
            yield from _strict_object_findings(schema, pointer)


def _strict_object_findings(schema: dict[str, Any], pointer: str) -> Iterator[Finding]:
    if schema.get("additionalProperties") is not False:
        where = display_path(pointer)
        place = pointer + "/additionalProperties" if "additionalProperties" in schema else pointer
        yield Finding(
            place,
            f"`{where}` must set `additionalProperties: false` under `strict: true`",
            at_key="additionalProperties" in schema,
        )
    required = schema.get("required", [])
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not isinstance(required, list):
        return
    listed = set(required) if all(isinstance(name, str) for name in required) else required
    for name in properties:
        if name not in listed:
            yield Finding(
                pointer + to_pointer(["properties", name]),
                f"property `{name}` is not "
                "in `required`; under `strict: true` list every property (allow null "
                "to keep it optional)",
                at_key=True,
            )
