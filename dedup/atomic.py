"""Replacing a file so that a crash leaves either the old bytes or the new ones.

The new bytes go to a temporary file in the same folder, are flushed to disk, take
the old file's owner, group and permission bits, and are renamed over the old file in
one step; then the folder is flushed, so that the rename itself survives a power cut.
A file that did not exist is created as any program creates one: mode 0666 less the
umask (a report is 0644 under the usual umask 022), or the mode asked for.

A symbolic link is not written through unless asked (``follow=True``, for a link
the user named): a link where the file should be is refused. Given the
:class:`Stamp` of the file as it was read, the file is checked again just before the
rename, and refused if it changed (newer bytes are never replaced by older ones).

A temporary file is named ``.NAME.dedup-tmp-PID_HOST_RANDOM``; one a killed run left
is removed by :func:`sweep`, which leaves alone those of a process still running. A
name too long for that is cut short and ends in a hash of the whole name
(``.NA~1a2b3c4d.dedup-tmp-*``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Self

from dedup.errors import DedupError, OutputError

TMP_INFIX = ".dedup-tmp-"
_SUFFIX = 24  # after TMP_INFIX: a pid (at most 10 digits), _, 4 hex digits of the host, _, 8 random ones
STALE_AFTER = 24 * 3600  # seconds untouched after which a temporary file is a leftover, whatever its pid
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True, slots=True)
class Stamp:
    """Which file a path held, and in what state: compared before a rewrite, so that
    a file changed (appended to, rewritten, replaced, turned into a link) since it
    was read is not replaced by bytes made from its old content."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int  # changes with any write, even one that sets the mtime back

    @classmethod
    def of(cls, info: os.stat_result) -> Stamp:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def stamp(path: str, *, follow: bool) -> Stamp:
    """The :class:`Stamp` of the file at ``path`` now, taken from an opened descriptor
    (without ``follow``, a symbolic link is refused rather than opened)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | (0 if follow else _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0))
    try:
        handle = os.open(path, flags)
    except OSError as error:
        if not follow and os.path.islink(path):
            raise OutputError(f"{path}: is a symbolic link now (the walk found a file); not rewritten") from None
        raise OutputError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return Stamp.of(os.fstat(handle))
    finally:
        os.close(handle)


def write_atomic(
    path: str, data: bytes, *, follow: bool = False, expect: Stamp | None = None, mode: int | None = None
) -> None:
    """Replace the file at ``path`` with ``data``, atomically, keeping its owner, group
    and mode (a new file: 0666 less the umask). Only a regular file is replaced; a
    FIFO or a device is refused.

    Args:
        follow: a symbolic link at ``path`` is followed (its target is replaced, the
            link stays); without it, a link is refused and never written through.
        expect: the file as it was read; if it is not so just before the rename (it
            grew, was rewritten, replaced or removed), nothing is replaced and an
            :class:`OutputError` says so.
        mode: the permission bits to give the file (default: the old file's, or
            0666 less the umask for a new one).
    """
    # Not a with block: a Ctrl-C that lands as __enter__ starts would skip __exit__
    # and leave the temporary file; inside this try, any Ctrl-C removes it.
    out = AtomicFile(path, follow=follow, expect=expect, mode=mode)
    try:
        out.write(data)
        out.commit()
    except BaseException:
        out.abort()
        raise


def why(error: BaseException) -> str:
    """What went wrong, in one line (an OS error's own words where it has them).

    >>> why(OSError(28, "No space left on device")), why(ValueError("bad\\nvalue")), why(OSError())
    ('No space left on device', 'bad', 'OSError')
    """
    said = getattr(error, "strerror", None) or str(error)
    return said.splitlines()[0] if said.strip() else type(error).__name__


def open_temporary(handle: int, temporary: str, opener: Callable[[str], IO[bytes]] | None = None) -> IO[bytes]:
    """The stream that fills the temporary file just made: ``handle`` itself, or the
    file opened again by name with ``opener`` (a shard's compression); if that fails
    (Ctrl-C included), the file is removed."""
    try:
        if opener is None:
            return os.fdopen(handle, "wb")
        os.close(handle)
        return opener(temporary)
    except BaseException:
        if opener is None:
            with contextlib.suppress(OSError):
                os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class Temporary:
    """An output filled in a temporary file (``stream``, named ``temporary``) until it
    is committed: how :class:`AtomicFile`, :class:`dedup.inputs.sink.ShardSink` and
    :class:`dedup.storage.RemoteFile` drop it when anything fails."""

    path: str
    temporary: str
    stream: IO[bytes]
    done: bool = False  # committed or aborted

    def abort(self) -> None:
        """Drop what was written (nothing once committed)."""
        if self.done:
            return
        self.done = True
        with contextlib.suppress(Exception):
            self.stream.close()  # flushes, which a full disk refuses
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)

    @contextlib.contextmanager
    def failing(self, kinds: tuple[type[BaseException], ...] = (OSError,)) -> Iterator[None]:
        """Abort on any exception of the block (Ctrl-C included); one of ``kinds``
        (but not a :class:`DedupError`, which says its own line) becomes an
        :class:`OutputError` of one line: ``PATH: cannot write: WHY``."""
        try:
            yield
        except BaseException as error:
            self.abort()
            if isinstance(error, kinds) and not isinstance(error, DedupError):
                raise OutputError(f"{self.path}: cannot write: {why(error)}") from None
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self.abort()


class AtomicFile(Temporary):
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

    def __init__(
        self, path: str, *, follow: bool = False, expect: Stamp | None = None, mode: int | None = None
    ) -> None:
        self.path = os.path.realpath(path) if follow else path
        self.follow = follow
        self.expect = expect
        self.mode = mode
        self.info = check_target(self.path, follow=follow)
        # A new file is created as open() creates one, 0666 less the umask (the
        # kernel applies it, and a default ACL); one that replaces a file starts
        # private and takes that file's mode (or ``mode``) just before the rename.
        fresh = self.info is None and mode is None
        try:
            handle, self.temporary = create_temporary(self.path, 0o666 if fresh else 0o600)
        except OSError as error:
            folder = os.path.dirname(self.path)
            raise OutputError(f"{self.path}: cannot write in {folder}: {error.strerror or error}") from None
        self.stream = open_temporary(handle, self.temporary)

    def write(self, data: bytes) -> None:
        with self.failing():
            self.stream.write(data)

    def commit(self) -> None:
        """Flush the bytes to disk and rename them over ``path``."""
        with self.failing():
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            if self.mode is not None:
                os.chmod(self.temporary, self.mode)
            replace(self.temporary, self.path, None if self.mode is not None else self.info, expect=self.expect, follow=self.follow)
            self.done = True
        sync_folder(self.path)


def check_target(path: str, *, follow: bool = False) -> os.stat_result | None:
    """The status of the file ``path`` that is to be replaced (None if there is none),
    or an :class:`OutputError` if it must not be replaced (without ``follow``, a
    symbolic link is refused: nothing is written through it)."""
    try:
        info = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(f"{path}: is a symbolic link; not written through (remove it or write elsewhere)")
    if not stat.S_ISREG(info.st_mode):
        # A rename would put a regular file where a FIFO, socket or device was.
        raise OutputError(f"{path}: not a regular file; not replaced")
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222:
        # The rename would only need the folder to be writable; a file its owner made
        # read-only is not to be replaced behind their back (root included).
        raise OutputError(f"{path}: read-only (mode {mode:04o}); not rewritten")
    return info


def create_temporary(path: str, mode: int = 0o600) -> tuple[int, str]:
    """Create an empty temporary file beside ``path``, with ``mode`` less the umask;
    return its descriptor and name.

    Unlike :func:`tempfile.mkstemp`, a Ctrl-C (or any exception) that arrives just as
    the file is made removes it before it propagates.
    """
    folder, name = os.path.split(path)
    prefix = os.path.join(folder, f".{_stem(folder, name)}{TMP_INFIX}{os.getpid()}_{_host()}_")
    import secrets  # here, not at the top: a run that writes nothing does not load it

    for _ in range(100):
        temporary = prefix + secrets.token_hex(4)
        try:
            return os.open(temporary, _FLAGS, mode), temporary
        except FileExistsError:
            continue
        except BaseException:
            # The KeyboardInterrupt of a Ctrl-C is raised once the open has returned,
            # that is after the file was made; the name is random, so it is ours.
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    raise FileExistsError(errno.EEXIST, "no unused temporary name", prefix)


def replace(
    temporary: str, path: str, info: os.stat_result | None, *, expect: Stamp | None = None, follow: bool = False
) -> None:
    """Give ``temporary`` the owner, group and mode ``info`` holds, and rename it over
    ``path`` (which, if it is a link, replaces the link, never what it points to). If
    the owner cannot be kept (only root may give a file away), the group is tried
    alone, and then the file stays the runner's, as with ``sed -i``. Given ``expect``,
    ``path`` must still be that file, unchanged, just before the rename."""
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
    if expect is not None:
        check_unchanged(path, expect, follow=follow)
    os.replace(temporary, path)


def check_unchanged(path: str, expect: Stamp, *, follow: bool) -> None:
    """An :class:`OutputError` unless ``path`` is still the file ``expect`` describes."""
    try:
        info = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        raise OutputError(f"{path}: removed while it was being cleaned; not written back") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(f"{path}: became a symbolic link while it was being cleaned; not rewritten")
    if Stamp.of(info) != expect:
        raise OutputError(f"{path}: changed while it was being cleaned; not rewritten (run dedup again)")


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
    import hashlib

    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    room -= len(digest) + 1
    stem = name
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return f"{stem}~{digest}"


def sweep(path: str) -> list[str]:
    """Remove temporary files a killed run left beside ``path``; return their names.

    A temporary file whose process still runs on this host is another run's work in
    progress and is left alone, unless it has not been written for
    :data:`STALE_AFTER` seconds (its pid may have been given to another process). One
    made on another host is removed only after that time; one without a pid in its
    name (from a version of dedup before pids were put there) at once.
    """
    import glob

    folder, name = os.path.split(os.path.abspath(path))
    removed = []
    pattern = f".{glob.escape(_stem(folder, name))}{TMP_INFIX}*"
    for leftover in glob.glob(os.path.join(glob.escape(folder), pattern)):
        with contextlib.suppress(OSError):
            if _owned(leftover.rsplit(TMP_INFIX, 1)[1], os.lstat(leftover).st_mtime):
                continue
            os.unlink(leftover)
            removed.append(leftover)
    return removed


def _owned(suffix: str, mtime: float) -> bool:
    """Whether a temporary file with this suffix and modification time may belong to
    a run still going on."""
    pid, host, _random = (suffix.split("_") + ["", ""])[:3]
    if not (pid.isdigit() and len(host) == 4):
        return False  # the old format had no owner: a leftover
    if time.time() - mtime > STALE_AFTER:
        return False
    return host != _host() or _alive(int(pid))


def _alive(pid: int) -> bool:
    if os.name != "posix":  # no harmless way to ask: trust the age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, but is someone else's
        return True
    return True


def _host() -> str:
    """4 hex digits naming this machine, so that a pid is only judged where it runs."""
    import hashlib

    node = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    return hashlib.sha256(node.encode("utf-8", "surrogateescape")).hexdigest()[:4]
