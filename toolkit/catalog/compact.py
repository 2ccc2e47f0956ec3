"""The compact catalog: only what the checks need, one model per line, reproducible.

`compact_catalog(response, date, source)` turns a raw `GET /api/v1/models` response into
the compact form; `dumps` writes it the same way every time (sorted, one model per
line, so that a refresh reads well as a diff). ortk ships one built from a real
response (`scripts/build_catalog.py`) and converts a user's raw catalog to the same
form in memory.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from toolkit.catalog.model import FORMAT, KNOWN_ROUTERS

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def catalog_date(response: dict[str, Any], file_name: str | None = None) -> str:
    """The date a catalog speaks for: the one in its file name (`models-2026-06-16.json`,
    as `ortk models refresh` names nothing and teams often do), else the creation date
    of its newest model (a response has no date of its own; no model newer than the
    newest one was known when it was fetched)."""
    if file_name:
        match = _DATE_IN_NAME.search(file_name)
        if match:
            return match.group(1)
    created = [m.get("created") for m in response.get("data", ()) if isinstance(m, dict)]
    newest = max((c for c in created if isinstance(c, int)), default=None)
    if newest is None:
        return "unknown date"
    return datetime.datetime.fromtimestamp(newest, datetime.UTC).date().isoformat()


def compact_record(model: dict[str, Any]) -> dict[str, Any]:
    """The fields of one `Model` the checks and `ortk models show` use."""
    architecture = model.get("architecture") or {}
    top = model.get("top_provider") or {}
    record: dict[str, Any] = {
        "name": model.get("name", model["id"]),
        "created": model.get("created"),
        "context_length": model.get("context_length"),
        "max_completion_tokens": top.get("max_completion_tokens"),
        "input": sorted(set(architecture.get("input_modalities") or ())),
        "output": sorted(set(architecture.get("output_modalities") or ())),
        "parameters": sorted(set(model.get("supported_parameters") or ())),
    }
    reasoning = model.get("reasoning")
    if isinstance(reasoning, dict):
        kept: dict[str, Any] = {"mandatory": bool(reasoning.get("mandatory"))}
        if reasoning.get("supported_efforts") is not None:
            kept["supported_efforts"] = list(reasoning["supported_efforts"])  # (ordered)
        if reasoning.get("supports_max_tokens"):
            kept["supports_max_tokens"] = True
        record["reasoning"] = kept
    if str((model.get("pricing") or {}).get("prompt")) == "-1" or model["id"] in KNOWN_ROUTERS:
        record["router"] = True
    alias = model.get("alias_target")
    if isinstance(alias, dict) and isinstance(alias.get("slug"), str):
        record["alias_of"] = alias["slug"]
    if model.get("expiration_date"):
        record["expiration_date"] = model["expiration_date"]
    return record


def compact_catalog(response: dict[str, Any], date: str, source: str) -> dict[str, Any]:
    """The compact form of a (shape-checked) response; a repeated id keeps its first row."""
    models: dict[str, dict[str, Any]] = {}
    for model in response["data"]:
        models.setdefault(model["id"], compact_record(model))
    return {"format": FORMAT, "date": date, "source": source, "models": models}


def dumps(compact: dict[str, Any]) -> bytes:
    """The compact catalog as bytes: the same input gives the same bytes, one model a line."""
    head = json.dumps(
        {key: compact[key] for key in ("format", "date", "source")}, ensure_ascii=False
    )
    lines = [
        f"{json.dumps(model_id, ensure_ascii=False)}: "
        f"{json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(',', ':'))}"
        for model_id, record in sorted(compact["models"].items())
    ]
    return (head[:-1] + ', "models": {\n' + ",\n".join(lines) + "\n}}\n").encode("utf-8")
