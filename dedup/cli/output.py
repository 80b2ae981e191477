"""What the command says: exit codes, diagnostics on stderr, colour, writing to stdout.

Colour is decided here, once (:func:`colour`), for stderr and for what stdout shows.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn, TextIO

from dedup.display import shown

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 0, 1, 2, 130, 141, 143

EXIT_HELP = (
    "Exit codes: 0 success or nothing found; 1 repeats found (check, clean --diff); "
    "2 usage, input or I/O error; 130 interrupted; 141 stdout closed early; 143 terminated."
)


class Exit(Exception):
    """Ends a command with ``code``, what it had to say said (:func:`dedup.cli.commands.invoke`)."""

    def __init__(self, code: int = EXIT_OK) -> None:
        super().__init__(code)
        self.code = code


def colour(choice: str, stream: TextIO | None) -> bool:
    """Whether to colour what goes to ``stream``: ``always``, ``never``, or in ``auto``
    at a terminal unless NO_COLOR is set (FORCE_COLOR colours a pipe too)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (stream is not None and stream.isatty())


class Out:
    """Diagnostics on stderr, coloured only where that is wanted."""

    def __init__(self, color: str = "auto", quiet: bool = False, verbose: bool = False) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.color = colour(color, sys.stderr)

    def _say(self, text: str, style: str) -> None:
        text = shown(text)  # names and quoted input: no escape sequence reaches the terminal
        if self.color:
            text = f"\x1b[{style}m{text}\x1b[0m"
        sys.stderr.write(text + "\n")

    def error(self, message: str) -> None:
        self._say(f"dedup: error: {message}", "31")

    def warn(self, message: str) -> None:
        self._say(f"dedup: warning: {message}", "33")

    def info(self, message: str) -> None:
        if not self.quiet:
            self._say(message, "2")

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self._say(message, "2")


def fail(out: Out, message: str, code: int = EXIT_ERROR) -> NoReturn:
    out.error(message)
    raise Exit(code)


def write_stdout(data: bytes) -> None:
    """Write all of ``data``: a pipe may take only part of a large write at once."""
    try:
        sys.stdout.flush()
        view = memoryview(data)
        while view:
            written = sys.stdout.buffer.write(view)
            view = view[written or 0 :]
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:  # stdout on a full disk, say
        from dedup.errors import OutputError

        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None
