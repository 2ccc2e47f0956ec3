"""ortk: make requests to OpenRouter's chat completions correct before they are sent.

Most callers need one function: `validate_request(payload)` returns every
diagnostic (an empty list when the request is fine); `check_request(payload)`
returns the typed `ChatRequest` or raises `PayloadError`.
"""

from __future__ import annotations

from toolkit._version import __version__ as __version__

# (not `typing.TYPE_CHECKING`: importing typing is half of `ortk --version`)
_TYPE_CHECKING = False
if _TYPE_CHECKING:
    from typing import Any as _Any

    from toolkit.api import apply_fixes as apply_fixes
    from toolkit.api import assemble_stream as assemble_stream
    from toolkit.api import check_chunk as check_chunk
    from toolkit.api import check_error as check_error
    from toolkit.api import check_request as check_request
    from toolkit.api import check_response as check_response
    from toolkit.api import lint_paths as lint_paths
    from toolkit.api import read_stream as read_stream
    from toolkit.api import validate_chunk as validate_chunk
    from toolkit.api import validate_error as validate_error
    from toolkit.api import validate_exchange as validate_exchange
    from toolkit.api import validate_request as validate_request
    from toolkit.api import validate_response as validate_response
    from toolkit.api import validate_stream as validate_stream
    from toolkit.config import Config as Config
    from toolkit.config import load_config as load_config
    from toolkit.diagnostics import Diagnostic as Diagnostic
    from toolkit.diagnostics import PayloadError as PayloadError
    from toolkit.diagnostics import Report as Report
    from toolkit.diagnostics import Severity as Severity
    from toolkit.httpx_guard import async_httpx_hook as async_httpx_hook
    from toolkit.httpx_guard import httpx_hook as httpx_hook


# The module of each public name. They load on first use: `import toolkit` is cheap, and
# the `ortk` command (toolkit.entry) tunes the garbage collector before its imports,
# then imports only what its command needs (a lint run doesn't pay for `logging`).
_API = "apply_fixes assemble_stream check_chunk check_error check_request check_response"
_API += " lint_paths read_stream validate_chunk validate_error validate_exchange"
_API += " validate_request validate_response validate_stream"
_HOMES = {
    **dict.fromkeys(_API.split(), "toolkit.api"),
    **dict.fromkeys(("Config", "load_config"), "toolkit.config"),
    **dict.fromkeys(("Diagnostic", "PayloadError", "Report", "Severity"), "toolkit.diagnostics"),
    **dict.fromkeys(("async_httpx_hook", "httpx_hook"), "toolkit.httpx_guard"),
}


def __getattr__(name: str) -> _Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(home), name)
    globals()[name] = value  # (found by the next lookup without this function)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "Config",
    "Diagnostic",
    "PayloadError",
    "Report",
    "Severity",
    "__version__",
    "apply_fixes",
    "assemble_stream",
    "async_httpx_hook",
    "check_chunk",
    "check_error",
    "check_request",
    "check_response",
    "httpx_hook",
    "lint_paths",
    "load_config",
    "read_stream",
    "validate_chunk",
    "validate_error",
    "validate_exchange",
    "validate_request",
    "validate_response",
    "validate_stream",
]
