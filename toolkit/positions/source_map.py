"""Where each value of a document is: offsets (JSON) or marks (YAML) by JSON Pointer, and
the offset -> line:column arithmetic that stays small on huge files."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SourceMap:
    """Offsets of every value (and member key) by pointer, and how to turn them into lines."""

    values: dict[str, int] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    text: str = field(default="", repr=False)  # offsets index into it
    first_line: int = 1
    # line:column pairs for sources that know them directly (YAML marks)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    _lines: _LineIndex | None = field(default=None, repr=False, compare=False)

    def locate(self, pointer: str, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `pointer` (or of its key).

        A pointer that is not in the document (a missing member) resolves to its
        nearest existing ancestor.
        """
        while True:
            if at_key and pointer in self.key_marks:
                return self.key_marks[pointer]
            if pointer in self.marks:
                return self.marks[pointer]
            offset = self.keys.get(pointer) if at_key else None
            if offset is None:
                offset = self.values.get(pointer)
            if offset is not None:
                return self.line_column(offset)
            if not pointer:
                return self.first_line, 1
            pointer = pointer.rsplit("/", 1)[0]
            at_key = False

    def line_column(self, offset: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = _LineIndex(self.text)
        line, column = self._lines.line_column(offset)
        return self.first_line + line - 1, column


class _LineIndex:
    """Offset to 1-based line:column without a list of every line start.

    A file of 50 million newlines would make that list gigabytes of Python ints.
    Instead, checkpoints every `_STRIDE` characters hold the line number and line
    start there, and `str.count` (C speed) covers the rest: memory is a few
    entries per megabyte and a lookup scans at most one stride.
    """

    __slots__ = ("_line_starts", "_lines", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = [0]  # newlines before checkpoint k (at offset k * _STRIDE)
        self._line_starts = [0]  # start of the line holding checkpoint k
        for start in range(_STRIDE, len(text) + 1, _STRIDE):
            previous = start - _STRIDE
            found = text.count("\n", previous, start)
            self._lines.append(self._lines[-1] + found)
            self._line_starts.append(
                text.rfind("\n", previous, start) + 1 if found else self._line_starts[-1]
            )

    def line_column(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self._text)))
        k = offset // _STRIDE
        checkpoint = k * _STRIDE
        found = self._text.count("\n", checkpoint, offset)
        line_start = (
            self._text.rfind("\n", checkpoint, offset) + 1 if found else self._line_starts[k]
        )
        return self._lines[k] + found + 1, offset - line_start + 1


_STRIDE = 1 << 16


def line_column(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    return SourceMap(text=text, first_line=first_line).line_column(offset)
