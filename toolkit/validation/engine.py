"""The schema check on jsonschema-rs: one compiled validator per payload kind and process.

A valid payload costs one `is_valid` call; only an invalid one has its errors walked
and explained (`toolkit.validation.explain`). jsonschema-rs is imported on first use,
so that `ortk --version` and `import toolkit` never load it.
"""

from __future__ import annotations

import threading
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.validation.documents import documents, schema_for

# A payload this wrong is not worth more lines (and a 1,000,000-item array must not
# produce a million diagnostics).
MAX_FINDINGS = 1000

_lock = threading.Lock()
_validators: dict[str, Any] = {}


def _registry() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Registry(list(documents().items()))


def validator(kind: str) -> Any:
    """The compiled validator for a payload kind; built once per process, on first use."""
    compiled = _validators.get(kind)
    if compiled is None:
        with _lock:
            compiled = _validators.get(kind)
            if compiled is None:
                import jsonschema_rs

                compiled = jsonschema_rs.validator_for(schema_for(kind), registry=_registry())
                _validators[kind] = compiled
    return compiled


def validate(data: Any, kind: str) -> list[tuple[str, Finding]]:
    """(code, finding) for every schema problem of `data` as a payload of `kind`."""
    compiled = validator(kind)
    try:
        if compiled.is_valid(data):
            return []
        return _explained(compiled, data, kind)
    except ValueError as error:  # jsonschema-rs stops at ~255 levels of nesting
        if "recursion" not in str(error).lower():
            raise
        return [
            (
                "ORT009",
                Finding(
                    "",
                    f"{kind} is nested too deeply to validate; "
                    "a payload nests a few dozen levels at most",
                ),
            )
        ]


def _explained(compiled: Any, data: Any, kind: str) -> list[tuple[str, Finding]]:
    """The engine's errors as findings: in order, without duplicates, at most MAX_FINDINGS."""
    from toolkit.validation.explain import Explainer

    explainer = Explainer(kind)
    found: dict[tuple[str, Finding], None] = {}  # ordered, and no duplicates
    for error in compiled.iter_errors(data):
        for item in explainer.explain(error):
            found[item] = None
        if len(found) >= MAX_FINDINGS:
            too_many = f"more than {MAX_FINDINGS} schema problems; the rest are not shown"
            found[("ORT109", Finding("", too_many))] = None
            break
    return list(found)
