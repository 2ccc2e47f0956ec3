"""Recorded traffic to findings: a stream event by event, an interaction part by part.

The schema and the rules of one payload kind come in as `check(data, kind, request,
stream)` (the pipeline's `findings`), so this module decides only what is checked as
what, and where each finding is (`Place`): a pointer in the file's own document (a
parsed body: exact), or a line:column inside a body's text (JSON or SSE), mapped onto
the file by `file_positions` (exact inside a YAML block scalar; inside a quoted or JSON
string, the string's own place).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.loading import recording
from toolkit.loading.payload import InteractionPayload
from toolkit.loading.sse import StreamEvent, StreamReader
from toolkit.rules.assembly import Assembly, StreamAssembler
from toolkit.rules.stream import StreamCheck, StreamState

# (payload, kind, the request it answers, a streamed response's assembly) -> findings
Check = Callable[[dict[str, Any], str, Any, Any], Iterable[tuple[str, Finding]]]
REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a finding is: `pointer` in the file's document; with `line`, a 1-based
    line:column inside the text of the body at `pointer` instead."""

    pointer: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Located:
    code: str
    finding: Finding
    place: Place


def _json_positions(text: str, pointers: list[str]) -> Callable[[str], tuple[int, int]]:
    from toolkit.positions.json import locate_json

    source = locate_json(text, pointers)
    return lambda pointer: source.locate(pointer)


def _event_place(body: str, event: StreamEvent, pointer: str) -> Place:
    line, column = _json_positions(event.data, [pointer])(pointer)
    if line == 1:
        return Place(body, event.line, event.column + column - 1)
    return Place(body, event.line + line - 1, column)


@dataclass(slots=True)
class StreamChecks:
    """Everything checked on a stream, in one pass over its events: each chunk's schema
    and rules (`check`), and the stream checks (ORT31x)."""

    check: Check
    stream_checks: Sequence[tuple[str, StreamCheck]]
    keep_text: bool = False  # assemble the whole response (for the pair checks)
    assembler: StreamAssembler = field(init=False, default_factory=StreamAssembler)
    origins: dict[int, StreamEvent] = field(init=False, default_factory=dict)
    events: int = field(init=False, default=0)  # events read
    last_line: int = field(init=False, default=0)  # of the stream's text

    def run(self, text: Any, body: str = "", part: str | None = None) -> Iterator[Located]:
        state = StreamState()
        self.assembler = StreamAssembler(keep_text=self.keep_text)
        self.origins = {}  # the events that assembled values point to
        reader = StreamReader(text)
        for event in reader:
            if event.chunk is not None:
                for code, finding in self.check(event.chunk, "chunk", None, None):
                    place = _event_place(body, event, finding.pointer)
                    yield Located(code, replace(finding, part=part, event=event.number), place)
                if self.keep_text:
                    self.assembler.add(event.chunk, event.number)
            for code, stream_check in self.stream_checks:
                for finding in stream_check(event, state):
                    yield self._located(code, finding, body, event, part)
            before = _origin_count(state.assembler.assembly, self.assembler.assembly)
            state.observe(event)
            if _origin_count(state.assembler.assembly, self.assembler.assembly) != before:
                self.origins[event.number] = event
        self.last_line = reader.end.lines if reader.end is not None else 0
        for code, stream_check in self.stream_checks:
            for finding in stream_check(None, state):
                yield self._located(code, finding, body, None, part)
        self.events = state.events

    def place_of(self, body: str, finding: Finding, event: StreamEvent | None = None) -> Place:
        """The place of a finding about event `finding.event` (the current `event`, or
        one an assembled value came from); the body itself otherwise."""
        if finding.event is not None and (event is None or event.number != finding.event):
            event = self.origins.get(finding.event)
        if event is None or finding.event != event.number:  # the end of the stream
            return Place(body, self.last_line, 1) if self.last_line else Place(body)
        if event.chunk is None:
            return Place(body, event.line, event.column)
        return _event_place(body, event, finding.pointer)

    def _located(
        self, code: str, finding: Finding, body: str, event: StreamEvent | None, part: str | None
    ) -> Located:
        return Located(code, replace(finding, part=part), self.place_of(body, finding, event))


def _origin_count(*assemblies: Assembly) -> int:
    return sum(
        len(a.tool_call_names) + len(a.tool_call_arguments) + len(a.choice_events)
        for a in assemblies
    )


def _parse_body(body: recording.Body) -> tuple[Any, str | None]:
    if not body.is_text:
        return body.value, None
    try:
        return json.loads(body.value), None
    except ValueError as error:
        return None, f"is not JSON ({error})"


def _body_findings(
    body: recording.Body, found: list[tuple[str, Finding]], part: str
) -> Iterator[Located]:
    if body.is_text and not body.decoded:
        positions = _json_positions(body.value, [f.pointer for _, f in found])
    for code, finding in found:
        if not body.is_text:
            place = Place(body.pointer + finding.pointer)
        elif body.decoded:
            place = Place(body.pointer)  # base64 in the file: the string is all there is
        else:
            line, column = positions(finding.pointer)
            place = Place(body.pointer, line, column)
        yield Located(code, replace(finding, part=part), place)


def _not_json(body: recording.Body, part: str, problem: str, what: str) -> Located:
    message = f"the {part} body {problem}; expected {what}"
    return Located("ORT003", Finding("", message, part=part), Place(body.pointer))


def check_interaction(
    interaction: recording.Interaction,
    check: Check,
    stream_checks: Sequence[tuple[str, StreamCheck]],
) -> Iterator[Located]:
    """The findings of one `POST .../chat/completions` interaction."""
    request: dict[str, Any] | None = None
    if interaction.request is not None:
        data, problem = _parse_body(interaction.request)
        if problem is not None or not isinstance(data, dict):
            problem = problem or "is not a JSON object"
            yield _not_json(interaction.request, REQUEST, problem, "a JSON request")
        else:
            request = data
            found = list(check(data, REQUEST, None, None))
            yield from _body_findings(interaction.request, found, REQUEST)
    body = interaction.response
    if body is None:
        return
    kind = recording.response_kind(interaction)
    if kind != recording.STREAM:
        data, problem = _parse_body(body)
        if problem is not None or not isinstance(data, dict):
            problem = problem or "is not a JSON object"
            yield _not_json(body, RESPONSE, problem, "a JSON completion or error body")
            return
        answered = request if kind == recording.COMPLETION else None
        payload_kind = "error" if kind == recording.ERROR else RESPONSE
        yield from _body_findings(body, list(check(data, payload_kind, answered, None)), RESPONSE)
        return
    checks = StreamChecks(check, stream_checks, keep_text=True)
    yield from checks.run(body.value, body.pointer, part=RESPONSE)
    if request is None or not checks.events:
        return
    assembly = checks.assembler.result()
    # only the pair checks: the chunks had their schema and rules one by one
    for code, finding in check(assembly.response, "exchange", request, assembly):
        finding = replace(finding, part=RESPONSE)
        yield Located(code, finding, checks.place_of(body.pointer, finding))


# --- positions in the file --------------------------------------------------------------


def file_positions(
    payload: InteractionPayload, places: list[Place]
) -> list[tuple[int | None, int | None]]:
    """1-based line:column in the file of each place (None where the file has no text)."""
    if payload.syntax == "yaml":
        return _yaml_positions(payload.text, places)
    from toolkit.positions.json import locate_json

    source = locate_json(payload.text, {place.pointer for place in places})
    return [source.locate(place.pointer) for place in places]


def _yaml_positions(text: str, places: list[Place]) -> list[tuple[int | None, int | None]]:
    from toolkit.loading.yaml import compose_document
    from toolkit.positions.yaml import source_map

    root = compose_document(text, 0)
    source = source_map(root)
    lines = text.splitlines()
    located: list[tuple[int | None, int | None]] = []
    for place in places:
        line, column = source.locate(place.pointer)
        node = _node_at(root, place.pointer)
        style = getattr(node, "style", None)
        if place.line is not None and style in ("|", ">") and place.column is not None:
            # a block scalar: its text starts on the line after the indicator, indented
            first = node.start_mark.line + 1  # 0-based index of the first content line
            target = first + place.line - 1
            if target < len(lines):
                row = lines[first] if first < len(lines) else ""
                indent = len(row) - len(row.lstrip(" "))
                line, column = target + 1, indent + place.column
        located.append((line, column))
    return located


def _node_at(root: Any, pointer: str) -> Any:
    from toolkit.pointers import split_pointer

    node = root
    for token in split_pointer(pointer):
        if node.id == "mapping":
            node = next((v for k, v in node.value if str(k.value) == token), None)
        elif node.id == "sequence" and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            return None
        if node is None:
            return None
    return node
