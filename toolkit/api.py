"""The library calls: validate_* return diagnostics, check_* return typed models.

Pure functions over plain values: the payload is coerced (dict, model, JSON text or
bytes) and handed to the pipeline. Never prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from toolkit import loading
from toolkit.checking import check_interaction, check_payload, check_stream, file_diagnostics
from toolkit.config import Config
from toolkit.diagnostics import Diagnostic, PayloadError, Severity
from toolkit.kinds import parse_kind
from toolkit.loading import FileProblem, InteractionPayload, Payload, StreamPayload
from toolkit.loading.files import decode
from toolkit.pipeline import lint_paths

Model = TypeVar("Model", bound="BaseModel")

if TYPE_CHECKING:
    from pydantic import BaseModel

    from toolkit.loading.sse import StreamEvent
    from toolkit.models import ChatChunk, ChatRequest, ChatResponse, ErrorResponse

__all__ = [
    "apply_fixes",
    "assemble_stream",
    "check_chunk",
    "check_error",
    "check_request",
    "check_response",
    "lint_paths",
    "read_stream",
    "resolve_config",
    "validate",
    "validate_chunk",
    "validate_error",
    "validate_exchange",
    "validate_request",
    "validate_response",
    "validate_stream",
]


def resolve_config(
    config: Config | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    models: Any = None,
) -> Config:
    """The configuration a library call uses, as the CLI would: `config` (a `Config`, from
    `load_config()` for the project's), with `select`/`ignore` over it as on the command
    line, and `models` (see `validate`) over its model catalog. The default is none:
    every code at its default severity, the bundled catalog."""
    config = config or Config()
    if models is not None:
        from dataclasses import replace

        config = replace(config, models=models)
    if select is None and ignore is None:
        return config
    return config.with_overrides(select or (), ignore or ())


def _as_payload(value: Any) -> Payload | list[FileProblem]:
    """A dict, a pydantic model, or JSON text/bytes as a payload to check."""
    if isinstance(value, dict):
        return _in_memory(value)
    if hasattr(value, "model_dump") and callable(value.model_dump):
        # ortk models: the wire format
        return _in_memory(value.model_dump(mode="json", by_alias=True))
    if isinstance(value, bytes | bytearray):
        try:
            value = decode(bytes(value))
        except loading.LoadProblem as error:
            return [
                loading.problem(
                    "<payload>", error.code, error.message, line=error.line, column=error.column
                )
            ]
    if isinstance(value, str):
        items = list(loading.load_text(value, file="<payload>"))
        payloads = [item for item in items if isinstance(item, Payload)]
        problems = [item for item in items if isinstance(item, FileProblem)]
        if problems or not payloads:
            return problems
        return payloads[0]
    raise TypeError(
        f"expected a dict, a toolkit.models model, or JSON str/bytes, not {type(value).__name__}"
    )


def _in_memory(data: dict[str, Any]) -> Payload | list[FileProblem]:
    """A caller's dict as a payload; the numbers JSON text cannot carry are ORT007, as
    in a file (the schema engine would see an integer of 5,000 digits as null)."""
    from toolkit.limits import MAX_DEPTH
    from toolkit.loading.json import deeper_than, numbers_json_cannot_carry

    if deeper_than(data, MAX_DEPTH):  # (a dict that contains itself is infinitely deep)
        return [
            loading.problem(
                "<payload>",
                "ORT009",
                f"payload is nested more than {MAX_DEPTH} levels deep (or contains itself); "
                "a payload nests a few dozen levels at most",
            )
        ]
    problems = [
        loading.problem(
            "<payload>",
            "ORT007",
            f"{what} is not a JSON number a request can carry; use a finite number",
            pointer=pointer,
        )
        for pointer, what in numbers_json_cannot_carry(data)
    ]
    return problems or Payload(file="<payload>", data=data, source="", syntax="json")


def validate(
    payload: Any,
    kind: str,
    *,
    config: Config | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    models: Any = None,
) -> list[Diagnostic]:
    """Every diagnostic of `payload` as a payload of `kind` ("request", "auto", ...),
    with the severities and selection of `config`, `select` and `ignore` (see
    `resolve_config`).

    `models` is the model catalog requests are checked against (ORT4xx): None the
    config's (by default the bundled one), the path of a `GET /api/v1/models` response,
    a loaded `toolkit.catalog.Catalog`, or False for none. A file is read once per
    process (again when it changes); a bad one raises `toolkit.catalog.CatalogError`.
    """
    checked_kind = parse_kind(kind, allow_auto=True)
    settings = resolve_config(config, select, ignore, models)
    loaded = _as_payload(payload)
    if isinstance(loaded, list):
        return file_diagnostics(loaded, settings)
    return sorted(check_payload(loaded, checked_kind, settings), key=Diagnostic.sort_key)


def validate_request(payload: Any, **options: Any) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of a chat-completions request; `options`:
    ``config=``, ``select=``, ``ignore=``, ``models=`` (the model catalog) as for
    `validate`."""
    return validate(payload, "request", **options)


def validate_response(payload: Any, **options: Any) -> list[Diagnostic]:
    """Every diagnostic of a non-streaming chat-completions response."""
    return validate(payload, "response", **options)


def validate_chunk(payload: Any, **options: Any) -> list[Diagnostic]:
    """Every diagnostic of one streaming chunk (an SSE `data:` object)."""
    return validate(payload, "chunk", **options)


def validate_error(payload: Any, **options: Any) -> list[Diagnostic]:
    """Every diagnostic of an error body (`{"error": {"code": ..., "message": ...}}`)."""
    return validate(payload, "error", **options)


def _check(payload: Any, kind: str, options: dict[str, Any]) -> dict[str, Any]:
    settings = resolve_config(**options)
    loaded = _as_payload(payload)
    if isinstance(loaded, list):
        raise PayloadError(sorted(file_diagnostics(loaded, settings), key=Diagnostic.sort_key))
    diagnostics = check_payload(loaded, kind, settings)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise PayloadError(sorted(diagnostics, key=Diagnostic.sort_key))
    data: dict[str, Any] = _integral_floats_as_ints(loaded.data)
    return data


def _model(cls: type[Model], data: dict[str, Any]) -> Model:
    """`cls` built from a payload the linter passed; what the models still refuse is a
    `PayloadError` too (never pydantic's `ValidationError`): a lone surrogate, which
    pydantic-core (Rust) cannot hold as a string, is ORT002 (not encodable as UTF-8);
    anything else would be a disagreement between `schema/` and the models (ORT109)."""
    from pydantic import ValidationError

    from toolkit.pointers import to_pointer

    try:
        return cls.model_validate(data)
    except ValidationError as error:
        problems = [
            Diagnostic(
                code="ORT002" if item["type"] == "string_unicode" else "ORT109",
                severity=Severity.ERROR,
                pointer=to_pointer([str(part) for part in item["loc"]]),
                message="a lone surrogate (half of a UTF-16 pair) cannot be encoded as UTF-8; "
                "remove it or complete the pair"
                if item["type"] == "string_unicode"
                else f"the models reject this: {item['msg']}",
                file="<payload>",
            )
            for item in error.errors(include_url=False, include_input=False)
        ]
        raise PayloadError(problems) from None


def _integral_floats_as_ints(value: Any) -> Any:
    """`1e2` and `100.0` are integers to JSON Schema (and to the API): to the models'
    strict integer fields too (their float fields take ints as floats). A copy."""
    if type(value) is dict:
        return {key: _integral_floats_as_ints(child) for key, child in value.items()}
    if type(value) is list:
        return [_integral_floats_as_ints(child) for child in value]
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def check_request(payload: Any, **options: Any) -> ChatRequest:
    """The payload as a `ChatRequest`, or `PayloadError` listing every problem (the model
    catalog's too); `options`: ``config=``, ``select=``, ``ignore=``, ``models=`` as for
    `validate`."""
    from toolkit.models import ChatRequest

    return _model(ChatRequest, _check(payload, "request", options))


def check_response(payload: Any, **options: Any) -> ChatResponse:
    from toolkit.models import ChatResponse

    return _model(ChatResponse, _check(payload, "response", options))


def check_chunk(payload: Any, **options: Any) -> ChatChunk:
    from toolkit.models import ChatChunk

    return _model(ChatChunk, _check(payload, "chunk", options))


def check_error(payload: Any, **options: Any) -> ErrorResponse:
    from toolkit.models import ErrorResponse

    return _model(ErrorResponse, _check(payload, "error", options))


def apply_fixes(payload: Any, kind: str = "auto", **options: Any) -> dict[str, Any]:
    """A copy of `payload` with the safe fixes of its diagnostics applied (what
    ``ortk lint --fix`` writes), in memory; the payload itself is left as it was."""
    import copy

    from toolkit.fixing import patch_payload

    loaded = _as_payload(payload)
    if isinstance(loaded, list):
        raise PayloadError(sorted(file_diagnostics(loaded), key=Diagnostic.sort_key))
    fixed: dict[str, Any] = copy.deepcopy(loaded.data)
    diagnostics = validate(fixed, kind, **options)
    patch_payload(fixed, [d.fix for d in diagnostics if d.fix is not None])
    return fixed


# --- recorded traffic -------------------------------------------------------------------


def read_stream(data: Any) -> Iterator[StreamEvent]:
    """The `data:` events of an SSE transcript (text, bytes, an open file or an iterable
    of lines), one at a time: numbered from 1, comments not counted, `[DONE]` counted.
    Each has its parsed `chunk` (None for `[DONE]` or data that is not a JSON object,
    with `problem` saying why)."""
    from toolkit.loading.sse import read_stream as read

    return read(data)


def assemble_stream(events: Any) -> ChatResponse:
    """The complete response a stream's chunks make (content, reasoning, tool calls with
    their arguments joined, usage, finish reasons), as the openai SDK's stream helpers
    rebuild it: to compare a stream with a non-streaming answer.

    `events` are `read_stream` events, chunk dicts, or the SSE transcript itself. Raises
    `PayloadError` when the assembled response is not a valid response.
    """
    from pydantic import ValidationError

    from toolkit.models import ChatResponse
    from toolkit.rules.assembly import StreamAssembler

    if isinstance(events, str | bytes | bytearray) or hasattr(events, "read"):
        events = read_stream(events)
    assembler = StreamAssembler()
    for number, event in enumerate(events, start=1):
        chunk = event if isinstance(event, dict) else getattr(event, "chunk", None)
        if isinstance(chunk, dict):
            assembler.add(chunk, getattr(event, "number", number))
    response = assembler.result().response
    try:
        return ChatResponse.model_validate(response)
    except ValidationError:
        raise PayloadError(validate_response(response) or []) from None


def validate_stream(data: Any) -> list[Diagnostic]:
    """Every diagnostic of an SSE transcript (text, bytes, an open file or an iterable of
    lines): each chunk's schema and rules with its `event`, and the stream checks
    (ORT31x). Lines and columns are the transcript's own."""
    if isinstance(data, bytes | bytearray):
        try:
            data = decode(bytes(data))
        except loading.LoadProblem as error:
            return file_diagnostics([loading.problem("<stream>", error.code, error.message)])
    payload = StreamPayload(file="<stream>", path="", text=data)
    return sorted(check_stream(payload), key=Diagnostic.sort_key)


def validate_exchange(request: Any, response: Any) -> list[Diagnostic]:
    """Every diagnostic of a request and its own response: each checked as what it is
    (`part` says which), and the pair checks (ORT5xx: tool calls against the declared
    tools, structured output against `response_format`, logprobs, stream or not).

    `request` is a dict or JSON text; `response` a completion or error body (dict or
    JSON text) or a stream (SSE text or bytes). An error body (one with a top-level
    `error` and no `choices`) is checked as one, without the pair checks.
    """
    from toolkit.loading import recording

    if isinstance(response, bytes | bytearray):
        response = decode(bytes(response))
    error_body = isinstance(response, dict) and "error" in response and "choices" not in response
    interaction = recording.Interaction(
        record=1,
        pointer="",
        method="POST",
        url="/chat/completions",
        status=400 if error_body else None,
        response_type="",
        request=recording.Body(request, ""),
        response=recording.Body(response, ""),
    )
    payload = InteractionPayload(file="<exchange>", interaction=interaction, text="", syntax="")
    return sorted(check_interaction(payload), key=Diagnostic.sort_key)
