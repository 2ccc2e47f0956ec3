"""The model catalog as users reach it: `ortk lint --models/--no-models`, `[tool.ortk]
models`, `validate_request(models=...)`, the httpx guard; and a request that names no
model never reads the catalog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import write

import toolkit
from toolkit.catalog import CatalogError, load_catalog

REASONING = Path(__file__).parent / "catalogs" / "reasoning-models.json"
NO_PREFIX = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
MANDATORY = {
    "model": "openai/o3",
    "messages": [{"role": "user", "content": "hi"}],
    "reasoning": {"effort": "none"},
}


def _codes(diagnostics: list[toolkit.Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def test_the_library_uses_the_bundled_catalog_a_file_a_catalog_or_none() -> None:
    assert _codes(toolkit.validate_request(NO_PREFIX)) == ["ORT401"]
    assert _codes(toolkit.validate_request(NO_PREFIX, models=False)) == []
    assert _codes(toolkit.validate_request(MANDATORY)) == []  # (no reasoning facts bundled)
    assert _codes(toolkit.validate_request(MANDATORY, models=str(REASONING))) == ["ORT460"]
    assert _codes(toolkit.validate_request(MANDATORY, models=REASONING)) == ["ORT460"]
    catalog = load_catalog(REASONING)
    assert _codes(toolkit.validate_request(MANDATORY, models=catalog)) == ["ORT460"]
    with pytest.raises(toolkit.PayloadError):
        toolkit.check_request(MANDATORY, models=catalog)


def test_the_library_raises_on_a_bad_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not a GET /api/v1/models response"):
        toolkit.validate_request(NO_PREFIX, models=write(tmp_path / "m.json", "{}"))


def test_lint_models_and_no_models(tmp_path: Path, run_cli) -> None:
    request = write(tmp_path / "r.json", json.dumps(MANDATORY))
    assert run_cli("lint", request).exit_code == 0
    checked = run_cli("lint", "--models", str(REASONING), request)
    assert checked.exit_code == 1 and "ORT460" in checked.stdout
    assert "model catalog of 2026-06-09" in checked.stdout
    unprefixed = write(tmp_path / "u.json", json.dumps(NO_PREFIX))
    assert run_cli("lint", unprefixed).exit_code == 1
    assert run_cli("lint", "--no-models", unprefixed).exit_code == 0
    both = run_cli("lint", "--models", str(REASONING), "--no-models", unprefixed)
    assert both.exit_code == 2 and "exclude each other" in both.stderr
    bad = run_cli("lint", "--models", write(tmp_path / "bad.json", "[1]"), unprefixed)
    assert bad.exit_code == 2 and "is not a GET /api/v1/models response" in bad.stderr


def test_config_models_is_a_path_beside_the_config_or_false(tmp_path: Path, run_cli) -> None:
    write(tmp_path / "catalogs" / "models.json", REASONING.read_text())
    request = write(tmp_path / "requests" / "r.json", json.dumps(MANDATORY))
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.ortk]\nmodels = "catalogs/models.json"\n')
    result = run_cli("lint", "--config", str(pyproject), request)
    assert result.exit_code == 1 and "ORT460" in result.stdout
    shown = run_cli("models", "info", "--models", str(tmp_path / "catalogs" / "models.json"))
    assert "models: 4" in shown.stdout
    pyproject.write_text("[tool.ortk]\nmodels = false\n")
    unprefixed = write(tmp_path / "requests" / "u.json", json.dumps(NO_PREFIX))
    assert run_cli("lint", "--config", str(pyproject), unprefixed).exit_code == 0
    for value in ("true", "3", '""'):
        pyproject.write_text(f"[tool.ortk]\nmodels = {value}\n")
        bad = run_cli("lint", "--config", str(pyproject), unprefixed)
        assert bad.exit_code == 2 and "`models` in [tool.ortk]" in bad.stderr, value


def _request(body: dict[str, object]) -> SimpleNamespace:
    return SimpleNamespace(
        method="POST",
        url=SimpleNamespace(path="/api/v1/chat/completions"),
        headers={"content-type": "application/json"},
        content=json.dumps(body).encode(),
    )


def test_the_httpx_guard_checks_against_the_catalog_it_is_given(tmp_path: Path) -> None:
    with pytest.raises(toolkit.PayloadError) as raised:
        toolkit.httpx_hook()(_request(NO_PREFIX))
    assert "ORT401" in str(raised.value.diagnostics)
    toolkit.httpx_hook(models=False)(_request(NO_PREFIX))  # sent: no model checks
    toolkit.httpx_hook()(_request(MANDATORY))
    with pytest.raises(toolkit.PayloadError):
        toolkit.httpx_hook(models=str(REASONING))(_request(MANDATORY))
    with pytest.raises(CatalogError):  # at creation, not on the first request
        toolkit.httpx_hook(models=str(tmp_path / "missing.json"))


def test_a_request_without_a_model_never_reads_the_catalog(tmp_path: Path) -> None:
    probe = (  # (at exit: a handler to run makes ortk end with sys.exit, not os._exit)
        "import atexit, sys, runpy; sys.argv = ['ortk', 'lint', sys.argv[1]]\n"
        "def report():\n"
        "    load = sys.modules.get('toolkit.catalog.load')\n"
        "    print(len(load._BUNDLED) if load else 0)\n"
        "atexit.register(report)\n"
        "runpy.run_module('toolkit', run_name='__main__')\n"
    )
    for body, reads in (({"messages": [{"role": "user", "content": "hi"}]}, "0"), (NO_PREFIX, "1")):
        path = write(tmp_path / "r.json", json.dumps(body))
        out = subprocess.run(
            [sys.executable, "-c", probe, path],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert out.stdout.splitlines()[-1] == reads, out.stderr
