"""Guard real HTTP clients: check chat-completions requests before they leave.

`httpx_hook()` and `async_httpx_hook()` return httpx request event hooks. Each
outgoing ``POST`` whose URL path ends with ``/chat/completions`` has its JSON
body checked by the same pipeline as ``ortk lint`` (`toolkit.api.validate_request`);
a request with an error-severity diagnostic raises `PayloadError` before it is
sent, or is logged and sent anyway with ``on_error="log"``. Warnings alone never
raise: they are logged at INFO, once per distinct code (a hot loop does not flood the
log). ``config=``, ``select=`` and ``ignore=`` apply a team's severities and ignores as
``ortk lint`` does (``config=toolkit.load_config()`` reads the project's). Other
requests, bodies that are not a JSON object and streaming bodies pass untouched.

httpx stays an optional dependency: this module never imports it. The hooks read
only ``method``, ``url.path``, ``headers`` and ``content`` of the request, so they
work with ``httpx`` and with its ``httpx2`` successor alike::

    client = openai.OpenAI(
        base_url="https://openrouter.ai/api/v1",
        api_key=key,
        http_client=httpx.Client(event_hooks={"request": [toolkit.httpx_hook()]}),
    )
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal, Protocol

from toolkit.api import resolve_config, validate_request
from toolkit.config import Config
from toolkit.diagnostics import Diagnostic, PayloadError, Report, Severity

__all__ = ["OnError", "async_httpx_hook", "httpx_hook"]

OnError = Literal["raise", "log"]

LOGGER_NAME = "toolkit.httpx_guard"
_PATH_SUFFIX = "/chat/completions"


class _URL(Protocol):
    @property
    def path(self) -> str: ...


class _Request(Protocol):
    """The part of an ``httpx.Request`` (or ``httpx2.Request``) that the hooks read."""

    @property
    def method(self) -> str: ...

    @property
    def url(self) -> _URL: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def content(self) -> bytes: ...


def httpx_hook(
    on_error: OnError = "raise",
    logger: logging.Logger | None = None,
    *,
    config: Config | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    models: Any = None,
) -> Callable[[Any], None]:
    """An ``httpx.Client`` request event hook that checks chat-completions requests.

    With ``on_error="raise"`` (the default) a request with an error-severity
    diagnostic raises `PayloadError` (its ``diagnostics`` list every problem)
    and is never sent. With ``on_error="log"`` the diagnostics are logged as a
    warning on `logger` (default: the ``toolkit.httpx_guard`` logger) and the
    request goes out. Warning-severity diagnostics are logged at INFO (once per code),
    never raised. `config`, `select`, `ignore`: as for `toolkit.validate_request`.
    `models` is the model catalog (`toolkit.api.validate`): the bundled one by default,
    a path or a `Catalog`, False for none; a catalog file is read here, once.
    """
    guard = _Guard(on_error, logger, resolve_config(config, select, ignore), models)

    def hook(request: Any) -> None:
        guard.check(request)

    return hook


def async_httpx_hook(
    on_error: OnError = "raise",
    logger: logging.Logger | None = None,
    *,
    config: Config | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    models: Any = None,
) -> Callable[[Any], Awaitable[None]]:
    """The same check as `httpx_hook`, as a coroutine hook for ``httpx.AsyncClient``."""
    guard = _Guard(on_error, logger, resolve_config(config, select, ignore), models)

    async def hook(request: Any) -> None:
        guard.check(request)

    return hook


class _Guard:
    """What both hooks do, with their options checked once, at creation."""

    def __init__(
        self, on_error: str, logger: logging.Logger | None, config: Config, models: Any
    ) -> None:
        if on_error not in ("raise", "log"):
            raise ValueError(f"on_error must be 'raise' or 'log', not {on_error!r}")
        if models is not None and models is not False:
            from toolkit.catalog import catalog_for

            models = catalog_for(models)  # (a bad file fails here, not on a request)
        self.models = models
        self.raise_errors = on_error == "raise"
        self.logger = logger or logging.getLogger(LOGGER_NAME)
        self.config = config
        self.logged_codes: set[str] = set()  # warnings already logged, by code

    def check(self, request: _Request) -> None:
        if not _is_chat_post(request):
            return
        body = _json_body(request)
        if isinstance(body, str):  # not checked: say so, never let it pass in silence
            self.logger.warning("ortk: %s %s not checked: %s", request.method, request.url, body)
            return
        # (bytes that are not a JSON object: ORT0xx)
        diagnostics = validate_request(body, config=self.config, models=self.models)
        if not diagnostics:
            return
        has_errors = any(d.severity is Severity.ERROR for d in diagnostics)
        if has_errors and self.raise_errors:
            raise PayloadError(diagnostics)
        if not has_errors:
            new = [d for d in diagnostics if d.code not in self.logged_codes]
            self.logged_codes.update(d.code for d in new)  # (a set: safe enough across threads)
            if new:
                self.logger.info(
                    "ortk: %s %s has warnings (each code is logged once)\n%s",
                    request.method,
                    request.url,
                    _render(new),
                )
            return
        self.logger.warning(
            "ortk: %s %s %s\n%s",
            request.method,
            request.url,
            "has errors; sent anyway (on_error='log')" if has_errors else "has warnings",
            _render(diagnostics),
        )


def _is_chat_post(request: _Request) -> bool:
    return request.method.upper() == "POST" and request.url.path.rstrip("/").endswith(_PATH_SUFFIX)


def _json_body(request: _Request) -> dict[str, Any] | bytes | str:
    """The body of a chat-completions POST: its JSON object, its bytes when they are not
    one (the linter says what is wrong with them), or why it cannot be checked."""
    headers = request.headers
    content_type = headers.get("content-type", "application/json").lower()
    if "json" not in content_type:
        return f"the body is {content_type}, not JSON"
    encoding = headers.get("content-encoding", "identity").lower()
    if encoding != "identity":
        return f"the body is compressed ({encoding})"  # not ours to inflate
    try:
        body = request.content
    except Exception as error:  # httpx.RequestNotRead: a streaming body, left unread
        if type(error).__name__ == "RequestNotRead":
            return "the body is streamed (not read before sending)"
        raise
    import orjson

    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return bytes(body)
    return data if isinstance(data, dict) else bytes(body)


def _render(diagnostics: list[Diagnostic]) -> str:
    from toolkit.report import render_text

    return render_text(Report(diagnostics, 0, 1), summary=False).rstrip()
