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
from dedup.text.layout import Layout, layout
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
    line_starts = layout(original, "line").starts
    positions = []
    for p in lay.paragraphs:
        start, end = origin(p.start), origin.end(p.end)
        positions.append((bisect_right(line_starts, start), bisect_right(line_starts, end - 1), start, end))
    protected = None
    if config.keep_patterns:
        from dedup.text.keep import keeper

        keep = keeper(config.keep_patterns)
        protected = [keep(lay.paragraph_text(p)) for p in lay.paragraphs]
    return Summary([digest(f) for f in forms], [len(f.text) for f in forms], positions, protected)


class CorpusMemory:
    """First occurrences of paragraphs across the documents seen so far."""

    def __init__(self) -> None:
        self.first: dict[bytes, Occurrence] = {}
        self.pairs: set[bytes] = set()

    def __len__(self) -> int:
        return len(self.first)

    def runs(self, summary: Summary, min_chars: int) -> list[Run]:
        """Runs of the document that repeat paragraphs of earlier documents."""
        digests, sizes, protected = summary.digests, summary.sizes, summary.protected
        first, pairs = self.first, self.pairs
        found: list[Run] = []
        i, n = 0, len(digests)
        while i < n:
            if digests[i] not in first or (protected and protected[i]):
                i += 1
                continue
            length = 1
            while (
                i + length < n
                and digests[i + length] in first
                and not (protected and protected[i + length])
                and digests[i + length - 1] + digests[i + length] in pairs
            ):
                length += 1
            if sum(sizes[i : i + length]) >= min_chars:
                found.append(Run(i, length, i))
                i += length
            else:
                i += 1
        return found

    def remember(self, name: str, summary: Summary, skip: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        previous = None
        for k, key in enumerate(summary.digests):
            if k in skip:
                continue
            if key not in self.first:
                self.first[key] = Occurrence(name, *summary.positions[k])
            if previous is not None:
                self.pairs.add(previous + key)
            previous = key

    def apply(self, name: str, original: str, result: Result, summary: Summary, config: Config) -> Result:
        """Remove from a document (already cleaned on its own) the runs that earlier
        documents hold, then remember what is left of it."""
        runs = self.runs(summary, config.min_chars)
        if not runs:
            self.remember(name, summary)
            return result
        lay = layout(result.text, config.unit, config.wrap_width)
        origin = _origin(original, result)
        findings = list(result.findings)
        spans = []
        for run in runs:
            span = removal_span(lay, run)
            spans.append(span)
            last = run.start + run.length - 1
            source, source_last = self.first[summary.digests[run.start]], self.first[summary.digests[last]]
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
        self.remember(name, summary, {k for run in runs for k in range(run.start, run.start + run.length)})
        findings.sort(key=lambda f: (f.start, f.end))
        return Result(cut(result.text, spans), tuple(findings))
