"""What a shard format is: how a run reads documents out of an input that holds many
(with their positions) and writes them back, byte for byte where nothing changed.

A plain file is one document (:mod:`dedup.inputs.plain`); a *shard* holds many, and
its format is a :class:`ShardFormat`, found in the registry (:mod:`dedup.inputs`).
The run only ever talks to a shard through this protocol:

* the parent process splits the input into :class:`Chunk` s (cheap: bytes, no
  parsing), which go to the workers;
* a worker turns a chunk into :class:`Entry` s (a document: its position, its name,
  its text) and :class:`Passed` items (what is not a document, kept as it is),
  cleans the entries and writes each back with :meth:`ShardFormat.write`;
* the parent hands the written pieces, in order, to the format's :class:`Sink`
  (:class:`dedup.inputs.sink.ShardSink` for a line format), which makes the output
  file of them, or to stdout.

A position is whatever the format counts documents by: a line number for JSONL, a
row number for a columnar format. A columnar format (Parquet) fits the same way:
a chunk is a row group, an entry a row, its pieces are encoded rows (``drop``
leaves some out), and its sink writes them as row groups of a new file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

from dedup.atomic import Stamp
from dedup.errors import InputError


@dataclass(frozen=True, slots=True)
class Chunk:
    """Documents ``first, first + 1, ...`` (positions counted from 1) of a shard, as
    the format stores them (``lines``: a line format's raw lines); or, with
    ``oversized``, the one document at ``first`` that is over the size limit and is
    not held (the format says where it lies)."""

    first: int
    lines: list[bytes]
    oversized: Any = None


@dataclass(frozen=True, slots=True)
class Fields:
    """Where a document's text and name are, in formats with named fields."""

    text_key: str = "text"
    id_key: str = "id"


class Entry(Protocol):
    """One document of a shard: its position, its name, its text (the format keeps
    whatever else it needs to write it back)."""

    @property
    def position(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def text(self) -> str: ...


class Passed(InputError):
    """What a shard holds that is not a usable document, passed through as it is:
    ``raw`` its bytes, and why (an empty message: nothing to say, a blank line); or,
    with ``oversized``, where an item too large to hold lies (``raw`` is empty)."""

    def __init__(self, message: str, raw: bytes, oversized: Any = None) -> None:
        super().__init__(message)
        self.raw = raw
        self.oversized = oversized


class Sink(Protocol):
    """Where a shard's written pieces go, in order: made whole by :meth:`commit` (or
    not at all, on :meth:`abort`)."""

    def write(self, piece: bytes, changed: bool) -> None: ...

    def commit(self) -> None: ...

    def abort(self) -> None: ...


class Copier(Protocol):
    """Copies the documents too large to hold (a chunk's ``oversized``) out of a second
    reading of the shard, in pieces, in order."""

    def copy(self, oversized: Any, write: Callable[[bytes], None]) -> None: ...

    def close(self) -> None: ...


class ShardFormat(Protocol):
    """A format holding many documents in one input. Adding one: a module with a class
    that has these, and its line in :data:`dedup.inputs.FORMATS`."""

    name: str
    line_oriented: bool  # pieces are lines: a shard written to stdout after another starts on a new line

    def claims(self, path: str) -> bool:
        """Whether a file of this name is a shard of this format (by its suffix)."""
        ...

    def open(self, path: str, mode: str = "rb", *, like: str | None = None) -> IO[bytes]:
        """The file's stream (decompressed); for writing, compressed as ``like`` says."""
        ...

    def chunks(self, stream: IO[bytes], limit: int | None) -> Iterator[Chunk]:
        """The shard in chunks, in order; a document over ``limit`` bytes is a chunk
        of its own that does not hold it."""
        ...

    def consumed(self, stream: IO[bytes]) -> int:
        """How far into the file, in bytes as on disk, reading ``stream`` has got (the
        progress of a run counts these against the file's size)."""
        ...

    def entries(self, path: str, chunk: Chunk, fields: Fields) -> Iterator[Entry | Passed]:
        """A chunk's documents and passed-through items, in order."""
        ...

    def write(self, entry: Entry, text: str) -> bytes:
        """The entry as written back with ``text``; its own bytes if ``text`` is its text."""
        ...

    def drop(self, data: bytes, spans: list[tuple[int, int]]) -> bytes:
        """Written entries without those at ``spans`` (where each lies in ``data``)."""
        ...

    def copier(self, path: str, reopen: Callable[[], IO[bytes]]) -> Copier:
        """What copies this shard's oversized documents (``reopen``: a second reading)."""
        ...

    def sink(
        self,
        path: str,
        target: str | None = None,
        *,
        follow: bool = False,
        expect: Stamp | None = None,
        inside: str | None = None,
    ) -> Sink:
        """Where the shard at ``path`` is written back (``-i``: ``follow`` a link
        named by the user; ``expect``: as it was read), or copied to ``target``
        (``-o DIR``: ``inside`` it)."""
        ...
