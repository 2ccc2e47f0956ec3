"""`ortk lint --fix`: apply the safe fixes of a report to the files, changing only the
bytes each fix is about.

Only JSON and JSONL files are rewritten (YAML would lose its comments), and never a
file with a file-level finding (ORT001-ORT010: a duplicate key, a bad byte, ...): what
ortk parsed is then not all the file says, so a fix could lose data. The edits are made
in the source text (`toolkit.source_edits`); the new bytes are written through symbolic
links to their target, keeping its mode and owner, in one atomic rename, or in place
when the file has other hard links (which a rename would split off). A file that cannot
be fixed is left byte-identical and said why.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from toolkit.diagnostics import Diagnostic, Fix
from toolkit.writing import write_atomically, write_file

__all__ = ["FixResult", "apply_fixes", "patch_payload", "write_atomically"]

BOM = b"\xef\xbb\xbf"
# Findings that mean the parsed payload is not all the file says (ORT011 is about the
# config, ORT008 about the kind: neither stops a fix).
_FILE_LEVEL = re.compile(r"ORT00[1-79]|ORT010")


@dataclass
class FixResult:
    fixed: dict[str, int] = field(default_factory=dict)  # file -> fixes applied
    not_fixed: dict[str, str] = field(default_factory=dict)  # file -> why not
    skipped_yaml: int = 0  # fixes available in YAML files, not applied
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # file -> (old, new)

    @property
    def total(self) -> int:
        return sum(self.fixed.values())


class CannotFix(Exception):
    """Why a file is left as it is."""


def apply_fixes(diagnostics: list[Diagnostic], write: bool = True) -> FixResult:
    """Apply the safe fixes to the files; with `write` False (`--diff`), only record in
    `changes` what each file would become."""
    by_file: dict[str, dict[int | None, list[Fix]]] = defaultdict(lambda: defaultdict(list))
    blocked: dict[tuple[str, int | None], set[str]] = defaultdict(set)
    result = FixResult()
    for diagnostic in diagnostics:
        if diagnostic.file and _FILE_LEVEL.fullmatch(diagnostic.code):
            blocked[(diagnostic.file, diagnostic.record)].add(diagnostic.code)
        if diagnostic.fix is None or not diagnostic.file or diagnostic.file.startswith("<"):
            continue
        if diagnostic.file.lower().endswith((".yaml", ".yml")):
            result.skipped_yaml += 1
            continue
        by_file[diagnostic.file][diagnostic.record].append(diagnostic.fix)
    for path, fixes_by_record in by_file.items():
        # a JSONL record is a document of its own: a bad one blocks itself, not the others
        codes = blocked.get((path, None), set())
        for record in [r for r in fixes_by_record if r is not None and (path, r) in blocked]:
            codes = codes | blocked[(path, record)]
            del fixes_by_record[record]
        if codes:
            result.not_fixed[path] = (
                f"it has {', '.join(sorted(codes))} findings: what ortk parsed is not all "
                "the file says; fix those by hand first"
            )
        if (path, None) in blocked or not fixes_by_record:
            continue
        try:
            applied, old, new = _fix_file(path, fixes_by_record, write)
        except CannotFix as error:
            result.not_fixed[path] = str(error)
            continue
        if applied:
            result.fixed[path] = applied
            if not write:
                result.changes[path] = (
                    old.decode("utf-8", "replace"),
                    new.decode("utf-8", "replace"),
                )
    return result


def _fix_file(
    path: str, fixes_by_record: dict[int | None, list[Fix]], write: bool = True
) -> tuple[int, bytes, bytes]:
    """(fixes applied, the bytes before, the bytes after); written only with `write`."""
    target = os.path.realpath(path)  # a symbolic link: fix the file it points to
    try:
        with open(target, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise CannotFix(f"cannot read it: {error.strerror}") from error
    if None in fixes_by_record:  # a JSON document
        bom = BOM if raw.startswith(BOM) else b""
        applied, text = _fix_text(_decode(raw[len(bom) :]), fixes_by_record[None])
        new = bom + text.encode("utf-8")
    else:
        applied, new = _fix_jsonl(raw, fixes_by_record)
    if applied and write:
        try:
            write_file(target, new)
        except OSError as error:
            raise CannotFix(f"cannot write it: {error.strerror or error}") from error
    return applied, raw, new


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CannotFix("it is not valid UTF-8") from error


def _fix_text(text: str, fixes: list[Fix]) -> tuple[int, str]:
    """(how many fixes applied, the text with them); a fix that no longer applies (an
    earlier one changed what it patches) is left for the next run."""
    from toolkit.source_edits import EditError, apply_operations

    applied = 0
    for fix in fixes:
        try:
            text = apply_operations(text, list(fix.operations))
        except EditError:
            continue
        applied += 1
    return applied, text


def patch_payload(data: Any, fixes: list[Fix]) -> int:
    """Apply `fixes` to `data` in place; how many applied (the library's in-memory fix)."""
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


def _fix_jsonl(raw: bytes, fixes_by_record: dict[int | None, list[Fix]]) -> tuple[int, bytes]:
    """Patch the records that have fixes, numbered exactly as the linter numbers them;
    every other byte (other lines, endings, bad lines) stays."""
    import io

    from toolkit.loading.jsonl import records

    lines = list(io.BytesIO(raw))
    applied = 0
    for record, number, content in records(lines):
        if record in fixes_by_record:
            count, text = _fix_text(_decode(content), fixes_by_record[record])
            if count:
                ending = lines[number - 1][len(content) :]
                lines[number - 1] = text.encode("utf-8") + ending
                applied += count
    return applied, b"".join(lines)
