"""One engine error as the keyword handlers read it, and the messages more than one says.

Shared by `explain` (the keyword table) and `unions` (which explains a union's chosen
branch through the table again), so neither imports the other's internals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from toolkit.diagnostics import Finding
from toolkit.wording import a_type, show_value, type_name

Explanation = Iterator[tuple[str, Finding]]


@dataclass(frozen=True)
class Failure:
    """A jsonschema-rs error, read once: the keyword that failed and where."""

    error: Any  # the jsonschema_rs.ValidationError
    keyword: str  # `type`, `required`, `oneOf`, ...
    details: dict[str, Any]  # the keyword's own fields (`types`, `options`, `context`, ...)
    pointer: str  # JSON Pointer of the failing value
    where: str  # the pointer as a message says it (`messages[0].role`, or the kind)
    instance: Any  # the failing value
    node: dict[str, Any]  # the schema object holding the keyword


class Explains(Protocol):
    """What a handler may ask of the explainer: a place in words, a nested error explained."""

    kind: str

    def where(self, pointer: str) -> str: ...

    def explain(self, error: Any) -> Explanation: ...


Handler = Callable[[Explains, Failure], Explanation]


def allowed_values(details: dict[str, Any]) -> list[Any]:
    """The values an `enum` (its `options`) or a `const` (its `expected_value`) allows."""
    return list(details.get("options", [details.get("expected_value")]))


def wrong_type(pointer: str, where: str, instance: Any, expected: str) -> Finding:
    return Finding(
        pointer,
        f"{where} is {a_type(type_name(instance))} ({show_value(instance)}); expected {expected}",
    )


def bad_value(pointer: str, where: str, instance: Any, options: list[Any]) -> Finding:
    """A value outside a list of allowed ones, with the closest one when it is a typo."""
    shown = [show_value(o) for o in options]
    message = f"{where} is {show_value(instance)}; expected " + (
        f"one of {', '.join(shown)}" if len(shown) > 1 else show_value(options[0])
    )
    if isinstance(instance, str) and len(options) > 1:
        from toolkit.validation.suggest import (
            closest,  # difflib: only when a guess is needed
            extensions,
        )

        strings = [o for o in options if isinstance(o, str)]
        guesses = extensions(instance, strings) or [g for g in [closest(instance, strings)] if g]
        if guesses:
            said = [show_value(g) for g in guesses]
            message += "; did you mean " + (" or ".join(said) if len(said) <= 3 else said[0]) + "?"
    return Finding(pointer, message)
