"""The limits every part of ortk holds a payload to (one owner for each number)."""

# Python refuses to convert longer digit strings to int (CVE-2020-10735); a JSON
# number that long is certainly a mistake in a request.
MAX_INT_DIGITS = 4300
# YAML aliases can describe exponentially large documents ("billion laughs"): a
# document is refused past this many values counted with its aliases expanded, before
# any rule walks it. (As many as a document may hold without aliases: 750 bytes of
# aliases expanding to 470,000 values took 16 s and 1.1 GB under the old limit of a
# million.)
MAX_YAML_NODES = 250_000
# Real payloads nest a few dozen levels; the validator (jsonschema-rs) gives up near
# 256 and recursive code near 1,000, so deeper documents stop here, as ORT009.
MAX_DEPTH = 128
