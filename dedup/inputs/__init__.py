"""The formats a run reads and writes, and the one place that says which an input is.

An input is a plain file (one document, :mod:`dedup.inputs.plain`), standard input
(:mod:`dedup.inputs.stdin`), or a *shard* of many documents in one of the
:data:`FORMATS` (:mod:`dedup.inputs.protocol` says what a format provides). Adding a
format is one module and its line here.

This package's own formats are lines of :class:`Declared`: their names, the files they
claim and whether their pieces are lines are said here, and each format's module is
imported only when a run meets one of its shards (a run over text files loads none).

Example:
    >>> shard_format("data/part-0001.jsonl.gz").name, shard_format("notes.txt")
    ('jsonl', None)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from dedup.sources import STDIN

if TYPE_CHECKING:
    from dedup.inputs.protocol import ShardFormat

COMPRESSIONS = ("", ".gz", ".zst")
"""How a line format's file may be compressed, by its suffix (:mod:`dedup.inputs.lines`)."""


def line_suffixes(suffixes: tuple[str, ...]) -> tuple[str, ...]:
    """The names a line format with these suffixes claims: plain or compressed."""
    return tuple(s + z for s in suffixes for z in COMPRESSIONS)


class Declared:
    """A format of this package as its registry line: ``name``, the file ``suffixes`` it
    claims (a line format's compressed too) and whether it is made of ``lines``; the
    format itself, ``attribute`` of ``module``, takes these from here and is imported on
    :meth:`load`."""

    __slots__ = ("attribute", "claimed", "line_oriented", "module", "name", "suffixes")

    def __init__(self, name: str, module: str, attribute: str, suffixes: tuple[str, ...], *, lines: bool) -> None:
        self.name, self.module, self.attribute, self.suffixes = name, module, attribute, suffixes
        self.line_oriented = lines  # as ShardFormat.line_oriented
        self.claimed = line_suffixes(suffixes) if lines else suffixes

    def claims(self, path: str) -> bool:
        return path.lower().endswith(self.claimed)

    def load(self) -> ShardFormat:
        found: ShardFormat = getattr(importlib.import_module(self.module), self.attribute)
        return found


FORMATS: list[ShardFormat | Declared] = [
    Declared("jsonl", "dedup.inputs.jsonl", "JSONL", (".jsonl", ".ndjson"), lines=True),
    Declared("parquet", "dedup.inputs.parquet", "PARQUET", (".parquet",), lines=False),
]
"""The shard formats: a format object (:class:`dedup.inputs.protocol.ShardFormat`), or
the :class:`Declared` line of one of this package's."""


def declared(name: str) -> Declared:
    """This package's registry line for the format ``name``."""
    return next(f for f in FORMATS if isinstance(f, Declared) and f.name == name)


def shard_format(path: str, declared: str = "auto") -> ShardFormat | None:
    """The shard format of the input ``path``, or None for a plain file (one
    document). Standard input (``-``) is what ``declared`` (``--input-format``)
    names, and plain text unless it names a format."""
    if path == STDIN:
        found = next((f for f in FORMATS if f.name == declared), None)
    else:
        found = next((f for f in FORMATS if f.claims(path)), None)
    return found.load() if isinstance(found, Declared) else found
