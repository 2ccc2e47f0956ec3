"""YAML 1.1 booleans: `NO`, `off`, `yes` read as false/true where a string was meant.

PyYAML follows YAML 1.1, where a bare `NO` (Norway, a stop word) is the boolean false;
the diagnostic about the boolean then gets a hint to quote the value.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)(?=\s*(?:#|,|\]|\}|$))")


def boolean_word_at(text: str, line: int, column: int) -> str | None:
    """The YAML 1.1 boolean word (other than true/false) at 1-based `line`:`column` of
    `text`, or None."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    match = _WORD.match(lines[line - 1], max(column - 1, 0))
    return match.group(1) if match else None


def quote_hint(word: str) -> str:
    meaning = "true" if word.lower() in ("yes", "on") else "false"
    return f'; YAML 1.1 reads a bare {word} as {meaning}: quote it ("{word}")'
