"""The persistent corpus index (SQLite): every document's paragraphs, so that a later
run compares a few changed documents with the whole corpus without reading it.

Per document: its name, its place in corpus order, its size, modification time and
content hash; per paragraph (as the document is after cleaning it on its own): the
8-byte digest of its normal form, its lines, offsets and size; per pair of
consecutive paragraphs, the digest of the pair. A paragraph of a document is a
cross-document repeat when a document earlier in corpus order holds it, which is
what the in-memory :class:`dedup.corpus.scope.CorpusMemory` decides for a run over
the whole corpus, so an incremental run gives the same findings as a full one.

The index records the settings it was built with and its format version; opening it
with other settings, or opening a file that is not such an index, is an error with a
remedy, and the file is only replaced when asked (``rebuild``). Opening it runs
``PRAGMA quick_check``, so a damaged file is refused with the remedy instead of
answering wrongly; a damage met later is the same one-line error. Writes are
transactions in WAL mode (each one ``BEGIN IMMEDIATE``, waiting up to a minute for
another run's), so concurrent runs see consistent data, and an update drops only
vanished documents under the paths it was given, so updates of disjoint parts of
the corpus at the same time compose. Every query is parameterised.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from dedup.corpus.index_file import IndexUnusable, delete, ignore_in, is_sqlite, ours, refuse_no_file
from dedup.corpus.index_schema import SCHEMA
from dedup.corpus.scope import Occurrence, Summary

INDEX_VERSION = 3  # 2: sizes count letters and digits; Arabic-script letter variants folded (issue #13);
# 3: single quotation marks apart from double ones in the normal form



_T = TypeVar("_T")
# How long a write waits for another run's transaction before giving up, in seconds.
BUSY_TIMEOUT = 60.0


def damaged(path: str, error: sqlite3.DatabaseError) -> IndexUnusable:
    """The one-line error for an index SQLite cannot use (``error`` says why)."""
    reason = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, sqlite3.OperationalError) and "locked" in reason:
        return IndexUnusable(f"{path}: the index is locked by another run for more than {BUSY_TIMEOUT:.0f} s ({reason}); try again")
    return IndexUnusable(f"{path}: the index is damaged ({reason}); rebuild it with `dedup index build --rebuild`")


def _guarded(method: Callable[..., _T]) -> Callable[..., _T]:
    """A method whose SQLite errors become :func:`damaged` errors."""

    @functools.wraps(method)
    def guarded(self: IndexMemory, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise damaged(self.path, error) from None

    return guarded


def quick_check(db: sqlite3.Connection, path: str) -> None:
    """Refuse an index whose pages SQLite finds damaged (``PRAGMA quick_check``:
    reads every page once, without the cross-checks of ``integrity_check``)."""
    rows = db.execute("PRAGMA quick_check(1)").fetchall()
    if rows != [("ok",)]:
        reason = " ".join(str(rows[0][0]).split()) if rows else "no answer"
        raise IndexUnusable(f"{path}: the index is damaged ({reason}); rebuild it with `dedup index build --rebuild`")


def _unusable(path: str, error: sqlite3.DatabaseError) -> IndexUnusable:
    """The error for a file SQLite cannot use as an index: the remedy, --rebuild, only
    for a SQLite file (it deletes no other)."""
    try:
        sqlite = is_sqlite(path)
    except OSError:
        sqlite = True  # (unreadable: what SQLite said stands)
    if not sqlite:
        return IndexUnusable(f"{path}: not an index (no SQLite header; if it was one, delete it)")
    return IndexUnusable(f"{path}: not a usable dedup index ({error}); rebuild it with `dedup index build --rebuild`")


def _key(digest: bytes) -> int:
    return int.from_bytes(digest, "big", signed=True)


def _pair_key(pair: bytes) -> int:
    import hashlib

    return int.from_bytes(hashlib.blake2b(pair, digest_size=8).digest(), "big", signed=True)


def _wal(db: sqlite3.Connection) -> None:
    """Put the index in WAL mode. Changing the journal mode does not wait for another
    connection as other statements do (SQLite answers "locked" at once while a run
    creating the same new index holds it), so this waits here, up to BUSY_TIMEOUT."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class IndexMemory:
    """The corpus memory backed by a SQLite index (see the module docstring)."""

    def __init__(self, path: str, settings: dict[str, Any], *, rebuild: bool = False) -> None:
        refuse_no_file(path)
        self.path = path
        self.settings = json.dumps(settings, sort_keys=True)
        self._ordering = ""
        self._pending = 0
        folder = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(folder, exist_ok=True)
            ignore_in(folder)
            if rebuild and os.path.exists(path):
                delete(path)
            self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.DatabaseError as error:
            raise _unusable(path, error) from None
        except OSError as error:
            raise IndexUnusable(f"{path}: cannot open the index: {error.strerror or error}") from None
        try:
            self._identify()  # before anything is written: another program's database stays as it is
            self.db.execute("PRAGMA foreign_keys = ON")
            _wal(self.db)
            # In WAL mode NORMAL never corrupts the index; a power cut may lose the last
            # commits, which the next run re-indexes (their files look changed).
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._check_or_create()
            quick_check(self.db, path)
        except BaseException as error:
            self.db.close()
            if isinstance(error, sqlite3.OperationalError):
                raise damaged(path, error) from None
            if isinstance(error, sqlite3.DatabaseError):
                raise _unusable(path, error) from None
            raise

    def _identify(self) -> None:
        """Refuse a SQLite file that holds tables but not an index's (another
        program's database): read only."""
        if not ours(self.db):
            raise IndexUnusable(
                f"{self.path}: a SQLite file that is not a dedup index; use another --index path"
            )

    def _check_or_create(self) -> None:
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            # The tables and their settings in one transaction: a run opening the index
            # at the same time sees none of it or all of it (never tables without meta).
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.executemany(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                    [("version", str(INDEX_VERSION)), ("settings", self.settings)],
                )
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        if meta.get("version") != str(INDEX_VERSION):
            raise IndexUnusable(
                f"{self.path}: index format {meta.get('version')}, this dedup writes {INDEX_VERSION}; "
                "rebuild it with `dedup index build --rebuild`"
            )
        if meta.get("settings") != self.settings:
            raise IndexUnusable(
                f"{self.path}: built with other settings ({meta.get('settings')}); use the same settings, "
                "or rebuild it with `dedup index build --rebuild`"
            )

    # Documents written per transaction: a transaction per document would wait on the
    # disk for each; one for the whole run would hold the write lock too long.
    BATCH = 500

    @_guarded
    def close(self) -> None:
        self._commit()
        self.db.close()

    def _commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._pending = 0

    # -- the memory interface (see dedup.corpus.scope.CorpusMemory) --------------------

    def begin(self, key: str, ordering: str) -> None:
        """The next document (by its unique key and its place in corpus order)."""
        self._key, self._ordering = key, ordering

    @_guarded
    def known(self, digests: Sequence[bytes]) -> list[bool]:
        query = (
            "SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document "
            "WHERE p.digest = ? AND d.ordering < ? LIMIT 1"
        )
        answers: dict[bytes, bool] = {}
        for digest in digests:
            if digest not in answers:
                answers[digest] = self.db.execute(query, (_key(digest), self._ordering)).fetchone() is not None
        return [answers[d] for d in digests]

    @_guarded
    def known_pairs(self, pairs: Sequence[bytes]) -> list[bool]:
        query = (
            "SELECT 1 FROM pairs q JOIN documents d ON d.id = q.document WHERE q.pair = ? AND d.ordering < ? LIMIT 1"
        )
        return [self.db.execute(query, (_pair_key(p), self._ordering)).fetchone() is not None for p in pairs]

    @_guarded
    def first(self, digest: bytes) -> Occurrence:
        row = self.db.execute(
            "SELECT d.label, p.line_start, p.line_end, p.start_char, p.end_char FROM paragraphs p "
            "JOIN documents d ON d.id = p.document WHERE p.digest = ? AND d.ordering < ? "
            "ORDER BY d.ordering, p.position LIMIT 1",
            (_key(digest), self._ordering),
        ).fetchone()
        return Occurrence(*row)

    @_guarded
    def remember(self, label: str, summary: Summary, content_hash: bytes = b"", stat: tuple[int, int] = (0, 0)) -> None:
        """Store (or replace) the current document's paragraphs, in one transaction."""
        db = self.db
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM documents WHERE name = ?", (self._key,))
            cursor = db.execute(
                "INSERT INTO documents (name, label, ordering, size, mtime_ns, content_hash) VALUES (?, ?, ?, ?, ?, ?)",
                (self._key, label, self._ordering, stat[0], stat[1], content_hash),
            )
            ident = cursor.lastrowid
            db.executemany(
                "INSERT INTO paragraphs (document, position, digest, line_start, line_end, start_char, end_char, size) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (ident, k, _key(d), *summary.positions[k], summary.sizes[k])
                    for k, d in enumerate(summary.digests)
                ],
            )
            db.executemany(
                "INSERT INTO pairs (document, pair) VALUES (?, ?)",
                [(ident, _pair_key(a + b)) for a, b in zip(summary.digests, summary.digests[1:], strict=False)],
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._pending += 1
        if self._pending >= self.BATCH:
            self._commit()

    # -- incremental runs ------------------------------------------------------------

    @_guarded
    def unchanged(self, key: str, stat: tuple[int, int]) -> bool:
        """Whether the index holds the document ``key`` as it is now (same size and time);
        a JSONL shard's documents are keyed ``SHARD:LINE``, and the shard is asked for
        with ``SHARD:`` (every line of it)."""
        if key.endswith(":"):
            row = self.db.execute(
                "SELECT size, mtime_ns FROM documents WHERE name >= ? AND name < ? LIMIT 1", (key, key[:-1] + ";")
            ).fetchone()
        else:
            row = self.db.execute("SELECT size, mtime_ns FROM documents WHERE name = ?", (key,)).fetchone()
        return row is not None and tuple(row) == stat

    @_guarded
    def forget_missing(self, present: set[str], scope: Iterable[str] = (".",)) -> int:
        """Drop the documents under ``scope`` (keys of the paths a run was given: a
        file, a folder, ``.`` for all) whose key or shard is not in ``present``; the
        documents outside it stay, so runs over other paths compose with this one."""
        self._commit()
        db = self.db
        db.execute("BEGIN IMMEDIATE")  # the names read are the names deleted
        try:
            gone = [
                name for name in self._names(scope) if name not in present and name.rsplit(":", 1)[0] not in present
            ]
            db.executemany("DELETE FROM documents WHERE name = ?", [(n,) for n in gone])
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return len(gone)

    def _names(self, scope: Iterable[str]) -> set[str]:
        """The names of the documents under the paths ``scope``: each key itself, the
        files below it as a folder (``KEY/...``), its lines as a shard (``KEY:N``)."""
        keys = set(scope)
        if "." in keys or "" in keys:
            return {n for (n,) in self.db.execute("SELECT name FROM documents")}
        names: set[str] = set()
        query = (
            "SELECT name FROM documents WHERE name = ? OR (name >= ? AND name < ?) OR (name >= ? AND name < ?)"
        )
        for key in keys:  # "/" and ":" are each followed by the next character in byte order
            names.update(n for (n,) in self.db.execute(query, (key, key + "/", key + "0", key + ":", key + ";")))
        return names

    @_guarded
    def stats(self) -> dict[str, int]:
        self._commit()
        return _counts(self.db, self.path)


def inspect(path: str) -> dict[str, Any]:
    """What an index holds, whatever settings it was built with."""
    if not os.path.exists(path):
        raise IndexUnusable(f"{path}: no index here; build one with `dedup index build PATH...`")
    refuse_no_file(path)
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        quick_check(db, path)
        meta = dict(db.execute("SELECT key, value FROM meta"))
        found = {"path": path, "version": int(meta["version"]), "settings": json.loads(meta["settings"])}
        found.update(_counts(db, path))
        db.close()
        return found
    except (sqlite3.DatabaseError, KeyError, ValueError) as error:
        raise IndexUnusable(f"{path}: not a usable dedup index ({error})") from None


def _counts(db: sqlite3.Connection, path: str) -> dict[str, int]:
    """What an index holds: documents, paragraphs, distinct ones, bytes on disk."""
    one = db.execute
    return {
        "documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
        "paragraphs": one("SELECT COUNT(*) FROM paragraphs").fetchone()[0],
        "distinct_paragraphs": one("SELECT COUNT(DISTINCT digest) FROM paragraphs").fetchone()[0],
        "bytes": os.path.getsize(path),
    }
