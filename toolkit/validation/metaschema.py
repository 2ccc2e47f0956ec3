"""Is a schema a user embeds in a request valid JSON Schema, and if not, what to say.

Requests carry schemas of their own (`response_format.json_schema.schema`, each tool's
`parameters`); they are checked against the metaschema of the draft their `$schema` names
(2020-12 by default). jsonschema-rs gives the verdict fast; only a schema it rejects (or
cannot check) is checked again with python-jsonschema, whose `best_match` picks the error a
person should see.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from toolkit.lazy import imported
from toolkit.pointers import display_path
from toolkit.wording import a_type, one_of, show_value

UNCHECKABLE: Any = object()  # nested too deeply to check: not a verdict either way

# metaschemas jsonschema-rs carries built in; any other `$schema` it would try to download
_BUILTIN_DRAFTS = {
    "http://json-schema.org/draft-04/schema",
    "http://json-schema.org/draft-06/schema",
    "http://json-schema.org/draft-07/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2020-12/schema",
}

# Verdicts of the fast path by the schema's canonical JSON (sorted keys): a corpus of
# requests repeats the same tool definitions over and over. Bounded: cleared when full.
_VERDICTS: dict[bytes, bool] = {}
_VERDICTS_LIMIT = 4096

_JSON_TYPES = '"array", "boolean", "integer", "null", "number", "object", "string"'


def content_key(schema: dict[str, Any]) -> bytes | None:
    """`schema` as JSON text (orjson, about 1 us a KB): what verdicts about a schema are
    remembered by, as a request after request carries the same tools. None when orjson
    cannot write it (a library caller's dict may hold anything)."""
    orjson = imported("orjson")
    try:
        key: bytes = orjson.dumps(schema)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return key


def schema_problem(schema: dict[str, Any], key: bytes | None = None) -> Any:
    """The most relevant metaschema error of `schema` (a jsonschema `ValidationError`),
    None when the schema is valid, `UNCHECKABLE` when it is nested too deeply to check.
    `key`: its `content_key`, if the caller has it."""
    if _surely_valid(schema, key or content_key(schema)):
        return None
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    declared = schema.get("$schema")
    cls = (
        validator_for(schema, default=Draft202012Validator)
        if isinstance(declared, str)
        else Draft202012Validator
    )
    prefix, part = _around_the_error(schema)
    try:
        error = best_match(_metaschema_validator(cls).iter_errors(part))
    except RecursionError:
        return UNCHECKABLE
    if error is not None and prefix:
        error.path.extendleft(reversed(prefix))  # (its place in the whole schema)
    return error


# Past this size (of the schema's JSON), python-jsonschema only sees the part of the schema
# around the error jsonschema-rs found: over a whole 7 MB tool schema with one typo, its
# validation and `best_match` took 49 s (0.3 s when the schema is valid).
_WHOLE_SCHEMA_LIMIT = 64 * 1024
# Keywords whose value is a map of name -> schema, a list of schemas, or one schema (in
# the order a walk visits them; `items` is a list in draft 4-7 and one schema since).
SCHEMA_MAP_KEYWORDS = (
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
)
SCHEMA_LIST_KEYWORDS = ("anyOf", "allOf", "oneOf", "prefixItems", "items")
ONE_SCHEMA_KEYWORDS = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
_ONE_SCHEMA = frozenset(ONE_SCHEMA_KEYWORDS)
_SCHEMA_LIST = frozenset(SCHEMA_LIST_KEYWORDS)
_SCHEMA_MAP = frozenset(SCHEMA_MAP_KEYWORDS)


def _around_the_error(schema: dict[str, Any]) -> tuple[list[Any], Any]:
    """(path, subschema): the smallest schema object that holds the error jsonschema-rs
    finds first in a large `schema` (the whole schema when it is small, or anything
    fails)."""
    import jsonschema_rs
    import orjson

    try:
        if len(orjson.dumps(schema)) <= _WHOLE_SCHEMA_LIMIT:
            return [], schema
        jsonschema_rs.meta.validate(schema)
        return [], schema
    except jsonschema_rs.ValidationError as error:
        path = list(error.instance_path)
    except Exception:  # (not plain JSON data, an unknown draft, ...): the whole schema
        return [], schema
    best: tuple[list[Any], Any] = ([], schema)
    node: Any = schema
    for i, token in enumerate(path[:-1]):
        parent_key = path[i - 1] if i else None
        node = node[token]
        is_schema = (
            (token in _ONE_SCHEMA and not isinstance(node, list))
            or (parent_key in _SCHEMA_LIST and isinstance(token, int))
            or (parent_key in _SCHEMA_MAP and isinstance(token, str))
        )
        if is_schema and isinstance(node, dict):
            best = (path[: i + 1], node)
    return best


def schema_message(error: Any, pointer: str) -> str:
    """The diagnostic for a metaschema error found at `pointer` of the payload."""
    where = f"`{display_path(pointer)}`"
    value, keyword, expected = error.instance, error.validator, error.validator_value
    if _in_type_keyword(list(error.absolute_schema_path)):
        detail = f"{where} is {show_value(value)}, not a JSON Schema type; use one of {_JSON_TYPES}"
    elif keyword == "type":
        detail = f"{where} is {show_value(value)}; it must be {_type_words(expected)}"
    elif keyword == "minimum":
        detail = f"{where} is {show_value(value)}; it must be at least {expected}"
    elif keyword == "enum":
        detail = f"{where} is {show_value(value)}; it must be one of {show_value(expected)}"
    elif keyword == "uniqueItems":
        detail = f"{where} has duplicate entries; list each once"
    else:
        detail = f"{where}: {error.message}"
    return f"invalid JSON Schema: {detail}"


def _surely_valid(schema: dict[str, Any], key: bytes | None) -> bool:
    """The fast path: jsonschema-rs says the schema is valid (about 100x faster)."""
    if key is None:  # not plain JSON data: check it the long way
        return _check_surely_valid(schema)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = _check_surely_valid(schema)
        if len(_VERDICTS) >= _VERDICTS_LIMIT:
            _VERDICTS.clear()
        _VERDICTS[key] = verdict
    return verdict


def _check_surely_valid(schema: dict[str, Any]) -> bool:
    declared = schema.get("$schema")
    if "$schema" in schema and (
        not isinstance(declared, str) or declared.rstrip("#") not in _BUILTIN_DRAFTS
    ):
        return False
    import jsonschema_rs

    try:
        return bool(jsonschema_rs.meta.is_valid(schema))
    except Exception:  # anything it cannot handle goes the slow way
        return False


@cache
def _metaschema_validator(cls: Any) -> Any:
    return cls(cls.META_SCHEMA)


def _type_words(expected: Any) -> str:
    """``an object or a boolean`` for the `type` a metaschema keyword expects."""
    words = [expected] if isinstance(expected, str) else list(expected)
    return one_of([a_type(word) for word in words if isinstance(word, str)])


def _in_type_keyword(schema_path: list[Any]) -> bool:
    """Whether a metaschema error comes from the definition of the `type` keyword."""
    return any(
        schema_path[i : i + 3] == ["properties", "type", "anyOf"]
        for i in range(len(schema_path) - 2)
    )
