"""How a run of the command ends: Ctrl-C, a closed pipe, an error that stops the run,
a usage error or a crash, each with one line and its exit code (:mod:`dedup.cli.output`).

A plain ``check`` or ``clean`` command line is read without typer
(:mod:`dedup.cli.direct`); every other one, and help, by the typer app
(:mod:`dedup.cli.root`). Both run the command's body the same way
(:func:`dedup.cli.commands.invoke`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import dedup.cli.commands as commands
from dedup.cli.output import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED
from dedup.display import shown
from dedup.interrupts import ending, received

if TYPE_CHECKING:
    import typer


SMALL = 1 << 20
"""Inputs are small when each is a file of fewer bytes than this: no pass over them
allocates the blocks whose freeing :func:`dedup.allocator.return_freed_memory` is for."""


def main(argv: list[str] | None = None) -> int:
    """The console entry point; returns the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    commands.interrupted_said = False
    try:
        code = _run(args)
    except KeyboardInterrupt as stop:
        code = ending(stop)[1]
    except Exception as error:  # the click layer's usage errors, and anything unexpected
        return _report_crash(error)
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED) and not commands.interrupted_said:
        # Ctrl-C while the command line was read: typer exits 130 without a word.
        word, code = ending(received() or code - 128)
        sys.stderr.write(f"dedup: {word}\n")
    return code if isinstance(code, int) else EXIT_OK


def _run(args: list[str]) -> int | None:
    from dedup.allocator import return_freed_memory
    from dedup.cli.direct import read

    given = read(args)
    if given is None or not _small(given.paths):
        return_freed_memory()  # (its ctypes is 1 ms of a small file's check)
    if given is not None:
        import importlib

        importlib.import_module(f"dedup.cli.{given.command}")  # (which registers its body)
        return commands.invoke(commands.REGISTERED[given.command].body, given)
    import typer

    from dedup.cli.root import app

    try:
        with _only_the_named(app, args):
            code: int | None = app(args=args, prog_name="dedup", standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    return code


def _small(paths: list[str]) -> bool:
    """Whether ``paths`` are a few files (eight at most), each under :data:`SMALL` bytes."""
    try:
        return 0 < len(paths) <= 8 and all(p != "-" and os.path.isfile(p) and os.path.getsize(p) < SMALL for p in paths)
    except (OSError, ValueError):  # (a name with a NUL; the run says what is wrong)
        return False


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
    registered, groups = app.registered_commands, app.registered_groups
    named = [c for c in registered if c.name == name], [g for g in groups if g.name == name]
    if not any(named):
        yield
        return
    app.registered_commands, app.registered_groups = named
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = registered, groups


def _report_crash(error: Exception) -> int:
    click = sys.modules.get("typer._click.exceptions")  # (a usage error only where typer read the command line)
    if click is not None and isinstance(error, click.ClickException):
        error.show()  # a usage error: one line (dedup.cli.parsing)
        return int(error.exit_code)
    if os.environ.get("DEDUP_DEBUG"):
        raise error
    sys.stderr.write(
        f"dedup: internal error: {type(error).__name__}: {shown(str(error))} (set DEDUP_DEBUG=1 for the traceback)\n"
    )
    return EXIT_ERROR
