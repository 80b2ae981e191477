"""The corpus index as a file: where a project keeps it, what a file must be to be
read or deleted as one (never a folder; only a SQLite file is deleted: ``--index
README.md`` must not cost the README), and the ``.gitignore`` of its folder.
:mod:`dedup.corpus.index` reads and writes what is in it."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from typing import Any

from dedup.errors import DedupError

DEFAULT_PATH = os.path.join(".dedup", "index.sqlite")


class IndexUnusable(DedupError):
    """The index cannot be used as it is."""


def refuse_no_file(path: str) -> None:
    """Refuse an index path that names no regular file: a folder (SQLite says only
    that it cannot open it), a device, FIFO or socket (``/dev/null`` reads as an
    empty file, so as an empty index, which ``clear`` would delete), or nothing."""
    if not path:
        raise IndexUnusable("--index needs a path, not ''")
    if os.path.isdir(path):
        raise IndexUnusable(f"{path}: a folder, not an index file; give the file (--index PATH)")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # not there (yet): SQLite creates it, or says why it cannot
    if not stat.S_ISREG(mode):
        raise IndexUnusable(f"{path}: not a regular file (a device, FIFO or socket), so not an index")


def ignore_in(folder: str) -> None:
    """Give the project's index folder (``.dedup``) a ``.gitignore`` of ``*``, so that
    ``git status`` does not list it, as ruff does for its cache. An existing one is
    left as it is; the file is created new, never through a link, and a folder where
    it cannot be written (read-only) only goes without it."""
    if os.path.basename(folder) != os.path.dirname(DEFAULT_PATH):
        return  # an --index elsewhere: its folder is the user's
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(os.path.join(folder, ".gitignore"), flags, 0o666)
    except OSError:
        return  # there already (or a link there), or a read-only folder
    try:
        os.write(descriptor, b"# Written by dedup: its index is never committed.\n*\n")
    except OSError:
        pass  # a full disk: opening the index, next, says so
    finally:
        os.close(descriptor)


SQLITE_HEADER = b"SQLite format 3\x00"  # how every SQLite file begins (an empty one is an empty database)


def clear(path: str) -> bool:
    """Delete an index (and its WAL files); whether there was one."""
    refuse_no_file(path)
    existed = os.path.lexists(path)
    try:
        if existed:
            delete(path)
    except OSError as error:
        raise IndexUnusable(f"{path}: cannot delete the index: {error.strerror or error}") from None
    return existed


def is_sqlite(path: str) -> bool:
    """Whether ``path`` is a SQLite file (an empty file is an empty database)."""
    with open(path, "rb") as file:
        return file.read(len(SQLITE_HEADER)) in (b"", SQLITE_HEADER)


def delete(path: str) -> None:
    """Delete the index ``path`` and its WAL files (``clear``, ``--rebuild``): only
    a regular file that is a dedup index, or empty, so that ``--index README.md`` never
    costs the README, nor ``--index app.db`` another program's database."""
    refuse_no_file(path)
    if not is_sqlite(path):
        raise IndexUnusable(f"{path}: not an index (no SQLite header; if it was one, delete it); not deleted")
    if not is_index(path):
        raise IndexUnusable(f"{path}: a SQLite file that is not a dedup index; not deleted")
    for suffix in ("", "-wal", "-shm"):
        if os.path.isfile(path + suffix) and not os.path.islink(path + suffix):
            os.unlink(path + suffix)


def is_index(path: str) -> bool:
    """Whether the SQLite file ``path`` is a dedup index, or an empty database (one
    still to be made), read without changing it."""
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return ours(db)
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return True  # a damaged index: deleting it is what --rebuild is for


def ours(db: Any) -> bool:
    """Whether the SQLite database ``db`` is empty or a dedup index of any format
    version: a ``meta`` table of ``key`` and ``value`` that has a ``version``.
    Another program's database (a ``meta`` table of its own included) is not."""
    import sqlite3

    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return True
    if "meta" not in tables:
        return False
    try:
        return db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() is not None
    except sqlite3.OperationalError:  # no such column
        return False


def default_index(inputs: Sequence[str]) -> str | None:
    """``.dedup/index.sqlite`` in the inputs' project (found as settings files are), if
    one has been built there."""
    from dedup.config_file import project_root

    root = project_root(inputs)
    if root is None:
        return None
    candidate = os.path.join(root, DEFAULT_PATH)
    return candidate if os.path.exists(candidate) else None
