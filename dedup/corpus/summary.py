"""What a worker tells the corpus memory of a document it cleaned: each paragraph's
digest, size and place in the original document (:class:`Summary`), and where a
paragraph first occurred (:class:`Occurrence`).

:func:`summarize` runs in the worker, next to the cleaning; the corpus memory
(:mod:`dedup.corpus.memory`, or an index) then needs only the summary.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dedup.config import Config
from dedup.native import core
from dedup.pickling import by_fields
from dedup.result import Result
from dedup.text.engine import Origin
from dedup.text.layout import Layout, line_starts
from dedup.text.normalize import Normal, size
from dedup.text.rewrite import Edge, edge


def digest(normal: Normal) -> bytes:
    """A stable 8-byte fingerprint of a normal form (the same in every process)."""
    return hashlib.blake2b(normal.text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


@by_fields
@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a paragraph stands in a document: lines (1-based) and characters."""

    document: str
    line_start: int
    line_end: int
    start: int
    end: int


@by_fields
@dataclass(frozen=True, slots=True)
class Summary:
    """A cleaned document's paragraphs: digests, sizes, protection, positions in the
    original document as ``(line_start, line_end, start, end)``, and what cutting
    each out of the cleaned text takes (:func:`dedup.text.rewrite.edge`); and a hash
    of the original (an index keeps it)."""

    digests: list[bytes]
    sizes: list[int]
    positions: list[tuple[int, int, int, int]]
    protected: list[bool] | None
    edges: list[Edge] = field(default_factory=list)
    content_hash: bytes = b""


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Disjoint, sorted spans covering the given ones (findings may nest)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def origin_of(original: str, result: Result) -> Origin:
    """Where each position of the cleaned text stands in the original."""
    origin = Origin(len(original))
    origin.remove(_union((f.start, f.end) for f in result.findings))
    return origin


def summarize(original: str, result: Result, lay: Layout, forms: Sequence[Normal], config: Config) -> Summary:
    """What the corpus memory needs to know of a cleaned document (run in the worker)."""
    origin = origin_of(original, result)
    starts = line_starts(original)
    parts = None
    if core is not None:  # the per-paragraph work compiled (native/src/summary.rs)
        texts = [f.text for f in forms]
        parts = core.summary_parts(origin.kept, starts.tobytes(), array("q", lay.starts).tobytes(), bytes(lay.blank), list(lay.paragraphs), texts)
    if parts is not None:
        positions, sizes, edges = parts
    else:
        positions = []
        for p in lay.paragraphs:
            start, end = origin(p.start), origin.end(p.end)
            positions.append((bisect_right(starts, start), bisect_right(starts, end - 1), start, end))
        sizes = [size(f.text) for f in forms]
        edges = [edge(lay, p) for p in lay.paragraphs]
    protected = None
    if config.keep_patterns:
        from dedup.text.keep import keeper

        keep = keeper(config.keep_patterns)
        protected = [keep(lay.paragraph_text(p)) for p in lay.paragraphs]
    return Summary([digest(f) for f in forms], sizes, positions, protected, edges, _content_hash(original))


def _content_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
