"""The schema check: the jsonschema-rs engine, and how its errors become findings.

`documents` reads the schema files; `engine` compiles them (once per process, on first
use) and validates; `explain` and `unions` turn the engine's errors into findings, one
handler per keyword; `suggest` and `known_keys` word the unknown keys. Callers write
``from toolkit import validation`` and ``validation.validate(data, kind)``.
"""

from toolkit.validation.documents import (
    ID_BASE,
    bundled_schema,
    documents,
    schema_dir,
    schema_for,
)
from toolkit.validation.engine import MAX_FINDINGS, TRUNCATED, validate, validator

__all__ = [
    "ID_BASE",
    "MAX_FINDINGS",
    "TRUNCATED",
    "bundled_schema",
    "documents",
    "schema_dir",
    "schema_for",
    "validate",
    "validator",
]
