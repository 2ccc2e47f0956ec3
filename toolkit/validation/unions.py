"""A failed `oneOf`/`anyOf`, reported inside the branch the payload meant.

With a `discriminator` (OpenAPI style: `propertyName` and `mapping` to `$ref`s) the
branch is the one its property names; without one, the branch whose errors go
deepest. Either way the result is the few findings of one branch, never a dump of
every branch's errors.
"""

from __future__ import annotations

from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import escape_token
from toolkit.validation.failure import (
    Explains,
    Explanation,
    Failure,
    allowed_values,
    bad_value,
    wrong_type,
)
from toolkit.wording import a_type, one_of, show_value

# Errors that reject the value itself: a branch failing this way is one the payload
# did not mean.
_SHALLOW = {"type", "enum", "const"}


def explain_union(explainer: Explains, failure: Failure) -> Explanation:
    node = failure.node
    branches: list[list[Any]] = failure.details["context"]
    discriminator = node.get("discriminator")
    if discriminator and isinstance(failure.instance, dict):
        refs = node["oneOf" if "oneOf" in node else "anyOf"]
        yield from _discriminated(explainer, failure, refs, discriminator, branches)
    elif discriminator:
        yield "ORT103", wrong_type(failure.pointer, failure.where, failure.instance, "an object")
    else:
        yield from _best_branch(explainer, failure, branches)


def _discriminated(
    explainer: Explains,
    failure: Failure,
    refs: list[dict[str, Any]],
    discriminator: dict[str, Any],
    branches: list[list[Any]],
) -> Explanation:
    name = discriminator["propertyName"]
    mapping: dict[str, str] = discriminator["mapping"]
    instance, pointer = failure.instance, failure.pointer
    if name not in instance:
        message = f"{failure.where} has no `{name}`; expected one of {', '.join(mapping)}"
        yield "ORT102", Finding(pointer, message)
        return
    value = instance[name]
    if not isinstance(value, str) or value not in mapping:
        member = f"{pointer}/{escape_token(name)}"
        yield "ORT104", bad_value(member, explainer.where(member), value, list(mapping))
        return
    target = mapping[value]
    for index, ref in enumerate(refs):
        if ref.get("$ref") == target:
            for inner in branches[index]:
                yield from explainer.explain(inner)
            return
    raise LookupError(f"discriminator mapping {target} is not a branch")  # a schema bug


def _best_branch(explainer: Explains, failure: Failure, branches: list[list[Any]]) -> Explanation:
    """A union without a discriminator: the branch whose errors go deepest.

    Branches that reject the value itself (wrong type, not the constant) are
    the ones the payload did not mean; if all do, say what was expected.
    """
    here = list(failure.error.instance_path)
    meant = [
        errors
        for errors in branches
        if not any(e.kind.name in _SHALLOW and list(e.instance_path) == here for e in errors)
    ]
    if meant:
        for inner in min(meant, key=len):
            yield from explainer.explain(inner)
        return
    options = [
        option
        for errors in branches
        for inner in errors
        if inner.kind.name in ("enum", "const")
        for option in allowed_values(inner.kind.as_dict())
    ]
    instance = failure.instance
    if options and isinstance(instance, str):
        # A string where the union allows certain strings: a bad value, not a bad type.
        yield "ORT104", bad_value(failure.pointer, failure.where, instance, options)
        return
    expected: list[str] = []
    for errors in branches:
        for inner in errors:
            details = inner.kind.as_dict()
            if inner.kind.name == "type":
                words = [a_type(t) for t in details["types"]]
            else:
                words = [show_value(o) for o in allowed_values(details)]
            expected.extend(w for w in words if w not in expected)
    message = f"{failure.where} is {show_value(instance)}; expected {one_of(expected)}"
    yield "ORT103", Finding(failure.pointer, message)
