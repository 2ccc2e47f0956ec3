"""The JSONL floor: read a JSONL file line by line and parse each line with orjson.

usage: floor_orjson_lines.py FILE.jsonl...
"""

import sys

import orjson
from _common import done

records = 0
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                orjson.loads(line)
                records += 1
done(records, 0)
