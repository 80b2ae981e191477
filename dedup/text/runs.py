"""The run planner: which paragraphs go, and which earlier paragraphs they repeat.

The rule: scanning left to right, at each paragraph ``i`` take the longest run of
consecutive paragraphs ``i .. i+L-1`` that matches, paragraph by paragraph, a run
``j .. j+L-1`` that started earlier and ends before ``i`` (``j + L <= i``); on a tie
the earliest ``j``. Remove it if its total size is at least ``min_chars`` and go on
after it; otherwise go on at ``i + 1``.

Searching every ``j`` would be quadratic. Instead the planner enumerates, in
increasing order, only the paragraphs that match one chosen paragraph ``d`` of the
wanted run (a run longer than the best so far must cover ``i .. i+best``, so any
``d`` in there will do) and picks the ``d`` whose candidates are fewest: a separator
line that repeats a thousand times is never the one enumerated when the text after
it is unique. Enumeration stops as soon as no earlier start could beat the best run.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from dedup.pickling import by_fields
from dedup.text.fingerprint import ChunkIndex
from dedup.text.match import max_edits, near_score, similarity
from dedup.text.normalize import Normal, size
from dedup.text.pairs import near_pairs
from dedup.text.sections import Structure

# How many positions of the wanted run are looked at to pick the one to enumerate.
_PICK_WINDOW = 64
# Switch to a rarer position mid-enumeration only when it is this many times rarer.
_SWITCH_FACTOR = 4
# Up to this many postings, a paragraph's candidates are verified all at once.
_BATCH_LIMIT = 20_000


@by_fields
@dataclass(frozen=True, slots=True)
class Run:
    """Paragraphs ``start .. start+length-1`` repeat ``source .. source+length-1``."""

    start: int
    length: int
    source: int


@dataclass(frozen=True, slots=True)
class Plan:
    """The runs to remove, and whether a kept paragraph matched an earlier one (in
    which case removing the runs may join kept paragraphs into a new repeat)."""

    runs: list[Run]
    kept_with_match: bool
    matches: Matches


class Matches:
    """The match relation over the paragraphs of one document.

    Paragraphs with equal normalised text and numbers share a representative, the
    index of the first of them; other matches are verified once per pair of
    representatives.
    """

    def __init__(
        self, normals: Sequence[Normal], threshold: float, near_allowed: Callable[[int, int], bool] | None = None
    ) -> None:
        self.threshold = threshold
        # The word rule and the units that match only exactly, asked of each near pair
        # (of representatives) that is within the threshold's edits.
        self._near_allowed = near_allowed
        # Equal text with other numbers ("10 21" and "1021") matches exactly, but may
        # match a third paragraph differently, so it gets a representative of its own.
        first: dict[Normal, int] = {}
        self._same_text: dict[str, list[int]] = {}
        self.rep: list[int] = []
        self.occurrences: dict[int, list[int]] = {}
        self.normals = normals
        for i, normal in enumerate(normals):
            r = first.setdefault(normal, i)
            self.rep.append(r)
            if r == i:
                self.occurrences[i] = [i]
                self._same_text.setdefault(normal.text, []).append(i)
            else:
                self.occurrences[r].append(i)
        self._scores: dict[tuple[int, int], float | None] = {}
        self._verified: dict[int, list[int] | None] = {}
        self._postings: dict[int, list[list[int]]] = {}
        # Every near match found up front when that is cheap (most documents); then
        # the chunk index is never built.
        pairs = near_pairs(((r, normals[r]) for r in self.occurrences), threshold)
        self.complete = pairs is not None
        self._partners: dict[int, list[int]] = {}
        if pairs is not None:
            if near_allowed is not None:
                pairs = {pair: score for pair, score in pairs.items() if near_allowed(*pair)}
            self._scores.update(pairs)
            for a, b in pairs:
                self._partners.setdefault(a, []).append(b)
                self._partners.setdefault(b, []).append(a)

    @cached_property
    def index(self) -> ChunkIndex:
        """The chunk index over the representatives (built when first needed)."""
        return ChunkIndex(self.threshold, ((r, self.normals[r]) for r in self.occurrences))

    def any(self) -> bool:
        """Whether any two paragraphs may match (False only when known for sure)."""
        return not self.complete or bool(
            self._partners or len(self.occurrences) < len(self.rep) or len(self._same_text) < len(self.occurrences)
        )

    def score(self, a: int, b: int) -> float | None:
        """Similarity of paragraphs ``a`` and ``b`` if they match, else None."""
        ra, rb = self.rep[a], self.rep[b]
        if ra == rb:
            return 1.0
        a_normal, b_normal = self.normals[ra], self.normals[rb]
        if a_normal.text == b_normal.text:  # equal texts match exactly, whatever else differs
            return 1.0
        key = (ra, rb) if ra < rb else (rb, ra)
        if key not in self._scores:
            score = None if self.complete else near_score(a_normal, b_normal, self.threshold)
            if score is not None and self._near_allowed is not None and not self._near_allowed(*key):
                score = None
            self._scores[key] = score
        return self._scores[key]

    def _rep_postings(self, r: int) -> list[list[int]]:
        if r not in self._postings:
            self._postings[r] = self.index.postings(self.normals[r])
        return self._postings[r]

    def popularity(self, p: int) -> int:
        """An upper bound on the paragraphs that match paragraph ``p``."""
        r = self.rep[p]
        if self.complete:
            return sum(len(self.occurrences[c]) for c in self._neighbours(r) or ())
        return len(self.occurrences[r]) + sum(len(ids) for ids in self._rep_postings(r))

    def _neighbours(self, r: int) -> list[int] | None:
        """Every representative that matches ``r`` (itself included), increasing, with
        the candidates verified in one batch; None when there are so many candidates
        that they are better verified lazily (many near-identical paragraphs, where
        the enumeration stops after the first few)."""
        if r in self._verified:
            return self._verified[r]
        normal = self.normals[r]
        if self.complete:
            every = sorted({*self._same_text[normal.text], *self._partners.get(r, ())})
            self._verified[r] = every
            return every
        postings = self._rep_postings(r)
        found: list[int] | None = None
        if sum(map(len, postings)) <= _BATCH_LIMIT:
            candidates = [c for c in self.index.candidates(normal, postings) if c != r]
            found = list(self._same_text[normal.text])
            if candidates:
                # Candidates share r's numbers (the index is keyed by them); only the
                # edit distance is left to check, in C.
                from rapidfuzz.distance import Levenshtein  # only documents with candidates
                from rapidfuzz.process import extract

                texts = [self.normals[c].text for c in candidates]
                cutoff = max_edits(max(map(len, texts)) if texts else 0, self.threshold)
                cutoff = max(cutoff, max_edits(len(normal.text), self.threshold))
                for _, distance, k in extract(
                    normal.text, texts, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=None
                ):
                    c = candidates[k]
                    la, lb = len(normal.text), len(texts[k])
                    pair = (r, c) if r < c else (c, r)
                    if distance <= max_edits(max(la, lb), self.threshold) and (
                        self._near_allowed is None or self._near_allowed(*pair)
                    ):
                        self._scores[pair] = similarity(distance, la, lb)
                        found.append(c)
                for c in candidates:
                    self._scores.setdefault((r, c) if r < c else (c, r), None)
            found = sorted(set(found))
        self._verified[r] = found
        return found

    def matching(self, p: int) -> Iterator[int]:
        """Every paragraph that matches paragraph ``p`` (itself included), increasing."""
        r = self.rep[p]
        neighbours = self._neighbours(r)
        if neighbours is not None:
            yield from heapq.merge(*(self.occurrences[c] for c in neighbours))
            return
        normal = self.normals[r]
        same_text = self._same_text[normal.text]  # r, and equal texts with other numbers
        reps = heapq.merge(same_text, self.index.candidates(normal, self._rep_postings(r)))
        heap: list[tuple[int, int, Iterator[int]]] = []
        pending = next(reps, None)
        last_rep = -1
        while True:
            # A representative's first occurrence is its id, so it can be admitted
            # lazily, just before the enumeration reaches it.
            while pending is not None and (not heap or pending <= heap[0][0]):
                if pending != last_rep:
                    last_rep = pending
                    if pending == r or self.score(pending, r) is not None:
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


def plan(
    normals: Sequence[Normal],
    threshold: float,
    min_chars: int,
    protected: Sequence[bool] | None = None,
    *,
    near_allowed: Callable[[int, int], bool] | None = None,
    kinds: Sequence[str] | None = None,
    raws: Sequence[str] | None = None,
) -> Plan:
    """Apply the rule to the paragraphs' normalised forms.

    ``protected`` paragraphs (those matching a keep pattern) are never part of a
    removed run, though they may be the source of one. ``near_allowed(a, b)`` is asked
    of every near (not exact) pair within the threshold; ``kinds`` are the units'
    kinds (:mod:`dedup.text.layout`) and ``raws`` their text (for indentation and
    rules), whose structure a removal may not break
    (:class:`dedup.text.sections.Structure`).

    Example:
        >>> from dedup.text.normalize import normalize
        >>> texts = ["An opening paragraph that says something.", "A second one, quite different.",
        ...          "An opening paragraph that says something!", "A second one; quite different."]
        >>> plan([normalize(t) for t in texts], 0.9, 40).runs
        [Run(start=2, length=2, source=0)]
    """
    n = len(normals)
    matches = Matches(normals, threshold, near_allowed)
    if not matches.any():
        return Plan([], False, matches)
    sizes: dict[int, int] = {}  # letters, digits and marks, counted when a run needs them

    def weight(start: int, stop: int) -> int:
        total = 0
        for k in range(start, stop):
            if k not in sizes:
                sizes[k] = size(normals[k].text)
            total += sizes[k]
            if total >= min_chars:
                break
        return total

    if kinds is None and raws is not None:
        kinds = ["prose"] * n
    structure = Structure(kinds, raws, [normal.text for normal in normals]) if kinds is not None else None
    runs: list[Run] = []
    kept_with_match = False
    i = 0
    while i < n:
        if protected is not None:
            if protected[i]:
                i += 1
                continue
            # A run stops before the next protected paragraph.
            end = i
            while end < n and not protected[end]:
                end += 1
            best, source = _longest_run(matches, i, end)
        else:
            best, source = _longest_run(matches, i, n)
        if best and weight(i, i + best) >= min_chars and not (structure and structure.refuses(i, best, source)):
            runs.append(Run(i, best, source))
            i += best
            continue
        kept_with_match = kept_with_match or best > 0
        i += 1
    return Plan(runs, kept_with_match, matches)


def _rarest(matches: Matches, i: int, best: int, n: int) -> tuple[int, int]:
    window = range(i, min(i + best + 1, n, i + _PICK_WINDOW))
    return min((matches.popularity(d), d) for d in window)


def _longest_run(matches: Matches, i: int, n: int) -> tuple[int, int]:
    """The longest run at ``i`` and the earliest start of its source: ``(0, -1)`` if none."""
    best, source = 0, -1
    switch = True
    while switch and i + best < n:
        switch = False
        popularity, d = _rarest(matches, i, best, n)
        offset = d - i
        for position in matches.matching(d):
            j = position - offset
            if j + best + 1 > i:
                break  # no earlier start is left that could beat ``best``
            if j < 0:
                continue
            # ``j + offset`` matches ``d``; the other pairs, ``j`` and ``i`` included, are checked.
            length = 0
            limit = min(i - j, n - i)
            while length < limit and matches.score(j + length, i + length) is not None:
                length += 1
            if length > best:
                best, source = length, j
                if best == n - i:
                    break
                if _rarest(matches, i, best, n)[0] * _SWITCH_FACTOR < popularity:
                    switch = True
                    break
    return best, source
