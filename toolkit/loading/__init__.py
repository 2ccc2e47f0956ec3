"""From a file to payloads: one module per syntax behind one table.

Everything a user can get wrong in a file (bad bytes, bad syntax, duplicate keys, a top
level that is not an object, ...) becomes a `FileProblem` (an ``ORT0xx`` code), and
loading goes on with the next payload or file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator

from toolkit.limits import MAX_DEPTH, MAX_INT_DIGITS, MAX_YAML_NODES
from toolkit.loading.payload import STDIN, STDIN_NAME, FileProblem, LoadProblem, Payload, problem
from toolkit.positions.source_map import SourceMap

# syntax -> the module that loads it (imported on first use: YAML costs ~10 ms)
LOADERS = {"json": "json", "jsonl": "jsonl", "yaml": "yaml"}
SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml"}
LINTED_SUFFIXES = frozenset(SUFFIXES)

__all__ = [
    "LINTED_SUFFIXES",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_YAML_NODES",
    "STDIN",
    "STDIN_NAME",
    "FileProblem",
    "LoadProblem",
    "Payload",
    "load",
    "load_text",
    "locate",
    "problem",
    "syntax_of",
]


def syntax_of(path: str, default: str = "json") -> str:
    return SUFFIXES.get(os.path.splitext(path)[1].lower(), default)


def load(path: str, syntax: str | None = None) -> Iterator[Payload | FileProblem]:
    """Payloads of one file (or of standard input for ``-``), and its problems."""
    name = STDIN_NAME if path == STDIN else path
    loader = importlib.import_module(f"toolkit.loading.{LOADERS[syntax or syntax_of(path)]}")
    try:
        yield from loader.load(name, path)
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
    loader = importlib.import_module(f"toolkit.loading.{LOADERS[syntax]}")
    source: SourceMap = loader.locate(payload, pointers)
    return source


def load_text(text: str, file: str = "<string>") -> Iterator[Payload | FileProblem]:
    """The payload of one JSON document given as text (library use), and its problems."""
    from toolkit.loading import json

    yield from json.load_text(text, file)
