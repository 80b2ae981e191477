"""Fingerprints that find every candidate pair for the near-match rule, and few more.

Exact repeats share their normalised text, which a dict finds. Near repeats are found
by a pigeonhole filter rather than MinHash or SimHash bands. A paragraph that may
match partners with at most ``k`` edits is cut into disjoint chunks of ``q``
characters; one edit spoils at most one chunk, so among *any* ``k + 1`` of its chunks
at least one survives, unchanged, in every partner within ``k`` edits. Each paragraph
is indexed under the ``k + 1`` of its chunks that are rarest in the document, and
every substring of length ``q`` of a paragraph is looked up among those. That finds
*every* pair that can match, which keeps the fast engine identical to the slow
definition (a band sketch would miss some true pairs), while common stretches (a
frequent word, an opening shared by many paragraphs) are never what pairs are found
by. Chunks are keyed by the paragraph's numbers too, since a near match needs equal
numbers. (The same idea is known as Pass-Join with prefix filtering.)
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain

from dedup.text.match import longest_partner, max_edits
from dedup.text.normalize import Normal

# A paragraph is indexed under SPARE chunks more than its edit budget k: a partner
# within k edits keeps SPARE of them intact, so a candidate must share that many, and a
# single common chunk shared by chance does not make two paragraphs candidates.
SPARE = 3
# Above this many postings a probe is merged lazily (the enumeration usually stops at
# the first few candidates then: many near-identical paragraphs); below it they are
# gathered all at once, which is much faster per posting.
_EAGER_LIMIT = 50_000
# The bound on the work per paragraph (README, "The rule", "Bounded work"): a paragraph
# looks at most at the PER_CHUNK latest earlier ids of each chunk it holds, and keeps
# at most CANDIDATES of the ids found, the latest.
PER_CHUNK = 32
CANDIDATES = 32
# Checking a candidate costs about its length times the 64-bit words of its band of
# edits (the banded distance), so a paragraph whose band takes w words keeps the
# CANDIDATES // w latest (at least one): the work per paragraph stays about CANDIDATES
# times its length. Paragraphs of thousands of characters each checked against 32
# others were most of the time on text of two letters (issue 14, item 6).
BAND_WORD = 64


def partner_edits(length: int, threshold: float) -> int:
    """The most edits between a paragraph of ``length`` and any partner it may match."""
    return max_edits(longest_partner(length, threshold), threshold)


def candidates_kept(length: int, threshold: float) -> int:
    """How many of its candidates a paragraph of ``length`` keeps: CANDIDATES over the
    words of its band of edits.

    >>> candidates_kept(200, 0.9), candidates_kept(1000, 0.9), candidates_kept(20000, 0.9)
    (32, 8, 1)
    """
    band = 2 * partner_edits(length, threshold) + 1
    return max(1, CANDIDATES // -(-band // BAND_WORD))


class ChunkIndex:
    """Candidate partners, by id, of distinct normalised paragraphs.

    ``items`` must come in increasing id order; ``candidates`` yields ids in
    increasing order, each once: a superset of the ids that can match.

    Example:
        >>> from dedup.text.normalize import normalize
        >>> index = ChunkIndex(0.9, [
        ...     (0, normalize("the quick brown fox jumps over the lazy dog")),
        ...     (1, normalize("something else entirely, nothing alike at all"))])
        >>> list(index.candidates(normalize("the quick brown fox jumped over the lazy dog")))
        [0]
    """

    def __init__(self, threshold: float, items: Iterable[tuple[int, Normal]]) -> None:
        self.threshold = threshold
        # Chunks longer than this are rarer but leave fewer spare chunks to choose from.
        self._widest = max(1, math.floor(threshold / (2 * (1 - threshold)) + 1e-9)) if threshold < 1 else 1
        # Lengths fall in geometric buckets, so that a probe only meets paragraphs of
        # about its own length: a compatible partner is at most one bucket away.
        self._ratio = math.log(1 / threshold) if threshold < 1 else 1.0
        # (numbers, length bucket) -> chunk -> ids (a lone id as the int itself: most
        # kept chunks are a single paragraph's, and a list of one costs 88 bytes); ids
        # too short to cut into chunks go to _short.
        self._chunks: dict[tuple[tuple[str, ...], int], dict[str, int | list[int]]] = {}
        self._short: dict[tuple[tuple[str, ...], int], list[int]] = {}
        self._lengths: dict[int, int] = {}
        self._need: dict[int, int] = {}
        self._edits_cache: dict[int, int] = {}
        self._probe_cache: dict[int, tuple[int, int, tuple[int, ...], range]] = {}
        cut: list[tuple[int, tuple[tuple[str, ...], int], int, str, int]] = []
        frequency: Counter[str] = Counter()
        for ident, normal in items:
            text = normal.text
            size = self.chunk_size(len(text))
            if size is None:
                continue
            self._lengths[ident] = len(text)
            key = (normal.numbers, self._bucket(len(text)))
            if size == 0:
                self._short.setdefault(key, []).append(ident)
                continue
            frequency.update(text[p : p + size] for p in range(0, len(text) - size + 1, size))
            cut.append((ident, key, self._partner_edits(len(text)), text, size))
        # Each kept chunk's string once, however many keys hold it.
        canonical: dict[str, str] = {}
        for ident, key, edits, text, size in cut:
            # cut again rather than held: the chunks of every paragraph at once are
            # several times the text
            chunks = [text[p : p + size] for p in range(0, len(text) - size + 1, size)]
            rarest = sorted(zip(map(frequency.__getitem__, chunks), range(len(chunks)), strict=True))
            kept = rarest[: edits + SPARE]
            distinct = {chunks[p] for _, p in kept}
            # len(kept) - edits positions survive; repeated chunks may stand for several.
            self._need[ident] = max(1, len(distinct) - edits)
            table = self._chunks.setdefault(key, {})
            for chunk in distinct:
                chunk = canonical.setdefault(chunk, chunk)
                ids = table.get(chunk)
                if ids is None:
                    table[chunk] = ident
                elif isinstance(ids, int):
                    table[chunk] = [ids, ident]
                else:
                    ids.append(ident)

    def _bucket(self, length: int) -> int:
        return int(math.log(length) / self._ratio) if length else -1

    def _partner_edits(self, length: int) -> int:
        """:func:`partner_edits`, cached by length."""
        if length not in self._edits_cache:
            self._edits_cache[length] = partner_edits(length, self.threshold)
        return self._edits_cache[length]

    def chunk_size(self, length: int) -> int | None:
        """Chunk length for a paragraph of ``length``: None when only exact matches are
        possible, 0 when it is too short to cut into enough chunks."""
        edits = self._partner_edits(length)
        return None if edits == 0 else min(self._widest, length // (edits + 1))

    def _probe(self, length: int) -> tuple[int, int, tuple[int, ...], range]:
        """For a paragraph of ``length``: the lengths it may match (lowest, highest),
        their chunk sizes, and their buckets."""
        if length not in self._probe_cache:
            low = length - max_edits(length, self.threshold)
            high = longest_partner(length, self.threshold)
            # n // (edits(n) + 1) grows with n, so past the point where it reaches the
            # widest chunk every length uses the widest chunk.
            sizes = set()
            # At a threshold of 1/2 or less a partner may be twice as long, so every
            # paragraph has more allowed edits than characters: no chunk sizes at all.
            for n in range(low, high + 1) if self.threshold > 0.5 else ():
                size = self.chunk_size(n)
                sizes.add(size)
                if size == self._widest:
                    break
            buckets = range(self._bucket(low), self._bucket(high) + 1)
            self._probe_cache[length] = (low, high, tuple(sorted(s for s in sizes if s)), buckets)
        return self._probe_cache[length]

    def postings(self, normal: Normal) -> list[list[int]]:
        """The id lists of the indexed chunks that occur in ``normal`` (unverified)."""
        text, numbers = normal.text, normal.numbers
        _, _, sizes, buckets = self._probe(len(text))
        found: list[list[int]] = []
        tables = []
        for bucket in buckets:
            short = self._short.get((numbers, bucket))
            if short:
                found.append(short)
            table = self._chunks.get((numbers, bucket))
            if table:
                tables.append(table)
        if tables:
            for size in sizes:
                grams = {text[p : p + size] for p in range(len(text) - size + 1)}
                for table in tables:
                    for g in grams & table.keys():
                        ids = table[g]
                        found.append([ids] if isinstance(ids, int) else ids)
        return found

    def earlier(self, normal: Normal, before: int) -> list[int]:
        """Candidate partners of ``normal`` among the ids below ``before``, bounded:
        only the :data:`PER_CHUNK` latest ids below ``before`` of each posting list
        count, and of the candidates found only the latest are kept, as many as
        :func:`candidates_kept` says (:data:`CANDIDATES` up to a few hundred
        characters); increasing. Under both caps this is every earlier candidate
        :meth:`candidates` gives.

        >>> from dedup.text.normalize import normalize
        >>> def row(k):
        ...     return normalize(f"a row of the log that is long enough, ending {chr(97 + k % 26)}{chr(97 + k // 26)}")
        >>> index = ChunkIndex(0.9, [(k, row(k)) for k in range(100)])
        >>> found = index.earlier(row(100), 90)
        >>> len(found) == CANDIDATES, found[-1]
        (True, 89)
        """
        slices = []
        for ids in self.postings(normal):
            if ids[0] < before:  # (most lists of a paragraph's own rare chunks hold only it)
                stop = bisect_left(ids, before)
                slices.append(ids[max(0, stop - PER_CHUNK) : stop])
        counts = Counter(chain.from_iterable(slices))
        low, high, _, _ = self._probe(len(normal.text))
        lengths, need = self._lengths, self._need
        found = sorted(i for i, c in counts.items() if c >= need.get(i, 1) and low <= lengths[i] <= high)
        return found[-candidates_kept(len(normal.text), self.threshold) :]

    def candidates(self, normal: Normal, postings: list[list[int]] | None = None) -> Iterator[int]:
        """Ids that may match ``normal``: increasing, each once, length-filtered."""
        if postings is None:
            postings = self.postings(normal)
        low, high, _, _ = self._probe(len(normal.text))
        lengths, need = self._lengths, self._need
        if sum(map(len, postings)) <= _EAGER_LIMIT:
            counts = Counter(chain.from_iterable(postings))
            yield from sorted(
                i for i, c in counts.items() if c >= need.get(i, 1) and low <= lengths[i] <= high
            )
            return
        last = -1
        for ident in heapq.merge(*postings):
            if ident != last:
                last = ident
                if low <= lengths[ident] <= high:
                    yield ident
