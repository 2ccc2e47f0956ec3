"""The `ortk` command: options to arguments, call the API, print, exit.

With `entry` (the console script, which runs this group, or `ortk lint` without click
when the arguments are the usual few), `cli_models`, `lint_command`, `lint_options` and
`output`, the only modules that import click, print or exit. Exit codes: 0 nothing
fails, 1 something fails (an error, by default), 2 usage or configuration error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from toolkit._version import __version__
from toolkit.cli_models import lint_models_options, models_group
from toolkit.kinds import SCHEMA_KINDS
from toolkit.lint_options import LintOptions, lint_options


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, commands=[models_group])
@click.version_option(__version__, "-V", "--version", prog_name="ortk")
def main() -> None:
    """Lint OpenRouter chat-completions payloads (requests, responses, stream chunks)."""


@main.command()
@lint_options
@lint_models_options
def lint(**options: Any) -> None:
    """Check payload files: JSON, YAML, JSONL; directories are searched; '-' reads stdin.

    With no paths, the project (the configuration's directory, filtered by its
    `include`) is linted.
    """
    from toolkit.lint_command import run

    sys.exit(run(LintOptions(**options)))


def _installed() -> bool:
    """Installed from the wheel (the schemas inside the package), not a source checkout:
    `ortk generate` is for maintainers, so installed users' --help leaves it out."""
    return (Path(__file__).resolve().parent / "schemas").is_dir()


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


@main.command(hidden=_installed())
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
