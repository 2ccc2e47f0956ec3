"""Schema validation: the packaged schemas, compiled once per process, on jsonschema-rs.

The engine's errors are turned into one diagnostic per problem, in words a
person acts on. A failed `oneOf` is reported inside the branch the payload meant
(chosen by the union's `discriminator`), never as a dump of every branch.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.pointers import display_path, escape_token, to_pointer
from toolkit.wording import a_type, number, one_of, plural, shorten, show_value, type_name

KINDS = ("request", "response", "chunk", "error")
# A payload this wrong is not worth more lines (and a 1,000,000-item array must not
# produce a million diagnostics).
MAX_FINDINGS = 1000
ID_BASE = "https://ortk.dev/schema/"

_lock = threading.Lock()
_validators: dict[str, Any] = {}


def schema_dir() -> Path:
    """`toolkit/schemas` in an installed wheel, `schema/` in a source checkout."""
    packaged = Path(__file__).with_name("schemas")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "schema"


@cache
def documents() -> dict[str, dict[str, Any]]:
    """Every schema document by its `$id`."""
    loaded = {}
    for path in sorted(schema_dir().glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        loaded[document["$id"]] = document
    return loaded


def schema_for(kind: str) -> dict[str, Any]:
    return documents()[f"{ID_BASE}{kind}.schema.json"]


def _registry() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Registry(list(documents().items()))


def bundled_schema(kind: str) -> dict[str, Any]:
    """The schema of `kind` as one self-contained document, for editors and other tools.

    The `$defs` of the documents it references are merged into its own (names are
    unique across documents, which a test checks) and their `$ref`s made local. A
    top-level `$schema` string is allowed: payload files may name their schema.
    """
    root = json.loads(json.dumps(schema_for(kind)))  # a deep copy
    own = root.setdefault("$defs", {})
    for uri, document in documents().items():
        if uri != root["$id"]:
            own.update(
                {name: d for name, d in document.get("$defs", {}).items() if name not in own}
            )
    bundled: dict[str, Any] = _localize_refs(root)
    bundled["properties"] = {
        "$schema": {
            "type": "string",
            "description": "The JSON Schema of this file, for editors; not sent to the API.",
        },
        **bundled["properties"],
    }
    return bundled


def _localize_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                "#" + value.split("#", 1)[1]
                if key == "$ref" and isinstance(value, str) and not value.startswith("#")
                else _localize_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_localize_refs(item) for item in node]
    return node


def validator(kind: str) -> Any:
    """The compiled validator for a payload kind; built once per process, on first use."""
    compiled = _validators.get(kind)
    if compiled is None:
        with _lock:
            compiled = _validators.get(kind)
            if compiled is None:
                import jsonschema_rs

                compiled = jsonschema_rs.validator_for(schema_for(kind), registry=_registry())
                _validators[kind] = compiled
    return compiled


def detect_kind(data: dict[str, Any]) -> str | None:
    """The payload kind by its content, or None when it can't be told."""
    marker = data.get("object")
    if marker == "chat.completion.chunk":
        return "chunk"
    if marker == "chat.completion":
        return "response"
    if "messages" in data or "prompt" in data:
        return "request"
    choices = data.get("choices")
    if isinstance(choices, list):
        deltas = any(isinstance(choice, dict) and "delta" in choice for choice in choices)
        return "chunk" if deltas else "response"
    if isinstance(data.get("error"), dict):
        return "error"
    return None


def validate(data: Any, kind: str) -> list[tuple[str, Finding]]:
    """(code, finding) for every schema problem of `data` as a payload of `kind`."""
    compiled = validator(kind)
    try:
        if compiled.is_valid(data):
            return []
        explainer = _Explainer(data, kind)
        found: dict[tuple[str, Finding], None] = {}  # ordered, and no duplicates
        for error in compiled.iter_errors(data):
            for item in explainer.explain(error):
                found[item] = None
            if len(found) >= MAX_FINDINGS:
                found[
                    (
                        "ORT109",
                        Finding(
                            "", f"more than {MAX_FINDINGS} schema problems; the rest are not shown"
                        ),
                    )
                ] = None
                break
    except ValueError as error:  # jsonschema-rs stops at ~255 levels of nesting
        if "recursion" not in str(error).lower():
            raise
        return [
            (
                "ORT009",
                Finding(
                    "",
                    f"{kind} is nested too deeply to validate; "
                    "a payload nests a few dozen levels at most",
                ),
            )
        ]
    return list(found)


# --- turning engine errors into findings -------------------------------------------------

_COUNT_NOUNS = {"stop": "sequence", "messages": "message", "models": "model", "tools": "tool"}


class _Explainer:
    def __init__(self, data: Any, kind: str) -> None:
        self.data = data
        self.kind = kind

    # -- where things are

    def where(self, pointer: str) -> str:
        return display_path(pointer) if pointer else self.kind

    def schema_node(self, location: str) -> tuple[dict[str, Any], str]:
        """The schema object holding the failed keyword, and the keyword."""
        uri, _, fragment = location.partition("#")
        node: Any = documents()[uri]
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in fragment.split("/")[1:]]
        for token in tokens[:-1]:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node, tokens[-1] if tokens else ""

    # -- the mapping

    def explain(self, error: Any) -> Iterator[tuple[str, Finding]]:
        kind = error.kind.name
        details = error.kind.as_dict()
        pointer = to_pointer(error.instance_path)
        instance = error.instance
        where = self.where(pointer)
        node, _ = self.schema_node(error.absolute_keyword_location)

        if kind == "additionalProperties":
            yield from self._unknown_keys(pointer, details["unexpected"], node)
        elif kind in ("oneOf", "anyOf"):
            yield from self._union(error, pointer, instance, node, details["context"])
        elif kind == "required":
            yield from self._missing(pointer, instance, details["property"])
        elif kind == "type":
            expected = one_of([a_type(t) for t in details["types"]])
            yield (
                "ORT103",
                Finding(
                    pointer,
                    f"{where} is {a_type(type_name(instance))} ({show_value(instance)}); "
                    f"expected {expected}",
                ),
            )
        elif kind in ("enum", "const"):
            options = details.get("options", [details.get("expected_value")])
            yield "ORT104", self._bad_value(pointer, instance, options)
        elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            yield (
                "ORT105",
                Finding(
                    pointer, f"{where} is {show_value(instance)}; it must be {self._range(node)}"
                ),
            )
        elif kind in ("minLength", "maxLength"):
            yield "ORT106", Finding(pointer, self._length(where, instance, node))
        elif kind == "pattern":
            if not (instance == "" and node.get("minLength", 0) >= 1):  # minLength says it
                yield (
                    "ORT107",
                    Finding(
                        pointer,
                        f"{where} is {show_value(instance)}; it must match "
                        f"the pattern {node['pattern']}",
                    ),
                )
        elif kind in ("minItems", "maxItems", "minProperties", "maxProperties"):
            yield "ORT108", Finding(pointer, self._count(pointer, instance, node))
        elif kind == "propertyNames":
            yield from self._property_name(pointer, details["error"])
        else:
            yield "ORT109", Finding(pointer, f"{where}: {error.message}")

    def _unknown_keys(
        self, pointer: str, keys: list[str], node: dict[str, Any]
    ) -> Iterator[tuple[str, Finding]]:
        from toolkit.known_keys import explain_unknown_key
        from toolkit.suggest import camel_to_snake, closest

        allowed = list(node.get("properties", {}))
        for key in keys:
            member = f"{pointer}/{escape_token(key)}"
            known = explain_unknown_key(self.kind, pointer, key)
            if known:
                message = known
            else:
                place = f" in {display_path(pointer)}" if pointer else ""
                shown = shorten(key)
                message = f"unknown key `{shown}`{place}; the API ignores it"
                guess = closest(key, allowed) or (
                    camel_to_snake(key) if camel_to_snake(key) in allowed else None
                )
                if guess:
                    message = f"unknown key `{shown}`{place}; did you mean `{guess}`?"
            yield "ORT101", Finding(member, message, at_key=True)

    def _missing(self, pointer: str, instance: Any, name: str) -> Iterator[tuple[str, Finding]]:
        if not pointer and name == "messages" and self.kind == "request" and "prompt" in instance:
            message = (
                "request has `prompt` but no `messages`; the chat endpoint rejects it: "
                'send `messages: [{"role": "user", "content": ...}]`'
            )
        else:
            message = f"{self.where(pointer)} has no `{name}`; it is required"
        yield "ORT102", Finding(pointer, message)

    def _bad_value(self, pointer: str, instance: Any, options: list[Any]) -> Finding:
        from toolkit.suggest import closest

        shown = [str(o) if isinstance(o, str) else show_value(o) for o in options]
        message = f"{self.where(pointer)} is {show_value(instance)}; expected " + (
            f"one of {', '.join(shown)}" if len(shown) > 1 else show_value(options[0])
        )
        if isinstance(instance, str) and len(options) > 1:
            guess = closest(instance, [o for o in options if isinstance(o, str)])
            if guess:
                message += f"; did you mean {show_value(guess)}?"
        return Finding(pointer, message)

    def _range(self, node: dict[str, Any]) -> str:
        low, high = node.get("minimum"), node.get("maximum")
        if low is not None and high is not None:
            return f"between {number(low)} and {number(high)}"
        if "exclusiveMinimum" in node:
            return f"greater than {number(node['exclusiveMinimum'])}"
        if "exclusiveMaximum" in node:
            return f"less than {number(node['exclusiveMaximum'])}"
        return f"at least {number(low)}" if low is not None else f"at most {number(high)}"

    def _length(self, where: str, instance: str, node: dict[str, Any]) -> str:
        size = len(instance)
        if "maxLength" in node and size > node["maxLength"]:
            return (
                f"{where} is {plural(size, 'character')} long; "
                f"at most {node['maxLength']} are allowed"
            )
        if size == 0:
            return f"{where} is empty; it must not be"
        return f"{where} is {plural(size, 'character')} long; at least {node['minLength']} needed"

    def _count(self, pointer: str, instance: Any, node: dict[str, Any]) -> str:
        where = self.where(pointer)
        is_object = isinstance(instance, dict)
        noun = "pair" if is_object else _COUNT_NOUNS.get(pointer.rsplit("/", 1)[-1], "item")
        low = node.get("minProperties" if is_object else "minItems")
        high = node.get("maxProperties" if is_object else "maxItems")
        size = len(instance)
        if high is not None and size > high:
            return f"{where} has {plural(size, noun)}; at most {high} are allowed"
        if size == 0:
            return f"{where} is empty; at least {plural(low or 1, noun)} is required"
        return f"{where} has {plural(size, noun)}; at least {low} are required"

    def _property_name(self, pointer: str, inner: Any) -> Iterator[tuple[str, Finding]]:
        key = inner.instance
        member = f"{pointer}/{escape_token(key)}"
        node, keyword = self.schema_node(inner.absolute_keyword_location)
        where = self.where(pointer)
        if keyword == "maxLength":
            message = (
                f"{where} key {show_value(key)} is {plural(len(key), 'character')} long; "
                f"keys are at most {node['maxLength']}"
            )
            yield "ORT106", Finding(member, message, at_key=True)
        elif keyword == "pattern":
            message = f"{where} key {show_value(key)} must match the pattern {node['pattern']}"
            yield "ORT107", Finding(member, message, at_key=True)
        else:
            yield (
                "ORT109",
                Finding(member, f"{where} key {show_value(key)}: {inner.message}", at_key=True),
            )

    # -- unions

    def _union(
        self,
        error: Any,
        pointer: str,
        instance: Any,
        node: dict[str, Any],
        branches: list[list[Any]],
    ) -> Iterator[tuple[str, Finding]]:
        keyword = "oneOf" if "oneOf" in node else "anyOf"
        discriminator = node.get("discriminator")
        if discriminator and isinstance(instance, dict):
            yield from self._discriminated(
                pointer, instance, node[keyword], discriminator, branches
            )
            return
        if discriminator:
            yield (
                "ORT103",
                Finding(
                    pointer,
                    f"{self.where(pointer)} is "
                    f"{a_type(type_name(instance))} ({show_value(instance)}); "
                    "expected an object",
                ),
            )
            return
        yield from self._best_branch(error, pointer, instance, branches)

    def _discriminated(
        self,
        pointer: str,
        instance: dict[str, Any],
        refs: list[dict[str, Any]],
        discriminator: dict[str, Any],
        branches: list[list[Any]],
    ) -> Iterator[tuple[str, Finding]]:
        name = discriminator["propertyName"]
        mapping: dict[str, str] = discriminator["mapping"]
        value = instance.get(name)
        if name not in instance:
            yield (
                "ORT102",
                Finding(
                    pointer,
                    f"{self.where(pointer)} has no `{name}`; expected one of {', '.join(mapping)}",
                ),
            )
            return
        if not isinstance(value, str) or value not in mapping:
            yield "ORT104", self._bad_value(f"{pointer}/{escape_token(name)}", value, list(mapping))
            return
        target = mapping[value]
        for index, ref in enumerate(refs):
            if ref.get("$ref") == target:
                for inner in branches[index]:
                    yield from self.explain(inner)
                return
        raise LookupError(f"discriminator mapping {target} is not a branch")  # a schema bug

    def _best_branch(
        self, error: Any, pointer: str, instance: Any, branches: list[list[Any]]
    ) -> Iterator[tuple[str, Finding]]:
        """A union without a discriminator: the branch whose errors go deepest.

        Branches that reject the value itself (wrong type, not the constant) are
        the ones the payload did not mean; if all do, say what was expected.
        """
        shallow_kinds = {"type", "enum", "const"}
        meant = [
            errors
            for errors in branches
            if not any(
                e.kind.name in shallow_kinds and list(e.instance_path) == list(error.instance_path)
                for e in errors
            )
        ]
        if meant:
            best = min(meant, key=len)
            for inner in best:
                yield from self.explain(inner)
            return
        options = [
            option
            for errors in branches
            for inner in errors
            if inner.kind.name in ("enum", "const")
            for option in inner.kind.as_dict().get(
                "options", [inner.kind.as_dict().get("expected_value")]
            )
        ]
        if options and isinstance(instance, str):
            # A string where the union allows certain strings: a bad value, not a bad type.
            yield "ORT104", self._bad_value(pointer, instance, options)
            return
        expected: list[str] = []
        for errors in branches:
            for inner in errors:
                details = inner.kind.as_dict()
                if inner.kind.name == "type":
                    words = [a_type(t) for t in details["types"]]
                else:
                    words = [
                        show_value(o)
                        for o in details.get("options", [details.get("expected_value")])
                    ]
                expected.extend(w for w in words if w not in expected)
        got = show_value(instance)
        yield (
            "ORT103",
            Finding(pointer, f"{self.where(pointer)} is {got}; expected {one_of(expected)}"),
        )
