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
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dedup.config import Config
from dedup.pickling import by_fields
from dedup.result import Finding, Result
from dedup.text.engine import Origin
from dedup.text.layout import Layout, line_starts
from dedup.text.normalize import Normal, size
from dedup.text.rewrite import Edge, cut, edge, span_between
from dedup.text.runs import Run

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


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
    edges = [edge(lay, p) for p in lay.paragraphs]
    return Summary(
        [digest(f) for f in forms], [size(f.text) for f in forms], positions, protected, edges, _content_hash(original)
    )


class CorpusMemory:
    """First occurrences of paragraphs across the documents seen so far (in memory).

    ``known``, ``known_pairs`` and ``first`` answer for the documents remembered
    before the current one; :class:`dedup.corpus.index.IndexMemory` answers the same
    questions from a SQLite index, for the documents before it in corpus order.

    It is compact (issue #4): some 40 bytes per distinct paragraph, plus the names of
    the documents (``bench/memory.py``: 49 in all, where a dict of
    :class:`Occurrence` s and a set of pairs took 299, for 2 million paragraphs).

    * Each distinct paragraph is a row, in the order remembered, so a document's new
      paragraphs are consecutive rows: the documents are a list of names with the
      first row of each. Rows are four arrays (first line, lines, first character,
      characters), 2 or 4 bytes a value until one needs more (8 bytes, and
      negative values, are always possible).
    * The 8-byte digests, as 64-bit integers, sit in one sorted NumPy array with the
      row of each, and are looked up a document at a time (``searchsorted``). New
      ones go to a dict first, merged into the array once there are more than a
      sixteenth as many (and at least :attr:`merge_at`), so merging costs O(n log n)
      in all.
    * Consecutive pairs are kept the same way, each as one 64-bit number,
      ``a * _PAIR_A + b * _PAIR_B`` modulo 2**64 of its two digests (recent ones
      are kept whole). The digests are already 64-bit hashes of the paragraphs;
      two distinct pairs of them get the same number with a probability of at most
      about 2**-62, so answers are those of sets of digests.

    NumPy is imported at the first merge: a small corpus does not load it.
    """

    merge_at = 2**16  # fewest recent digests (or pairs) merged into the arrays

    def __init__(self) -> None:
        self._names: list[str] = []
        self._documents: list[array[int]] = [array("I")]  # each name's first row
        # Per row: first line, lines after it, first character, characters.
        self._rows: list[array[int]] = [array("I"), array("H"), array("I"), array("H")]
        self._recent: dict[bytes, int] = {}  # digest -> row, not merged yet
        self._keys: NDArray[np.uint64] | None = None  # merged digests, sorted
        self._keyrows: NDArray[Any] | None = None  # and their rows
        self._recent_pairs: set[bytes] = set()  # a + b, not merged yet
        self._pairs: NDArray[np.uint64] | None = None  # merged pair numbers, sorted
        # The last lookups in the merged arrays (a document is asked about, then
        # remembered): the joined digests or pairs, and whether each is there.
        self._asked: tuple[bytes, list[bool]] = (b"", [])
        self._asked_pairs: tuple[bytes, list[bool]] = (b"", [])

    @classmethod
    def seeded(cls, first: dict[bytes, Occurrence], pairs: set[bytes]) -> CorpusMemory:
        """A memory that already holds these first occurrences and pairs (the Dask
        executor's answer to one input: what earlier inputs hold of its paragraphs)."""
        memory = cls()
        document = None
        for key, where in first.items():
            if where.document != document:  # a name may come back: it gets another entry
                document = where.document
                memory._names.append(document)
                _append(memory._documents, 0, len(memory))
            memory._recent[key] = memory._add((where.line_start, where.line_end, where.start, where.end))
        memory._recent_pairs = set(pairs)
        memory._merge_if_due()
        return memory

    def __len__(self) -> int:
        return len(self._rows[0])

    def begin(self, key: str, ordering: str) -> None:
        """The next document to be asked about and then remembered (a run over the
        whole corpus meets documents in corpus order, so nothing is needed here)."""

    def known(self, digests: Sequence[bytes]) -> list[bool]:
        recent = self._recent
        if self._keys is None:
            return [d in recent for d in digests]
        merged = self._find(b"".join(digests))
        return [m or d in recent for m, d in zip(merged, digests, strict=True)]

    def known_pairs(self, pairs: Sequence[bytes]) -> list[bool]:
        recent = self._recent_pairs
        if self._pairs is None:
            return [p in recent for p in pairs]
        merged = self._find_pairs(b"".join(pairs))
        return [m or p in recent for m, p in zip(merged, pairs, strict=True)]

    def first(self, digest: bytes) -> Occurrence:
        row = self._recent.get(digest)
        if row is None:
            row = self._merged_row(digest)
        line_start, lines, start, size = (column[row] for column in self._rows)
        name = self._names[bisect_right(self._documents[0], row) - 1]
        return Occurrence(name, line_start, line_start + lines, start, start + size)

    def remember(self, name: str, summary: Summary, content_hash: bytes = b"", stat: tuple[int, int] = (0, 0)) -> None:
        """Add a document's paragraphs (as cleaned on its own) and consecutive pairs."""
        digests, recent = summary.digests, self._recent
        merged = self._find(b"".join(digests)) if self._keys is not None else None
        row = len(self)
        named = False
        line_starts, lines, starts, sizes = self._rows
        for k, key in enumerate(digests):
            if key in recent or (merged is not None and merged[k]):
                continue
            if not named:
                self._names.append(name)
                _append(self._documents, 0, row)
                named = True
            position = summary.positions[k]
            try:  # self._add, inline
                line_starts.append(position[0])
                lines.append(position[1] - position[0])
                starts.append(position[2])
                sizes.append(position[3] - position[2])
            except OverflowError:
                self._add(position)
                line_starts, lines, starts, sizes = self._rows
            recent[key] = row
            row += 1
        pairs = [a + b for a, b in zip(digests, digests[1:], strict=False)]
        if self._pairs is None:
            self._recent_pairs.update(pairs)
        else:
            merged_pairs = self._find_pairs(b"".join(pairs))
            self._recent_pairs.update(p for p, m in zip(pairs, merged_pairs, strict=True) if not m)
        self._merge_if_due()

    def _add(self, position: tuple[int, int, int, int]) -> int:
        """A new row (a column that got it already, inline, is cut back first)."""
        rows = self._rows
        row = min(len(column) for column in rows)
        line_start, line_end, start, end = position
        for i, value in enumerate((line_start, line_end - line_start, start, end - start)):
            del rows[i][row:]
            _append(rows, i, value)
        return row

    def _find(self, joined: bytes) -> list[bool]:
        """Whether each of these digests (joined) is among the merged ones."""
        import numpy as np

        assert self._keys is not None
        if joined != self._asked[0]:
            at = self._keys.searchsorted(wanted := np.frombuffer(joined, dtype="<u8"))
            self._asked = (joined, (self._keys.take(at, mode="clip") == wanted).tolist())
        return self._asked[1]

    def _find_pairs(self, joined: bytes) -> list[bool]:
        """Whether each of these pairs (joined) is among the merged ones."""
        assert self._pairs is not None
        if joined != self._asked_pairs[0]:
            at = self._pairs.searchsorted(wanted := _pair_numbers(joined))
            self._asked_pairs = (joined, (self._pairs.take(at, mode="clip") == wanted).tolist())
        return self._asked_pairs[1]

    def _merged_row(self, digest: bytes) -> int:
        import numpy as np

        if self._keys is None or self._keyrows is None or len(digest) != 8:
            raise KeyError(digest)
        at = int(self._keys.searchsorted(wanted := np.frombuffer(digest, dtype="<u8"))[0])
        if at == len(self._keys) or self._keys[at] != wanted[0]:
            raise KeyError(digest)
        return int(self._keyrows[at])

    def _merge_if_due(self) -> None:
        if len(self._recent) > max(self.merge_at, len(self._keys if self._keys is not None else ()) // 16):
            self._merge()
        if len(self._recent_pairs) > max(self.merge_at, len(self._pairs if self._pairs is not None else ()) // 16):
            self._merge_pairs()

    def _merge(self) -> None:
        """Move the recent digests into the sorted array."""
        import numpy as np

        keys = np.frombuffer(b"".join(self._recent), dtype="<u8")
        rows = np.fromiter(self._recent.values(), dtype=np.int64, count=len(self._recent))
        order = np.argsort(keys)
        keys, rows = keys[order], rows[order].astype(np.uint32 if len(self) <= 2**32 else np.int64)
        if self._keys is None or self._keyrows is None:
            self._keys, self._keyrows = keys, rows
        else:  # a recent digest is never a merged one
            at = self._keys.searchsorted(keys)
            self._keys = np.insert(self._keys, at, keys)
            self._keyrows = np.insert(self._keyrows.astype(rows.dtype, copy=False), at, rows)
        self._recent, self._asked = {}, (b"", [])

    def _merge_pairs(self) -> None:
        """Move the recent pairs, as numbers, into the sorted array."""
        import numpy as np

        numbers = np.unique(_pair_numbers(b"".join(self._recent_pairs)))
        if self._pairs is None:
            self._pairs = numbers
        else:
            at = self._pairs.searchsorted(numbers)
            new = self._pairs.take(at, mode="clip") != numbers
            self._pairs = np.insert(self._pairs, at[new], numbers[new])
        self._recent_pairs, self._asked_pairs = set(), (b"", [])


def _append(columns: list[array[int]], i: int, value: int) -> None:
    """Append to a column, widening it (2, 4, then 8 bytes a value) if need be."""
    while True:
        try:
            columns[i].append(value)
            return
        except OverflowError:
            if columns[i].typecode == "q":
                raise
            wider = "I" if columns[i].typecode == "H" and value >= 0 else "q"
            columns[i] = array(wider, columns[i])


# Odd, with _PAIR_A - _PAIR_B = 4 (mod 8) and _PAIR_A + _PAIR_B = 2 (mod 4): for two
# distinct pairs of independent random digests, the numbers are equal with
# probability 2**-64, or at most 2**-62 when the pairs share digests (a + b, b + a).
_PAIR_A = 0x9E3779B97F4A7C15
_PAIR_B = 0x165667B19E3779F9


def _pair_numbers(joined: bytes) -> NDArray[np.uint64]:
    """One 64-bit number per pair of digests ``a + b`` (joined), wrapping."""
    import numpy as np

    pairs = np.frombuffer(joined, dtype="<u8").reshape(-1, 2)
    numbers: NDArray[np.uint64] = pairs @ np.array((_PAIR_A, _PAIR_B), dtype=np.uint64)
    return numbers


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
    origin = _origin(original, result)
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


def _content_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
