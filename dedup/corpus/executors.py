"""Running a function over many items on all cores, results in input order.

Items are sent in batches to a process pool, kept for a whole run; at most a few
batches per worker are in flight, so memory stays bounded however long the input
stream is. One job runs in this process with no pool at all.

Signals: SIGINT and SIGTERM are held back while the pool is made and the first work
is handed to it (which forks the worker processes), so that a Ctrl-C never lands
inside a fork or half way through the pool's bookkeeping; it is raised just after.
Later hand-overs are not held back: one can block (on the pipe that wakes the pool's
manager thread, when stopped or busy workers have filled its queue), and a signal
held back there would never be seen. A pool stopped by a signal
or an error is not waited for: its workers are killed and :data:`abandoned` is set,
for the entry point to end the process without waiting on the pool's threads.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from dedup.allocator import return_freed_memory

if TYPE_CHECKING:  # one job needs no pool: the command line imports this on every call
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

abandoned = False  # a pool was stopped mid-work; its threads may never end
_HELD = {signal.SIGINT, signal.SIGTERM}


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _apply(function: Callable[[T], R], batch: list[T]) -> list[R]:
    return [function(item) for item in batch]


def _worker_start() -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the pool), die at once on
    SIGTERM (which is how the parent stops it), and die with the parent if it is
    killed, instead of living on, orphaned (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held back by the parent when it forked this one
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    return_freed_memory()  # (forked: already so, unless the pool spawns its workers)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (in this thread, and in the processes and threads
    it starts) until the block ends; one that came meanwhile is raised then."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _result(future: Future[list[R]]) -> list[R]:
    """A batch's results. The wait wakes now and then: a signal whose exception was
    lost (raised while Python ran a finalizer, which prints and swallows it) must
    still end the run, not leave it waiting on workers that were told to stop."""
    from dedup.interrupts import lost

    while True:
        try:
            return future.result(timeout=_POLL)
        except TimeoutError:
            lost()


_POLL = 0.25  # seconds between looks for a lost signal while waiting on a worker


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: drop what is queued and kill the workers, without waiting
    for the pool's thread (which may wait forever on a worker killed mid-message)."""
    global abandoned
    abandoned = True
    with _signals_held():  # a second signal must not cut this short
        processes = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown clears it
        queue = getattr(pool, "_call_queue", None)
        if queue is not None:  # its feeder thread may be stuck writing to workers that are gone
            queue.cancel_join_thread()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()


class Workers:
    """A process pool kept for a whole run (started when first needed), mapping
    functions over items in input order, lazily; one job runs in this process.

    ``function`` must be a module-level function (it is pickled by name).

    >>> with Workers(1) as workers:
    ...     list(workers.map(abs, [-1, 2, -3]))
    [1, 2, 3]
    """

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._forked = False  # the pool has had its first work (and so its processes)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None and self._pool is not None:
            # Ctrl-C or an error outside map() (between two results): the generator
            # may not have stopped the pool yet, and a graceful shutdown would wait on
            # workers that may never answer.
            pool, self._pool = self._pool, None
            _stop(pool)
            return
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def map(self, function: Callable[[T], R], items: Iterable[T], batch_size: int = 32) -> Iterator[R]:
        """``map(function, items)`` in batches of ``batch_size``, a few batches per
        worker in flight."""
        if self.jobs <= 1:
            yield from map(function, items)
            return
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            with _signals_held():
                self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_start)
            self._forked = False
        pool = self._pool
        iterator = iter(items)
        window = 3 * self.jobs
        pending: deque[Future[list[R]]] = deque()
        try:
            while True:
                while len(pending) < window:
                    batch = list(islice(iterator, batch_size))
                    if not batch:
                        break
                    if self._forked:
                        pending.append(pool.submit(_apply, function, batch))
                        continue
                    with _signals_held():  # the first submit forks the workers
                        pending.append(pool.submit(_apply, function, batch))
                    self._forked = True
                if not pending:
                    break
                yield from _result(pending.popleft())
        except BaseException:  # Ctrl-C, an error, or the consumer stopped early
            self._pool = None
            _stop(pool)
            raise
