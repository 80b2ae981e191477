"""Running a function over many items on all cores, results in input order.

Items are sent in batches to a process pool, kept for a whole run; at most a few
batches per worker are in flight, so memory stays bounded however long the input
stream is. One job runs in this process with no pool at all.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # one job needs no pool: the command line imports this on every call
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _apply(function: Callable[[T], R], batch: list[T]) -> list[R]:
    return [function(item) for item in batch]


def _worker_start() -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the pool), and die with
    the parent if it is killed, instead of living on, orphaned (Linux)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: drop what is queued and end the workers."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown clears it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


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

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
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

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_start)
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
                    pending.append(pool.submit(_apply, function, batch))
                if not pending:
                    break
                yield from pending.popleft().result()
        except BaseException:  # Ctrl-C, an error, or the consumer stopped early
            self._pool = None
            _stop(pool)
            raise
