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
grows with the number of distinct documents, not with the corpus. A band points to
the first cluster that had it; the candidates of a new document are the clusters its
bands point to. Kept compact (issue #4): each band as a 64-bit key in a sorted array
(:class:`~dedup.corpus.bandtable.BandTable`), each first signature in a block of a
NumPy array, some 720 bytes a cluster in all (2,400 as dicts and lists of bytes).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from dedup.corpus.bandtable import BandTable

PERMUTATIONS = 128  # rows of a signature (bins of the one permutation)
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 5
_BIN_BITS = 7  # 2**7 == PERMUTATIONS
_BASE = np.uint64(1_000_003)
_BASE2 = np.uint64(1_000_003**2)
_EMPTY = np.uint64(2**64 - 1)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_BIN_SHIFT = np.uint64(64 - _BIN_BITS)
_ROW_SHIFT = np.uint64(64 - _BIN_BITS - 32)
_BINS = np.arange(PERMUTATIONS)


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
    x = _shingle_hashes(codes)  # wraps modulo 2**64, as intended
    # splitmix64's finaliser (every output bit depends on every input bit), in place.
    t = x >> _S30
    x ^= t
    x *= _M1
    np.right_shift(x, _S27, out=t)
    x ^= t
    x *= _M2
    np.right_shift(x, _S31, out=t)
    x ^= t
    found = np.full(PERMUTATIONS, _EMPTY, dtype=np.uint64)
    np.minimum.at(found, (x >> _BIN_SHIFT).astype(np.intp), x)  # each bin's least hash
    rows = (found >> _ROW_SHIFT).astype(np.uint32)  # bits 25-56 of it
    if found.max() == _EMPTY:  # some bin is empty (a short text)
        full = np.flatnonzero(found != _EMPTY)
        # The next non-empty bin to the right, cyclically, and how far it is.
        nearest = full[np.searchsorted(full, _BINS) % len(full)]
        distance = (nearest - _BINS) % PERMUTATIONS
        rows = (rows[nearest] + distance.astype(np.uint32) * np.uint32(0x9E3779B9)).astype(np.uint32)
    return rows.tobytes()


def _shingle_hashes(codes: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """``c0 B^4 + c1 B^3 + c2 B^2 + c3 B + c4`` for each shingle of 5 code points
    (one of all of them, if fewer), modulo 2**64; computed as
    ``((c0 B + c1) B^2 + (c2 B + c3)) B + c4``, two passes fewer."""
    count = len(codes) - SHINGLE + 1
    if count < 1:
        x = np.zeros(1, dtype=np.uint64)
        for k in range(len(codes)):
            x = x * _BASE + codes[k : k + 1]
        return x
    pairs = codes[:-1] * _BASE
    pairs += codes[1:]
    x = pairs[:count] * _BASE2
    x += pairs[2 : 2 + count]
    x *= _BASE
    x += codes[SHINGLE - 1 :]
    return x


def similarity(a: bytes, b: bytes) -> float:
    """The share of signature rows two documents agree on (estimated Jaccard)."""
    x, y = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(x == y)) / PERMUTATIONS


def band_keys(sig: bytes) -> NDArray[np.uint64]:
    """A 64-bit key per band of a signature: its rows hashed, with the band's number in
    the low 4 bits (so two bands share a key only if they are the same band).

    The rows are already well-mixed hashes; a key is a sum of the band's four 64-bit
    words times odd constants, modulo 2**60, moved up 4 bits (the factors are the odd
    constants times 16). Two different bands get one key with a probability of about
    2**-60; the clusters compare the bands themselves, so a shared key costs a
    comparison, never a wrong answer.
    """
    words = np.frombuffer(sig, dtype=np.uint64).reshape(BANDS, ROWS // 2)
    keys: NDArray[np.uint64] = words @ _KEY_FACTORS | _BAND_NUMBERS
    return keys


_KEY_FACTORS = np.array(
    [(odd << 4) % 2**64 for odd in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93)],
    dtype=np.uint64,
)
_BAND_NUMBERS = np.arange(BANDS, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A document that is a near duplicate of an earlier one."""

    of: str
    similarity: float


class _Firsts:
    """The first document of each cluster: its name, and its signature in blocks of a
    NumPy array; about 530 bytes a cluster, where a list of (str, bytes) took 650.

    Names, UTF-8 (surrogates kept), are joined in one buffer with where each ends.
    """

    BLOCK = 4096  # signatures a block

    def __init__(self) -> None:
        self._names = bytearray()
        self._ends = array("Q")
        self._blocks: list[NDArray[np.uint32]] = []

    def __len__(self) -> int:
        return len(self._ends)

    def append(self, name: str, rows: NDArray[np.uint32]) -> None:
        at = len(self._ends) % self.BLOCK
        if at == 0:
            self._blocks.append(np.empty((self.BLOCK, PERMUTATIONS), dtype=np.uint32))
        self._blocks[-1][at] = rows
        self._names += name.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._names))

    def name(self, cluster: int) -> str:
        start = self._ends[cluster - 1] if cluster else 0
        return self._names[start : self._ends[cluster]].decode("utf-8", "surrogatepass")

    def rows(self, cluster: int) -> NDArray[np.uint32]:
        rows: NDArray[np.uint32] = self._blocks[cluster // self.BLOCK][cluster % self.BLOCK]
        return rows


@dataclass
class NearDuplicates:
    """The clusters seen so far, in corpus order.

    Each cluster keeps its first document's signature and, in a
    :class:`~dedup.corpus.bandtable.BandTable`, the keys of its bands that no earlier
    cluster had: a band of a new document finds the first cluster that had it.
    """

    threshold: float = 0.8
    clusters: dict[str, list[str]] = field(default_factory=dict)
    _firsts: _Firsts = field(default_factory=_Firsts, init=False, repr=False)
    _bands: BandTable = field(default_factory=BandTable, init=False, repr=False)

    def add(self, name: str, sig: bytes | None) -> Duplicate | None:
        """Place a document; return what it duplicates, if anything."""
        if sig is None:
            return None
        keys = band_keys(sig)
        bands, firsts = self._bands, self._bands.firsts(keys)
        ident = len(self._firsts)
        rows = np.frombuffer(sig, dtype=np.uint32)
        if max(firsts) < 0:  # no band seen before: a new cluster (most documents)
            self._firsts.append(name, rows)
            bands.add_new(keys.tolist(), ident)
            return None
        listed = keys.tolist()
        found: dict[int, list[int]] = {}  # cluster -> the bands whose key it was given
        for band, first in enumerate(firsts):
            if first >= 0:
                for cluster in bands.clusters(listed[band], first):
                    found.setdefault(cluster, []).append(band)
        shared: set[int] = set()  # bands an earlier cluster has, row for row
        best: tuple[float, int] | None = None
        for candidate in sorted(found):
            equal = self._firsts.rows(candidate) == rows
            same = equal.reshape(BANDS, ROWS).all(axis=1)
            genuine = [band for band in found[candidate] if same[band]]
            if not genuine:  # only a shared key, not a shared band
                continue
            shared.update(genuine)
            score = int(np.count_nonzero(equal)) / PERMUTATIONS
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, candidate)
        if best is not None:
            first_name = self._firsts.name(best[1])
            self.clusters.setdefault(first_name, [first_name]).append(name)
            return Duplicate(first_name, best[0])
        self._firsts.append(name, rows)
        for band, key in enumerate(listed):
            if band not in shared:
                bands.add(key, ident, first=firsts[band])
        return None
