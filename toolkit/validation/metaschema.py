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


def schema_problem(schema: dict[str, Any]) -> Any:
    """The most relevant metaschema error of `schema` (a jsonschema `ValidationError`),
    None when the schema is valid, `UNCHECKABLE` when it is nested too deeply to check."""
    if _surely_valid(schema):
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
    try:
        return best_match(_metaschema_validator(cls).iter_errors(schema))
    except RecursionError:
        return UNCHECKABLE


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


def _surely_valid(schema: dict[str, Any]) -> bool:
    """The fast path: jsonschema-rs says the schema is valid (about 100x faster)."""
    import orjson

    try:
        key = orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # not plain JSON data: check it the long way
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
