"""The rule table and the rules: codes, names, documentation, examples, fixes, robustness.

Every check rule's docstring is executable: its Example must trigger the rule, its
"Use instead" must be clean, and applying its fix to the Example must resolve it.
"""

from __future__ import annotations

import copy
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fixture_objects import fixture_objects
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.api import validate, validate_exchange, validate_stream
from toolkit.catalog import Catalog, bundled_catalog, load_catalog
from toolkit.diagnostics import Diagnostic
from toolkit.kinds import PayloadKind, detect_kind
from toolkit.pointers import split_pointer
from toolkit.rules import BY_CODE, RULES, Rule, RuleContext, checks_for

CHECKS = [rule for rule in RULES if rule.check is not None]
# Stream checks read SSE events (their examples are ```sse transcripts); pair checks a
# response with its request (their examples are {"request": ..., "response": ...}).
STREAM_CHECKS = [rule for rule in CHECKS if PayloadKind.STREAM in rule.kinds]
PAIR_CHECKS = [rule for rule in CHECKS if rule.code.startswith("ORT5")]
PAYLOAD_CHECKS = [rule for rule in CHECKS if rule not in STREAM_CHECKS]
SECTIONS = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Fix safety",
    "## References",
]
REQUIRED_SECTIONS = SECTIONS[:3]


def by_code(rules: list[Rule]) -> dict[str, Any]:
    return {"ids": [rule.code for rule in rules], "argvalues": rules}


def doc_of(rule: Rule) -> str:
    return inspect.cleandoc(rule.doc)


def headings(rule: Rule) -> list[str]:
    return [line for line in doc_of(rule).splitlines() if line.startswith("## ")]


def examples(rule: Rule) -> tuple[Any, Any]:
    """The Example payload and the "Use instead" payload of a rule's docstring (for a
    stream check, SSE transcripts)."""
    section = doc_of(rule).split("## Example", 1)[1].split("\n## ", 1)[0]
    example, rest = section.split("Use instead:", 1)
    fence = "sse" if rule in STREAM_CHECKS else "json"
    blocks = [re.search(rf"```{fence}\n(.*?)\n```", text, re.S) for text in (example, rest)]
    assert all(blocks), f"{rule.code}: Example and Use instead need a ```{fence} block each"
    if fence == "sse":
        bad, good = (block.group(1) + "\n\n" for block in blocks if block)
    else:
        bad, good = (json.loads(block.group(1)) for block in blocks if block)
    return bad, good


def payload_of(rule: Rule, example: Any) -> dict[str, Any]:
    """The payload a check reads in an example (a pair check's: the response)."""
    return example["response"] if rule in PAIR_CHECKS else example  # type: ignore[no-any-return]


# The bundled catalog has no `reasoning` objects: the ORT46x examples ("With a catalog
# whose ...") are judged against the test catalog that has them.
REASONING = load_catalog(Path(__file__).parent / "catalogs" / "reasoning-models.json")


def catalog_of(rule: Rule) -> Catalog:
    return REASONING if "With a catalog whose" in rule.doc else bundled_catalog()


def context_for(rule: Rule, example: Any = None) -> RuleContext:
    """A pair check's context holds the request of its example; a request check's, the
    model catalog its example is judged against."""
    if rule not in PAIR_CHECKS:
        return RuleContext(catalog=catalog_of(rule))
    example = example if example is not None else examples(rule)[0]
    return RuleContext(kind="response", request=example.get("request"))


def kind_of(rule: Rule, payload: dict[str, Any]) -> str:
    if len(rule.kinds) == 1:
        return rule.kinds[0]
    kind = detect_kind(payload)
    assert kind in rule.kinds, f"{rule.code}: its example is a {kind}"
    return kind


def lint(rule: Rule, payload: Any) -> list[Diagnostic]:
    if rule in STREAM_CHECKS:
        return validate_stream(payload)
    if rule in PAIR_CHECKS:
        pair = copy.deepcopy(payload)
        return validate_exchange(pair["request"], pair["response"])
    return validate(copy.deepcopy(payload), kind_of(rule, payload), models=catalog_of(rule))


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


# --- the table ---------------------------------------------------------------------------


def test_codes_are_unique_sorted_and_well_formed() -> None:
    all_codes = [rule.code for rule in RULES]
    assert len(set(all_codes)) == len(all_codes)
    assert all_codes == sorted(all_codes)
    assert all(re.fullmatch(r"ORT[0-9]{3}", code) for code in all_codes)
    assert set(BY_CODE) == set(all_codes)


def test_names_are_unique_kebab_case() -> None:
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name) for name in names)


def test_check_codes_match_their_payload_kind() -> None:
    for rule in CHECKS:
        families = {"2": {"request"}, "3": {"response", "chunk", "stream"}, "4": {"request"}}
        family = {**families, "5": {"response"}}[rule.code[3]]
        assert rule.kinds and set(rule.kinds) <= family, rule.code
    assert {rule.code for rule in checks_for("request")} == {
        rule.code for rule in CHECKS if rule.code.startswith(("ORT2", "ORT4"))
    }


# --- the documentation -------------------------------------------------------------------


@pytest.mark.parametrize("rule", **by_code(list(RULES)))
def test_docs_have_the_sections_in_order(rule: Rule) -> None:
    found = headings(rule)
    assert found[:3] == REQUIRED_SECTIONS, found
    assert all(heading in SECTIONS for heading in found), found
    assert found == sorted(found, key=SECTIONS.index), found
    assert "Use instead" in doc_of(rule).split("## Example", 1)[1]


@pytest.mark.parametrize("rule", **by_code(CHECKS))
def test_check_docs_say_what_they_do_in_one_line(rule: Rule) -> None:
    assert rule.summary.startswith(("Checks for ", "Reports ")), rule.summary
    assert rule.summary.endswith("."), "the first line of What it does is a whole sentence"
    assert ("## Fix safety" in headings(rule)) is rule.fixable


@pytest.mark.parametrize("rule", **by_code(CHECKS))
def test_the_example_triggers_the_rule(rule: Rule) -> None:
    bad, _ = examples(rule)
    assert rule.code in codes(lint(rule, bad))


EVERY_EXAMPLE = [
    payload_of(rule, payload) for rule in PAYLOAD_CHECKS for payload in examples(rule)
] + [payload for _, payload in fixture_objects()]


@pytest.mark.parametrize("rule", **by_code([r for r in CHECKS if r.triggers]))
def test_a_rule_finds_nothing_without_its_trigger_keys(rule: Rule) -> None:
    """`triggers` lets `_findings` skip a rule: that must never hide a finding."""
    assert rule.check is not None
    fired = 0
    for payload in EVERY_EXAMPLE:
        if list(rule.check(copy.deepcopy(payload), context_for(rule))):
            fired += 1
            assert not rule.triggers.isdisjoint(payload), (rule.code, payload)
        stripped = {k: v for k, v in payload.items() if k not in rule.triggers}
        assert list(rule.check(stripped, context_for(rule))) == [], (rule.code, stripped)
    assert fired, f"{rule.code}: no example or fixture triggers it"


@pytest.mark.parametrize("rule", **by_code(CHECKS))
def test_use_instead_is_clean(rule: Rule) -> None:
    _, good = examples(rule)
    assert lint(rule, good) == []


@pytest.mark.parametrize("rule", **by_code(CHECKS))
def test_messages_follow_the_house_style(rule: Rule) -> None:
    bad, _ = examples(rule)
    for diagnostic in lint(rule, bad):
        if diagnostic.code != rule.code:
            continue
        message = diagnostic.message
        assert message[0].islower() or message[0] in '`"', message
        assert not message.endswith(".") and "\n" not in message, message


# --- fixes -------------------------------------------------------------------------------


def apply_patch(document: Any, operations: tuple[dict[str, Any], ...]) -> Any:
    """A small RFC 6902 applier (add, remove, replace, move, copy, test)."""
    document = copy.deepcopy(document)

    def parent(pointer: str) -> tuple[Any, str]:
        *path, last = split_pointer(pointer)
        node = document
        for token in path:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node, last

    def get(pointer: str) -> Any:
        node, last = parent(pointer)
        return node[int(last)] if isinstance(node, list) else node[last]

    def remove(pointer: str) -> Any:
        node, last = parent(pointer)
        return node.pop(int(last) if isinstance(node, list) else last)

    def add(pointer: str, value: Any) -> None:
        nonlocal document
        if pointer == "":
            document = value
            return
        node, last = parent(pointer)
        if isinstance(node, list):
            node.insert(len(node) if last == "-" else int(last), value)
        else:
            node[last] = value

    for operation in operations:
        op, path = operation["op"], operation["path"]
        if op == "add":
            add(path, copy.deepcopy(operation["value"]))
        elif op == "remove":
            remove(path)
        elif op == "replace":
            remove(path)
            add(path, copy.deepcopy(operation["value"]))
        elif op == "move":
            add(path, remove(operation["from"]))
        elif op == "copy":
            add(path, copy.deepcopy(get(operation["from"])))
        elif op == "test":
            assert get(path) == operation["value"]
        else:
            raise AssertionError(f"unknown operation {op!r}")
    return document


FIXABLE = [rule for rule in CHECKS if rule.fixable]


@pytest.mark.parametrize("rule", **by_code(FIXABLE))
def test_the_fix_resolves_the_example(rule: Rule) -> None:
    bad, _ = examples(rule)
    fixes = [d.fix for d in lint(rule, bad) if d.code == rule.code]
    assert fixes and all(fix is not None for fix in fixes)
    fixed = bad
    for fix in fixes:
        assert fix is not None
        fixed = apply_patch(fixed, fix.operations)
    after = lint(rule, fixed)
    assert rule.code not in codes(after)
    assert not [d for d in after if d.severity.value == "error"]


# --- edge behaviour ----------------------------------------------------------------------

USER = {"role": "user", "content": "hi"}


def call(id_: str, name: str = "get_weather") -> dict[str, Any]:
    return {"id": id_, "type": "function", "function": {"name": name, "arguments": "{}"}}


def asks(*ids: str) -> dict[str, Any]:
    return {"role": "assistant", "content": None, "tool_calls": [call(id_) for id_ in ids]}


def answer(id_: str) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": id_, "content": "ok"}


def found(code: str, payload: dict[str, Any]) -> list[tuple[str, str]]:
    rule = BY_CODE[code]
    assert rule.check is not None
    return [(f.pointer, f.message) for f in rule.check(payload, RuleContext())]


@pytest.mark.parametrize(
    ("messages", "orphans", "unanswered"),
    [
        ([USER, asks("a", "b"), answer("b"), answer("a"), USER], [], []),
        ([USER, asks("a"), answer("x")], ["/messages/2/tool_call_id"], []),
        (
            [USER, asks("a", "b"), answer("x")],
            ["/messages/2/tool_call_id"],
            ["/messages/1/tool_calls/1/id"],
        ),
        ([USER, asks("a"), USER, answer("a")], ["/messages/3/tool_call_id"], []),
        ([USER, asks("a"), answer("a"), answer("a")], ["/messages/3/tool_call_id"], []),
        ([USER, asks("a", "b"), answer("a")], [], ["/messages/1/tool_calls/1/id"]),
        ([USER, asks("a"), asks("b"), answer("b")], [], ["/messages/1/tool_calls/0/id"]),
        ([USER, asks("a")], [], ["/messages/1/tool_calls/0/id"]),
        ([USER, answer("a")], ["/messages/1/tool_call_id"], []),
    ],
)
def test_tool_exchanges(messages: list[Any], orphans: list[str], unanswered: list[str]) -> None:
    payload = {"messages": messages}
    assert [p for p, _ in found("ORT234", payload)] == orphans
    assert [p for p, _ in found("ORT235", payload)] == unanswered


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"route": "fallback"}, {"provider": {"sort": {"partition": "model"}}}),
        ({"route": "sort", "provider": None}, {"provider": {"sort": {"partition": "none"}}}),
        (
            {"route": "sort", "provider": {"zdr": True}},
            {"provider": {"zdr": True, "sort": {"partition": "none"}}},
        ),
        (
            {"route": "sort", "provider": {"sort": "latency"}},
            {"provider": {"sort": {"by": "latency", "partition": "none"}}},
        ),
        (
            {"route": "sort", "provider": {"sort": {"by": "price"}}},
            {"provider": {"sort": {"by": "price", "partition": "none"}}},
        ),
        (
            {"route": "sort", "provider": {"sort": {"partition": "none"}}},
            {"provider": {"sort": {"partition": "none"}}},
        ),
        ({"route": None}, {}),
        ({"route": "sort", "provider": {"sort": {"partition": "model"}}}, None),
        ({"route": "sort", "provider": {"sort": 3}}, None),
    ],
)
def test_route_fix(request_: dict[str, Any], expected: dict[str, Any] | None) -> None:
    payload = {"messages": [USER], **request_}
    [finding] = BY_CODE["ORT211"].check(payload, RuleContext())  # type: ignore[misc]
    if expected is None:
        assert finding.fix is None
    else:
        assert finding.fix is not None
        assert apply_patch(payload, finding.fix.operations) == {"messages": [USER], **expected}


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"max_tokens": 64}, {"max_completion_tokens": 64}),
        ({"max_tokens": 64, "max_completion_tokens": 64}, {"max_completion_tokens": 64}),
        ({"max_tokens": None, "max_completion_tokens": 64}, {"max_completion_tokens": 64}),
        ({"max_tokens": 64, "max_completion_tokens": 32}, None),
        ({"max_tokens": 64, "max_completion_tokens": None}, None),
    ],
)
def test_max_tokens_fix(request_: dict[str, Any], expected: dict[str, Any] | None) -> None:
    payload = {"messages": [USER], **request_}
    [finding] = BY_CODE["ORT210"].check(payload, RuleContext())  # type: ignore[misc]
    if expected is None:
        assert finding.fix is None
    else:
        assert finding.fix is not None
        assert apply_patch(payload, finding.fix.operations) == {"messages": [USER], **expected}


def test_include_usage_fix_keeps_other_stream_options() -> None:
    payload = {
        "messages": [USER],
        "stream": True,
        "stream_options": {"include_usage": True, "other": 1},
    }
    [finding] = BY_CODE["ORT212"].check(payload, RuleContext())  # type: ignore[misc]
    assert finding.fix is not None
    assert apply_patch(payload, finding.fix.operations)["stream_options"] == {"other": 1}


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"tool_choice": "none"}, []),
        ({"tool_choice": "auto"}, ["ORT231"]),
        ({"tool_choice": "auto", "parallel_tool_calls": False}, ["ORT231", "ORT231"]),
        ({"tool_choice": "required", "tools": []}, ["ORT230"]),
        ({"tool_choice": {"type": "openrouter:web_search"}}, ["ORT230"]),
        ({"tool_choice": "required", "tools": "get_weather"}, []),  # the schema's finding
    ],
)
def test_tool_choice_without_tools(request_: dict[str, Any], expected: list[str]) -> None:
    payload = {"messages": [USER], **request_}
    assert [code for code in ("ORT230", "ORT231") for _ in found(code, payload)] == expected


def test_unknown_tool_choice_knows_web_search_aliases() -> None:
    payload = {
        "messages": [USER],
        "tools": [{"type": "web_search_preview"}],
        "tool_choice": {"type": "openrouter:web_search"},
    }
    assert found("ORT232", payload) == []
    payload["tool_choice"] = {"type": "openrouter:datetime"}
    assert [p for p, _ in found("ORT232", payload)] == ["/tool_choice/type"]


def test_invalid_json_schema_points_inside_the_schema() -> None:
    schema = {"type": "object", "properties": {"unit": {"type": "strng"}}}
    payload = {
        "messages": [USER],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": schema}}],
    }
    [(pointer, message)] = found("ORT240", payload)
    assert pointer == "/tools/0/function/parameters/properties/unit/type"
    assert '"strng", not a JSON Schema type' in message


def test_a_draft_7_schema_is_checked_as_draft_7() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "definitions": {"a": {"type": "string"}},
        "items": [{"type": "string"}],
    }
    payload = {
        "messages": [USER],
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": schema}},
    }
    assert found("ORT240", payload) == []


def test_strict_schema_checks_nested_objects_and_skips_invalid_schemas() -> None:
    inner = {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}
    schema = {
        "type": "object",
        "properties": {"a": {"type": "array", "items": inner}},
        "required": ["a"],
        "additionalProperties": False,
    }
    payload = {
        "messages": [USER],
        "tools": [
            {"type": "function", "function": {"name": "f", "parameters": schema, "strict": True}}
        ],
    }
    assert [p for p, _ in found("ORT241", payload)] == [
        "/tools/0/function/parameters/properties/a/items"
    ]
    schema["required"] = "a"  # invalid JSON Schema: ORT240's, not ORT241's
    assert found("ORT241", payload) == []


def test_usage_chunk_totals_are_checked() -> None:
    chunk = {
        "id": "g",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [],
        "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 4},
    }
    assert codes(validate(chunk, "chunk")) == ["ORT302"]


# --- robustness: any payload, no exception -----------------------------------------------

KEYS = sorted(
    {
        "messages",
        "role",
        "content",
        "tool_calls",
        "tool_call_id",
        "id",
        "type",
        "function",
        "name",
        "arguments",
        "parameters",
        "strict",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "reasoning",
        "reasoning_effort",
        "effort",
        "max_tokens",
        "enabled",
        "exclude",
        "max_completion_tokens",
        "route",
        "provider",
        "sort",
        "partition",
        "by",
        "only",
        "ignore",
        "order",
        "stream",
        "stream_options",
        "include_usage",
        "debug",
        "image_config",
        "modalities",
        "logprobs",
        "top_logprobs",
        "response_format",
        "json_schema",
        "schema",
        "$schema",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "anyOf",
        "plugins",
        "stop",
        "models",
        "choices",
        "message",
        "delta",
        "finish_reason",
        "usage",
        "error",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "object",
    }
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-20, 20)
    | st.floats(allow_nan=False)
    | (
        st.sampled_from(
            [
                "",
                "none",
                "high",
                "auto",
                "required",
                "function",
                "tool",
                "assistant",
                "user",
                "fallback",
                "sort",
                "price",
                "object",
                "string",
                "tool_calls",
                "error",
                "chat.completion",
                "chat.completion.chunk",
                "image",
                "http://json-schema.org/draft-07/schema#",
                "a",
                "A",
            ]
        )
    )
)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=3), children, max_size=5)
    ),
    max_leaves=40,
)
PAYLOADS = st.dictionaries(st.sampled_from(KEYS), JSON, max_size=8)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAYLOADS)
def test_rules_never_raise_on_garbage(payload: dict[str, Any]) -> None:
    for rule in PAYLOAD_CHECKS:
        assert rule.check is not None
        for finding in rule.check(payload, context_for(rule)):
            assert finding.pointer == "" or finding.pointer.startswith("/")
            assert finding.message and "\n" not in finding.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PAYLOAD_CHECKS), JSON)
def test_rules_never_raise_on_garbage_in_any_field(rule: Rule, value: Any) -> None:
    """Each example with one of its fields (at any depth) replaced by garbage."""
    bad, good = examples(rule)
    for payload in (bad, good):
        for path in paths(payload):
            broken = copy.deepcopy(payload)
            node = broken
            for token in path[:-1]:
                node = node[token]
            node[path[-1]] = value
            assert rule.check is not None
            if rule in PAIR_CHECKS:  # garbage in the request or in the response
                request, response = broken.get("request"), broken.get("response")
                if isinstance(response, dict):
                    list(rule.check(response, RuleContext(request=request)))
                continue
            list(rule.check(broken, context_for(rule)))


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        found.append((*prefix, key))
        found.extend(paths(child, (*prefix, key)))
    return found


def test_a_schema_nested_too_deeply_is_left_alone() -> None:
    schema: dict[str, Any] = {"type": "strng"}
    for _ in range(900):
        schema = {"type": "object", "properties": {"a": schema}}
    payload = {
        "messages": [USER],
        "tools": [
            {"type": "function", "function": {"name": "f", "parameters": schema, "strict": True}}
        ],
    }
    assert found("ORT240", payload) == []
    assert found("ORT241", payload) == []
