"""The threshold's arithmetic: how many edits two paragraphs of given lengths may differ
by, and how long a partner of a paragraph may be.

Similarity is ``1 - distance / max(len)``. To make the threshold exact (no floating
point surprises at the boundary) it is applied as a whole number of edits:
``distance <= max_edits(max(len))``. The verifier that applies it, with the numbers
and the word rule, is :mod:`dedup.text.verify`.
"""

from __future__ import annotations

import math
from functools import lru_cache

_EPS = 1e-9


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
