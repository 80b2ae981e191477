"""Reading a compressed shard (``.gz``, ``.zst``) so that damage is an input error.

A file that is no gzip at all, or that ends inside a gzip member, makes :mod:`gzip`
raise ``BadGzipFile`` or ``EOFError`` while it is read; ``zstandard``'s stream
reader raises ``ZstdError`` on garbage, and at a file cut inside a frame it just
stops, as if the shard ended there: a run then read half a shard without a word, and
``-i`` rewrote it as a valid, shorter one. Here every read goes through
:class:`_Checked`, which turns the decompressors' errors into one
:class:`~dedup.errors.InputError` naming the file, and zstd frames are decoded one
by one (:class:`_ZstdFrames`), so that a file ending inside one is said to be cut
short. An empty file is an empty shard, as it was.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import IO, Any, cast

from dedup.errors import InputError

PIECE = 1 << 16
"""Compressed bytes read at a time."""

_ZSTD_HINT = "reading .zst needs the zstandard package (pip install 'dedup-text[zstd]')"


def decompressed(path: str, raw: IO[bytes], *, like: str | None = None) -> IO[bytes]:
    """The stream ``raw`` of the shard at ``path``, decompressed as its name (or
    ``like``) says: ``raw`` itself when it names no compression, else a stream that
    closes ``raw`` with it, whose ``compressed`` attribute is ``raw`` (its ``tell``
    says how far the file is read)."""
    lower = (like or path).lower()
    errors: tuple[type[BaseException], ...] = ()  # the decoder's own, besides gzip's and EOF
    if lower.endswith(".gz"):
        inner: Any = gzip.GzipFile(fileobj=raw, mode="rb")
        what = "gzip"
    elif lower.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raw.close()
            raise InputError(f"{path}: {_ZSTD_HINT}") from None
        inner = zstandard.ZstdDecompressor().stream_reader(cast(IO[bytes], _ZstdFrames(raw)), read_across_frames=True, closefd=False)
        what, errors = "zstd", (zstandard.ZstdError,)
    else:
        return raw
    reader = io.BufferedReader(_Checked(inner, raw, path, what, errors))
    reader.compressed = raw  # type: ignore[attr-defined]
    return reader


class _Checked(io.RawIOBase):
    """``inner``'s bytes, its errors said as :class:`InputError` (one line)."""

    def __init__(self, inner: Any, raw: IO[bytes], path: str, what: str, errors: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self._inner, self._raw, self._path, self._what = inner, raw, path, what
        self._errors: tuple[type[BaseException], ...] = (EOFError, gzip.BadGzipFile, zlib.error, *errors)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            return int(self._inner.readinto(buffer))
        except self._errors as error:
            reason = str(error).split("\n")[0] or type(error).__name__
            raise InputError(f"{self._path}: not a whole {self._what} file ({reason}); nothing written") from None

    def close(self) -> None:
        if not self.closed:
            try:
                self._inner.close()
            finally:
                self._raw.close()
        super().close()


_ZSTD_MAGIC = 0xFD2FB528
_SKIPPABLE = 0x184D2A50  # to 0x184D2A5F: a frame of data no decoder reads


class _ZstdFrames(io.RawIOBase):
    """``raw``'s bytes as they are, read through; meanwhile the frames' layout (RFC
    8878: a frame's header, then blocks each saying its size, the last one marked,
    then a checksum if the header says so) is followed, without decoding anything,
    so that at the end of the file it is known whether a frame was left open, which
    raises ``EOFError``. Garbage is the decoder's to refuse (``ZstdError``)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._need = 4  # bytes to gather before the next decision
        self._have = b""  # those gathered so far
        self._state = "magic"
        self._skip = 0  # bytes to pass over (a block's content, a skippable frame)
        self._header = 0  # the frame header's flags
        self._checksum = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self._raw.read(min(len(buffer), PIECE))
        if not piece:
            if self._state != "magic" or self._have or self._skip:
                raise EOFError("the file ends inside a frame")
            return 0
        self._follow(memoryview(piece))
        size = len(piece)
        buffer[:size] = piece
        return size

    def _follow(self, data: memoryview) -> None:
        at = 0
        while at < len(data) and self._state != "garbage":
            if self._skip:
                step = min(self._skip, len(data) - at)
                self._skip -= step
                at += step
                continue
            step = min(self._need - len(self._have), len(data) - at)
            self._have += bytes(data[at : at + step])
            at += step
            if len(self._have) == self._need:
                gathered, self._have = self._have, b""
                self._decide(gathered)

    def _decide(self, gathered: bytes) -> None:
        """What the bytes gathered in the current state say comes next."""
        value = int.from_bytes(gathered, "little")
        if self._state == "magic":
            if value == _ZSTD_MAGIC:
                self._state, self._need = "descriptor", 1
            elif value & 0xFFFFFFF0 == _SKIPPABLE:
                self._state, self._need = "skippable", 4
            else:  # no frame: the decoder says what is wrong (what follows is not followed)
                self._state = "garbage"
        elif self._state == "skippable":
            self._state, self._need, self._skip = "magic", 4, value
        elif self._state == "descriptor":
            self._header = value
            size_flag, single = value >> 6, value >> 5 & 1
            window = 0 if single else 1
            dictionary = (0, 1, 2, 4)[value & 3]
            content = (single, 2, 4, 8)[size_flag]
            self._checksum = bool(value >> 2 & 1)
            rest = window + dictionary + content
            self._state, self._need = "block", 3
            self._skip = rest
        elif self._state == "block":
            last, kind, size = value & 1, value >> 1 & 3, value >> 3
            self._skip = 1 if kind == 1 else size
            if last:
                self._state, self._need = ("checksum", 4) if self._checksum else ("magic", 4)
        elif self._state == "checksum":
            self._state, self._need = "magic", 4
