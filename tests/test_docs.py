"""docs/rules.md is generated from the rule table, and stays so."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from toolkit.rules import RULES
from toolkit.rules_doc import anchor, demote, render_markdown, rule_heading

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every heading outside fenced code."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{1,6}) (.+)", line)):
            found.append((len(match.group(1)), match.group(2).strip()))
    return found


def test_rules_md_is_up_to_date() -> None:
    assert RULES_MD.exists(), "docs/rules.md is missing: run `make docs`"
    committed = RULES_MD.read_text(encoding="utf-8")
    assert committed == render_markdown(), "docs/rules.md is stale: run `make docs`"


def test_render_is_deterministic() -> None:
    assert render_markdown() == render_markdown()
    assert render_markdown(tuple(reversed(RULES))) == render_markdown()


def test_every_rule_has_a_row_and_a_section() -> None:
    page = render_markdown()
    sections = [text for level, text in headings(page) if level == 2]
    for rule in RULES:
        assert f"| [{rule.code}](#{anchor(rule_heading(rule))}) |" in page, rule.code
        assert rule_heading(rule) in sections, rule.code
    assert len([s for s in sections if s.startswith("ORT")]) == len(RULES)


def test_headings_and_anchors_are_unique() -> None:
    found = headings(render_markdown())
    # Levels 1 to 3 are the page's own (title, index, families, rules); level 3 and below
    # inside a rule section repeat by design ("What it does"), GitHub suffixes their anchors.
    own = [text for level, text in found if level <= 2]
    families = [text for level, text in found if level == 3 and text.startswith("ORT")]
    for names in (own, families, [anchor(t) for t in own + families]):
        duplicates = [name for name, count in Counter(names).items() if count > 1]
        assert not duplicates, duplicates


def test_index_links_resolve() -> None:
    page = render_markdown()
    targets = {anchor(text) for level, text in headings(page) if level == 2}
    links = re.findall(r"\]\(#([^)]+)\)", page)
    assert links
    assert set(links) <= targets


def test_rule_docs_nest_under_their_heading() -> None:
    for rule in RULES:
        levels = [level for level, _ in headings(demote(rule.doc))]
        assert all(level >= 3 for level in levels), rule.code


def test_demote_leaves_code_alone() -> None:
    doc = "## What it does\nX\n```yaml\n# a comment\n```\n## Example\n"
    assert demote(doc) == "### What it does\nX\n```yaml\n# a comment\n```\n### Example"
