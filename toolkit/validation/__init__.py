"""The schema check: the jsonschema-rs engine, and how its errors become findings."""
