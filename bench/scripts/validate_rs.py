"""A minimal jsonschema-rs validator script.  usage: validate_rs.py SCHEMA PATH..."""

import sys

import jsonschema_rs
import orjson
from _common import done, payload_files

with open(sys.argv[1], "rb") as handle:
    validator = jsonschema_rs.validator_for(orjson.loads(handle.read()))
files = payload_files(sys.argv[2:])
invalid = 0
for path in files:
    with open(path, "rb") as handle:
        errors = list(validator.iter_errors(orjson.loads(handle.read())))
    invalid += bool(errors)
done(len(files), invalid)
