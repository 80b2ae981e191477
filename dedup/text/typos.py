"""Typos: when two words that differ are one word and a slip of it (the word rule's
noise, :mod:`dedup.text.words`), and where two paragraphs' words differ.

A word may differ from another by at most :func:`typo_edits` edits, at most one
letter longer or shorter, and keep its first, last and (between words of one length)
second letters; a letter added at either end, or one the word does not hold put in
right after its first (a prefix), makes another form or another word, and a word of
up to :data:`SHORT_WORD` letters has only a swap of two neighbouring letters for a
typo (:func:`typo`). :func:`stretches` aligns two paragraphs' words and gives each
stretch where they differ; :func:`noise` says whether one is only typos or spaces moved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from dedup.text.patterns import later_regex

# In scripts written without spaces a "token" is a clause, not a name: ``予算は12億円``
# holds a number (which the numbers rule compares), not an identifier.
UNSPACED = later_regex(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")

SHORT_WORD = 3
"""The longest word whose only typo is two neighbouring letters swapped."""

_ROMAN = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")  # 1 to 39 in small roman numerals

# Pairs of words whose verdict is remembered: near copies meet the same slip once
# for every pair they are in (the near shape of bench/shapes.py asks 600,000 times
# about 57,000 pairs). Only words of up to _REMEMBERED_WORD characters: a word of a
# script written without spaces is a clause, which may be a whole paragraph.
_WORD_PAIRS = 4096
_REMEMBERED_WORD = 64


def typo_edits(length: int) -> int:
    """The edits a word of ``length`` code points may differ by and still be the same
    word with a typo: one, and one more for every 20 code points. Two slips in one
    word of a dozen letters are rarer than two words that far apart: Finnish
    ``perintöjärjestelmän`` / ``perinnejärjestelmän`` (inheritance / tradition
    system) and ``laajenevat`` / ``laajentuvat`` (two verbs) are two edits apart.

    >>> [typo_edits(n) for n in (1, 2, 19, 20, 40)]
    [0, 1, 1, 2, 3]
    """
    return 0 if length <= 1 else 1 + length // 20


def _roman(word: str) -> bool:
    """Whether a (folded) word is a number from 1 to 39 in small roman numerals (a
    clause's, an item's or a page's: ``iv``, ``xvi``); in capitals it is an acronym,
    which the identifier check reads.

    >>> [_roman(w) for w in ("iv", "xvi", "xxxix", "x" * 4, "vix", "ivy")]
    [True, True, True, False, False, False]
    """
    return bool(word) and _ROMAN.fullmatch(word) is not None


def typo(a: str, b: str, limit: int | None = None) -> bool:
    """Whether two words are one word and a typo of it: within ``limit`` edits
    (:func:`typo_edits` of the longer), and at most one letter longer or shorter
    (``unregister`` / ``register`` is a prefix, not a slip); of three letters or
    fewer, only two neighbouring letters swapped (nearly every other edit of so short
    a word is another word: ``get`` / ``set``, ``now`` / ``not``; ``teh`` is ``the``),
    and so of two clauses of a script written without spaces (``表の行`` / ``表の列``:
    row / column); and the first and the last letters are the same, or swapped with
    their neighbours (``hte`` is ``the``; ``ctime`` / ``mtime``, ``incremented`` /
    ``decremented``, ``Irak`` / ``Iran`` are other words, Swedish ``installerade`` /
    ``installerat`` two forms of one), and so is the second letter of two words of one
    length (``poeple`` is ``people``; Polish ``wyjścia`` / ``wejścia`` are output /
    input), and no letter the word does not hold is put in or left out there: a prefix
    (Czech ``výstupu`` / ``vstupu``; ``whithin``, the ``h`` of ``within`` typed early,
    is a slip). Letters are counted and placed without the combining marks on them
    (Hebrew points, an Indic virama, nukta or vowel sign): ``כֶּלֶב`` / ``כֶּתֶב`` are
    words of three letters, ``स्थान`` / ``स्नान`` differ in their second letter, and a
    mark is an edit still (``שָׁם`` / ``שָׂם``: there / put)."""
    la, lb = (a, b) if a.isascii() and b.isascii() else (_letters(a), _letters(b))
    if abs(len(la) - len(lb)) > 1 or _inflected(la, lb) or _inflected(lb, la):
        return False
    if _roman(a) and _roman(b):
        return False  # two numbers in small roman numerals: (iv) / (vi), xiv / xvi (a and b differ)
    if not _held(la, lb, 0, 1):
        return False  # another first letter: another word (ctime / mtime, incremented / decremented)
    if len(la) == len(lb) and not _held(la, lb, 1, 0, 2):
        return False  # another second letter in its place: another word (wyjścia / wejścia: output / input)
    if _prefixed(la, lb) or _prefixed(lb, la):
        return False  # a letter put in after the first: a prefix (výstupu / vstupu: output / input)
    if not _held(la, lb, -1, -2):
        return False  # another last letter: another form (installerade / installerat, Irak / Iran)
    if max(len(la), len(lb)) <= SHORT_WORD or (UNSPACED.search(a) and UNSPACED.search(b)):
        # (two clauses of a script written without spaces: a changed character is a
        # changed word; a Latin word with one such character is a slip still)
        return a == b or _swapped(a, b)
    if limit is None:
        limit = typo_edits(max(len(la), len(lb)))
    from rapidfuzz.distance import OSA  # (imported once it is needed: it takes milliseconds)

    return OSA.distance(a, b, score_cutoff=limit) <= limit


def _letters(word: str) -> str:
    """``word`` without its combining marks (categories Mn, Mc, Me)."""
    return "".join(c for c in word if not unicodedata.category(c).startswith("M"))


def forms(*words: str) -> bool:
    """Whether words share their first half (of the shortest's letters, two at
    least): the stem that forms of one word have in common (Serbian ``параметар`` /
    ``параметра`` / ``параметара``), where three typos of it seldom stand.

    >>> forms("параметар", "параметра", "параметара"), forms("approved", "aproved", "approval")
    (True, False)
    """
    stem = max(2, min(map(len, words)) // 2)
    return len({word[:stem] for word in words}) == 1 and all(len(word) >= stem for word in words)


def _slip(a: str, b: str) -> bool:
    """:func:`typo` of two words, remembered for short ones."""
    return _word_typo(a, b) if len(a) <= _REMEMBERED_WORD and len(b) <= _REMEMBERED_WORD else typo(a, b)


@lru_cache(maxsize=_WORD_PAIRS)
def _word_typo(a: str, b: str) -> bool:
    return typo(a, b)


def _prefixed(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with a letter put in after its first that ``a`` does not
    hold: a prefix makes another word (Czech ``výstupu`` / ``vstupu``, Russian
    ``выходного`` / ``входного``: output / input; Polish ``wyłączenie`` /
    ``włączenie``: off / on); a letter the word holds, typed early or twice, is a
    slip (``whithin``, ``tthe``).

    >>> _prefixed("vstupu", "výstupu"), _prefixed("within", "whithin"), _prefixed("the", "tthe")
    (True, False, False)
    """
    return len(b) == len(a) + 1 and b[0] + b[2:] == a and b[1] not in a


def _held(a: str, b: str, at: int, *neighbours: int) -> bool:
    """Whether two words have the same letter at ``at`` (from the end if negative), or
    have it swapped with the one at one of ``neighbours``; a word too short to have
    the place has "" there.

    >>> _held("ctime", "mtime", 0, 1), _held("hte", "the", 0, 1), _held("irak", "iran", -1, -2)
    (False, True, False)
    """

    def letter(word: str, k: int) -> str:
        return word[k : k + 1 or None]

    mine, theirs = letter(a, at), letter(b, at)
    return mine == theirs or any(mine == letter(b, k) and theirs == letter(a, k) for k in neighbours)


def _swapped(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with two neighbouring letters swapped."""
    if len(a) != len(b):
        return False
    apart = [k for k in range(len(a)) if a[k] != b[k]]
    return len(apart) == 2 and apart[1] == apart[0] + 1 and a[apart[0]] == b[apart[1]] and a[apart[1]] == b[apart[0]]


def _inflected(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with a letter added at its end or its start: an ending
    or a prefix, another form of the word (``error`` / ``errors``, ``pakke`` /
    ``pakker``, ``taifead`` / ``dtaifead``); but not a letter doubled there, which is
    a slip (``acros`` / ``across``).

    >>> _inflected("error", "errors"), _inflected("ciu", "ciuj"), _inflected("taifead", "dtaifead")
    (True, True, True)
    >>> _inflected("acros", "across"), _inflected("aproved", "approved")
    (False, False)
    """
    if len(b) != len(a) + 1 or not a:
        return False
    return (b.startswith(a) and b[-1] != a[-1]) or (b.endswith(a) and b[0] != a[0])


def noise(removed: Sequence[str], kept: Sequence[str]) -> bool:
    """Whether a stretch of differing words is noise: typos, or spaces moved."""
    if not removed or not kept:
        return False  # a word inserted or dropped
    if len(removed) == len(kept) and all(map(_slip, removed, kept)):
        return True
    if len(removed) == len(kept) == 1:
        return False  # (joined, they are the same two words, allowed the same edits)
    # Spaces moved (and perhaps a typo): the same letters, allowed no more edits than
    # the longest word alone would be, so a long stretch does not hide a changed word.
    joined_a, joined_b = "".join(removed), "".join(kept)
    return joined_a == joined_b or typo(joined_a, joined_b, typo_edits(max(map(len, (*removed, *kept)))))


def _first_opcodes(a: Sequence[str], b: Sequence[str]) -> Any:
    # rapidfuzz takes milliseconds to import: on the first call, then called directly.
    global _opcodes
    from rapidfuzz.distance.Levenshtein import opcodes

    _opcodes = opcodes
    return opcodes(a, b)


_opcodes: Callable[[Sequence[str], Sequence[str]], Any] = _first_opcodes


def stretches(words_a: Sequence[str], words_b: Sequence[str]) -> Iterator[tuple[Sequence[str], Sequence[str]]]:
    """Each stretch where the alignment of ``words_a`` with ``words_b`` differs (runs
    of consecutive operations other than equal, taken as one), as its words in each,
    in order.

    >>> list(stretches(["a", "b", "c", "d"], ["a", "x", "c"]))
    [(['b'], ['x']), (['d'], [])]
    """
    stretch: tuple[int, int, int, int] | None = None
    for op in [*_opcodes(words_a, words_b), None]:
        if op is not None and op.tag != "equal":
            if stretch is None:
                stretch = (op.src_start, op.src_end, op.dest_start, op.dest_end)
            else:
                stretch = (stretch[0], op.src_end, stretch[2], op.dest_end)
            continue
        if stretch is not None:
            yield words_a[stretch[0] : stretch[1]], words_b[stretch[2] : stretch[3]]
            stretch = None
