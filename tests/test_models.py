"""The generated models: they parse every valid payload, round-trip it, and hold the limits.

The reference examples and the boundary table are the ones test_schema.py uses
(`schema_examples.py`, `schema_limits.py`), so the models and the schema are held to the
same cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pytest
from schema_examples import USER, errors, reference_payloads, request, validate
from schema_limits import LIMIT_ROWS

import toolkit
from toolkit import loading
from toolkit.diagnostics import Severity
from toolkit.kinds import detect_kind
from toolkit.models import (
    ChatChunk,
    ChatRequest,
    ChatResponse,
    ErrorResponse,
    FunctionDefinition,
    FunctionTool,
    JsonSchemaConfig,
    ReasoningConfig,
    TextPart,
    UnknownFieldWarning,
    UserMessage,
)

ROOT = Path(__file__).resolve().parent.parent
MODELS: dict[str, type[pydantic.BaseModel]] = {
    "request": ChatRequest,
    "response": ChatResponse,
    "chunk": ChatChunk,
    "error": ErrorResponse,
}


def dumped(model: pydantic.BaseModel) -> Any:
    """The default dump: the wire format, with no by_alias / exclude_unset to remember."""
    return model.model_dump()


def round_trips(kind: str, payload: dict[str, Any]) -> str | None:
    """None when `payload` parses into its model and dumps back unchanged, else what went wrong."""
    try:
        model = MODELS[kind].model_validate(payload)
    except pydantic.ValidationError as error:
        return f"does not parse: {error}"
    if dumped(model) != payload:
        return f"dumps as {dumped(model)!r}"
    return None


# --- every valid example parses and round-trips -----------------------------------------------


def test_public_model_names() -> None:
    import toolkit.models

    assert set(toolkit.models.__all__) >= {"ChatRequest", "ChatResponse", "ChatChunk"}


def test_reference_examples_round_trip(reference: Path) -> None:
    examples = reference_payloads(reference)
    assert len(examples) >= 150
    assert {kind for _, kind, _ in examples} == set(MODELS)
    failures = [
        (label, problem)
        for label, kind, payload in examples
        if (problem := round_trips(kind, payload))
    ]
    assert not failures, failures


def example_payloads() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted((ROOT / "examples").iterdir()):
        if path.suffix not in (".json", ".yaml", ".yml", ".jsonl"):
            continue
        for item in loading.load(str(path)):
            assert isinstance(item, loading.Payload), item
            kind = detect_kind(item.data)
            assert kind is not None, path
            found.append((path.name, kind, item.data))
    return found


EXAMPLES = example_payloads()


@pytest.mark.parametrize(
    ("kind", "payload"), [row[1:] for row in EXAMPLES], ids=[row[0] for row in EXAMPLES]
)
def test_project_example_round_trips(kind: str, payload: dict[str, Any]) -> None:
    invalid = bool(errors(validate(payload, kind)))
    if invalid:  # a deliberately broken example: the model refuses it too
        with pytest.raises(pydantic.ValidationError):
            MODELS[kind].model_validate(payload)
    else:
        assert round_trips(kind, payload) is None


def test_project_examples_cover_requests_and_responses() -> None:
    kinds = {kind for _, kind, payload in EXAMPLES if not errors(validate(payload, kind))}
    assert {"request", "response"} <= kinds


# --- unions parse into the class their discriminator names -------------------------------------


def test_messages_parse_by_role() -> None:
    payload = request(
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "developer", "content": "Answer in JSON."},
            USER,
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": "{}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
        ]
    )
    parsed = ChatRequest.model_validate(payload)
    assert [type(message).__name__ for message in parsed.messages] == [
        "SystemMessage",
        "DeveloperMessage",
        "UserMessage",
        "AssistantMessage",
        "ToolMessage",
    ]
    assert dumped(parsed) == payload


def test_content_parts_parse_by_type() -> None:
    parts = [
        {"type": "text", "text": "What is this?", "cache_control": {"type": "ephemeral"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        {"type": "file", "file": {"filename": "a.pdf", "file_data": "https://example.com/a.pdf"}},
        {"type": "video_url", "video_url": {"url": "https://example.com/a.mp4"}},
    ]
    payload = request(messages=[{"role": "user", "content": parts}])
    # (every part type on one model: the catalog's verdict on the model is not the point)
    assert errors(toolkit.validate_request(payload, models=False)) == []
    parsed = ChatRequest.model_validate(payload)
    user = parsed.messages[0]
    assert isinstance(user.content, list)
    assert [type(part).__name__ for part in user.content] == [
        "TextPart",
        "ImageUrlPart",
        "InputAudioPart",
        "FilePart",
        "VideoUrlPart",
    ]
    assert dumped(parsed) == payload


def test_other_unions_parse_by_discriminator() -> None:
    payload = request(
        tools=[{"type": "function", "function": {"name": "f"}}, {"type": "openrouter:datetime"}],
        plugins=[{"id": "web"}, {"id": "response-healing"}],
        response_format={"type": "json_schema", "json_schema": {"name": "answer"}},
    )
    parsed = ChatRequest.model_validate(payload)
    assert parsed.tools and parsed.plugins
    assert [type(tool).__name__ for tool in parsed.tools] == [
        "FunctionTool",
        "DatetimeServerTool",
    ]
    assert [type(plugin).__name__ for plugin in parsed.plugins] == [
        "WebSearchPlugin",
        "ResponseHealingPlugin",
    ]
    assert type(parsed.response_format).__name__ == "ResponseFormatJsonSchema"


@pytest.mark.parametrize(
    "payload",
    [
        request(messages=[{"role": "robot", "content": "x"}]),
        request(messages=[{"role": "user"}]),
        request(messages=[USER, {"role": "tool", "content": "x"}]),
        request(messages=[{"role": "user", "content": [{"type": "txt", "text": "x"}]}]),
    ],
    ids=["unknown role", "no content", "no tool_call_id", "unknown part type"],
)
def test_union_errors_are_refused(payload: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        ChatRequest.model_validate(payload)


# --- the limits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edge", "past"),
    [row[1:3] for row in LIMIT_ROWS],
    ids=[row[0] for row in LIMIT_ROWS],
)
def test_model_enforces_limit(edge: dict[str, Any], past: dict[str, Any]) -> None:
    ChatRequest.model_validate(request(**edge))
    with pytest.raises(pydantic.ValidationError):
        ChatRequest.model_validate(request(**past))


# --- warnings are not errors ------------------------------------------------------------------


def test_payload_with_only_warnings_parses() -> None:
    payload = request(temprature=0.7, max_tokens=100, transforms=["middle-out"])
    lowered = toolkit.Config(severity={"ORT111": "warning"})  # a likely typo is an error
    found = toolkit.validate_request(payload, config=lowered)
    assert found and all(d.severity is not Severity.ERROR for d in found)
    parsed = ChatRequest.model_validate(payload)
    assert parsed.model_extra == {"temprature": 0.7, "transforms": ["middle-out"]}
    assert "max_tokens" in parsed.model_fields_set  # read without the deprecated attribute
    with pytest.warns(UnknownFieldWarning) as caught:  # kept, but not sent silently
        assert dumped(parsed) == payload
    assert [str(w.message).split(":")[0] for w in caught] == [
        "ChatRequest has no field 'temprature' (did you mean 'temperature'?)",
        "ChatRequest has no field 'transforms'",
    ]
    assert isinstance(toolkit.check_request(payload, config=lowered), ChatRequest)


# --- check_request ----------------------------------------------------------------------------


def test_check_request_returns_the_model() -> None:
    payload = request(temperature=0.2, tools=[{"type": "function", "function": {"name": "f"}}])
    parsed = toolkit.check_request(payload)
    assert isinstance(parsed, ChatRequest)
    assert parsed.temperature == 0.2
    assert dumped(parsed) == payload


def test_check_request_accepts_json_text_and_models() -> None:
    assert isinstance(
        toolkit.check_request('{"messages": [{"role": "user", "content": "x"}]}'), ChatRequest
    )
    model = ChatRequest.model_validate(request())
    assert dumped(toolkit.check_request(model)) == request()


INVALID = (
    '{\n  "model": "openai/gpt-4o",\n  "messages": [{"role": "user", "content": "x"}],\n'
    '  "temperature": 2.5,\n  "stop": ["a", "b", "c", "d", "e"],\n  "temprature": 0.7\n}\n'
)


def test_check_request_raises_with_every_problem() -> None:
    payload = json.loads(INVALID)
    with pytest.raises(toolkit.PayloadError) as caught:
        toolkit.check_request(payload)
    found = caught.value.diagnostics
    assert sorted((d.code, d.severity.value, d.pointer) for d in found) == [
        ("ORT105", "error", "/temperature"),
        ("ORT108", "error", "/stop"),
        ("ORT111", "error", "/temprature"),
    ]
    assert str(caught.value).splitlines() == [
        f"{d.pointer}: {d.severity.value} {d.code} {d.message}" for d in found
    ]
    assert isinstance(caught.value, ValueError)


def test_payload_error_reads_like_the_cli(run_cli) -> None:
    with pytest.raises(toolkit.PayloadError) as caught:
        toolkit.check_request(INVALID)
    cli = run_cli("lint", "-", input=INVALID)
    assert cli.exit_code == 1, cli
    cli_lines = [
        line.replace("<stdin>", "<payload>", 1)
        for line in cli.stdout.splitlines()
        if line.startswith("<stdin>:")
    ]
    assert len(cli_lines) == 3
    assert str(caught.value).splitlines() == cli_lines
    assert str(caught.value).splitlines()[0] == (
        "<payload>:4:18: error ORT105 temperature is 2.5; it must be between 0 and 2"
    )


def test_check_request_on_unparseable_text_raises() -> None:
    with pytest.raises(toolkit.PayloadError) as caught:
        toolkit.check_request('{"messages": [')
    assert [d.code for d in caught.value.diagnostics] == ["ORT003"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_completion_tokens", "256"),
        ("max_completion_tokens", True),
        ("seed", 1.5),
        ("stream", "true"),
        ("temperature", "0.7"),
        ("model", 4),
    ],
)
def test_models_do_not_coerce_what_the_schema_rejects(field: str, value: Any) -> None:
    payload = {"messages": [{"role": "user", "content": "hi"}], field: value}
    assert [d.code for d in toolkit.validate_request(payload)] == ["ORT103"]
    with pytest.raises(pydantic.ValidationError):
        ChatRequest.model_validate(payload)


def test_an_integer_is_a_number() -> None:
    payload = {"messages": [{"role": "user", "content": "hi"}], "temperature": 1}
    assert toolkit.validate_request(payload) == []
    assert ChatRequest.model_validate(payload).temperature == 1


FIXTURES = Path(__file__).parent / "fixtures" / "request"
FIXTURE_PAYLOADS = [
    item
    for path in sorted(FIXTURES.glob("*.json"))
    for item in loading.load(str(path))
    if isinstance(item, loading.Payload)  # (loading fixtures have no payload to compare)
]


@pytest.mark.parametrize("payload", FIXTURE_PAYLOADS, ids=lambda p: Path(p.file).name)
def test_models_and_linter_agree_on_every_request_fixture(payload: loading.Payload) -> None:
    """Schema errors (ORT1xx) make the model refuse the payload; without them it parses.

    An unknown key inside `provider` (ORT110) is the exception: the models keep unknown keys
    everywhere and warn (UnknownFieldWarning) when the model is sent; refusing them there is
    a codegen follow-up. A likely typo (ORT111) is an error by ortk's policy, not by the
    schema: the API ignores the key, and the models keep it as an extra."""
    found = toolkit.validate_request(payload.data)
    for typo in (d for d in found if d.code == "ORT111"):
        extra = ChatRequest.model_validate(payload.data).model_extra or {}
        assert typo.pointer.lstrip("/") in extra
    schema_errors = [
        d
        for d in found
        if d.code.startswith("ORT1") and d.severity.value == "error" and d.code != "ORT111"
    ]
    if schema_errors and all(d.code == "ORT110" for d in schema_errors):
        from toolkit.model_base import UnknownFieldWarning

        with pytest.warns(UnknownFieldWarning, match="rejects unknown keys there"):
            ChatRequest.model_validate(payload.data).model_dump()
    elif schema_errors:
        with pytest.raises(pydantic.ValidationError):
            ChatRequest.model_validate(payload.data)
    else:
        ChatRequest.model_validate(payload.data)


# --- what a user of openai-python / pydantic expects (issue 17) -----------------------------


def test_both_spellings_of_an_aliased_field_and_the_default_dump_is_the_wire_format() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    by_name = JsonSchemaConfig(name="answer", strict=True, schema_=schema)
    by_alias = JsonSchemaConfig.model_validate({"name": "answer", "strict": True, "schema": schema})
    assert by_name.schema_ == by_alias.schema_ == schema
    assert by_name.model_extra == {}  # not stored as an unknown key
    assert by_name.model_dump() == {"name": "answer", "strict": True, "schema": schema}
    assert json.loads(by_name.model_dump_json()) == by_name.model_dump()


def test_null_is_none_and_absent_is_none() -> None:
    chunk = ChatChunk.model_validate(
        {
            "id": "gen-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": None}],
        }
    )
    choice = chunk.choices[0]
    assert choice.finish_reason is None  # JSON null: None, not a truthy enum member
    assert chunk.usage is None and not chunk.usage  # absent: None, `if chunk.usage:` works
    assert choice.delta.role is None
    dumped_chunk = chunk.model_dump()
    assert "usage" not in dumped_chunk and "role" not in dumped_chunk["choices"][0]["delta"]
    assert dumped_chunk["choices"][0]["finish_reason"] is None  # null stays null


def test_no_generated_enum_holds_none() -> None:
    import enum

    import toolkit.generated.chunk_schema
    import toolkit.generated.common_schema
    import toolkit.generated.request_schema
    import toolkit.generated.response_schema

    modules = [
        toolkit.generated.chunk_schema,
        toolkit.generated.common_schema,
        toolkit.generated.request_schema,
        toolkit.generated.response_schema,
    ]
    members = [
        (module.__name__, name, member)
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, enum.Enum)
        for member in value
    ]
    assert [m for m in members if m[2].value is None] == []


def test_null_is_refused_where_the_schema_refuses_it() -> None:
    payload = request(model=None)
    assert [d.code for d in toolkit.validate_request(payload)] == ["ORT103"]
    with pytest.raises(pydantic.ValidationError, match="Input should be a valid string"):
        ChatRequest.model_validate(payload)
    with pytest.raises(pydantic.ValidationError):
        ChatRequest(messages=[UserMessage(content="hi")], model=None)
    nullable = request(max_completion_tokens=None)  # the schema admits null here
    assert ChatRequest.model_validate(nullable).model_dump() == nullable


def test_discriminators_default_and_are_always_sent() -> None:
    built = ChatRequest(
        messages=[UserMessage(content=[TextPart(text="hi")])],
        tools=[FunctionTool(function=FunctionDefinition(name="f"))],
        tool_choice="auto",
        reasoning=ReasoningConfig(effort="low"),
    )
    assert built.model_dump() == {
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
        "tools": [{"type": "function", "function": {"name": "f"}}],
        "tool_choice": "auto",
        "reasoning": {"effort": "low"},
    }
    assert toolkit.validate_request(built) == []


def test_an_unknown_key_warns_when_it_is_sent_not_when_it_is_read() -> None:
    built = ChatRequest(messages=[UserMessage(content="hi")], temprature=0.5)  # type: ignore[call-arg]
    with pytest.warns(UnknownFieldWarning, match=r"did you mean 'temperature'\?"):
        assert built.model_dump()["temprature"] == 0.5
    response = {
        "id": "gen-1",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": "hi"},
                "brand_new_field": 1,
            }
        ],
    }
    parsed = ChatResponse.model_validate(response)  # no warning (filterwarnings=error)
    assert parsed.choices[0].model_extra == {"brand_new_field": 1}


def test_open_objects_take_any_key_quietly() -> None:
    payload = request(trace={"trace_id": "t", "customer": "acme"})  # TraceConfig is open
    assert ChatRequest.model_validate(payload).model_dump() == payload


def test_deprecated_fields_say_what_to_use_instead() -> None:
    deprecated = {
        name: field.deprecated
        for name, field in ChatRequest.model_fields.items()
        if field.deprecated is not None
    }
    assert set(deprecated) >= {"max_tokens", "route"}
    assert "max_completion_tokens" in str(deprecated["max_tokens"])
    assert "provider.sort.partition" in str(deprecated["route"])


def test_every_generated_class_and_field_has_a_docstring() -> None:
    import ast

    missing = []
    for path in sorted((ROOT / "generated").glob("*_schema.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            if not ast.get_docstring(node):
                missing.append(node.name)
            for index, statement in enumerate(node.body):
                following = node.body[index + 1 : index + 2]
                if isinstance(statement, ast.AnnAssign) and not (
                    following
                    and isinstance(following[0], ast.Expr)
                    and isinstance(following[0].value, ast.Constant)
                ):
                    missing.append(f"{node.name}.{ast.unparse(statement.target)}")
    assert missing == []


BUILDING_BLOCKS = {
    "payloads": ["ChatRequest", "ChatResponse", "ChatChunk", "ErrorResponse"],
    "messages": [
        "Message", "SystemMessage", "DeveloperMessage", "UserMessage", "AssistantMessage",
        "ToolMessage",
    ],
    "content parts": [
        "ContentPart", "TextPart", "ImageUrlPart", "ImageUrl", "InputAudioPart", "FilePart",
        "VideoUrlPart", "CacheControl",
    ],
    "tools": [
        "Tool", "FunctionTool", "FunctionDefinition", "WebSearchServerTool", "ToolChoice",
        "NamedToolChoice",
    ],
    "tool calls": ["ToolCall", "ToolCallFunction", "ChunkToolCall", "ChunkToolCallFunction"],
    "response formats": [
        "ResponseFormat", "ResponseFormatText", "ResponseFormatJsonObject",
        "ResponseFormatJsonSchema", "JsonSchemaConfig",
    ],
    "reasoning": ["ReasoningConfig", "ReasoningEffort", "ReasoningDetail"],
    "provider preferences": ["ProviderPreferences", "ProviderSortConfig", "MaxPrice"],
    "plugins": ["Plugin", "WebSearchPlugin", "FileParserPlugin", "ResponseHealingPlugin"],
    "reading answers": [
        "ResponseChoice", "ChunkChoice", "ChunkDelta", "FinishReason", "Usage",
        "UnknownFieldWarning",
    ],
}  # fmt: skip


def test_models_export_the_building_blocks_under_clear_names() -> None:
    import re

    import toolkit.models

    exported = set(toolkit.models.__all__)
    wanted = {name for names in BUILDING_BLOCKS.values() for name in names}
    assert wanted <= exported, wanted - exported
    assert all(hasattr(toolkit.models, name) for name in exported)
    # no generator filler names: Type, Route, Model1, ...
    unclear = [n for n in exported if n in {"Type", "Route", "Common"} or re.search(r"\d$", n)]
    assert unclear == []
    # the unions are aliases to annotate with, not wrappers to unwrap
    assert not any(hasattr(getattr(toolkit.models, n), "model_fields") for n in ("Message", "Tool"))
