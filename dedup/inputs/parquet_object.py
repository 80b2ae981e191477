"""Parquet shards named by URL (``s3://``, ``memory://``): the footer and row groups
read through a seekable file of :mod:`dedup.storage`, and a cleaned shard written
here by :class:`dedup.inputs.parquet.RowWriter` and then stored in one upload, as
:class:`dedup.storage.RemoteSink` stores other shards (``-i`` is refused for a URL).
A local Parquet file never comes here."""

from __future__ import annotations

import os
import threading
from typing import IO, Any

from dedup import storage


def object_file(path: str, pa: Any, pq: Any, opened: threading.local, unreadable: Any) -> Any:
    """The object's ``pyarrow.parquet.ParquetFile``, kept in ``opened`` (this thread's
    last file) while the object's size and version are unchanged."""
    stamp = (path, os.getpid(), storage.stamp(path))
    known = getattr(opened, "last", None)
    if known is not None and known[0] == stamp:
        return known[1]
    opened.last = None
    stream = storage.open_read(path)
    try:
        found = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError, ValueError) as error:
        stream.close()
        raise unreadable(path, error) from None
    opened.last = (stamp, found)
    return found


def open_object(path: str) -> IO[bytes]:
    """The object's bytes as a stream, marked with its URL and size (what
    :meth:`dedup.inputs.parquet.ParquetFormat.chunks` reads the footer of)."""
    stream = storage.open_read(path)
    stream.dedup_path = path  # type: ignore[attr-defined]
    stream.dedup_size = storage.stamp(path).size  # type: ignore[attr-defined]
    return stream


class RemoteRowSink(storage.RemoteSink):
    """A cleaned shard stored at a URL; the writer is told, at the end, whether
    anything changed (if not, the original's bytes are stored and the row groups it
    put off are never written)."""

    def commit(self) -> None:
        self.file.stream.unused = not self.changed  # type: ignore[attr-defined]
        super().commit()

    def abort(self) -> None:
        self.file.stream.unused = True  # type: ignore[attr-defined]
        super().abort()
