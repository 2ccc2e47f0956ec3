"""The options of `ortk lint`, grouped by what they decide; a new one is an entry here and
a field of `LintOptions` (with click's default as the field's default).

`common_options` reads the usual shape, `ortk lint [--format F] [PATH...]`, without click:
importing click and building the command is a fifth of a one-file run (`toolkit.entry`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from toolkit.kinds import AUTO, PayloadKind
from toolkit.output import FORMAT_NAMES

KIND_NAMES = (AUTO, *(kind.value for kind in PayloadKind))
FAIL_ON = ("error", "warning", "info")


def codes(values: tuple[str, ...]) -> list[str]:
    """`--select A,B --select C` -> [A, B, C]."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


class LintOptions(NamedTuple):
    """What `ortk lint` was asked; each default is the click option's. (A named tuple: as
    a frozen dataclass, its 28 fields cost 15 M instructions to define at start-up, 5 M
    this way.)"""

    paths: tuple[str, ...] = ()
    kind: str = AUTO
    output_format: str = "text"
    outputs: tuple[str, ...] = ()
    output_file: str | None = None
    color: str = "auto"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config_path: str | None = None
    fix: bool = False
    diff: bool = False
    exit_non_zero_on_fix: bool = False
    exit_zero: bool = False
    fail_on: str = "error"
    allow_no_files: bool = False
    jobs: int = 0
    baseline_path: str | None = None
    write_baseline_path: str | None = None
    statistics: bool = False
    quiet: bool = False
    stdin_filename: str | None = None
    force_exclude: bool = False
    respect_gitignore: bool = True
    show_settings: bool = False
    show_files: bool = False
    models_path: str | None = None  # (--models and --no-models: toolkit.cli_models)
    no_models: bool = False


_FORMAT_OPTIONS = ("--format", "--output-format")


def common_options(args: Sequence[str]) -> LintOptions | None:
    """`lint [--format F] [--jobs N] [PATH...]` (in any order, `--` ending the options,
    the last of an option winning) as click parses it; None for anything else (help,
    other options, a bad value: click parses those and says what is wrong)."""
    if not args or args[0] != "lint":
        return None
    paths: list[str] = []
    output_format, jobs = "text", 0
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            paths.extend(rest)
        elif arg[:1] != "-" or arg == "-":  # (click: a lone "-" is an argument)
            paths.append(arg)
        elif arg.startswith("-j"):  # (a short option's value follows it: `-j2`, `-j 2`)
            found = _jobs(arg[2:] or next(rest, ""))
            if found is None:
                return None
            jobs = found
        else:
            name, equals, value = arg.partition("=")
            if not equals:
                value = next(rest, "")
            if name == "--jobs" and _jobs(value) is not None:
                jobs = _jobs(value)  # type: ignore[assignment]  # (not None: just seen)
            elif name in _FORMAT_OPTIONS and value in FORMAT_NAMES:
                output_format = value
            else:
                return None
    return LintOptions(paths=tuple(paths), output_format=output_format, jobs=jobs)


def _jobs(value: str) -> int | None:
    """`--jobs` as click's IntRange(min=0) reads it, or None where it refuses it."""
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 0 else None


def _click_options() -> list[Any]:
    import click

    return [
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
        click.option(
            "--output-file", "-o", default=None, help="Write the report here, not stdout."
        ),
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
        click.option(
            "--allow-no-files", is_flag=True, help="Exit 0, not 1, when no file was linted."
        ),
        # -- fixes
        click.option(
            "--fix", is_flag=True, help="Apply safe fixes to JSON and JSONL files, atomically."
        ),
        click.option(
            "--diff", is_flag=True, help="Print the changes --fix would make; write nothing."
        ),
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
        click.option(
            "--show-settings", is_flag=True, help="Print the settings in effect, and exit."
        ),
        click.option("--show-files", is_flag=True, help="Print the files that would be linted."),
    ]


def lint_options(function: Any) -> Any:
    """The click options of `ortk lint` (but --models and --no-models)."""
    for option in reversed(_click_options()):
        function = option(function)
    return function
