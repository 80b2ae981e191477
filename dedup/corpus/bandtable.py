"""The LSH band table of near-duplicate clusters, compact (issue #4).

A key is a 64-bit number standing for one band of a signature (see
:func:`dedup.corpus.neardup.band_keys`); the table gives, for each key, the clusters
that were given it, in the order they were given it. A key almost always has one
cluster. Two different bands may share a key (a hash collision, with probability
about 2**-60 for a pair), so the caller compares the bands themselves.

About 12 bytes a key, where a dict of bytes to a cluster number took about 140:

* merged keys sit in one sorted ``uint64`` array, with the first cluster of each in
  a ``uint32`` array beside it, and are looked up a signature at a time
  (``searchsorted``);
* new keys go to a dict first, merged into the arrays once there are more than a
  sixteenth as many (and at least :attr:`BandTable.merge_at`), so merging costs
  O(n log n) in all, as :class:`dedup.corpus.scope.CorpusMemory` does for paragraphs;
* the further clusters of a shared key stay in a small dict of lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

_ABSENT = np.int64(-1)  # (a plain -1 would wrap to 2**32 - 1 beside uint32 clusters)


class BandTable:
    """Band keys and the clusters given each, in order.

    >>> table = BandTable()
    >>> keys = np.array([7, 9], dtype=np.uint64)
    >>> table.firsts(keys)
    [-1, -1]
    >>> table.add(7, 0, first=-1); table.add(7, 3, first=0)
    >>> table.firsts(keys), table.clusters(7, 0)
    ([0, -1], [0, 3])
    """

    merge_at = 2**16  # fewest recent keys merged into the arrays

    def __init__(self) -> None:
        self._recent: dict[int, int] = {}  # key -> first cluster, not merged yet
        self._keys: NDArray[np.uint64] = np.empty(0, dtype=np.uint64)  # merged, sorted
        self._first: NDArray[Any] = np.empty(0, dtype=np.uint32)  # and their first clusters
        self._more: dict[int, list[int]] = {}  # key -> its other clusters, if any
        self._due = self.merge_at

    def __len__(self) -> int:
        """How many (key, cluster) entries the table holds."""
        return len(self._keys) + len(self._recent) + sum(len(more) for more in self._more.values())

    def firsts(self, keys: NDArray[np.uint64]) -> list[int]:
        """The first cluster given each key, or -1 for a key not in the table."""
        absent = [-1] * len(keys)
        if len(self._keys):
            at = self._keys.searchsorted(keys)
            merged = self._keys.take(at, mode="clip") == keys
            if merged.any():
                absent = np.where(merged, self._first.take(at, mode="clip"), _ABSENT).tolist()
        return list(map(self._recent.get, keys.tolist(), absent))

    def clusters(self, key: int, first: int) -> list[int]:
        """Every cluster given ``key``, whose first one is ``first``."""
        more = self._more.get(key)
        return [first, *more] if more else [first]

    def add(self, key: int, cluster: int, *, first: int) -> None:
        """Give ``key`` one more cluster; ``first`` is what :meth:`firsts` said of it."""
        if first < 0:
            self._recent[key] = cluster
            if len(self._recent) > self._due:
                self._merge()
        else:
            self._more.setdefault(key, []).append(cluster)

    def add_new(self, keys: Sequence[int], cluster: int) -> None:
        """Give ``cluster`` to keys not in the table (what :meth:`add` does, at once)."""
        self._recent.update(dict.fromkeys(keys, cluster))
        if len(self._recent) > self._due:
            self._merge()

    def _merge(self) -> None:
        """Move the recent keys into the sorted arrays."""
        recent = self._recent
        keys = np.fromiter(recent.keys(), dtype=np.uint64, count=len(recent))
        first = np.fromiter(recent.values(), dtype=np.int64, count=len(recent))
        order = np.argsort(keys)
        keys, first = keys[order], first[order]
        wide = np.uint32 if int(first.max(initial=0)) < 2**32 and self._first.dtype == np.uint32 else np.int64
        at = self._keys.searchsorted(keys)  # a recent key is never a merged one
        self._keys = np.insert(self._keys, at, keys)
        self._first = np.insert(self._first.astype(wide, copy=False), at, first.astype(wide))
        self._recent = {}
        self._due = max(self.merge_at, len(self._keys) // 16)
