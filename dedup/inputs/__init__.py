"""The formats a run reads and writes, and the one place that says which an input is.

An input is a plain file (one document, :mod:`dedup.inputs.plain`), standard input
(:mod:`dedup.inputs.stdin`), or a *shard* of many documents in one of the
:data:`FORMATS` (:mod:`dedup.inputs.protocol` says what a format provides). Adding a
format is one module and its line here.

Example:
    >>> shard_format("data/part-0001.jsonl.gz").name, shard_format("notes.txt")
    ('jsonl', None)
"""

from __future__ import annotations

from dedup.inputs.jsonl import JSONL
from dedup.inputs.parquet import PARQUET
from dedup.inputs.protocol import ShardFormat
from dedup.sources import STDIN

FORMATS: list[ShardFormat] = [
    JSONL,
    PARQUET,
]


def shard_format(path: str, declared: str = "auto") -> ShardFormat | None:
    """The shard format of the input ``path``, or None for a plain file (one
    document). Standard input (``-``) is what ``declared`` (``--input-format``)
    names, and plain text unless it names a format."""
    if path == STDIN:
        return next((f for f in FORMATS if f.name == declared), None)
    return next((f for f in FORMATS if f.claims(path)), None)
