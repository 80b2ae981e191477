"""Every near match of a document's paragraphs, checked directly when that is cheap.

Two different normal forms can only match when their numbers are equal and their
lengths are compatible. Sorting each group of equal numbers by length, a paragraph
of length ``n`` only needs comparing with the ones from ``n`` up to the longest
partner it may have; in most documents (a few dozen paragraphs of varied lengths)
those windows hold a handful of paragraphs, and checking each pair with rapidfuzz's
bounded Levenshtein distance, one C call per paragraph
(:meth:`dedup.text.verify.Verifier.within_any`), costs far less than building a chunk
index. When the windows add up to more pairs than a budget (many paragraphs of about
one length: lists, near-identical lines), this gives up and the caller uses the chunk
index (:mod:`dedup.text.fingerprint`); so it does when the pairs found are more than
the chunk index keeps (dense near matches). Both give the same matches.

The compiled core (:mod:`dedup.native`) has a twin of :func:`near_pairs`, which gives
the same pairs and similarities and gives up on the same documents; the Python here
is the reference, used when the core is off.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from dedup.native import core
from dedup.text.fingerprint import CANDIDATES
from dedup.text.match import longest_partner, max_edits, similarity
from dedup.text.normalize import Normal
from dedup.text.verify import Verifier

# Pairs checked directly, at most, per paragraph, plus a constant: about what the
# chunk index costs per paragraph. Most pairs are turned away by their lengths and
# letters, in 15-30 ns each in the core, against 20-30 us a paragraph for the chunk
# index (bench/shapes.py, the separator shape: 50,000 paragraphs of one length, 230
# pairs each, in 0.16 s checked directly and 1.1 s through the chunk index).
PAIRS_PER_PARAGRAPH = 512
PAIRS_BASE = 1024
# A pair counts as one check per CHECK_WIDTH characters of its longer paragraph and per
# machine word of the band of edits the bounded distance computes (Hyyro's algorithm:
# 64 bits a word, 2 k + 1 diagonals for k edits): so the budget holds the direct check's
# work per paragraph, whatever the paragraphs' length.
CHECK_WIDTH = 256
# Pairs found, at most, per paragraph, plus the same constant: as many as the bounded
# relation keeps (its candidates). Past that, near matches are so dense that the chunk
# index's caps do better than a table of every pair (about 200 bytes each in Python).
FOUND_PER_PARAGRAPH = CANDIDATES


def near_pairs(items: Iterable[tuple[int, Normal]], threshold: float) -> dict[tuple[int, int], float] | None:
    """The pairs ``(a, b)``, ``a < b``, of the given ids whose *different* normal forms
    match, with their similarity; None if that takes more pair checks than budgeted
    (:func:`check_cost` each), or finds more pairs than the chunk index would keep.

    Example:
        >>> from dedup.text.normalize import normalize
        >>> near_pairs([(0, normalize("the quick brown fox jumps over the lazy dog")),
        ...             (1, normalize("the quick brown fox jumped over the lazy dog")),
        ...             (2, normalize("12 monkeys jumped over the lazy dog's back"))], 0.9)
        {(0, 1): 0.9444444444444444}
    """
    if core is not None and 0 < threshold <= 1:
        found: dict[tuple[int, int], float] | None = core.near_pairs(items, threshold)
        return found
    return _near_pairs_python(items, threshold)


def check_cost(length: int, threshold: float) -> int:
    """What checking a pair whose longer paragraph has ``length`` characters counts
    against the budget.

    >>> [check_cost(n, 0.9) for n in (0, 256, 257, 1000, 2000)]
    [1, 1, 2, 16, 56]
    """
    widths = -(-length // CHECK_WIDTH)
    words = -(-(2 * max_edits(length, threshold) + 1) // 64)
    return max(1, widths * words)


def _near_pairs_python(items: Iterable[tuple[int, Normal]], threshold: float) -> dict[tuple[int, int], float] | None:
    """:func:`near_pairs` in Python: the reference."""
    groups: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}
    count = 0
    for ident, normal in items:
        groups.setdefault(normal.numbers, []).append((len(normal.text), ident, normal.text))
        count += 1
    if threshold >= 1:
        return {}
    budget = PAIRS_BASE + PAIRS_PER_PARAGRAPH * count
    work: list[tuple[list[tuple[int, int, str]], int, int]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort()
        lengths = [length for length, _, _ in members]
        # what checking each member against a shorter one counts, summed
        costs = list(accumulate((check_cost(n, threshold) for n in lengths), initial=0))
        for k, length in enumerate(lengths):
            end = bisect_right(lengths, longest_partner(length, threshold), k + 1)
            if end > k + 1:
                budget -= costs[end] - costs[k + 1]
                if budget < 0:
                    return None
                work.append((members, k, end))
    if not work:
        return {}
    verify = Verifier(threshold)
    found: dict[tuple[int, int], float] = {}
    most = PAIRS_BASE + FOUND_PER_PARAGRAPH * count
    for members, k, end in work:
        length, ident, text = members[k]
        window = members[k + 1 : end]
        for j, distance in verify.within_any(text, [other for _, _, other in window]):
            other_length, other, _ = window[j]
            found[(ident, other) if ident < other else (other, ident)] = similarity(distance, length, other_length)
        if len(found) > most:  # (each pair is in one window: found once)
            return None
    return found
