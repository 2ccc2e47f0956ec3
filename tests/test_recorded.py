"""Recorded traffic, function by function: the SSE reader, stream assembly, cassette and
HAR extraction, the stream checks and the request/response pair checks."""

from __future__ import annotations

import base64
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolkit.loading import recording as recorded
from toolkit.loading.sse import StreamReader, read_stream
from toolkit.rules import exchange, exchange_output, stream, stream_results
from toolkit.rules.assembly import StreamAssembler, assemble_chunks
from toolkit.rules.registry import RuleContext

CASSETTES = Path(__file__).parent / "cassettes"


def chunk(content: str | None = None, finish: str | None = None, **extra: Any) -> dict[str, Any]:
    delta: dict[str, Any] = {"role": "assistant"}
    if content is not None:
        delta["content"] = content
    delta.update(extra.pop("delta", {}))
    body: dict[str, Any] = {
        "id": extra.pop("id", "gen-1"),
        "object": "chat.completion.chunk",
        "created": 1750000000,
        "model": extra.pop("model", "openai/gpt-4o"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    body.update(extra)
    return body


def sse(*events: dict[str, Any] | str, done: bool = True) -> str:
    parts = [e if isinstance(e, str) else "data: " + json.dumps(e) for e in events]
    return "\n\n".join(parts + (["data: [DONE]"] if done else [])) + "\n\n"


# --- reading ----------------------------------------------------------------------------


def test_events_are_numbered_without_comments_and_with_done() -> None:
    text = ': OPENROUTER PROCESSING\n\ndata: {"a": 1}\n\n: x\n\ndata: [DONE]\n\n'
    events = list(read_stream(text))
    assert [(e.number, e.line, e.column, e.done) for e in events] == [
        (1, 3, 7, False),
        (2, 7, 7, True),
    ]
    assert events[0].chunk == {"a": 1}


@pytest.mark.parametrize(
    "shape",
    [
        lambda t: t,
        lambda t: t.encode(),
        lambda t: io.BytesIO(t.encode()),
        lambda t: io.StringIO(t),
        lambda t: t.splitlines(),
        lambda t: [line.encode() for line in t.splitlines(keepends=True)],
    ],
    ids=["str", "bytes", "binary-file", "text-file", "lines", "byte-lines"],
)
def test_every_input_shape_reads_the_same(shape: Any) -> None:
    text = 'data: {"a": 1}\r\n\r\ndata:{"b": 2}\n\ndata: [DONE]\n\n'
    events = list(read_stream(shape(text)))
    assert [(e.number, e.chunk, e.column) for e in events] == [
        (1, {"a": 1}, 7),
        (2, {"b": 2}, 6),
        (3, None, 7),
    ]


def test_data_lines_join_and_an_unterminated_last_event_is_still_read() -> None:
    reader = StreamReader('data: {"a":\ndata: 1}\n\ndata: [DONE]')
    events = list(reader)
    assert events[0].chunk == {"a": 1}
    assert events[1].done
    assert reader.end is not None and reader.end.undispatched


def test_events_missing_their_blank_line_are_one_event_and_the_problem_says_so() -> None:
    (event,) = read_stream('data: {"a": 1}\ndata: {"b": 2}\n\n')
    assert event.chunk is None
    assert event.problem is not None and "blank line" in event.problem


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("OPENROUTER PROCESSING", "not JSON"),
        ("[1, 2]", "array"),
        ("NaN", "not JSON"),
        ("[" * 200 + "]" * 200, "deeper"),
    ],
)
def test_data_that_is_not_a_json_object_says_why(data: str, words: str) -> None:
    (event,) = read_stream(f"data: {data}\n\n")
    assert event.chunk is None and event.problem is not None and words in event.problem


def test_reading_is_lazy() -> None:
    """Events come before the input ends: a file is never read whole."""

    def endless() -> Iterator[str]:
        for n in itertools.count():
            yield f'data: {{"n": {n}}}'
            yield ""

    first = list(itertools.islice(read_stream(endless()), 3))
    assert [e.chunk for e in first] == [{"n": 0}, {"n": 1}, {"n": 2}]


# --- assembly ---------------------------------------------------------------------------


def test_assembly_joins_text_tool_calls_and_keeps_the_last_usage() -> None:
    call = {
        "index": 0,
        "id": "call_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": '},
    }
    chunks = [
        chunk("Hel", delta={"reasoning": "think"}),
        chunk("lo", delta={"reasoning": "ing", "tool_calls": [call]}),
        # providers repeat id, type and name in every delta: not concatenated
        chunk(
            "",
            delta={
                "tool_calls": [
                    {**call, "function": {"name": "get_weather", "arguments": '"Paris"}'}}
                ]
            },
        ),
        chunk(
            "",
            delta={
                "tool_calls": [
                    {"index": 1, "id": "call_2", "function": {"name": "f", "arguments": "{}"}}
                ]
            },
        ),
        chunk("", finish="tool_calls"),
        chunk("", usage={"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}),
    ]
    response = assemble_chunks(chunks)
    message = response["choices"][0]["message"]
    assert message["role"] == "assistant"
    assert message["content"] == "Hello"
    assert message["reasoning"] == "thinking"
    assert message["tool_calls"] == [
        {
            "type": "function",
            "id": "call_1",
            "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
        },
        {"type": "function", "id": "call_2", "function": {"name": "f", "arguments": "{}"}},
    ]
    assert response["choices"][0]["finish_reason"] == "tool_calls"
    assert response["usage"]["total_tokens"] == 3
    assert response["object"] == "chat.completion" and response["id"] == "gen-1"


def test_a_mid_stream_error_lands_on_its_choice() -> None:
    error = {"code": 502, "message": "Provider disconnected"}
    response = assemble_chunks([chunk("Hi"), chunk("", finish="error", error=error)])
    assert response["choices"][0]["error"] == error


def test_a_reasoning_stream_assembles_into_a_valid_response() -> None:
    from toolkit import validate_response

    doc = yaml.safe_load((CASSETTES / "reasoning-stream.yaml").read_text())
    (interaction,) = recorded.cassette_interactions(doc)
    assert recorded.response_kind(interaction) == recorded.STREAM
    assembler = StreamAssembler()
    for event in read_stream(interaction.response.value):  # type: ignore[union-attr]
        if event.chunk is not None:
            assembler.add(event.chunk, event.number)
    response = assembler.result().response
    message = response["choices"][0]["message"]
    assert message["content"] == "2 + 2 = 4"
    assert message["reasoning"] == (
        "The user asks for a sum of two small numbers. Two plus two is four."
    )
    assert response["choices"][0]["finish_reason"] == "stop"
    assert response["usage"]["total_tokens"] == 45
    assert validate_response(response) == []


# --- cassettes and HAR ------------------------------------------------------------------


def test_cassette_bodies_in_every_recorded_shape() -> None:
    doc = {
        "interactions": [
            {
                "request": {
                    "method": "POST",
                    "uri": "https://openrouter.ai/api/v1/chat/completions",
                    "body": '{"model": "m"}',
                },
                "response": {
                    "status": {"code": 200},
                    "headers": {"Content-Type": ["text/event-stream"]},
                    "body": {"string": "data: [DONE]\n\n"},
                },
            },
            {
                "request": {
                    "method": "post",
                    "uri": "https://openrouter.ai/api/v1/chat/completions",
                    "parsed_body": {"model": "m"},
                },
                "response": {
                    "status": 404,
                    "parsed_body": {"error": {"code": 404, "message": "x"}},
                },
            },
            {
                "request": {
                    "method": "GET",
                    "uri": "https://openrouter.ai/api/v1/models",
                    "body": None,
                },
                "response": {"status": {"code": 200}, "body": {"string": "{}"}},
            },
        ]
    }
    first, second, third = recorded.cassette_interactions(doc)
    assert (first.request.pointer, first.response.pointer) == (  # type: ignore[union-attr]
        "/interactions/0/request/body",
        "/interactions/0/response/body/string",
    )
    assert recorded.response_kind(first) == recorded.STREAM
    assert second.request.value == {"model": "m"} and second.status == 404  # type: ignore[union-attr]
    assert recorded.response_kind(second) == recorded.ERROR
    assert [i.is_chat_completion for i in (first, second, third)] == [True, True, False]


def test_har_base64_content_is_decoded() -> None:
    stream_text = "data: [DONE]\n\n"
    doc = {
        "log": {
            "entries": [
                {
                    "request": {
                        "method": "POST",
                        "url": "https://openrouter.ai/api/v1/chat/completions?x=1",
                        "postData": {"mimeType": "application/json", "text": "{}"},
                    },
                    "response": {
                        "status": 200,
                        "content": {
                            "mimeType": "text/event-stream",
                            "encoding": "base64",
                            "text": base64.b64encode(stream_text.encode()).decode(),
                        },
                    },
                }
            ]
        }
    }
    (entry,) = recorded.har_interactions(doc)
    assert entry.is_chat_completion
    assert (
        entry.response is not None
        and entry.response.value == stream_text
        and entry.response.decoded
    )
    assert recorded.response_kind(entry) == recorded.STREAM


def test_bad_base64_is_a_recording_error_with_its_place() -> None:
    doc = {
        "log": {
            "entries": [
                {
                    "request": {"method": "POST", "url": "u"},
                    "response": {"content": {"text": "\xff\xfe", "encoding": "base64"}},
                }
            ]
        }
    }
    with pytest.raises(recorded.RecordingError) as raised:
        list(
            recorded.har_interactions(
                {
                    "log": {
                        "entries": [
                            {
                                "request": {"method": "POST", "url": "u"},
                                "response": {
                                    "content": {
                                        "text": base64.b64encode(b"\xff\xfe").decode(),
                                        "encoding": "base64",
                                    }
                                },
                            }
                        ]
                    }
                }
            )
        )
    assert raised.value.pointer == "/log/entries/0/response/content/text"
    assert doc  # the first shape (not base64 at all) decodes to nothing and is tolerated


# --- stream checks ----------------------------------------------------------------------

STREAM_CHECKS = [
    ("ORT310", stream.stream_event_not_json),
    ("ORT311", stream.event_after_done),
    ("ORT312", stream.stream_without_done),
    ("ORT313", stream.changing_stream_identity),
    ("ORT314", stream.content_after_finish),
    ("ORT315", stream_results.tool_call_arguments_not_json),
    ("ORT316", stream_results.mid_stream_error),
]


def stream_findings(text: str) -> list[tuple[str, int | None]]:
    return [
        (code, finding.event)
        for code, _, finding in stream.run_stream_checks(read_stream(text), STREAM_CHECKS)
    ]


def test_a_real_shaped_stream_has_no_finding() -> None:
    usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    text = sse(
        ": OPENROUTER PROCESSING",
        chunk("Hi"),
        chunk("", finish="stop"),
        chunk("", finish="stop", usage=usage),
        chunk("", usage=usage),
    )
    assert stream_findings(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (sse(chunk("Hi"), "data: OPENROUTER PROCESSING"), [("ORT310", 2)]),
        (sse(chunk("Hi"), "data: [DONE]", chunk("", finish="stop"), done=False), [("ORT311", 3)]),
        (sse(chunk("Hi", finish="stop"), done=False), [("ORT312", None)]),
        (sse(chunk("Hi"), chunk("!", finish="stop", id="gen-2")), [("ORT313", 2)]),
        (sse(chunk("Hi", model="a/b"), chunk("!", finish="stop")), [("ORT313", 2)]),
        (sse(chunk("Hi", finish="stop"), chunk(" there"), chunk(" more")), [("ORT314", 2)]),
        (
            sse(
                chunk(
                    "",
                    delta={
                        "tool_calls": [
                            {"index": 0, "id": "c", "function": {"name": "f", "arguments": "{"}}
                        ]
                    },
                ),
                chunk("", finish="tool_calls"),
            ),
            [("ORT315", 1)],
        ),
        (
            sse(
                chunk(
                    "",
                    delta={
                        "tool_calls": [{"index": 0, "id": "c", "function": {"arguments": "{}"}}]
                    },
                )
            ),
            [("ORT315", None)],
        ),
        (
            sse(chunk("Hi"), chunk("", finish="error", error={"code": 502, "message": "gone"})),
            [("ORT316", 2)],
        ),
    ],
    ids=[
        "not-json",
        "after-done",
        "no-done",
        "id",
        "model",
        "after-finish",
        "arguments",
        "no-name",
        "error",
    ],
)
def test_each_stream_check(text: str, expected: list[tuple[str, int | None]]) -> None:
    assert stream_findings(text) == expected


def test_empty_tool_arguments_count_as_an_empty_object() -> None:
    """Anthropic models send `arguments: ""` for tools without required parameters."""
    assert stream_results.arguments_problem("") is None
    assert stream_results.arguments_problem("[]") == "are JSON but not an object"


# --- pair checks ------------------------------------------------------------------------

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]


def completion(
    content: str | None = "ok", calls: tuple[tuple[str, str], ...] = (), **choice: Any
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if calls:
        message["tool_calls"] = [
            {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": args}}
            for n, (name, args) in enumerate(calls)
        ]
    return {
        "id": "gen-1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": choice.pop("finish_reason", "stop"),
                "message": message,
                **choice,
            }
        ],
    }


def request(**extra: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": "hi"}], **extra}


def pair_codes(req: dict[str, Any], resp: dict[str, Any], streamed: bool = False) -> list[str]:
    from toolkit.rules.assembly import Assembly

    context = RuleContext(kind="response", request=req, stream=Assembly(resp) if streamed else None)
    checks = [
        ("ORT501", exchange.undeclared_tool_call),
        ("ORT502", exchange.tool_arguments_mismatch),
        ("ORT503", exchange_output.structured_output_mismatch),
        ("ORT504", exchange_output.logprobs_mismatch),
        ("ORT505", exchange_output.stream_mode_mismatch),
        ("ORT506", exchange.tool_choice_not_followed),
    ]
    return [code for code, check in checks for _ in check(resp, context)]


def test_pair_checks_find_nothing_without_a_request() -> None:
    response = completion(None, (("anything", "not json"),), finish_reason="tool_calls")
    assert pair_codes(request(), response) == ["ORT501"]
    context = RuleContext(kind="response")
    assert list(exchange.undeclared_tool_call(response, context)) == []


JSON_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "t",
        "schema": {"type": "object", "properties": {"t": {"type": "number"}}, "required": ["t"]},
    },
}


@pytest.mark.parametrize(
    ("req", "resp", "streamed", "expected"),
    [
        (
            request(tools=TOOLS),
            completion(None, (("get_weather", '{"city": "Paris"}'),), finish_reason="tool_calls"),
            False,
            [],
        ),
        (
            request(tools=TOOLS),
            completion(None, (("get_wether", "{}"),), finish_reason="tool_calls"),
            False,
            ["ORT501"],
        ),
        (
            request(),
            completion(None, (("get_weather", "{}"),), finish_reason="tool_calls"),
            False,
            ["ORT501"],
        ),
        (
            request(tools=TOOLS),
            completion(None, (("get_weather", '{"town": 1}'),), finish_reason="tool_calls"),
            False,
            ["ORT502"],
        ),
        (
            request(tools=TOOLS),
            completion(None, (("get_weather", ""),), finish_reason="tool_calls"),
            False,
            ["ORT502"],
        ),
        (request(response_format=JSON_SCHEMA), completion('{"t": 1.5}'), False, []),
        (request(response_format=JSON_SCHEMA), completion('{"t": "warm"}'), False, ["ORT503"]),
        (request(response_format=JSON_SCHEMA), completion("```json\n{}\n```"), False, ["ORT503"]),
        (
            request(response_format=JSON_SCHEMA),
            completion('{"t": ', finish_reason="length"),
            False,
            [],
        ),
        (request(response_format={"type": "json_object"}), completion("[1]"), False, ["ORT503"]),
        (request(logprobs=True), completion(logprobs=None), False, ["ORT504"]),
        (
            request(),
            completion(
                logprobs={
                    "content": [{"token": "a", "logprob": 0, "bytes": [97], "top_logprobs": []}]
                }
            ),
            False,
            ["ORT504"],
        ),
        (request(stream=True), completion(), False, ["ORT505"]),
        (request(), completion(), True, ["ORT505"]),
        (request(tools=TOOLS, tool_choice="required"), completion("sunny"), False, ["ORT506"]),
        (
            request(tools=TOOLS, tool_choice="none"),
            completion(None, (("get_weather", '{"city": "x"}'),)),
            False,
            ["ORT506"],
        ),
        (
            request(tools=TOOLS, tool_choice={"type": "function", "function": {"name": "other"}}),
            completion(None, (("get_weather", '{"city": "x"}'),)),
            False,
            ["ORT506"],
        ),
    ],
)
def test_each_pair_check(
    req: dict[str, Any], resp: dict[str, Any], streamed: bool, expected: list[str]
) -> None:
    assert pair_codes(req, resp, streamed) == expected


# --- the recordings folder -----------------------------------------------------------


def test_the_recordings_have_no_finding_of_the_file_but_a_warning_and_the_mid_stream_error(
    run_cli: Any,
) -> None:
    """The folder's cassettes (shaped like public suites' OpenRouter recordings: vcrpy
    `body.string` with SSE block scalars, pydantic-ai's `parsed_body`, a 404 error body)
    lint with no error; the only finding of the stream and pair checks is the mid-stream
    error, as information."""
    result = run_cli("lint", "--format", "json", str(CASSETTES))
    report = json.loads(result.stdout)
    assert result.exit_code == 0, result.stdout
    assert report["summary"]["errors"] == 0
    new = [
        (Path(d["file"]).name, d["code"], d["part"], d["event"], d["severity"])
        for d in report["diagnostics"]
        if d["code"].startswith(("ORT3", "ORT5"))
    ]
    assert new == [("stream-error.yaml", "ORT316", "response", 4, "info")]
    assert report["payloads_checked"] == 7  # every chat-completions interaction


# --- through the CLI --------------------------------------------------------------------

OK_STREAM = (
    'data: {"id":"g","object":"chat.completion.chunk","created":1,"model":"m",'
    '"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
)


def test_a_stream_is_told_by_its_content_and_by_kind(run_cli: Any, tmp_path: Path) -> None:
    transcript = tmp_path / "capture.txt"
    transcript.write_text(OK_STREAM, encoding="utf-8")
    assert run_cli("lint", str(transcript)).exit_code == 0
    forced = tmp_path / "capture.json"
    forced.write_text(OK_STREAM + "data: {oops}\n\n", encoding="utf-8")
    as_json = run_cli("lint", str(forced))
    assert as_json.exit_code == 1 and "ORT003" in as_json.stdout
    as_stream = run_cli("lint", "--kind", "stream", str(forced))
    assert "ORT311 [event 3]" in as_stream.stdout and "ORT310 [event 3]" in as_stream.stdout


def test_a_stream_on_standard_input(run_cli: Any) -> None:
    result = run_cli(
        "lint", "--kind", "stream", "-", input=OK_STREAM.replace("data: [DONE]\n\n", "")
    )
    assert result.exit_code == 0
    assert "<stdin>:2:1: warning ORT312 the stream ends after 1 event without" in result.stdout


def test_bad_bytes_in_a_stream_are_a_diagnostic(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.sse"
    path.write_bytes(OK_STREAM.encode() + b"data: \xff\n\n")
    result = run_cli("lint", str(path))
    assert result.exit_code == 1 and "ORT002" in result.stdout


def test_kind_cassette_on_a_file_that_is_not_one(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text('{"model": "m", "messages": []}', encoding="utf-8")
    result = run_cli("lint", "--kind", "cassette", str(path))
    assert result.exit_code == 1
    assert "ORT008 not a cassette: no top-level `interactions` list" in result.stdout


def test_a_cassette_gets_the_yaml_loaders_checks(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("interactions:\n- request: !!python/object:os.system {}\n", encoding="utf-8")
    result = run_cli("lint", str(path))
    assert result.exit_code == 1 and "ORT010" in result.stdout


def test_the_realistic_folder(run_cli: Any) -> None:
    """What the README shows: the folder lints with warnings only, interactions of other
    endpoints counted and skipped."""
    result = run_cli("lint", str(CASSETTES))
    assert result.exit_code == 0, result.stdout
    assert "ORT316 [response, event 4]" in result.stdout
    assert result.stdout.rstrip().endswith("1 interaction of other endpoints skipped.")


def test_the_readme_shows_what_ortk_says_on_the_folder(
    run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASSETTES.parent.parent)  # the README runs it from the repository
    readme = (CASSETTES.parent.parent / "README.md").read_text(encoding="utf-8")
    command = "$ ortk lint tests/cassettes/\n"
    start = readme.index(command) + len(command)
    shown = readme[start : readme.index("```", start)]
    result = run_cli("lint", "tests/cassettes/")
    assert result.stdout == shown, "rerun the command and paste its output into the README"
