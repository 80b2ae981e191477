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

import re
import unicodedata
from typing import NamedTuple

import regex

from dedup.text import charclasses

# NFKC would turn these spacing accents, used as apostrophes, into a space and a mark.
_BEFORE_NFKC = {ord("´"): '"', ord("`"): '"', ord("˝"): '"'}
_ALEFS = "آأإٱٲٳ"
_ARABIC_BLOCKS = ((0x0600, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00))
# harakat, tanwin, shadda, sukun, Quranic marks: every combining mark of the Arabic
# blocks; and tatweel
_ARABIC_MARKS = "".join(
    chr(c) for low, high in _ARABIC_BLOCKS for c in range(low, high) if unicodedata.category(chr(c)) == "Mn"
) + "\u0640"
# Each step below is one scan of the text in C, and only runs when the text holds
# something for it to change (str.translate would look up every character).
_ARABIC = re.compile("[" + "".join(f"{chr(low)}-{chr(high - 1)}" for low, high in _ARABIC_BLOCKS) + "]")
_ARABIC_MARK = re.compile(f"[{_ARABIC_MARKS}]+")
_ALEF = re.compile(f"[{_ALEFS}]")
_QUOTE = re.compile(f"[{charclasses.QUOTE}]")
_DASH = re.compile(f"[{charclasses.DASH}]")
_NON_ASCII_DIGIT = regex.compile(r"(?V1)[\p{Nd}--[0-9]]")  # regex scans this one faster
_DIGITS = re.compile(r"[0-9]+")
_INVISIBLE = re.compile(f"[{charclasses.INVISIBLE}]+")
_FORMAT = re.compile(f"[{charclasses.FORMAT}]+")


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
    text = _fold(raw)
    found = _DIGITS.findall(text)
    # leading zeros are dropped (a number is compared by value), if there can be any
    numbers = tuple(run.lstrip("0") or "0" for run in found) if "0" in text else tuple(found)
    return Normal(_squeeze(text), numbers)


def normal_text(raw: str) -> str:
    """The text of :func:`normalize`'s form, without reading the numbers: what
    signs a whole document for near-duplicate documents alone.

    >>> normal_text("The “Quick”  brown\\r\\nfox — 007 times")
    'the"quick"brownfox-007times'
    """
    # Line by line: NFKC and the scans for marks then only run on the lines that need
    # them (a newline is whitespace, which the form drops, and nothing composes across
    # it), about 1.8x faster on documents than on the whole text at once.
    return "".join([_squeeze(_fold(line)) for line in raw.split("\n")])


def _fold(raw: str) -> str:
    """``raw`` in NFKC, casefolded, with one quotation mark, one dash, ASCII digits and
    no Arabic marks (whitespace still in)."""
    if raw.isascii():
        text = raw.lower()
    else:
        if "´" in raw or "`" in raw or "˝" in raw:
            raw = raw.translate(_BEFORE_NFKC)
        if not unicodedata.is_normalized("NFKC", raw):
            raw = unicodedata.normalize("NFKC", raw)
        text = raw.casefold()
        if _ARABIC.search(text):
            text = _ALEF.sub("ا", _ARABIC_MARK.sub("", text))
        if not text.isascii():
            text = _DASH.sub("-", _QUOTE.sub('"', _NON_ASCII_DIGIT.sub(_digit, text)))
    if "'" in text or "`" in text:
        text = text.replace("'", '"').replace("`", '"')
    return text


def _squeeze(text: str) -> str:
    """``text`` without whitespace and format characters."""
    # str.split() splits at White_Space and at these four separators, which are not
    # White_Space (so they stay in the normal form): a text with one takes the regex.
    if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
        return _INVISIBLE.sub("", text)
    text = "".join(text.split())
    # Format characters are not printable: most texts are, and isprintable() is a
    # much faster scan than the search.
    return text if text.isascii() or text.isprintable() else _FORMAT.sub("", text)
