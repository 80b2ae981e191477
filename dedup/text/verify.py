"""The one verifier of the match rule: whether two paragraphs match, and why not.

README, "The rule", 4: two paragraphs whose normal forms are equal match exactly,
unless a path or ``snake_case`` name in them differs by case
(:func:`dedup.text.words.case_refusal`). Two whose normal forms differ match *nearly*
when they hold the same numbers, their normal forms are within the threshold's edits
(:func:`dedup.text.match.max_edits` of the longer, a whole number, so the boundary
has no floating-point surprises), neither is a unit that matches only exactly and the
word rule does not refuse them (:func:`dedup.text.words.near_refusal`).

Everything that asks goes through :class:`Verifier`: the direct check of a document's
pairs (:func:`dedup.text.pairs.near_pairs`), the planner's bounded partner search
(:class:`dedup.text.runs.Matches`), the engine's word rule and ``dedup explain``
(:mod:`dedup.explain`), which reports the :class:`Verdict` it gets. The edit distance
is rapidfuzz's Levenshtein distance with a cutoff (it stops early, and on long texts
only looks at a band of the matrix), imported on first use: a document with no near
candidate never loads it. With the compiled core on (:mod:`dedup.native`),
:meth:`Verifier.within_any` is its twin, the same algorithms in Rust.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dedup.native import core
from dedup.text.exact import exact_refusal
from dedup.text.match import max_edits, similarity
from dedup.text.normalize import Normal
from dedup.text.words import case_refusal, near_refusal

# Thresholds are suggested in hundredths, as they are written on the command line.
_STEPS = 100


def _first_distance(a: str, b: str, *, score_cutoff: int | None = None) -> int:
    # rapidfuzz takes ~6 ms to import: import it on the first call, then call it directly.
    global _distance
    from rapidfuzz.distance.Levenshtein import distance

    _distance = distance
    return distance(a, b, score_cutoff=score_cutoff)


_distance: Callable[..., int] = _first_distance


def distance(a: str, b: str, limit: int | None = None) -> int:
    """The Levenshtein distance of ``a`` and ``b``; with ``limit``, any number above
    ``limit`` when the distance is (the computation stops early).

    >>> distance("kitten", "sitting"), distance("kitten", "sitting", 1) > 1
    (3, True)
    """
    return _distance(a, b, score_cutoff=limit)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the rule says of two paragraphs, with its evidence: the edit distance of
    their normal forms and the longer one's length, whether their numbers agree, and
    what stands against a match (None: nothing): for equal normal forms, a path or
    name whose case differs; else the unit kinds or the word rule."""

    distance: int
    longest: int
    same_numbers: bool = True
    refusal: str | None = None

    @property
    def similarity(self) -> float:
        """``1 - distance / longest`` (1.0 for equal normal forms)."""
        return similarity(self.distance, self.longest, self.longest)

    def within(self, threshold: float) -> bool:
        """Whether the distance is within the threshold's edits."""
        return self.distance <= max_edits(self.longest, threshold)

    def matches(self, threshold: float) -> bool:
        """Whether the two paragraphs match at ``threshold``.

        >>> Verdict(7, 100).matches(0.93), Verdict(8, 100).matches(0.93)  # 1 - 7/100 < 0.93 in floats
        (True, False)
        """
        return self.refusal is None and (self.distance == 0 or (self.same_numbers and self.within(threshold)))

    def accepting(self) -> float | None:
        """The highest threshold, in hundredths, whose edits allow this distance; None
        if none in (0, 1] does.

        >>> Verdict(7, 100).accepting(), Verdict(9, 100).accepting(), Verdict(5, 5).accepting()
        (0.93, 0.91, None)
        """
        steps = min(_STEPS, math.floor(_STEPS * (1 - self.distance / self.longest) + 1)) if self.longest else _STEPS
        while steps > 0 and self.distance > max_edits(self.longest, steps / _STEPS):
            steps -= 1
        return steps / _STEPS if steps > 0 else None


class Verifier:
    """The near-match rule at one threshold.

    Example:
        >>> from dedup.text.normalize import normalize
        >>> verify = Verifier(0.9)
        >>> a, b = normalize("12 people were hurt in the fire"), normalize("12 peeple were hurt in the fire")
        >>> round(verify.score(a, b), 2), verify.score(a, normalize("21 people were hurt in the fire"))
        (0.96, None)
        >>> verify.refusal("prose", "prose", "Stop the server.", "Start the server.")
        "word changed: 'stop' / 'start'"
    """

    __slots__ = ("threshold",)

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def edits(self, length: int) -> int:
        """The most edits two normal forms, the longer of ``length``, may differ by."""
        return max_edits(length, self.threshold)

    def within(self, a: str, b: str) -> int | None:
        """The distance of two normal forms if it is within the threshold's edits, else None."""
        limit = self.edits(max(len(a), len(b)))
        if abs(len(a) - len(b)) > limit:
            return None
        found = _distance(a, b, score_cutoff=limit)
        return found if found <= limit else None

    def within_any(self, text: str, others: Sequence[str]) -> list[tuple[int, int]]:
        """``(k, distance)`` of each of ``others`` within the threshold's edits of
        ``text``, in one call to the compiled core (by increasing ``k``) or, without
        it, to rapidfuzz (the order is rapidfuzz's)."""
        if not others:
            return []
        if core is not None and 0 < self.threshold <= 1:
            within: list[tuple[int, int]] = core.within_any(text, others, self.threshold)
            return within
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import extract

        length = len(text)
        cutoff = self.edits(max(length, *map(len, others)))
        found: list[Any] = extract(text, others, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=None)
        return [(k, d) for _, d, k in found if d <= self.edits(max(length, len(others[k])))]

    def score(self, a: Normal, b: Normal) -> float | None:
        """The similarity of two *different* normal forms if their numbers agree and
        they are within the threshold's edits, else None (the word rule not asked)."""
        if a.numbers != b.numbers:
            return None
        found = self.within(a.text, b.text)
        return None if found is None else similarity(found, len(a.text), len(b.text))

    @staticmethod
    def same(a: str, b: str) -> bool:
        """Whether two paragraphs whose normal forms are equal (their spaced forms)
        match: unless a path or ``snake_case`` name differs by case
        (:func:`dedup.text.words.case_refusal`), or what the normal form does not keep
        does (:func:`dedup.text.exact.exact_refusal`: numbers split or joined,
        superscripts, ``ß``, an acronym's case)."""
        return case_refusal(a, b) is None and exact_refusal(a, b) is None

    @staticmethod
    def refusal(kind_a: str, kind_b: str, a: str, b: str) -> str | None:
        """What stands against a near match of two units within the threshold's edits
        (their kinds and spaced forms, the earlier first): an exact-only unit or the
        word rule; None if nothing does."""
        return near_refusal(kind_a, kind_b, a, b)

    def allowed(self, forms: Sequence[Normal], kinds: Sequence[str]) -> Callable[[int, int], bool]:
        """Whether paragraphs ``a`` and ``b`` of a document (their normal forms and
        kinds), within the threshold's edits, are a near match: nothing refuses them."""

        def allowed(a: int, b: int) -> bool:
            return self.refusal(kinds[a], kinds[b], forms[a].spaced, forms[b].spaced) is None

        return allowed

    def verdict(
        self, a: Normal, b: Normal, kind_a: str = "prose", kind_b: str = "prose", found: int | None = None
    ) -> Verdict:
        """The whole evidence on two paragraphs (``a`` the earlier), whatever the
        threshold: the full distance (``found``, if already known), and the word rule
        asked even beyond the threshold's edits, so that a report can say what else
        would refuse the pair."""
        if found is None:
            found = _distance(a.text, b.text)
        longest = max(len(a.text), len(b.text))
        if found == 0:
            refused = case_refusal(a.spaced, b.spaced) or exact_refusal(a.spaced, b.spaced)
        else:
            refused = self.refusal(kind_a, kind_b, a.spaced, b.spaced)
        return Verdict(found, longest, a.numbers == b.numbers, refused)
