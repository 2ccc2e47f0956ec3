"""Payloads generated from schema/request.schema.json: the schema, the validator and the
models agree on them, and a mutation of one is always caught at the mutated place."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import pytest
from fixture_objects import fixture_objects
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_strategy import SchemaStrategies

import toolkit
from toolkit.kinds import detect_kind
from toolkit.models import ChatRequest
from toolkit.validation import bundled_schema, documents, schema_for, validator


def _request_schema() -> dict[str, Any]:
    document = bundled_schema("request")
    del document["properties"]["$schema"]  # editor metadata in files, not a request field
    # chat requests: the schema leaves `messages` optional (`prompt` may stand in, ORT217)
    document["required"] = ["messages"]
    return document


REQUESTS = SchemaStrategies(_request_schema()).of(_request_schema())
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def schema_findings(payload: Any) -> list[toolkit.Diagnostic]:
    return [d for d in toolkit.validate_request(payload) if d.code.startswith(("ORT0", "ORT1"))]


@SETTINGS
@given(REQUESTS)
def test_generated_requests_are_valid_and_parse_into_the_model(payload: dict[str, Any]) -> None:
    assert schema_findings(payload) == []
    model = ChatRequest.model_validate(json.loads(json.dumps(payload)))
    assert len(model.messages) == len(payload["messages"])


# A mutation: (name, function from a valid payload to (mutated payload, pointer that must be
# reported, or a pointer prefix for the places a finding may be reported at)).
BOUNDED = {
    "temperature": (0, 2),
    "top_p": (0, 1),
    "frequency_penalty": (-2, 2),
    "presence_penalty": (-2, 2),
    "top_logprobs": (0, 20),
    "min_p": (0, 1),
}


def push_past_limit(payload: dict[str, Any], draw: Any) -> tuple[dict[str, Any], str]:
    name = draw(st.sampled_from(sorted(BOUNDED)))
    low, high = BOUNDED[name]
    payload[name] = draw(st.sampled_from([high + 1, low - 1]))
    return payload, f"/{name}"


def wrong_type(payload: dict[str, Any], draw: Any) -> tuple[dict[str, Any], str]:
    name = draw(
        st.sampled_from(
            [
                "temperature",
                "stream",
                "max_completion_tokens",
                "model",
                "messages",
                "stop",
                "metadata",
            ]
        )
    )
    payload[name] = (
        {"object": ["where", "a", "scalar", "belongs"]}
        if name not in ("metadata", "stop")
        else 12.5
    )
    return payload, f"/{name}"


def remove_required(payload: dict[str, Any], draw: Any) -> tuple[dict[str, Any], str]:
    index = draw(st.integers(0, len(payload["messages"]) - 1))
    message = payload["messages"][index]
    required = {"assistant": ["role"], "tool": ["role", "content", "tool_call_id"]}.get(
        message["role"], ["role", "content"]
    )
    del message[draw(st.sampled_from(required))]
    return payload, f"/messages/{index}"


def add_unknown_key(payload: dict[str, Any], draw: Any) -> tuple[dict[str, Any], str]:
    index = draw(st.integers(-1, len(payload["messages"]) - 1))
    target = payload if index < 0 else payload["messages"][index]
    target["zz_not_a_field"] = 1
    return payload, ("" if index < 0 else f"/messages/{index}") + "/zz_not_a_field"


def empty_or_overfill(payload: dict[str, Any], draw: Any) -> tuple[dict[str, Any], str]:
    if draw(st.booleans()):
        payload["messages"] = []
        return payload, "/messages"
    payload["stop"] = ["a", "b", "c", "d", "e"]
    return payload, "/stop"


MUTATIONS = [push_past_limit, wrong_type, remove_required, add_unknown_key, empty_or_overfill]


@SETTINGS
@given(REQUESTS, st.sampled_from(MUTATIONS), st.data())
def test_every_mutation_is_reported_at_the_mutated_place(payload, mutate, data) -> None:
    mutated, pointer = mutate(copy.deepcopy(payload), data.draw)
    found = schema_findings(mutated)
    assert any(d.pointer == pointer or d.pointer.startswith(pointer + "/") for d in found), (
        mutate.__name__,
        pointer,
        [(d.code, d.pointer) for d in found],
    )


@SETTINGS
@given(REQUESTS)
def test_skipping_rules_by_their_trigger_keys_hides_nothing(payload: dict[str, Any]) -> None:
    from toolkit.rules import RuleContext, checks_for

    every_rule = {
        (rule.code, finding.pointer, finding.message)
        for rule in checks_for("request")
        for finding in (rule.check(payload, RuleContext()) if rule.check else ())
    }
    reported = {
        (d.code, d.pointer, d.message)
        for d in toolkit.validate_request(payload)
        if d.code.startswith("ORT2")
    }
    assert reported == every_rule


# --- the two engines agree ----------------------------------------------------------------
# ortk validates with jsonschema-rs; python-jsonschema, the reference implementation, must
# reach the same verdict on the same schema, or one of them (or the schema) is wrong.


@cache
def reference_validator(kind: str) -> Any:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Registry[Any] = Registry().with_resources(
        (uri, Resource.from_contents(document, default_specification=DRAFT202012))
        for uri, document in documents().items()
    )
    return jsonschema.Draft202012Validator(schema_for(kind), registry=registry)


def verdicts(payload: Any, kind: str) -> tuple[bool, bool]:
    return validator(kind).is_valid(payload), reference_validator(kind).is_valid(payload)


def fixture_payloads() -> list[tuple[str, str, Any]]:
    """(name, kind, payload) of every JSON fixture that is an object with a kind."""
    return [
        (f"{path.parent.name}/{path.name}", kind, payload)
        for path, payload in fixture_objects()
        if (kind := detect_kind(payload)) is not None
    ]


@pytest.mark.parametrize(("name", "kind", "payload"), fixture_payloads(), ids=lambda v: v)
def test_both_engines_agree_on_every_fixture(name: str, kind: str, payload: Any) -> None:
    rs, reference = verdicts(payload, kind)
    assert rs == reference, (name, kind)


def test_the_fixtures_hold_valid_and_invalid_payloads_of_every_kind() -> None:
    seen = {(kind, verdicts(payload, kind)[0]) for _, kind, payload in fixture_payloads()}
    assert {("request", True), ("request", False), ("response", True)} <= seen


@SETTINGS
@given(REQUESTS, st.sampled_from(MUTATIONS), st.data())
def test_both_engines_agree_on_generated_and_mutated_requests(payload, mutate, data) -> None:
    assert verdicts(payload, "request") == (True, True)
    mutated, _ = mutate(copy.deepcopy(payload), data.draw)
    assert verdicts(mutated, "request") == (False, False)


UNKNOWN_KEYS = st.lists(
    st.sampled_from(["max_new_tokens", "temperatur", "do_sample", "zzz", "$schema", "Model"])
    | st.text(min_size=1, max_size=6),
    min_size=1,
    max_size=4,
    unique=True,
)


@SETTINGS
@given(REQUESTS, UNKNOWN_KEYS, st.booleans(), st.randoms(use_true_random=False))
def test_unknown_keys_are_explained_as_the_engine_reports_them(
    payload: dict[str, Any], unknown: list[str], break_one: bool, rng: Any
) -> None:
    """The shortcut for unknown top-level keys (no `iter_errors` when they are all that is
    wrong) says exactly what the engine's own errors say, with other problems or without."""
    from toolkit.validation import engine

    for key in unknown:
        payload.setdefault(key, rng.choice([1, "x", None, [1], {"a": 1}]))
    if break_one:
        payload[rng.choice(["messages", "temperature", "stop", "model"])] = {"not": "right"}
    compiled = validator("request")
    shortcut = engine._explained(compiled, payload, "request")
    slow = engine._explained(_NoShortcut(compiled), payload, "request")
    assert shortcut == slow and shortcut


class _NoShortcut:
    """A validator whose payloads never look valid without their unknown keys."""

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled

    def is_valid(self, _data: Any) -> bool:
        return False

    def iter_errors(self, data: Any) -> Any:
        return self.compiled.iter_errors(data)


def test_the_unknown_keys_shortcut_is_taken() -> None:
    from toolkit.validation import engine

    payload = {"messages": [{"role": "user", "content": "hi"}], "max_new_tokens": 5}
    assert len(engine._only_unknown_keys(validator("request"), payload, "request")) == 1
    payload["temperature"] = 3  # another problem: the engine explains them all
    assert engine._only_unknown_keys(validator("request"), payload, "request") == []
