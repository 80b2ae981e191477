"""Parquet shards: a document per row, its text in a string column (the format
:data:`PARQUET` in the registry, :mod:`dedup.inputs`). Needs pyarrow, the optional
extra ``dedup-text[parquet]``; pyarrow is imported only when a Parquet file is read.

A chunk is one row group, and holds only where it lies (the parent reads the footer,
nothing else); the worker that cleans it reads that row group's text and id columns
itself. A row is written back as a small *frame* (its row number, and its new text
if it changed; a dropped row writes nothing), and the sink (:class:`RowWriter`, under
:class:`dedup.inputs.sink.ShardSink`, so rewrites are atomic as for other shards)
reads each row group of the original again, keeps the rows that have frames, puts
the new texts in and writes it as a row group of the output: the schema, every other
column, the row order, the codec and the row groups are kept. Memory is bounded by
the largest row group (Parquet's unit of reading), whatever the file's size.

A document without an id is named ``PATH:rgG:R``: row ``R`` of row group ``G``,
both counted from 0 as pyarrow does (``ParquetFile(PATH).read_row_group(G)[R]``).
A missing or non-string text column, or a file that is not Parquet, fails the file;
a null text, or one over ``--max-document-size``, is a bad row (``--on-error``).
The pieces are not the file's bytes: a cleaned Parquet shard is written with
``-o DIR`` or ``-i``, never to standard output (``line_oriented`` is False). A shard
named by URL is read and written through :mod:`dedup.inputs.parquet_object`.
"""

from __future__ import annotations

import json
import os
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from dedup.atomic import Stamp
from dedup.errors import InputError
from dedup.inputs import declared
from dedup.inputs.protocol import (
    Chunk,
    Copier,
    Entry,
    Fields,
    Passed,
    ShardFormat,
    Sink,
)
from dedup.pickling import by_fields
from dedup.storage import is_url, refuse_in_place
from dedup.text.rewrite import cut

_DECLARED = declared("parquet")  # its name and suffix, in the registry
EXTRA = "pip install 'dedup-text[parquet]'"
_WHERE = struct.Struct(">qqq")  # a chunk: row group, its rows, the size limit (-1: none)
_FRAME = struct.Struct(">qqH")  # a row written back: row number, text bytes (-1: kept), key bytes
_CODECS = {"UNCOMPRESSED": "none", "LZ4_RAW": "lz4"}  # as the footer names them -> as pyarrow writes them


def _pyarrow(path: str) -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``, or a one-line error naming the extra."""
    try:
        import pyarrow  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow ({EXTRA})") from None
    return pyarrow, pyarrow.parquet


def _unreadable(path: str, error: BaseException) -> InputError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return InputError(f"{path}: not a readable Parquet file ({reason}); nothing written")


_OPEN = threading.local()  # each thread's last file, so that a footer is read once per file


def parquet_file(path: str) -> Any:
    """The file's ``pyarrow.parquet.ParquetFile`` (the footer read; kept, for this
    thread of this process, while the file is unchanged), or an :class:`InputError`
    saying why it cannot be read."""
    pa, pq = _pyarrow(path)
    if is_url(path):
        from dedup.inputs.parquet_object import object_file

        return object_file(path, pa, pq, _OPEN, _unreadable)
    try:
        info = os.stat(path)
        stamp = (path, os.getpid(), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        known = getattr(_OPEN, "last", None)
        if known is not None and known[0] == stamp:
            return known[1]
        _OPEN.last = None
        opened = pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (pa.ArrowException, OSError, ValueError) as error:
        raise _unreadable(path, error) from None
    _OPEN.last = (stamp, opened)
    return opened


def _column(schema: Any, key: str, path: str, *, text: bool) -> int:
    """The index of the top-level column ``key`` (-1 for a missing id column)."""
    names = list(schema.names)
    if names.count(key) > 1:
        raise InputError(f"{path}: {names.count(key)} columns are named {key!r}; nothing written")
    if key not in names:
        if not text:
            return -1
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        raise InputError(f"{path}: no column {key!r} (--text-key; it has: {shown}); nothing written")
    index = names.index(key)
    if text:
        import pyarrow

        kind = schema.field(index).type
        if not (pyarrow.types.is_string(kind) or pyarrow.types.is_large_string(kind) or str(kind) == "string_view"):
            raise InputError(f"{path}: column {key!r} is {kind}, not a string column (--text-key); nothing written")
    return index


@by_fields
@dataclass(frozen=True, slots=True)
class Row:
    """One row of a Parquet shard: its number in the file (from 1), its name, its
    text, the column that holds it, and where it lies (its row group and its row in
    it, both from 0; the reports show them)."""

    position: int
    name: str
    text: str
    key: str
    row_group: int = -1
    row: int = -1

    @property
    def place(self) -> tuple[int, int]:
        return self.row_group, self.row


def frame(row: int, text: str | None = None, key: str = "") -> bytes:
    """Row ``row`` (from 0) as written back: kept as it is, or with ``text`` in ``key``."""
    if text is None:
        return _FRAME.pack(row, -1, 0)
    data, name = text.encode("utf-8"), key.encode("utf-8")
    return _FRAME.pack(row, len(data), len(name)) + name + data


def frames(data: bytes) -> Iterator[tuple[int, str | None, str]]:
    """The rows ``data`` holds, in order: number (from 0), new text (None: kept), column."""
    offset = 0
    while offset < len(data):
        row, size, key_size = _FRAME.unpack_from(data, offset)
        offset += _FRAME.size
        if size < 0:
            yield row, None, ""
            continue
        key = data[offset : offset + key_size].decode("utf-8")
        offset += key_size
        yield row, data[offset : offset + size].decode("utf-8"), key
        offset += size


def _name(ident: Any, where: str) -> str:
    if isinstance(ident, str):
        return ident
    if ident is None:
        return where
    if isinstance(ident, bytes):
        return ident.decode("utf-8", "backslashreplace")
    return json.dumps(ident, default=str)


class ParquetFormat:
    """Parquet files (``.parquet``), a document per row."""

    name, line_oriented = _DECLARED.name, _DECLARED.line_oriented  # False: pieces are frames, not the file's bytes: no stdout

    def claims(self, path: str) -> bool:
        return _DECLARED.claims(path)

    def open(self, path: str, mode: str = "rb", *, like: str | None = None) -> IO[bytes]:
        if "r" not in mode:
            raise ValueError("a Parquet shard is written through its sink")
        parquet_file(path)  # pyarrow there, and the footer readable: else one line now
        if is_url(path):
            from dedup.inputs.parquet_object import open_object

            return open_object(path)
        return open(path, "rb")

    def chunks(self, stream: IO[bytes], limit: int | None) -> Iterator[Chunk]:
        path = str(getattr(stream, "dedup_path", None) or getattr(stream, "name", "<parquet>"))
        meta = parquet_file(path).metadata
        first, read = 1, 4  # the magic number before the first row group
        for group in range(meta.num_row_groups):
            info = meta.row_group(group)
            read += sum(info.column(c).total_compressed_size for c in range(info.num_columns))
            stream.dedup_read = read if group + 1 < meta.num_row_groups else getattr(stream, "dedup_size", 0) or os.path.getsize(path)  # type: ignore[attr-defined]
            yield Chunk(first, [_WHERE.pack(group, info.num_rows, -1 if limit is None else limit)])
            first += info.num_rows

    def consumed(self, stream: IO[bytes]) -> int:
        return int(getattr(stream, "dedup_read", 0))

    def entries(self, path: str, chunk: Chunk, fields: Fields) -> Iterator[Entry | Passed]:
        pa, _ = _pyarrow(path)
        import pyarrow.compute  # type: ignore[import-untyped]

        group, rows, limit = _WHERE.unpack(chunk.lines[0])
        opened = parquet_file(path)
        schema = opened.schema_arrow
        text_at = _column(schema, fields.text_key, path, text=True)
        id_at = _column(schema, fields.id_key, path, text=False) if fields.id_key != fields.text_key else text_at
        columns = [fields.text_key] + ([fields.id_key] if id_at not in (-1, text_at) else [])
        try:
            table = opened.read_row_group(group, columns=columns)
            column = table.column(fields.text_key)
            texts = column.to_pylist()
            if str(column.type) == "string_view":  # (binary_length has no kernel for it)
                column = column.cast(pa.large_string())
            sizes = pyarrow.compute.binary_length(column).to_pylist()
            ids = table.column(fields.id_key).to_pylist() if id_at != -1 else [None] * len(texts)
        except (pa.ArrowException, OSError, ValueError) as error:  # a corrupt page, bad UTF-8
            raise _unreadable(f"{path}: row group {group}", error) from None
        if len(texts) != rows:
            raise InputError(f"{path}: row group {group} changed while it was read; nothing written")
        for r, (text, size, ident) in enumerate(zip(texts, sizes, ids, strict=True)):
            number = chunk.first + r
            where = f"{path}: row group {group}, row {r}"
            if text is None:
                yield Passed(f"{where}: {fields.text_key!r} is null, not a string", frame(number - 1))
            elif limit >= 0 and size > limit:
                message = f"{where}: a text of {size} bytes, more than --max-document-size ({limit} bytes)"
                yield Passed(message, frame(number - 1))
            else:
                yield Row(number, _name(ident, f"{path}:rg{group}:{r}"), text, fields.text_key, group, r)

    def write(self, entry: Entry, text: str) -> bytes:
        assert isinstance(entry, Row)
        if text == entry.text:
            return frame(entry.position - 1)
        return frame(entry.position - 1, text, entry.key)

    def drop(self, data: bytes, spans: list[tuple[int, int]]) -> bytes:
        return cut(data, spans)

    def copier(self, path: str, reopen: Callable[[], IO[bytes]]) -> Copier:
        return _NoCopier()

    def sink(
        self,
        path: str,
        target: str | None = None,
        *,
        follow: bool = False,
        expect: Stamp | None = None,
        inside: str | None = None,
    ) -> Sink:
        from typing import cast

        from dedup.inputs.sink import ShardSink

        writing = cast(ShardFormat, _Rewriting(path))
        if is_url(target) or (target is None and is_url(path)):
            if target is None:
                raise refuse_in_place(path)
            from dedup.inputs.parquet_object import RemoteRowSink

            return RemoteRowSink(writing, path, target)

        class RowSink(ShardSink):
            """A shard sink whose writer is told, at the end, whether anything changed:
            if not, the file it would write is not used (``-i`` keeps the original,
            ``-o`` copies it), so it writes nothing it put off."""

            def commit(self) -> None:
                self.stream.unused = not self.changed  # type: ignore[attr-defined]
                super().commit()

            def abort(self) -> None:
                self.stream.unused = True  # type: ignore[attr-defined]
                super().abort()

        return RowSink(writing, path, target, follow=follow, expect=expect, inside=inside)


class _NoCopier:
    """A row too large to hold is a bad row (passed through as a frame), never a
    chunk of its own: there is nothing to copy."""

    def copy(self, oversized: Any, write: Callable[[bytes], None]) -> None:
        raise AssertionError("a Parquet chunk is never oversized")

    def close(self) -> None:
        pass


class _Rewriting:
    """What :class:`ShardSink` needs of a format to write: the stream of its temporary
    file, here a :class:`RowWriter` that rebuilds the shard from ``source``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def open(self, path: str, mode: str = "wb", *, like: str | None = None) -> IO[bytes]:
        return RowWriter(self.source, path)  # type: ignore[return-value]


class RowWriter:
    """Writes the frames of a shard, in order, as a Parquet file at ``path``: each row
    group of ``source`` with the rows that have frames, their new texts put in.

    Leading row groups with every row kept as it is are put off (not read, not
    written) until a row group that changed comes; if none does and the file is not
    used (``unused``, set by the sink before closing), they never are."""

    def __init__(self, source: str, path: str) -> None:
        pa, pq = _pyarrow(source)
        self.pa = pa
        self.original = parquet_file(source)
        meta = self.original.metadata
        self.starts = [0]
        for group in range(meta.num_row_groups):
            self.starts.append(self.starts[-1] + meta.row_group(group).num_rows)
        codecs: dict[str, str] = {}
        if meta.num_row_groups:
            info = meta.row_group(0)
            for c in range(info.num_columns):
                column = info.column(c)
                codecs[column.path_in_schema] = _CODECS.get(column.compression, column.compression.lower())
        compression: Any = "snappy"
        if codecs:
            compression = next(iter(codecs.values())) if len(set(codecs.values())) == 1 else codecs
        self.writer = pq.ParquetWriter(
            path, self.original.schema_arrow, compression=compression, version=meta.format_version
        )
        self.group = -1
        self.rows: list[tuple[int, str | None, str]] = []  # of the row group being gathered
        self.put_off = 0  # leading row groups, whole and unchanged, not written yet
        self.started = False  # whether anything was written
        self.unused = False
        self.closed = False

    def write(self, piece: bytes) -> int:
        for row, text, key in frames(piece):
            group = self._group_of(row)
            if group != self.group:
                self._flush()
                self.group = group
            self.rows.append((row - self.starts[group], text, key))
        return len(piece)

    def _group_of(self, row: int) -> int:
        group = max(self.group, 0)
        while row >= self.starts[group + 1]:
            group += 1
        return group

    def _flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        whole = len(rows) == self.starts[self.group + 1] - self.starts[self.group]
        if not self.started and self.group == self.put_off and whole and all(t is None for _, t, _ in rows):
            self.put_off += 1
            return
        self._start()
        pa = self.pa
        table = self.original.read_row_group(self.group)
        if len(rows) != table.num_rows:
            table = table.take(pa.array([r for r, _, _ in rows], type=pa.int64()))
        for key in {key for _, text, key in rows if text is not None}:
            at = table.schema.get_field_index(key)
            values = table.column(at).to_pylist()
            for k, (_, text, name) in enumerate(rows):
                if text is not None and name == key:
                    values[k] = text
            field = table.schema.field(at)
            table = table.set_column(at, field, pa.array(values, type=field.type))
        self.writer.write_table(table, row_group_size=max(1, table.num_rows))

    def _start(self) -> None:
        """Write the row groups put off, before anything else."""
        if self.started:
            return
        self.started = True
        for group in range(self.put_off):
            table = self.original.read_row_group(group)
            self.writer.write_table(table, row_group_size=max(1, table.num_rows))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            if not self.unused:
                self._flush()
                self._start()
        finally:
            self.writer.close()


PARQUET = ParquetFormat()
