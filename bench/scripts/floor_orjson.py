"""The floor: read and parse every file with orjson, nothing else.

usage: floor_orjson.py PATH...
"""

import sys

import orjson
from _common import done, payload_files

files = payload_files(sys.argv[1:])
for path in files:
    with open(path, "rb") as handle:
        orjson.loads(handle.read())
done(len(files), 0)
