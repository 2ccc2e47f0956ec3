"""The `ortk` command: options to arguments, call the API, print, exit.

The only module that imports click, prints or exits. Exit codes: 0 no error,
1 at least one error-severity diagnostic, 2 usage or configuration error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from toolkit._version import __version__
from toolkit.cli_models import lint_models_options, models_group, with_models
from toolkit.config import Config, ConfigError
from toolkit.diagnostics import Report
from toolkit.kinds import AUTO, SCHEMA_KINDS, PayloadKind
from toolkit.report import FORMATS

KIND_NAMES = (AUTO, *(kind.value for kind in PayloadKind))


def _codes(values: tuple[str, ...]) -> list[str]:
    """`--select A,B --select C` -> [A, B, C]."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, commands=[models_group])
@click.version_option(__version__, prog_name="ortk")
def main() -> None:
    """Lint OpenRouter chat-completions payloads (requests, responses, stream chunks)."""


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "--kind",
    type=click.Choice(KIND_NAMES),
    default="auto",
    show_default=True,
    help="Payload kind; auto decides by content.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these codes or prefixes (comma-separated), replacing the config's.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Also ignore these codes or prefixes (comma-separated).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: nearest pyproject.toml with [tool.ortk]).",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes to JSON and JSONL files, atomically.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes; 0: one per core for large runs, else 1.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Leave out the findings recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Record today's findings in this file, and exit 0.",
)
@click.option("--statistics", is_flag=True, help="Count the diagnostics per code instead.")
@click.option("--quiet", "-q", is_flag=True, help="Print the diagnostics and nothing else.")
@lint_models_options
def lint(
    paths: tuple[str, ...],
    kind: str,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    fix: bool,
    exit_zero: bool,
    jobs: int,
    baseline_path: str | None,
    write_baseline_path: str | None,
    statistics: bool,
    quiet: bool,
) -> None:
    """Check payload files: JSON, YAML, JSONL; directories are searched; '-' reads stdin."""
    from toolkit.suppression import BaselineError

    _check_combination(fix, write_baseline_path, statistics, output_format)
    config = _lint_config(paths, fix, config_path, select, ignore)
    if "-" in paths:
        jobs = 1  # standard input can be read once, by this process
    _collect_garbage_rarely()

    def run() -> Report:
        from toolkit.pipeline import lint_paths

        try:
            with _progress_bar(paths) as progress:
                return lint_paths(
                    paths,
                    config,
                    kind=kind,
                    jobs=jobs,
                    progress=progress,
                    baseline=None if write_baseline_path else baseline_path,
                    skip_files=[write_baseline_path] if write_baseline_path else [],
                )
        except BaselineError as error:
            raise click.UsageError(str(error)) from error

    report = run()
    if write_baseline_path:
        _write_baseline(write_baseline_path, report)
        sys.exit(0)
    if fix and _apply_fixes(report, quiet):
        report = run()  # what is left
    _print_report(report, output_format, statistics, quiet)
    sys.exit(1 if report.has_errors and not exit_zero else 0)


def _check_combination(
    fix: bool, write_baseline_path: str | None, statistics: bool, output_format: str
) -> None:
    """Options that cannot both be honoured are a usage error, not one silently dropped."""
    if fix and write_baseline_path:
        raise click.UsageError(
            "--fix and --write-baseline together: fix first (`ortk lint --fix`), then "
            "record what is left with --write-baseline"
        )
    if statistics and output_format != "text":
        raise click.UsageError(
            f"--statistics prints a table of counts; it has no --format {output_format} form "
            "(drop one of the two)"
        )


def _lint_config(
    paths: tuple[str, ...],
    fix: bool,
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> Config:
    """The run's configuration, or a usage error (exit 2) for a bad invocation or config."""
    from toolkit.config import load_config

    if not paths:
        raise click.UsageError("no paths given; pass files, directories or '-' for stdin")
    if fix and "-" in paths:
        raise click.UsageError("--fix cannot rewrite standard input; pass file paths")
    if "-" in paths and sys.stdin is None:
        raise Failure("'-' reads standard input, but standard input is closed")
    try:
        return with_models(load_config(config_path).with_overrides(_codes(select), _codes(ignore)))
    except ConfigError as error:
        raise click.UsageError(str(error)) from error


def _write_baseline(path: str, report: Report) -> None:
    from toolkit.diagnostics import printable
    from toolkit.suppression import write_baseline

    try:
        written = write_baseline(path, report.diagnostics)
    except OSError as error:
        raise Failure(f"cannot write the baseline {path}: {error.strerror or error}") from error
    shown = printable(path)
    click.echo(
        f"Wrote {written} finding(s) to {shown}; lint with "
        f"--baseline {shown} to report only new ones.",
        err=True,
    )


class Failure(click.ClickException):
    """A run that cannot be done as asked (a file it must write): exit 2, one line."""

    exit_code = 2


def _apply_fixes(report: Report, quiet: bool) -> bool:
    """Apply the report's safe fixes; whether any file changed."""
    from toolkit.diagnostics import printable
    from toolkit.fixing import apply_fixes

    fixed = apply_fixes(report.diagnostics)
    if not quiet:
        for file, n in sorted(fixed.fixed.items()):
            click.echo(f"Fixed {n} problem(s) in {printable(file)}.", err=True)
    for file, reason in sorted(fixed.not_fixed.items()):
        click.echo(f"{printable(file)}: not fixed: {printable(reason)}", err=True)
    if fixed.skipped_yaml:
        click.echo(
            f"{fixed.skipped_yaml} fix(es) in YAML files were not applied "
            "(rewriting would lose comments): edit them by hand.",
            err=True,
        )
    return fixed.total > 0


def _print_report(report: Report, output_format: str, statistics: bool, quiet: bool) -> None:
    if statistics:
        from toolkit.report import render_statistics

        _emit(render_statistics(report))
    elif output_format == "text":
        from toolkit.report import render_text

        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        _emit(render_text(report, summary=not quiet, color=color))
    else:
        _emit(FORMATS[output_format](report))


def _emit(text: str) -> None:
    """The report as UTF-8 whatever the locale says (the formatters made it printable)."""
    click.echo(text.encode("utf-8"), nl=False)


def _collect_garbage_rarely() -> None:
    """Tune the cyclic garbage collector for a lint run (this process only, not the library).

    Parsed payloads are trees that reference counting frees, so the collector has little
    to find: it runs rarely, and what exists now (modules, compiled rules) is frozen out of
    its scans, which also keeps forked workers from copying those pages when it runs there.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


# A progress bar pays off from this many files, on a terminal, outside CI.
PROGRESS_MIN_FILES = 300


class _ProgressBar:
    """`lint_paths`'s progress callback: a bar on standard error once the run is known to
    be long enough (the total comes with the first call, so files are listed once)."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_MIN_FILES:
                return
            self.bar = click.progressbar(length=total, label="Linting", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@contextlib.contextmanager
def _progress_bar(paths: tuple[str, ...]) -> Iterator[_ProgressBar | None]:
    interactive = (
        sys.stderr.isatty()
        and sys.stdout.isatty()  # never when the output is piped
        and not os.environ.get("CI")
        and "-" not in paths
    )
    if not interactive:
        yield None
        return
    progress = _ProgressBar()
    try:
        yield progress
    finally:
        progress.close()


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
def rules(output_format: str) -> None:
    """List every rule: code, name, default severity, fixable."""
    from toolkit.rules import RULES

    if output_format == "markdown":
        from toolkit.rules_doc import render_markdown

        click.echo(render_markdown(), nl=False)
        return
    if output_format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "fixable": r.fixable,
                "summary": r.summary,
            }
            for r in RULES
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for rule in RULES:
        fix = "fix" if rule.fixable else "   "
        click.echo(f"{rule.code}  {rule.severity.value:<7}  {fix}  {rule.name:<32} {rule.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show a rule's documentation."""
    from toolkit.rules import BY_CODE, RULES

    rule = BY_CODE.get(code.upper()) or next((r for r in RULES if r.name == code), None)
    if rule is None:
        raise click.UsageError(f"unknown rule {code!r}; `ortk rules` lists them")
    fix = "Fix: available (`ortk lint --fix`)" if rule.fixable else "Fix: not available"
    click.echo(
        f"# {rule.name} ({rule.code})\n\nDefault severity: {rule.severity.value}. {fix}.\n"
        f"Implemented in: {rule.source}\n"
    )
    click.echo(rule.doc)


@main.command("schema")
@click.argument("kind", type=click.Choice([kind.value for kind in SCHEMA_KINDS]))
def schema_command(kind: str) -> None:
    """Print a schema as one self-contained JSON document (for editors and tools)."""
    from toolkit.validation import bundled_schema

    click.echo(json.dumps(bundled_schema(kind), indent=2, ensure_ascii=False))


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 and print a diff if generated/ is stale.")
def generate(check: bool) -> None:
    """Regenerate generated/ from schema/ (maintainers; needs ortk[codegen])."""
    from toolkit import codegen

    try:
        diff = codegen.run(check=check)
    except codegen.CodegenUnavailable as error:
        raise click.UsageError(str(error)) from error
    if check and diff:
        click.echo(diff, nl=False)
        click.echo("generated/ is stale: run `ortk generate` (or `make generate`)", err=True)
        sys.exit(1)
    click.echo("generated/ is up to date" if check else "generated/ regenerated from schema/")


@main.command()
@click.argument("openapi", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="Output format.")  # fmt: skip
def drift(openapi: Path, output_format: str) -> None:
    """Compare schema/ with an OpenAPI document; exit 1 on differences no one has explained."""
    from toolkit import drift as drift_check

    try:
        result = drift_check.check(openapi)
    except drift_check.DriftInputError as error:
        raise click.UsageError(str(error)) from error
    render = drift_check.render_json if output_format == "json" else drift_check.render_text
    click.echo(render(result))
    sys.exit(result.exit_code)
