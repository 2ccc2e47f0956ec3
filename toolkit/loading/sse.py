"""Server-sent events as OpenRouter streams them: the `data:` events of a transcript.

Follows the event-stream interpretation of the HTML standard (the one OpenRouter's
streaming guide points to): lines end with LF, CRLF or CR; a line starting with `:` is a
comment (OpenRouter's `: OPENROUTER PROCESSING` keep-alive); `data:` lines accumulate,
joined by LF, until a blank line dispatches the event; `event:`, `id:` and `retry:` are
read and ignored. Only events with data count: the first is event 1, `[DONE]` counts too.

Reading is lazy, one line at a time, so a 100 MB transcript never sits in memory whole;
each event's JSON is parsed as it is dispatched.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from toolkit.loading.files import read_bytes, text_of
from toolkit.loading.payload import STDIN, FileProblem, LoadProblem, StreamPayload, problem

DONE = "[DONE]"
_NEWLINE = re.compile(r"\r\n|\r|\n")
MAX_DEPTH = 128  # as the JSON loader: deeper nesting is refused, not recursed into


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """One dispatched `data:` event.

    `line`/`column` are 1-based and say where the event's data starts in the text read
    (the first `data:` line, just after `data:` and its optional space). `chunk` is the
    parsed JSON object; it is None for `[DONE]` and for data that is not a JSON object,
    in which case `problem` says why.
    """

    number: int
    data: str
    line: int
    column: int
    chunk: dict[str, Any] | None = None
    problem: str | None = None

    @property
    def done(self) -> bool:
        return self.data == DONE


@dataclass(frozen=True, slots=True)
class StreamEnd:
    """What the reader saw besides events: how the transcript ended."""

    lines: int  # physical lines read
    comments: int
    undispatched: bool  # data lines at the end with no blank line after them


def _lines(data: Any) -> Iterator[str]:
    """The physical lines of `data`, without their terminators, lazily."""
    if isinstance(data, bytes | bytearray | memoryview):
        data = io.BytesIO(bytes(data))
    if isinstance(data, str):
        data = io.StringIO(data, newline=None)  # universal newlines: CR, LF, CRLF
    if hasattr(data, "read") and hasattr(data, "readline"):
        stream: IO[Any] = data
        if not isinstance(stream.read(0), bytes):
            for line in stream:
                yield from _split(line)
            return
        wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)
        try:
            for line in wrapper:
                yield from _split(line)
        finally:
            wrapper.detach()  # the caller's file stays the caller's to close
        return
    if isinstance(data, Iterable):
        # lines as `iter_lines()` gives them: one item a line, its terminator optional
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        for item in data:
            text = decoder.decode(bytes(item)) if isinstance(item, bytes | bytearray) else item
            if not isinstance(text, str):
                raise TypeError(f"expected lines of text or bytes, not {type(item).__name__}")
            yield from _split(text)
        return
    raise TypeError(
        f"expected SSE text, bytes, a file or an iterable of lines, not {type(data).__name__}"
    )


def _split(text: str) -> list[str]:
    """A line without its terminator, split at any line break left inside it."""
    text = text[:-2] if text.endswith("\r\n") else text.rstrip("\r\n") if text else text
    return _NEWLINE.split(text) if "\r" in text or "\n" in text else [text]


def _depth_ok(text: str) -> bool:
    """True when the JSON text nests no deeper than MAX_DEPTH (strings skipped)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return True
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif char in "]}":
            depth -= 1
    return True


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_event_data(data: str) -> tuple[dict[str, Any] | None, str | None]:
    """The JSON object an event carries, or None and why it carries none."""
    if data == DONE:
        return None, None
    if not _depth_ok(data):
        return None, f"its JSON nests deeper than {MAX_DEPTH} levels"
    try:
        value = json.loads(data, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        where = (
            f" (column {error.colno})"
            if "\n" not in data
            else f" (line {error.lineno} of the event)"
        )
        hint = "; events are separated by a blank line" if "\n" in data else ""
        return None, f"its data is not JSON: {error.msg}{where}{hint}"
    except ValueError as error:
        return None, f"its data is not JSON: {error}"
    if not isinstance(value, dict):
        return None, f"its data is a JSON {_json_type(value)}, not an object"
    return value, None


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool) or value is None:
        return "literal"
    return "number"


class StreamReader:
    """Iterates the events of a transcript; `end` is set once the iteration is over."""

    def __init__(self, data: Any, first_line: int = 1, first_column: int = 1) -> None:
        self._data = data
        self._first_line = first_line
        self._first_column = first_column
        self.end: StreamEnd | None = None

    def __iter__(self) -> Iterator[StreamEvent]:
        number = 0
        comments = 0
        buffer: list[str] = []
        start = (0, 0)
        line_number = self._first_line - 1
        for line_number, line in enumerate(_lines(self._data), start=self._first_line):
            if not line:
                if buffer:
                    number += 1
                    yield self._event(number, buffer, start)
                    buffer = []
                continue
            if line.startswith(":"):
                comments += 1
                continue
            field, colon, value = line.partition(":")
            if field != "data":
                continue  # event:, id:, retry: and unknown fields carry nothing we check
            offset = len(field) + 1
            if colon and value.startswith(" "):
                value, offset = value[1:], offset + 1
            if not buffer:
                column = offset + (self._first_column if line_number == self._first_line else 1)
                start = (line_number, column)
            buffer.append(value)
        undispatched = bool(buffer)
        if buffer:  # the spec drops it; a linter reports it and still reads what it says
            number += 1
            yield self._event(number, buffer, start)
        lines = line_number - self._first_line + 1
        self.end = StreamEnd(lines=lines, comments=comments, undispatched=undispatched)

    @staticmethod
    def _event(number: int, buffer: list[str], start: tuple[int, int]) -> StreamEvent:
        data = "\n".join(buffer)
        chunk, problem = parse_event_data(data)
        return StreamEvent(number, data, start[0], start[1], chunk, problem)


def read_stream(data: Any) -> Iterator[StreamEvent]:
    """The `data:` events of an SSE transcript, one at a time.

    `data` is the transcript as text, bytes, an open file (text or binary) or an
    iterable of lines; a file is read line by line, never whole.
    """
    return iter(StreamReader(data))


def load(file: str, path: str) -> Iterator[StreamPayload | FileProblem]:
    """An SSE transcript as one payload; its events are read when it is checked.

    Standard input is read here (it can be read only once); a file is opened again,
    lazily, by whoever checks it.
    """
    if path != STDIN:
        yield StreamPayload(file=file, path=path)
        return
    try:
        text = text_of(read_bytes(path), empty="stream is empty; expected `data:` events")
    except LoadProblem as error:
        yield problem(file, error.code, error.message, line=error.line, column=error.column)
        return
    yield StreamPayload(file=file, path=path, text=text)
