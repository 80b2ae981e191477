"""The comparison form of a paragraph, used only to compare, never written out.

NFKC, casefold, one form for every quotation mark (``"``) and every dash (``-``),
Arabic harakat, tanwin, shadda, sukun, Quranic marks and tatweel removed, the alef
forms (آ أ إ ٱ) unified to ا, digits of every script written as ASCII digits, and all
whitespace and invisible format characters (zero-width space, joiners, BOM, bidi
controls) removed. The numbers of a paragraph are its maximal digit runs, compared
by value (leading zeros dropped), read before whitespace is removed so that
``10 21`` is two numbers.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import regex

# NFKC would turn these spacing accents, used as apostrophes, into a space and a mark.
_BEFORE_NFKC = {ord("´"): '"', ord("`"): '"', ord("˝"): '"'}
_ALEFS = "آأإٱٲٳ"
_ARABIC_BLOCKS = ((0x0600, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00))
_TABLE: dict[int, str | None] = {
    ord("'"): '"',
    ord("`"): '"',
    # harakat, tanwin, shadda, sukun, Quranic marks: every combining mark of the Arabic blocks
    **dict.fromkeys(
        c for low, high in _ARABIC_BLOCKS for c in range(low, high) if unicodedata.category(chr(c)) == "Mn"
    ),
    0x0640: None,  # tatweel
    **{ord(c): "ا" for c in _ALEFS},
}
_QUOTE = regex.compile(r"[\p{Quotation_Mark}′″‴‵‶‷]")
_DASH = regex.compile(r"(?V1)[\p{Dash}--[\-]]")
_NON_ASCII_DIGIT = regex.compile(r"(?V1)[\p{Nd}--[0-9]]")
_DIGITS = regex.compile(r"[0-9]+")
_INVISIBLE = regex.compile(r"[\s\p{Cf}]+")


class Normal(NamedTuple):
    """A paragraph's comparison form: ``text`` and the ``numbers`` in it."""

    text: str
    numbers: tuple[str, ...]


def _digit(match: regex.Match[str]) -> str:
    # A digit newer than this Python's Unicode tables is kept as it is.
    value = unicodedata.digit(match.group(), None)
    return match.group() if value is None else str(value)


def normalize(raw: str) -> Normal:
    """The comparison form of ``raw``.

    Example:
        >>> normalize("The “Quick”  brown\\r\\nfox — 007 times")
        Normal(text='the"quick"brownfox-007times', numbers=('7',))
        >>> normalize("أَحْمَــد ١٠").text == normalize("احمد 10").text
        True
    """
    if not raw.isascii():
        raw = raw.translate(_BEFORE_NFKC)
    text = unicodedata.normalize("NFKC", raw).casefold().translate(_TABLE)
    if not text.isascii():
        text = _DASH.sub("-", _QUOTE.sub('"', _NON_ASCII_DIGIT.sub(_digit, text)))
    numbers = tuple(run.lstrip("0") or "0" for run in _DIGITS.findall(text))
    return Normal(_INVISIBLE.sub("", text), numbers)
