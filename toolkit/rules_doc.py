"""The rules reference page, derived from the `RULES` table: `docs/rules.md`.

`render_markdown()` returns the whole page: a table of every rule grouped by family, then
one section per rule with its default severity, fix availability, the payload kinds it
applies to and its documentation. The output depends only on `RULES`, so the committed
page can be compared with it (`make docs` rewrites it; `python -m toolkit.rules_doc`
prints it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from toolkit.rules import RULES, Rule

FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("ORT0", "ORT0xx", "file and syntax"),
    ("ORT1", "ORT1xx", "schema"),
    ("ORT2", "ORT2xx", "request semantics"),
    ("ORT3", "ORT3xx", "response and stream semantics"),
    ("ORT4", "ORT4xx", "the model catalog (a request against what its model can do)"),
)

_FAMILY_SCOPE = {
    "ORT0": "every file, whatever its kind",
    "ORT1": "every kind (request, response, chunk, error), by the schema check",
}

_FENCE = re.compile(r"^\s*(```|~~~)")


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to `-`."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def rule_heading(rule: Rule) -> str:
    return f"{rule.code} {rule.name}"


def demote(markdown: str) -> str:
    """Every heading one level deeper (`## X` -> `### X`), leaving fenced code alone."""
    out = []
    fence: str | None = None
    for line in markdown.splitlines():
        match = _FENCE.match(line)
        if match:
            if fence is None:
                fence = match.group(1)
            elif match.group(1) == fence:
                fence = None
        elif fence is None and re.match(r"#{1,5} ", line):
            line = "#" + line
        out.append(line)
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def _kinds(rule: Rule) -> str:
    if rule.kinds:
        return ", ".join(f"`{kind}`" for kind in rule.kinds)
    return _FAMILY_SCOPE.get(rule.code[:4], "every kind")


def _family(rules: Sequence[Rule], prefix: str) -> list[Rule]:
    return [rule for rule in rules if rule.code.startswith(prefix)]


def _table(rules: Iterable[Rule]) -> list[str]:
    lines = ["| Code | Name | Severity | Fixable | Summary |", "| --- | --- | --- | --- | --- |"]
    for rule in rules:
        link = f"[{rule.code}](#{anchor(rule_heading(rule))})"
        fixable = "yes" if rule.fixable else "no"
        lines.append(
            f"| {link} | `{rule.name}` | {rule.severity.value} | {fixable} "
            f"| {_cell(rule.summary)} |"
        )
    return lines


def _section(rule: Rule) -> list[str]:
    fix = "available (`ortk lint --fix`)" if rule.fixable else "not available"
    return [
        f"## {rule_heading(rule)}",
        "",
        f"- Default severity: {rule.severity.value}",
        f"- Fix: {fix}",
        f"- Applies to: {_kinds(rule)}",
        f"- Implemented in: `{rule.source}`",
        "",
        demote(rule.doc.strip()),
        "",
    ]


def render_markdown(rules: Sequence[Rule] = RULES) -> str:
    """The rules reference page as Markdown; deterministic for a given table."""
    rules = sorted(rules, key=lambda rule: rule.code)
    lines = [
        "# ortk rules",
        "",
        "Every diagnostic ortk reports, by code. This page is generated from the rule table "
        "(`toolkit/rules`): run `make docs` to update it, never edit it by hand. "
        "`ortk explain CODE` prints one rule's documentation.",
        "",
        "## Index",
        "",
    ]
    known = tuple(prefix for prefix, _, _ in FAMILIES)
    families = [*FAMILIES]
    if any(not rule.code.startswith(known) for rule in rules):
        families.append(("", "Other", "other codes"))
    for prefix, label, title in families:
        members = (
            _family(rules, prefix)
            if prefix
            else [rule for rule in rules if not rule.code.startswith(known)]
        )
        if members:
            lines += [f"### {label}: {title}", "", *_table(members), ""]
    for rule in rules:
        lines += _section(rule)
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(render_markdown().encode("utf-8"))
