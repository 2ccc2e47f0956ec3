"""Reading a payload that may be anything: the readers request and response rules share.

A value of the wrong type is the schema's finding (ORT1xx), so a reader skips it (an
absent member is `MISSING`, a non-list has no items) rather than crashing on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeGuard

MISSING: Any = object()  # an absent member (None is JSON null, a value like any other)

EFFORTS = ("max", "xhigh", "high", "medium", "low", "minimal", "none")


def at(value: Any, *path: str) -> Any:
    """The member at `path` inside nested objects, or `MISSING`."""
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def is_int(value: Any) -> TypeGuard[int]:
    """A JSON integer (a bool is not one, though Python says so)."""
    return isinstance(value, int) and not isinstance(value, bool)


def items(value: Any) -> list[tuple[int, Any]]:
    """(index, item) of a list; nothing for anything else."""
    return list(enumerate(value)) if isinstance(value, list) else []


def efforts(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, effort) for every way the request sets an effort: the nested field first."""
    found = []
    nested = at(payload, "reasoning", "effort")
    if isinstance(nested, str) and nested in EFFORTS:
        found.append(("reasoning.effort", nested))
    shorthand = payload.get("reasoning_effort")
    if isinstance(shorthand, str) and shorthand in EFFORTS:
        found.append(("reasoning_effort", shorthand))
    return found


def function_tools(payload: dict[str, Any]) -> list[tuple[int, str]]:
    """(index, name) of every function tool with a string name."""
    found = []
    for index, tool in items(payload.get("tools")):
        name = at(tool, "function", "name")
        if at(tool, "type") == "function" and isinstance(name, str):
            found.append((index, name))
    return found


def duplicates(values: list[tuple[int, Any]]) -> Iterator[tuple[int, Any, int]]:
    """(index, value, index of its first occurrence) for each repeated value."""
    first: dict[Any, int] = {}
    for index, value in values:
        if value in first:
            yield index, value, first[value]
        else:
            first[value] = index


def choices(payload: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(index, choice) of each choice of a response or chunk that is an object."""
    found = payload.get("choices")
    if not isinstance(found, list):
        return []
    return [(index, choice) for index, choice in enumerate(found) if isinstance(choice, dict)]
