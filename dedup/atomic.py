"""Replacing a file so that a crash leaves either the old bytes or the new ones.

The new bytes go to a temporary file in the same folder, are flushed to disk, take
the old file's owner, group and permission bits, and are renamed over the old file in
one step; then the folder is flushed, so that the rename itself survives a power cut.
A leftover temporary file (from a kill between write and rename) is named
``.NAME.dedup-tmp-*`` and is removed by :func:`sweep`. A name too long for that is
cut short and ends in a hash of the whole name (``.NA~1a2b3c4d.dedup-tmp-*``).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import secrets
import stat
from typing import Self

from dedup.errors import OutputError

TMP_INFIX = ".dedup-tmp-"
_SUFFIX = 8  # random hex digits after TMP_INFIX
_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data``, atomically, keeping its owner, group
    and mode. A symbolic link is followed: its target is replaced, the link stays.
    Only a regular file is replaced; a FIFO or a device is refused."""
    # Not a with block: a Ctrl-C that lands as __enter__ starts would skip __exit__
    # and leave the temporary file; inside this try, any Ctrl-C removes it.
    out = AtomicFile(path)
    try:
        out.write(data)
        out.commit()
    except BaseException:
        out.abort()
        raise


class AtomicFile:
    """A file written in pieces that replaces ``path`` in one step on :meth:`commit`,
    as :func:`write_atomic` does with bytes it holds whole; until then ``path`` is
    untouched, and :meth:`abort` (or leaving a ``with`` block on an exception,
    Ctrl-C included) removes the temporary file.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "report.json")
        >>> with AtomicFile(path) as out:
        ...     out.write(b"[1,")
        ...     out.write(b" 2]")
        ...     os.path.exists(path)
        ...     out.commit()
        False
        >>> with open(path, "rb") as written:
        ...     written.read(), os.listdir(os.path.dirname(path))
        (b'[1, 2]', ['report.json'])
    """

    def __init__(self, path: str) -> None:
        self.path = os.path.realpath(path)
        self.info = check_target(self.path)
        try:
            handle, self.temporary = create_temporary(self.path)
        except OSError as error:
            folder = os.path.dirname(self.path)
            raise OutputError(f"{self.path}: cannot write in {folder}: {error.strerror or error}") from None
        try:  # the temporary file exists: a Ctrl-C from here on must remove it
            self.done = False  # committed or aborted
            self.stream = os.fdopen(handle, "wb")
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(handle)
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
            raise

    def write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
        except OSError as error:
            self.abort()
            raise OutputError(f"{self.path}: cannot write: {error.strerror or error}") from None

    def commit(self) -> None:
        """Flush the bytes to disk and rename them over ``path``."""
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            replace(self.temporary, self.path, self.info)
            self.done = True
        except BaseException as error:
            self.abort()
            if isinstance(error, OSError):
                raise OutputError(f"{self.path}: cannot write: {error.strerror or error}") from None
            raise
        sync_folder(self.path)

    def abort(self) -> None:
        """Drop what was written (nothing once committed)."""
        if self.done:
            return
        self.done = True
        with contextlib.suppress(OSError):
            self.stream.close()  # flushes, which a full disk refuses
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self.abort()


def check_target(path: str) -> os.stat_result | None:
    """The status of the file ``path`` that is to be replaced (None if there is none),
    or an :class:`OutputError` if it must not be replaced."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        # A rename would put a regular file where a FIFO, socket or device was.
        raise OutputError(f"{path}: not a regular file; not replaced")
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222:
        # The rename would only need the folder to be writable; a file its owner made
        # read-only is not to be replaced behind their back (root included).
        raise OutputError(f"{path}: read-only (mode {mode:04o}); not rewritten")
    return info


def create_temporary(path: str) -> tuple[int, str]:
    """Create an empty temporary file beside ``path``; return its descriptor and name.

    Unlike :func:`tempfile.mkstemp`, a Ctrl-C (or any exception) that arrives just as
    the file is made removes it before it propagates.
    """
    folder, name = os.path.split(path)
    prefix = os.path.join(folder, f".{_stem(folder, name)}{TMP_INFIX}")
    for _ in range(100):
        temporary = prefix + secrets.token_hex(_SUFFIX // 2)
        try:
            return os.open(temporary, _FLAGS, 0o600), temporary
        except FileExistsError:
            continue
        except BaseException:
            # The KeyboardInterrupt of a Ctrl-C is raised once the open has returned,
            # that is after the file was made; the name is random, so it is ours.
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    raise FileExistsError(errno.EEXIST, "no unused temporary name", prefix)


def replace(temporary: str, path: str, info: os.stat_result | None) -> None:
    """Give ``temporary`` the owner, group and mode ``info`` holds, and rename it over
    ``path``. If the owner cannot be kept (only root may give a file away), the group
    is tried alone, and then the file stays the runner's, as with ``sed -i``."""
    if info is not None:
        if hasattr(os, "chown"):
            mine = os.stat(temporary)
            if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
                try:
                    os.chown(temporary, info.st_uid, info.st_gid)
                except PermissionError:
                    with contextlib.suppress(OSError):
                        os.chown(temporary, -1, info.st_gid)
        os.chmod(temporary, stat.S_IMODE(info.st_mode))  # after chown, which clears setuid
    os.replace(temporary, path)


def sync_folder(path: str) -> None:
    """Flush the folder of ``path`` to disk, so that a rename in it is durable."""
    if os.name != "posix":  # Windows cannot open a folder; NTFS journals the rename
        return
    folder = os.path.dirname(path)
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):  # file systems without it
            raise OutputError(
                f"{path}: written, but flushing {folder} failed: {error.strerror or error}"
            ) from None
    finally:
        os.close(handle)


def _stem(folder: str, name: str) -> str:
    """``name``, or a short form of it if the temporary name would be too long."""
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        limit = 255
    room = limit - len(f".{TMP_INFIX}") - _SUFFIX
    if len(os.fsencode(name)) <= room:
        return name
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    room -= len(digest) + 1
    stem = name
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return f"{stem}~{digest}"


def sweep(path: str) -> list[str]:
    """Remove temporary files a killed run left beside ``path``; return their names."""
    folder, name = os.path.split(os.path.abspath(path))
    removed = []
    pattern = f".{glob.escape(_stem(folder, name))}{TMP_INFIX}*"
    for leftover in glob.glob(os.path.join(glob.escape(folder), pattern)):
        with contextlib.suppress(OSError):
            os.unlink(leftover)
            removed.append(leftover)
    return removed
