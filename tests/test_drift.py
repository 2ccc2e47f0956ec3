"""`ortk drift`: schema/ against an OpenAPI document, every deliberate difference explained."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from toolkit import drift
from toolkit.drift.compare import ONLY_SCHEMA, ONLY_UPSTREAM, Difference

OPENAPI = "openrouter-openapi-chat-completions.json"


def write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def tiny_openapi(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "paths": {"/chat/completions": {"post": {
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ChatRequest"}}}},
            "responses": {},
        }}},
        "components": {"schemas": {"ChatRequest": request}},
    }  # fmt: skip


def tiny_schema_dir(tmp_path: Path, request: dict[str, Any]) -> Path:
    directory = tmp_path / "schema"
    directory.mkdir()
    write(directory / "request.schema.json", request)
    return directory


def allowlist(tmp_path: Path, entries: list[dict[str, str]]) -> Path:
    text = "".join(
        "[[difference]]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in e.items())
        for e in entries
    )
    path = tmp_path / "allowlist.toml"
    path.write_text(text, encoding="utf-8")
    return path


OURS = {
    "type": "object",
    "properties": {
        "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
        "effort": {"$ref": "#/$defs/Effort"},
        "messages": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["messages"],
    "$defs": {"Effort": {"type": "string", "enum": ["low", "high"]}},
}


def test_differences_name_path_subject_and_direction(tmp_path: Path) -> None:
    theirs = copy.deepcopy(OURS)
    del theirs["$defs"]
    theirs["properties"]["effort"] = {"type": "string", "enum": ["low", "high", "max"]}
    theirs["properties"]["temperature"] = {"type": ["number", "null"], "format": "double"}
    theirs["properties"]["seed"] = {"type": "integer"}
    theirs["required"] = ["messages", "seed"]
    result = drift.check(write(tmp_path / "o.json", tiny_openapi(theirs)),
                         tiny_schema_dir(tmp_path, OURS), allowlist(tmp_path, []))  # fmt: skip
    assert sorted(result.unexplained) == [
        Difference("request", "property seed", ONLY_UPSTREAM),
        Difference("request", "required seed", ONLY_UPSTREAM),
        Difference("request.effort", 'enum value "max"', ONLY_UPSTREAM),
        Difference("request.temperature", "maximum", ONLY_SCHEMA, "schema/ 2, upstream null"),
        Difference("request.temperature", "minimum", ONLY_SCHEMA, "schema/ 0, upstream null"),
    ]
    assert result.exit_code == 1


def test_an_allowlist_entry_explains_and_a_stale_one_is_named(tmp_path: Path) -> None:
    effort = {"type": "string", "enum": ["low", "high"]}
    theirs = {k: v for k, v in OURS.items() if k != "$defs"}
    theirs = {**theirs, "properties": {**OURS["properties"], "effort": effort}}
    theirs["properties"]["temperature"] = {"type": ["number", "null"]}
    allowed = [
        {"path": "request.temperature", "subject": "m*imum", "change": ONLY_SCHEMA,
         "reason": "parameters.mdx: 0 to 2"},
        {"path": "request.messages[]", "subject": "property gone", "change": "*",
         "reason": "an entry that matches nothing"},
    ]  # fmt: skip
    result = drift.check(write(tmp_path / "o.json", tiny_openapi(theirs)),
                         tiny_schema_dir(tmp_path, OURS), allowlist(tmp_path, allowed))  # fmt: skip
    assert result.unexplained == []
    assert [d.subject for d, _ in result.explained] == ["maximum", "minimum"]
    assert [e.subject for e in result.stale] == ["property gone"]
    assert result.exit_code == 0
    assert "stale allowlist entry (matches nothing): request.messages[]" in drift.render_text(
        result
    )


@pytest.mark.parametrize(
    ("entry", "words"),
    [({"path": "request", "subject": "x", "change": "*"}, "reason"),
     ({"path": "request", "subject": "x", "change": "*", "reason": " "}, "empty reason")],
)  # fmt: skip
def test_a_bad_allowlist_entry_is_an_input_error(
    tmp_path: Path, entry: dict[str, str], words: str
) -> None:
    with pytest.raises(drift.DriftInputError, match=words):
        drift.check(write(tmp_path / "o.json", tiny_openapi(OURS)),
                    tiny_schema_dir(tmp_path, OURS), allowlist(tmp_path, [entry]))  # fmt: skip


def test_not_an_openapi_document_is_a_usage_error(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    result = run_cli("drift", str(write(tmp_path / "o.json", {"openapi": "3.1.0"})))
    assert result.exit_code == 2
    assert "paths./chat/completions.post" in result.stderr


def test_the_reference_has_no_unexplained_difference(
    reference: Path, run_cli: Callable[..., Run]
) -> None:
    result = run_cli("drift", str(reference / OPENAPI))
    assert result.exit_code == 0, result
    summary = result.stdout.splitlines()[-1]
    assert summary.endswith(" explained, 0 unexplained"), result
    assert "stale" not in result.stdout, result


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s["ChatRequest"]["properties"].__setitem__("new_knob", {"type": "boolean"}),
         "request: property new_knob only upstream"),
        (lambda s: s["ChatStreamDelta"]["properties"].__setitem__("thought", {"type": "string"}),
         "chunk.choices[].delta: property thought only upstream"),
        (lambda s: s["ChatRequest"]["properties"]["reasoning"]["properties"]["effort"]["enum"]
         .insert(0, "ultra"), 'request.reasoning.effort: enum value "ultra" only upstream'),
    ],
    ids=["top-level property", "nested chunk property", "enum value"],
)  # fmt: skip
def test_one_new_upstream_change_exits_1_and_is_named(
    reference: Path,
    tmp_path: Path,
    run_cli: Callable[..., Run],
    change: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    document = json.loads((reference / OPENAPI).read_text(encoding="utf-8"))
    change(document["components"]["schemas"])
    result = run_cli("drift", str(write(tmp_path / "openapi.json", document)), "--format", "json")
    assert result.exit_code == 1, result
    report = json.loads(result.stdout)
    assert [Difference(**d).describe() for d in report["unexplained"]] == [expected]
    text = run_cli("drift", str(tmp_path / "openapi.json"))
    assert f"unexplained: {expected}" in text.stdout.splitlines()
