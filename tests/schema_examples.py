"""The payloads test_schema.py and test_models.py share: the reference's examples, whole.

The examples come from ../shared/reference (the API page and the OpenAPI document); the
functions that read them take the `reference` fixture's path. `validate` goes through the
real library, so what the tests see is what a user sees.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import toolkit
from toolkit import api
from toolkit.diagnostics import Diagnostic, Severity
from toolkit.validation import schema_for

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
    """The library call for a payload kind (error bodies have no dedicated function).
    Requests are judged without the model catalog: these examples are about the schema,
    and their model need not be able to do what they ask (ORT4xx has its own tests)."""
    calls = {
        "request": lambda payload: toolkit.validate_request(payload, models=False),
        "response": toolkit.validate_response,
        "chunk": toolkit.validate_chunk,
    }
    return calls[kind](payload) if kind in calls else api.validate(payload, kind)


def request(**fields: Any) -> dict[str, Any]:
    return {**MIN_REQUEST, **fields}


# --- every example of the reference ---------------------------------------------------------


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
        # a field is its name on a line of its own, then its type (`object` is both);
        # an enum's last value (`audio` of `modalities`) is followed by its example instead
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line in fields[section] and lines[number - 1] != current and following != "Example:":
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
