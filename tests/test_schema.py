"""schema/: metaschema-valid, every $ref resolves, the reference's examples pass, limits hold.

The examples come from ../shared/reference (the API page and the OpenAPI document), read
by `schema_examples.py`; tests that need them skip when it is absent. The limit rows are
in `schema_limits.py` (test_models.py holds the models to both). Every payload check goes
through the real library (`toolkit.validate_request` and friends), so these tests pin both
the schema and the diagnostics a user sees: the code, the severity and the JSON Pointer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import jsonschema
import jsonschema_rs
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schema_examples import (
    MIN_RESPONSE,
    USER,
    context_examples,
    errors,
    openapi,
    openapi_payload_examples,
    page_examples,
    page_field_examples,
    property_examples,
    reference_payloads,
    request,
    schema_errors,
    shown,
    validate,
)
from schema_limits import LIMIT_ROWS

import toolkit
from toolkit.diagnostics import Severity
from toolkit.validation import ID_BASE, documents, schema_dir, schema_for, validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILES = sorted((ROOT / "schema").glob("*.schema.json"))
PAYLOAD_KINDS = ("request", "response", "chunk", "error")


# --- 1. the documents themselves ---------------------------------------------------------


def test_schema_files_are_the_loaded_documents() -> None:
    assert SCHEMA_FILES, "no schema/*.schema.json"
    assert schema_dir().resolve() == (ROOT / "schema").resolve()
    ids = {json.loads(path.read_text(encoding="utf-8"))["$id"] for path in SCHEMA_FILES}
    assert ids == set(documents())
    assert {f"{ID_BASE}{kind}.schema.json" for kind in PAYLOAD_KINDS} <= ids


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_document_is_valid_draft_2020_12(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == ID_BASE + path.name
    kind = path.name.split(".")[0]
    if kind in PAYLOAD_KINDS:
        assert isinstance(document.get("title"), str) and document["title"]
        assert document.get("type") == "object"


@pytest.mark.parametrize("kind", PAYLOAD_KINDS)
def test_every_payload_kind_compiles(kind: str) -> None:
    assert validator(kind) is not None
    assert schema_for(kind)["$id"] == f"{ID_BASE}{kind}.schema.json"


# --- 2. references and discriminators ------------------------------------------------------


def walk(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


def own_resolve(base: str, ref: str) -> Any:
    """A `$ref` resolved by hand over `documents()`: absolute URI, then the JSON Pointer."""
    uri, fragment = urldefrag(urljoin(base, ref))
    node: Any = documents()[uri]
    for token in fragment.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def all_refs() -> list[tuple[str, str, str]]:
    return [
        (doc_id, path, node["$ref"])
        for doc_id, document in documents().items()
        for path, node in walk(document)
        if isinstance(node.get("$ref"), str)
    ]


def test_every_ref_resolves() -> None:
    registry: Registry[Any] = Registry().with_resources(
        (doc_id, Resource.from_contents(document, default_specification=DRAFT202012))
        for doc_id, document in documents().items()
    )
    refs = all_refs()
    assert len(refs) > 100
    unresolved = []
    for doc_id, path, ref in refs:
        try:
            target = registry.resolver(base_uri=doc_id).lookup(ref).contents
            assert target == own_resolve(doc_id, ref)
            assert isinstance(target, dict) and target, "empty or non-object target"
        except Exception as error:  # collect every broken reference
            unresolved.append(f"{doc_id}{path}: {ref}: {type(error).__name__}: {error}")
    assert not unresolved, "\n".join(unresolved)


def discriminated_unions() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (doc_id, path, node)
        for doc_id, document in documents().items()
        for path, node in walk(document)
        if "discriminator" in node
    ]


def test_discriminator_mappings_name_their_branches() -> None:
    unions = discriminated_unions()
    assert len(unions) >= 6  # message, content part, tool, plugin, response format, ...
    problems = []
    for doc_id, path, node in unions:
        branches = [branch.get("$ref") for branch in node["oneOf"]]
        name = node["discriminator"]["propertyName"]
        mapping: dict[str, str] = node["discriminator"]["mapping"]
        for value, ref in mapping.items():
            if branches.count(ref) != 1:
                problems.append(f"{doc_id}{path}: mapping {value!r} -> {ref} is not one branch")
                continue
            target = own_resolve(doc_id, ref)
            prop = target.get("properties", {}).get(name, {})
            if not (prop.get("const") == value or value in prop.get("enum", [])):
                problems.append(f"{doc_id}{path}: branch {ref} does not fix {name}={value!r}")
            if name not in target.get("required", []):
                problems.append(f"{doc_id}{path}: branch {ref} does not require {name}")
        if set(mapping.values()) != set(branches):
            problems.append(
                f"{doc_id}{path}: branches without a mapping: "
                f"{sorted(set(branches) - set(mapping.values()))}"
            )
    assert not problems, "\n".join(problems)


# --- 3. every example of the reference ----------------------------------------------------


# OpenAPI component -> (our document, its $def), where one corresponds.
COMPONENT_DEFS: dict[str, tuple[str, str]] = {
    "AdvisorServerTool_OpenRouter": ("request", "AdvisorServerTool"),
    "AdvisorServerToolConfig": ("request", "AdvisorServerToolConfig"),
    "AdvisorReasoning": ("request", "ServerToolReasoning"),
    "AnthropicCacheControlDirective": ("common", "CacheControl"),
    "AnthropicCacheControlTtl": ("common", "CacheTtl"),
    "ApiErrorType": ("common", "ApiErrorType"),
    "AutoBetaRouterPlugin": ("request", "AutoBetaRouterPlugin"),
    "AutoRouterPlugin": ("request", "AutoRouterPlugin"),
    "BashServerTool": ("request", "BashServerTool"),
    "BashServerToolConfig": ("request", "BashServerToolConfig"),
    "BashServerToolEngine": ("request", "BashEngine"),
    "BashServerToolEnvironment": ("request", "BashEnvironment"),
    "ChatAssistantMessage": ("common", "AssistantMessage"),
    "ChatAudioOutput": ("common", "AudioOutput"),
    "ChatChoice": ("response", "ResponseChoice"),
    "ChatContentAudio": ("common", "InputAudioPart"),
    "ChatContentCacheControl": ("common", "CacheControl"),
    "ChatContentFile": ("common", "FilePart"),
    "ChatContentImage": ("common", "ImageUrlPart"),
    "ChatContentItems": ("common", "ContentPart"),
    "ChatContentText": ("common", "TextPart"),
    "ChatContentVideo": ("common", "VideoUrlPart"),
    "ChatContentVideoInput": ("common", "VideoUrl"),
    "ChatDebugOptions": ("request", "DebugOptions"),
    "ChatDeveloperMessage": ("request", "DeveloperMessage"),
    "ChatFinishReasonEnum": ("common", "FinishReason"),
    "ChatFormatGrammarConfig": ("request", "ResponseFormatGrammar"),
    "ChatFormatJsonObjectConfig": ("request", "ResponseFormatJsonObject"),
    "ChatFormatJsonSchemaConfig": ("request", "ResponseFormatJsonSchema"),
    "ChatFormatPythonConfig": ("request", "ResponseFormatPython"),
    "ChatFormatTextConfig": ("request", "ResponseFormatText"),
    "ChatFunctionTool": ("request", "Tool"),
    "ChatJsonSchemaConfig": ("request", "JsonSchemaConfig"),
    "ChatMessages": ("request", "Message"),
    "ChatNamedToolChoice": ("request", "NamedToolChoice"),
    "ChatReasoningSummaryVerbosityEnum": ("request", "ReasoningSummary"),
    "ChatSearchModelsServerTool": ("request", "SearchModelsServerTool"),
    "ChatServerToolChoice": ("request", "ServerToolChoice"),
    "ChatStreamChoice": ("chunk", "ChunkChoice"),
    "ChatStreamDelta": ("chunk", "ChunkDelta"),
    "ChatStreamOptions": ("request", "StreamOptions"),
    "ChatStreamToolCall": ("chunk", "ChunkToolCall"),
    "ChatSystemMessage": ("request", "SystemMessage"),
    "ChatTokenLogprob": ("common", "TokenLogprob"),
    "ChatTokenLogprobs": ("common", "ChoiceLogprobs"),
    "ChatToolCall": ("common", "ToolCall"),
    "ChatToolChoice": ("request", "ToolChoice"),
    "ChatToolMessage": ("request", "ToolMessage"),
    "ChatUsage": ("common", "Usage"),
    "ChatUserMessage": ("request", "UserMessage"),
    "ChatWebSearchShorthand": ("request", "WebSearchShorthandTool"),
    "ContainerAutoEnvironment": ("request", "ContainerAutoEnvironment"),
    "ContainerReferenceEnvironment": ("request", "ContainerReferenceEnvironment"),
    "ContextCompressionPlugin": ("request", "ContextCompressionPlugin"),
    "CostDetails": ("common", "CostDetails"),
    "DatetimeServerTool": ("request", "DatetimeServerTool"),
    "DatetimeServerToolConfig": ("request", "DatetimeServerToolConfig"),
    "DeprecatedRoute": ("request", "Route"),
    "EndpointInfo": ("common", "EndpointInfo"),
    "EndpointsMetadata": ("common", "EndpointsMetadata"),
    "FileParserPlugin": ("request", "FileParserPlugin"),
    "FilesServerTool": ("request", "FilesServerTool"),
    "FilesServerToolConfig": ("request", "FilesServerToolConfig"),
    "FusionPlugin": ("request", "FusionPlugin"),
    "FusionServerToolConfig": ("request", "FusionServerToolConfig"),
    "FusionServerTool_OpenRouter": ("request", "FusionServerTool"),
    "ImageConfig": ("request", "ImageConfig"),
    "ImageGenerationServerToolConfig": ("request", "ImageGenerationServerToolConfig"),
    "ImageGenerationServerTool_OpenRouter": ("request", "ImageGenerationServerTool"),
    "Legacy_ChatContentVideo": ("common", "InputVideoPart"),
    "Legacy_ChatContentVideoInput": ("common", "VideoUrl"),
    "MetadataLevel": ("request", "MetadataLevel"),
    "ModerationPlugin": ("request", "ModerationPlugin"),
    "OpenRouterMetadata": ("common", "OpenRouterMetadata"),
    "OpenRouterWebSearchServerTool": ("request", "WebSearchServerTool"),
    "PDFParserEngine": ("request", "PdfParserEngine"),
    "PDFParserOptions": ("request", "PdfParserOptions"),
    "ParetoRouterPlugin": ("request", "ParetoRouterPlugin"),
    "PercentileLatencyCutoffs": ("request", "PercentileLatencyCutoffs"),
    "PercentileThroughputCutoffs": ("request", "PercentileThroughputCutoffs"),
    "PipelineStage": ("common", "PipelineStage"),
    "PipelineStageType": ("common", "PipelineStageType"),
    "Prediction": ("request", "Prediction"),
    "PredictionContentText": ("request", "PredictionTextPart"),
    "PreferredMaxLatency": ("request", "PreferredMaxLatency"),
    "PreferredMinThroughput": ("request", "PreferredMinThroughput"),
    "PromptCacheBreakpoint": ("common", "PromptCacheBreakpoint"),
    "PromptCacheOptions": ("request", "PromptCacheOptions"),
    "ProviderName": ("request", "ProviderName"),
    "ProviderPreferences": ("request", "ProviderPreferences"),
    "ProviderSort": ("request", "ProviderSort"),
    "ProviderSortConfig": ("request", "ProviderSortConfig"),
    "Quantization": ("request", "Quantization"),
    "ReasoningDetailEncrypted": ("common", "ReasoningDetailEncrypted"),
    "ReasoningDetailServerToolCall": ("common", "ReasoningDetailServerToolCall"),
    "ReasoningDetailSummary": ("common", "ReasoningDetailSummary"),
    "ReasoningDetailText": ("common", "ReasoningDetailText"),
    "ReasoningDetailUnion": ("common", "ReasoningDetail"),
    "ReasoningFormat": ("common", "ReasoningFormat"),
    "ResponseHealingPlugin": ("request", "ResponseHealingPlugin"),
    "RouterAttempt": ("common", "RouterAttempt"),
    "RouterParams": ("common", "RouterParams"),
    "RoutingStrategy": ("common", "RoutingStrategy"),
    "SearchModelsServerToolConfig": ("request", "SearchModelsServerToolConfig"),
    "SearchQualityLevel": ("request", "SearchContextSize"),
    "ServerToolUseDetails": ("common", "ServerToolUseDetails"),
    "StopServerToolsWhenCondition": ("request", "StopCondition"),
    "StopServerToolsWhenFinishReasonIs": ("request", "FinishReasonIsCondition"),
    "StopServerToolsWhenHasToolCall": ("request", "HasToolCallCondition"),
    "StopServerToolsWhenMaxCost": ("request", "MaxCostCondition"),
    "StopServerToolsWhenMaxTokensUsed": ("request", "MaxTokensUsedCondition"),
    "StopServerToolsWhenStepCountIs": ("request", "StepCountIsCondition"),
    "SubagentNestedTool": ("request", "SubagentNestedTool"),
    "SubagentReasoning": ("request", "ServerToolReasoning"),
    "SubagentServerToolConfig": ("request", "SubagentServerToolConfig"),
    "SubagentServerTool_OpenRouter": ("request", "SubagentServerTool"),
    "TraceConfig": ("request", "TraceConfig"),
    "WebFetchEngineEnum": ("request", "WebFetchEngine"),
    "WebFetchPlugin": ("request", "WebFetchPlugin"),
    "WebFetchServerTool": ("request", "WebFetchServerTool"),
    "WebFetchServerToolConfig": ("request", "WebFetchServerToolConfig"),
    "WebSearchConfig": ("request", "WebSearchConfig"),
    "WebSearchEngine": ("request", "WebPluginEngine"),
    "WebSearchEngineEnum": ("request", "WebSearchEngine"),
    "WebSearchMode": ("request", "WebSearchMode"),
    "WebSearchPlugin": ("request", "WebSearchPlugin"),
    "WebSearchUserLocation": ("request", "WebPluginUserLocation"),
    "WebSearchUserLocationServerTool": ("request", "WebSearchUserLocation"),
}


def test_page_examples_are_clean(reference: Path) -> None:
    page_request, page_response = page_examples(reference)
    assert page_request["messages"][1]["content"] == "What is the capital of France?"
    assert "system_fingerprint" not in page_response
    assert errors(toolkit.validate_request(page_request)) == []
    assert errors(toolkit.validate_response(page_response)) == []
    # the response is exactly what the API returns: no finding at all
    assert toolkit.validate_response(page_response) == []


def test_page_field_examples_are_clean(reference: Path) -> None:
    found = page_field_examples(reference)
    names = {name for section, name, _ in found if section == "Body"}
    assert {
        "messages",
        "metadata",
        "plugins",
        "tools",
        "stop",
        "provider",
        "reasoning",
        "stop_server_tools_when",
        "trace",
        "temperature",
    } <= names
    assert {name for section, name, _ in found if section == "Response"} >= {
        "usage",
        "openrouter_metadata",
        "system_fingerprint",
    }
    failures = [
        (label, shown(schema_errors(validate(payload, kind))))
        for label, kind, payload in reference_payloads(reference)
        if label.startswith("page ") and schema_errors(validate(payload, kind))
    ]
    assert not failures, failures


def test_openapi_operation_examples_are_clean(reference: Path) -> None:
    found = openapi_payload_examples(reference)
    assert sum(kind == "error" for _, kind, _ in found) >= 29
    failures = [
        (label, shown(errors(validate(payload, kind))))
        for label, kind, payload in found
        if errors(validate(payload, kind))
    ]
    assert not failures, failures


def test_every_request_property_example_is_clean(reference: Path) -> None:
    found = property_examples(reference)
    assert len(found) >= 80
    assert {name for name, _ in found} >= {
        "messages",
        "tools",
        "plugins",
        "provider",
        "response_format",
        "tool_choice",
        "reasoning",
    }
    failures = [
        (name, value, shown(schema_errors(toolkit.validate_request(request(**{name: value})))))
        for name, value in found
        if schema_errors(toolkit.validate_request(request(**{name: value})))
    ]
    assert not failures, failures


def test_component_examples_in_context_are_clean(reference: Path) -> None:
    failures = [
        (label, shown(errors(validate(payload, kind))))
        for label, kind, payload in context_examples(reference)
        if errors(validate(payload, kind))
    ]
    assert not failures, failures


def test_every_component_example_matches_its_definition(reference: Path) -> None:
    components = openapi(reference)["components"]["schemas"]
    registry = jsonschema_rs.Registry(list(documents().items()))
    checked, failures = 0, []
    for name, component in components.items():
        if "example" not in component or name not in COMPONENT_DEFS:
            continue
        document, definition = COMPONENT_DEFS[name]
        ref = {"$ref": f"{ID_BASE}{document}.schema.json#/$defs/{definition}"}
        problems = list(
            jsonschema_rs.validator_for(ref, registry=registry).iter_errors(component["example"])
        )
        if problems:
            failures.append((name, [p.message[:150] for p in problems]))
        checked += 1
    assert checked >= 128
    assert not failures, failures


# --- 4. every documented limit, at the edge and one step past ----------------------------


@pytest.mark.parametrize(
    ("edge", "past", "pointer", "code"),
    [row[1:] for row in LIMIT_ROWS],
    ids=[row[0] for row in LIMIT_ROWS],
)
def test_limit(edge: dict[str, Any], past: dict[str, Any], pointer: str, code: str) -> None:
    # (the schema's limits, whatever the example's model can do: no model catalog)
    at_edge = toolkit.validate_request(request(**edge), models=False)
    assert [
        d for d in at_edge if d.severity is Severity.ERROR or d.code.startswith("ORT1")
    ] == [], shown(at_edge)
    beyond = toolkit.validate_request(request(**past), models=False)
    found = errors(beyond)
    assert [(d.code, d.pointer) for d in found] == [(code, pointer)], shown(beyond)


def test_every_bounded_request_property_has_a_row() -> None:
    """A new minimum/maximum/maxLength/maxItems on a top-level property needs a row above."""
    keywords = {
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "maxProperties",
    }
    covered = {row[3].split("/")[1] for row in LIMIT_ROWS}
    bounded = {
        name
        for name, node in schema_for("request")["properties"].items()
        if keywords & set(node) or "propertyNames" in node
    }
    assert bounded - covered == set()


def test_limit_messages_name_the_limit() -> None:
    (temperature,) = toolkit.validate_request(request(temperature=2.5))
    assert temperature.message == "temperature is 2.5; it must be between 0 and 2"
    (stop,) = errors(toolkit.validate_request(request(stop=list("abcde"))))
    assert "at most 4" in stop.message
    (metadata,) = errors(toolkit.validate_request(request(metadata={"k": "v" * 513})))
    assert "512" in metadata.message


# --- 5. unknown keys ------------------------------------------------------------------------


UNKNOWN_KEYS = [
    # (id, payload, pointer, words the one ORT101 warning must contain)
    (
        "in a message",
        request(messages=[{"role": "user", "content": "x", "nmae": "a"}]),
        "/messages/0/nmae",
        ["`name`"],
    ),
    (
        "transforms",
        request(transforms=["middle-out"]),
        "/transforms",
        ["context-compression", "plugins"],
    ),
    ("extra_body", request(extra_body={"top_k": 3}), "/extra_body", ["top level"]),
    ("system", request(system="Be brief."), "/system", ["system", "first message"]),
    (
        "reasoning.budget_tokens",
        request(reasoning={"budget_tokens": 2000}),
        "/reasoning/budget_tokens",
        ["unknown key"],
    ),
]


@pytest.mark.parametrize(
    ("payload", "pointer", "words"),
    [row[1:] for row in UNKNOWN_KEYS],
    ids=[row[0] for row in UNKNOWN_KEYS],
)
def test_unknown_key_is_one_warning(
    payload: dict[str, Any], pointer: str, words: list[str]
) -> None:
    found = toolkit.validate_request(payload, models=False)  # (the schema alone)
    assert [(d.code, d.severity, d.pointer) for d in found] == [
        ("ORT101", Severity.WARNING, pointer)
    ], shown(found)
    for word in words:
        assert word in found[0].message


LIKELY_TYPOS = [
    # (id, payload, pointer, guess, code): ORT111 at the top level (the API ignores the
    # key), ORT110 inside `provider` (the API rejects any unknown key there)
    ("temprature", request(temprature=0.7), "/temprature", "`temperature`", "ORT111"),
    (
        "provider.Require_Parameters",
        request(provider={"Require_Parameters": True}),
        "/provider/Require_Parameters",
        "`require_parameters`",
        "ORT110",
    ),
    ("maxTokens", request(maxTokens=100), "/maxTokens", "`max_completion_tokens`", "ORT111"),
]


@pytest.mark.parametrize(
    ("payload", "pointer", "guess", "code"),
    [row[1:] for row in LIKELY_TYPOS],
    ids=[row[0] for row in LIKELY_TYPOS],
)
def test_a_likely_typo_is_one_error(
    payload: dict[str, Any], pointer: str, guess: str, code: str
) -> None:
    """ORT111: the API would ignore the misspelled parameter silently; ORT110 in `provider`."""
    found = toolkit.validate_request(payload)
    expected = [(code, Severity.ERROR, pointer)]
    assert [(d.code, d.severity, d.pointer) for d in found] == expected, shown(found)
    assert f"did you mean {guess}?" in found[0].message


def test_a_likely_typo_below_the_top_level_stays_a_warning() -> None:
    """ORT111 is for top-level keys only: a nested misspelling is ORT101."""
    found = toolkit.validate_request(
        request(messages=[{"role": "user", "content": "x", "nmae": "a"}])
    )
    assert [(d.code, d.severity) for d in found] == [("ORT101", Severity.WARNING)], shown(found)


def test_temprature_says_did_you_mean() -> None:
    (found,) = toolkit.validate_request(request(temprature=0.7))
    assert found.message == (
        "unknown key `temprature`; did you mean `temperature`? The API ignores it"
    )


def test_plugin_web_search_suggests_web() -> None:
    found = toolkit.validate_request(request(plugins=[{"id": "web-search"}]))
    assert [(d.code, d.pointer) for d in found] == [("ORT104", "/plugins/0/id")], shown(found)
    assert 'did you mean "web"' in found[0].message


def test_prompt_without_messages_is_valid_input() -> None:
    # live: `Input required: specify "prompt" or "messages"`; overview.mdx: either is required
    found = toolkit.validate_request({"model": "openai/gpt-4o", "prompt": "Hello"})
    assert errors(found) == [], shown(found)
    assert all(d.code != "ORT101" for d in found), shown(found)


# --- 6. discriminated unions: one error, inside the branch that was meant -------------------


UNIONS = [
    (
        "unknown role",
        request(messages=[{"role": "robot", "content": "x"}]),
        "ORT104",
        "/messages/0/role",
    ),
    ("user without content", request(messages=[{"role": "user"}]), "ORT102", "/messages/0"),
    (
        "tool without tool_call_id",
        request(messages=[USER, {"role": "tool", "content": "18C"}]),
        "ORT102",
        "/messages/1",
    ),
    ("message without role", request(messages=[{"content": "x"}]), "ORT102", "/messages/0"),
    (
        "bad content part type",
        request(messages=[{"role": "user", "content": [{"type": "picture", "url": "x"}]}]),
        "ORT104",
        "/messages/0/content/0/type",
    ),
    (
        "text part without text",
        request(messages=[{"role": "user", "content": [{"type": "text"}]}]),
        "ORT102",
        "/messages/0/content/0",
    ),
    (
        "wrong type inside a message",
        request(messages=[{"role": "user", "content": 42}]),
        "ORT103",
        "/messages/0/content",
    ),
    (
        "json_schema without json_schema",
        request(response_format={"type": "json_schema"}),
        "ORT102",
        "/response_format",
    ),
]


@pytest.mark.parametrize(
    ("payload", "code", "pointer"), [row[1:] for row in UNIONS], ids=[row[0] for row in UNIONS]
)
def test_union_gives_one_diagnostic(payload: dict[str, Any], code: str, pointer: str) -> None:
    found = toolkit.validate_request(payload)
    assert [(d.code, d.severity, d.pointer) for d in found] == [(code, Severity.ERROR, pointer)], (
        shown(found)
    )


def test_missing_tool_call_id_is_named() -> None:
    (found,) = toolkit.validate_request(request(messages=[USER, {"role": "tool", "content": "x"}]))
    assert "`tool_call_id`" in found.message


# --- 7. responses as the live API returns them ------------------------------------------------


def test_live_response_shape_is_clean() -> None:
    live = {
        "id": "gen-1730000000-abc",
        "object": "chat.completion",
        "created": 1730000000,
        "model": "openai/gpt-4o",
        "provider": "OpenAI",
        "choices": [
            {
                "index": 0,
                "logprobs": None,
                "finish_reason": "stop",
                "native_finish_reason": "stop",
                "message": {
                    "role": "assistant",
                    "content": "Paris.",
                    "refusal": None,
                    "reasoning": None,
                },
            }
        ],
        "usage": {"prompt_tokens": 25, "completion_tokens": 2, "total_tokens": 27},
    }
    assert "system_fingerprint" not in live
    found = toolkit.validate_response(live)
    assert errors(found) == [], shown(found)


def test_live_chunk_shape_is_clean() -> None:
    chunk = {
        "id": "gen-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "openai/gpt-4o",
        "provider": "OpenAI",
        "choices": [
            {
                "index": 0,
                "delta": {"role": "assistant", "content": "Par"},
                "finish_reason": None,
                "native_finish_reason": None,
                "logprobs": None,
            }
        ],
    }
    found = toolkit.validate_chunk(chunk)
    assert errors(found) == [], shown(found)


def test_unknown_key_in_a_response_choice_is_a_warning_not_an_error() -> None:
    response = {**MIN_RESPONSE, "choices": [{**MIN_RESPONSE["choices"][0], "extra": 1}]}
    found = toolkit.validate_response(response)
    assert [(d.code, d.severity, d.pointer) for d in found] == [
        ("ORT101", Severity.WARNING, "/choices/0/extra")
    ], shown(found)


def test_unknown_key_in_provider_is_an_error_with_did_you_mean() -> None:
    # live 400: `Unrecognized key(s) in object: 'Require_Parameters'`
    found = toolkit.validate_request(request(provider={"Require_Parameters": True}))
    assert [(d.code, d.severity, d.pointer) for d in found] == [
        ("ORT110", Severity.ERROR, "/provider/Require_Parameters")
    ], shown(found)
    assert "rejects" in found[0].message and "`require_parameters`" in found[0].message


def test_no_unknown_key_message_claims_the_api_ignores_a_nested_key() -> None:
    found = toolkit.validate_request(
        request(messages=[{"role": "user", "content": "hi", "zzz": 1}], qqq=1)
    )
    nested, top = sorted(found, key=lambda d: d.pointer.count("/"), reverse=True)
    assert nested.pointer == "/messages/0/zzz" and "ignores" not in nested.message
    assert top.pointer == "/qqq" and top.message.endswith("the API ignores it")
