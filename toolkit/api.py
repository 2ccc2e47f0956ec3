"""The library calls: validate_* return diagnostics, check_* return typed models.

Pure functions over plain values: the payload is coerced (dict, model, JSON text or
bytes) and handed to the pipeline. Never prints or exits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from toolkit import loading
from toolkit.diagnostics import Diagnostic, PayloadError, Severity
from toolkit.kinds import parse_kind
from toolkit.loading import FileProblem, Payload
from toolkit.loading.files import decode
from toolkit.pipeline import check_payload, file_diagnostics, lint_paths

Model = TypeVar("Model", bound="BaseModel")

if TYPE_CHECKING:
    from pydantic import BaseModel

    from toolkit.models import ChatChunk, ChatRequest, ChatResponse

__all__ = [
    "check_chunk",
    "check_request",
    "check_response",
    "lint_paths",
    "validate",
    "validate_chunk",
    "validate_request",
    "validate_response",
]


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


def validate(payload: Any, kind: str) -> list[Diagnostic]:
    """Every diagnostic of `payload` as a payload of `kind` ("request", "auto", ...)."""
    checked_kind = parse_kind(kind, allow_auto=True)
    loaded = _as_payload(payload)
    if isinstance(loaded, list):
        return file_diagnostics(loaded)
    return sorted(check_payload(loaded, checked_kind), key=Diagnostic.sort_key)


def validate_request(payload: Any) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of a chat-completions request."""
    return validate(payload, "request")


def validate_response(payload: Any) -> list[Diagnostic]:
    """Every diagnostic of a non-streaming chat-completions response."""
    return validate(payload, "response")


def validate_chunk(payload: Any) -> list[Diagnostic]:
    """Every diagnostic of one streaming chunk (an SSE `data:` object)."""
    return validate(payload, "chunk")


def _check(payload: Any, kind: str) -> dict[str, Any]:
    loaded = _as_payload(payload)
    if isinstance(loaded, list):
        raise PayloadError(sorted(file_diagnostics(loaded), key=Diagnostic.sort_key))
    diagnostics = check_payload(loaded, kind)
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


def check_request(payload: Any) -> ChatRequest:
    """The payload as a `ChatRequest`, or `PayloadError` listing every problem."""
    from toolkit.models import ChatRequest

    return _model(ChatRequest, _check(payload, "request"))


def check_response(payload: Any) -> ChatResponse:
    from toolkit.models import ChatResponse

    return _model(ChatResponse, _check(payload, "response"))


def check_chunk(payload: Any) -> ChatChunk:
    from toolkit.models import ChatChunk

    return _model(ChatChunk, _check(payload, "chunk"))
