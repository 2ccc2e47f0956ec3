"""From a file to payloads: one module per syntax behind one table.

Everything a user can get wrong in a file (bad bytes, bad syntax, duplicate keys, a top
level that is not an object, ...) becomes a `FileProblem` (an ``ORT0xx`` code), and
loading goes on with the next payload or file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from toolkit.lazy import imported
from toolkit.limits import MAX_DEPTH, MAX_INT_DIGITS, MAX_YAML_NODES
from toolkit.loading.payload import (
    STDIN,
    STDIN_NAME,
    FileProblem,
    InteractionPayload,
    LoadProblem,
    Payload,
    StreamPayload,
    problem,
)
from toolkit.positions.source_map import SourceMap

# syntax -> the module that loads it (imported on first use: YAML costs ~10 ms)
LOADERS = {
    "json": "json",
    "jsonl": "jsonl",
    "yaml": "yaml",
    "sse": "sse",
    "har": "har",
    "cassette": "cassette",
}
SUFFIXES = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".sse": "sse",
    ".har": "har",
}
LINTED_SUFFIXES = frozenset(SUFFIXES)
JSONL_SUFFIXES = tuple(suffix for suffix, syntax in SUFFIXES.items() if syntax == "jsonl")
# --kind that names a format rather than a payload kind: the loader to use
FORMAT_KINDS = {"stream": "sse", "cassette": "cassette", "har": "har"}
Loaded = Payload | StreamPayload | InteractionPayload | FileProblem

__all__ = [
    "JSONL_SUFFIXES",
    "LINTED_SUFFIXES",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_YAML_NODES",
    "STDIN",
    "STDIN_NAME",
    "FileProblem",
    "InteractionPayload",
    "LoadProblem",
    "Payload",
    "StreamPayload",
    "load",
    "load_text",
    "locate",
    "problem",
    "syntax_of",
]


def syntax_of(path: str, default: str = "json") -> str:
    return SUFFIXES.get(os.path.splitext(path)[1].lower(), default)


def load(
    path: str, syntax: str | None = None, kind: str = "auto", name: str | None = None
) -> Iterator[Loaded]:
    """Payloads of one file (or of standard input for ``-``), and its problems.

    A stream (`.sse`, or content that starts like one) is one `StreamPayload`; a cassette
    or HAR file (by suffix, or a JSON/YAML document shaped like one) an
    `InteractionPayload` per interaction; `kind` stream/cassette/har forces the format.
    `name` is what diagnostics call standard input (`--stdin-filename`); its suffix
    decides the syntax there.
    """
    name = name or (STDIN_NAME if path == STDIN else path)
    sniffed = syntax_of(name) if path == STDIN else _sniffed_syntax(path)
    syntax = syntax or FORMAT_KINDS.get(kind) or sniffed
    loader = imported(f"toolkit.loading.{LOADERS[syntax]}")
    try:
        for item in loader.load(name, path):
            if isinstance(item, Payload) and kind == "auto" and syntax in ("json", "yaml"):
                yield from _as_recording(item)
            else:
                yield item
    except MemoryError:
        yield problem(
            name,
            "ORT001",
            f"{name} is too large to load into memory; split it, or write one payload "
            "per line as JSONL (read record by record)",
        )


def locate(payload: Payload, pointers: Iterable[str]) -> SourceMap:
    """Positions in `payload`'s text of `pointers` (and of their ancestors), by the module
    that loaded it."""
    syntax = "json" if payload.syntax == "jsonl" else payload.syntax
    loader = imported(f"toolkit.loading.{LOADERS[syntax]}")
    source: SourceMap = loader.locate(payload, pointers)
    return source


def _sniffed_syntax(path: str) -> str:
    """The syntax by suffix; a file of another suffix is SSE when it starts like SSE."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in SUFFIXES or path == STDIN:
        return SUFFIXES.get(suffix, "json")
    from toolkit.loading import recording

    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8-sig", errors="replace")
    except OSError:
        return "json"  # the JSON loader says what is wrong with it
    return "sse" if recording.looks_like_sse(head) else "json"


def _as_recording(payload: Payload) -> Iterator[Payload | InteractionPayload | FileProblem]:
    """A loaded document as the interactions it records, if it is a cassette or HAR file."""
    if "interactions" not in payload.data and "log" not in payload.data:
        yield payload  # (the common case, told without importing the recording readers)
        return
    from toolkit.loading import recording

    if recording.is_cassette(payload.data):
        from toolkit.loading import cassette

        yield from cassette.interactions(payload)
    elif recording.is_har(payload.data):
        from toolkit.loading import har

        yield from har.interactions(payload)
    else:
        yield payload


def load_text(text: str, file: str = "<string>") -> Iterator[Payload | FileProblem]:
    """The payload of one JSON document given as text (library use), and its problems."""
    from toolkit.loading import json

    yield from json.load_text(text, file)
