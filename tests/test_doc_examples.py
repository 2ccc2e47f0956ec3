"""Every example of docs/rules.md, linted through the real CLI: the Example triggers its
rule (and nothing else, unless a companion is named below with its reason), and "Use
instead" is clean."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest
from helpers import write

from toolkit.kinds import detect_kind
from toolkit.rules import RULES, Rule

# Codes an Example cannot avoid, and why.
COMPANIONS = {
    # the conflict needs `max_tokens`, which is deprecated (ORT210)
    "ORT213": {"ORT210"},
    # the rules are about older reasoning fields the reference no longer lists (ORT101)
    "ORT202": {"ORT101"},
    "ORT203": {"ORT101"},
    "ORT204": {"ORT101"},
    # a whole response checked as a stream chunk breaks the chunk schema too
    "ORT303": {"ORT101", "ORT102", "ORT104"},
}
# Examples that cannot be a file in a code block, and why.
NOT_A_FILE = {
    "ORT001": "a path that does not exist",
    "ORT002": "bytes that are not UTF-8",
    "ORT004": "an empty file",
    "ORT009": "129 levels of nesting",
    "ORT011": "a configuration entry",
    "ORT106": "a placeholder for 600 characters",
    "ORT109": "a shape the other codes do not cover",
}
REASONING = Path(__file__).parent / "catalogs" / "reasoning-models.json"
FENCE = re.compile(r"```(json|yaml|sse)\n(.*?)\n```", re.S)


def blocks(rule: Rule) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    section = inspect.cleandoc(rule.doc).split("## Example", 1)[1].split("\n## ", 1)[0]
    example, _, instead = section.partition("Use instead")
    found = [FENCE.search(part) for part in (example, instead)]
    bad, good = ((m.group(1), m.group(2)) if m else None for m in found)
    return bad, good


def lint_block(run_cli, tmp_path: Path, rule: Rule, block: tuple[str, str], name: str) -> set[str]:
    syntax, text = block
    if rule.code.startswith("ORT5"):  # a request and its response: the pair checks
        import toolkit

        pair = json.loads(text)
        return {d.code for d in toolkit.validate_exchange(pair["request"], pair["response"])}
    path = write(tmp_path / f"{name}.{syntax}", text + "\n")
    kind = "auto"
    if rule.kinds:
        try:
            detected = detect_kind(json.loads(text))
        except ValueError:
            detected = None
        kind = detected if detected in rule.kinds else rule.kinds[0]
    elif rule.code.startswith("ORT1"):
        kind = "request"
    if syntax == "sse":  # a stream transcript, checked event by event
        kind = "stream"
    # The bundled catalog has no `reasoning` objects: the ORT46x examples ("With a catalog
    # whose ...") are judged against the test catalog that has them (as in test_rules).
    models = ["--models", str(REASONING)] if "With a catalog whose" in rule.doc else []
    result = run_cli("lint", "--format", "json", "--kind", str(kind), *models, path)
    assert result.exit_code in (0, 1), result
    return {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_the_example_triggers_only_its_rule(rule: Rule, run_cli, tmp_path: Path) -> None:
    bad, _ = blocks(rule)
    if rule.code in NOT_A_FILE:
        assert "## Example" in rule.doc
        return
    assert bad is not None, f"{rule.code}: the Example needs a ```json or ```yaml block"
    found = lint_block(run_cli, tmp_path, rule, bad, "example")
    assert rule.code in found
    assert found - {rule.code} <= COMPANIONS.get(rule.code, set()), found


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_use_instead_is_clean_through_the_cli(rule: Rule, run_cli, tmp_path: Path) -> None:
    _, good = blocks(rule)
    if good is None:  # a sentence ("keep one of the keys"), not a file
        assert "Use instead" in rule.doc
        return
    assert lint_block(run_cli, tmp_path, rule, good, "instead") == set()
