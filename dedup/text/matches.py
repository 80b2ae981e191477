"""The match relation over the paragraphs of one document: which paragraphs match
which, as the run planner (:mod:`dedup.text.runs`) asks it.

Equal normal forms share a representative; near matches are found up front by the
direct check (:func:`dedup.text.pairs.near_pairs`) or, past its budget, among each
paragraph's bounded chunk-index candidates; the word rule, asked lazily, is
symmetric, so it is asked of representatives.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any

from dedup.native import core
from dedup.text.exact import exact_key
from dedup.text.fingerprint import ChunkIndex
from dedup.text.normalize import Normal
from dedup.text.pairs import near_pairs
from dedup.text.partners import Partners
from dedup.text.structure import EXACT_ONLY
from dedup.text.verify import Verifier
from dedup.text.words import named


class Matches:
    """The match relation over the paragraphs of one document.

    Paragraphs with equal normalised text and numbers share a representative, the
    index of the first of them; other matches are verified once per pair of
    representatives.

    Near matches are found one of two ways. When the direct check of
    :func:`dedup.text.pairs.near_pairs` fits its budget (most documents), every near
    pair is known up front and the relation is exact. Otherwise each representative,
    in order, takes its candidates among the earlier ones from the chunk index, at
    most :data:`dedup.text.fingerprint.CANDIDATES` of them (the latest; see
    :meth:`ChunkIndex.earlier`), and keeps those within the threshold's edits: a near
    match between two representatives counts only if the earlier one is among the
    later one's candidates. That bounds the work and memory per paragraph whatever
    the input (README, "The rule", "Bounded work"); below the caps it is the exact
    relation. The word rule is asked lazily, when the planner asks about a pair.
    Given the units' ``kinds``, the representatives of units that match only exactly
    (tables, code) take no part in the near search.
    """

    def __init__(
        self,
        normals: Sequence[Normal],
        threshold: float,
        near_allowed: Callable[[int, int], bool] | None = None,
        relation: tuple[Any, ...] | None = None,
        kinds: Sequence[str] | None = None,
    ) -> None:
        self.threshold = threshold
        self._verify = Verifier(threshold)
        # The word rule and the units that match only exactly, asked of each near pair
        # (of representatives) that is within the threshold's edits.
        self._near_allowed = near_allowed
        # Equal text with other numbers ("10 21" and "1021") matches exactly, but may
        # match a third paragraph differently, so it gets a representative of its own.
        # Representatives by normal text, for the texts two or more of them share.
        self._same_text: dict[str, list[int]] = {}
        self.rep: list[int] = []
        self.occurrences: dict[int, list[int]] = {}
        self.normals = normals
        pairs: dict[tuple[int, int], float] | None
        found: tuple[bytes, bytes, bytes, bytes] | None = None  # the core's bounded partners
        if relation is not None:  # found by the core with the forms (dedup.text.prepare)
            self.rep, self.occurrences, self._same_text, pairs, found = relation
        elif core is not None and isinstance(normals, list):
            self.rep, self.occurrences, self._same_text = core.group_normals(normals)  # native/src/plan.rs
        else:
            first: dict[Normal, int] = {}
            for i, normal in enumerate(normals):
                r = first.setdefault(normal, i)
                self.rep.append(r)
                if r == i:
                    self.occurrences[i] = [i]
                    self._same_text.setdefault(normal.text, []).append(i)
                else:
                    self.occurrences[r].append(i)
            self._same_text = {text: group for text, group in self._same_text.items() if len(group) > 1}
        # Each representative's twins, where another has its text (:meth:`_twins_of`):
        # those whose paths and names have the same case, and whose numbers as written,
        # superscripts, words with ß and acronyms are the same, itself included (read
        # only where texts are equal, which is rare: :func:`dedup.text.words.case_refusal`,
        # :func:`dedup.text.exact.exact_key`).
        self._twins: dict[int, list[int]] = {}
        for group in self._same_text.values():
            by_names: dict[tuple[object, ...], list[int]] = {}
            for r in group:
                spaced = normals[r].spaced
                self._twins[r] = by_names.setdefault((named(spaced), exact_key(spaced)), [])
                self._twins[r].append(r)
        self._scores: dict[tuple[int, int], float | None] = {}
        self._verified: dict[int, list[int]] = {}
        self._kinds = kinds
        # Every near match found up front when that is cheap (most documents); then
        # the chunk index is never built.
        if relation is None:
            pairs = near_pairs(((r, normals[r]) for r in self._near_reps()), threshold)
        self.complete = pairs is not None
        self._partners: dict[int, list[int]] = {}
        # Otherwise: each representative's near partners within edits (not yet asked
        # of the word rule) among its bounded earlier candidates, and the later
        # representatives that have it as one; both increasing.
        self._earlier: Partners | None = None
        self._later: Partners | None = None
        self._popularity: dict[int, int] = {}  # a bounded relation's, as asked
        if pairs is not None:
            if near_allowed is not None:
                pairs = {pair: score for pair, score in pairs.items() if near_allowed(*pair)}
            self._scores.update(pairs)
            for a, b in pairs:
                self._partners.setdefault(a, []).append(b)
                self._partners.setdefault(b, []).append(a)
        else:
            self._bounded_partners(found)

    def _near_reps(self) -> list[int]:
        """The representatives that take part in the near search, increasing: those of
        units that may match near (``kinds``); a table or code block matches only
        exactly (EXACT_ONLY: the word rule refuses its near pairs). Asked only where the
        relation is searched here, not where the core found it with the forms."""
        kinds = self._kinds
        return [r for r in self.occurrences if kinds is None or kinds[r] not in EXACT_ONLY]

    def _bounded_partners(self, found: tuple[bytes, bytes, bytes, bytes] | None) -> None:
        n = len(self.rep)
        reps = self._near_reps() if found is None else []  # (found: the core's, with the forms)
        if found is None and core is not None and 0 < self.threshold <= 1:
            # The compiled twin of what follows (native/src/bounded.rs), stored flat.
            forms = [self.normals[r] for r in reps]
            texts, numbers = [f.text for f in forms], [f.numbers for f in forms]
            found = core.bounded_partners(texts, numbers, reps, n, self.threshold)
        if found is not None:
            earlier, later = Partners.from_bytes(found[0], found[1]), Partners.from_bytes(found[2], found[3])
        else:
            index = ChunkIndex(self.threshold, ((r, self.normals[r]) for r in reps))
            lists: dict[int, list[int]] = {}
            for r in reps:
                normal = self.normals[r]
                candidates = index.earlier(normal, r)
                if not candidates:
                    continue
                # Candidates share r's numbers (the index is keyed by them); only the
                # edit distance is left to check, in C.
                texts = [self.normals[c].text for c in candidates]
                within = sorted(candidates[k] for k, _ in self._verify.within_any(normal.text, texts))
                if within:
                    lists[r] = within
            earlier = Partners.from_lists(lists, n)
            later = earlier.transposed()
        self._earlier, self._later = earlier, later

    def _twins_of(self, r: int) -> Sequence[int]:
        return self._twins.get(r) or (r,)

    def any(self) -> bool:
        """Whether any two paragraphs may match (False only when known for sure)."""
        return not self.complete or bool(
            self._partners or len(self.occurrences) < len(self.rep) or self._same_text
        )

    def score(self, a: int, b: int, keep: bool = True) -> float | None:
        """Similarity of paragraphs ``a`` and ``b`` if they match, else None. Not
        ``keep``: a bounded relation's answer is not kept in the score table (the
        compiled planner keeps its own, a bool a pair, where the table's entry weighs
        about 190 bytes, up to CANDIDATES of them a paragraph)."""
        ra, rb = self.rep[a], self.rep[b]
        if ra == rb:
            return 1.0
        a_normal, b_normal = self.normals[ra], self.normals[rb]
        if a_normal.text == b_normal.text:  # equal texts match exactly, but for the case of names
            return 1.0 if self._verify.same(a_normal.spaced, b_normal.spaced) else None
        key = (ra, rb) if ra < rb else (rb, ra)
        if self.complete:
            return self._scores.get(key)
        assert self._earlier is not None  # (bounded)
        if not self._earlier.has(key[1], key[0]):
            return None  # not within edits, or not among the later one's candidates
        if key in self._scores:
            return self._scores[key]
        score = self._verify.score(self.normals[key[0]], self.normals[key[1]])
        if score is not None and self._near_allowed is not None and not self._near_allowed(*key):
            score = None
        if keep:
            self._scores[key] = score  # at most CANDIDATES pairs per representative
        return score

    def popularity(self, p: int) -> int:
        """An upper bound on the paragraphs that match paragraph ``p``."""
        r = self.rep[p]
        if self.complete:
            return sum(len(self.occurrences[c]) for c in self._neighbours(r))
        if r not in self._popularity:  # asked of the Python planner only (the core counts its own)
            assert self._earlier is not None and self._later is not None  # (bounded)
            linked = (*self._twins_of(r), *self._earlier.of(r), *self._later.of(r))
            self._popularity[r] = sum(len(self.occurrences[c]) for c in linked)
        return self._popularity[r]

    def _neighbours(self, r: int) -> list[int]:
        """Every representative that matches ``r`` (itself included), increasing; for
        a complete relation only."""
        if r not in self._verified:
            self._verified[r] = sorted({*self._twins_of(r), *self._partners.get(r, ())})
        return self._verified[r]

    def matching(self, p: int, limit: int | None = None) -> Iterator[int]:
        """Every paragraph that matches paragraph ``p`` (itself included), increasing;
        with ``limit``, only those of the first ``limit`` representatives looked at
        (matching or not, itself included)."""
        r = self.rep[p]
        if self.complete:
            neighbours = self._neighbours(r)
            if limit is not None:
                neighbours = neighbours[:limit]
            yield from heapq.merge(*(self.occurrences[c] for c in neighbours))
            return
        same_text = self._twins_of(r)  # r, and equal texts with other numbers
        assert self._earlier is not None and self._later is not None  # (bounded)
        reps: Iterator[int] = heapq.merge(same_text, self._earlier.of(r), self._later.of(r))
        if limit is not None:
            reps = islice(reps, limit)
        heap: list[tuple[int, int, Iterator[int]]] = []
        pending = next(reps, None)
        last_rep = -1
        while True:
            # A representative's first occurrence is its id, so it can be admitted
            # lazily, just before the enumeration reaches it.
            while pending is not None and (not heap or pending <= heap[0][0]):
                if pending != last_rep and (pending == r or self.score(pending, r) is not None):
                    last_rep = pending
                    rest = iter(self.occurrences[pending])
                    heapq.heappush(heap, (next(rest), pending, rest))
                pending = next(reps, None)
            if not heap:
                return
            position, ident, rest = heapq.heappop(heap)
            yield position
            following = next(rest, None)
            if following is not None:
                heapq.heappush(heap, (following, ident, rest))
