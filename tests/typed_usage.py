"""The models as an application uses them, type-checked by pyright and run by
tests/test_typed_usage.py: build requests (tools and their answers, structured output,
images, provider routing, reasoning), read a response and a stream.

Run as a script, it writes every request it builds, and the answers it read, as JSON
into the directory given as its argument; the test lints them with `ortk lint`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from toolkit.models import (
    AssistantMessage,
    ChatChunk,
    ChatRequest,
    ChatResponse,
    FunctionDefinition,
    FunctionTool,
    ImageUrl,
    ImageUrlPart,
    JsonSchemaConfig,
    MaxPrice,
    Message,
    ProviderPreferences,
    ReasoningConfig,
    ResponseFormatJsonSchema,
    SystemMessage,
    TextPart,
    ToolCall,
    ToolCallFunction,
    ToolMessage,
    UserMessage,
    WebSearchPlugin,
)

WEATHER = FunctionTool(
    function=FunctionDefinition(
        name="get_weather",
        description="Current weather in a city.",
        parameters={
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": False,
        },
        strict=True,
    )
)


def tool_request() -> ChatRequest:
    """A request offering a function tool; the model is free to call it."""
    return ChatRequest(
        model="openai/gpt-4o",
        messages=[
            SystemMessage(content="Answer briefly."),
            UserMessage(role="user", content="What is the weather in Paris?"),
        ],
        tools=[WEATHER],
        tool_choice="auto",
        temperature=0.2,
    )


RESPONSE_WITH_TOOL_CALL = """{
  "id": "gen-1", "object": "chat.completion", "created": 1750000000, "model": "openai/gpt-4o",
  "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
    "role": "assistant", "content": null,
    "tool_calls": [{"id": "call_1", "type": "function", "function": {
      "name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]}}],
  "usage": {"prompt_tokens": 52, "completion_tokens": 17, "total_tokens": 69}
}"""


def answer_tool_calls(request: ChatRequest, response: ChatResponse) -> ChatRequest:
    """The follow-up request: the assistant's tool calls, then one tool message for each."""
    message = response.choices[0].message
    assert response.choices[0].finish_reason == "tool_calls"
    # a response's tool call may omit `arguments` (a tool without any); a request's may not
    calls = [
        ToolCall(
            id=call.id,
            function=ToolCallFunction(
                name=call.function.name, arguments=call.function.arguments or "{}"
            ),
        )
        for call in message.tool_calls or []
    ]
    answers: list[Message] = []
    for call in calls:
        city = json.loads(call.function.arguments)["city"]
        answers.append(ToolMessage(tool_call_id=call.id, content=f"18C and sunny in {city}"))
    assistant = AssistantMessage(content=message.content, tool_calls=calls)
    history = request.messages or []  # None for a legacy `prompt` request
    return request.model_copy(update={"messages": [*history, assistant, *answers]})


def structured_output_request() -> ChatRequest:
    """json_schema structured output: the schema goes out under its wire name `schema`."""
    return ChatRequest(
        model="openai/gpt-4o",
        messages=[UserMessage(content="Name a city and its country.")],
        response_format=ResponseFormatJsonSchema(
            json_schema=JsonSchemaConfig(
                name="city",
                strict=True,
                schema_={
                    "type": "object",
                    "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
                    "required": ["city", "country"],
                    "additionalProperties": False,
                },
            )
        ),
    )


def image_request() -> ChatRequest:
    """Text and an image in one user message, routed to the cheapest of two providers."""
    return ChatRequest(
        model="anthropic/claude-sonnet-4",
        messages=[
            UserMessage(
                content=[
                    TextPart(text="What is in this picture?"),
                    ImageUrlPart(
                        image_url=ImageUrl(url="https://example.com/cat.png", detail="low")
                    ),
                ]
            )
        ],
        provider=ProviderPreferences(
            order=["Anthropic", "Amazon Bedrock"],
            allow_fallbacks=False,
            sort="price",
            max_price=MaxPrice(prompt=3, completion=15),
        ),
        max_completion_tokens=300,
    )


def reasoning_request() -> ChatRequest:
    """Reasoning at low effort, with a web search plugin."""
    return ChatRequest(
        model="openai/o4-mini",
        messages=[UserMessage(content="Which is larger, 9.11 or 9.9?")],
        reasoning=ReasoningConfig(effort="low"),
        plugins=[WebSearchPlugin(max_results=3)],
    )


STREAM = [
    '{"id": "gen-2", "object": "chat.completion.chunk", "created": 1750000001,'
    ' "model": "openai/gpt-4o", "choices": [{"index": 0, "finish_reason": null,'
    ' "delta": {"role": "assistant", "content": "Hel"}}]}',
    '{"id": "gen-2", "object": "chat.completion.chunk", "created": 1750000001,'
    ' "model": "openai/gpt-4o", "choices": [{"index": 0, "finish_reason": null,'
    ' "delta": {"content": "lo"}}]}',
    '{"id": "gen-2", "object": "chat.completion.chunk", "created": 1750000001,'
    ' "model": "openai/gpt-4o", "choices": [{"index": 0, "finish_reason": "stop",'
    ' "delta": {"content": "!"}}]}',
    '{"id": "gen-2", "object": "chat.completion.chunk", "created": 1750000001,'
    ' "model": "openai/gpt-4o", "choices": [],'
    ' "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}}',
]


def read_stream(lines: list[str]) -> tuple[str, str | None, int | None, list[ChatChunk]]:
    """The openai-python loop: text until finish_reason, usage from the chunk that has it."""
    text, finish, total = "", None, None
    chunks = [ChatChunk.model_validate_json(line) for line in lines]
    for chunk in chunks:
        if chunk.usage:  # absent on every chunk but the last: None, not a sentinel
            total = chunk.usage.total_tokens
        for choice in chunk.choices:
            if choice.delta.content is not None:
                text += choice.delta.content
            if choice.finish_reason is not None:
                finish = choice.finish_reason
    return text, finish, total, chunks


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    first = tool_request()
    response = ChatResponse.model_validate_json(RESPONSE_WITH_TOOL_CALL)
    assert response.usage is not None and response.usage.total_tokens == 69
    assert response.usage.cost is None  # absent: None, and left out of the dump
    assert "cost" not in response.usage.model_dump()
    follow_up = answer_tool_calls(first, response)
    assert [m.role for m in follow_up.messages or []] == ["system", "user", "assistant", "tool"]

    structured = structured_output_request()
    wire = structured.model_dump()
    assert structured.response_format is not None
    assert wire["response_format"]["json_schema"]["schema"]["required"] == ["city", "country"]

    text, finish, total, chunks = read_stream(STREAM)
    assert (text, finish, total) == ("Hello!", "stop", 12)

    requests = {
        "tool": first,
        "tool-answers": follow_up,
        "structured": structured,
        "image": image_request(),
        "reasoning": reasoning_request(),
    }
    for name, request in requests.items():
        (out / f"{name}.request.json").write_text(request.model_dump_json(indent=2))
    (out / "tool-call.response.json").write_text(response.model_dump_json(indent=2))
    for number, chunk in enumerate(chunks, 1):
        (out / f"stream-{number}.chunk.json").write_text(chunk.model_dump_json(indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
