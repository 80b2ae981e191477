"""When two paragraphs are the same: equal normalised text, or the same numbers and a
Levenshtein similarity of at least the threshold.

Similarity is ``1 - distance / max(len)``. To make the threshold exact (no floating
point surprises at the boundary) it is applied as a whole number of edits:
``distance <= max_edits(max(len))``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from dedup.text.normalize import Normal

_EPS = 1e-9


def _first_distance(a: str, b: str, *, score_cutoff: int) -> int:
    # rapidfuzz takes ~6 ms to import, and a document with no near candidates (most
    # of what a pre-commit hook sees) never needs it: import it on the first call,
    # then call it directly.
    global levenshtein
    from rapidfuzz.distance.Levenshtein import distance

    levenshtein = distance
    return distance(a, b, score_cutoff=score_cutoff)


levenshtein: Callable[..., int] = _first_distance
"""rapidfuzz's ``Levenshtein.distance(a, b, score_cutoff=...)``, imported on first use."""


@lru_cache(maxsize=64)
def _edits_for(threshold: float) -> float:
    return 1.0 - threshold


def max_edits(length: int, threshold: float) -> int:
    """The most edits two strings, the longer of ``length`` code points, may differ by.

    >>> max_edits(10, 0.9), max_edits(9, 0.9), max_edits(200, 0.9)
    (1, 0, 20)
    """
    return math.floor(_edits_for(threshold) * length + _EPS)


def similarity(distance: int, a_len: int, b_len: int) -> float:
    """``1 - distance / max(len)``; two empty strings are identical."""
    longest = max(a_len, b_len)
    return 1.0 if longest == 0 else 1.0 - distance / longest


def compatible(a_len: int, b_len: int, threshold: float) -> bool:
    """Whether lengths alone allow a match (the length filter)."""
    return abs(a_len - b_len) <= max_edits(max(a_len, b_len), threshold)


def near_score(a: Normal, b: Normal, threshold: float) -> float | None:
    """The similarity of two *different* normalised paragraphs if they match, else None.

    Example:
        >>> from dedup.text.normalize import normalize
        >>> round(near_score(normalize("12 people were hurt in the fire"),
        ...                  normalize("12 peeple were hurt in the fire"), 0.9), 3)
        0.96
        >>> near_score(normalize("12 people were hurt in the fire"),
        ...            normalize("21 people were hurt in the fire"), 0.9) is None
        True
    """
    if a.numbers != b.numbers:
        return None
    la, lb = len(a.text), len(b.text)
    limit = max_edits(max(la, lb), threshold)
    if abs(la - lb) > limit:
        return None
    distance = levenshtein(a.text, b.text, score_cutoff=limit)
    if distance > limit:
        return None
    return similarity(distance, la, lb)


# No paragraph is longer than this (in code points); it bounds partner lengths.
LONGEST = 10**9


@lru_cache(maxsize=4096)
def longest_partner(length: int, threshold: float) -> int:
    """The longest paragraph that one of ``length`` may match: the largest ``p`` with
    ``p - length <= max_edits(p)``, about ``length / threshold`` (capped at a length
    no paragraph reaches, for tiny thresholds).

    >>> longest_partner(90, 0.9), longest_partner(90, 1.0)
    (100, 90)
    """
    if threshold >= 1:
        return length
    longest = math.floor(min((length + _EPS) / threshold, LONGEST))
    if longest >= LONGEST:
        return LONGEST
    while longest > length and longest - length > max_edits(longest, threshold):
        longest -= 1
    while longest + 1 - length <= max_edits(longest + 1, threshold):
        longest += 1
    return longest
