"""`.gitignore` files, read as git reads them, so that a directory walk skips what git does.

`ortk lint .` in a JavaScript project must not lint `node_modules/` or build output that
git ignores. The patterns of each `.gitignore` apply below its directory; a later pattern
wins over an earlier one and a deeper file over a shallower one (`!` re-includes). What is
left out: `core.excludesFile` and `.git/info/exclude` (per-user settings, not the
project's), and the rule that a file below an ignored directory cannot be re-included
(the walk never enters an ignored directory, which has the same effect).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import NamedTuple


# (named tuples, not frozen dataclasses: a quarter of the instructions to define, at the
# start of every walk)
class _Pattern(NamedTuple):
    regex: re.Pattern[str]
    negated: bool
    directory_only: bool


class IgnoreFile(NamedTuple):
    base: str  # the directory holding the .gitignore, as the walk spells it
    patterns: tuple[_Pattern, ...]

    def directory_below(self, directory: str) -> str | None:
        """`directory` relative to this file's (`""` for the same one), or None when it is
        not below it: worked out once per directory, not once per file."""
        relative = os.path.relpath(directory, self.base).replace(os.sep, "/")
        if relative.startswith(".."):
            return None
        return "" if relative == "." else relative + "/"

    def decide_relative(self, relative: str, is_dir: bool) -> bool | None:
        """For a path relative to this file's directory: True: ignored, False:
        re-included, None: no pattern of this file matches."""
        return _decide(relative, self.applicable(is_dir))

    def applicable(self, is_dir: bool) -> tuple[_Pattern, ...]:
        """The patterns that can match a directory (all) or a file (not `dir/` ones)."""
        return self.patterns if is_dir else tuple(p for p in self.patterns if not p.directory_only)


def _decide(relative: str, patterns: tuple[_Pattern, ...]) -> bool | None:
    """The last of `patterns` that matches decides (True: ignored); None when none does."""
    decision = None
    for pattern in patterns:
        if pattern.regex.match(relative):
            decision = not pattern.negated
    return decision


def read_ignore_file(directory: str) -> IgnoreFile | None:
    """The `.gitignore` of `directory`, or None when it has none (or it is unreadable)."""
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    patterns = tuple(p for p in (_compile(line) for line in lines) if p is not None)
    return IgnoreFile(directory, patterns) if patterns else None


def ignored_names(
    directory: str, names: list[str], is_dir: bool, files: list[IgnoreFile]
) -> set[str]:
    """Which of `names` (entries of `directory`) the ignore files (shallowest first) leave
    out; each ignore file's path to the directory, and its patterns that can match, are
    worked out once, not once per name (most files' patterns are `dir/` ones: none are
    left for the files of a directory)."""
    below = []
    for ignore_file in files:
        prefix = ignore_file.directory_below(directory)
        patterns = ignore_file.applicable(is_dir)
        if prefix is not None and patterns:
            below.append((prefix, patterns))
    found: set[str] = set()
    if not below:
        return found
    for name in names:
        result = False
        for prefix, patterns in below:
            decision = _decide(prefix + name, patterns)
            if decision is not None:
                result = decision
        if result:
            found.add(name)
    return found


def parent_ignore_files(root: str) -> list[IgnoreFile]:
    """The `.gitignore` files above `root` up to its repository's top (the directory with
    `.git`), shallowest first; none when `root` is not inside a repository."""
    found: list[IgnoreFile] = []
    directory = os.path.abspath(root)
    while True:
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")):
            break
        if parent == directory:
            return []  # not in a repository: git ignores nothing here
        directory = parent
        ignore_file = read_ignore_file(directory)
        if ignore_file is not None:
            found.append(ignore_file)
    # (`base` is absolute for these; the walk's paths are made absolute to compare)
    return found[::-1]


@lru_cache(maxsize=512)
def _compile(line: str) -> _Pattern | None:
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        return None
    while line.endswith(" ") and not line.endswith("\\ "):
        line = line[:-1]
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    if line.startswith(("\\#", "\\!")):
        line = line[1:]
    directory_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    line = line.lstrip("/")
    if not line:
        return None
    body = _translate(line)
    prefix = "" if anchored else "(?:.*/)?"
    # a match of a directory covers everything below it
    return _Pattern(re.compile(f"^{prefix}{body}(?:/.*)?$", re.S), negated, directory_only)


def _translate(glob: str) -> str:
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            end = glob.find("]", i + 1)
            if end == -1:
                out.append(re.escape("["))
                i += 1
            else:
                inner = glob[i + 1 : end].replace("\\", "\\\\")
                if inner.startswith("!"):
                    inner = "^" + inner[1:]
                out.append(f"[{inner}]")
                i = end + 1
        elif glob[i] == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)
