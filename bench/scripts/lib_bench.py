"""Library timings: µs per already-parsed payload, best of N (timeit), as JSON on stdout.

usage: lib_bench.py CORPUS_DIR MANIFEST SCHEMA
Runs in the project's venv. Per kind, a sample of the corpus's valid files (and one row
of the invalid ones), each timed with toolkit.validate_request, a bare jsonschema-rs
iter_errors on the same schema (the schema work alone), and the generated pydantic model.
"""

import contextlib
import json
import os
import sys
import timeit

import jsonschema_rs
import orjson
import pydantic

import toolkit
from toolkit.models import ChatRequest

SAMPLE = 40
REPEAT = 5
BUDGET = 0.2  # seconds per timed repeat


def per_call_us(fn, payloads):
    def run():
        for payload in payloads:
            fn(payload)

    run()  # warm: compiles the schema, fills caches
    number = 1
    while (elapsed := timeit.timeit(run, number=number)) < BUDGET and number < 1 << 20:
        number *= 2 if elapsed == 0 else max(2, min(10, int(BUDGET / elapsed) + 1))
    best = min(timeit.repeat(run, number=number, repeat=REPEAT))
    return best / (number * len(payloads)) * 1e6


def pydantic_validate(payload):
    with contextlib.suppress(pydantic.ValidationError):
        ChatRequest.model_validate(payload)


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def main() -> None:
    corpus, manifest_path, schema_path = sys.argv[1:4]
    with open(manifest_path) as handle:
        manifest = json.load(handle)
    invalid = set(manifest["invalid"])
    names = sorted(os.listdir(corpus))
    with open(schema_path, "rb") as handle:
        validator = jsonschema_rs.validator_for(orjson.loads(handle.read()))

    def rs(payload):
        list(validator.iter_errors(payload))

    groups = {
        "small": [n for n in names if n.endswith("-simple.json") and n not in invalid],
        "multi-turn": [n for n in names if n.endswith("-multi.json") and n not in invalid],
        "full": [n for n in names if n.endswith("-full.json") and n not in invalid],
        "large": [n for n in names if n.endswith("-large.json") and n not in invalid],
        "invalid (mixed kinds)": [n for n in names if n in invalid],
    }
    rows = []
    for label, members in groups.items():
        step = max(1, len(members) // SAMPLE)
        chosen = members[::step][:SAMPLE]
        raw = [read(os.path.join(corpus, n)) for n in chosen]
        payloads = [orjson.loads(r) for r in raw]
        messages = [len(p.get("messages") or []) for p in payloads]
        rows.append(
            {
                "payloads": label,
                "n": len(payloads),
                "avg_kb": sum(map(len, raw)) / len(raw) / 1000,
                "messages": f"{min(messages)}-{max(messages)}",
                "validate_request_us": per_call_us(toolkit.validate_request, payloads),
                "jsonschema_rs_us": per_call_us(rs, payloads),
                "pydantic_us": per_call_us(pydantic_validate, payloads),
                "findings": sum(bool(toolkit.validate_request(p)) for p in payloads),
            }
        )
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    main()
