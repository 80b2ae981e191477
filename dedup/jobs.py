"""How many worker processes a run may start: what was asked, checked against the
cores this process may run on.

More processes than cores make a run no faster, and an unchecked ``jobs = 1000000``
in a settings file would try to start a million of them; fewer than one is no
number of processes at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from dedup.errors import ConfigError


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def checked_jobs(jobs: int, asked_as: str, note: Callable[[str], None], cores: int | None = None) -> int:
    """``jobs``, at most the available ``cores``; ``note`` is told when it is cut down.

    Args:
        jobs: the number asked for.
        asked_as: how it was asked, for the messages (``-j 8``, ``jobs = 8 in dedup.toml``).
        note: called with one line when ``jobs`` is more than ``cores``.
        cores: the cores to allow (default: :func:`available_cores`).

    Raises:
        ConfigError: ``jobs`` is less than 1.

    Example:
        >>> checked_jobs(1000000, "-j 1000000", print, cores=2)
        dedup: -j 1000000 is more than the 2 cores here; using 2
        2
        >>> checked_jobs(0, "-j 0", print, cores=2)
        Traceback (most recent call last):
        dedup.errors.ConfigError: -j 0: the number of jobs must be at least 1
    """
    if jobs < 1:
        raise ConfigError(f"{asked_as}: the number of jobs must be at least 1")
    cores = available_cores() if cores is None else cores
    if jobs <= cores:
        return jobs
    note(f"dedup: {asked_as} is more than the {cores} core{'' if cores == 1 else 's'} here; using {cores}")
    return cores
