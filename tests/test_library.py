"""The library contract: one pipeline for every input form, safe from threads and processes."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

import toolkit
from toolkit.models import ChatRequest

VALID = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
INVALID = {"messages": [{"role": "user", "content": "hi"}], "temperature": 3, "top_p": 2}


def codes(diagnostics: list[toolkit.Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in diagnostics]


def test_public_names_are_exactly_the_documented_ones() -> None:
    assert toolkit.__all__ == sorted(toolkit.__all__)
    # (submodules that importing a name brings along are not names of the API)
    public = {
        name
        for name in dir(toolkit)
        if not name.startswith("_") and not isinstance(getattr(toolkit, name), types.ModuleType)
    }
    assert public <= set(toolkit.__all__) | {"annotations"}
    for name in toolkit.__all__:
        assert getattr(toolkit, name) is not None


@pytest.mark.parametrize(
    "form",
    [
        lambda p: p,
        lambda p: json.dumps(p),
        lambda p: json.dumps(p).encode(),
        lambda p: ChatRequest.model_validate(p),
    ],
    ids=["dict", "str", "bytes", "model"],
)
def test_every_input_form_gives_the_same_diagnostics(form) -> None:
    assert toolkit.validate_request(form(VALID)) == []
    if isinstance(form(VALID), ChatRequest):  # a model can't hold an invalid request
        return
    assert codes(toolkit.validate_request(form(INVALID))) == [
        ("ORT105", "/temperature"),
        ("ORT105", "/top_p"),
    ]


def test_json_text_problems_are_diagnostics() -> None:
    assert [d.code for d in toolkit.validate_request('{"messages": [')] == ["ORT003"]
    assert [d.code for d in toolkit.validate_request(b'{"a": "\xff"}')] == ["ORT002"]
    with pytest.raises(TypeError, match="expected a dict"):
        toolkit.validate_request(42)


def test_check_request_returns_the_model_or_raises_with_every_problem() -> None:
    request = toolkit.check_request(VALID)
    assert isinstance(request, ChatRequest) and request.model == "openai/gpt-4o"
    with pytest.raises(toolkit.PayloadError) as caught:
        toolkit.check_request(INVALID)
    assert codes(caught.value.diagnostics) == [("ORT105", "/temperature"), ("ORT105", "/top_p")]


def _validate(payload: dict[str, object]) -> list[tuple[str, str]]:
    return codes(toolkit.validate_request(payload))


def _payloads() -> list[dict[str, object]]:
    return [dict(INVALID, temperature=2 + i / 100) if i % 2 else VALID for i in range(200)]


def test_concurrent_calls_from_threads_agree_with_serial_ones() -> None:
    payloads = _payloads()
    serial = [_validate(p) for p in payloads]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(_validate, payloads)) == serial


def test_calls_from_worker_processes_agree_with_serial_ones() -> None:
    payloads = _payloads()[:40]
    serial = [_validate(p) for p in payloads]
    with ProcessPoolExecutor(2) as pool:
        assert list(pool.map(_validate, payloads)) == serial


def test_schema_is_compiled_lazily_and_once_per_process() -> None:
    probe = (
        "import toolkit, toolkit.validation.engine as s, sys\n"
        "assert s._validators == {} and 'jsonschema_rs' not in sys.modules\n"
        "toolkit.validate_request({'messages': [{'role': 'user', 'content': 'x'}]})\n"
        "first = s._validators['request']\n"
        "toolkit.validate_request({'messages': []})\n"
        "assert s._validators['request'] is first and list(s._validators) == ['request']\n"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_import_toolkit_stays_light() -> None:
    probe = (
        "import sys, toolkit\n"
        "print(sorted({'jsonschema_rs', 'jsonschema', 'pydantic', 'yaml', 'httpx',"
        " 'click', 'logging', 'tomllib'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_the_httpx_hooks_load_on_first_use() -> None:
    assert "httpx_hook" in dir(toolkit) and "async_httpx_hook" in dir(toolkit)
    from toolkit.httpx_guard import async_httpx_hook, httpx_hook

    assert toolkit.httpx_hook is httpx_hook and toolkit.async_httpx_hook is async_httpx_hook
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        toolkit.nope  # noqa: B018


def test_a_dict_nested_too_deeply_is_a_diagnostic() -> None:
    deep: list[object] = []
    for _ in range(400):
        deep = [deep]
    diagnostics = toolkit.validate_request({**VALID, "metadata": {"a": deep}})
    assert [d.code for d in diagnostics] == ["ORT009"]


def test_the_code_table_gives_every_code_its_severity(tmp_path, monkeypatch) -> None:
    """Built-in codes too: the pipeline reads the table, loaders report no severity."""
    import dataclasses

    from toolkit import rules
    from toolkit.diagnostics import Severity

    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    [before] = toolkit.lint_paths(empty).diagnostics
    assert (before.code, before.severity) == ("ORT004", Severity.ERROR)
    relaxed = dataclasses.replace(rules.BY_CODE["ORT004"], severity=Severity.WARNING)
    monkeypatch.setitem(rules.BY_CODE, "ORT004", relaxed)
    [after] = toolkit.lint_paths(empty).diagnostics
    assert (after.code, after.severity) == ("ORT004", Severity.WARNING)


def test_an_unknown_kind_is_a_clear_value_error() -> None:
    from toolkit.api import validate

    with pytest.raises(ValueError, match="unknown payload kind 'requst'; expected one of request"):
        validate({"messages": []}, "requst")
