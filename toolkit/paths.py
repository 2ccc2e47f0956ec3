"""From the paths a user gives to the files to lint: directories walked in a stable order,
filtered by suffix, `include` and `exclude`."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator

from toolkit.loading import LINTED_SUFFIXES, STDIN, FileProblem, problem

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


def discover(
    paths: Iterable[str],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    root: str | None = None,
) -> Iterator[str | FileProblem]:
    """Expand directories into the payload files below them, in a stable order.

    Files named explicitly are always linted; files found by recursion must have a
    payload suffix, match `include` (if given) and not match `exclude`, patterns
    relative to `root` (the config file's directory; default: the working directory).
    """
    include, exclude = tuple(include), tuple(exclude)
    for path in paths:
        if path == STDIN:
            yield path
            continue
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            missing = (
                "is a symbolic link to a missing file"
                if os.path.islink(path)
                else ("does not exist")
            )
            yield problem(path, "ORT001", f"{path} {missing}")
            continue
        except OSError as error:
            yield problem(path, "ORT001", f"cannot read {path}: {error.strerror}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, include, exclude, root)
        else:
            yield path


def _walk(
    top: str, include: tuple[str, ...], exclude: tuple[str, ...], root: str | None
) -> Iterator[str | FileProblem]:
    # Symlinked directories are not followed: no loops, no linting outside the tree.
    # A directory that can't be listed is a diagnostic, not a silent gap.
    errors: list[OSError] = []
    for directory, dirnames, filenames in os.walk(top, onerror=errors.append, followlinks=False):
        yield from _walk_errors(errors)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        filtered = include or exclude
        for name in sorted(name for name in filenames if _payload_name(name)):
            path = os.path.join(directory, name)
            if not filtered or _selected(relative_to(path, root), include, exclude):
                yield path
    yield from _walk_errors(errors)


def _walk_errors(errors: list[OSError]) -> Iterator[FileProblem]:
    while errors:
        error = errors.pop(0)
        where = error.filename or "?"
        yield problem(str(where), "ORT001", f"cannot list directory {where}: {error.strerror}")


def _payload_name(name: str) -> bool:
    """Not hidden, and with a payload suffix."""
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in LINTED_SUFFIXES


def _selected(posix_path: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    if include and not any(path_matches(posix_path, pattern) for pattern in include):
        return False
    return not any(path_matches(posix_path, pattern) for pattern in exclude)


def relative_to(path: str, root: str | None) -> str:
    """`path` as config patterns see it: relative to `root` (the config file's directory,
    as in ruff) when below it, else as given; with forward slashes."""
    if root is not None:
        try:
            relative = os.path.relpath(os.path.abspath(path), root)
        except ValueError:  # another drive (Windows)
            relative = os.pardir
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            path = relative
    return path.replace(os.sep, "/")


def path_matches(path: str, pattern: str) -> bool:
    """A config glob: against the whole path, its file name, or any trailing part of it."""
    return (
        fnmatch.fnmatch(path, pattern)
        or fnmatch.fnmatch(os.path.basename(path), pattern)
        or (fnmatch.fnmatch(path, f"*/{pattern}"))
    )
