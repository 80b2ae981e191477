"""JSONL shards: one JSON document per line, plain, gzip or zstd.

Reading keeps each line's bytes; writing a document back splices the new text into
the original line, so every other field keeps its bytes and its key order, and a
line whose text did not change is written back byte for byte.

Lines are read in bounded pieces (:func:`bounded_lines`): a line longer than the
limit (``--max-document-size``) is never held; it is measured as it streams by and
becomes an :class:`Oversized` line, which a run fails on or passes through by
copying it, piece by piece, from a second reading of the shard (:class:`LineCopier`).
A decompression bomb (a small ``.zst`` of one line of gigabytes) costs time in
proportion to its decompressed size, and memory in proportion to the limit.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from dedup.errors import InputError
from dedup.pickling import by_fields

_WHITESPACE = " \t\n\r"
_BOM = "\ufeff"


class _Digits:
    """An integer with more digits than Python converts to ``int`` (4,300 by default):
    kept as its digits, so that such an id names its document as written."""

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = digits


def _parse_int(digits: str) -> int | _Digits:
    try:
        return int(digits)
    except ValueError:  # over sys.get_int_max_str_digits()
        return _Digits(digits)


_DECODER = json.JSONDecoder(parse_int=_parse_int)


def _name(ident: Any, where: str) -> str:
    """A document's name from its id value: a string as it is, a number by its digits,
    another value as JSON, no id as ``PATH:LINE``."""
    if isinstance(ident, str):
        return ident
    if ident is None:
        return where
    if isinstance(ident, _Digits):
        return ident.digits
    return json.dumps(ident, default=lambda value: value.digits)


def _type_name(value: Any) -> str:
    return "int" if isinstance(value, _Digits) else type(value).__name__


@by_fields
@dataclass(frozen=True, slots=True)
class Record:
    """One line of a shard: its number, its bytes, and where its text value lies."""

    number: int
    raw: bytes
    ident: str
    text: str
    span: tuple[int, int]  # the text value's JSON literal, as offsets into the decoded line

    def with_text(self, text: str) -> bytes:
        """The line with its text value replaced by ``text``; the same bytes if equal."""
        if text == self.text:
            return self.raw
        line = self.raw.decode("utf-8")
        literal = line[self.span[0] : self.span[1]]
        ascii_only = literal.isascii() and "\\u" in literal
        new = json.dumps(text, ensure_ascii=ascii_only)
        try:
            return (line[: self.span[0]] + new + line[self.span[1] :]).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (valid JSON as an escape) stays escaped
            new = json.dumps(text, ensure_ascii=True)
            return (line[: self.span[0]] + new + line[self.span[1] :]).encode("utf-8")


def open_shard(path: str, mode: str = "rb", *, like: str | None = None) -> IO[bytes]:
    """Open a shard, (de)compressing by its suffix, or by the suffix of ``like``."""
    lower = (like or path).lower()
    if lower.endswith(".gz"):
        if "w" in mode:
            # The header names the final file, not the temporary one, and has no time.
            target = os.path.basename(like or path)
            handle = open(path, "wb")
            stream = gzip.GzipFile(filename=target, mode="wb", fileobj=handle, mtime=0)
            stream.myfileobj = handle  # type: ignore[assignment]  # so that closing it closes the file
            return stream  # type: ignore[return-value]
        return gzip.open(path, mode)  # type: ignore[return-value]
    if lower.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raise InputError(f"{path}: reading .zst needs the zstandard package (pip install 'dedup-text[zstd]')") from None
        if "r" in mode:
            return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)
        return zstandard.ZstdCompressor().stream_writer(open(path, "wb"), closefd=True)
    return open(path, mode)


def _top_level(
    line: str, text_key: str, id_key: str, spans: bool = True, bom: bool = False
) -> tuple[Any, Any, tuple[int, int] | None]:
    """Parse a JSON object line; return its text value, its id value and the text's
    span (without ``spans``, ``(0, 0)`` for any text value: a check, not a splice).
    With ``bom`` (a file's first line), a leading byte order mark is passed over; it
    stays in the line, so that the line is written back with it."""
    start = 1 if bom and line.startswith(_BOM) else 0
    position = len(line) - len(line[start:].lstrip(_WHITESPACE))
    if not line.startswith("{", position):
        raise ValueError("not a JSON object")
    obj, end = _DECODER.raw_decode(line, position)
    if line[end:].strip(_WHITESPACE):
        raise ValueError("extra data after the object")
    if not spans:
        return obj.get(text_key), obj.get(id_key), (0, 0) if text_key in obj else None
    # Walk the keys again to find where the (last, as json does) text value lies.
    span = None
    position += 1
    while True:
        while line[position] in _WHITESPACE:
            position += 1
        if line[position] == "}":
            break
        key, position = json.decoder.scanstring(line, position + 1)  # type: ignore[attr-defined]
        while line[position] in _WHITESPACE + ":":
            position += 1
        _, value_end = _DECODER.raw_decode(line, position)
        if key == text_key:
            span = (position, value_end)
        position = value_end
        while line[position] in _WHITESPACE:
            position += 1
        if line[position] == ",":
            position += 1
    return obj.get(text_key), obj.get(id_key), span


class BadLine(InputError):
    """A line that is not a usable document; ``raw`` holds its bytes, or, for a line
    over the size limit, ``oversized`` says where it lies (``raw`` is then empty)."""

    def __init__(self, message: str, raw: bytes, oversized: Oversized | None = None) -> None:
        super().__init__(message)
        self.raw = raw
        self.oversized = oversized


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


# Bytes read at a time while an oversized line streams by, or is copied.
PIECE = 1 << 20


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


def read_records(
    path: str,
    stream: IO[bytes],
    *,
    text_key: str = "text",
    id_key: str = "id",
    spans: bool = True,
    limit: int | None = None,
) -> Iterator[Record | BadLine]:
    """Each line of a shard as a :class:`Record`, or a :class:`BadLine` (the caller
    decides whether to fail or skip). Blank lines come back as bad lines too, so that
    a rewritten shard keeps them; they are never reported. Without ``spans`` the
    records only say the line is good (about a third faster: a check before writing).
    A line over ``limit`` bytes is a bad line that says where it lies (``oversized``)."""
    return records(path, bounded_lines(stream, limit), text_key=text_key, id_key=id_key, spans=spans)


def records(
    path: str,
    lines: Iterable[bytes | Oversized],
    *,
    first: int = 1,
    text_key: str = "text",
    id_key: str = "id",
    spans: bool = True,
) -> Iterator[Record | BadLine]:
    """:func:`read_records` over lines already read, the first of them numbered ``first``."""
    for number, raw in enumerate(lines, first):
        if isinstance(raw, Oversized):
            yield BadLine(raw.message(path), b"", raw)
            continue
        if not raw.strip():
            yield BadLine("", raw)
            continue
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield BadLine(f"{where}: not valid UTF-8 at byte {error.start} of the line", raw)
            continue
        try:
            text, ident, span = _top_level(line, text_key, id_key, spans, bom=number == 1)
            name = _name(ident, where)
        except (ValueError, IndexError) as error:
            yield BadLine(f"{where}: malformed JSON line ({str(error).split(':')[0]})", raw)
            continue
        except RecursionError:  # the C scanner's bound on nesting, per line: not fatal
            yield BadLine(f"{where}: malformed JSON line (nested too deeply: more levels than Python's recursion limit)", raw)
            continue
        if span is None:
            yield BadLine(f"{where}: no {text_key!r} key", raw)
            continue
        if not isinstance(text, str):
            yield BadLine(f"{where}: {text_key!r} is {_type_name(text)}, not a string", raw)
            continue
        yield Record(number, raw, name, text, span)
