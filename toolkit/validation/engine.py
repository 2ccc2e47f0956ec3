"""The schema check on jsonschema-rs: one compiled validator per payload kind and process.

A valid payload costs one `is_valid` call; only an invalid one has its errors walked
and explained (`toolkit.validation.explain`). jsonschema-rs is imported on first use,
so that `ortk --version` and `import toolkit` never load it.
"""

from __future__ import annotations

import _thread
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.validation.documents import documents, schema_for

# A payload this wrong is not worth more lines (and a 1,000,000-item array must not
# produce a million diagnostics).
MAX_FINDINGS = 1000

_lock = _thread.allocate_lock()  # (threading.Lock; importing threading: 2 M instructions)
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
    except UnicodeEncodeError:  # a lone surrogate ("\\ud800" in JSON): Rust takes UTF-8 only
        return _with_surrogates(data, kind)
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


# The finding that says the engine stopped looking (the pipeline always shows it).
TRUNCATED = f"more than {MAX_FINDINGS:,} schema problems; the rest were not looked for"


def _explained(compiled: Any, data: Any, kind: str) -> list[tuple[str, Finding]]:
    """The engine's errors as findings: in order, without duplicates, at most MAX_FINDINGS.

    Past the limit, one `TRUNCATED` finding under the most frequent code so far, so it
    has that code's severity: a thousand warnings stay warnings (ORT109 was an error).
    """
    from collections import Counter

    from toolkit.validation.explain import Explainer

    explainer = Explainer(kind)
    found: dict[tuple[str, Finding], None] = {}  # ordered, and no duplicates
    errors = _only_unknown_keys(compiled, data, kind) or compiled.iter_errors(data)
    for error in errors:
        # (one error may hold thousands of findings: 15,000 unknown keys are one
        # `additionalProperties` error, and each finding costs a did-you-mean)
        for item in explainer.explain(error):
            if len(found) >= MAX_FINDINGS:  # (and there are more)
                [(code, _)] = Counter(code for code, _ in found).most_common(1)
                found[(code, Finding("", TRUNCATED))] = None
                return list(found)
            found[item] = None
    return list(found)


# The root keywords under which unknown top-level keys are all that is wrong with a
# payload when the payload without them is valid: nothing else there looks at which keys
# are present (`required` does, but the known keys stay).
_PLAIN_ROOT = frozenset(
    {"$schema", "$id", "title", "description", "$comment", "$defs"}
    | {"type", "properties", "required", "additionalProperties"}
)


class _UnknownKeysError:
    """The one error jsonschema-rs reports for unknown top-level keys (what `Explainer`
    reads of it), told without `iter_errors`: that walks the whole payload again, down
    every branch of every union, 4-20x the cost of `is_valid` (and unknown keys, such as
    Hugging Face's `max_new_tokens`, are the most common schema finding in real requests)."""

    __slots__ = ("absolute_keyword_location", "instance", "instance_path", "kind")

    def __init__(self, unexpected: list[str], instance: dict[str, Any], location: str) -> None:
        self.kind = _AdditionalProperties(unexpected)
        self.instance = instance
        self.instance_path: list[str | int] = []
        self.absolute_keyword_location = location


class _AdditionalProperties:
    """The error's `kind`, as jsonschema-rs's reads."""

    __slots__ = ("unexpected",)
    name = "additionalProperties"

    def __init__(self, unexpected: list[str]) -> None:
        self.unexpected = unexpected

    def as_dict(self) -> dict[str, Any]:
        return {"unexpected": list(self.unexpected)}


def _only_unknown_keys(compiled: Any, data: Any, kind: str) -> list[_UnknownKeysError]:
    """[the error] when unknown top-level keys are all that is wrong with `data`, else []."""
    root = schema_for(kind)
    if type(data) is not dict or root.get("additionalProperties") is not False:
        return []
    known = root.get("properties", {})
    unknown = [key for key in data if key not in known]
    if not unknown or not _PLAIN_ROOT.issuperset(root):
        return []
    if not compiled.is_valid({key: value for key, value in data.items() if key in known}):
        return []
    location = f"{root['$id']}#/additionalProperties"
    return [_UnknownKeysError(unknown, data, location)]


# Lone surrogates cannot cross into Rust; each has a stand-in of the same length in
# plane 15's private use area while the engine looks, and is put back in what it says.
_TO_STAND_IN = {code: 0xF0000 + code - 0xD800 for code in range(0xD800, 0xE000)}
_FROM_STAND_IN = {stand_in: code for code, stand_in in _TO_STAND_IN.items()}


def _with_surrogates(data: Any, kind: str) -> list[tuple[str, Finding]]:
    def stand_in(value: Any) -> Any:
        if type(value) is str:
            return value.translate(_TO_STAND_IN)
        if type(value) is dict:
            return {stand_in(key): stand_in(child) for key, child in value.items()}
        if type(value) is list:
            return [stand_in(child) for child in value]
        return value

    def put_back(text: str) -> str:
        return text.translate(_FROM_STAND_IN)

    return [
        (code, Finding(put_back(f.pointer), put_back(f.message), f.at_key, f.fix))
        for code, f in validate(stand_in(data), kind)
    ]
