"""The ``dedup`` command: parse, call the library, render, map the outcome to an exit code.

Exit codes: 0 success (nothing found, or cleaned as asked); 1 repeats found (``check``,
``clean --diff``); 2 usage, input or I/O error (after the other inputs were still
processed); 130 interrupted; 141 the reader of stdout went away; 143 terminated (SIGTERM).

One module a command (:mod:`.clean`, :mod:`.check`, :mod:`.explain`, :mod:`.index`),
each body registered with what it is given (:mod:`.commands`); typer's app
(:mod:`.root`), its options made from the registry :mod:`dedup.options`
(:mod:`.params`), reads every command line, and :mod:`.direct` the plain ones of
``check`` and ``clean`` without importing typer; the settings file applied once for
all (:mod:`.settings`), and the shared plumbing:
:mod:`.output` (diagnostics, colour, exit codes), :mod:`.inputs`, :mod:`.run_options`
(the jobs heuristic, index defaulting), :mod:`.running`, :mod:`.reporting` (the exit
code of a run), :mod:`.parsing` (one-line usage errors, help panels), :mod:`.entry`.
"""

from __future__ import annotations

from typing import Any

from dedup.cli.entry import main
from dedup.cli.output import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK, EXIT_PIPE, EXIT_TERMINATED


def __getattr__(name: str) -> Any:
    """``app``, the typer app, made when first asked for: a plain ``check`` or
    ``clean`` runs without it (:mod:`dedup.cli.direct`)."""
    if name == "app":
        from dedup.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EXIT_ERROR", "EXIT_FOUND", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PIPE", "EXIT_TERMINATED", "app", "main"]
