"""The C allocator's thresholds, fixed for the command's processes so that memory
freed between a document's passes goes back to the system.

glibc's ``malloc`` serves a block over 128 KB with ``mmap`` and unmaps it when freed,
but on the first such free it raises that threshold (up to 32 MB, and the trim
threshold with it), and then serves such blocks from its heap, whose freed memory it
seldom gives back. A document's passes each build arrays of many megabytes (a line's
start and a flag for each of 2 million lines, say), so the process kept what every
pass had used: 176 MB of peak memory for the 3.55 MB blank-lines shape of
``bench/shapes.py``, 120 MB with the thresholds fixed. Setting them with ``mallopt``
stops the raising. Elsewhere (another C library, or thresholds the user set in the
environment) nothing changes.
"""

from __future__ import annotations

import os
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 256 * 1024
TRIM_THRESHOLD = 1024 * 1024


def return_freed_memory() -> bool:
    """Fix glibc's thresholds for this process (and the ones it forks); whether they
    were set."""
    if not sys.platform.startswith("linux"):
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False  # the user's own, which glibc has read
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt  # not in every C library (musl has none)
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
