"""Code frames: the offending line of a payload file with a caret under the span.

Pure text functions; `toolkit.output` reads the files. A JSONL record can be one line of
thousands of characters, so a long line is shown as a window around the column.
"""

from __future__ import annotations

import re

# A long line is cut to about this many characters around the offending span.
WINDOW = 100
_BARE_TOKEN = re.compile(r"[^\s,\]}:#]+")


def span_length(line: str, start: int) -> int:
    """How many characters the value or key starting at `start` (0-based) spans: a
    quoted string to its closing quote, a bare token (number, literal, YAML scalar) to
    its end, anything else (an object, an array) one character."""
    if start >= len(line):
        return 1
    quote = line[start]
    if quote in "\"'":
        i = start + 1
        while i < len(line):
            if line[i] == "\\" and quote == '"':
                i += 2
                continue
            if line[i] == quote:
                return i - start + 1
            i += 1
        return len(line) - start
    if quote in "{[":
        return 1
    match = _BARE_TOKEN.match(line, start)
    return max(1, len(match.group(0))) if match else 1


def _printable(text: str) -> str:
    # one character for one character, so that the caret stays under its span
    return "".join(ch if ch.isprintable() else " " if ch == "\t" else "?" for ch in text)


def code_frame(line_number: int, line: str, column: int) -> list[str]:
    """The frame of a diagnostic at 1-based `column` of `line`, as ruff prints it::

      |
    6 |   "temperature": 2.5,
      |                  ^^^
    """
    start = max(0, min(column - 1, len(line)))
    length = min(span_length(line, start), WINDOW)
    shown, caret_at = line, start
    if len(line) > WINDOW + 20:  # a window around the span, marked with ellipses
        begin = max(0, start - WINDOW // 3)
        end = min(len(line), begin + WINDOW)
        shown = ("..." if begin else "") + line[begin:end] + ("..." if end < len(line) else "")
        caret_at = start - begin + (3 if begin else 0)
        length = min(length, len(shown) - caret_at)
    gutter = " " * len(str(line_number))
    return [
        f"{gutter} |",
        f"{line_number} | {_printable(shown)}",
        f"{gutter} | {' ' * caret_at}{'^' * max(1, length)}",
    ]
