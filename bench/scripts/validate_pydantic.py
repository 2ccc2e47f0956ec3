"""The generated pydantic models: ChatRequest.model_validate on each file.

usage: validate_pydantic.py PATH...
"""

import sys

import orjson
import pydantic
from _common import done, payload_files

from toolkit.models import ChatRequest

files = payload_files(sys.argv[1:])
invalid = 0
for path in files:
    with open(path, "rb") as handle:
        try:
            ChatRequest.model_validate(orjson.loads(handle.read()))
        except pydantic.ValidationError:
            invalid += 1
done(len(files), invalid)
