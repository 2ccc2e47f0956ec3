"""The chat-completions shapes of an OpenAPI document, and `schema/`'s, as walkable nodes.

A node is a schema object read through one normalisation, the same on both sides, so
that the comparison sees meaning rather than spelling: `$ref` and `allOf` are merged
in, `const` becomes a one-value `enum`, and `null` (in `type`, in `enum`, or as a
`{"type": "null"}` branch of `oneOf`/`anyOf`) becomes a `nullable` flag.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOCUMENT_KINDS = ("request", "response", "chunk", "error")

# Keywords that hold no meaning the API checks (prose, examples, codegen hints).
_PROSE = frozenset(
    {
        "description",
        "example",
        "examples",
        "title",
        "$comment",
        "deprecated",
        "format",
        "discriminator",
        "x-speakeasy-unknown-values",
        "x-speakeasy-name-override",
        "default",
    }
)


class DriftInputError(Exception):
    """The OpenAPI file cannot be read or lacks the chat-completions operation."""


@dataclass(frozen=True, slots=True)
class Node:
    """One normalised schema object; `name` is the definition it came from, if any."""

    schema: dict[str, Any]
    name: str | None
    nullable: bool
    resolve: Callable[[str, str | None], tuple[dict[str, Any], str, str | None]] = field(
        repr=False, compare=False
    )
    document: str | None = None

    def child(self, schema: Any) -> Node:
        return normalise(schema, self.resolve, self.document)


def normalise(
    schema: Any,
    resolve: Callable[[str, str | None], tuple[dict[str, Any], str, str | None]],
    document: str | None = None,
) -> Node:
    """Merge `$ref`s and `allOf`, fold `const` into `enum` and `null` into a flag."""
    if not isinstance(schema, dict):  # `true` / `{}`: anything
        return Node({}, None, False, resolve, document)
    merged: dict[str, Any] = {}
    name: str | None = None
    pending: list[tuple[dict[str, Any], str | None]] = [(schema, document)]
    for _ in range(64):  # a bound: $ref chains in real documents are short
        if not pending:
            break
        part, part_document = pending.pop(0)
        if "$ref" in part:
            target, name_of_target, target_document = resolve(part["$ref"], part_document)
            name = name or name_of_target
            document = target_document
            pending.append((target, target_document))
        for branch in part.get("allOf", ()):
            pending.append((branch, part_document))
        for key, value in part.items():
            if key not in ("$ref", "allOf") and key not in _PROSE:
                merged.setdefault(key, value)
    nullable = False
    types = merged.get("type")
    if isinstance(types, list):
        nullable = "null" in types
        rest = [t for t in types if t != "null"]
        merged["type"] = rest[0] if len(rest) == 1 else rest
        if not rest:
            del merged["type"]
    elif types == "null":
        nullable = True
        del merged["type"]
    if "const" in merged:
        merged["enum"] = [merged.pop("const")]
    if isinstance(merged.get("enum"), list) and None in merged["enum"]:
        nullable = True
        merged["enum"] = [value for value in merged["enum"] if value is not None]
    for union in ("oneOf", "anyOf"):
        branches = merged.get(union)
        if not isinstance(branches, list):
            continue
        kept = [
            b
            for b in branches
            if not (isinstance(b, dict) and b.get("type") == "null" and len(b) == 1)
        ]
        if len(kept) < len(branches):
            nullable = True
        kept = _merge_enum_branches(kept)
        if len(kept) == 1:  # `anyOf: [X, null]` is X, nullable
            del merged[union]
            inner = normalise(kept[0], resolve, document)
            merged = {**inner.schema, **{k: v for k, v in merged.items() if k != "type"}}
            name = name or inner.name
            nullable = nullable or inner.nullable
            document = inner.document
        else:
            merged[union] = kept
    return Node(merged, name, nullable, resolve, document)


def _merge_enum_branches(branches: list[Any]) -> list[Any]:
    """`anyOf: [{enum: [a]}, {enum: [b]}]` (one branch per value) is one enum [a, b]."""
    values: dict[Any, list[Any]] = {}
    rest = []
    for branch in branches:
        if (isinstance(branch, dict) and isinstance(branch.get("enum"), list)
                and set(branch) - _PROSE <= {"type", "enum"}):  # fmt: skip
            values.setdefault(branch.get("type"), []).extend(branch["enum"])
        else:
            rest.append(branch)
    merged = [
        {"type": kind, "enum": enum} if kind else {"enum": enum} for kind, enum in values.items()
    ]
    return merged + rest


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DriftInputError(f"cannot read {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DriftInputError(f"{path} is not a JSON document: {error}") from error


def _pointer(document: Any, fragment: str) -> Any:
    target = document
    for part in fragment.lstrip("/").split("/") if fragment else ():
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            raise DriftInputError(f"unresolvable $ref fragment #{fragment}")
        target = target[part]
    return target


def openapi_documents(path: Path) -> dict[str, list[Node]]:
    """The request, response, chunk and error shapes of `POST /chat/completions`."""
    document = _load_json(path)

    def resolve(ref: str, _document: str | None) -> tuple[dict[str, Any], str, str | None]:
        if not ref.startswith("#"):
            raise DriftInputError(f"external $ref {ref!r} is not supported")
        return _pointer(document, ref[1:]), ref.rsplit("/", 1)[-1], None

    try:
        operation = document["paths"]["/chat/completions"]["post"]
        request = operation["requestBody"]["content"]["application/json"]["schema"]
        answers = operation["responses"]
    except (KeyError, TypeError) as error:
        raise DriftInputError(
            f"{path} has no `paths./chat/completions.post` with a JSON request body"
        ) from error
    shapes: dict[str, list[Node]] = {"request": [normalise(request, resolve)]}
    ok = answers.get("200", {}).get("content", {})
    if "application/json" in ok:
        shapes["response"] = [normalise(ok["application/json"]["schema"], resolve)]
    if "text/event-stream" in ok:  # the SSE envelope `{data: Chunk}`: the chunk is `data`
        envelope = normalise(ok["text/event-stream"]["schema"], resolve)
        data = envelope.schema.get("properties", {}).get("data")
        shapes["chunk"] = [envelope.child(data) if data is not None else envelope]
    shapes["error"] = [
        normalise(answer["content"]["application/json"]["schema"], resolve)
        for status, answer in sorted(answers.items())
        if str(status)[:1] in "45" and "application/json" in answer.get("content", {})
    ]
    return shapes


def schema_documents(directory: Path) -> dict[str, list[Node]]:
    """`schema/`'s four documents, with references between its files resolved."""
    files = {p.name: _load_json(p) for p in sorted(directory.glob("*.schema.json"))}

    def resolve(ref: str, current: str | None) -> tuple[dict[str, Any], str, str | None]:
        file_name, _, fragment = ref.partition("#")
        file_name = file_name.rsplit("/", 1)[-1] or (current or "")
        if file_name not in files:
            raise DriftInputError(f"schema $ref {ref!r} names no file in {directory}")
        return _pointer(files[file_name], fragment), ref.rsplit("/", 1)[-1], file_name

    return {
        kind: [normalise(files[f"{kind}.schema.json"], resolve, f"{kind}.schema.json")]
        for kind in DOCUMENT_KINDS
        if f"{kind}.schema.json" in files
    }
