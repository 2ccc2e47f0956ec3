"""Writing files so that a failure never leaves one half-written: `--fix` and
`--write-baseline` both write through here."""

from __future__ import annotations

import contextlib
import os
import tempfile


def write_file(path: str, content: bytes) -> None:
    """Replace the content of the regular file `path` (no symbolic link) by `content`.

    One file name: a new copy in the same directory, renamed over it in one atomic
    step, with the mode and (where permitted) the owner of the original, so a crash
    mid-write leaves the original. Several hard links: a rename would leave the other
    names on the old content, so the content is written in place instead (after the
    whole of it is ready, in one write).
    """
    info = os.stat(path)
    if info.st_nlink > 1:
        with open(path, "r+b") as handle:
            handle.write(content)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        return
    write_atomically(path, content, mode=info.st_mode & 0o7777, owner=(info.st_uid, info.st_gid))


def write_atomically(
    path: str,
    content: str | bytes,
    mode: int | None = None,
    owner: tuple[int, int] | None = None,
) -> None:
    """Replace `path` by `content` in one rename, keeping its mode (or `mode`; a new
    file gets 0o666 less the umask); on failure the original stays and no temporary file is
    left behind."""
    path = os.path.realpath(path)  # through a symbolic link: the link stays
    directory = os.path.dirname(path)
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    data = content.encode("utf-8") if isinstance(content, str) else content
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".ortk-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if owner is not None and hasattr(os, "chown"):
            # (only root may give a file away; the owner is then ours)
            with contextlib.suppress(OSError):
                os.chown(temporary, *owner)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
