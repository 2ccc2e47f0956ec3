"""Every JSON example in OpenRouter's guides for this endpoint lints without a false error.

The guides (`../shared/reference/openrouter-docs/`) rank above the OpenAPI document, so an
example they show for `POST /chat/completions` must not draw an error ortk made up. The walk
skips pages about other endpoints (a page that names `api/v1/<other>` and never
`chat/completions`) and sections about the Responses or Messages APIs. Two sorts of finding
are not false, and are checked as such:

- abridged bodies: a response or chunk example that leaves out what every real body carries
  (`id`, `created`, `object`, a choice's `index`...) may draw ORT102 (missing key), and a
  `"..."` placeholder may draw an error at its own place; all else it shows must be valid;
- examples the guides themselves say the API rejects on this endpoint (`EXPECTED`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from toolkit.api import validate
from toolkit.diagnostics import Severity
from toolkit.kinds import SCHEMA_KINDS, PayloadKind, detect_kind

DOCS = "openrouter-docs"
FENCE = re.compile(r"^[ \t]*```(json\w*)[^\n]*\n(.*?)^[ \t]*```", re.M | re.S)
HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.M)
OTHER_API = re.compile(r"Responses API|Messages API|Anthropic Messages|/responses|/messages")
PLACEHOLDER = "..."

# (page, line of the fence) -> (the codes the example draws, why that is right)
EXPECTED: dict[tuple[str, int], tuple[set[str], str]] = {
    ("guides/best-practices/reasoning-tokens.mdx", 39): (
        {"ORT108", "ORT202"},
        "a template listing both alternatives (`// One of the following (not both)`) with "
        '`messages: []`; live: `Only one of "reasoning.effort" and "reasoning.max_tokens" '
        "can be specified`",
    ),
    ("guides/features/server-tools/tool-search.mdx", 41): (
        {"ORT102", "ORT104", "ORT237"},
        "Responses-API tool shapes: the page says requesting tool search on the Chat "
        "Completions API returns a 400 (Supported APIs), and `defer_loading` without it "
        "a 400 on non-Anthropic models",
    ),
}


def strip_comments(text: str) -> str:
    """`// ...` line comments (the guides' `json lines` blocks carry them) outside strings."""
    out, in_string, i = [], False, 0
    while i < len(text):
        char = text[i]
        if in_string:
            out.append(text[i : i + 2] if char == "\\" else char)
            i += 2 if char == "\\" else 1
            in_string = char != '"' if char != "\\" else True
            continue
        if text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
            continue
        in_string = char == '"'
        out.append(char)
        i += 1
    return "".join(out)


def other_api_sections(text: str) -> list[tuple[int, int]]:
    """Character ranges of sections whose heading names another API."""
    headings = [(m.start(), len(m.group(1)), m.group(2)) for m in HEADING.finditer(text)]
    ranges = []
    for index, (start, level, title) in enumerate(headings):
        if OTHER_API.search(title):
            end = next((s for s, lv, _ in headings[index + 1 :] if lv <= level), len(text))
            ranges.append((start, end))
    return ranges


def examples(docs: Path) -> Iterator[tuple[str, int, PayloadKind, dict[str, Any]]]:
    """(page, line, kind, payload) for each JSON example that is a payload of this endpoint."""
    for page in sorted(docs.rglob("*.mdx")):
        text = page.read_text(encoding="utf-8")
        others = set(re.findall(r"api/v1/([a-z_]+)", text)) - {"chat"}
        if others and "chat/completions" not in text:
            continue
        skipped = other_api_sections(text)
        for match in FENCE.finditer(text):
            if any(start <= match.start() < end for start, end in skipped):
                continue
            try:
                data = json.loads(strip_comments(match.group(2)))
            except json.JSONDecodeError:
                continue  # placeholders (`...`) and other non-JSON text
            kind = detect_kind(data) if isinstance(data, dict) else None
            if kind is not None:
                line = text.count("\n", 0, match.start()) + 2  # the first line inside
                yield str(page.relative_to(docs)), line, kind, data


def resolve(data: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        data = data[int(part)] if isinstance(data, list) else data.get(part)
    return data


@pytest.fixture
def guide_examples(reference: Path) -> list[tuple[str, int, PayloadKind, dict[str, Any]]]:
    found = list(examples(reference / DOCS))
    if not found:
        pytest.skip(f"no {DOCS} examples under {reference}")
    return found


def test_the_walk_finds_examples_of_every_kind(
    guide_examples: list[tuple[str, int, PayloadKind, dict[str, Any]]],
) -> None:
    kinds = {kind for _, _, kind, _ in guide_examples}
    assert kinds == set(SCHEMA_KINDS), kinds  # (streams, cassettes, HAR: files of them)
    assert len(guide_examples) >= 40, len(guide_examples)


def test_no_guide_example_draws_a_false_error(
    guide_examples: list[tuple[str, int, PayloadKind, dict[str, Any]]],
) -> None:
    false_errors, unmet = [], []
    for page, line, kind, data in guide_examples:
        found = [d for d in validate(data, kind.value) if d.severity is Severity.ERROR]
        expected, _why = EXPECTED.get((page, line), (set(), ""))
        if expected:
            if {d.code for d in found} != expected:
                unmet.append((page, line, sorted({d.code for d in found}), sorted(expected)))
            continue
        abridged = kind in (PayloadKind.RESPONSE, PayloadKind.CHUNK)
        false = [
            f"{d.code} {d.pointer} {d.message}"
            for d in found
            if not (abridged and d.code == "ORT102")
            and resolve(data, d.pointer) != PLACEHOLDER
            # the guides (2026-08-22) name models newer than the bundled catalog (2026-06-16)
            and not (d.code == "ORT401" and "is not in the model catalog" in d.message)
        ]
        if false:
            false_errors.append((page, line, false))
    assert false_errors == [], "\n".join(map(str, false_errors))
    assert unmet == [], unmet


def test_line_comments_go_and_strings_stay() -> None:
    assert strip_comments('{"a": "x // y", // note\n "b": 1}') == '{"a": "x // y", \n "b": 1}'
    assert strip_comments('{"a": "q\\"// z"}') == '{"a": "q\\"// z"}'
