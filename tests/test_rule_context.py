"""Where each rule lives, and the analyses rules share: once per payload, never across payloads."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import toolkit
from toolkit.rules import BY_CODE, RULES, RuleContext
from toolkit.rules.request import embedded_schemas, tool_exchanges
from toolkit.validation import metaschema

ROOT = Path(__file__).resolve().parents[1]

USER = {"role": "user", "content": "hi"}
CALLS = [
    {"id": id_, "type": "function", "function": {"name": "f", "arguments": "{}"}}
    for id_ in ("call_1", "call_2")
]
TOOL_TRAFFIC = {
    "model": "openai/gpt-4o",
    "messages": [
        USER,
        {"role": "assistant", "content": None, "tool_calls": CALLS},
        {"role": "tool", "tool_call_id": "call_3", "content": "ok"},
    ],
}


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_every_rule_names_a_file_that_exists(rule: Any) -> None:
    assert "\\" not in rule.source and not rule.source.startswith("/"), rule.source
    assert (ROOT / rule.source).is_file(), (rule.code, rule.source)
    if rule.check is not None:
        assert rule.source == rule.check.__module__.replace(".", "/") + ".py"


def test_sources_name_the_topic_module() -> None:
    assert BY_CODE["ORT201"].source == "toolkit/rules/request/reasoning.py"
    assert BY_CODE["ORT235"].source == "toolkit/rules/request/tool_exchanges.py"
    assert BY_CODE["ORT302"].source == "toolkit/rules/response.py"
    assert BY_CODE["ORT101"].source == "toolkit/validation/explain.py"
    assert BY_CODE["ORT005"].source == "toolkit/loading/json.py"


def test_shared_computes_once_per_payload_and_context() -> None:
    calls: list[dict[str, Any]] = []
    contexts: list[RuleContext] = []

    def analysis(payload: dict[str, Any], context: RuleContext) -> int:
        calls.append(payload)
        contexts.append(context)
        return len(calls)

    context, first, second = RuleContext(), {"a": 1}, {"a": 1}
    assert context.shared(analysis, first) == 1
    assert context.shared(analysis, first) == 1
    assert context.shared(analysis, second) == 2  # an equal but other payload: computed anew
    other = RuleContext()
    assert other.shared(analysis, first) == 3  # a new context: computed anew
    assert contexts == [context, context, other]  # (each analysis sees its context)
    assert calls == [first, second, first]


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    calls: list[Any] = []
    real = getattr(module, name)

    def counted(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_tool_exchange_rules_share_one_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_calls(monkeypatch, tool_exchanges, "_find_tool_exchanges")
    codes = [d.code for d in toolkit.validate_request(copy.deepcopy(TOOL_TRAFFIC))]
    assert sorted(codes) == ["ORT234", "ORT235"]
    assert len(calls) == 1
    toolkit.validate_request(copy.deepcopy(TOOL_TRAFFIC))
    assert len(calls) == 2  # the next payload is analysed again: nothing kept across payloads


def test_the_embedded_schema_rules_check_each_schema_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = count_calls(monkeypatch, embedded_schemas, "schema_problem")
    parameters = {"type": "object", "properties": {"a": {"type": "strng"}}}
    payload = {
        "model": "openai/gpt-4o",
        "messages": [USER],
        "tools": [
            {"type": "function", "function": {"name": "f", "parameters": parameters}},
            {
                "type": "function",
                "function": {"name": "g", "parameters": {"type": "object"}, "strict": True},
            },
        ],
    }
    codes = sorted(d.code for d in toolkit.validate_request(payload))
    assert codes == ["ORT240", "ORT241"]
    assert len(calls) == 2  # two schemas, each checked once for both rules


def test_metaschema_verdicts_follow_the_content_not_the_object() -> None:
    schema: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert metaschema.schema_problem(schema) is None
    schema["properties"]["a"]["type"] = "strng"  # the same object, now invalid
    error = metaschema.schema_problem(schema)
    assert error is not None and error is not metaschema.UNCHECKABLE
    assert metaschema.schema_message(error, "/tools/0/function/parameters/properties/a/type") == (
        "invalid JSON Schema: `tools[0].function.parameters.properties.a.type` is "
        '"strng", not a JSON Schema type; use one of "array", "boolean", "integer", "null", '
        '"number", "object", "string"'
    )


def test_the_metaschema_verdict_cache_is_bounded() -> None:
    for n in range(metaschema._VERDICTS_LIMIT + 10):
        metaschema.schema_problem({"type": "object", "description": f"schema {n}"})
    assert 0 < len(metaschema._VERDICTS) <= metaschema._VERDICTS_LIMIT


def _strict_tool(parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": "openai/gpt-4o",
        "messages": [USER],
        "tools": [
            {
                "type": "function",
                "function": {"name": "f", "parameters": parameters, "strict": True},
            }
        ],
    }


def _strict_findings(payload: dict[str, Any], from_text: bool = True) -> list[tuple[str, str]]:
    context = RuleContext(kind="request", from_text=from_text)
    found = embedded_schemas.strict_incompatible_schema(payload, context)
    return [(f.pointer, f.message) for f in found]


def test_strict_schema_findings_follow_the_content_not_the_object() -> None:
    """ORT241's findings are remembered per schema text for payloads parsed from text: the
    same tool in the next request costs a lookup, a schema that changed is looked at again."""
    parameters: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
    first = _strict_findings(_strict_tool(parameters))
    again = _strict_findings(_strict_tool(parameters))
    assert (
        first
        == again
        == [
            (
                "/tools/0/function/parameters",
                "`tools[0].function.parameters` must set `additionalProperties: false` "
                "under `strict: true`",
            ),
            (
                "/tools/0/function/parameters/properties/a",
                "property `a` is not in `required`; under `strict: true` list every property "
                "(allow null to keep it optional)",
            ),
        ]
    )
    parameters.update(additionalProperties=False, required=["a"])  # the same object, now closed
    assert _strict_findings(_strict_tool(parameters)) == []
    looping: dict[str, Any] = {"type": "object", "additionalProperties": False}
    looping["properties"] = {"self": looping}  # not JSON text: no key, walked each time
    assert metaschema.content_key(looping) is None
    found = _strict_findings(_strict_tool(looping))
    assert [pointer for pointer, _ in found] == ["/tools/0/function/parameters/properties/self"]


def test_a_caller_s_dict_is_never_judged_by_another_s_text() -> None:
    """A tuple and a list have the same JSON text; what is remembered from one must not
    answer for the other, so payloads not parsed from text are always walked."""
    listed = {"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a"]}
    as_tuple = {**listed, "required": ("a",)}
    assert metaschema.content_key(listed) == metaschema.content_key(as_tuple)
    _strict_findings(_strict_tool(as_tuple))  # (from text: remembered, for this text)
    pointers = [d.pointer for d in toolkit.validate_request(_strict_tool(listed))]
    assert "/tools/0/function/parameters/properties/b" in pointers


def test_the_strict_findings_cache_is_bounded() -> None:
    for n in range(embedded_schemas._STRICT_FINDINGS_LIMIT + 10):
        _strict_findings(_strict_tool({"type": "object", "description": f"schema {n}"}))
    assert 0 < len(embedded_schemas._STRICT_FINDINGS) <= embedded_schemas._STRICT_FINDINGS_LIMIT
