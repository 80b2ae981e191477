"""Fingerprints that find every candidate pair for the near-match rule, and no more
than they must.

Exact repeats share their normalised text, which a dict finds. Near repeats are found
by a pigeonhole filter rather than MinHash or SimHash bands: a paragraph that may
match partners with at most ``k`` edits is cut into ``k + 1`` disjoint chunks, and one
edit can spoil at most one chunk, so any partner within ``k`` edits contains at least
one chunk unchanged. Looking every substring of a paragraph up among the chunks of
the others therefore finds *every* pair that can match, which keeps the fast engine
identical to the slow definition (a band sketch would miss some true pairs), and
only pairs that share an exact chunk of about ``threshold / (1 - threshold)``
characters (8 or 9 at the default 0.90) are ever verified. Chunks are keyed by the
paragraph's numbers too, since a near match needs equal numbers.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence

from dedup.text.match import compatible, max_edits
from dedup.text.normalize import Normal


class ChunkIndex:
    """Candidate partners, by id, of distinct normalised paragraphs.

    Ids must be added in increasing order; ``candidates`` yields ids in increasing
    order, each once, a superset of the ids that can match.

    Example:
        >>> from dedup.text.normalize import normalize
        >>> index = ChunkIndex(0.9)
        >>> index.add(0, normalize("the quick brown fox jumps over the lazy dog"))
        >>> index.add(1, normalize("something else entirely, nothing alike at all"))
        >>> list(index.candidates(normalize("the quick brown fox jumped over the lazy dog")))
        [0]
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        # numbers -> chunk -> ids; ids whose chunks would be empty go to _short.
        self._chunks: dict[tuple[str, ...], dict[str, list[int]]] = {}
        self._short: dict[tuple[str, ...], list[int]] = {}
        self._lengths: dict[int, int] = {}
        self._plan_cache: dict[int, int | None] = {}
        self._probe_cache: dict[int, tuple[int, ...]] = {}

    def _partner_edits(self, length: int) -> int:
        """The most edits between a paragraph of ``length`` and any partner it may match."""
        longest = length
        while longest + 1 - length <= max_edits(longest + 1, self.threshold):
            longest += 1
        return max_edits(longest, self.threshold)

    def chunk_size(self, length: int) -> int | None:
        """Chunk length for a paragraph of ``length``: None when only exact matches are
        possible, 0 when it is too short to cut into enough chunks."""
        if length not in self._plan_cache:
            edits = self._partner_edits(length)
            self._plan_cache[length] = None if edits == 0 else length // (edits + 1)
        return self._plan_cache[length]

    def add(self, ident: int, normal: Normal) -> None:
        text = normal.text
        size = self.chunk_size(len(text))
        if size is None:
            return
        self._lengths[ident] = len(text)
        if size == 0:
            self._short.setdefault(normal.numbers, []).append(ident)
            return
        table = self._chunks.setdefault(normal.numbers, {})
        count = self._partner_edits(len(text)) + 1
        for chunk in {text[p * size : (p + 1) * size] for p in range(count)}:
            table.setdefault(chunk, []).append(ident)

    def _probe_sizes(self, length: int) -> tuple[int, ...]:
        """The chunk sizes of every length a paragraph of ``length`` may match."""
        if length not in self._probe_cache:
            low = length
            while low > 0 and compatible(low - 1, length, self.threshold):
                low -= 1
            high = length
            while compatible(high + 1, length, self.threshold):
                high += 1
            sizes = {self.chunk_size(n) for n in range(low, high + 1)}
            self._probe_cache[length] = tuple(sorted(s for s in sizes if s))
        return self._probe_cache[length]

    def postings(self, normal: Normal) -> list[Sequence[int]]:
        """The id lists whose members share a chunk with ``normal`` (unverified)."""
        text = normal.text
        found: list[Sequence[int]] = []
        short = self._short.get(normal.numbers)
        if short:
            found.append(short)
        table = self._chunks.get(normal.numbers)
        if table:
            for size in self._probe_sizes(len(text)):
                grams = {text[p : p + size] for p in range(len(text) - size + 1)}
                found.extend(table[g] for g in grams & table.keys())
        return found

    def candidates(self, normal: Normal, postings: list[Sequence[int]] | None = None) -> Iterator[int]:
        """Ids that may match ``normal``, increasing, each once, length-filtered."""
        last = -1
        length = len(normal.text)
        for ident in heapq.merge(*(postings if postings is not None else self.postings(normal))):
            if ident != last:
                last = ident
                if compatible(self._lengths[ident], length, self.threshold):
                    yield ident
