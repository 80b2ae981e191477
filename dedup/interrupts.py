"""Ending a run on Ctrl-C (SIGINT) or SIGTERM: one line, and 128 + the signal's number.

Both signals raise an exception in the main thread, so that one clean-up runs for
both: temporary files are removed, worker processes stopped, nothing half written.
SIGTERM raises :class:`Terminated`, a kind of :class:`KeyboardInterrupt`, so code that
cleans up after a Ctrl-C cleans up after it too. A second signal while the first is
being handled is ignored, so that it cannot cut the clean-up short (SIGKILL still
ends the process at once).

A signal can land while Python runs a finalizer (``__del__``, say the ``regex``
module's, during garbage collection); an exception raised there is printed as
"Exception ignored in ..." and swallowed, and the run would go on (or wait for ever on
workers that were told to stop). So a signal that lands in a ``__del__`` is sent again
a moment later instead of raised there, and one whose exception is swallowed all the
same (in another kind of finalizer) is sent again too, silently.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

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


def lost() -> None:
    """Raise the interrupt again if a signal came and its exception was lost (raised
    while a finalizer ran, where Python prints and swallows it): for waits that would
    otherwise go on for ever. Call it only where the clean-up has not begun."""
    if _received:
        raise Terminated() if _received[0] == signal.SIGTERM else KeyboardInterrupt()


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
    hook = sys.unraisablehook

    def again(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and _received:
            _later(_received.pop())
            return
        hook(unraisable)

    sys.unraisablehook = again

    def restore() -> None:
        sys.unraisablehook = hook
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def _later(number: int) -> None:
    """Send the signal again in a moment, from another thread, once the finalizer
    that it landed in is done."""
    timer = threading.Timer(0.01, os.kill, (os.getpid(), number))
    timer.daemon = True
    timer.start()


def _in_finalizer(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _handle(number: int, frame: FrameType | None) -> None:
    if _received:
        return  # already stopping: let the clean-up finish
    if _in_finalizer(frame):
        _later(number)  # raised here, it would be printed and swallowed
        return
    _received.append(number)
    raise Terminated() if number == signal.SIGTERM else KeyboardInterrupt()
