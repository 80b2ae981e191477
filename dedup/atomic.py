"""Replacing a file so that a crash leaves either the old bytes or the new ones.

The new bytes go to a temporary file in the same folder, are flushed to disk, take
the old file's permission bits, and are renamed over the old file in one step.
A leftover temporary file (from a kill between write and rename) is named
``.NAME.dedup-tmp-*`` and is removed by :func:`sweep`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile

from dedup.errors import OutputError

TMP_INFIX = ".dedup-tmp-"


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data``, atomically, keeping its mode. A
    symbolic link is followed: its target is replaced, the link stays."""
    path = os.path.realpath(path)
    folder, name = os.path.split(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    if mode is not None and not mode & 0o222:
        # The rename would only need the folder to be writable; a file its owner made
        # read-only is not to be replaced behind their back (root included).
        raise OutputError(f"{path}: read-only (mode {mode:04o}); not rewritten")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}{TMP_INFIX}", dir=folder)
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
        raise


def sweep(path: str) -> list[str]:
    """Remove temporary files a killed run left beside ``path``; return their names."""
    folder, name = os.path.split(os.path.abspath(path))
    removed = []
    for leftover in glob.glob(os.path.join(glob.escape(folder), f".{glob.escape(name)}{TMP_INFIX}*")):
        with contextlib.suppress(OSError):
            os.unlink(leftover)
            removed.append(leftover)
    return removed
