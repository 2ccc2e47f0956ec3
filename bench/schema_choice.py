"""Which request schema every tool validates against: `ortk schema request` when both
engines can use it, else a flattened copy of schema/*.schema.json."""

from __future__ import annotations

import json
import subprocess

from corpus import CORPUS, FLAT_SCHEMA, ORTK, ORTK_SCHEMA, PY, ROOT


def choose_schema() -> tuple[str, str]:
    """(schema file name inside bench/corpus, a sentence saying which and why)."""
    problem = ortk_bundle_problem()
    if problem is None:
        return ORTK_SCHEMA.name, (
            f"every tool validates against `ortk schema request` (bench/corpus/{ORTK_SCHEMA.name})"
        )
    FLAT_SCHEMA.write_text(json.dumps(flatten_schema("request"), indent=1))
    return FLAT_SCHEMA.name, (
        f"`ortk schema request` is not usable ({problem}); every tool validates "
        f"against bench/corpus/{FLAT_SCHEMA.name}, made by bench/run.py from "
        "schema/*.schema.json (cross-document $refs made local)"
    )


def _rewrite(node, found: set[str]):
    """`node` with cross-document `$ref`s made local; the documents named go in `found`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                document, _, pointer = value.partition("#")
                found.add(document)
                value = "#" + pointer
            out[key] = _rewrite(value, found)
        return out
    if isinstance(node, list):
        return [_rewrite(item, found) for item in node]
    return node


def flatten_schema(kind: str) -> dict:
    """schema/<kind>.schema.json with every document it references merged into its `$defs`,
    cross-document `$ref`s rewritten to local pointers: one self-contained, equivalent file
    (no embedded `$id` resources, which python-jsonschema's `referencing` re-crawls on every
    cross-resource lookup: tens of times slower, not a fair comparison)."""
    docs = {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "schema").glob("*.schema.json"))
    }
    pending: set[str] = set()
    root = _rewrite(docs[f"{kind}.schema.json"], pending)
    seen = {f"{kind}.schema.json"}
    while pending - seen:
        name = sorted(pending - seen)[0]
        seen.add(name)
        for key, value in _rewrite(docs[name].get("$defs", {}), pending).items():
            if key in root["$defs"]:
                raise SystemExit(f"cannot flatten: $defs/{key} is defined twice")
            root["$defs"][key] = value
    return root


_PROBES = [
    "import json,sys,jsonschema_rs\nv=jsonschema_rs.validator_for(json.load(open(sys.argv[1])))\n",
    "import json,sys,jsonschema\n"
    "s=json.load(open(sys.argv[1]))\n"
    "v=jsonschema.validators.validator_for(s)(s)\n",
]


def ortk_bundle_problem() -> str | None:
    """Why `ortk schema request` can't be the schema every tool uses, or None when it can:
    it must resolve in both engines and embed no `$id` resources (python-jsonschema's
    `referencing` re-crawls those on every cross-resource lookup, tens of times slower)."""
    result = subprocess.run([str(ORTK), "schema", "request"], capture_output=True, text=True)
    if result.returncode:
        return f"`ortk schema request` exit {result.returncode}"
    ORTK_SCHEMA.write_text(result.stdout)
    definitions = json.loads(result.stdout).get("$defs", {}).values()
    if any(isinstance(d, dict) and "$id" in d for d in definitions):
        return "it embeds `$id` resources"
    examples = [
        str(p) for p in sorted((ROOT / "examples").glob("*.json")) if "response" not in p.name
    ]
    for probe in _PROBES:
        probe += "for f in sys.argv[2:]: list(v.iter_errors(json.load(open(f))))\n"
        check = subprocess.run(
            [str(PY), "-c", probe, str(ORTK_SCHEMA), *examples],
            capture_output=True,
            text=True,
            cwd=CORPUS,
        )
        if check.returncode:
            lines = [ln.strip() for ln in check.stderr.splitlines() if "Error" in ln] or ["?"]
            return lines[-1][:200]
    return None
