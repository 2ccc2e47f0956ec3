"""Where a lint run's report goes and how it looks: colour, code frames, output files.

`--format text` is "full" (a code frame under each diagnostic) on a terminal and
"concise" (one line each, for problem matchers and pipes) elsewhere; `--output
FORMAT:PATH` adds more reports to the same run (the GitLab recipe wants three).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, NamedTuple

from toolkit.diagnostics import Report
from toolkit.report import FORMATS

TEXT_FORMATS = ("text", "concise", "full")
FORMAT_NAMES = (*TEXT_FORMATS, *(name for name in FORMATS if name != "text"))
# Files larger than this get no code frame (reading them twice is not worth it).
MAX_FRAMED_FILE = 64 << 20


def use_color(choice: str, stream: IO[str]) -> bool:
    """`--color auto|always|never`; auto honours NO_COLOR and FORCE_COLOR
    (https://no-color.org, https://force-color.org), then asks whether `stream` is a
    terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


class Destination(NamedTuple):
    """One report of the run: a format and where it goes (None: standard output)."""

    format: str
    path: str | None = None

    @classmethod
    def parse(cls, text: str) -> Destination:
        """`--output FORMAT:PATH` (`-` as the path: standard output)."""
        name, colon, path = text.partition(":")
        if not colon or name not in FORMAT_NAMES or not path:
            import click

            raise click.BadParameter(
                f"{text!r} is not FORMAT:PATH; FORMAT is one of {', '.join(FORMAT_NAMES)}",
                param_hint="--output",
            )
        return cls(name, None if path == "-" else path)


class SourceLines:
    """The lines of payload files, read once each, for code frames."""

    def __init__(self) -> None:
        self.files: dict[str, list[str] | None] = {}

    def __call__(self, file: str, line: int) -> str | None:
        if file not in self.files:
            self.files[file] = self._read(file)
        lines = self.files[file]
        return lines[line - 1] if lines is not None and 0 < line <= len(lines) else None

    @staticmethod
    def _read(file: str) -> list[str] | None:
        if file.startswith("<"):
            return None  # standard input has been read: it cannot be shown again
        try:
            if os.path.getsize(file) > MAX_FRAMED_FILE:
                return None
            with open(file, encoding="utf-8-sig", errors="replace", newline="") as handle:
                return handle.read().splitlines()
        except (OSError, ValueError):
            return None


def render(
    report: Report,
    output_format: str,
    *,
    terminal: bool,
    color: bool,
    summary: bool,
    fixed: int = 0,
) -> str:
    """The report in `output_format`; "text" is "full" on a terminal, else "concise"."""
    if output_format not in TEXT_FORMATS:
        return FORMATS[output_format](report)
    from toolkit.report import render_text

    full = output_format == "full" or (output_format == "text" and terminal)
    return render_text(
        report,
        summary=summary,
        color=color,
        source_lines=SourceLines() if full else None,
        fixed=fixed,
    )


def write_reports(
    report: Report,
    destinations: list[Destination],
    *,
    color_choice: str,
    summary: bool,
    fixed: int = 0,
    statistics: Callable[[Report], str] | None = None,
) -> None:
    """Each destination's report: standard output (coloured as `color_choice` says) or
    a file (never coloured), written whole."""
    for destination in destinations:
        if destination.path is None:
            stream = sys.stdout
            terminal = _isatty(stream)
            color = use_color(color_choice, stream)
        else:
            terminal, color = False, color_choice == "always"
        if statistics is not None and destination.format in TEXT_FORMATS:
            text = statistics(report)
        else:
            text = render(
                report,
                destination.format,
                terminal=terminal,
                color=color,
                summary=summary,
                fixed=fixed,
            )
        if destination.path is None:
            # UTF-8 whatever the locale says (the formatters made it printable)
            write_stdout(text.encode("utf-8"))
        else:
            _write_file(destination.path, text)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _write_file(path: str, text: str) -> None:
    try:
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(text)
    except OSError as error:  # exit 2, as any run that cannot be done as asked (1: findings)
        from toolkit.cli_models import Failure
        from toolkit.diagnostics import printable

        message = f"cannot write the report {printable(path)}: {error.strerror or error}"
        raise Failure(message) from error


def write_stdout(data: bytes) -> None:
    """`click.echo(data, nl=False)` without importing click, for the usual standard output
    (a `TextIOWrapper` over a binary buffer: the text layer flushed, then the bytes
    written to the buffer and flushed); any other stream goes through click."""
    stream = sys.stdout
    if type(stream) is not io.TextIOWrapper:  # (None, a test runner's capture, ...)
        import click

        click.echo(data, nl=False)
        return
    stream.flush()
    if data:
        stream.buffer.write(data)
        stream.buffer.flush()


def render_diff(changes: dict[str, tuple[str, str]]) -> str:
    """`--diff`: what `--fix` would change, as a unified diff per file."""
    import difflib

    parts: list[str] = []
    for path, (before, after) in sorted(changes.items()):
        parts.extend(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
        )
    return "".join(part if part.endswith("\n") else part + "\n" for part in parts)


def collect_garbage_rarely() -> None:
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
            import click

            self.bar = click.progressbar(length=total, label="Linting", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@contextlib.contextmanager
def progress_bar(paths: tuple[str, ...]) -> Iterator[_ProgressBar | None]:
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
