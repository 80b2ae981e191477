"""Near-duplicate documents: MinHash signatures, LSH bands, verified clusters.

A document's shingles are the 5-character substrings of its normal form (whitespace
removed, so the same in every script). Its signature is the minimum of 128 seeded
universal hashes over its shingles, computed with NumPy in the worker that cleaned
the document. Signatures are cut into 16 bands of 8 rows; documents sharing a band
are candidates, and a candidate counts only if the signatures agree on at least
``threshold`` of their 128 rows (the MinHash estimate of the shingles' Jaccard
similarity, standard error about 0.035 at 0.8).

A cluster is the first document of a group (in corpus order) and every later document
at least ``threshold`` similar to it; its signature is the only one kept, so memory
grows with the number of distinct documents, not with the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

PERMUTATIONS = 128
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 5
_BLOCK = 4096  # shingles hashed at a time, to bound memory on huge documents
_SEEDS = np.random.default_rng(0x6465647570).integers(1, 2**63, size=(2, PERMUTATIONS), dtype=np.uint64)
_A = _SEEDS[0] | np.uint64(1)  # odd multipliers
_B = _SEEDS[1]
_BASE = np.uint64(1_000_003)


def signature(text: str) -> bytes | None:
    """The MinHash signature of a normal form (128 uint32 values, as bytes), or None
    for an empty text.

    >>> a = signature("the quick brown fox jumps over the lazy dog" * 3)
    >>> b = signature("the quick brown fox jumped over the lazy dog" * 3)
    >>> 0.6 < similarity(a, b) < 1.0, similarity(a, a)
    (True, 1.0)
    """
    if not text:
        return None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    width = min(SHINGLE, len(codes))
    count = len(codes) - width + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        hashes = hashes * _BASE + codes[k : k + count]  # wraps modulo 2**64, as intended
    hashes = np.unique(hashes)
    lowest = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(hashes), _BLOCK):
        block = hashes[start : start + _BLOCK]
        mixed = (_A[:, None] * block[None, :] + _B[:, None]) >> np.uint64(32)
        np.minimum(lowest, mixed.min(axis=1), out=lowest)
    return lowest.astype(np.uint32).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """The share of signature rows two documents agree on (estimated Jaccard)."""
    x, y = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(x == y)) / PERMUTATIONS


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A document that is a near duplicate of an earlier one."""

    of: str
    similarity: float


@dataclass
class NearDuplicates:
    """The clusters seen so far, in corpus order."""

    threshold: float = 0.8
    _bands: dict[bytes, int] = field(default_factory=dict)
    _firsts: list[tuple[str, bytes]] = field(default_factory=list)
    clusters: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, sig: bytes | None) -> Duplicate | None:
        """Place a document; return what it duplicates, if anything."""
        if sig is None:
            return None
        keys = [bytes([band]) + sig[band * ROWS * 4 : (band + 1) * ROWS * 4] for band in range(BANDS)]
        best: tuple[float, int] | None = None
        for candidate in sorted({self._bands[k] for k in keys if k in self._bands}):
            score = similarity(sig, self._firsts[candidate][1])
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, candidate)
        if best is not None:
            first = self._firsts[best[1]][0]
            self.clusters.setdefault(first, [first]).append(name)
            return Duplicate(first, best[0])
        ident = len(self._firsts)
        self._firsts.append((name, sig))
        for key in keys:
            self._bands.setdefault(key, ident)
        return None
