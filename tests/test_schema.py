"""schema/: metaschema-valid, every $ref resolves, the reference's examples pass, limits hold.

The examples come from ../shared/reference (the API page and the OpenAPI document);
tests that need them skip when it is absent. Every payload check goes through the
real library (`toolkit.validate_request` and friends), so these tests pin both the
schema and the diagnostics a user sees: the code, the severity and the JSON Pointer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import jsonschema
import jsonschema_rs
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import toolkit
from toolkit import api
from toolkit.diagnostics import Diagnostic, Severity
from toolkit.schema import ID_BASE, documents, schema_dir, schema_for, validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILES = sorted((ROOT / "schema").glob("*.schema.json"))
PAYLOAD_KINDS = ("request", "response", "chunk", "error")
PAGE = "openrouter-chat-completions-api.txt"
OPENAPI = "openrouter-openapi-chat-completions.json"

USER = {"role": "user", "content": "hi"}
MIN_REQUEST: dict[str, Any] = {"model": "openai/gpt-4o", "messages": [USER]}
MIN_RESPONSE: dict[str, Any] = {
    "id": "gen-1",
    "object": "chat.completion",
    "created": 1,
    "model": "openai/gpt-4o",
    "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi"}}
    ],
}


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def schema_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Errors of the file and the schema (ORT0xx, ORT1xx): an example shown alone, out of
    its request, may rightly trip a cross-field rule (`top_logprobs` without `logprobs`)."""
    return [d for d in errors(diagnostics) if d.code.startswith(("ORT0", "ORT1"))]


def shown(diagnostics: list[Diagnostic]) -> list[tuple[str, str, str, str]]:
    return [(d.code, d.severity.value, d.pointer, d.message) for d in diagnostics]


def validate(payload: Any, kind: str) -> list[Diagnostic]:
    """The library call for a payload kind (error bodies have no dedicated function)."""
    calls = {
        "request": toolkit.validate_request,
        "response": toolkit.validate_response,
        "chunk": toolkit.validate_chunk,
    }
    return calls[kind](payload) if kind in calls else api.validate(payload, kind)


def request(**fields: Any) -> dict[str, Any]:
    return {**MIN_REQUEST, **fields}


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


def json_after(lines: list[str], start: int) -> Any:
    """The first JSON value in `lines` from `start`, across as many lines as it takes."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    for end in range(index + 1, min(index + 80, len(lines)) + 1):
        try:
            return json.loads("\n".join(lines[index:end]))
        except json.JSONDecodeError:
            continue
    raise ValueError(f"no JSON value after line {start}: {lines[index : index + 3]}")


def page_examples(reference: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The request (the curl `--data`) and the response example of the API page."""
    text = (reference / PAGE).read_text(encoding="utf-8")
    found = re.search(r"--data '\n(\{.*?\n\})\n'", text, re.S)
    assert found, "the page has no curl --data example"
    rest = text[found.end() :]
    response = json.loads(rest[rest.index("{") : rest.index("\n\nAuthorizations")])
    return json.loads(found.group(1)), response


def page_field_examples(reference: Path) -> list[tuple[str, str, Any]]:
    """(section, field, example) for every `Example:` of the page's Body and Response."""
    lines = (reference / PAGE).read_text(encoding="utf-8").splitlines()
    body, response = lines.index("Body"), lines.index("Response")
    fields = {
        "Body": set(schema_for("request")["properties"]),
        "Response": set(schema_for("response")["properties"]),
    }
    found = []
    current = None
    for number, line in enumerate(lines):
        if number < body:
            continue
        section = "Response" if number > response else "Body"
        # a field is its name on a line of its own, then its type (`object` is both)
        if line in fields[section] and lines[number - 1] != current:
            current = line
        elif line == "Example:" and current:
            found.append((section, current, json_after(lines, number + 1)))
    return found


def openapi(reference: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((reference / OPENAPI).read_text(encoding="utf-8"))
    return loaded


def openapi_payload_examples(reference: Path) -> list[tuple[str, str, Any]]:
    """(label, kind, payload): the operation's examples and the whole-payload components."""
    document = openapi(reference)
    post = document["paths"]["/chat/completions"]["post"]
    components = document["components"]["schemas"]
    found: list[tuple[str, str, Any]] = [
        ("requestBody", "request", post["requestBody"]["content"]["application/json"]["example"]),
    ]
    ok = post["responses"]["200"]["content"]
    found.append(("200 application/json", "response", ok["application/json"]["example"]))
    found.append(("200 text/event-stream", "chunk", ok["text/event-stream"]["example"]["data"]))
    found.append(("ChatResult", "response", components["ChatResult"]["example"]))
    found.append(("ChatStreamChunk", "chunk", components["ChatStreamChunk"]["example"]))
    found.append(
        ("ChatStreamingResponse", "chunk", components["ChatStreamingResponse"]["example"]["data"])
    )
    for status, answer in post["responses"].items():
        if status == "200":
            continue
        content = answer["content"]["application/json"]
        if "example" in content:
            found.append((f"{status} example", "error", content["example"]))
        for name, example in content.get("examples", {}).items():
            found.append((f"{status} {name}", "error", example["value"]))
        component = components[content["schema"]["$ref"].rsplit("/", 1)[-1]]
        if "example" in component:
            found.append((f"{status} schema example", "error", component["example"]))
    for name, component in components.items():
        if name.endswith("ResponseErrorData") and "example" in component:
            found.append((name, "error", {"error": component["example"]}))
    return found


def property_examples(reference: Path) -> list[tuple[str, Any]]:
    """(property, value) for every example on a ChatRequest property, its target or its items.

    A single item given as the example of an array property becomes a one-item array.
    """
    components = openapi(reference)["components"]["schemas"]

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        return node

    found: list[tuple[str, Any]] = []
    for name, node in components["ChatRequest"]["properties"].items():
        target = resolve(node)
        values = [node["example"]] if "example" in node else []
        if target is not node and "example" in target:
            values.append(target["example"])
        items = target.get("items") or node.get("items")
        if items:
            item = resolve(items)
            if "example" in item:
                values.append([item["example"]])
            for branch in item.get("oneOf", []) + item.get("anyOf", []):
                if "example" in resolve(branch):
                    values.append([resolve(branch)["example"]])
        for branch in target.get("oneOf", []) + target.get("anyOf", []):
            resolved = resolve(branch)
            if resolved is not target and "example" in resolved:
                values.append(resolved["example"])
        for value in values:
            if name == "messages" and isinstance(value, dict):
                value = [value]
            found.append((name, value))
    return found


def context_examples(reference: Path) -> list[tuple[str, str, Any]]:
    """Component examples that are not a request property's, placed into a payload."""
    components = openapi(reference)["components"]["schemas"]
    details = components["ChatReasoningDetails"]["example"]
    stream_details = components["ChatStreamReasoningDetails"]["example"]
    chunk = components["ChatStreamChunk"]["example"]
    return [
        (
            "ChatReasoningDetails in an assistant message",
            "request",
            request(
                messages=[
                    USER,
                    {"role": "assistant", "content": "x", "reasoning_details": details},
                    USER,
                ]
            ),
        ),
        (
            "ChatReasoningDetails in a response message",
            "response",
            {
                **MIN_RESPONSE,
                "choices": [
                    {
                        **MIN_RESPONSE["choices"][0],
                        "message": {
                            "role": "assistant",
                            "content": "x",
                            "reasoning_details": details,
                        },
                    }
                ],
            },
        ),
        (
            "ChatStreamReasoningDetails in a delta",
            "chunk",
            {
                **chunk,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": None,
                        "delta": {"reasoning_details": stream_details},
                    }
                ],
            },
        ),
        ("ChatModelNames", "request", request(models=components["ChatModelNames"]["example"])),
        ("ModelName", "request", request(model=components["ModelName"]["example"])),
        (
            "StopServerToolsWhen",
            "request",
            request(stop_server_tools_when=components["StopServerToolsWhen"]["example"]),
        ),
        (
            "ChatUsage in a response",
            "response",
            {**MIN_RESPONSE, "usage": components["ChatUsage"]["example"]},
        ),
        (
            "OpenRouterMetadata in a response",
            "response",
            {**MIN_RESPONSE, "openrouter_metadata": components["OpenRouterMetadata"]["example"]},
        ),
        (
            "ChatChoice in a response",
            "response",
            {**MIN_RESPONSE, "choices": [components["ChatChoice"]["example"]]},
        ),
        (
            "ChatStreamChoice in a chunk",
            "chunk",
            {**chunk, "choices": [components["ChatStreamChoice"]["example"]]},
        ),
    ]


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


def reference_payloads(reference: Path) -> list[tuple[str, str, Any]]:
    """(label, kind, payload) for every example of the reference, each a whole payload.

    Shared with test_models.py: every one of these must also parse into its model.
    """
    page_request, page_response = page_examples(reference)
    found = [
        ("page request", "request", page_request),
        ("page response", "response", page_response),
    ]
    for section, name, value in page_field_examples(reference):
        if section == "Body":
            if schema_for("request")["properties"][name].get("type") == "array" and isinstance(
                value, dict
            ):
                value = [value]
            found.append((f"page body {name}", "request", request(**{name: value})))
        else:
            found.append((f"page response {name}", "response", {**MIN_RESPONSE, name: value}))
    found += openapi_payload_examples(reference)
    found += [
        (f"ChatRequest.{name} {json.dumps(value)[:60]}", "request", request(**{name: value}))
        for name, value in property_examples(reference)
    ]
    found += context_examples(reference)
    return found


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

LONG = "k" * 64
BOUNDARIES = [
    # (id, edge payload fields, one-step-past payload fields, pointer, code)
    ("temperature-min", {"temperature": 0}, {"temperature": -0.01}, "/temperature", "ORT105"),
    ("temperature-max", {"temperature": 2}, {"temperature": 2.01}, "/temperature", "ORT105"),
    ("top_p-min", {"top_p": 0}, {"top_p": -0.01}, "/top_p", "ORT105"),
    ("top_p-max", {"top_p": 1}, {"top_p": 1.01}, "/top_p", "ORT105"),
    (
        "frequency_penalty-min",
        {"frequency_penalty": -2},
        {"frequency_penalty": -2.01},
        "/frequency_penalty",
        "ORT105",
    ),
    (
        "frequency_penalty-max",
        {"frequency_penalty": 2},
        {"frequency_penalty": 2.01},
        "/frequency_penalty",
        "ORT105",
    ),
    (
        "presence_penalty-min",
        {"presence_penalty": -2},
        {"presence_penalty": -2.01},
        "/presence_penalty",
        "ORT105",
    ),
    (
        "presence_penalty-max",
        {"presence_penalty": 2},
        {"presence_penalty": 2.01},
        "/presence_penalty",
        "ORT105",
    ),
    (
        "top_logprobs-min",
        {"logprobs": True, "top_logprobs": 0},
        {"logprobs": True, "top_logprobs": -1},
        "/top_logprobs",
        "ORT105",
    ),
    (
        "top_logprobs-max",
        {"logprobs": True, "top_logprobs": 20},
        {"logprobs": True, "top_logprobs": 21},
        "/top_logprobs",
        "ORT105",
    ),
    # limits from OpenRouter's parameters page, each marked with a $comment in the schema
    ("min_p-min", {"min_p": 0}, {"min_p": -0.01}, "/min_p", "ORT105"),
    ("min_p-max", {"min_p": 1}, {"min_p": 1.01}, "/min_p", "ORT105"),
    ("top_a-min", {"top_a": 0}, {"top_a": -0.01}, "/top_a", "ORT105"),
    ("top_a-max", {"top_a": 1}, {"top_a": 1.01}, "/top_a", "ORT105"),
    (
        "repetition_penalty-min",
        {"repetition_penalty": 0},
        {"repetition_penalty": -0.01},
        "/repetition_penalty",
        "ORT105",
    ),
    (
        "repetition_penalty-max",
        {"repetition_penalty": 2},
        {"repetition_penalty": 2.01},
        "/repetition_penalty",
        "ORT105",
    ),
    ("top_k-min", {"top_k": 0}, {"top_k": -1}, "/top_k", "ORT105"),
    ("max_tokens-min", {"max_tokens": 1}, {"max_tokens": 0}, "/max_tokens", "ORT105"),
    (
        "max_completion_tokens-min",
        {"max_completion_tokens": 1},
        {"max_completion_tokens": 0},
        "/max_completion_tokens",
        "ORT105",
    ),
    (
        "logit_bias-min",
        {"logit_bias": {"50256": -100}},
        {"logit_bias": {"50256": -100.5}},
        "/logit_bias/50256",
        "ORT105",
    ),
    (
        "logit_bias-max",
        {"logit_bias": {"50256": 100}},
        {"logit_bias": {"50256": 101}},
        "/logit_bias/50256",
        "ORT105",
    ),
    (
        "logit_bias-key",
        {"logit_bias": {"50256": 1}},
        {"logit_bias": {"token": 1}},
        "/logit_bias/token",
        "ORT107",
    ),
    # counts
    (
        "stop-count",
        {"stop": ["a", "b", "c", "d"]},
        {"stop": ["a", "b", "c", "d", "e"]},
        "/stop",
        "ORT108",
    ),
    (
        "metadata-pairs",
        {"metadata": {f"k{n}": "v" for n in range(16)}},
        {"metadata": {f"k{n}": "v" for n in range(17)}},
        "/metadata",
        "ORT108",
    ),
    ("messages-count", {"messages": [USER]}, {"messages": []}, "/messages", "ORT108"),
    (
        "stop_server_tools_when-count",
        {"stop_server_tools_when": [{"type": "step_count_is", "step_count": 5}]},
        {"stop_server_tools_when": []},
        "/stop_server_tools_when",
        "ORT108",
    ),
    # lengths
    (
        "metadata-key",
        {"metadata": {LONG: "v"}},
        {"metadata": {LONG + "k": "v"}},
        f"/metadata/{LONG}k",
        "ORT106",
    ),
    (
        "metadata-value",
        {"metadata": {"k": "v" * 512}},
        {"metadata": {"k": "v" * 513}},
        "/metadata/k",
        "ORT106",
    ),
    ("session_id", {"session_id": "s" * 256}, {"session_id": "s" * 257}, "/session_id", "ORT106"),
    (
        "json_schema-name-max",
        {"response_format": {"type": "json_schema", "json_schema": {"name": "n" * 64}}},
        {"response_format": {"type": "json_schema", "json_schema": {"name": "n" * 65}}},
        "/response_format/json_schema/name",
        "ORT106",
    ),
    (
        "json_schema-name-min",
        {"response_format": {"type": "json_schema", "json_schema": {"name": "n"}}},
        {"response_format": {"type": "json_schema", "json_schema": {"name": ""}}},
        "/response_format/json_schema/name",
        "ORT106",
    ),
    (
        "json_schema-name-pattern",
        {"response_format": {"type": "json_schema", "json_schema": {"name": "good_name-1"}}},
        {"response_format": {"type": "json_schema", "json_schema": {"name": "bad name"}}},
        "/response_format/json_schema/name",
        "ORT107",
    ),
    (
        "function-name-max",
        {"tools": [{"type": "function", "function": {"name": "f" * 64}}]},
        {"tools": [{"type": "function", "function": {"name": "f" * 65}}]},
        "/tools/0/function/name",
        "ORT106",
    ),
    (
        "function-name-min",
        {"tools": [{"type": "function", "function": {"name": "f"}}]},
        {"tools": [{"type": "function", "function": {"name": ""}}]},
        "/tools/0/function/name",
        "ORT106",
    ),
    (
        "function-name-pattern",
        {"tools": [{"type": "function", "function": {"name": "get_weather-2"}}]},
        {"tools": [{"type": "function", "function": {"name": "bad name"}}]},
        "/tools/0/function/name",
        "ORT107",
    ),
]


def text_part(**fields: Any) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": [{"type": "text", "text": "x", **fields}]}]}


def image_part(detail: str) -> dict[str, Any]:
    image = {"url": "https://example.com/a.png", "detail": detail}
    return {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": image}]}]}


ENUMS = [
    # (id, valid payload fields, bogus payload fields, pointer); the code is always ORT104
    (
        "reasoning_effort",
        {"reasoning_effort": "high"},
        {"reasoning_effort": "extreme"},
        "/reasoning_effort",
    ),
    (
        "reasoning.effort",
        {"reasoning": {"effort": "low"}},
        {"reasoning": {"effort": "extreme"}},
        "/reasoning/effort",
    ),
    (
        "reasoning.summary",
        {"reasoning": {"summary": "concise"}},
        {"reasoning": {"summary": "long"}},
        "/reasoning/summary",
    ),
    ("service_tier", {"service_tier": "flex"}, {"service_tier": "turbo"}, "/service_tier"),
    ("route", {"route": "fallback"}, {"route": "cheapest"}, "/route"),
    (
        "modalities-item",
        {"modalities": ["text", "image"]},
        {"modalities": ["text", "video"]},
        "/modalities/1",
    ),
    (
        "provider.data_collection",
        {"provider": {"data_collection": "deny"}},
        {"provider": {"data_collection": "never"}},
        "/provider/data_collection",
    ),
    (
        "provider.quantizations-item",
        {"provider": {"quantizations": ["fp8", "bf16"]}},
        {"provider": {"quantizations": ["fp8", "fp12"]}},
        "/provider/quantizations/1",
    ),
    (
        "provider.sort-string",
        {"provider": {"sort": "price"}},
        {"provider": {"sort": "cheapest"}},
        "/provider/sort",
    ),
    (
        "provider.sort.by",
        {"provider": {"sort": {"by": "latency"}}},
        {"provider": {"sort": {"by": "cheapest"}}},
        "/provider/sort/by",
    ),
    (
        "provider.sort.partition",
        {"provider": {"sort": {"by": "price", "partition": "none"}}},
        {"provider": {"sort": {"by": "price", "partition": "all"}}},
        "/provider/sort/partition",
    ),
    (
        "image_url.detail",
        image_part("high"),
        image_part("ultra"),
        "/messages/0/content/0/image_url/detail",
    ),
    (
        "cache_control.type",
        {"cache_control": {"type": "ephemeral"}},
        {"cache_control": {"type": "persistent"}},
        "/cache_control/type",
    ),
    (
        "cache_control.ttl",
        {"cache_control": {"type": "ephemeral", "ttl": "1h"}},
        {"cache_control": {"type": "ephemeral", "ttl": "2h"}},
        "/cache_control/ttl",
    ),
    (
        "part cache_control.type",
        text_part(cache_control={"type": "ephemeral"}),
        text_part(cache_control={"type": "persistent"}),
        "/messages/0/content/0/cache_control/type",
    ),
    (
        "part cache_control.ttl",
        text_part(cache_control={"type": "ephemeral", "ttl": "5m"}),
        text_part(cache_control={"type": "ephemeral", "ttl": "1d"}),
        "/messages/0/content/0/cache_control/ttl",
    ),
    (
        "plugin id",
        {"plugins": [{"id": "web"}]},
        {"plugins": [{"id": "websearch"}]},
        "/plugins/0/id",
    ),
    (
        "message role",
        {"messages": [{"role": "developer", "content": "x"}, USER]},
        {"messages": [{"role": "robot", "content": "x"}, USER]},
        "/messages/0/role",
    ),
    (
        "content part type",
        text_part(),
        {"messages": [{"role": "user", "content": [{"type": "txt", "text": "x"}]}]},
        "/messages/0/content/0/type",
    ),
    (
        "response_format type",
        {"response_format": {"type": "json_object"}},
        {"response_format": {"type": "yaml"}},
        "/response_format/type",
    ),
    (
        "tool type",
        {"tools": [{"type": "openrouter:datetime"}]},
        {"tools": [{"type": "clock"}]},
        "/tools/0/type",
    ),
    ("tool_choice mode", {"tool_choice": "auto"}, {"tool_choice": "sometimes"}, "/tool_choice"),
]

LIMIT_ROWS = BOUNDARIES + [
    (name, good, bad, pointer, "ORT104") for name, good, bad, pointer in ENUMS
]


@pytest.mark.parametrize(
    ("edge", "past", "pointer", "code"),
    [row[1:] for row in LIMIT_ROWS],
    ids=[row[0] for row in LIMIT_ROWS],
)
def test_limit(edge: dict[str, Any], past: dict[str, Any], pointer: str, code: str) -> None:
    at_edge = toolkit.validate_request(request(**edge))
    assert [
        d for d in at_edge if d.severity is Severity.ERROR or d.code.startswith("ORT1")
    ] == [], shown(at_edge)
    beyond = toolkit.validate_request(request(**past))
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
    ("temprature", request(temprature=0.7), "/temprature", ["`temperature`"]),
    (
        "in a message",
        request(messages=[{"role": "user", "content": "x", "nmae": "a"}]),
        "/messages/0/nmae",
        ["`name`"],
    ),
    (
        "provider.Require_Parameters",
        request(provider={"Require_Parameters": True}),
        "/provider/Require_Parameters",
        ["`require_parameters`"],
    ),
    ("maxTokens", request(maxTokens=100), "/maxTokens", ["`max_tokens`"]),
    (
        "transforms",
        request(transforms=["middle-out"]),
        "/transforms",
        ["context-compression", "plugins"],
    ),
    ("extra_body", request(extra_body={"top_k": 3}), "/extra_body", ["top level"]),
    ("system", request(system="Be brief."), "/system", ["system", "first message"]),
    (
        "reasoning.max_tokens",
        request(reasoning={"max_tokens": 2000}),
        "/reasoning/max_tokens",
        ["reasoning.effort"],
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
    found = toolkit.validate_request(payload)
    assert [(d.code, d.severity, d.pointer) for d in found] == [
        ("ORT101", Severity.WARNING, pointer)
    ], shown(found)
    for word in words:
        assert word in found[0].message


def test_temprature_says_did_you_mean() -> None:
    (found,) = toolkit.validate_request(request(temprature=0.7))
    assert found.message == "unknown key `temprature`; did you mean `temperature`?"


def test_plugin_web_search_suggests_web() -> None:
    found = toolkit.validate_request(request(plugins=[{"id": "web-search"}]))
    assert [(d.code, d.pointer) for d in found] == [("ORT104", "/plugins/0/id")], shown(found)
    assert 'did you mean "web"' in found[0].message


def test_prompt_without_messages_is_an_error_about_messages() -> None:
    found = toolkit.validate_request({"model": "openai/gpt-4o", "prompt": "Hello"})
    (error,) = errors(found)
    assert (error.code, error.pointer) == ("ORT102", "")
    assert "`messages`" in error.message and "`prompt`" in error.message
    assert [(d.code, d.pointer) for d in found if d is not error] == [("ORT101", "/prompt")]


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
