"""Inputs, outputs and reports named by URL (``s3://bucket/prefix/``, ``memory://``,
``gs://``): read, listed and written through fsspec, so that the workers of a Dask
cluster read and write shards without a shared file system.

A path is a URL if it starts with a scheme of two letters or more and ``://``
(``C:/x`` is a Windows path); ``file://PATH`` is the local path PATH, read and
written by the local code, with all its guarantees. Everything else here is only
reached for a URL: a local run never imports fsspec.

An object store has no rename: an output is written to a temporary file on this
machine and then stored under its final key in one upload, which an object store
(S3, GCS, memory) shows whole or not at all (never half an object). What it cannot
do is what a local rewrite does besides: refuse to replace newer bytes, keep modes
or refuse links; so ``-i`` is refused for a URL (write to ``-o s3://...`` instead).

Example:
    >>> is_url("s3://bucket/in/"), is_url("C:/corpus/a.txt"), is_url("notes/a.txt")
    (True, False, False)
    >>> local("file:///tmp/corpus"), local("s3://bucket/in/")
    ('/tmp/corpus', 's3://bucket/in/')
"""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

from dedup.atomic import Stamp, Temporary, open_temporary
from dedup.atomic import why as _why
from dedup.errors import DedupError, InputError, OutputError

if TYPE_CHECKING:
    from dedup.inputs.protocol import ShardFormat

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+://")
_SKIPPED = (".git", ".hg", ".svn", ".dedup")  # as the local walk skips them
EXTRA = "pip install 'dedup-text[s3]'"
_STORE_ERRORS = (Exception,)  # an upload fails with a store's own kinds too (botocore's)
# Stores without folders: nothing to make before an upload (and s3fs's makedirs would
# create a missing bucket, which a run must not do).
# The sizes the listings of prefixes gave (URL -> bytes), for the progress line: no
# request of their own. Bounded: past it, a listing starts afresh (and the progress
# line, missing a size, says it does not know the total).
_LISTED: dict[str, int] = {}
_LISTED_MOST = 1 << 20
_OBJECT_STORES = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "memory", "oss"})


def is_url(path: str | None) -> bool:
    """Whether ``path`` names an object by URL (not a local path, not ``-``)."""
    return path is not None and _SCHEME.match(path) is not None and not path.lower().startswith("file://")


def local(path: str) -> str:
    """``path`` itself, or the local path a ``file://`` URL names."""
    if path.lower().startswith("file://"):
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(path)
        return unquote(parts.path) if parts.netloc in ("", "localhost") else path
    return path


def _fs(path: str) -> tuple[Any, str]:
    """The fsspec file system of ``path`` and the path inside it."""
    try:
        from fsspec.core import url_to_fs  # type: ignore[import-untyped]
    except ImportError:
        raise DedupError(f"{path}: a URL needs fsspec ({EXTRA})") from None
    try:
        found: tuple[Any, str] = url_to_fs(path)
        return found
    except ImportError as error:  # the scheme's package (s3fs, gcsfs) is missing
        hint = f" ({EXTRA})" if path.lower().startswith(("s3://", "s3a://")) else ""  # (the extra brings s3fs only)
        raise DedupError(f"{path}: {str(error).splitlines()[0]}{hint}") from None
    except ValueError as error:  # an unknown scheme
        raise DedupError(f"{path}: {error}") from None


def url_key(url: str) -> tuple[str, str] | None:
    """What names the object (or prefix) ``url`` whatever its spelling: its store's
    kind and its path there (``memory://in/`` and ``memory:///in``, ``s3://b/k`` and
    ``s3a://b/k`` are each one); None when no store can read it."""
    try:
        fs, inner = _fs(url)
    except DedupError:
        return None
    return type(fs).__name__, str(inner).rstrip("/")


def under(key: tuple[str, str] | None, prefix: tuple[str, str] | None) -> bool:
    """Whether the object ``key`` is the one ``prefix`` names or lies below it."""
    if key is None or prefix is None or key[0] != prefix[0]:
        return False
    return key[1] == prefix[1] or key[1].startswith(prefix[1] + "/")


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = getattr(fs, "protocol", ())
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def stamp_of(info: dict[str, Any]) -> Stamp:
    """A :class:`Stamp` for an object: its size and what says which version it is
    (its ETag, or its modification time)."""
    version = next((str(info[key]) for key in ("ETag", "etag", "mtime", "LastModified", "created") if key in info), "")
    return Stamp(0, 0, int(info.get("size") or 0), zlib.crc32(version.encode()), 0)


@contextlib.contextmanager
def _failing(path: str, doing: str = "read") -> Iterator[None]:
    """A store's failures inside as one-line input errors: a missing object, and
    whatever its client raises (botocore's own kinds, say) as ``cannot <doing>``."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except DedupError:
        raise
    except Exception as error:
        raise InputError(f"{path}: cannot {doing}: {_why(error)}") from None


def stamp(path: str) -> Stamp:
    fs, inside = _fs(path)
    with _failing(path):
        return stamp_of(fs.info(inside))


def open_read(path: str) -> IO[bytes]:
    """The object's bytes as a stream (buffered, read as it goes)."""
    fs, inside = _fs(path)
    with _failing(path):
        if fs.isdir(inside):
            raise InputError(f"{path}: is a folder (a prefix); pass it with a final /, or the objects in it")
        return fs.open(inside, "rb")  # type: ignore[no-any-return]


def read(path: str, limit: int | None) -> tuple[bytes, Stamp]:
    """The object's bytes (more than ``limit`` is an :class:`InputError`, found
    without reading them) and its stamp."""
    fs, inside = _fs(path)
    with _failing(path):
        info = fs.info(inside)
        if info.get("type") == "directory":
            raise InputError(f"{path}: is a folder (a prefix); pass the objects in it")
        size = int(info.get("size") or 0)
        if limit is not None and size > limit:
            raise InputError(f"{path}: {size} bytes, more than --max-document-size ({limit} bytes); skipped")
        with fs.open(inside, "rb") as stream:
            data = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise InputError(f"{path}: more than --max-document-size ({limit} bytes) to read; skipped")
    return data, stamp_of(info)


def listing(prefix: str) -> list[tuple[str, str]] | None:
    """The objects under ``prefix`` (a folder), in sorted order, as ``(URL, name
    below the prefix)``; None if ``prefix`` is one object, not a folder."""
    fs, inside = _fs(prefix)
    with _failing(prefix, "list"):
        if not prefix.endswith("/") and not fs.isdir(inside):
            return None
        found = fs.find(inside, detail=True)
    root = inside.rstrip("/") + "/"
    base = prefix.rstrip("/") + "/"
    if len(_LISTED) + len(found) > _LISTED_MOST:
        _LISTED.clear()
    named = []
    for key in sorted(found):
        if not key.startswith(root):
            continue
        name = key[len(root) :]
        parts = name.split("/")
        if not name or any(part in _SKIPPED for part in parts[:-1]):
            continue
        url = base + name
        named.append((url, name))
        size = found[key].get("size") if isinstance(found, dict) else None
        if isinstance(size, int):
            _LISTED[url] = size
    return named


def listed_size(url: str) -> int | None:
    """The size of the object ``url`` as the listing of its prefix gave it (None if
    it was not listed)."""
    return _LISTED.get(url)


def write_bytes(path: str, data: bytes) -> None:
    """Store ``data`` under ``path``, whole (one upload)."""
    with RemoteFile(path) as out:
        out.write(data)
        out.commit()


def copy(source: str, path: str) -> None:
    """Store a copy of the object (or local file) ``source`` under ``path``."""
    with RemoteFile(path) as out:
        if is_url(source):
            with open_read(source) as stream:
                while piece := stream.read(1 << 20):
                    out.write(piece)
        else:
            with open(source, "rb") as stream:
                while piece := stream.read(1 << 20):
                    out.write(piece)
        out.commit()


def download(source: str, path: str) -> None:
    """Write the object ``source``'s bytes to the local file ``path``."""
    with open_read(source) as stream, open(path, "wb") as target:
        while piece := stream.read(1 << 20):
            target.write(piece)


class RemoteFile(Temporary):
    """An object written in pieces to a temporary file here and uploaded whole on
    :meth:`commit` (an object store shows it whole or not at all); :meth:`abort` (or
    leaving a ``with`` block on an exception) drops it, and nothing is stored.
    ``opener`` opens the temporary file for writing (a shard's compression)."""

    def __init__(self, path: str, opener: Callable[[str], IO[bytes]] | None = None) -> None:
        self.path = path
        self.fs, self.inside = _fs(path)
        import tempfile  # only a URL's output needs it

        handle, self.temporary = tempfile.mkstemp(prefix="dedup-upload-")
        self.stream = open_temporary(handle, self.temporary, opener)

    def write(self, data: bytes) -> None:
        with self.failing():
            self.stream.write(data)

    def replace_with(self, source: str) -> None:
        """Upload a copy of ``source`` instead of what was written."""
        self.stream.close()
        with self.failing(_STORE_ERRORS), contextlib.ExitStack() as stack:
            stream = stack.enter_context(open_read(source) if is_url(source) else open(source, "rb"))  # noqa: SIM115
            target = stack.enter_context(open(self.temporary, "wb"))
            while piece := stream.read(1 << 20):
                target.write(piece)

    def commit(self) -> None:
        with self.failing(_STORE_ERRORS):
            self.stream.close()
            parent = self.inside.rsplit("/", 1)[0]
            if parent and parent != self.inside and not set(_protocols(self.fs)) & _OBJECT_STORES:
                with contextlib.suppress(Exception):  # a store with real folders (sftp://): make them
                    self.fs.makedirs(parent, exist_ok=True)
            self.fs.put_file(self.temporary, self.inside)
            self.done = True
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


class RemoteSink:
    """A shard's written pieces, in its format, stored at the URL ``target`` as one
    object on :meth:`commit`; with nothing changed, a byte-for-byte copy of ``source``
    (the :class:`dedup.inputs.protocol.Sink` of a shard written to a URL)."""

    def __init__(self, shard_format: ShardFormat, source: str, target: str) -> None:
        self.source = source
        self.file = RemoteFile(target, lambda temporary: shard_format.open(temporary, "wb", like=target))
        self.changed = False

    def write(self, piece: bytes, changed: bool) -> None:
        self.file.write(piece)
        self.changed = self.changed or changed

    def commit(self) -> None:
        if not self.changed:
            self.file.replace_with(self.source)
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def check_store(url: str) -> None:
    """A :class:`DedupError` saying why no store can take ``url`` (an unknown scheme,
    a missing package), before a run writes to it."""
    _fs(url)


def refuse_in_place(path: str) -> OutputError:
    return OutputError(f"{path}: -i/--in-place rewrites local files only; write a URL's cleaned copy with -o URL")
