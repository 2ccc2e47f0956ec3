"""The limits every part of ortk holds a payload to (one owner for each number)."""

# Python refuses to convert longer digit strings to int (CVE-2020-10735); a JSON
# number that long is certainly a mistake in a request.
MAX_INT_DIGITS = 4300
# YAML aliases can describe exponentially large documents ("billion laughs").
MAX_YAML_NODES = 1_000_000
# Real payloads nest a few dozen levels; the validator (jsonschema-rs) gives up near
# 256 and recursive code near 1,000, so deeper documents stop here, as ORT009.
MAX_DEPTH = 128
