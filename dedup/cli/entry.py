"""How a run of the command ends: Ctrl-C, a closed pipe, an error that stops the run,
a usage error or a crash, each with one line and its exit code (:mod:`dedup.cli.output`)."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import typer

from dedup.cli.output import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_PIPE, EXIT_TERMINATED
from dedup.display import shown
from dedup.errors import DedupError
from dedup.interrupts import ending, received

_INTERRUPTED_SAID = False  # the one line for Ctrl-C (or SIGTERM) has been written


def guarded(command: Callable[..., None]) -> Callable[..., None]:
    """End on Ctrl-C with one line and 130; and when the reader of stdout goes away
    (``dedup clean big.txt | head``), quietly with 141 (128 + SIGPIPE, as a process
    killed by that signal reports), never with a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit cannot fail
            raise typer.Exit(EXIT_PIPE) from None
        except KeyboardInterrupt as stop:  # SIGTERM too (dedup.interrupts.Terminated)
            global _INTERRUPTED_SAID
            _INTERRUPTED_SAID = True
            word, code = ending(stop)
            sys.stderr.write(f"dedup: {word}\n")
            raise typer.Exit(code) from None
        except DedupError as error:  # one that stops the whole run (a bad index, say)
            sys.stderr.write(f"dedup: error: {shown(str(error))}\n")
            raise typer.Exit(EXIT_ERROR) from None

    return run


def main(argv: list[str] | None = None) -> int:
    """The console entry point; returns the exit code."""
    from dedup.allocator import return_freed_memory
    from dedup.cli.root import app

    return_freed_memory()

    global _INTERRUPTED_SAID
    _INTERRUPTED_SAID = False
    try:
        with _only_the_named(app, sys.argv[1:] if argv is None else argv):
            code = app(args=argv, prog_name="dedup", standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except KeyboardInterrupt as stop:
        code = ending(stop)[1]
    except Exception as error:  # the click layer's usage errors, and anything unexpected
        return _report_crash(error)
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED) and not _INTERRUPTED_SAID:
        # Ctrl-C while typer parsed the command line: it exits 130 without a word.
        word, code = ending(received() or code - 128)
        sys.stderr.write(f"dedup: {word}\n")
    return code if isinstance(code, int) else EXIT_OK


@contextlib.contextmanager
def _only_the_named(app: typer.Typer, args: list[str]) -> Iterator[None]:
    """While a command line that starts with a command's (or a group's) name runs,
    ``app`` holds that one only.

    Typer turns every registered command into a click command on each call, which took
    half of its 4 ms in ``dedup check``; the one named is built, parsed and run as in
    the whole group (its help, errors and settings are its own). A command line that
    starts otherwise (``--help``, ``--version``, an unknown name, for which typer
    suggests the known ones) gets the whole group.
    """
    name = args[0] if args else None
    commands, groups = app.registered_commands, app.registered_groups
    named = [c for c in commands if c.name == name], [g for g in groups if g.name == name]
    if not any(named):
        yield
        return
    app.registered_commands, app.registered_groups = named
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def _report_crash(error: Exception) -> int:
    from typer._click.exceptions import ClickException

    if isinstance(error, ClickException):
        error.show()  # a usage error: one line (dedup.cli.parsing)
        return error.exit_code
    if os.environ.get("DEDUP_DEBUG"):
        raise error
    sys.stderr.write(
        f"dedup: internal error: {type(error).__name__}: {shown(str(error))} (set DEDUP_DEBUG=1 for the traceback)\n"
    )
    return EXIT_ERROR
