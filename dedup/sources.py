"""Reading documents: bytes in, decoded text out, or one clear error.

Text is decoded strictly, so that writing it back with the same encoding gives the
same bytes; a UTF-8 byte order mark is kept as the character U+FEFF.

A document is at most ``--max-document-size`` bytes (:data:`MAX_DOCUMENT_SIZE` by
default): a larger regular file is refused by its size, before it is read; a device
or a FIFO, which has no size, is read up to one byte past the limit. Either way the
memory a document takes is bounded, and the refusal is one line.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass

from dedup.errors import BinaryInputError, InputError, OutputError

STDIN = "-"
# UTF-16 and UTF-32 byte order marks: such a file is text, though it holds NUL bytes.
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SNIFF = 8192
# The default bound on a document: a file, or one line of a JSONL shard.
MAX_DOCUMENT_SIZE = 64 << 20
# Codecs whose bytes for a character depend on what comes before it.
_STATEFUL = frozenset({"utf-7", "utf_7", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004",
                       "iso2022_jp_3", "iso2022_jp_ext", "iso2022_kr", "hz", "punycode", "idna"})


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input: where it came from, its text and its encoding, and its bytes as
    read (``data``) when the text does not give them back.

    A text that encodes back to its bytes (UTF-8, UTF-16 and UTF-32, and any codec
    that round-trips) does not keep them: they would weigh once more the file's size
    through the whole cleaning (issue 14, item 6); :meth:`original` makes them again.
    """

    name: str
    data: bytes | None  # None: ``text`` encodes back to the bytes read
    text: str
    encoding: str
    errors: str = "strict"  # "surrogatepass" for JSONL texts, which may hold lone surrogates
    # False when encoding ``text`` would not give ``data`` back (a stateful codec, or two
    # byte sequences for one character): the kept bytes are then cut from ``data``.
    round_trips: bool = True
    size: int | None = None  # bytes read, when ``data`` is not kept (None: as many as ``original``)

    def original(self) -> bytes:
        """The bytes as read."""
        return self.data if self.data is not None else self.text.encode(self.encoding, self.errors)

    def read_size(self) -> int:
        """How many bytes were read."""
        if self.data is not None:
            return len(self.data)
        return self.size if self.size is not None else len(self.original())

    def encode(self, text: str, removed: Iterable[tuple[int, int]] = ()) -> bytes:
        """The bytes of ``text``: this document's text with the character spans
        ``removed`` cut out (or otherwise changed, if the codec round-trips).

        Example:
            >>> doc = decode("a.txt", b"\\x87\\x90\\n\\nx\\n\\nx\\n", "cp932")  # NEC's ≒, also 0x81E0
            >>> doc.round_trips, doc.text
            (False, '≒\\n\\nx\\n\\nx\\n')
            >>> doc.encode("≒\\n\\nx\\n", [(5, 8)])
            b'\\x87\\x90\\n\\nx\\n'
        """
        if self.round_trips:
            return text.encode(self.encoding, self.errors)
        return _splice(self, text, sorted(removed))


def read_path(path: str, limit: int | None = MAX_DOCUMENT_SIZE) -> bytes:
    """The bytes of ``path``, or an :class:`InputError` saying why not; more than
    ``limit`` bytes (None: no limit) is such an error, found without reading them."""
    return read_stamped(path, limit=limit)[0]


def read_stamped(
    path: str, *, follow: bool = True, limit: int | None = MAX_DOCUMENT_SIZE
) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` and the status of the descriptor they were read from (to
    tell, before a rewrite, whether the file changed since). Without ``follow``, a
    symbolic link or anything but a regular file is refused (a file the walk found,
    replaced since). More than ``limit`` bytes (None: no limit) is an
    :class:`InputError`, found without reading them."""
    # O_NONBLOCK: a FIFO put in the file's place must not hang the open
    extra = 0 if follow else getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | extra)) as handle:
            info = os.fstat(handle.fileno())
            regular = stat.S_ISREG(info.st_mode)
            if not follow and not regular:
                raise InputError(f"{path}: not a regular file now (the walk found one); not read")
            if limit is not None and regular and info.st_size > limit:
                raise InputError(f"{path}: {info.st_size} bytes, more than --max-document-size ({limit} bytes); skipped")
            # /dev/null reads as empty; /dev/zero, /dev/urandom or a FIFO may not end: read
            # one byte past the limit (a regular file that grew since is caught so too).
            if limit is None:
                data = handle.read()
            else:  # a regular file: its size (and a byte to see it grow), as read() would
                data = handle.read(min(info.st_size, limit) + 1 if regular else limit + 1)
                if len(data) <= limit and regular and len(data) > info.st_size:
                    data += handle.read(limit + 1 - len(data))
            if limit is not None and len(data) > limit:
                raise InputError(f"{path}: more than --max-document-size ({limit} bytes) to read; skipped")
            return data, info
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; pass the files in it") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        if not follow and os.path.islink(path):
            raise InputError(f"{path}: is a symbolic link now (the walk found a file); not read") from None
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"byte {offset} (line {line}, column {column})"


def _wide_encoding(data: bytes) -> str | None:
    for bom, name in zip(_WIDE_BOMS, ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"), strict=True):
        if data.startswith(bom):
            return name
    return None


def _faithful_codec(name: str, data: bytes, encoding: str) -> str:
    """The codec that reads ``data`` in ``encoding`` and writes it back byte for byte.

    Codecs that add or drop a byte order mark (``utf-8-sig``, ``utf-16``, ``utf-32``)
    are replaced by their fixed-order forms, which keep a mark as the character U+FEFF.
    """
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{encoding!r} is not a text encoding")
    if info.name == "utf-8-sig":
        return "utf-8"
    if info.name in ("utf-16", "utf-32"):
        return _wide_encoding(data) or f"{info.name}-le"
    return info.name


def decode(name: str, data: bytes, encoding: str | None = None) -> Document:
    """Decode ``data`` read from ``name``.

    Without ``encoding``, the text must be UTF-8, or UTF-16/32 with a byte order mark.
    Data with a NUL byte in its first 8 KiB is taken for binary and refused, whatever
    the encoding, unless it is UTF-16 or UTF-32.

    Example:
        >>> decode("a.txt", b"caf\\xc3\\xa9\\r\\n").text
        'café\\r\\n'
        >>> decode("b.bin", b"\\x89PNG\\x00\\x00")
        Traceback (most recent call last):
        ...
        dedup.errors.BinaryInputError: b.bin: looks binary (NUL byte at byte 4 (line 1, column 5)); skipped
    """
    if encoding is None:
        encoding = _wide_encoding(data) or "utf-8"
    else:
        encoding = _faithful_codec(name, data, encoding)
    if not encoding.startswith(("utf-16", "utf-32")):  # the only text with NUL bytes
        nul = data.find(b"\x00", 0, _SNIFF)
        if nul >= 0:
            raise BinaryInputError(f"{name}: looks binary (NUL byte at {_position(data, nul)}); skipped")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        label = "UTF-8" if encoding == "utf-8" else encoding
        hint = "; pass --encoding to read another encoding" if label == "UTF-8" else ""
        raise InputError(f"{name}: not valid {label} at {_position(data, error.start)}{hint}") from None
    except UnicodeError as error:  # codecs such as idna and punycode raise the base class
        reason = " ".join(str(error).split())  # one line, whatever the codec says
        raise InputError(f"{name}: cannot be read as {encoding}: {reason}") from None
    # the UTF codecs round-trip by construction; another is checked
    if encoding.startswith(("utf-8", "utf-16", "utf-32")) or _round_trips(data, text, encoding):
        return Document(name, None, text, encoding, size=len(data))
    return Document(name, data, text, encoding, round_trips=False)


def _round_trips(data: bytes, text: str, encoding: str) -> bool:
    """Whether encoding any part of ``text`` gives that part's bytes in ``data``."""
    if encoding in _STATEFUL:  # the whole may round-trip, a part need not
        return False
    try:
        return text.encode(encoding) == data
    except UnicodeError:
        return False


def _splice(document: Document, text: str, removed: list[tuple[int, int]]) -> bytes:
    """``document.data`` with the bytes of the ``removed`` character spans cut out; an
    :class:`OutputError` unless that decodes to ``text`` and the report's byte offsets
    (counted by encoding the text) are the true ones."""
    assert document.data is not None  # (kept when the text does not round-trip)
    points = sorted({p for span in removed for p in span})
    at = _byte_positions(document.data, document.encoding, points)
    if at is not None and at == _encoded_positions(document.text, document.encoding, points):
        pieces, position = [], 0
        for start, end in removed:
            pieces.append(document.data[position : at[start]])
            position = max(position, at[end])
        pieces.append(document.data[position:])
        spliced = b"".join(pieces)
        try:
            if spliced.decode(document.encoding) == text:
                return spliced
        except UnicodeError:
            pass
    raise OutputError(
        f"{document.name}: as {document.encoding}, the repeats cannot be cut out of the original bytes "
        "(the codec does not write the kept text back as it was); nothing written"
    )


def _byte_positions(data: bytes, encoding: str, points: list[int]) -> dict[int, int] | None:
    """The byte offset in ``data`` at which each character offset in ``points`` (sorted)
    begins, found by decoding; None if one falls inside a character's bytes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    result: dict[int, int] = {}
    chars = position = 0
    for point in points:
        while chars < point and position < len(data):
            # Most codecs give at most one character per byte: this does not overshoot.
            step = data[position : position + point - chars]
            chars += len(decoder.decode(step))
            position += len(step)
        pending = decoder.getstate()[0]
        if chars != point or not isinstance(pending, bytes):
            return None
        result[point] = position - len(pending)
    return result


def _encoded_positions(text: str, encoding: str, points: list[int]) -> dict[int, int] | None:
    """The byte offset of each character offset when ``text`` is encoded (what the
    report counts)."""
    encoder = codecs.getincrementalencoder(encoding)()
    result: dict[int, int] = {}
    count = position = 0
    try:
        for point in points:
            count += len(encoder.encode(text[position:point]))
            position = point
            result[point] = count
    except UnicodeError:
        return None
    return result


def load(path: str, encoding: str | None = None, limit: int | None = MAX_DOCUMENT_SIZE) -> Document:
    """Read and decode the file at ``path`` (at most ``limit`` bytes)."""
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory; pass the files in it")
    return decode(path, read_path(path, limit), encoding)
