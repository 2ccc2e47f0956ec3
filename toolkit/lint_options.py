"""The options of `ortk lint`, grouped by what they decide; a new one is an entry here and
a field of `LintOptions`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click

from toolkit.kinds import AUTO, PayloadKind
from toolkit.output import FORMAT_NAMES

KIND_NAMES = (AUTO, *(kind.value for kind in PayloadKind))
FAIL_ON = ("error", "warning", "info")


def codes(values: tuple[str, ...]) -> list[str]:
    """`--select A,B --select C` -> [A, B, C]."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@dataclass(frozen=True)
class LintOptions:
    paths: tuple[str, ...]
    kind: str
    output_format: str
    outputs: tuple[str, ...]
    output_file: str | None
    color: str
    select: tuple[str, ...]
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    config_path: str | None
    fix: bool
    diff: bool
    exit_non_zero_on_fix: bool
    exit_zero: bool
    fail_on: str
    allow_no_files: bool
    jobs: int
    baseline_path: str | None
    write_baseline_path: str | None
    statistics: bool
    quiet: bool
    stdin_filename: str | None
    force_exclude: bool
    respect_gitignore: bool
    show_settings: bool
    show_files: bool


_OPTIONS = [
    click.argument("paths", nargs=-1, type=str),
    click.option(
        "--kind",
        type=click.Choice(KIND_NAMES),
        default="auto",
        show_default=True,
        help="Payload kind; auto decides by content.",
    ),
    # -- what is reported, and where
    click.option(
        "--format",
        "--output-format",
        "output_format",
        type=click.Choice(FORMAT_NAMES),
        default="text",
        show_default=True,
        help="Output format; text is full (with code frames) on a terminal, else concise.",
    ),
    click.option(
        "--output",
        "outputs",
        multiple=True,
        metavar="FORMAT:PATH",
        help="Also write this report (repeatable), e.g. --output junit:report.xml.",
    ),
    click.option("--output-file", "-o", default=None, help="Write the report here, not stdout."),
    click.option(
        "--color",
        type=click.Choice(("auto", "always", "never")),
        default="auto",
        show_default=True,
        help="Colour the text output; auto: on a terminal, honouring NO_COLOR/FORCE_COLOR.",
    ),
    click.option("--statistics", is_flag=True, help="Count the diagnostics per code instead."),
    click.option("--quiet", "-q", is_flag=True, help="Print the diagnostics and nothing else."),
    # -- which codes, how severe
    click.option(
        "--select",
        multiple=True,
        metavar="CODES",
        help="Only these codes or prefixes (comma-separated); wins over the config.",
    ),
    click.option(
        "--extend-select",
        multiple=True,
        metavar="CODES",
        help="Also these codes or prefixes, even if the config ignores them.",
    ),
    click.option(
        "--ignore", multiple=True, metavar="CODES", help="Also ignore these codes or prefixes."
    ),
    click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Config file (default: the nearest .ortk.toml, ortk.toml, or pyproject.toml "
        "with [tool.ortk]).",
    ),
    # -- which files
    click.option(
        "--stdin-filename",
        default=None,
        help="The name of standard input: its suffix picks JSON, YAML or JSONL.",
    ),
    click.option(
        "--force-exclude", is_flag=True, help="Apply `exclude` to files named explicitly too."
    ),
    click.option(
        "--respect-gitignore/--no-respect-gitignore",
        default=True,
        show_default=True,
        help="Skip what .gitignore ignores when searching directories.",
    ),
    click.option("--allow-no-files", is_flag=True, help="Exit 0, not 1, when no file was linted."),
    # -- fixes
    click.option(
        "--fix", is_flag=True, help="Apply safe fixes to JSON and JSONL files, atomically."
    ),
    click.option("--diff", is_flag=True, help="Print the changes --fix would make; write nothing."),
    click.option(
        "--exit-non-zero-on-fix",
        is_flag=True,
        help="With --fix, exit 1 when a file was changed, even if nothing remains.",
    ),
    # -- the exit code
    click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON),
        default="error",
        show_default=True,
        help="Exit 1 when a diagnostic of this severity or worse is found.",
    ),
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found."),
    click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Worker processes; 0: one per core for large runs, else 1.",
    ),
    click.option(
        "--baseline",
        "baseline_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Leave out the findings recorded in this baseline file.",
    ),
    click.option(
        "--write-baseline",
        "write_baseline_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Record today's findings in this file, and exit 0.",
    ),
    click.option("--show-settings", is_flag=True, help="Print the settings in effect, and exit."),
    click.option("--show-files", is_flag=True, help="Print the files that would be linted."),
]


def lint_options(function: Any) -> Any:
    for option in reversed(_OPTIONS):
        function = option(function)
    return function
