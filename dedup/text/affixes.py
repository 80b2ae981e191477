"""How far two strings agree from the start and from the end, in C-speed slice
comparisons (a binary search over lengths, not a character loop)."""

from __future__ import annotations


def common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of ``a`` and ``b``.

    >>> common_prefix("repeated text", "repeated test"), common_prefix("", "x")
    (11, 0)
    """
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str) -> int:
    """The length of the longest common suffix of ``a`` and ``b``.

    >>> common_suffix("a repeat", "the repeat"), common_suffix("x", "")
    (7, 0)
    """
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo
