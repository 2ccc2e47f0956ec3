"""Request/response pairs out of recordings: vcrpy cassettes and HAR 1.2 files.

Works on the document as loaded (plain dicts and lists) and says, for each body, the
JSON Pointer where it sits in the file, so diagnostics inside a body can be placed on
the file's own lines. Only `POST .../chat/completions` interactions are linted; the
others are counted. A leaf: nothing of ortk imported.

Formats read (each seen in public test suites that record OpenRouter):
- vcrpy: ``request: {method, uri, headers, body}``, ``response: {status: {code},
  headers, body: {string}}``; the body a string (JSON text or SSE text) or null.
- pydantic-ai's cassettes (pydantic/pydantic-ai ``tests/models/cassettes/test_openrouter``):
  ``parsed_body`` (the JSON already parsed) in place of ``body``, or ``body: {type:
  json|text, content}``, and ``status: 200`` as a bare number.
- HAR 1.2: ``log.entries[].request.{method, url, postData.text}``,
  ``.response.{status, content.{mimeType, text, encoding}}``; ``encoding: base64``
  means the text is base64.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True, slots=True)
class Body:
    """A recorded body: a parsed mapping, or text; `pointer` is its place in the file."""

    value: Any
    pointer: str
    decoded: bool = False  # the file holds it base64-encoded: no position inside it

    @property
    def is_text(self) -> bool:
        return isinstance(self.value, str)


@dataclass(frozen=True, slots=True)
class Interaction:
    record: int  # 1-based
    pointer: str  # of the interaction (or HAR entry) in the file
    method: str
    url: str
    status: int | None
    response_type: str  # the response's content type, lower case ("" when not recorded)
    request: Body | None
    response: Body | None

    @property
    def is_chat_completion(self) -> bool:
        path = urlsplit(self.url).path.rstrip("/")
        return self.method.upper() == "POST" and path.endswith("/chat/completions")


class RecordingError(ValueError):
    """The document is not a cassette / HAR file ortk can read; `pointer` says where."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer


def is_cassette(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("interactions"), list)
        and all(isinstance(i, dict) and "request" in i for i in data["interactions"][:3])
    )


def is_har(data: Any) -> bool:
    log = data.get("log") if isinstance(data, dict) else None
    return isinstance(log, dict) and isinstance(log.get("entries"), list)


# --- vcrpy ------------------------------------------------------------------------------


def cassette_interactions(data: Any) -> Iterator[Interaction]:
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise RecordingError("not a cassette: no top-level `interactions` list")
    for index, item in enumerate(data["interactions"]):
        pointer = f"/interactions/{index}"
        if not isinstance(item, dict):
            raise RecordingError("an interaction must be a mapping", pointer)
        request = item.get("request")
        response = item.get("response")
        if not isinstance(request, dict):
            raise RecordingError("the interaction has no `request` mapping", pointer)
        response = response if isinstance(response, dict) else {}
        yield Interaction(
            record=index + 1,
            pointer=pointer,
            method=str(request.get("method", "")),
            url=str(request.get("uri", request.get("url", ""))),
            status=_status(response.get("status")),
            response_type=_header(response.get("headers"), "content-type"),
            request=_cassette_body(request, f"{pointer}/request"),
            response=_cassette_body(response, f"{pointer}/response"),
        )


def _status(status: Any) -> int | None:
    if isinstance(status, dict):
        status = status.get("code")
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    return status if isinstance(status, int) and not isinstance(status, bool) else None


def _header(headers: Any, name: str) -> str:
    """A header's value: vcrpy records `{name: [values]}`, HAR `[{name, value}]`."""
    if isinstance(headers, dict):
        for key, value in headers.items():
            if isinstance(key, str) and key.lower() == name:
                value = value[0] if isinstance(value, list) and value else value
                return value.lower() if isinstance(value, str) else ""
    if isinstance(headers, list):
        for header in headers:
            if isinstance(header, dict) and str(header.get("name", "")).lower() == name:
                value = header.get("value")
                return value.lower() if isinstance(value, str) else ""
    return ""


def _cassette_body(part: dict[str, Any], pointer: str) -> Body | None:
    if "parsed_body" in part:
        return Body(part["parsed_body"], f"{pointer}/parsed_body")
    body = part.get("body")
    if isinstance(body, dict):
        if "string" in body:
            return _text_body(body["string"], f"{pointer}/body/string")
        if "content" in body:  # pydantic-ai: {type: json|text, content}
            return _text_body(body["content"], f"{pointer}/body/content")
        return None
    return _text_body(body, f"{pointer}/body")


def _text_body(value: Any, pointer: str) -> Body | None:
    if value is None or value == "":
        return None
    return Body(value, pointer)


# --- HAR --------------------------------------------------------------------------------


def har_interactions(data: Any) -> Iterator[Interaction]:
    if not is_har(data):
        raise RecordingError("not a HAR file: no `log.entries` list")
    for index, entry in enumerate(data["log"]["entries"]):
        pointer = f"/log/entries/{index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("request"), dict):
            raise RecordingError("a HAR entry needs a `request` object", pointer)
        request = entry["request"]
        response: dict[str, Any] = (
            entry["response"] if isinstance(entry.get("response"), dict) else {}
        )
        post = request.get("postData")
        content = response.get("content")
        response_type = _header(response.get("headers"), "content-type")
        if isinstance(content, dict) and isinstance(content.get("mimeType"), str):
            response_type = response_type or content["mimeType"].lower()
        yield Interaction(
            record=index + 1,
            pointer=pointer,
            method=str(request.get("method", "")),
            url=str(request.get("url", "")),
            status=_status(response.get("status")),
            response_type=response_type,
            request=_har_text(post, f"{pointer}/request/postData"),
            response=_har_text(content, f"{pointer}/response/content"),
        )


def _har_text(holder: Any, pointer: str) -> Body | None:
    if not isinstance(holder, dict) or not isinstance(holder.get("text"), str):
        return None
    text = holder["text"]
    if str(holder.get("encoding", "")).lower() != "base64":
        return _text_body(text, f"{pointer}/text")
    try:
        raw = base64.b64decode(text, validate=False)
        decoded = raw.decode("utf-8-sig")
    except (binascii.Error, ValueError) as error:
        raise RecordingError(
            f"`encoding` is base64 but the text does not decode to UTF-8: {error}",
            f"{pointer}/text",
        ) from None
    return Body(decoded, f"{pointer}/text", decoded=True) if decoded else None


# --- what a response body is ------------------------------------------------------------

STREAM, COMPLETION, ERROR = "stream", "completion", "error"


def looks_like_sse(text: str) -> bool:
    """SSE by its first non-blank line: a `data:`, `event:`, `id:` field or a comment."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped.startswith((":", "data:", "event:", "id:", "retry:"))
    return False


def response_kind(interaction: Interaction) -> str:
    """`stream`, `error` or `completion`, by content type, status and content."""
    body = interaction.response
    if (
        body is not None
        and body.is_text
        and ("text/event-stream" in interaction.response_type or looks_like_sse(body.value))
    ):
        return STREAM
    if interaction.status is not None and interaction.status >= 400:
        return ERROR
    return COMPLETION
