"""Near-duplicate documents: MinHash signatures, LSH bands, verified clusters.

A document's shingles are the 5-character substrings of its normal form (whitespace
removed, so the same in every script). Its signature is a one-permutation MinHash
(Li, Owen and Zhang, 2012): each distinct shingle is hashed once to 64 well-mixed
bits, whose top 7 bits pick one of 128 bins; a bin's row is the least hash that
falls in it, and an empty bin (short documents only) borrows the row of the next
non-empty bin to its right, tagged with the distance (densification by rotation,
Shrivastava and Li, 2014). Two documents agree on a row with probability about the
Jaccard similarity of their shingle sets, as with 128 independent permutations, at
one hash per shingle instead of 128 (and no sort): computed with NumPy in the worker that cleaned
the document. Signatures are cut into 16 bands of 8 rows; documents sharing a band
are candidates, and a candidate counts only if the signatures agree on at least
``threshold`` of their 128 rows (standard error about 0.035 at 0.8).

A cluster is the first document of a group (in corpus order) and every later document
at least ``threshold`` similar to it; its signature is the only one kept, so memory
grows with the number of distinct documents, not with the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

PERMUTATIONS = 128  # rows of a signature (bins of the one permutation)
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 5
_BIN_BITS = 7  # 2**7 == PERMUTATIONS
_BASE = np.uint64(1_000_003)
_EMPTY = np.uint64(2**64 - 1)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = x ^ (x >> np.uint64(31))
    return mixed


def signature(text: str) -> bytes | None:
    """The MinHash signature of a normal form (128 uint32 values, as bytes), or None
    for an empty text.

    >>> a = signature("the quick brown fox jumps over the lazy dog" * 3)
    >>> b = signature("the quick brown fox jumped over the lazy dog" * 3)
    >>> 0.5 < similarity(a, b) < 1.0, similarity(a, a)
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
    hashes = _mix(hashes)
    shift = np.uint64(64 - _BIN_BITS)
    found = np.full(PERMUTATIONS, _EMPTY, dtype=np.uint64)
    np.minimum.at(found, (hashes >> shift).astype(np.intp), hashes)  # each bin's least hash
    filled = found != _EMPTY
    rows = ((found >> np.uint64(64 - _BIN_BITS - 32)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    if not filled.all():
        full = np.flatnonzero(filled)
        # The next non-empty bin to the right, cyclically, and how far it is.
        bins = np.arange(PERMUTATIONS)
        nearest = full[np.searchsorted(full, bins) % len(full)]
        distance = (nearest - bins) % PERMUTATIONS
        rows = (rows[nearest] + distance.astype(np.uint32) * np.uint32(0x9E3779B9)).astype(np.uint32)
    return rows.tobytes()


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
