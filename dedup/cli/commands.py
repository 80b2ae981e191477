"""The commands' bodies, what each is given, and how a body's run ends: without the
command-line parser.

A body is ``def body(given: Given) -> None``, registered by :func:`command` under
its name, which is also the options registry's name for it
(:data:`dedup.options.COMMANDS`). Two readers of the command line run it through
:func:`invoke`: the typer app (:mod:`dedup.cli.root`, for every command line) and
:mod:`dedup.cli.direct` (for the plain command lines of ``check`` and ``clean``,
without importing typer).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dedup.cli.output import EXIT_ERROR, EXIT_OK, EXIT_PIPE, Exit
from dedup.config_file import FileSettings
from dedup.display import shown
from dedup.errors import DedupError
from dedup.interrupts import ending

# Where an option's value came from (click's ParameterSource, as a command asks it).
COMMAND_LINE, ENVIRONMENT, SETTINGS, DEFAULT = "command line", "environment", "settings", "default"


@dataclass(frozen=True)
class Given:
    """What a command was given: each option's value (a choice as its string, a
    repeatable option as a tuple, None for one not given), where each came from
    (:data:`COMMAND_LINE`, ...), and the settings file read for it (or what was
    wrong with it)."""

    command: str
    values: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)
    settings: FileSettings = field(default_factory=FileSettings)
    settings_error: str | None = None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    @property
    def paths(self) -> list[str]:
        return list(self.values.get("paths") or [])

    def from_file(self, name: str) -> bool:
        """Whether the settings file gave ``name``'s value."""
        return self.sources.get(name) == SETTINGS

    def given(self, name: str) -> bool:
        """Whether the command line (or the environment) gave ``name``'s value."""
        return self.sources.get(name) in (COMMAND_LINE, ENVIRONMENT)


Body = Callable[[Given], None]


@dataclass(frozen=True)
class Registered:
    """A command: its name (``"check"``, ``"index build"``), body and help epilog."""

    name: str
    body: Body
    epilog: str | None = None


REGISTERED: dict[str, Registered] = {}
"""The commands whose modules were imported, by name."""


def command(name: str, *, epilog: str | None = None) -> Callable[[Body], Body]:
    """Register ``body`` as the command ``name``, with the options the registry
    gives that name."""

    def register(body: Body) -> Body:
        REGISTERED[name] = Registered(name, body, epilog)
        return body

    return register


interrupted_said = False
"""Whether the one line for Ctrl-C (or SIGTERM) was written by :func:`invoke`."""


def invoke(body: Body, given: Given) -> int:
    """Run ``body``; its exit code. Ctrl-C ends it with one line and 130; a reader of
    stdout that went away (``dedup clean big.txt | head``) quietly with 141 (128 +
    SIGPIPE, as a process killed by that signal reports); an error that stops the
    whole run (a bad index, say) with one line and 2; never a traceback."""
    global interrupted_said
    try:
        body(given)
    except Exit as done:
        return done.code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit cannot fail
        return EXIT_PIPE
    except KeyboardInterrupt as stop:  # SIGTERM too (dedup.interrupts.Terminated)
        interrupted_said = True
        word, code = ending(stop)
        sys.stderr.write(f"dedup: {word}\n")
        return code
    except DedupError as error:
        sys.stderr.write(f"dedup: error: {shown(str(error))}\n")
        return EXIT_ERROR
    return EXIT_OK
