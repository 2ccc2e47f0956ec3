"""`ortk models refresh|info|show|list`, refresh against a real HTTP server on 127.0.0.1.

The server serves recorded bodies (a catalog, an OpenRouter error body, not a catalog);
every failure must be one clear line, exit code 2, and the old snapshot untouched.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CATALOGS = Path(__file__).parent / "catalogs"
REASONING = CATALOGS / "reasoning-models.json"


class _Server:
    """What the next GET answers: (status, headers, body); the requests it saw."""

    def __init__(self) -> None:
        self.answer: tuple[int, dict[str, str], bytes] = (200, {}, b"{}")
        self.seen: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.seen.append({"path": self.path, "headers": dict(self.headers)})
                status, headers, body = server.answer
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = (
            f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v1/models?output_modalities=all"
        )


@pytest.fixture
def server() -> Iterator[_Server]:
    served = _Server()
    thread = threading.Thread(target=served.httpd.serve_forever, daemon=True)
    thread.start()
    yield served
    served.httpd.shutdown()
    served.httpd.server_close()


def _catalog(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps({"data": rows}).encode()


def _rows() -> list[dict[str, Any]]:
    return json.loads(REASONING.read_text())["data"]


def test_refresh_writes_the_catalog_and_says_what_changed(
    server: _Server, tmp_path: Path, run_cli, monkeypatch
) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    snapshot = tmp_path / "models.json"
    server.answer = (200, {}, _catalog(_rows()))
    first = run_cli("models", "refresh", "--output", str(snapshot), "--url", server.url)
    assert first.exit_code == 0, first
    assert f"wrote {snapshot}: 4 models" in first.stdout
    assert "no previous snapshot" in first.stdout
    assert "Authorization" not in server.seen[0]["headers"]  # no key needed, none sent
    assert server.seen[0]["path"].endswith("?output_modalities=all")
    assert json.loads(snapshot.read_text())["data"][0]["id"] == "openai/o3"

    rows = _rows()
    rows[0]["context_length"] = 400000
    rows[0]["supported_parameters"].remove("seed")
    rows[0]["supported_parameters"].append("verbosity")
    rows.pop(1)  # anthropic/claude-sonnet-4
    rows.append({**rows[0], "id": "openai/o5", "canonical_slug": "openai/o5"})
    server.answer = (200, {}, _catalog(rows))
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-test")
    second = run_cli("models", "refresh", "--output", str(snapshot), "--url", server.url)
    assert second.exit_code == 0, second
    assert server.seen[1]["headers"]["Authorization"] == "Bearer sk-or-test"
    lines = second.stdout.splitlines()
    assert "added 1: openai/o5" in lines
    assert "removed 1: anthropic/claude-sonnet-4" in lines
    assert (
        "changed openai/o3: context length 200000 -> 400000; parameters +verbosity -seed" in lines
    )
    listed = run_cli("models", "list", "--models", str(snapshot))
    assert listed.stdout.split() == [
        "deepseek/deepseek-r1",
        "openai/o3",
        "openai/o5",
        "~openai/gpt-latest",
    ]


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("status", "headers", "body", "says"),
    [
        (
            401,
            {},
            b'{"error": {"code": 401, "message": "No auth credentials found"}}',
            'answered 401 Unauthorized ("No auth credentials found"): OPENROUTER_API_KEY',
        ),
        (
            429,
            {"Retry-After": "30"},
            b'{"error": {"code": 429, "message": "Rate limit exceeded"}}',
            'answered 429 Too Many Requests ("Rate limit exceeded"): try again after 30 s',
        ),
        (500, {}, b"oops", "answered HTTP 500"),
        (200, {}, b"<html>maintenance</html>", "did not answer JSON"),
        (200, {}, b'{"data": [{"id": "x/y"}]}', "did not answer a model catalog"),
        (200, {}, b'{"error": {"message": "nope"}}', "did not answer a model catalog"),
    ],
)
def test_a_failed_refresh_leaves_the_snapshot_alone(
    server: _Server,
    tmp_path: Path,
    run_cli,
    status: int,
    headers: dict[str, str],
    body: bytes,
    says: str,
) -> None:
    snapshot = tmp_path / "models.json"
    snapshot.write_bytes(REASONING.read_bytes())
    server.answer = (status, headers, body)
    result = run_cli("models", "refresh", "--output", str(snapshot), "--url", server.url)
    assert result.exit_code == 2, result
    assert says in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot.read_bytes() == REASONING.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["models.json"]  # no temporary left


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path, run_cli) -> None:
    snapshot = tmp_path / "models.json"
    snapshot.write_bytes(REASONING.read_bytes())
    url = f"http://127.0.0.1:{_unused_port()}/api/v1/models"
    result = run_cli("models", "refresh", "--output", str(snapshot), "--url", url, "--timeout", "5")
    assert result.exit_code == 2, result
    assert f"cannot reach {url}" in result.stderr and "nothing was written" in result.stderr
    assert snapshot.read_bytes() == REASONING.read_bytes()


def test_info_names_the_bundled_catalog_and_its_date(run_cli) -> None:
    result = run_cli("models", "info")
    assert result.exit_code == 0
    assert "catalog: bundled" in result.stdout
    assert "date: 2026-06-16" in result.stdout
    assert "models: 337" in result.stdout
    assert "openrouter-models-2026-06-16.json" in result.stdout


def test_show_resolves_variants_and_suggests_for_unknown_slugs(run_cli) -> None:
    shown = run_cli("models", "show", "openai/gpt-4o:nitro")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[:2] == [
        "openai/gpt-4o:nitro -> openai/gpt-4o (:nitro)",
        "id: openai/gpt-4o",
    ]
    assert "context length: 128,000" in shown.stdout
    missing = run_cli("models", "show", "gpt-4o")
    assert missing.exit_code == 1
    assert "did you mean openai/gpt-4o?" in missing.stderr
    reasoning = run_cli("models", "show", "openai/o3", "--models", str(REASONING))
    assert "reasoning: mandatory true; efforts high, medium, low; max_tokens no" in reasoning.stdout


def test_list_filters_by_parameters_and_modalities(run_cli) -> None:
    result = run_cli("models", "list", "--supports", "tools,structured_outputs", "--input", "audio")
    assert result.exit_code == 0
    ids = result.stdout.split()
    assert "google/gemini-2.5-pro" in ids and "openai/gpt-4o" not in ids
    assert result.stderr.strip().endswith("of 337 models (catalog of 2026-06-16)")
    images = run_cli("models", "list", "--output", "image").stdout.split()
    assert "google/gemini-2.5-flash-image" in images and "openai/gpt-4o" not in images


def test_a_bad_models_file_is_exit_2(tmp_path: Path, run_cli) -> None:
    bad = tmp_path / "models.json"
    bad.write_text("[]")
    result = run_cli("models", "info", "--models", str(bad))
    assert result.exit_code == 2
    assert "is not a GET /api/v1/models response" in result.stderr
