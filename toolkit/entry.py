"""The process entry point of `ortk` and `python -m toolkit`: the click group of
`toolkit.cli`, with what the environment breaks said in one line and exit 2.

`ortk lint [--format F] [PATH...]`, the usual call, is read without click
(`lint_options.common_options`) and run as click would run it: importing click and
building its commands is a fifth of the instructions of linting one small file.
"""

from __future__ import annotations

import errno
import gc
import os
import sys

TYPE_CHECKING = False  # (as in toolkit/__init__.py: `ortk --version` imports no typing)
if TYPE_CHECKING:
    from typing import Any, NoReturn


def entry() -> None:
    """`ortk` and `python -m toolkit`: the click group, with the environment's failures
    (no working directory, standard output closed, full or gone) as one line and exit 2.

    Exit 1 means "errors found", so nothing else may end a run with it: what escapes
    click is said in one line (an exception here is a bug in ortk) and exits 2.
    """
    # The imports to come make a hundred thousand objects, few of them garbage: collecting
    # every 700 allocations would scan them again and again (the thresholds of
    # `output.collect_garbage_rarely`, which then freezes what the imports made).
    gc.set_threshold(50_000, 20, 100)
    try:
        if sys.stdout is None:
            raise _Environment("standard output is closed; redirect it to a file or /dev/null")
        try:
            os.getcwd()
        except OSError as error:
            raise _Environment(f"the working directory is gone ({error.strerror})") from error
        code = _without_click(sys.argv[1:])
        if code is None:
            code = _with_click()
        sys.stdout.flush()  # (a full disk shows here, not at exit)
    except _Environment as error:
        _die(str(error))
    except OSError as error:
        _die(_os_error(error))
    except Exception as error:  # a bug: one line, not a traceback CI reads as findings
        _die(f"internal error: {type(error).__name__}: {error}; please report it")
    _exit(code)


def _exit(code: int) -> NoReturn:
    """`sys.exit(code)`; when nothing is registered to run at exit and no other thread
    runs, `os._exit(code)` once standard error is flushed too (standard output is): the
    interpreter's teardown would only free every object of every module, a tenth of the
    instructions of linting one file after the imports (as mypy ends its runs)."""
    import atexit

    threading = sys.modules.get("threading")
    if atexit._ncallbacks() or (threading is not None and threading.active_count() > 1):
        sys.exit(code)
    if sys.stderr is not None:
        try:  # noqa: SIM105 (no contextlib: `ortk --version` would import it)
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _with_click() -> int:
    """The exit code of the click group run on `sys.argv`."""
    import click

    from toolkit.cli import main

    try:
        main.main(prog_name="ortk", standalone_mode=False)
        return 0
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return 130  # (as a shell reports an interrupted command; 1 means findings)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0


def _print_version() -> int:
    from toolkit._version import __version__

    sys.stdout.write(f"ortk, version {__version__}\n")  # (click.version_option's words)
    sys.stdout.flush()
    return 0


def _without_click(args: list[str]) -> int | None:
    """The exit code of `ortk --version` or of `ortk lint [--format F] [PATH...]`, run
    without importing click unless something must be said the way click says it; None
    for every other command line (and for a usage error, which click says again, with
    its usage line: nothing has been written when one is raised)."""
    if os.environ.get("_ORTK_COMPLETE") or os.name == "nt":
        return None  # (click's shell completion; on Windows click expands globs in argv)
    if args in (["--version"], ["-V"]):
        work = _print_version
    else:
        from toolkit.lint_options import common_options

        options = common_options(args)
        if options is None:
            return None
        from toolkit.lint_command import run

        def work() -> int:
            return run(options)

    try:
        return work()
    except (EOFError, KeyboardInterrupt):  # as click.Command.main, then _with_click
        import click

        click.echo(file=sys.stderr)
        click.echo("Aborted!", err=True)
        return 130
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        from click.utils import _PacifyFlushWrapper  # as click.Command.main: exit 1, quietly

        sys.stdout = _PacifyFlushWrapper(sys.stdout)
        sys.stderr = _PacifyFlushWrapper(sys.stderr)
        return 1
    except Exception as error:
        loaded: Any = sys.modules.get("click")  # (a click exception: click is loaded)
        if loaded is None or not isinstance(error, loaded.ClickException):
            raise
        if isinstance(error, loaded.UsageError):
            return None
        error.show()
        code: int = error.exit_code
        return code


class _Environment(Exception):
    """The environment ortk runs in cannot serve a run."""


def _os_error(error: OSError) -> str:
    where = f" ({os.fsdecode(error.filename)})" if error.filename is not None else ""
    if error.errno in (errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EIO):
        return f"cannot write the output: {error.strerror}{where}"
    return f"{error.strerror or error}{where}"


def _die(message: str) -> NoReturn:
    import contextlib

    from toolkit.diagnostics import printable

    if sys.stdout is not None:
        # what could not be written must not be retried (and fail again) at exit
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"ortk: {printable(message)}\n")
            sys.stderr.flush()
    os._exit(2)  # (nothing left to clean up; exit handlers would flush the broken stream)
