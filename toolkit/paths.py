"""From the paths a user gives to the files to lint: directories walked in a stable order,
filtered by suffix, `.gitignore`, the configuration files of common tools, `include` and
`exclude`."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import stat
from collections.abc import Iterable, Iterator

from toolkit.loading import LINTED_SUFFIXES, STDIN, FileProblem, problem

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})

# JSON and YAML files of common tools that are never payloads: a directory walk leaves
# them out (as the pre-commit hook does), as ruff's default `exclude` leaves out venvs.
NEVER_PAYLOADS = r"""(package|package-lock|npm-shrinkwrap|composer|bower|deno|lerna|nx|turbo|vercel
    |netlify|renovate|biome|cspell|pyrightconfig|devcontainer|(ts|js)config[^/]*
    |\.?(eslintrc|prettierrc|babelrc|stylelintrc)[^/]*)\.json
    |(\.pre-commit-config|\.pre-commit-hooks|\.gitlab-ci|\.travis|\.yamllint|\.readthedocs
    |\.?codecov|\.golangci|\.goreleaser|pnpm-lock|pnpm-workspace|docker-compose[^/]*
    |compose|mkdocs|dependabot|action|Chart|CITATION|openapi|swagger)\.ya?ml
    |.*\.schema\.json|\.?ortk-baseline\.json"""


@functools.cache
def _never_payloads() -> re.Pattern[str]:
    """`NEVER_PAYLOADS`, compiled when a directory is walked (5 M instructions: a run over
    named files does without)."""
    return re.compile(NEVER_PAYLOADS, re.VERBOSE)


def discover(
    paths: Iterable[str],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    root: str | None = None,
    force_exclude: bool = False,
    respect_gitignore: bool = True,
) -> Iterator[str | FileProblem]:
    """Expand directories into the payload files below them, in a stable order.

    Files named explicitly are linted unless `force_exclude` applies `exclude` to them
    too (pre-commit names every file); files found by recursion must have a payload
    suffix, not be ignored by git (`respect_gitignore`) nor be a known tool's file,
    match `include` (if given) and not match `exclude`; patterns are relative to `root`
    (the config file's directory; default: the working directory).
    """
    include, exclude = tuple(include), tuple(exclude)
    for path in paths:
        if path == STDIN:
            yield path
            continue
        if force_exclude and not _selected(relative_to(path, root), (), exclude):
            continue  # (ruff's --force-exclude: pre-commit names excluded files too)
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
            yield from _walk(path, include, exclude, root, respect_gitignore)
        else:
            yield path


def _walk(
    top: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    root: str | None,
    respect_gitignore: bool,
) -> Iterator[str | FileProblem]:
    from toolkit import gitignore

    # Symlinked directories are not followed: no loops, no linting outside the tree.
    # A directory that can't be listed is a diagnostic, not a silent gap.
    errors: list[OSError] = []
    ignore_files: dict[str, list[gitignore.IgnoreFile]] = {}
    if respect_gitignore:
        ignore_files[top] = gitignore.parent_ignore_files(top)
    for directory, dirnames, filenames in os.walk(top, onerror=errors.append, followlinks=False):
        yield from _walk_errors(errors)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        names = sorted(name for name in filenames if _payload_name(name))
        if respect_gitignore:
            inherited = ignore_files.pop(directory, [])
            own = gitignore.read_ignore_file(directory)
            active = [*inherited, own] if own else inherited
            if active:
                left_out = gitignore.ignored_names(directory, dirnames, True, active)
                dirnames[:] = [d for d in dirnames if d not in left_out]
                left_out = gitignore.ignored_names(directory, names, False, active)
                names = [n for n in names if n not in left_out]
            for d in dirnames:
                ignore_files[os.path.join(directory, d)] = active
        filtered = include or exclude
        prefix = os.path.join(directory, "")  # (once, not `os.path.join` once per file)
        for name in names:
            path = prefix + name
            if top == os.curdir:  # `ortk lint` with no paths: `a.json`, not `./a.json`
                path = os.path.relpath(path)
            if not filtered or _selected(relative_to(path, root), include, exclude):
                yield path
    yield from _walk_errors(errors)


def _walk_errors(errors: list[OSError]) -> Iterator[FileProblem]:
    while errors:
        error = errors.pop(0)
        where = error.filename or "?"
        yield problem(str(where), "ORT001", f"cannot list directory {where}: {error.strerror}")


def _payload_name(name: str) -> bool:
    """Not hidden, with a payload suffix, and not a known tool's file."""
    return (
        not name.startswith(".")  # (so the suffix, as os.path.splitext finds it, is:)
        and name[name.rfind(".") :].lower() in LINTED_SUFFIXES
        and _never_payloads().fullmatch(name) is None
    )


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
