"""`ortk lint`: the run its options (`LintOptions`) describe.

`run` loads the configuration, lints, fixes, writes the reports and decides the exit code
(0 nothing fails, 1 something fails or nothing was linted, 2 usage or configuration
error). The click command (`toolkit.cli`) and the path without click (`toolkit.entry`)
both call it; click is imported here only to say something (an error, a message), so
that a plain run never loads it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from toolkit.config import Config, ConfigError
from toolkit.diagnostics import Report, Severity
from toolkit.lint_options import LintOptions, codes
from toolkit.output import TEXT_FORMATS, Destination, collect_garbage_rarely, progress_bar

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def run(options: LintOptions) -> int:
    """The exit code of one `ortk lint`."""
    from toolkit import output

    _check_combination(options)
    config = _lint_config(options)
    destinations = [Destination(options.output_format, options.output_file)]
    destinations += [Destination.parse(text) for text in options.outputs]
    paths = _paths(options, config)
    if options.show_settings:
        import click

        click.echo(_settings(options, config, paths), nl=False)
        return 0
    if options.show_files:
        return _show_files(options, config, paths)
    jobs = 1 if "-" in paths else options.jobs  # stdin can be read once, by this process
    collect_garbage_rarely()
    report = _lint(options, config, paths, jobs)
    if options.write_baseline_path:
        _write_baseline(options.write_baseline_path, report)
        return 0
    if options.diff:
        return _diff(report)
    fixed = 0
    if options.fix:
        fixed = _apply_fixes(report, options.quiet)
        if fixed:
            report = _lint(options, config, paths, jobs)  # what is left
    statistics = None
    if options.statistics:
        from toolkit.report import render_statistics

        statistics = render_statistics
    output.write_reports(
        report,
        destinations,
        color_choice=options.color,
        summary=not options.quiet,
        fixed=fixed,
        statistics=statistics,
    )
    return _exit_code(options, report, fixed)


def _exit_code(options: LintOptions, report: Report, fixed: int) -> int:
    if report.files_checked == 0:
        import click

        click.echo(
            "warning: no file was linted: the paths hold no .json, .yaml, .yml, .jsonl or "
            ".ndjson file that `include`/`exclude` and .gitignore let through",
            err=True,
        )
        if not options.allow_no_files:
            return 1
    if options.exit_zero:
        return 0
    if options.exit_non_zero_on_fix and fixed:
        return 1
    threshold = _RANK[Severity(options.fail_on)]
    return 1 if any(_RANK[d.severity] <= threshold for d in report.diagnostics) else 0


def _usage_error(message: str) -> Exception:
    """click's usage error (exit 2, after the usage line), click imported only now."""
    import click

    return click.UsageError(message)


def _check_combination(options: LintOptions) -> None:
    """Options that cannot both be honoured are a usage error, not one silently dropped."""
    if options.fix and options.write_baseline_path:
        raise _usage_error(
            "--fix and --write-baseline together: fix first (`ortk lint --fix`), then "
            "record what is left with --write-baseline"
        )
    if options.statistics and options.output_format not in TEXT_FORMATS:
        raise _usage_error(
            f"--statistics prints a table of counts; it has no --format "
            f"{options.output_format} form (drop one of the two)"
        )


def _lint_config(options: LintOptions) -> Config:
    """The run's configuration, or a usage error (exit 2) for a bad invocation or config."""
    from toolkit.config import load_config

    if (options.fix or options.diff) and "-" in options.paths:
        raise _usage_error("--fix cannot rewrite standard input; pass file paths")
    if "-" in options.paths and sys.stdin is None:
        from toolkit.cli_models import Failure

        raise Failure("'-' reads standard input, but standard input is closed")
    try:
        config = load_config(options.config_path).with_overrides(
            codes(options.select), codes(options.ignore), codes(options.extend_select)
        )
        return _with_models(config, options)
    except ConfigError as error:
        raise _usage_error(str(error)) from error


def _with_models(config: Config, options: LintOptions) -> Config:
    """--models FILE / --no-models over `[tool.ortk] models`; a catalog file is read now,
    so that a bad one is a usage error (exit 2) before any payload is linted."""
    from dataclasses import replace

    if options.models_path is not None and options.no_models:
        raise _usage_error("--models and --no-models exclude each other")
    if options.no_models or options.models_path is not None:
        config = replace(config, models=False if options.no_models else options.models_path)
    if isinstance(config.models, str):
        from toolkit.catalog import CatalogError, load_catalog

        try:
            load_catalog(config.models)
        except CatalogError as error:
            raise _usage_error(str(error)) from error
    return config


def _paths(options: LintOptions, config: Config) -> tuple[str, ...]:
    """The paths given; else standard input when it has a name; else the project: the
    config file's directory (its `include` picks the files), or the current one."""
    if options.paths:
        return options.paths
    if options.stdin_filename:
        return ("-",)
    if config.source is not None:
        return (os.path.relpath(config.source.parent),)
    return (".",)


def _lint(options: LintOptions, config: Config, paths: tuple[str, ...], jobs: int) -> Report:
    from toolkit.pipeline import lint_paths

    baseline = options.baseline_path
    try:
        with progress_bar(paths) as progress:
            return lint_paths(
                paths,
                config,
                kind=options.kind,
                jobs=jobs,
                progress=progress,
                baseline=None if options.write_baseline_path else baseline,
                skip_files=[options.write_baseline_path] if options.write_baseline_path else [],
                stdin_filename=options.stdin_filename,
                force_exclude=options.force_exclude,
                respect_gitignore=options.respect_gitignore,
            )
    except Exception as error:
        # (a BaselineError: the module that raises it is imported only to read a baseline)
        suppression: Any = sys.modules.get("toolkit.suppression")
        if suppression is None or not isinstance(error, suppression.BaselineError):
            raise
        raise _usage_error(str(error)) from error


def _settings(options: LintOptions, config: Config, paths: tuple[str, ...]) -> str:
    """`--show-settings`: which config file, and what it and the command line decided."""
    severity = ", ".join(f"{code} = {level}" for code, level in sorted(config.severity.items()))
    layers = "; ".join(
        f"select={','.join(layer.select) if layer.select is not None else '(kept)'} "
        f"extend-select={','.join(layer.extend_select) or '-'} "
        f"ignore={','.join(layer.ignore) or '-'}"
        for layer in config.overrides
    )
    rows = [
        ("config file", str(config.source) if config.source else "(none: defaults)"),
        ("paths", " ".join(paths)),
        ("select", ", ".join(config.select)),
        ("ignore", ", ".join(config.ignore) or "-"),
        ("command line", layers or "-"),
        ("severity", severity or "-"),
        (
            "per-file-ignores",
            str(dict(config.per_file_ignores)) if config.per_file_ignores else "-",
        ),
        ("include", ", ".join(config.include) or "-"),
        ("exclude", ", ".join(config.exclude) or "-"),
        ("respect-gitignore", str(options.respect_gitignore).lower()),
        ("force-exclude", str(options.force_exclude).lower()),
        ("fail-on", options.fail_on),
        ("format", options.output_format),
    ]
    return "".join(f"{name:<18} {value}\n" for name, value in rows)


def _show_files(options: LintOptions, config: Config, paths: tuple[str, ...]) -> int:
    from toolkit.loading import FileProblem
    from toolkit.paths import discover

    found = discover(
        paths,
        config.include,
        config.exclude,
        config.root,
        force_exclude=options.force_exclude,
        respect_gitignore=options.respect_gitignore,
    )
    import click

    files = [entry if not isinstance(entry, FileProblem) else None for entry in found]
    for file in files:
        if file is not None:
            click.echo(file)
    return 0


def _write_baseline(path: str, report: Report) -> None:
    import click

    from toolkit.cli_models import Failure
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


def _diff(report: Report) -> int:
    """`--diff`: print what --fix would change; exit 1 when it would change something."""
    import click

    from toolkit.fixing import apply_fixes
    from toolkit.output import render_diff

    result = apply_fixes(report.diagnostics, write=False)
    click.echo(render_diff(result.changes), nl=False)
    click.echo(f"Would fix {result.total} problem(s) in {len(result.changes)} file(s).", err=True)
    return 1 if result.total else 0


def _apply_fixes(report: Report, quiet: bool) -> int:
    """Apply the report's safe fixes; how many were applied."""
    import click

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
    return fixed.total
