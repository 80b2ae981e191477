"""``python -m dedup``, and the entry point of the ``dedup`` command.

The command line (typer and the engine) takes tens of milliseconds to import. A
Ctrl-C in that time must end as one later does, with ``dedup: interrupted`` and exit
130, not with a traceback: so the entry point imports it inside ``main``, where the
interrupt can be caught (pypa/build's ``build.__main__:entrypoint`` is the model).
SIGTERM ends the same way, with ``dedup: terminated`` and 143 (:mod:`dedup.interrupts`).
"""

from __future__ import annotations

import contextlib
import os
import sys

from dedup import interrupts


def main(argv: list[str] | None = None) -> int:
    """Run the ``dedup`` command on ``argv`` (default: ``sys.argv[1:]``); return its exit code.

    If a signal stopped a pool of worker processes, the process ends here
    (:func:`os._exit`, once the output is flushed): the pool's threads may wait
    forever on workers that were killed mid-message, and exit would wait for them.
    """
    interrupts.install()
    try:
        code = _run(argv)
    except KeyboardInterrupt as stop:  # a signal just before or after the command ran
        code = _say(stop)
    signalled = interrupts.received()
    if signalled is not None and code not in (130, 143):
        code = _say(signalled)  # the interrupt was swallowed somewhere: it still ends the run
    executors = sys.modules.get("dedup.corpus.executors")
    if executors is not None and getattr(executors, "abandoned", False):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    return code


def _run(argv: list[str] | None) -> int:
    try:
        from dedup.cli import main as run
    except KeyboardInterrupt as stop:
        return _say(stop)
    return run(argv)


def _say(stop: BaseException | int) -> int:
    word, code = interrupts.ending(stop)
    sys.stderr.write(f"dedup: {word}\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
