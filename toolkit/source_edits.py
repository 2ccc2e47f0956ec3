"""JSON Patch operations applied to JSON source text, at the spans they are about.

`--fix` must change the bytes of the fix and nothing else: line endings, indentation,
tabs, number spellings, escapes and key order stay as they were, so `git diff` shows
the fix alone. Each operation is located in the current text and becomes one text
edit; the result is checked against the same patch applied to the parsed document,
and anything this module cannot do exactly is refused (`EditError`), never guessed.
"""

from __future__ import annotations

import json
import json.decoder
import re
from dataclasses import dataclass
from typing import Any

from toolkit.pointers import escape_token, split_pointer

_WHITESPACE = re.compile(r"[ \t\n\r]*")


class EditError(Exception):
    """An operation that cannot be applied to the text exactly."""


@dataclass(frozen=True, slots=True)
class _Member:
    key: str
    key_start: int
    value_start: int
    value_end: int


def apply_operations(text: str, operations: list[dict[str, Any]]) -> str:
    """`text` with the RFC 6902 `operations` applied as edits of the source text.

    Supports what ortk's fixes use: `remove`, `add`, `replace` and `move` of object
    members (and `replace`/`remove` of array items); `move` within one object renames
    the key in place.
    """
    expected = _patched(text, operations)
    for operation in operations:
        text = _apply(text, operation)
    try:
        result = json.loads(text)
    except ValueError as error:
        raise EditError(f"the edited text is not JSON ({error})") from error
    if result != expected:  # (the safety net: the text must say what the patch says)
        raise EditError("the edited text does not match the patched document")
    return text


def _patched(text: str, operations: list[dict[str, Any]]) -> Any:
    import jsonpatch
    import jsonpointer

    try:
        return jsonpatch.apply_patch(json.loads(text), operations)
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as error:
        raise EditError(str(error)) from error


def _apply(text: str, operation: dict[str, Any]) -> str:
    op, path = operation["op"], operation["path"]
    if op == "remove":
        return _remove(text, path)
    if op in ("add", "replace"):
        return _set(text, path, _dump(operation["value"]), add=op == "add")
    if op == "move":
        source = operation["from"]
        parent, _, key = path.rpartition("/")
        if source.rpartition("/")[0] == parent and _find(text, path) is None:
            return _rename(text, source, key)
        start, end = _value_span(text, source)
        return _set(_remove(text, source), path, text[start:end], add=True)
    raise EditError(f"cannot apply a {op!r} operation to the text")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _container(text: str, pointer: str) -> tuple[int, bool]:
    """(offset of the container at `pointer`, whether it is an object)."""
    offset = _value_start(text, pointer)
    if text[offset] not in "{[":
        raise EditError(f"{pointer or '/'} is not an object or an array")
    return offset, text[offset] == "{"


def _value_start(text: str, pointer: str) -> int:
    offset = _skip(text, 0)
    for token in split_pointer(pointer):
        member = _child(text, offset, token)
        if member is None:
            raise EditError(f"{pointer} is not in the document")
        offset = member.value_start
    return offset


def _find(text: str, pointer: str) -> _Member | None:
    parent, _, token = pointer.rpartition("/")
    offset = _value_start(text, parent)
    token = split_pointer("/" + token)[0]
    return _child(text, offset, token)


def _value_span(text: str, pointer: str) -> tuple[int, int]:
    member = _find(text, pointer)
    if member is None:
        raise EditError(f"{pointer} is not in the document")
    return member.value_start, member.value_end


def _child(text: str, offset: int, token: str) -> _Member | None:
    members = _members(text, offset)
    if text[offset] == "[":
        if not token.isdigit() or int(token) >= len(members):
            return None
        return members[int(token)]
    found = [m for m in members if m.key == token]
    if len(found) > 1:
        raise EditError(f"the key {escape_token(token)!r} is repeated")
    return found[0] if found else None


def _members(text: str, offset: int) -> list[_Member]:
    """The members (or items) of the object (or array) starting at `offset`."""
    scan_once = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]
    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
    is_object = text[offset] == "{"
    members: list[_Member] = []
    i = _skip(text, offset + 1)
    if text[i] in "}]":
        return members
    while True:
        key, key_start = str(len(members)), i
        if is_object:
            key, i = scanstring(text, i + 1)
            i = _skip(text, _skip(text, i) + 1)  # past the colon
        try:
            _, end = scan_once(text, i)
        except StopIteration as error:
            raise EditError(f"no JSON value at offset {i}") from error
        members.append(_Member(key, key_start, i, end))
        i = _skip(text, end)
        if text[i] != ",":
            return members
        i = _skip(text, i + 1)


def _skip(text: str, i: int) -> int:
    return _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]  # `*` always matches


def _remove(text: str, pointer: str) -> str:
    parent, _, _ = pointer.rpartition("/")
    offset, _ = _container(text, parent)
    members = _members(text, offset)
    target = _find(text, pointer)
    if target is None:
        raise EditError(f"{pointer} is not in the document")
    index = members.index(target)
    if index + 1 < len(members):  # up to the next member: its separator goes too
        return text[: target.key_start] + text[members[index + 1].key_start :]
    if index > 0:  # the last one: from the end of the one before
        return text[: members[index - 1].value_end] + text[target.value_end :]
    return text[: offset + 1] + text[target.value_end :]  # the only one


def _set(text: str, pointer: str, value: str, *, add: bool) -> str:
    existing = _find(text, pointer)
    if existing is not None:
        return text[: existing.value_start] + value + text[existing.value_end :]
    parent, _, token = pointer.rpartition("/")
    offset, is_object = _container(text, parent)
    if not add or not is_object:
        raise EditError(f"cannot add {pointer}: only new object members can be added")
    key = _dump(split_pointer("/" + token)[0])
    members = _members(text, offset)
    if not members:
        return text[: offset + 1] + f"{key}: {value}" + text[offset + 1 :]
    last = members[-1]
    colon = text[_key_end(text, last) : last.value_start]
    if len(members) > 1:  # the separator the object already uses between members
        separator = text[members[-2].value_end : last.key_start]
    else:
        separator = "," + (text[offset + 1 : last.key_start] or " ")
    return text[: last.value_end] + separator + key + colon + value + text[last.value_end :]


def _key_end(text: str, member: _Member) -> int:
    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
    _, end = scanstring(text, member.key_start + 1)
    return int(end)


def _rename(text: str, pointer: str, new_token: str) -> str:
    member = _find(text, pointer)
    if member is None:
        raise EditError(f"{pointer} is not in the document")
    key = _dump(split_pointer("/" + new_token)[0])
    return text[: member.key_start] + key + text[_key_end(text, member) :]
