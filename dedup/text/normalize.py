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

_QUOTES = "'\"`´‘’‚‛“”„‟‹›«»′″‵‶「」『』〝〞〟＂＇"
_DASHES = "‐‑‒–—―⁃−⸺⸻﹘﹣－᠆"
_ARABIC_MARKS = [
    *range(0x0610, 0x061B),  # Quranic honorifics and small letters
    *range(0x064B, 0x0660),  # tanwin, harakat, shadda, sukun, maddah, hamza marks
    0x0670,  # superscript alef
    *range(0x06D6, 0x06DD),  # Quranic annotation signs
    *range(0x06DF, 0x06E5),
    *range(0x06E7, 0x06E9),
    *range(0x06EA, 0x06EE),
    *range(0x08D3, 0x08E2),  # extended Arabic marks
    *range(0x08E3, 0x0900),
    0x0640,  # tatweel
]
_ALEFS = "آأإٱٲٳ"

_TABLE: dict[int, str | None] = {
    **{ord(c): '"' for c in _QUOTES},
    **{ord(c): "-" for c in _DASHES},
    **dict.fromkeys(_ARABIC_MARKS),
    **{ord(c): "ا" for c in _ALEFS},
}
_NON_ASCII_DIGIT = regex.compile(r"(?V1)[\p{Nd}--[0-9]]")
_DIGITS = regex.compile(r"[0-9]+")
_INVISIBLE = regex.compile(r"[\s\p{Cf}]+")


class Normal(NamedTuple):
    """A paragraph's comparison form: ``text`` and the ``numbers`` in it."""

    text: str
    numbers: tuple[str, ...]


def _digit(match: regex.Match[str]) -> str:
    return str(unicodedata.digit(match.group()))


def normalize(raw: str) -> Normal:
    """The comparison form of ``raw``.

    Example:
        >>> normalize("The “Quick”  brown\\r\\nfox — 007 times")
        Normal(text='the"quick"brownfox-007times', numbers=('7',))
        >>> normalize("أَحْمَــد ١٠").text == normalize("احمد 10").text
        True
    """
    text = unicodedata.normalize("NFKC", raw).casefold().translate(_TABLE)
    if not text.isascii():
        text = _NON_ASCII_DIGIT.sub(_digit, text)
    numbers = tuple(run.lstrip("0") or "0" for run in _DIGITS.findall(text))
    return Normal(_INVISIBLE.sub("", text), numbers)
