"""JSONL shards: one JSON document per line, plain, gzip or zstd.

Reading keeps each line's bytes; writing a document back splices the new text into
the original line, so every other field keeps its bytes and its key order, and a
line whose text did not change is written back byte for byte.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from dedup.errors import InputError
from dedup.pickling import by_fields

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


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
    line: str, text_key: str, id_key: str, spans: bool = True
) -> tuple[Any, Any, tuple[int, int] | None]:
    """Parse a JSON object line; return its text value, its id value and the text's
    span (without ``spans``, ``(0, 0)`` for any text value: a check, not a splice)."""
    position = len(line) - len(line.lstrip(_WHITESPACE))
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
    """A line that is not a usable document; ``raw`` holds its bytes."""

    def __init__(self, message: str, raw: bytes) -> None:
        super().__init__(message)
        self.raw = raw


def read_records(
    path: str, stream: IO[bytes], *, text_key: str = "text", id_key: str = "id", spans: bool = True
) -> Iterator[Record | BadLine]:
    """Each line of a shard as a :class:`Record`, or a :class:`BadLine` (the caller
    decides whether to fail or skip). Blank lines come back as bad lines too, so that
    a rewritten shard keeps them; they are never reported. Without ``spans`` the
    records only say the line is good (about a third faster: a check before writing)."""
    lines: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    return records(path, lines, text_key=text_key, id_key=id_key, spans=spans)


def records(
    path: str,
    lines: Iterable[bytes],
    *,
    first: int = 1,
    text_key: str = "text",
    id_key: str = "id",
    spans: bool = True,
) -> Iterator[Record | BadLine]:
    """:func:`read_records` over lines already read, the first of them numbered ``first``."""
    for number, raw in enumerate(lines, first):
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
            text, ident, span = _top_level(line, text_key, id_key, spans)
        except (ValueError, IndexError) as error:
            yield BadLine(f"{where}: malformed JSON line ({str(error).split(':')[0]})", raw)
            continue
        if span is None:
            yield BadLine(f"{where}: no {text_key!r} key", raw)
            continue
        if not isinstance(text, str):
            yield BadLine(f"{where}: {text_key!r} is {type(text).__name__}, not a string", raw)
            continue
        name = ident if isinstance(ident, str) else where if ident is None else json.dumps(ident)
        yield Record(number, raw, name, text, span)
