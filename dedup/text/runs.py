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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dedup.native import core
from dedup.pickling import by_fields
from dedup.text.matches import Matches
from dedup.text.normalize import Normal, size
from dedup.text.sections import Structure

if TYPE_CHECKING:
    from dedup.text.layout import Paragraph

# How many positions of the wanted run are looked at to pick the one to enumerate.
_PICK_WINDOW = 64
# Switch to a rarer position mid-enumeration only when it is this many times rarer.
_SWITCH_FACTOR = 4
# The run search at a paragraph looks at most at this many source candidates (README,
# "The rule", "Bounded work").
SOURCES = 64


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


def plan(
    normals: Sequence[Normal],
    threshold: float,
    min_chars: int,
    protected: Sequence[bool] | None = None,
    *,
    near_allowed: Callable[[int, int], bool] | None = None,
    kinds: Sequence[str] | None = None,
    raws: Sequence[str] | None = None,
    relation: tuple[Any, ...] | None = None,
    paragraphs: Sequence[Paragraph] | None = None,
    marks: tuple[list[int | None], list[int], list[bool]] | None = None,
) -> Plan:
    """Apply the rule to the paragraphs' normalised forms.

    ``protected`` paragraphs (those matching a keep pattern) are never part of a
    removed run, though they may be the source of one. ``near_allowed(a, b)`` is asked
    of every near (not exact) pair within the threshold; ``kinds`` are the units'
    kinds (:mod:`dedup.text.layout`) and ``raws`` their text (for indentation,
    heading levels, copyright lines and refrains), whose structure a removal may not
    break (:class:`dedup.text.sections.Structure`; ``paragraphs``, the units' lines, say
    which stand on consecutive lines; ``marks``, their
    :func:`dedup.text.heads.unit_marks` when the core read them). ``relation`` is the start of the
    match relation when the core found it with the forms (:class:`Matches`).

    Example:
        >>> from dedup.text.normalize import normalize
        >>> texts = ["An opening paragraph that says something.", "A second one, quite different.",
        ...          "An opening paragraph that says something!", "A second one; quite different."]
        >>> plan([normalize(t) for t in texts], 0.9, 40).runs
        [Run(start=2, length=2, source=0)]
    """
    n = len(normals)
    matches = Matches(normals, threshold, near_allowed, relation, kinds)
    if not matches.any():
        return Plan([], False, matches)
    if kinds is None and raws is not None:
        kinds = ["prose"] * n
    texts = [normal.text for normal in normals]
    structure = Structure(kinds, raws, texts, paragraphs, marks) if kinds is not None else None
    if core is not None:
        # The compiled twin of what follows (native/src/plan.rs).
        planned = core.plan_runs(matches, min_chars, None if protected is None else list(protected), structure)
        if planned is not None:  # (None: a lone surrogate, which Python plans)
            return Plan([Run(*run) for run in planned[0]], planned[1], matches)
    # Letters, digits and marks before each paragraph, so that a run's weight is a
    # subtraction, and a paragraph where no run could weigh enough is not searched.
    by_rep: dict[int, int] = {}
    before = [0]
    for k in range(n):
        r = matches.rep[k]
        if r not in by_rep:
            by_rep[r] = size(normals[r].text)
        before.append(before[-1] + by_rep[r])
    # Where the run at each paragraph must stop: the next protected paragraph, or the
    # next paragraph that matches no earlier one (no run can hold it).
    stops = [n] * n
    stop = n
    for k in range(n - 1, -1, -1):
        if (protected is not None and protected[k]) or next(matches.matching(k)) == k:
            stop = k
        stops[k] = stop

    runs: list[Run] = []
    kept_with_match = False
    diagonals = _Diagonals()
    i = 0
    while i < n:
        if protected is not None and protected[i]:
            i += 1
            continue
        if before[i + min(i, stops[i] - i)] - before[i] < min_chars:
            # No run here can weigh enough (a run is no longer than what is before it,
            # and ends before the next paragraph that matches nothing earlier): only
            # whether paragraph i matches an earlier one matters.
            kept_with_match = kept_with_match or stops[i] > i
            i += 1
            continue
        best, source = _longest_run(matches, i, stops[i], diagonals)
        if (
            best
            and before[i + best] - before[i] >= min_chars
            and not (structure and structure.refuses(i, best, source))
        ):
            runs.append(Run(i, best, source))
            if structure is not None:
                structure.remove(i, best)
            i += best
            continue
        kept_with_match = kept_with_match or best > 0
        i += 1
    return Plan(runs, kept_with_match, matches)


def _rarest(matches: Matches, i: int, best: int, n: int) -> tuple[int, int]:
    window = range(i, min(i + best + 1, n, i + _PICK_WINDOW))
    return min((matches.popularity(d), d) for d in window)


DIAGONALS = 4 * SOURCES
"""The diagonals whose matching stretch the run search keeps, at most (:class:`_Diagonals`)."""


class _Diagonals:
    """What the run search has read lately of each diagonal ``i - j``: the paragraphs
    ``[start, end)`` at which ``(k - (i - j), k)`` match. A run the structure rules
    refuse is looked for again one paragraph on, along the same diagonal; reading its
    pairs again each time made a refused run of *n* paragraphs cost *n*\u00b2 (8,000
    productions and their copy, the last changed). Kept for :data:`DIAGONALS`
    diagonals: when full, those that end before the paragraph asked about go, and all
    if none does."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[int, int]] = {}

    def read(self, delta: int, i: int) -> int:
        """How many pairs from ``(i - delta, i)`` on are known to match."""
        known = self.known.get(delta)
        return known[1] - i if known is not None and known[0] <= i < known[1] else 0

    def note(self, delta: int, i: int, length: int) -> None:
        """Pairs ``(i - delta + t, i + t)`` match for ``t`` below ``length``."""
        end = i + length
        known = self.known.get(delta)
        if known is not None and known[0] <= i <= known[1]:
            end = max(end, known[1])
        elif len(self.known) >= DIAGONALS:
            self.known = {d: k for d, k in self.known.items() if k[1] > i}
            if len(self.known) >= DIAGONALS:
                self.known.clear()
        self.known[delta] = (i, end)


def _longest_run(matches: Matches, i: int, n: int, diagonals: _Diagonals) -> tuple[int, int]:
    """The longest run at ``i`` and the earliest start of its source: ``(0, -1)`` if none.

    Bounded: the paragraphs matching the enumerated one are looked at, earliest first,
    :data:`SOURCES` at most (and as many representatives); a source beyond them is
    not seen.
    """
    best, source = 0, -1
    switch = True
    looked = 0
    while switch and i + best < n and looked < SOURCES:
        switch = False
        popularity, d = _rarest(matches, i, best, n)
        offset = d - i
        for position in matches.matching(d, SOURCES):
            j = position - offset
            if j + best + 1 > i:
                break  # no earlier start is left that could beat ``best``
            looked += 1
            if looked > SOURCES:
                break
            if j < 0:
                continue
            # ``j + offset`` matches ``d``; the other pairs, ``j`` and ``i`` included, are checked.
            limit = min(i - j, n - i)
            length = min(diagonals.read(i - j, i), limit)
            while length < limit and matches.score(j + length, i + length) is not None:
                length += 1
            diagonals.note(i - j, i, length)
            if length > best:
                best, source = length, j
                if best == n - i:
                    break
                if _rarest(matches, i, best, n)[0] * _SWITCH_FACTOR < popularity:
                    switch = True
                    break
    return best, source
