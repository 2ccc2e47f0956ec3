"""`ortk lint --fix`: apply the safe fixes of a report to the files, atomically.

Only JSON and JSONL files are rewritten (YAML would lose its comments). A file is
replaced by a complete new copy in one `os.replace`, keeping its mode, so a crash
mid-write leaves the original untouched.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from toolkit.diagnostics import Diagnostic, Fix


@dataclass
class FixResult:
    fixed: dict[str, int] = field(default_factory=dict)  # file -> fixes applied
    skipped_yaml: int = 0  # fixes available in YAML files, not applied

    @property
    def total(self) -> int:
        return sum(self.fixed.values())


def apply_fixes(diagnostics: list[Diagnostic]) -> FixResult:
    by_file: dict[str, dict[int | None, list[Fix]]] = defaultdict(lambda: defaultdict(list))
    result = FixResult()
    for diagnostic in diagnostics:
        if diagnostic.fix is None or not diagnostic.file or diagnostic.file.startswith("<"):
            continue
        if diagnostic.file.lower().endswith((".yaml", ".yml")):
            result.skipped_yaml += 1
            continue
        by_file[diagnostic.file][diagnostic.record].append(diagnostic.fix)
    for path, fixes_by_record in by_file.items():
        applied = _fix_file(path, fixes_by_record)
        if applied:
            result.fixed[path] = applied
    return result


def _fix_file(path: str, fixes_by_record: dict[int | None, list[Fix]]) -> int:
    if None in fixes_by_record:  # a JSON document
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
        data = json.loads(text)
        applied = _patch(data, fixes_by_record[None])
        new_text = json.dumps(data, indent=_indent_of(text), ensure_ascii=False) + "\n"
    else:
        applied, new_text = _fix_jsonl(path, fixes_by_record)
    if applied:
        write_atomically(path, new_text)
    return applied


def _fix_jsonl(path: str, fixes_by_record: dict[int | None, list[Fix]]) -> tuple[int, str]:
    """Patch the records that have fixes, numbered exactly as the linter numbers them."""
    import io

    from toolkit.loading.jsonl import records

    with open(path, "rb") as handle:
        lines = list(io.BytesIO(handle.read()))
    applied = 0
    for record, number, content in records(lines):
        if record in fixes_by_record:
            data = json.loads(content)
            count = _patch(data, fixes_by_record[record])
            if count:
                ending = lines[number - 1][len(content) :]
                lines[number - 1] = json.dumps(data, ensure_ascii=False).encode() + ending
                applied += count
    return applied, b"".join(lines).decode("utf-8")


def _patch(data: Any, fixes: list[Fix]) -> int:
    import jsonpatch
    import jsonpointer

    applied = 0
    for fix in fixes:
        try:
            jsonpatch.apply_patch(data, list(fix.operations), in_place=True)
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException):
            continue  # an earlier fix changed what this one patches: leave it for the next run
        applied += 1
    return applied


def _indent_of(text: str) -> int | None:
    match = re.search(r"\n( +)\S", text)
    return len(match.group(1)) if match else None


def write_atomically(path: str, text: str) -> None:
    """Replace `path` by `text` in one rename, keeping its mode; on failure the original
    stays and no temporary file is left behind."""
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".ortk-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
