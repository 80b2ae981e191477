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
from typing import NoReturn

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


def run() -> NoReturn:
    """The ``dedup`` command ([project.scripts], ``python -m dedup``): :func:`main`, then
    the end of the process (:func:`end`)."""
    end(main())


def end(code: int) -> NoReturn:
    """End the process with ``code``, without the interpreter's teardown where nothing
    else is left to do.

    Freeing every module and object one by one took about 15 ms of the 100 ms that
    ``dedup check`` takes on a small file. What the teardown does that can be seen is
    done first, as the interpreter would: the exit handlers run (:mod:`atexit`:
    ``weakref.finalize``, logging, coverage) and stdout and stderr are flushed. While
    another thread runs, or a process pool was used (its threads are waited for
    outside :mod:`atexit`), or a flush fails (the interpreter reports that, exit code
    120), the process exits the ordinary way.
    """
    import threading

    if threading.active_count() == 1 and "concurrent.futures" not in sys.modules and "multiprocessing" not in sys.modules:
        import atexit

        atexit._run_exitfuncs()
        try:
            for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
                if stream is not None:
                    stream.flush()
        except Exception:  # left to the ordinary exit, which reports it
            raise SystemExit(code) from None
        os._exit(code)
    raise SystemExit(code)


if __name__ == "__main__":
    run()
