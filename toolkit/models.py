"""Pydantic models of the payloads, generated from schema/ (see `ortk generate`).

The building blocks an application needs to build a request and read what comes back,
under the names the schema gives them. Unions are type aliases you annotate with
(`Message`, `ContentPart`, `Tool`, `ResponseFormat`, ...), never wrappers: a
`UserMessage` *is* a `Message`. Fixed values are `Literal`s, so plain strings type-check
(`tool_choice="auto"`, `ReasoningConfig(effort="low")`). How the models read, dump and
warn: `toolkit.model_base`.
"""

from toolkit.generated.chunk_schema import (
    ChatChunk,
    ChunkChoice,
    ChunkDelta,
    ChunkToolCall,
    ChunkToolCallFunction,
)
from toolkit.generated.common_schema import (
    Annotation,
    AssistantImage,
    AssistantMessage,
    AudioOutput,
    CacheControl,
    ChoiceLogprobs,
    CompletionTokensDetails,
    ContentPart,
    CostDetails,
    ErrorObject,
    FileInput,
    FilePart,
    FinishReason,
    ImageDetail,
    ImageUrl,
    ImageUrlPart,
    InputAudio,
    InputAudioPart,
    PromptTokensDetails,
    ReasoningDetail,
    ReasoningDetailEncrypted,
    ReasoningDetailSummary,
    ReasoningDetailText,
    TextPart,
    ToolCall,
    ToolCallFunction,
    Usage,
    VideoUrl,
    VideoUrlPart,
)
from toolkit.generated.error_schema import ErrorResponse
from toolkit.generated.request_schema import (
    ChatRequest,
    DatetimeServerTool,
    DeveloperMessage,
    FileParserPlugin,
    FunctionDefinition,
    FunctionTool,
    JsonSchemaConfig,
    MaxPrice,
    Message,
    ModerationPlugin,
    NamedToolChoice,
    NamedToolChoiceFunction,
    Plugin,
    ProviderPreferences,
    ProviderSortConfig,
    ReasoningConfig,
    ReasoningEffort,
    ResponseFormat,
    ResponseFormatJsonObject,
    ResponseFormatJsonSchema,
    ResponseFormatText,
    ResponseHealingPlugin,
    StreamOptions,
    SystemMessage,
    Tool,
    ToolChoice,
    ToolMessage,
    UserMessage,
    WebFetchServerTool,
    WebSearchPlugin,
    WebSearchServerTool,
)
from toolkit.generated.response_schema import ChatResponse, ResponseChoice
from toolkit.model_base import UnknownFieldWarning

__all__ = [  # noqa: RUF022 (grouped by topic, which is what a reader looks for)
    # the four payloads
    "ChatRequest",
    "ChatResponse",
    "ChatChunk",
    "ErrorResponse",
    # messages
    "Message",
    "SystemMessage",
    "DeveloperMessage",
    "UserMessage",
    "AssistantMessage",
    "ToolMessage",
    # content parts
    "ContentPart",
    "TextPart",
    "ImageUrlPart",
    "ImageUrl",
    "ImageDetail",
    "InputAudioPart",
    "InputAudio",
    "FilePart",
    "FileInput",
    "VideoUrlPart",
    "VideoUrl",
    "CacheControl",
    # tools
    "Tool",
    "FunctionTool",
    "FunctionDefinition",
    "WebSearchServerTool",
    "WebFetchServerTool",
    "DatetimeServerTool",
    "ToolChoice",
    "NamedToolChoice",
    "NamedToolChoiceFunction",
    # tool calls
    "ToolCall",
    "ToolCallFunction",
    "ChunkToolCall",
    "ChunkToolCallFunction",
    # response formats
    "ResponseFormat",
    "ResponseFormatText",
    "ResponseFormatJsonObject",
    "ResponseFormatJsonSchema",
    "JsonSchemaConfig",
    # reasoning
    "ReasoningConfig",
    "ReasoningEffort",
    "ReasoningDetail",
    "ReasoningDetailText",
    "ReasoningDetailSummary",
    "ReasoningDetailEncrypted",
    # provider preferences
    "ProviderPreferences",
    "ProviderSortConfig",
    "MaxPrice",
    # plugins
    "Plugin",
    "WebSearchPlugin",
    "FileParserPlugin",
    "ResponseHealingPlugin",
    "ModerationPlugin",
    # other request options
    "StreamOptions",
    # reading responses and stream chunks
    "ResponseChoice",
    "ChunkChoice",
    "ChunkDelta",
    "FinishReason",
    "Usage",
    "PromptTokensDetails",
    "CompletionTokensDetails",
    "CostDetails",
    "ChoiceLogprobs",
    "Annotation",
    "AssistantImage",
    "AudioOutput",
    "ErrorObject",
    # what the models warn with
    "UnknownFieldWarning",
]
