"""Progress of a run: documents and bytes done against the bytes to do (the sizes of
the input files), with a rate and the time left; and the line that shows it on
stderr while a run lasts more than a second.

The stages tell a :class:`Meter` what they finished (``advance(documents, bytes)``):
each file as it is written, each shard's documents as they are, and its bytes as the
reading of the file (compressed, as on disk) gets past them. The counting is here,
with no terminal and no clock of its own (:class:`Meter` is given one), so that it
can be tested; :class:`Progress` draws it with rich, only at a terminal.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol, Self

from dedup.sources import STDIN
from dedup.storage import is_url, listed_size

DELAY = 1.0  # seconds before the line appears: a shorter run shows nothing


class Advance(Protocol):
    """What the stages of a run report to (:class:`Meter`, or nothing)."""

    def start(self, total: int | None) -> None: ...

    def advance(self, documents: int, size: int) -> None: ...


def input_size(path: str) -> int | None:
    """The bytes a run reads from this input: a file's size on disk (0 if it cannot be
    sized: it is not read either), an object's as the listing of its prefix gave it;
    None where the size is not known without asking for it (standard input, an
    object named alone)."""
    if path == STDIN:
        return None
    if is_url(path):
        return listed_size(path)
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def input_bytes(paths: Iterable[str]) -> int:
    """The bytes a run reads from these inputs (what cannot be sized counts as nothing)."""
    return sum(input_size(path) or 0 for path in paths)


def input_total(paths: Iterable[str]) -> int | None:
    """The bytes a run reads from these inputs; None if any of them cannot be sized
    (a total without it would be wrong, and so would the time left)."""
    sizes = [input_size(path) for path in paths]
    return None if None in sizes else sum(size or 0 for size in sizes)


class Meter:
    """Documents and bytes done of the total, the rate and the time left.

    >>> clock = iter([0.0, 2.0]).__next__
    >>> meter = Meter(clock)
    >>> meter.start(10_000_000)
    >>> meter.advance(3, 2_500_000)
    >>> meter.line()
    '3 documents, 2.5/10.0 MB, 1.2 MB/s, 0:06 left'

    Without a total (``start(None)``: an input whose size is not known), it says so:
    ``'3 documents, 2.5/? MB, 1.2 MB/s, ? left'``.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.total = 0
        self.known = True  # whether the total is known (else it is what is done so far)
        self.documents = 0
        self.done = 0
        self.started = clock()
        self._lock = threading.Lock()

    def start(self, total: int | None) -> None:
        self.known = total is not None
        self.total = total or 0

    def advance(self, documents: int, size: int) -> None:
        with self._lock:
            self.documents += documents
            self.done += size
            self.total = max(self.total, self.done)  # standard input, or a file that grew

    def rate(self) -> float:
        """Bytes a second so far."""
        return self.done / max(self.clock() - self.started, 1e-9)

    def left(self) -> float | None:
        """Seconds left at the rate so far; None before anything is done."""
        if self.done <= 0 or not self.known:
            return None
        return (self.total - self.done) / self.rate()

    def line(self) -> str:
        rate = self.rate()  # one reading of the clock for the whole line
        left = (self.total - self.done) / rate if self.done > 0 and self.known else None
        shown = "?" if left is None else f"{int(left) // 60}:{int(left) % 60:02d}"
        total = f"{self.total / 1e6:.1f}" if self.known else "?"
        plural = "" if self.documents == 1 else "s"
        return (
            f"{self.documents} document{plural}, {self.done / 1e6:.1f}/{total} MB, "
            f"{rate / 1e6:.1f} MB/s, {shown} left"
        )


class Progress(Meter):
    """A :class:`Meter` shown as a line on stderr, from :data:`DELAY` seconds into the
    run on (a shorter one shows nothing), while stderr is a terminal (the caller says:
    not under pre-commit, not with ``-q``); it never writes to stdout and disappears
    when done. The Dask executor's stages (``stage``) get a line each."""

    def __init__(self, enabled: bool, delay: float = DELAY, timer: Callable[..., Any] = threading.Timer) -> None:
        super().__init__()
        self._display: Any = None
        self._timer: Any = None
        self._stages: dict[str, tuple[Any, list[int]]] = {}
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Display

        self._display = Display(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[line]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            redirect_stdout=False,
            redirect_stderr=False,
            transient=True,
            auto_refresh=True,
        )
        self._task = self._display.add_task("", total=1, line="")
        self._closed = False
        self._timer = timer(delay, self._show)
        self._timer.daemon = True

    def _show(self) -> None:
        with self._lock:
            if not self._closed:
                self._display.start()

    def __enter__(self) -> Self:
        if self._timer is not None:
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._display is not None:
            with self._lock:
                self._closed = True
                self._display.stop()

    def start(self, total: int | None) -> None:
        super().start(total)
        if self._display is not None and not self.known:  # a bar that moves, with no end
            self._display.remove_task(self._task)
            self._task = self._display.add_task("", total=None, line="")

    def advance(self, documents: int, size: int) -> None:
        super().advance(documents, size)
        if self._display is not None:
            total = max(self.total, 1) if self.known else None
            self._display.update(self._task, total=total, completed=self.done, line=self.line())

    def stage(self, name: str, size: int, total: int) -> None:
        """One more task of a Dask stage done (called from its callback thread): a line
        per stage, with its tasks done of ``total`` and the time left."""
        if self._display is None:
            return
        with self._lock:
            if name not in self._stages:
                self._display.update(self._task, visible=False)  # tasks are counted, not documents
                self._stages[name] = (self._display.add_task(name, total=total, line=""), [0, 0, 0])
            task, done = self._stages[name]
            done[0] += 1
            done[1] += size
            elapsed = time.monotonic() - self.started
            left = (total - done[0]) * elapsed / done[0]
            line = f"{done[0]}/{total} tasks, {done[1] / 1e6:.1f} MB, {int(left) // 60}:{int(left) % 60:02d} left"
            self._display.update(task, completed=done[0], line=line)
