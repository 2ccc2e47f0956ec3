"""The vocabulary of messages: how a value, a type, a count or a long text is said.

One copy of each, so that every message of ortk says the same thing the same way.
"""

from __future__ import annotations

from typing import Any

SHOWN_VALUE_LENGTH = 40


def shorten(text: str, limit: int = SHOWN_VALUE_LENGTH) -> str:
    """`text` cut to `limit` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show_value(value: Any) -> str:
    """A JSON value as a message quotes it: short, with an ellipsis past 40 characters."""
    import json

    return shorten(json.dumps(value, ensure_ascii=False))


def plural(n: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def type_name(value: Any) -> str:
    """The JSON Schema type of a Python value from a JSON document: ``integer``, ``object``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


_ARTICLES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def a_type(name: str) -> str:
    """A JSON Schema type name with its article: ``an object``, ``a string``, ``null``."""
    return _ARTICLES.get(name, name)


def json_type(value: Any) -> str:
    """What a JSON value is, as a sentence says it: ``a string``, ``a number``, ``null``.

    (Integers and floats are both "a number" here: JSON text does not tell them apart.)
    """
    name = type_name(value)
    return a_type("number" if name == "integer" else name)


def one_of(words: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def number(limit: Any) -> str:
    """A schema limit as a person writes it: ``2``, not ``2.0``."""
    return str(int(limit)) if isinstance(limit, float) and limit.is_integer() else str(limit)
