"""The httpx hooks, through the real openai SDK, against a mock transport (no network)."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")
openai = pytest.importorskip("openai")

import toolkit  # noqa: E402

BASE_URL = "https://openrouter.test/api/v1"
COMPLETION = {
    "id": "gen-1",
    "object": "chat.completion",
    "created": 1730000000,
    "model": "openai/gpt-4o",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Paris."},
        }
    ],
    "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
}
MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]
OPENROUTER_FIELDS = {
    "provider": {"sort": "throughput", "allow_fallbacks": True, "data_collection": "deny"},
    "reasoning": {"effort": "low"},
    "plugins": [{"id": "web", "max_results": 3}],
}


class Server:
    """The handler of a mock transport: records every request body it receives."""

    def __init__(self, http: Any) -> None:
        self.http = http
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: Any) -> Any:
        self.bodies.append(json.loads(request.content))
        return self.http.Response(200, json=COMPLETION)


@pytest.fixture(params=["httpx", "httpx2"])
def server(request: pytest.FixtureRequest) -> Server:
    """A mock OpenRouter behind `httpx` and behind `httpx2` (openai's default client since 3.x)."""
    return Server(pytest.importorskip(request.param))


def sync_client(server: Server, **hook_options: Any) -> Any:
    http = server.http
    hooks = {"request": [toolkit.httpx_hook(**hook_options)]}
    return openai.OpenAI(
        base_url=BASE_URL,
        api_key="k",
        max_retries=0,
        http_client=http.Client(transport=http.MockTransport(server), event_hooks=hooks),
    )


def async_client(server: Server, **hook_options: Any) -> Any:
    http = server.http
    hooks = {"request": [toolkit.async_httpx_hook(**hook_options)]}
    return openai.AsyncOpenAI(
        base_url=BASE_URL,
        api_key="k",
        max_retries=0,
        http_client=http.AsyncClient(transport=http.MockTransport(server), event_hooks=hooks),
    )


def sync_create(server: Server, hook_options: dict[str, Any], **kwargs: Any) -> Any:
    with sync_client(server, **hook_options) as client:
        return client.chat.completions.create(model="openai/gpt-4o", messages=MESSAGES, **kwargs)


def async_create(server: Server, hook_options: dict[str, Any], **kwargs: Any) -> Any:
    async def go() -> Any:
        async with async_client(server, **hook_options) as client:
            return await client.chat.completions.create(
                model="openai/gpt-4o", messages=MESSAGES, **kwargs
            )

    return asyncio.run(go())


Create = Callable[..., Any]
BOTH = pytest.mark.parametrize("create", [sync_create, async_create], ids=["sync", "async"])

INVALID = [
    pytest.param({"temperature": 3}, "/temperature", id="temperature"),
    pytest.param(
        {"extra_body": {"provider": {"sort": "cheapest"}}}, "/provider/sort", id="provider-sort"
    ),
]


@BOTH
def test_valid_request_with_openrouter_fields_reaches_the_server(
    create: Create, server: Server
) -> None:
    completion = create(server, {}, temperature=0.2, extra_body=OPENROUTER_FIELDS)
    assert completion.choices[0].message.content == "Paris."
    [body] = server.bodies
    assert body["provider"] == OPENROUTER_FIELDS["provider"]
    assert body["reasoning"] == {"effort": "low"}
    assert body["plugins"] == [{"id": "web", "max_results": 3}]
    assert body["temperature"] == 0.2


@BOTH
@pytest.mark.parametrize(("kwargs", "pointer"), INVALID)
def test_invalid_request_raises_before_it_is_sent(
    create: Create, server: Server, kwargs: dict[str, Any], pointer: str
) -> None:
    with pytest.raises(toolkit.PayloadError) as caught:
        create(server, {}, **kwargs)
    assert server.bodies == []
    errors = [d for d in caught.value.diagnostics if d.severity is toolkit.Severity.ERROR]
    assert [d.pointer for d in errors] == [pointer]
    assert errors[0].code.startswith("ORT1")
    assert pointer.rsplit("/", 1)[-1] in str(caught.value)


@BOTH
def test_on_error_log_sends_the_request_and_logs_a_warning(
    create: Create, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("test.ortk.guard")
    with caplog.at_level(logging.WARNING, logger="test.ortk.guard"):
        create(server, {"on_error": "log", "logger": logger}, temperature=3)
    assert [body["temperature"] for body in server.bodies] == [3]
    [record] = [r for r in caplog.records if r.name == "test.ortk.guard"]
    assert record.levelno == logging.WARNING
    assert "sent anyway" in record.getMessage()
    assert "temperature" in record.getMessage()


def test_on_error_log_uses_the_module_logger_by_default(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="toolkit.httpx_guard"):
        sync_create(server, {"on_error": "log"}, temperature=3)
    assert len(server.bodies) == 1
    assert any(r.name == "toolkit.httpx_guard" and "ORT1" in r.getMessage() for r in caplog.records)


def test_streaming_request_is_checked_too(server: Server) -> None:
    """`stream=True` is a JSON body like any other: the guard still sees it."""
    with pytest.raises(toolkit.PayloadError):
        sync_create(server, {}, stream=True, temperature=3)
    assert server.bodies == []


# --- the hook on its own, with plain httpx ------------------------------------------------


def plain_client(seen: list[Any], **hook_options: Any) -> Any:
    def handler(request: Any) -> Any:
        seen.append(request)
        return httpx.Response(200, json={})

    return httpx.Client(
        transport=httpx.MockTransport(handler),
        event_hooks={"request": [toolkit.httpx_hook(**hook_options)]},
    )


@pytest.mark.parametrize(
    ("method", "url", "options"),
    [
        pytest.param("GET", f"{BASE_URL}/chat/completions", {}, id="get"),
        pytest.param(
            "POST", f"{BASE_URL}/embeddings", {"json": {"temperature": 3}}, id="other-path"
        ),
        pytest.param(
            "POST",
            f"{BASE_URL}/chat/completions",
            {"content": iter([b'{"temperature": 3}'])},
            id="streaming-body",
        ),
        pytest.param(
            "POST",
            f"{BASE_URL}/chat/completions",
            {"files": {"f": ("a.json", b'{"temperature": 3}')}},
            id="multipart",
        ),
        pytest.param(
            "POST",
            f"{BASE_URL}/chat/completions",
            {
                "content": b"\x1f\x8b...",
                "headers": {"content-encoding": "gzip", "content-type": "application/json"},
            },
            id="compressed",
        ),
    ],
)
def test_requests_the_guard_does_not_check_pass_untouched(
    method: str, url: str, options: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[Any] = []
    with caplog.at_level(logging.WARNING, logger="toolkit.httpx_guard"), plain_client(seen) as c:
        assert c.request(method, url, **options).status_code == 200
    assert len(seen) == 1
    said = [r.getMessage() for r in caplog.records if r.name == "toolkit.httpx_guard"]
    if method == "POST" and url.endswith("/chat/completions"):  # unchecked: it says so
        assert len(said) == 1 and "not checked" in said[0], said
    else:
        assert said == []


@pytest.mark.parametrize(
    ("content", "code"), [(b"not json {", "ORT003"), (b"[1, 2]", "ORT006"), (b"\xff", "ORT002")]
)
def test_a_body_it_cannot_parse_is_not_let_through_in_silence(
    content: bytes, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[Any] = []
    with plain_client(seen) as client, pytest.raises(toolkit.PayloadError) as raised:
        client.post(f"{BASE_URL}/chat/completions", content=content)
    assert seen == [] and [d.code for d in raised.value.diagnostics] == [code]
    with (
        caplog.at_level(logging.WARNING, logger="toolkit.httpx_guard"),
        plain_client(seen, on_error="log") as client,
    ):
        client.post(f"{BASE_URL}/chat/completions", content=content)
    assert len(seen) == 1
    assert any(code in r.getMessage() for r in caplog.records), caplog.records


def test_warnings_alone_never_raise(caplog: pytest.LogCaptureFixture) -> None:
    """A payload with only warning-severity findings is sent; the warnings are logged at
    INFO, once per distinct code."""
    payload = {"model": "openai/gpt-4o", "messages": MESSAGES, "x_trace_tag": 0.7}
    diagnostics = toolkit.validate_request(payload)
    assert diagnostics
    assert all(d.severity is not toolkit.Severity.ERROR for d in diagnostics)
    seen: list[Any] = []
    with caplog.at_level(logging.INFO, logger="toolkit.httpx_guard"), plain_client(seen) as c:
        c.post(f"{BASE_URL}/chat/completions", json=payload)
        c.post(f"{BASE_URL}/chat/completions", json=payload)  # the same code: not again
    assert len(seen) == 2
    [record] = [r for r in caplog.records if r.name == "toolkit.httpx_guard"]
    assert record.levelno == logging.INFO
    assert "has warnings" in record.getMessage()
    assert "x_trace_tag" in record.getMessage()


def test_the_guard_takes_the_configuration_of_the_cli() -> None:
    """`select=`/`ignore=`/`config=`: a team's ignores and severities apply to the guard."""
    payload = {"model": "openai/gpt-4o", "messages": MESSAGES, "temperature": 3}
    seen: list[Any] = []
    with plain_client(seen, ignore=["ORT105"]) as c:
        c.post(f"{BASE_URL}/chat/completions", json=payload)  # ignored: not raised
    assert len(seen) == 1
    lowered = toolkit.Config(severity={"ORT1": "warning"})
    with plain_client(seen, config=lowered) as c:
        c.post(f"{BASE_URL}/chat/completions", json=payload)
    assert len(seen) == 2
    with pytest.raises(toolkit.PayloadError), plain_client(seen) as c:
        c.post(f"{BASE_URL}/chat/completions", json=payload)


def test_diagnostics_are_the_same_as_validate_request() -> None:
    payload = {"model": "openai/gpt-4o", "messages": MESSAGES, "temperature": 3, "top_k": -1}
    seen: list[Any] = []
    with plain_client(seen) as client, pytest.raises(toolkit.PayloadError) as caught:
        client.post(f"{BASE_URL}/chat/completions/", json=payload)
    assert caught.value.diagnostics == toolkit.validate_request(payload)
    assert seen == []


def test_bad_on_error_is_refused_at_creation() -> None:
    with pytest.raises(ValueError, match="on_error"):
        toolkit.httpx_hook(on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="on_error"):
        toolkit.async_httpx_hook(on_error="warn")  # type: ignore[arg-type]


def test_import_toolkit_does_not_import_httpx() -> None:
    code = (
        "import sys, toolkit; toolkit.httpx_hook(); print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('httpx', 'httpx2', 'openai')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
