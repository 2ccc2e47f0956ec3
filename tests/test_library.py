"""The library contract: one pipeline for every input form, safe from threads and processes."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

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


# --- issue 12: every promise on bad input holds, in the library too --------------------------

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"messages": MESSAGES, "\ud800": 1}, "ORT101"),
        ({"messages": MESSAGES, "temperature": "\ud800"}, "ORT103"),
        ({"messages": [{"role": "\udfff", "content": "x"}]}, "ORT104"),
        ({"messages": MESSAGES, "stop": ["\ud800", "\ud800"]}, "ORT253"),
        ('{"messages": [{"role": "user", "content": "hi"}], "\\ud800": 1}', "ORT101"),
    ],
)
def test_lone_surrogates_give_diagnostics_not_unicode_errors(payload, code: str) -> None:
    diagnostics = toolkit.validate_request(payload)
    assert code in [d.code for d in diagnostics]
    outcome = _outcome(lambda: toolkit.check_request(payload))
    assert isinstance(outcome, ChatRequest | toolkit.PayloadError), outcome  # nothing else


def _in_time(call: Any, seconds: float = 20) -> Any:
    """`call()` in a thread that must finish within `seconds` (a hang fails, not blocks)."""
    import threading

    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(_outcome(call)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "did not finish: a cycle walked forever?"
    return result[0]


def _outcome(call: Any) -> Any:
    try:
        return call()
    except Exception as error:  # the test looks at what it was
        return error


@pytest.mark.parametrize("where", ["tool", "response_format"])
def test_a_schema_that_contains_itself_is_a_diagnostic_not_a_hang(where: str) -> None:
    schema: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
    schema["properties"]["self"] = schema  # a dict that contains itself
    schema["required"] = ["self"]
    if where == "tool":
        payload: dict[str, Any] = {
            "messages": MESSAGES,
            "tools": [
                {
                    "type": "function",
                    "function": {"name": "f", "parameters": schema, "strict": True},
                }
            ],
        }
    else:
        payload = {
            "messages": MESSAGES,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "x", "schema": schema, "strict": True},
            },
        }
    diagnostics = _in_time(lambda: toolkit.validate_request(payload))
    assert isinstance(diagnostics, list) and diagnostics, diagnostics
    assert any(d.severity is toolkit.Severity.ERROR for d in diagnostics)
    assert isinstance(_in_time(lambda: toolkit.check_request(payload)), toolkit.PayloadError)


def test_results_follow_the_content_of_a_reused_messages_list() -> None:
    """An agent loop appends to one list between calls: nothing may be cached on it."""
    messages: list[dict[str, Any]] = [{"role": "user", "content": "weather?"}]
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]
    payload = {"messages": messages, "tools": tools}
    assert toolkit.validate_request(payload) == []
    messages.append(
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": "{}"},
                }
            ],
        }
    )
    assert "ORT235" in [d.code for d in toolkit.validate_request(payload)]  # unanswered
    messages.append({"role": "tool", "tool_call_id": "c1", "content": "sunny"})
    assert toolkit.validate_request(payload) == []
    messages.append({"role": "tool", "tool_call_id": "c9", "content": "?"})
    assert "ORT234" in [d.code for d in toolkit.validate_request(payload)]  # orphan


INTEGER_FIELDS = ["seed", "max_completion_tokens", "top_logprobs", "top_k"]


@pytest.mark.parametrize("field", INTEGER_FIELDS)
@pytest.mark.parametrize(
    "value",
    [
        *(5, 1e2, 5.0, 5.5, "5", True, None, -1, float("nan"), float("inf")),
        pytest.param(10**5000, id="10**5000"),
        pytest.param(-(10**5000), id="-10**5000"),
    ],
)
def test_the_linter_and_the_models_agree_on_integer_fields(field: str, value: Any) -> None:
    payload = {"messages": MESSAGES, field: value}
    if field == "top_logprobs":
        payload["logprobs"] = True
    errors = [d for d in toolkit.validate_request(payload) if d.severity is toolkit.Severity.ERROR]
    outcome = _outcome(lambda: toolkit.check_request(payload))
    if errors:
        assert isinstance(outcome, toolkit.PayloadError), (errors, outcome)
    else:
        assert isinstance(outcome, ChatRequest), outcome  # not a pydantic ValidationError


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(10**5000, id="10**5000"),
        pytest.param(-(10**5000), id="-10**5000"),
        pytest.param(10**4300, id="10**4300"),
    ],
)
def test_integers_past_4300_digits_are_not_null(value: int) -> None:
    diagnostics = toolkit.validate_request({"messages": MESSAGES, "temperature": value})
    assert [d.code for d in diagnostics if d.severity is toolkit.Severity.ERROR], diagnostics
    assert isinstance(
        _outcome(lambda: toolkit.check_request({"messages": MESSAGES, "temperature": value})),
        toolkit.PayloadError,
    )


def test_lint_paths_takes_one_path_or_many_str_or_pathlike(tmp_path, monkeypatch) -> None:
    import pathlib

    from toolkit.report import render_json

    (tmp_path / "a.json").write_text(json.dumps({"messages": MESSAGES, "top_p": 5}))
    (tmp_path / "b.json").write_text(json.dumps({"messages": MESSAGES, "top_p": 7}))
    monkeypatch.chdir(tmp_path)
    one = toolkit.lint_paths("a.json")
    assert one.files_checked == 1 and [d.file for d in one.diagnostics] == ["a.json"]
    for paths in (
        pathlib.Path("a.json"),
        [pathlib.Path("b.json"), "a.json"],
        (p for p in ["a.json", "b.json"]),
    ):
        report = toolkit.lint_paths(paths)
        assert all(isinstance(d.file, str) for d in report.diagnostics)
        assert json.loads(render_json(report))["diagnostics"]
    assert [d.file for d in toolkit.lint_paths([pathlib.Path("b.json"), "a.json"]).diagnostics] == [
        "a.json",
        "b.json",
    ]
