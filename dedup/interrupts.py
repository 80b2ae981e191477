"""Ending a run on Ctrl-C (SIGINT) or SIGTERM: one line, and 128 + the signal's number.

Both signals raise an exception in the main thread, so that one clean-up runs for
both: temporary files are removed, worker processes stopped, nothing half written.
SIGTERM raises :class:`Terminated`, a kind of :class:`KeyboardInterrupt`, so code that
cleans up after a Ctrl-C cleans up after it too. A second signal while the first is
being handled is ignored, so that it cannot cut the clean-up short (SIGKILL still
ends the process at once).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

_received: list[int] = []  # the signals that came, since install()


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where a Ctrl-C would raise :class:`KeyboardInterrupt`."""


def ending(stop: BaseException | int) -> tuple[str, int]:
    """The word and the exit code for an interrupt (an exception or a signal number).

    >>> ending(KeyboardInterrupt()), ending(Terminated())
    (('interrupted', 130), ('terminated', 143))
    """
    if isinstance(stop, Terminated) or stop == signal.SIGTERM:
        return "terminated", 128 + signal.SIGTERM
    return "interrupted", 128 + signal.SIGINT


def received() -> int | None:
    """The first of SIGINT and SIGTERM that came since :func:`install`, if one did."""
    return _received[0] if _received else None


def install() -> Callable[[], None]:
    """Handle SIGINT and SIGTERM (in the main thread only, and not one that is ignored);
    returns a function that puts the old handlers back."""
    _received.clear()
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    # A signal ignored when the process started (nohup, a background job) stays so.
    previous = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(n) is not signal.SIG_IGN}
    for number in previous:
        signal.signal(number, _handle)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def _handle(number: int, _frame: FrameType | None) -> None:
    if _received:
        return  # already stopping: let the clean-up finish
    _received.append(number)
    raise Terminated() if number == signal.SIGTERM else KeyboardInterrupt()
