"""Pydantic models of the payloads, generated from schema/ (see `ortk generate`)."""

from toolkit.generated.chunk_schema import ChatChunk as ChatChunk
from toolkit.generated.error_schema import ErrorResponse as ErrorResponse
from toolkit.generated.request_schema import ChatRequest as ChatRequest
from toolkit.generated.response_schema import ChatResponse as ChatResponse
from toolkit.model_base import UnknownFieldWarning as UnknownFieldWarning

__all__ = ["ChatChunk", "ChatRequest", "ChatResponse", "ErrorResponse", "UnknownFieldWarning"]
