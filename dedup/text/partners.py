"""Each paragraph's near partners in a bounded relation, stored flat.

A bounded relation (:class:`dedup.text.runs.Matches`) keeps, for each representative,
its earlier partners (its chunk candidates within the threshold's edits) and its later
ones. Near-identical paragraphs have up to :data:`dedup.text.fingerprint.CANDIDATES`
each, so lists of int objects weighed about 40 bytes a pair, twice (issue 14, item 6);
here a pair is 4 bytes in one array and a paragraph 8 in another, which the compiled
planner reads as they are (``native/src/bounded.rs`` makes them).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence


class Partners:
    """The partners of each of ``n`` paragraphs, increasing: those of ``r`` are
    ``flat[ends[r]:ends[r + 1]]``.

    Example:
        >>> earlier = Partners.from_lists({2: [0, 1], 3: [1]}, 4)
        >>> list(earlier.of(2)), earlier.has(3, 1), earlier.has(3, 0), len(earlier)
        ([0, 1], True, False, 3)
        >>> [list(earlier.transposed().of(r)) for r in range(4)]
        [[2], [2, 3], [], []]
    """

    __slots__ = ("ends", "flat")

    def __init__(self, flat: Sequence[int], ends: Sequence[int]) -> None:
        self.flat = flat  # unsigned 32-bit ids (an array or a view of typecode "I")
        self.ends = ends  # signed 64-bit offsets ("q"), one more than paragraphs

    @classmethod
    def from_bytes(cls, flat: bytes, ends: bytes) -> Partners:
        """From the compiled core's native ``u32`` and ``i64`` bytes, read in place."""
        return cls(memoryview(flat).cast("I"), memoryview(ends).cast("q"))

    @classmethod
    def from_lists(cls, lists: Mapping[int, Sequence[int]], n: int) -> Partners:
        """From each paragraph's increasing partners (absent: none), over ``n``."""
        flat, ends = array("I"), array("q", [0])
        for r in range(n):
            flat.extend(lists.get(r, ()))
            ends.append(len(flat))
        return cls(flat, ends)

    def of(self, r: int) -> Sequence[int]:
        """The partners of ``r``, increasing."""
        return self.flat[self.ends[r] : self.ends[r + 1]]

    def has(self, r: int, c: int) -> bool:
        """Whether ``c`` is one of ``r``'s partners."""
        start, end = self.ends[r], self.ends[r + 1]
        k = bisect_left(self.flat, c, start, end)
        return k < end and self.flat[k] == c

    def transposed(self) -> Partners:
        """Each paragraph's partners turned around: ``c``'s are the ``r`` that have
        ``c`` among theirs, increasing."""
        n = len(self.ends) - 1
        found: dict[int, list[int]] = {}
        for r in range(n):
            for c in self.of(r):
                found.setdefault(c, []).append(r)
        return Partners.from_lists(found, n)

    def __len__(self) -> int:
        """How many pairs."""
        return len(self.flat)
