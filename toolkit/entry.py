"""The process entry point of `ortk` and `python -m toolkit`: the click group of
`toolkit.cli`, with what the environment breaks said in one line and exit 2."""

from __future__ import annotations

import contextlib
import errno
import os
import sys

import click

from toolkit.cli import main


def entry() -> None:
    """`ortk` and `python -m toolkit`: the click group, with the environment's failures
    (no working directory, standard output closed, full or gone) as one line and exit 2.

    Exit 1 means "errors found", so nothing else may end a run with it: what escapes
    click is said in one line (an exception here is a bug in ortk) and exits 2.
    """
    try:
        if sys.stdout is None:
            raise _Environment("standard output is closed; redirect it to a file or /dev/null")
        try:
            os.getcwd()
        except OSError as error:
            raise _Environment(f"the working directory is gone ({error.strerror})") from error
        try:
            main.main(prog_name="ortk", standalone_mode=False)
            code = 0
        except click.exceptions.Exit as done:
            code = done.exit_code
        except click.ClickException as error:
            error.show()
            code = error.exit_code
        except click.Abort:
            click.echo("Aborted!", err=True)
            code = 130  # (as a shell reports an interrupted command; 1 means findings)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0
        sys.stdout.flush()  # (a full disk shows here, not at exit)
    except _Environment as error:
        _die(str(error))
    except OSError as error:
        _die(_os_error(error))
    except Exception as error:  # a bug: one line, not a traceback CI reads as findings
        _die(f"internal error: {type(error).__name__}: {error}; please report it")
    sys.exit(code)


class _Environment(Exception):
    """The environment ortk runs in cannot serve a run."""


def _os_error(error: OSError) -> str:
    where = f" ({os.fsdecode(error.filename)})" if error.filename is not None else ""
    if error.errno in (errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EIO):
        return f"cannot write the output: {error.strerror}{where}"
    return f"{error.strerror or error}{where}"


def _die(message: str) -> None:
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
