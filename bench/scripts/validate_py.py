"""A minimal python-jsonschema validator script.  usage: validate_py.py SCHEMA PATH..."""

import sys

import jsonschema
import orjson
from _common import done, payload_files

with open(sys.argv[1], "rb") as handle:
    schema = orjson.loads(handle.read())
validator = jsonschema.validators.validator_for(schema)(schema)
files = payload_files(sys.argv[2:])
invalid = 0
for path in files:
    with open(path, "rb") as handle:
        errors = list(validator.iter_errors(orjson.loads(handle.read())))
    invalid += bool(errors)
done(len(files), invalid)
