"""``python -m dedup``, and the entry point of the ``dedup`` command.

The command line (typer and the engine) takes tens of milliseconds to import. A
Ctrl-C in that time must end as one later does, with ``dedup: interrupted`` and exit
130, not with a traceback: so the entry point imports it inside ``main``, where the
interrupt can be caught (pypa/build's ``build.__main__:entrypoint`` is the model).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the ``dedup`` command on ``argv`` (default: ``sys.argv[1:]``); return its exit code."""
    try:
        from dedup.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("dedup: interrupted\n")
        return 130  # dedup.cli.EXIT_INTERRUPTED
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
