"""Where each value of a document is: offsets (JSON) or marks (YAML) by JSON Pointer, and
the offset -> line:column arithmetic that stays small on huge files."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(slots=True)
class SourceMap:
    """Offsets of every value (and member key) by pointer, and how to turn them into lines."""

    values: dict[str, int] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    text: str | bytes = field(default="", repr=False)  # offsets index into it (bytes: UTF-8)
    first_line: int = 1
    # line:column pairs for sources that know them directly (YAML marks)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    _lines: _LineIndex | _ByteLines | None = field(default=None, repr=False, compare=False)

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
        """1-based line and column of an offset into the text (its line index is built on
        first use: most payloads have no finding)."""
        lines = self._lines
        if lines is None:
            text = self.text
            lines = self._lines = (
                _ByteLines(text, self.first_line)
                if isinstance(text, bytes)
                else _LineIndex(text, self.first_line)
            )
        return lines.line_column(offset)


class _LineIndex:
    """Offset to 1-based line:column without a list of every line start.

    A file of 50 million newlines would make that list gigabytes of Python ints.
    Instead, checkpoints every `_STRIDE` characters hold the line number and line
    start there, and `str.count` (C speed) covers the rest: memory is a few
    entries per megabyte and a lookup scans at most one stride.
    """

    __slots__ = ("_first_line", "_line_starts", "_lines", "_text")

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._text = text
        self._first_line = first_line
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
        return self._first_line + self._lines[k] + found, offset - line_start + 1


_STRIDE = 1 << 16


def line_column(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    return SourceMap(text=text, first_line=first_line).line_column(offset)


class _ByteLines:
    """Byte offset -> 1-based line:column in UTF-8 text (columns count characters), for
    the few offsets asked. Lines are counted from the nearest place already known: the
    start of the text, an offset asked before, or its end (whose line is known once the
    text's newlines are counted: findings are most often near the end); only the bytes of
    an offset's own line are decoded."""

    __slots__ = ("_last_line", "_offsets", "_places", "_raw")

    def __init__(self, raw: bytes, first_line: int) -> None:
        self._raw = raw
        self._offsets = [0]
        self._places = [(first_line, 1)]
        self._last_line = 0  # once counted

    def line_column(self, offset: int) -> tuple[int, int]:
        offsets = self._offsets
        index = bisect_right(offsets, offset) - 1
        below = offsets[index]
        places = self._places
        if below == offset:
            return places[index]
        raw = self._raw
        line, column = places[index]
        newline = raw.rfind(b"\n", below, offset)
        if newline >= 0:  # (else on the line of `below`)
            column = 1
            above = offsets[index + 1] if index + 1 < len(offsets) else len(raw)
            if above - offset >= offset - below:
                piece = raw[below:newline]
                line += 1 + len(piece) - len(piece.replace(b"\n", b""))
            elif above < len(raw):
                piece = raw[offset:above]
                line = places[index + 1][0] - len(piece) + len(piece.replace(b"\n", b""))
            else:  # (from the end: the text's newlines, counted once)
                if not self._last_line:
                    self._last_line = places[0][0] + len(raw) - len(raw.replace(b"\n", b""))
                piece = raw[offset:]
                line = self._last_line - len(piece) + len(piece.replace(b"\n", b""))
            below = newline + 1
        piece = raw[below:offset]
        place = line, column + (len(piece) if piece.isascii() else len(piece.decode("utf-8")))
        offsets.insert(index + 1, offset)
        places.insert(index + 1, place)
        return place


def byte_line_columns(
    raw: bytes, first_line: int, offsets: Iterable[int]
) -> dict[int, tuple[int, int]]:
    """1-based line:column of each byte offset into UTF-8 `raw`."""
    lines = _ByteLines(raw, first_line)
    return {offset: lines.line_column(offset) for offset in sorted(set(offsets))}
