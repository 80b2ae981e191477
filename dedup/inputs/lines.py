"""Shards of one document per line (JSONL, and any other line format): reading them
in bounded lines and in chunks of lines, and copying a line too long to hold.

Lines are read in bounded pieces (:func:`bounded_lines`): a line longer than the
limit (``--max-document-size``) is never held; it is measured as it streams by and
becomes an :class:`Oversized` line, which a run fails on or passes through by
copying it, piece by piece, from a second reading of the shard (:class:`LineCopier`).
A decompression bomb (a small ``.zst`` of one line of gigabytes) costs time in
proportion to its decompressed size, and memory in proportion to the limit.

:class:`LineFormat` is the part of a line format that does not depend on what a line
holds: compression by suffix, chunks of lines, passing over blank lines. A format
says how one line becomes an entry (``parse``) and how an entry is written back
(``write``).
"""

from __future__ import annotations

import gzip
import io
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from dedup.atomic import Stamp
from dedup.errors import InputError
from dedup.inputs import line_suffixes
from dedup.inputs.decompress import decompressed
from dedup.inputs.protocol import Chunk, Copier, Entry, Fields, Passed, Sink
from dedup.pickling import by_fields
from dedup.storage import RemoteSink, is_url, open_read, refuse_in_place
from dedup.text.rewrite import cut

# Bytes of lines in a chunk: large enough that a chunk's round trip to a worker is
# cheap next to cleaning it, small enough that a 10 MB shard still keeps two busy.
CHUNK_BYTES = 1 << 20
# Bytes read at a time while an oversized line streams by, or is copied.
PIECE = 1 << 20


@by_fields
@dataclass(frozen=True, slots=True)
class Oversized:
    """A line longer than the limit, not read into memory: its number, where it starts
    in the (decompressed) shard and its size, newline included."""

    number: int
    offset: int
    size: int
    limit: int

    def message(self, path: str) -> str:
        return (
            f"{path}:{self.number}: a line of {self.size} bytes, more than --max-document-size "
            f"({self.limit} bytes)"
        )


class BadLine(Passed):
    """A line that is not a usable document; ``raw`` holds its bytes, or, for a line
    over the size limit, ``oversized`` says where it lies (``raw`` is then empty)."""

    def __init__(self, message: str, raw: bytes, oversized: Oversized | None = None) -> None:
        super().__init__(message, raw, oversized)


def bounded_lines(stream: IO[bytes], limit: int | None, first: int = 1) -> Iterator[bytes | Oversized]:
    """The lines of ``stream``, each at most ``limit`` bytes (newline included); a
    longer line comes as an :class:`Oversized`, read past in pieces, never whole.

    Example:
        >>> import io
        >>> list(bounded_lines(io.BytesIO(b"ab\\n" + b"x" * 9 + b"\\nc"), 4))
        [b'ab\\n', Oversized(number=2, offset=3, size=10, limit=4), b'c']
    """
    lines: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if limit is None:
        yield from lines
        return
    offset = 0
    for number in itertools.count(first):
        line = lines.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            offset += len(line)
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := lines.readline(PIECE)):
            size += len(line)
        yield Oversized(number, offset, size, limit)
        offset += size


def line_chunks(stream: IO[bytes], limit: int | None = None) -> Iterator[Chunk]:
    """The lines of a shard, about :data:`CHUNK_BYTES` at a time; a line over ``limit``
    bytes is a chunk of its own, which says where the line lies, without it."""
    size_of_chunk = CHUNK_BYTES
    if limit is None:
        lines: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
        first = 1
        while batch := lines.readlines(size_of_chunk):
            yield Chunk(first, batch)
            first += len(batch)
        return
    batch, size, first = [], 0, 1
    for line in bounded_lines(stream, limit):
        if isinstance(line, Oversized):
            if batch:
                yield Chunk(first, batch)
            yield Chunk(line.number, [], line)
            batch, size, first = [], 0, line.number + 1
            continue
        batch.append(line)
        size += len(line)
        if size >= size_of_chunk:
            yield Chunk(first, batch)
            first += len(batch)
            batch, size = [], 0
    if batch:
        yield Chunk(first, batch)


class LineCopier:
    """Copies oversized lines out of a second reading of the shard, in pieces, in
    order (the reading only goes forward: the whole costs one more decompression)."""

    def __init__(self, path: str, reopen: Callable[[], IO[bytes]]) -> None:
        self.path = path
        self.reopen = reopen
        self.stream: IO[bytes] | None = None
        self.position = 0

    def copy(self, line: Oversized, write: Callable[[bytes], None]) -> None:
        if self.stream is None:
            self.stream = self.reopen()
        self._read(line.offset - self.position, None)
        self._read(line.size, write)
        self.position = line.offset + line.size

    def _read(self, count: int, write: Callable[[bytes], None] | None) -> None:
        assert self.stream is not None
        while count > 0:
            piece = self.stream.read(min(count, PIECE))
            if not piece:
                raise InputError(f"{self.path}: changed while it was read (a line ended early); nothing written")
            count -= len(piece)
            if write is not None:
                write(piece)

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def open_compressed(path: str, mode: str = "rb", *, like: str | None = None) -> IO[bytes]:
    """Open a shard, (de)compressing by its suffix (``.gz``, ``.zst``), or by the
    suffix of ``like`` (a temporary file written for it); a URL is read through
    :mod:`dedup.storage`."""
    if "r" in mode:
        raw = open_read(path) if is_url(path) else open(path, "rb")  # noqa: SIM115  # closed with the stream
        return decompressed(path, raw, like=like)
    lower = (like or path).lower()
    if lower.endswith(".gz"):
        # The header names the final file, not the temporary one, and has no time.
        target = os.path.basename(like or path)
        handle = open(path, "wb")  # noqa: SIM115  # closed with the stream
        stream = gzip.GzipFile(filename=target, mode="wb", fileobj=handle, mtime=0)
        stream.myfileobj = handle  # type: ignore[assignment]  # so that closing it closes the file
        return stream  # type: ignore[return-value]
    if lower.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raise InputError(f"{path}: writing .zst needs the zstandard package (pip install 'dedup-text[zstd]')") from None
        return zstandard.ZstdCompressor().stream_writer(open(path, "wb"), closefd=True)
    return open(path, mode)


class LineFormat:
    """A shard of one document per line, plain or compressed by its suffix
    (``NAME.gz``, ``NAME.zst``). A subclass gives ``name``, ``suffixes`` and
    :meth:`parse` and :meth:`write`; a blank line, or one ``parse`` refuses, is passed
    through as it is."""

    name = "lines"
    suffixes: tuple[str, ...] = ()
    line_oriented = True

    def claims(self, path: str) -> bool:
        return path.lower().endswith(line_suffixes(self.suffixes))

    def open(self, path: str, mode: str = "rb", *, like: str | None = None) -> IO[bytes]:
        return open_compressed(path, mode, like=like)

    def chunks(self, stream: IO[bytes], limit: int | None) -> Iterator[Chunk]:
        return line_chunks(stream, limit)

    def consumed(self, stream: IO[bytes]) -> int:
        """How far into the file (compressed, as on disk) reading ``stream`` has got."""
        raw = getattr(stream, "compressed", None) or getattr(stream, "fileobj", None) or stream  # zstd, gzip, plain
        try:
            return int(raw.tell())
        except (OSError, ValueError, AttributeError):
            return 0

    def entries(self, path: str, chunk: Chunk, fields: Fields) -> Iterator[Entry | Passed]:
        if chunk.oversized is not None:
            yield BadLine(chunk.oversized.message(path), b"", chunk.oversized)
            return
        for number, raw in enumerate(chunk.lines, chunk.first):
            if not raw.strip():
                yield BadLine("", raw)
                continue
            yield self.parse(path, number, raw, fields)

    def parse(self, path: str, number: int, raw: bytes, fields: Fields) -> Entry | Passed:
        """Line ``number`` of ``path`` (not blank) as an entry, or passed through with
        a message saying why."""
        raise NotImplementedError

    def write(self, entry: Entry, text: str) -> bytes:
        """The entry's line with ``text`` for its text (its own bytes if unchanged)."""
        raise NotImplementedError

    def drop(self, data: bytes, spans: list[tuple[int, int]]) -> bytes:
        """``data`` (entries written one after another) without the entries at ``spans``."""
        return cut(data, spans)

    def copier(self, path: str, reopen: Callable[[], IO[bytes]]) -> Copier:
        return LineCopier(path, reopen)

    def sink(
        self,
        path: str,
        target: str | None = None,
        *,
        follow: bool = False,
        expect: Stamp | None = None,
        inside: str | None = None,
    ) -> Sink:
        if is_url(target) or (target is None and is_url(path)):
            if target is None:
                raise refuse_in_place(path)
            return RemoteSink(self, path, target)
        from dedup.inputs.sink import ShardSink

        return ShardSink(self, path, target, follow=follow, expect=expect, inside=inside)
