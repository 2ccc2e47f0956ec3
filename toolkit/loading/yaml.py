"""YAML payload files: every document of a stream is a payload.

Safe loading only, plus what JSON needs: string keys, no duplicate keys, no
timestamps or binary values, and aliases that cannot expand without bound.
Imported only when a YAML file is linted.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

import yaml

from toolkit.limits import MAX_DEPTH, MAX_INT_DIGITS, MAX_YAML_NODES
from toolkit.loading.files import read_bytes, text_of
from toolkit.loading.payload import FileProblem, LoadProblem, Payload, problem
from toolkit.pointers import escape_token
from toolkit.positions.source_map import SourceMap
from toolkit.wording import shorten


class JsonCompatibleLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader without the YAML 1.1 timestamp type: a date stays a string, as in JSON."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_LIBYAML = hasattr(yaml, "CSafeLoader")
_JSON_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
# An integer of MAX_INT_DIGITS decimal digits needs about this many bits.
_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.33)


def load(file: str, path: str) -> Iterator[Payload | FileProblem]:
    """Every document of a YAML file (or of standard input) as a payload."""
    try:
        text = text_of(read_bytes(path), empty="file is empty; expected a JSON object")
    except LoadProblem as error:
        yield problem(file, error.code, error.message, line=error.line, column=error.column)
        return
    yield from load_documents(file, text)


def load_documents(file: str, text: str) -> Iterator[Payload | FileProblem]:
    try:
        loader = JsonCompatibleLoader(text)
    except yaml.YAMLError as error:  # the pure-Python reader checks characters up front
        yield _syntax_problem(file, text, error, 1)
        return
    oversized = _first_oversized_document(text)
    if oversized is not None:
        index, line, column = oversized
        loader.dispose()
        yield problem(
            file,
            "ORT010",
            f"YAML document has more than {MAX_YAML_TEXT_NODES:,} "
            "nodes: too large to check as YAML; write it as JSON",
            line=line,
            column=column,
            record=index + 1,
        )
        return
    document = 0
    try:
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
            except yaml.YAMLError as error:
                yield _syntax_problem(file, text, error, document + 1)
                return
            except RecursionError:
                yield problem(file, "ORT009", _TOO_DEEP, record=document + 1)
                return
            document += 1
            record = document
            found = list(_check_node(file, node, record, loader))
            if found:
                yield from found
                continue
            data = loader.construct_document(node)
            if not isinstance(data, dict):
                yield problem(
                    file,
                    "ORT006",
                    "document is not a mapping; a payload is an object",
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                    record=record,
                )
                continue
            yield Payload(
                file=file,
                data=data,
                source=text,
                syntax="yaml",
                record=record,
                yaml_document=document - 1,
            )
    finally:
        loader.dispose()
    if document == 0:
        yield problem(file, "ORT004", "file has no YAML documents; expected a mapping")


_TOO_DEEP = f"YAML is nested more than {MAX_DEPTH} levels deep; a payload nests a few dozen at most"


# A composed PyYAML node costs ~1 KB with its marks, and checking it is Python code:
# a few megabytes of `[a, a, a, ...]` would take gigabytes and minutes. Documents are
# measured on the event stream first (constant memory), before anything is composed.
MAX_YAML_TEXT_NODES = 250_000
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _first_oversized_document(text: str) -> tuple[int, int, int] | None:
    """(index, line, column) of the first document with more than MAX_YAML_TEXT_NODES nodes.

    Only texts long enough to hold that many nodes are measured (a node takes at least
    one character: `{a,b,c}` is six nodes).
    """
    if len(text) <= MAX_YAML_TEXT_NODES:
        return None
    parser = JsonCompatibleLoader(text)
    index, count, start = -1, 0, None
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                index, count, start = index + 1, 0, event.start_mark
            elif isinstance(event, _NODE_EVENTS):
                count += 1
                if count > MAX_YAML_TEXT_NODES and start is not None:
                    return index, start.line + 1, start.column + 1
    except yaml.YAMLError:
        pass  # composing reports it, at the same place
    finally:
        parser.dispose()
    return None


def _syntax_problem(file: str, text: str, error: yaml.YAMLError, record: int | None) -> FileProblem:
    """ORT003 (ORT009 for libyaml's nesting limit) at the error's position."""
    line = column = None
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        reason = str(error.problem or error)
    elif isinstance(error, yaml.reader.ReaderError):  # e.g. a control character
        from toolkit.positions import line_column

        offset = error.position
        if _LIBYAML and not text.isascii():  # libyaml counts bytes of UTF-8, PyYAML characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        line, column = line_column(text, offset)
        reason = (
            f"unacceptable character #x{error.character:04x}: {error.reason}"
            if isinstance(error.character, int)
            else str(error.reason)
        )
    else:
        reason = str(error)
    if "nesting depth" in reason:
        return problem(file, "ORT009", _TOO_DEEP, line=line, column=column, record=record)
    return problem(
        file, "ORT003", f"invalid YAML: {reason}", line=line, column=column, record=record
    )


def _check_node(file: str, root: Any, record: int, loader: Any) -> Iterator[FileProblem]:
    """What stops a composed document from being a JSON payload, at its position."""
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}  # nesting levels below and including a node, aliases expanded
    open_nodes: set[int] = set()  # on the current path: an alias to one of them is a cycle
    stack: list[tuple[str, Any, bool, int]] = [("", root, False, 1)]
    while stack:
        pointer, node, children_done, depth = stack.pop()
        if children_done:
            open_nodes.discard(id(node))
            children = _children(node)
            sizes[id(node)] = 1 + sum(sizes[id(child)] for _, child in children)
            heights[id(node)] = 1 + max((heights[id(child)] for _, child in children), default=0)
            if sizes[id(node)] > MAX_YAML_NODES:
                yield _at(
                    file,
                    node,
                    record,
                    pointer,
                    "ORT010",
                    f"aliases expand to more than {MAX_YAML_NODES:,} values; "
                    "write the document out instead",
                )
                return
            if heights[id(node)] > MAX_DEPTH:  # only reached through aliases
                yield _at(file, node, record, pointer, "ORT009", _TOO_DEEP)
                return
            continue
        if id(node) in sizes:
            continue  # an alias of a node already checked
        if id(node) in open_nodes:
            yield _at(
                file,
                node,
                record,
                pointer,
                "ORT010",
                "a recursive alias makes this document infinite; JSON can't hold it",
            )
            return
        if node.tag not in _JSON_TAGS:
            yield _at(
                file,
                node,
                record,
                pointer,
                "ORT010",
                f"YAML tag {shorten(node.tag, 60)} has no JSON equivalent; use plain JSON values",
            )
            return
        if node.id == "scalar":
            sizes[id(node)] = 1
            heights[id(node)] = 0
            message = _number_problem(node, loader)
            if message:
                yield _at(file, node, record, pointer, "ORT007", message)
            continue
        if depth > MAX_DEPTH:
            yield _at(file, node, record, pointer, "ORT009", _TOO_DEEP)
            return
        if node.id == "mapping":
            seen: set[str] = set()
            for key, _ in node.value:
                if key.tag != "tag:yaml.org,2002:str":
                    yield _at(file, key, record, pointer, "ORT010", _key_problem(key))
                    return
                if key.value in seen:
                    yield _at(
                        file,
                        key,
                        record,
                        f"{pointer}/{escape_token(key.value)}",
                        "ORT005",
                        f"duplicate key `{key.value}`; the API keeps only one of them, "
                        "remove the other",
                    )
                seen.add(key.value)
        open_nodes.add(id(node))
        stack.append((pointer, node, True, depth))
        # In document order, so a node is first met where it is written (an anchor comes
        # before its aliases): its pointer and its position then agree.
        for token, child in reversed(_children(node)):
            stack.append((f"{pointer}/{escape_token(token)}", child, False, depth + 1))


def _key_problem(key: Any) -> str:
    if key.id != "scalar":
        return f"a {key.id} used as a key; JSON keys are strings"
    if key.tag == "tag:yaml.org,2002:merge":
        return "merge key `<<` has no JSON equivalent; write the keys out"
    return f"key `{shorten(key.value, 60)}` is not a string; JSON keys are strings, quote it"


def _number_problem(node: Any, loader: Any) -> str | None:
    """Why a YAML number can't be a JSON number (NaN, infinity, thousands of digits)."""
    if node.tag not in (_INT_TAG, _FLOAT_TAG):
        return None
    shown = shorten(node.value, 20)
    try:
        if node.tag == _INT_TAG:
            integer: int = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
            finite = integer.bit_length() <= _MAX_INT_BITS
        else:
            number: float = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
            finite = math.isfinite(number)
    except (ValueError, OverflowError):  # e.g. an int past Python's digit limit
        finite = False
    if finite:
        return None
    return f"{shown} is not a JSON number a request can carry; use a finite number"


def _children(node: Any) -> list[tuple[str, Any]]:
    if node.id == "mapping":
        return [(str(key.value), value) for key, value in node.value]
    if node.id == "sequence":
        return [(str(index), item) for index, item in enumerate(node.value)]
    return []


def _at(file: str, node: Any, record: int, pointer: str, code: str, message: str) -> FileProblem:
    mark = node.start_mark
    return problem(
        file,
        code,
        message,
        line=mark.line + 1,
        column=mark.column + 1,
        record=record,
        pointer=pointer,
    )


_streams = threading.local()  # per thread: [text, index of the next document, node iterator]


def compose_document(text: str, index: int) -> Any:
    """The node tree of document `index`, for positions.

    Payloads of one stream ask in order, so the stream is composed once and resumed
    where the last call stopped, rather than from the start for every document (which
    made a file of 3,000 documents with findings take minutes).
    """
    state = getattr(_streams, "state", None)
    if state is None or state[0] is not text or state[1] > index:
        state = [text, 0, iter(yaml.compose_all(text, Loader=JsonCompatibleLoader))]
    _streams.state = None
    for number, node in enumerate(state[2], start=state[1]):
        if number == index:
            _streams.state = [text, number + 1, state[2]]
            return node
    raise IndexError(index)


def locate(payload: Payload, pointers: Iterable[str]) -> SourceMap:
    """Positions of a YAML payload's values, from the marks of its composed nodes."""
    from toolkit.positions.yaml import source_map

    return source_map(compose_document(payload.text, payload.yaml_document))
