"""Engine errors as findings a person acts on: one handler per JSON Schema keyword.

`HANDLERS` maps a failed keyword to a small function that says what is wrong, where,
and what would be right; explaining a new keyword is one function and one entry. A
keyword without a handler is reported with the engine's own message (ORT109).
"""

from __future__ import annotations

from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import display_path, escape_token, to_pointer
from toolkit.validation.documents import schema_node
from toolkit.validation.failure import (
    Explains,
    Explanation,
    Failure,
    Handler,
    allowed_values,
    bad_value,
    wrong_type,
)
from toolkit.validation.unions import explain_union
from toolkit.wording import a_type, number, one_of, plural, shorten, show_value

# What the items of a few arrays are called in a message ("stop has 5 sequences").
_COUNT_NOUNS = {"stop": "sequence", "messages": "message", "models": "model", "tools": "tool"}


class Explainer:
    """Explains the errors of one payload of one kind."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def where(self, pointer: str) -> str:
        return display_path(pointer) if pointer else self.kind

    def explain(self, error: Any) -> Explanation:
        keyword = error.kind.name
        pointer = to_pointer(error.instance_path)
        node, _ = schema_node(error.absolute_keyword_location)
        failure = Failure(
            error=error,
            keyword=keyword,
            details=error.kind.as_dict(),
            pointer=pointer,
            where=self.where(pointer),
            instance=error.instance,
            node=node,
        )
        yield from HANDLERS.get(keyword, _unexplained)(self, failure)


# --- one handler per keyword ---------------------------------------------------------------


# Objects whose unknown keys the API rejects rather than ignores (payload kind, pointer).
# Live 400: `Unrecognized key(s) in object: 'Require_Parameters'` for a key inside `provider`.
REJECTS_UNKNOWN_KEYS = frozenset({("request", "/provider")})


def _unknown_keys(explainer: Explains, failure: Failure) -> Explanation:
    """additionalProperties: each unknown key, with what it is or the key meant.

    At the top level the API ignores unknown keys (ORT101, a warning; ORT111, an error, for
    a near-certain misspelling); inside `provider` it rejects them (ORT110, an error);
    elsewhere the message claims neither."""
    from toolkit.validation.known_keys import accepted_unknown_key, explain_unknown_key

    pointer = failure.pointer
    allowed = list(failure.node.get("properties", {}))
    rejected = (explainer.kind, pointer) in REJECTS_UNKNOWN_KEYS
    for key in failure.details["unexpected"]:
        value = failure.instance.get(key) if isinstance(failure.instance, dict) else None
        if accepted_unknown_key(explainer.kind, pointer, key, value):
            continue
        member = f"{pointer}/{escape_token(key)}"
        known = explain_unknown_key(explainer.kind, pointer, key)
        if rejected:
            message = known or _rejected_key(key, pointer, allowed)
            yield "ORT110", Finding(member, message, at_key=True)
        elif known:
            yield "ORT101", Finding(member, known, at_key=True)
        else:
            yield _unknown_key(explainer.kind, key, pointer, allowed, member)


def _guess(key: str, allowed: list[str]) -> str | None:
    from toolkit.validation import suggest  # difflib: only here

    snake = suggest.camel_to_snake(key)
    guess = suggest.closest(key, allowed) or (snake if snake in allowed else None)
    return suggest.PREFERRED.get(guess or "", guess)


def _rejected_key(key: str, pointer: str, allowed: list[str]) -> str:
    guess = _guess(key, allowed)
    fix = f"did you mean `{guess}`?" if guess else "remove it"
    return f"unknown key `{shorten(key)}` in {display_path(pointer)}: the API rejects it; {fix}"


def _unknown_key(
    kind: str, key: str, pointer: str, allowed: list[str], member: str
) -> tuple[str, Finding]:
    """ORT111 for a near-certain misspelling of a top-level request key (the API would
    ignore the parameter silently), else ORT101. What a response or chunk holds, the API
    sent: it is "not in the schema", and never a typo of the user's."""
    from toolkit.validation import suggest  # difflib: only here

    place = f" in {display_path(pointer)}" if pointer else ""
    shown = shorten(key)
    if kind != "request":
        return "ORT101", Finding(
            member, f"key `{shown}`{place} is not in the {kind} schema", at_key=True
        )
    guess = _guess(key, allowed)
    if guess and not pointer and suggest.likely_typo(key, allowed):
        message = f"unknown key `{shown}`; did you mean `{guess}`? The API ignores it"
        return "ORT111", Finding(member, message, at_key=True)
    if guess:
        message = f"unknown key `{shown}`{place}; did you mean `{guess}`?"
    elif not pointer:
        message = f"unknown key `{shown}`; the API ignores it"
    else:
        message = f"unknown key `{shown}`{place}; it is not a field of {display_path(pointer)}"
    return "ORT101", Finding(member, message, at_key=True)


def _required(explainer: Explains, failure: Failure) -> Explanation:
    name = failure.details["property"]
    message = f"{failure.where} has no `{name}`; it is required"
    yield "ORT102", Finding(failure.pointer, message)


def _type(explainer: Explains, failure: Failure) -> Explanation:
    expected = one_of([a_type(t) for t in failure.details["types"]])
    yield "ORT103", wrong_type(failure.pointer, failure.where, failure.instance, expected)


def _value(explainer: Explains, failure: Failure) -> Explanation:
    """enum, const."""
    options = allowed_values(failure.details)
    yield "ORT104", bad_value(failure.pointer, failure.where, failure.instance, options)


def _range(explainer: Explains, failure: Failure) -> Explanation:
    """minimum, maximum, exclusiveMinimum, exclusiveMaximum."""
    node = failure.node
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        bound = f"between {number(low)} and {number(high)}"
    elif "exclusiveMinimum" in node:
        bound = f"greater than {number(node['exclusiveMinimum'])}"
    elif "exclusiveMaximum" in node:
        bound = f"less than {number(node['exclusiveMaximum'])}"
    else:
        bound = f"at least {number(low)}" if low is not None else f"at most {number(high)}"
    message = f"{failure.where} is {show_value(failure.instance)}; it must be {bound}"
    yield "ORT105", Finding(failure.pointer, message)


def _length(explainer: Explains, failure: Failure) -> Explanation:
    """minLength, maxLength."""
    where, node, size = failure.where, failure.node, len(failure.instance)
    if "maxLength" in node and size > node["maxLength"]:
        message = (
            f"{where} is {plural(size, 'character')} long; at most {node['maxLength']} are allowed"
        )
    elif size == 0:
        message = f"{where} is empty; it must not be"
    else:
        message = (
            f"{where} is {plural(size, 'character')} long; at least {node['minLength']} needed"
        )
    yield "ORT106", Finding(failure.pointer, message)


def _pattern(explainer: Explains, failure: Failure) -> Explanation:
    instance, node = failure.instance, failure.node
    if instance == "" and node.get("minLength", 0) >= 1:
        return  # the minLength finding says it
    message = (
        f"{failure.where} is {show_value(instance)}; it must match the pattern {node['pattern']}"
    )
    yield "ORT107", Finding(failure.pointer, message)


def _count(explainer: Explains, failure: Failure) -> Explanation:
    """minItems, maxItems, minProperties, maxProperties."""
    where, node, instance = failure.where, failure.node, failure.instance
    is_object = isinstance(instance, dict)
    last = failure.pointer.rsplit("/", 1)[-1]
    noun = "pair" if is_object else _COUNT_NOUNS.get(last, "item")
    low = node.get("minProperties" if is_object else "minItems")
    high = node.get("maxProperties" if is_object else "maxItems")
    size = len(instance)
    if high is not None and size > high:
        message = f"{where} has {plural(size, noun)}; at most {high} are allowed"
    elif size == 0:
        message = f"{where} is empty; at least {plural(low or 1, noun)} is required"
    else:
        message = f"{where} has {plural(size, noun)}; at least {low} are required"
    yield "ORT108", Finding(failure.pointer, message)


def _property_name(explainer: Explains, failure: Failure) -> Explanation:
    """propertyNames: a key of an object breaks the rule its keys follow."""
    inner = failure.details["error"]
    key = inner.instance
    member = f"{failure.pointer}/{escape_token(key)}"
    node, keyword = schema_node(inner.absolute_keyword_location)
    said = f"{failure.where} key {show_value(key)}"
    if keyword == "maxLength":
        message = (
            f"{said} is {plural(len(key), 'character')} long; keys are at most {node['maxLength']}"
        )
        yield "ORT106", Finding(member, message, at_key=True)
    elif keyword == "pattern":
        message = f"{said} must match the pattern {node['pattern']}"
        yield "ORT107", Finding(member, message, at_key=True)
    else:
        yield "ORT109", Finding(member, f"{said}: {inner.message}", at_key=True)


def _unexplained(explainer: Explains, failure: Failure) -> Explanation:
    yield "ORT109", Finding(failure.pointer, f"{failure.where}: {failure.error.message}")


HANDLERS: dict[str, Handler] = {
    "additionalProperties": _unknown_keys,
    "required": _required,
    "type": _type,
    "enum": _value,
    "const": _value,
    "minimum": _range,
    "maximum": _range,
    "exclusiveMinimum": _range,
    "exclusiveMaximum": _range,
    "minLength": _length,
    "maxLength": _length,
    "pattern": _pattern,
    "minItems": _count,
    "maxItems": _count,
    "minProperties": _count,
    "maxProperties": _count,
    "propertyNames": _property_name,
    "oneOf": explain_union,
    "anyOf": explain_union,
}
