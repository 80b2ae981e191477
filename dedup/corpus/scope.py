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
corpus order, in one process, with lookups in the corpus memory only.

The summary a worker makes is :mod:`dedup.corpus.summary`; the memory is
:mod:`dedup.corpus.memory` (their names are importable from here too).
"""

from __future__ import annotations

from dedup.config import Config
from dedup.corpus.memory import CorpusMemory
from dedup.corpus.summary import Occurrence, Summary, digest, origin_of, summarize
from dedup.result import Finding, Result
from dedup.text.rewrite import cut, span_between
from dedup.text.runs import Run

__all__ = [
    "CorpusMemory",
    "Cross",
    "Occurrence",
    "Summary",
    "apply_cross",
    "apply_memory",
    "cross_runs",
    "decide",
    "digest",
    "summarize",
]


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


# The cross-document runs of a document, each with the first occurrences of its first
# and last paragraphs: what the corpus memory decides, in corpus order.
Cross = list[tuple[Run, Occurrence, Occurrence]]


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
    return apply_cross(original, result, summary, decide(memory, name, summary, config, place))


def decide(
    memory: CorpusMemory,
    name: str,
    summary: Summary,
    config: Config,
    place: tuple[str, str, tuple[int, int], str] | None = None,
) -> Cross:
    """The runs of a document that earlier documents hold, with where they first
    occurred; then remember the document (the part of :func:`apply_memory` that
    needs the memory, and so runs in corpus order in one process)."""
    key, ordering, stat, name = place or (name, name, (0, 0), name)
    memory.begin(key, ordering)
    digests = summary.digests
    cross = [
        (run, memory.first(digests[run.start]), memory.first(digests[run.start + run.length - 1]))
        for run in cross_runs(memory, summary, config.min_chars)
    ]
    memory.remember(name, summary, summary.content_hash, stat)
    return cross


def apply_cross(original: str, result: Result, summary: Summary, cross: Cross) -> Result:
    """Cut the decided cross-document runs out of a document cleaned on its own, and
    add their findings (the part of :func:`apply_memory` a worker can do)."""
    if not cross:
        return result
    origin = origin_of(original, result)
    findings = list(result.findings)
    spans = []
    for run, source, source_last in cross:
        # as removal_span(layout(result.text), run), with the worker's layout
        span = span_between(summary.edges[run.start], summary.edges[run.start + run.length - 1])
        spans.append(span)
        last = run.start + run.length - 1
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
    findings.sort(key=lambda f: (f.start, f.end))
    return Result(cut(result.text, spans), tuple(findings))

