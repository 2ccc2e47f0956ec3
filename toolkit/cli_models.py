"""`ortk models ...`: the model catalog the ORT4xx checks use (refresh, info, show, list).

click only, like `toolkit.cli`: the catalog package does the work. A catalog that cannot
be fetched or read is exit code 2 with one line saying why.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # (the catalog is imported by the commands that use it, not by `ortk`)
    from toolkit.catalog import Catalog
    from toolkit.catalog.model import ModelInfo

DEFAULT_SNAPSHOT = "openrouter-models.json"


class Failure(click.ClickException):
    """What cannot be done as asked (a catalog to read or fetch, a report or baseline to
    write, standard input closed): exit code 2 (1 means findings), without a usage line."""

    exit_code = 2


_models_option = click.option(
    "--models",
    "models_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="A GET /api/v1/models response (default: [tool.ortk] models, else the bundled one).",
)


def lint_models_options(command: Any) -> Any:
    """`--models FILE` and `--no-models` for `ortk lint` (`LintOptions.models_path` and
    `no_models`)."""
    command = click.option(
        "--no-models",
        "no_models",
        is_flag=True,
        help="Skip the model catalog checks (ORT4xx).",
    )(command)
    return click.option(
        "--models",
        "models_path",
        type=click.Path(dir_okay=False),
        help="Model catalog (a GET /api/v1/models response) for ORT4xx; default: the bundled one.",
    )(command)


def _configured_models() -> str | None:
    """`[tool.ortk] models` of the nearest pyproject.toml, when it names a file."""
    from toolkit.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as error:
        raise click.UsageError(str(error)) from error
    return config.models if isinstance(config.models, str) else None


def _catalog(models_path: str | None) -> Catalog:
    from toolkit.catalog import CatalogError, bundled_catalog, load_catalog

    path = models_path or _configured_models()
    try:
        return load_catalog(path) if path else bundled_catalog()
    except CatalogError as error:
        raise Failure(str(error)) from error


@click.group("models")
def models_group() -> None:
    """The model catalog that requests are checked against (ORT4xx)."""


@models_group.command()
@_models_option
def info(models_path: str | None) -> None:
    """Where the catalog comes from, its date and size."""
    catalog = _catalog(models_path)
    click.echo(f"catalog: {catalog.source}")
    if catalog.source == "bundled":
        from toolkit.catalog.load import BUNDLED

        document_source = _bundled_source()
        click.echo(f"file: {BUNDLED}")
        if document_source:
            click.echo(f"built from: {document_source}")
    click.echo(f"date: {catalog.date}")
    click.echo(f"models: {len(catalog)}")
    click.echo("refresh: ortk models refresh --output FILE, then lint with --models FILE")


def _bundled_source() -> str | None:
    import orjson

    from toolkit.catalog.load import BUNDLED

    source = orjson.loads(BUNDLED.read_bytes()).get("source")
    return source if isinstance(source, str) else None


@models_group.command()
@click.argument("slug")
@_models_option
def show(slug: str, models_path: str | None) -> None:
    """What the catalog knows about one model (variants, presets and aliases resolved)."""
    from toolkit.catalog import resolve

    catalog = _catalog(models_path)
    found = resolve(slug, catalog)
    if found.model is None:
        if found.kind == "preset":
            click.echo(f"{slug}: the preset {found.preset!r}; its model is set on openrouter.ai")
            return
        hint = f"; did you mean {found.suggestion}?" if found.suggestion else ""
        raise click.ClickException(f"{slug} {found.problem} of {catalog.date}{hint}")
    model = found.model
    if model.id != slug:
        click.echo(f"{slug} -> {model.id}" + (f" (:{found.variant})" if found.variant else ""))
    click.echo("\n".join(_describe(model, found.kind)))


def _describe(model: ModelInfo, kind: str) -> list[str]:
    lines = [f"id: {model.id}", f"name: {model.name}", f"kind: {kind}"]
    if model.alias_of:
        lines.append(f"alias of: {model.alias_of}")
    lines.append(f"context length: {_tokens(model.context_length)}")
    lines.append(f"max completion tokens: {_tokens(model.max_completion_tokens)}")
    lines.append(f"input: {', '.join(model.input_modalities) or '-'}")
    lines.append(f"output: {', '.join(model.output_modalities) or '-'}")
    lines.append(f"parameters: {', '.join(sorted(model.parameters)) or '-'}")
    if model.reasoning is not None:
        reasoning = model.reasoning
        efforts = ", ".join(reasoning.supported_efforts) if reasoning.supported_efforts else "any"
        lines.append(
            f"reasoning: mandatory {str(reasoning.mandatory).lower()}; efforts {efforts}; "
            f"max_tokens {'yes' if reasoning.supports_max_tokens else 'no'}"
        )
    if model.expiration_date:
        lines.append(f"expires: {model.expiration_date}")
    return lines


def _tokens(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


def _names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@models_group.command("list")
@click.option(
    "--supports",
    multiple=True,
    metavar="PARAMS",
    help="Supported parameters, comma-separated (all of them).",
)
@click.option(
    "--input",
    "inputs",
    multiple=True,
    metavar="MODALITIES",
    help="Input modalities, comma-separated (all of them).",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="MODALITIES",
    help="Output modalities, comma-separated (all of them).",
)
@_models_option
def list_models(
    supports: tuple[str, ...],
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    models_path: str | None,
) -> None:
    """Model ids, one a line, filtered by what the models can do."""
    catalog = _catalog(models_path)
    wanted_parameters, wanted_inputs, wanted_outputs = (
        _names(supports),
        _names(inputs),
        _names(outputs),
    )
    shown = 0
    for model in catalog:
        if (
            all(model.supports(p) for p in wanted_parameters)
            and all(m in model.input_modalities for m in wanted_inputs)
            and all(m in model.output_modalities for m in wanted_outputs)
        ):
            click.echo(model.id)
            shown += 1
    click.echo(f"{shown} of {len(catalog)} models (catalog of {catalog.date})", err=True)


@models_group.command()
@click.option(
    "--output",
    "output",
    type=click.Path(dir_okay=False),
    default=None,
    help=f"Where to write it (default: [tool.ortk] models, else ./{DEFAULT_SNAPSHOT}).",
)
@click.option(
    "--url", default=None, help="The catalog's URL (default: OpenRouter's, all output modalities)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait.",
)
def refresh(output: str | None, url: str | None, timeout: float) -> None:
    """Fetch the catalog (OPENROUTER_API_KEY is sent when set; none is needed), check it,
    write it atomically and say which models were added, removed or changed."""
    from toolkit.catalog import CatalogError
    from toolkit.catalog.refresh import DEFAULT_URL
    from toolkit.catalog.refresh import refresh as run_refresh

    target = Path(output or _configured_models() or DEFAULT_SNAPSHOT)
    try:
        lines = run_refresh(
            target, url or DEFAULT_URL, os.environ.get("OPENROUTER_API_KEY"), timeout
        )
    except CatalogError as error:
        raise Failure(str(error)) from error
    click.echo("\n".join(lines))
