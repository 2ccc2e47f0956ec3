"""Reading a file's bytes safely, and decoding them: the only place that opens payload files.

FIFOs, devices and directories are refused before anything blocks; a path replaced
between the check and the open is caught on the opened descriptor; UTF-16/32 and
invalid UTF-8 are reported with their position.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from typing import BinaryIO

from toolkit.loading.payload import STDIN, LoadProblem

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_bytes(path: str) -> bytes:
    if path == STDIN:
        with open_binary(path) as handle:
            return handle.read()
    # The hot path of a bulk run: the checks of `_open_binary`, with plain os calls.
    descriptor, size = _open_regular(path)
    try:
        # (the size as a hint, capped: a sparse file may claim terabytes)
        blocks = [os.read(descriptor, min(size + 1, 1 << 26))]
        while blocks[-1]:  # (the file may grow while it is read)
            blocks.append(os.read(descriptor, 1 << 20))
    except OSError as error:
        raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error
    finally:
        os.close(descriptor)
    return blocks[0] if len(blocks) == 2 else b"".join(blocks)


@contextlib.contextmanager
def open_binary(path: str) -> Iterator[BinaryIO]:
    """The file (or standard input) for reading bytes, or a `LoadProblem`."""
    if path == STDIN:
        yield sys.stdin.buffer
        return
    descriptor, _ = _open_regular(path)
    with open(descriptor, "rb") as handle:
        try:
            yield handle
        except OSError as error:
            raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error


def _open_regular(path: str) -> tuple[int, int]:
    """(descriptor, size) of the regular file at `path` opened for reading, or a
    `LoadProblem`."""
    try:
        # Opening a FIFO or a device could block forever or read without end: look
        # first, then open without blocking and look again at what was opened (the
        # path may have been replaced in between).
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise LoadProblem("ORT001", f"{path} is not a regular file")
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as error:
        if os.path.islink(path):
            raise LoadProblem("ORT001", f"{path} is a symbolic link to a missing file") from error
        raise LoadProblem("ORT001", f"{path} does not exist (deleted while linting?)") from error
    except IsADirectoryError as error:
        raise LoadProblem("ORT001", f"{path} is a directory") from error
    except OSError as error:
        raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error
    try:
        opened = os.fstat(descriptor)
    except OSError as error:
        os.close(descriptor)
        raise LoadProblem("ORT001", f"cannot read {path}: {error.strerror}") from error
    if not stat.S_ISREG(opened.st_mode):
        os.close(descriptor)
        raise LoadProblem("ORT001", f"{path} is not a regular file")
    return descriptor, opened.st_size


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a leading BOM is accepted), with a clear word on UTF-16/32."""
    if utf16_or_32(raw):
        raise LoadProblem("ORT002", "file is UTF-16 or UTF-32 encoded; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoadProblem(
            "ORT002",
            f"invalid UTF-8 byte 0x{raw[error.start]:02x}; save the file as UTF-8",
            line=line,
            column=column,
        ) from error


def utf16_or_32(raw: bytes) -> bool:
    """A byte-order mark, or the NUL pattern of ASCII text in UTF-16/32 (RFC 4627 sec. 3)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return True
    head = raw[:4]
    if len(head) < 2:
        return False
    if len(head) < 4:
        # one UTF-16 character: one NUL byte and one other
        return len(head) == 2 and (head[0] == 0) != (head[1] == 0)
    return (
        head[:3] == b"\x00\x00\x00"  # UTF-32BE
        or head[1:] == b"\x00\x00\x00"  # UTF-32LE
        or (head[0] == 0 and head[2] == 0 and head[1] != 0)  # UTF-16BE
        or (head[1] == 0 and head[3] == 0 and head[0] != 0)  # UTF-16LE
    )


def text_of(raw: bytes, *, empty: str) -> str:
    """A whole file's bytes as text, or a `LoadProblem`: wrongly encoded (ORT002), or
    empty or blank (ORT004, saying `empty`)."""
    text = decode(raw)
    if not text or text.isspace():  # (no copy of a large text, unlike strip)
        raise LoadProblem("ORT004", empty)
    return text
