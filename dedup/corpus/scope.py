"""Corpus scope: a run of paragraphs that already occurred in an earlier document is
a cross-document repeat, and the later copy goes.

Corpus order is input order (sorted paths, then line order). The memory holds, per
distinct paragraph, an 8-byte digest of its normal form and where it first occurred,
plus the digests of consecutive paragraph pairs, so that a run is only taken across
paragraphs that also stood together earlier. Cross-document matching is exact on the
normal form (which already absorbs case, quotes, dashes, whitespace, diacritics and
Unicode forms); near matches are found within each document.

Work is split so that the expensive part runs in parallel: a worker cleans one
document and :func:`summarize` s its paragraphs; the corpus memory is then applied in
corpus order, in one process, with dictionary lookups only.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dedup.config import Config
from dedup.result import Finding, Result
from dedup.text.engine import Origin
from dedup.text.layout import Layout, layout, line_starts
from dedup.text.normalize import Normal
from dedup.text.rewrite import cut, removal_span
from dedup.text.runs import Run


def digest(normal: Normal) -> bytes:
    """A stable 8-byte fingerprint of a normal form (the same in every process)."""
    return hashlib.blake2b(normal.text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a paragraph stands in a document: lines (1-based) and characters."""

    document: str
    line_start: int
    line_end: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Summary:
    """A cleaned document's paragraphs: digests, sizes, protection, and positions in
    the original document as ``(line_start, line_end, start, end)``."""

    digests: list[bytes]
    sizes: list[int]
    positions: list[tuple[int, int, int, int]]
    protected: list[bool] | None


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Disjoint, sorted spans covering the given ones (findings may nest)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _origin(original: str, result: Result) -> Origin:
    origin = Origin(len(original))
    origin.remove(_union((f.start, f.end) for f in result.findings))
    return origin


def summarize(original: str, result: Result, lay: Layout, forms: Sequence[Normal], config: Config) -> Summary:
    """What the corpus memory needs to know of a cleaned document (run in the worker)."""
    origin = _origin(original, result)
    starts = line_starts(original)
    positions = []
    for p in lay.paragraphs:
        start, end = origin(p.start), origin.end(p.end)
        positions.append((bisect_right(starts, start), bisect_right(starts, end - 1), start, end))
    protected = None
    if config.keep_patterns:
        from dedup.text.keep import keeper

        keep = keeper(config.keep_patterns)
        protected = [keep(lay.paragraph_text(p)) for p in lay.paragraphs]
    return Summary([digest(f) for f in forms], [len(f.text) for f in forms], positions, protected)


class CorpusMemory:
    """First occurrences of paragraphs across the documents seen so far (in memory).

    ``known``, ``known_pair`` and ``first`` answer for the documents remembered
    before the current one; :class:`dedup.corpus.index.IndexMemory` answers the same
    questions from a SQLite index, for the documents before it in corpus order.
    """

    def __init__(self) -> None:
        self._first: dict[bytes, Occurrence] = {}
        self._pairs: set[bytes] = set()

    @classmethod
    def seeded(cls, first: dict[bytes, Occurrence], pairs: set[bytes]) -> CorpusMemory:
        """A memory that already holds these first occurrences and pairs (the Dask
        executor's answer to one input: what earlier inputs hold of its paragraphs)."""
        memory = cls()
        memory._first, memory._pairs = first, pairs
        return memory

    def __len__(self) -> int:
        return len(self._first)

    def begin(self, key: str, ordering: str) -> None:
        """The next document to be asked about and then remembered (a run over the
        whole corpus meets documents in corpus order, so nothing is needed here)."""

    def known(self, digests: Sequence[bytes]) -> list[bool]:
        return [d in self._first for d in digests]

    def known_pairs(self, pairs: Sequence[bytes]) -> list[bool]:
        return [p in self._pairs for p in pairs]

    def first(self, digest: bytes) -> Occurrence:
        return self._first[digest]

    def remember(self, name: str, summary: Summary, content_hash: bytes = b"", stat: tuple[int, int] = (0, 0)) -> None:
        """Add a document's paragraphs (as cleaned on its own) and consecutive pairs."""
        for k, key in enumerate(summary.digests):
            if key not in self._first:
                self._first[key] = Occurrence(name, *summary.positions[k])
        self._pairs.update(a + b for a, b in zip(summary.digests, summary.digests[1:], strict=False))


def cross_runs(memory: CorpusMemory, summary: Summary, min_chars: int) -> list[Run]:
    """Runs of the document that repeat paragraphs of earlier documents: consecutive
    paragraphs each seen earlier, that also stood together earlier, of total size at
    least ``min_chars``."""
    digests, sizes, protected = summary.digests, summary.sizes, summary.protected
    known = memory.known(digests)
    together = memory.known_pairs([a + b for a, b in zip(digests, digests[1:], strict=False)])
    found: list[Run] = []
    i, n = 0, len(digests)
    while i < n:
        if not known[i] or (protected and protected[i]):
            i += 1
            continue
        length = 1
        while (
            i + length < n
            and known[i + length]
            and not (protected and protected[i + length])
            and together[i + length - 1]
        ):
            length += 1
        if sum(sizes[i : i + length]) >= min_chars:
            found.append(Run(i, length, i))
            i += length
        else:
            i += 1
    return found


def apply_memory(
    memory: CorpusMemory,
    name: str,
    original: str,
    result: Result,
    summary: Summary,
    config: Config,
    place: tuple[str, str, tuple[int, int], str] | None = None,
) -> Result:
    """Remove from a document (already cleaned on its own) the runs that earlier
    documents hold, then remember the document. ``place`` is, for an index, its
    unique key, its place in corpus order, its (size, mtime) and its name there."""
    key, ordering, stat, name = place or (name, name, (0, 0), name)
    memory.begin(key, ordering)
    runs = cross_runs(memory, summary, config.min_chars)
    if not runs:
        memory.remember(name, summary, _content_hash(original), stat)
        return result
    lay = layout(result.text, config.unit, config.wrap_width)
    origin = _origin(original, result)
    findings = list(result.findings)
    spans = []
    for run in runs:
        span = removal_span(lay, run)
        spans.append(span)
        last = run.start + run.length - 1
        source, source_last = memory.first(summary.digests[run.start]), memory.first(summary.digests[last])
        together = source_last.document == source.document and source_last.end >= source.end
        findings.append(
            Finding(
                line_start=summary.positions[run.start][0],
                line_end=summary.positions[last][1],
                start=origin(span[0]),
                end=origin.end(span[1]),
                source_line_start=source.line_start,
                source_line_end=source_last.line_end if together else source.line_end,
                source_start=source.start,
                source_end=source_last.end if together else source.end,
                paragraphs=run.length,
                size=sum(summary.sizes[run.start : last + 1]),
                score=1.0,
                kind="exact",
                source_document=source.document,
            )
        )
    memory.remember(name, summary, _content_hash(original), stat)
    findings.sort(key=lambda f: (f.start, f.end))
    return Result(cut(result.text, spans), tuple(findings))


def _content_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
