"""The code table's rows of recorded traffic: responses and stream chunks (``ORT3xx``), whole
streams, and a request with its own response (``ORT5xx``).

Imported by `toolkit.rules` only when a payload of another kind than a request is checked,
or every code is asked for: a run over requests does not import these rules.
"""

from __future__ import annotations

from toolkit.diagnostics import Severity
from toolkit.kinds import PayloadKind
from toolkit.rules import exchange, exchange_output, response, stream, stream_results
from toolkit.rules.registry import Rule
from toolkit.rules.registry import check_rule as _check

RESPONSE, CHUNK = (PayloadKind.RESPONSE,), (PayloadKind.CHUNK,)
STREAM = (PayloadKind.STREAM,)
WARNING, INFO = Severity.WARNING, Severity.INFO

TRAFFIC_RULES: tuple[Rule, ...] = (
    # response and stream semantics
    _check("ORT301", response.tool_calls_finish_without_calls, RESPONSE, WARNING),
    _check("ORT302", response.inconsistent_usage_total, RESPONSE + CHUNK, WARNING),
    _check("ORT303", response.response_as_chunk, CHUNK, WARNING),
    _check("ORT304", response.error_finish_without_error, RESPONSE + CHUNK, WARNING),
    # a whole stream (its chunks are checked as chunks, event by event)
    _check("ORT310", stream.stream_event_not_json, STREAM),
    _check("ORT311", stream.event_after_done, STREAM),
    _check("ORT312", stream.stream_without_done, STREAM, WARNING),
    _check("ORT313", stream.changing_stream_identity, STREAM, WARNING),
    _check("ORT314", stream.content_after_finish, STREAM, WARNING),
    _check("ORT315", stream_results.tool_call_arguments_not_json, STREAM, WARNING),
    _check("ORT316", stream_results.mid_stream_error, STREAM, INFO),
    # a request and its own response (RuleContext.request)
    _check("ORT501", exchange.undeclared_tool_call, RESPONSE, WARNING),
    _check("ORT502", exchange.tool_arguments_mismatch, RESPONSE, WARNING),
    _check("ORT503", exchange_output.structured_output_mismatch, RESPONSE, WARNING),
    _check("ORT504", exchange_output.logprobs_mismatch, RESPONSE, WARNING),
    _check("ORT505", exchange_output.stream_mode_mismatch, RESPONSE, WARNING),
    _check("ORT506", exchange.tool_choice_not_followed, RESPONSE, WARNING),
)
