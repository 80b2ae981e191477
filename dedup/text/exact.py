"""What two paragraphs whose normal forms are equal must also share to match exactly.

The normal form drops whitespace, applies NFKC and folds case, so texts that say
different things can come out equal: ``4 8 15`` and ``48 15`` (numbers split or
joined), ``10²`` and ``102`` (a superscript is a digit after NFKC), ``500 MW`` and
``500 mW`` (a unit's or a formula's case), German ``Maßen`` and ``Massen``
(casefold writes ``ß`` as ``ss``). Their :func:`exact_key` tells them apart: the
numbers as written, a group of thousands joined (``10 000`` is ``10000``), the
superscript and subscript characters, the words with ``ß``, and the acronyms with
their case (not in a paragraph written in capitals, whose every word looks like
one). Read from the spaced form, only where two texts are equal (rare).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dedup.text.marks import CACHED
from dedup.text.words import in_capitals

# A number as written: digit runs, a thousands group joined (``10 000``, ``1 000 000``).
_NUMBER = re.compile(r"\d+(?: \d{3}(?!\d))*")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=CACHED)
def exact_key(spaced: str) -> tuple[tuple[str, ...], ...]:
    """What of a paragraph (its spaced form) its normal form does not keep and its
    meaning does.

    >>> exact_key("Rows 4 8 and 10 000 were sold"), exact_key("Rows 48 and 10000 were sold")
    ((('4', '8', '10000'), (), (), ()), (('48', '10000'), (), (), ()))
    >>> exact_key("Covers 10² m, in Maßen, 500 MW")
    (('10', '500'), ('²',), ('maßen',), ('MW',))
    """
    numbers = tuple(_value(found) for found in _NUMBER.findall(spaced))
    if spaced.isascii():
        return numbers, (), (), _acronyms(spaced)
    marks = tuple(c for c in spaced if not c.isascii() and _raised(c))
    sharp = tuple(word for word in _WORD.findall(spaced.lower()) if "ß" in word)
    return numbers, marks, sharp, _acronyms(spaced)


def exact_refusal(a: str, b: str) -> str | None:
    """Why two paragraphs whose normal forms are equal (their spaced forms) do not
    match, as far as :func:`exact_key` tells, or None.

    >>> exact_refusal("The plant makes 500 MW of power.", "The plant makes 500 mW of power.")
    "acronym changed: 'MW' / ''"
    >>> exact_refusal("Some  text,\\nre-wrapped.", "Some text, re-wrapped.") is None
    True
    """
    key_a, key_b = exact_key(a), exact_key(b)
    if key_a == key_b:
        return None
    what = ("numbers", "superscript or subscript", "word with ß", "acronym")
    for name, found_a, found_b in zip(what, key_a, key_b, strict=True):
        if found_a != found_b:
            return f"{name} changed: {' '.join(found_a)!r} / {' '.join(found_b)!r}"
    return None  # (unreachable: the keys differ somewhere)


def _value(number: str) -> str:
    digits = "".join(str(unicodedata.digit(c, 0)) if not c.isascii() else c for c in number if c != " ")
    return digits.lstrip("0") or "0"


def _raised(c: str) -> bool:
    """Whether ``c`` is a superscript or subscript (``²``, ``ₓ``), which NFKC writes
    as a plain character."""
    return unicodedata.decomposition(c).startswith(("<super>", "<sub>"))


def _acronyms(spaced: str) -> tuple[str, ...]:
    if in_capitals(spaced):
        return ()  # every short word looks like an acronym there
    return tuple(word for word in _WORD.findall(spaced) if _acronym(word))


def _acronym(word: str) -> bool:
    """Two to six capitals, or their plural (``MW``, ``GIDs``)."""
    core = word[:-1] if word.endswith("s") else word
    return 2 <= len(core) <= 6 and core.isalpha() and core.isupper()
