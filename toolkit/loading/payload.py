"""What loading produces: a `Payload` to check, or a `FileProblem` (an ORT0xx finding about
the file itself).

A leaf of the loading package: every loader imports it, it imports no loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(slots=True)  # (not frozen: a frozen dataclass is twice as slow to create)
class Payload:
    """One document to validate: a JSON file, a YAML document or a JSONL line."""

    file: str
    data: Any
    source: str | bytes  # the document; UTF-8 bytes when it was parsed without decoding
    syntax: str  # "json" | "yaml" | "jsonl"
    record: int | None = None  # 1-based record of a JSONL file, document of a YAML stream
    first_line: int = 1  # physical line where `text` starts (JSONL)
    yaml_document: int = 0

    @property
    def text(self) -> str:
        """The document as text (decoded on demand: only payloads with findings need it)."""
        source = self.source
        return source if isinstance(source, str) else source.decode("utf-8")


@dataclass(slots=True)
class StreamPayload:
    """An SSE transcript, read event by event when it is checked (never whole): from
    `path`, or from `text` when it was read already (standard input, a test)."""

    file: str
    path: str
    text: Any = None  # the transcript itself: text, an open file or lines (library use)
    record: int | None = None  # (a stream is one payload: always None)


@dataclass(slots=True)
class InteractionPayload:
    """One `POST .../chat/completions` interaction of a cassette or HAR entry.

    `interaction` is a `toolkit.loading.recording.Interaction`; `text` is the whole
    file (positions of its bodies are found in it), `syntax` its syntax.
    """

    file: str
    interaction: Any
    text: str
    syntax: str  # "yaml" | "json"
    record: int | None = None  # the interaction's (or HAR entry's) 1-based number


@dataclass(frozen=True, slots=True)
class FileProblem:
    """Something wrong with a file or one of its records, found while loading (ORT0xx).

    It has no severity: the pipeline gives it the one the code table (and the
    configuration) says, like every other finding.
    """

    file: str
    code: str
    message: str
    record: int | None = None
    line: int | None = None
    column: int | None = None
    pointer: str = ""


@dataclass(slots=True)
class LoadProblem(Exception):
    """Raised inside a loader for a problem that ends the file (or record); caught and
    turned into a `FileProblem` where the file name and record are known."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None
    pointer: str = ""


def problem(
    file: str,
    code: str,
    message: str,
    *,
    line: int | None = None,
    column: int | None = None,
    record: int | None = None,
    pointer: str = "",
) -> FileProblem:
    return FileProblem(file, code, message, record, line, column, pointer)
