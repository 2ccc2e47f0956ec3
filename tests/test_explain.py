"""validation/: every keyword the schemas use is explained by a handler, and start-up stays light.

The messages themselves are pinned by test_schema.py and the fixture snapshots; these
tests guard the table (a keyword added to a schema without a handler would fall back to
the engine's own wording) and the import discipline of the package.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from toolkit.validation import documents
from toolkit.validation.explain import HANDLERS

# Keywords that can fail on a payload (JSON Schema 2020-12 validation and applicators).
ASSERTIONS = {
    *("type", "enum", "const", "multipleOf", "format"),
    *("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
    *("minLength", "maxLength", "pattern"),
    *("minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains"),
    *("minProperties", "maxProperties", "required", "dependentRequired", "propertyNames"),
    *("additionalProperties", "unevaluatedProperties", "unevaluatedItems"),
    *("oneOf", "anyOf", "allOf", "not", "if"),
}
# Reported with the engine's own message (ORT109), as before the table existed: the
# schemas use `not` only as `not: {const: "function"}` on a server tool's `type`.
LEFT_TO_ENGINE = {"not"}
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
SCHEMA_LISTS = ("oneOf", "anyOf", "allOf", "prefixItems")
SCHEMA_VALUES = ("items", "additionalProperties", "propertyNames", "not", "contains", "if")
SCHEMA_VALUES += ("then", "else", "unevaluatedProperties", "unevaluatedItems")


def keywords(schema: Any) -> Iterator[str]:
    """The assertion keywords of a schema and of every subschema in it (not of data that
    merely looks like a schema, such as a property named `type`)."""
    if not isinstance(schema, dict):
        return
    yield from ASSERTIONS & set(schema)
    for key in SCHEMA_MAPS:
        for sub in schema.get(key, {}).values():
            yield from keywords(sub)
    for key in SCHEMA_LISTS:
        for sub in schema.get(key, []):
            yield from keywords(sub)
    for key in SCHEMA_VALUES:
        yield from keywords(schema.get(key))


def test_every_keyword_the_schemas_use_has_a_handler() -> None:
    used = {keyword for document in documents().values() for keyword in keywords(document)}
    assert {"type", "required", "oneOf", "additionalProperties", "pattern"} <= used
    assert used - set(HANDLERS) - LEFT_TO_ENGINE == set()


def test_a_valid_payload_loads_no_explanation_and_no_difflib() -> None:
    """A clean run pays for one `is_valid` call: the explainer, the did-you-mean (difflib)
    and jsonschema-rs itself load only when needed."""
    probe = (
        "import sys\n"
        "from toolkit import validation\n"
        "print(sorted({'jsonschema_rs', 'difflib'} & set(sys.modules)))\n"
        "assert validation.validate({'messages': [{'role': 'user', 'content': 'x'}]},"
        " 'request') == []\n"
        "print(sorted({'jsonschema_rs', 'difflib', 'toolkit.validation.explain'}"
        " & set(sys.modules)))\n"
        "validation.validate({'messages': [], 'temprature': 1}, 'request')\n"
        "print(sorted({'difflib', 'toolkit.validation.explain'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.splitlines() == [
        "[]",
        "['jsonschema_rs']",
        "['difflib', 'toolkit.validation.explain']",
    ], out.stderr
