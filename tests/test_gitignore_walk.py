"""`gitignore.ignored_names` skips the patterns that cannot match (`dir/` ones for files)
and works each ignore file's prefix out once per directory: the same names as deciding
each name with every pattern of every file, the last match winning (toolkit/gitignore.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

from toolkit import gitignore

OUTER = "build/\n*.tmp.json\n!keep.tmp.json\nsub/skip.json\n"
INNER = "logs/\n!*.tmp.json\nkeep.tmp.json\n*.yaml\n!x.yaml/\n"
NAMES = ["a.json", "a.tmp.json", "keep.tmp.json", "skip.json", "x.yaml", "logs", "build"]


def reference(directory: str, names: list[str], is_dir: bool, files: list) -> set[str]:
    """Every pattern of every file, in order, for every name: the last match decides."""
    found = set()
    for name in names:
        result = False
        for ignore_file in files:
            prefix = ignore_file.directory_below(directory)
            if prefix is None:
                continue
            for pattern in ignore_file.patterns:
                if pattern.directory_only and not is_dir:
                    continue
                if pattern.regex.match(prefix + name):
                    result = not pattern.negated
        if result:
            found.add(name)
    return found


def test_ignored_names_are_those_every_pattern_decides(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".gitignore").write_text(OUTER)
    (tmp_path / "sub" / ".gitignore").write_text(INNER)
    outer = gitignore.read_ignore_file(str(tmp_path))
    inner = gitignore.read_ignore_file(str(tmp_path / "sub"))
    assert outer is not None and inner is not None
    directory = str(tmp_path / "sub")
    for files, is_dir in itertools.product([[outer], [inner], [outer, inner]], [True, False]):
        expected = reference(directory, NAMES, is_dir, files)
        assert gitignore.ignored_names(directory, NAMES, is_dir, files) == expected
    # (the cases that matter: a file re-included below, a `dir/` pattern never a file)
    both = gitignore.ignored_names(directory, NAMES, False, [outer, inner])
    assert both == {"keep.tmp.json", "skip.json", "x.yaml"}
    assert gitignore.ignored_names(directory, NAMES, True, [outer, inner]) >= {"logs", "build"}
