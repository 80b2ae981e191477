"""The corpus memory: the first occurrence of every distinct paragraph, and the
consecutive pairs, of the documents seen so far, held compactly in memory
(:class:`CorpusMemory`); :class:`dedup.corpus.index.IndexMemory` is its on-disk twin.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dedup.corpus.summary import Occurrence, Summary

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


class CorpusMemory:
    """First occurrences of paragraphs across the documents seen so far (in memory).

    ``known``, ``known_pairs`` and ``first`` answer for the documents remembered
    before the current one; :class:`dedup.corpus.index.IndexMemory` answers the same
    questions from a SQLite index, for the documents before it in corpus order.

    It is compact (issue #4): some 40 bytes per distinct paragraph, plus the names of
    the documents (``bench/memory.py``: 49 in all, where a dict of
    :class:`Occurrence` s and a set of pairs took 299, for 2 million paragraphs).

    * Each distinct paragraph is a row, in the order remembered, so a document's new
      paragraphs are consecutive rows: the documents are a list of names with the
      first row of each. Rows are four arrays (first line, lines, first character,
      characters), 2 or 4 bytes a value until one needs more (8 bytes, and
      negative values, are always possible).
    * The 8-byte digests, as 64-bit integers, sit in one sorted NumPy array with the
      row of each, and are looked up a document at a time (``searchsorted``). New
      ones go to a dict first, merged into the array once there are more than a
      sixteenth as many (and at least :attr:`merge_at`), so merging costs O(n log n)
      in all.
    * Consecutive pairs are kept the same way, each as one 64-bit number,
      ``a * _PAIR_A + b * _PAIR_B`` modulo 2**64 of its two digests (recent ones
      are kept whole). The digests are already 64-bit hashes of the paragraphs;
      two distinct pairs of them get the same number with a probability of at most
      about 2**-62, so answers are those of sets of digests.

    NumPy is imported at the first merge: a small corpus does not load it.
    """

    merge_at = 2**16  # fewest recent digests (or pairs) merged into the arrays

    def __init__(self) -> None:
        self._names: list[str] = []
        self._documents: list[array[int]] = [array("I")]  # each name's first row
        # Per row: first line, lines after it, first character, characters.
        self._rows: list[array[int]] = [array("I"), array("H"), array("I"), array("H")]
        self._recent: dict[bytes, int] = {}  # digest -> row, not merged yet
        self._keys: NDArray[np.uint64] | None = None  # merged digests, sorted
        self._keyrows: NDArray[Any] | None = None  # and their rows
        self._recent_pairs: set[bytes] = set()  # a + b, not merged yet
        self._pairs: NDArray[np.uint64] | None = None  # merged pair numbers, sorted
        # The last lookups in the merged arrays (a document is asked about, then
        # remembered): the joined digests or pairs, and whether each is there.
        self._asked: tuple[bytes, list[bool]] = (b"", [])
        self._asked_pairs: tuple[bytes, list[bool]] = (b"", [])

    @classmethod
    def seeded(cls, first: dict[bytes, Occurrence], pairs: set[bytes]) -> CorpusMemory:
        """A memory that already holds these first occurrences and pairs (the Dask
        executor's answer to one input: what earlier inputs hold of its paragraphs)."""
        memory = cls()
        document = None
        for key, where in first.items():
            if where.document != document:  # a name may come back: it gets another entry
                document = where.document
                memory._names.append(document)
                _append(memory._documents, 0, len(memory))
            memory._recent[key] = memory._add((where.line_start, where.line_end, where.start, where.end))
        memory._recent_pairs = set(pairs)
        memory._merge_if_due()
        return memory

    def __len__(self) -> int:
        return len(self._rows[0])

    def begin(self, key: str, ordering: str) -> None:
        """The next document to be asked about and then remembered (a run over the
        whole corpus meets documents in corpus order, so nothing is needed here)."""

    def known(self, digests: Sequence[bytes]) -> list[bool]:
        recent = self._recent
        if self._keys is None:
            return [d in recent for d in digests]
        merged = self._find(b"".join(digests))
        return [m or d in recent for m, d in zip(merged, digests, strict=True)]

    def known_pairs(self, pairs: Sequence[bytes]) -> list[bool]:
        recent = self._recent_pairs
        if self._pairs is None:
            return [p in recent for p in pairs]
        merged = self._find_pairs(b"".join(pairs))
        return [m or p in recent for m, p in zip(merged, pairs, strict=True)]

    def first(self, digest: bytes) -> Occurrence:
        row = self._recent.get(digest)
        if row is None:
            row = self._merged_row(digest)
        line_start, lines, start, size = (column[row] for column in self._rows)
        name = self._names[bisect_right(self._documents[0], row) - 1]
        return Occurrence(name, line_start, line_start + lines, start, start + size)

    def remember(self, name: str, summary: Summary, content_hash: bytes = b"", stat: tuple[int, int] = (0, 0)) -> None:
        """Add a document's paragraphs (as cleaned on its own) and consecutive pairs."""
        digests, recent = summary.digests, self._recent
        merged = self._find(b"".join(digests)) if self._keys is not None else None
        row = len(self)
        named = False
        line_starts, lines, starts, sizes = self._rows
        for k, key in enumerate(digests):
            if key in recent or (merged is not None and merged[k]):
                continue
            if not named:
                self._names.append(name)
                _append(self._documents, 0, row)
                named = True
            position = summary.positions[k]
            try:  # self._add, inline
                line_starts.append(position[0])
                lines.append(position[1] - position[0])
                starts.append(position[2])
                sizes.append(position[3] - position[2])
            except OverflowError:
                self._add(position)
                line_starts, lines, starts, sizes = self._rows
            recent[key] = row
            row += 1
        pairs = [a + b for a, b in zip(digests, digests[1:], strict=False)]
        if self._pairs is None:
            self._recent_pairs.update(pairs)
        else:
            merged_pairs = self._find_pairs(b"".join(pairs))
            self._recent_pairs.update(p for p, m in zip(pairs, merged_pairs, strict=True) if not m)
        self._merge_if_due()

    def _add(self, position: tuple[int, int, int, int]) -> int:
        """A new row (a column that got it already, inline, is cut back first)."""
        rows = self._rows
        row = min(len(column) for column in rows)
        line_start, line_end, start, end = position
        for i, value in enumerate((line_start, line_end - line_start, start, end - start)):
            del rows[i][row:]
            _append(rows, i, value)
        return row

    def _find(self, joined: bytes) -> list[bool]:
        """Whether each of these digests (joined) is among the merged ones."""
        import numpy as np

        assert self._keys is not None
        if joined != self._asked[0]:
            at = self._keys.searchsorted(wanted := np.frombuffer(joined, dtype="<u8"))
            self._asked = (joined, (self._keys.take(at, mode="clip") == wanted).tolist())
        return self._asked[1]

    def _find_pairs(self, joined: bytes) -> list[bool]:
        """Whether each of these pairs (joined) is among the merged ones."""
        assert self._pairs is not None
        if joined != self._asked_pairs[0]:
            at = self._pairs.searchsorted(wanted := _pair_numbers(joined))
            self._asked_pairs = (joined, (self._pairs.take(at, mode="clip") == wanted).tolist())
        return self._asked_pairs[1]

    def _merged_row(self, digest: bytes) -> int:
        import numpy as np

        if self._keys is None or self._keyrows is None or len(digest) != 8:
            raise KeyError(digest)
        at = int(self._keys.searchsorted(wanted := np.frombuffer(digest, dtype="<u8"))[0])
        if at == len(self._keys) or self._keys[at] != wanted[0]:
            raise KeyError(digest)
        return int(self._keyrows[at])

    def _merge_if_due(self) -> None:
        if len(self._recent) > max(self.merge_at, len(self._keys if self._keys is not None else ()) // 16):
            self._merge()
        if len(self._recent_pairs) > max(self.merge_at, len(self._pairs if self._pairs is not None else ()) // 16):
            self._merge_pairs()

    def _merge(self) -> None:
        """Move the recent digests into the sorted array."""
        import numpy as np

        keys = np.frombuffer(b"".join(self._recent), dtype="<u8")
        rows = np.fromiter(self._recent.values(), dtype=np.int64, count=len(self._recent))
        order = np.argsort(keys)
        keys, rows = keys[order], rows[order].astype(np.uint32 if len(self) <= 2**32 else np.int64)
        if self._keys is None or self._keyrows is None:
            self._keys, self._keyrows = keys, rows
        else:  # a recent digest is never a merged one
            at = self._keys.searchsorted(keys)
            self._keys = np.insert(self._keys, at, keys)
            self._keyrows = np.insert(self._keyrows.astype(rows.dtype, copy=False), at, rows)
        self._recent, self._asked = {}, (b"", [])

    def _merge_pairs(self) -> None:
        """Move the recent pairs, as numbers, into the sorted array."""
        import numpy as np

        numbers = np.unique(_pair_numbers(b"".join(self._recent_pairs)))
        if self._pairs is None:
            self._pairs = numbers
        else:
            at = self._pairs.searchsorted(numbers)
            new = self._pairs.take(at, mode="clip") != numbers
            self._pairs = np.insert(self._pairs, at[new], numbers[new])
        self._recent_pairs, self._asked_pairs = set(), (b"", [])


def _append(columns: list[array[int]], i: int, value: int) -> None:
    """Append to a column, widening it (2, 4, then 8 bytes a value) if need be."""
    while True:
        try:
            columns[i].append(value)
            return
        except OverflowError:
            if columns[i].typecode == "q":
                raise
            wider = "I" if columns[i].typecode == "H" and value >= 0 else "q"
            columns[i] = array(wider, columns[i])


# Odd, with _PAIR_A - _PAIR_B = 4 (mod 8) and _PAIR_A + _PAIR_B = 2 (mod 4): for two
# distinct pairs of independent random digests, the numbers are equal with
# probability 2**-64, or at most 2**-62 when the pairs share digests (a + b, b + a).
_PAIR_A = 0x9E3779B97F4A7C15
_PAIR_B = 0x165667B19E3779F9


def _pair_numbers(joined: bytes) -> NDArray[np.uint64]:
    """One 64-bit number per pair of digests ``a + b`` (joined), wrapping."""
    import numpy as np

    pairs = np.frombuffer(joined, dtype="<u8").reshape(-1, 2)
    numbers: NDArray[np.uint64] = pairs @ np.array((_PAIR_A, _PAIR_B), dtype=np.uint64)
    return numbers
