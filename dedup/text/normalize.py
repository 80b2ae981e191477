"""The comparison form of a paragraph, used only to compare, never written out.

NFKC, casefold, one form for every single quotation mark (``'``: a curly or straight
apostrophe, a backtick, a prime), one for every other (``"``), one for every dash (``-``),
Arabic harakat, tanwin, shadda, sukun, Quranic marks and tatweel removed, the letter
variants of the Arabic script unified (the alef forms آ أ إ ٱ and the dagger alef as
ا; Persian and Urdu ی, ى as ي; ک as ك; ة, ہ, ھ as ه), digits of every script written as
ASCII digits, and all whitespace and invisible format characters (zero-width space,
joiners, BOM, bidi controls) removed. A normal form's *size* counts only its letters,
digits and marks (:func:`size`): punctuation, rules and box drawing weigh nothing. The numbers of a paragraph are its maximal digit runs, compared
by value (leading zeros dropped), read before whitespace is removed so that
``10 21`` is two numbers. A code block keeps its lines and indentation
(:func:`code_form`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from dedup.native import core
from dedup.text import arabic, charclasses
from dedup.text.patterns import later_re, later_regex
from dedup.text.width import indent

if TYPE_CHECKING:
    import regex

# NFKC would turn these spacing accents, used as apostrophes, into a space and a mark.
_BEFORE_NFKC = {ord("´"): "'", ord("`"): "'", ord("˝"): '"'}
# Each step below is one scan of the text in C, and only runs when the text holds
# something for it to change (str.translate would look up every character).
_ARABIC = later_re("[" + "".join(f"{chr(low)}-{chr(high - 1)}" for low, high in arabic.BLOCKS) + "]")
_ARABIC_MARK = later_re(f"[{arabic.MARKS}]+")
_ARABIC_LETTER = later_re(f"[{''.join(map(chr, arabic.LETTERS))}]")
_SINGLE_QUOTE = later_re(f"[{charclasses.SINGLE_QUOTE}]")
_DOUBLE_QUOTE = later_re(f"[{charclasses.DOUBLE_QUOTE}]")
_DASH = later_re(f"[{charclasses.DASH}]")
_NON_ASCII_DIGIT = later_regex(r"(?V1)[\p{Nd}--[0-9]]")  # charclasses.NON_ASCII_DIGIT; regex scans this faster
_DIGITS = later_re(r"[0-9]+")
_INVISIBLE = later_re(f"[{charclasses.INVISIBLE}]+")
_FORMAT = later_re(f"[{charclasses.FORMAT}]+")


class Normal(NamedTuple):
    """A paragraph's comparison form: ``text`` and the ``numbers`` in it, and
    ``spaced``, the paragraph as written with each run of whitespace as one space,
    which the word rule reads (:mod:`dedup.text.words`: it folds the words itself, and
    needs the case to tell an identifier). Paragraphs with equal ``text`` match
    exactly whatever their ``spaced``."""

    text: str
    numbers: tuple[str, ...]
    spaced: str = ""


def _digit(match: regex.Match[str]) -> str:
    # A digit newer than this Python's Unicode tables is kept as it is.
    value = unicodedata.digit(match.group(), None)
    return match.group() if value is None else str(value)


def normalize(raw: str) -> Normal:
    """The comparison form of ``raw``.

    Example:
        >>> normalize("The “Quick”  brown\\r\\nfox — 007 times")
        Normal(text='the"quick"brownfox-007times', numbers=('7',), spaced='The “Quick” brown fox — 007 times')
        >>> normalize("أَحْمَــد ١٠").text == normalize("احمد 10").text
        True
    """
    text = fold(raw)
    found = _DIGITS.findall(text)
    # leading zeros are dropped (a number is compared by value), if there can be any
    numbers = tuple(run.lstrip("0") or "0" for run in found) if "0" in text else tuple(found)
    return Normal(_squeeze(text), numbers, " ".join(raw.split()))


def code_form(raw: str, form: Normal) -> Normal:
    """A code block's comparison form: ``form`` (:func:`normalize` of ``raw``) with
    the block's lines and their indentation kept, each line's normal form after as
    many spaces as its indentation is wide (blank lines and trailing whitespace are
    still noise). A line broken or indented otherwise is another program, or another
    example of one; spaces and newlines weigh nothing (:func:`size`).

    >>> code_form("x = f(\\n    a)\\n", normalize("x = f(\\n    a)\\n")).text
    'x=f(\\n    a)'
    >>> code_form("x = f(a)\\n", normalize("x = f(a)\\n")).text == normalize("x = f(a)\\n").text
    True
    """
    lines = []
    for line in raw.split("\n"):
        folded = _squeeze(fold(line))
        if folded:
            lines.append(" " * indent(line) + folded)
    return Normal("\n".join(lines), form.numbers, form.spaced)


def forms_of(raws: Sequence[str], forms: Sequence[Normal], kinds: Sequence[str]) -> list[Normal]:
    """The units' comparison forms: ``forms``, but :func:`code_form` for code blocks."""
    if "code" not in kinds:
        return list(forms)
    return [code_form(raw, form) if kind == "code" else form for raw, form, kind in zip(raws, forms, kinds, strict=True)]


def normalize_many(raws: Sequence[str]) -> list[Normal]:
    """:func:`normalize` of each of ``raws``: in one call to the compiled core when it
    is there (:mod:`dedup.native`), which leaves to this module only a paragraph with a
    code point this Python's Unicode does not assign.

    >>> normalize_many(["Twice  said.", "twice said"]) == [normalize("Twice  said."), normalize("twice said")]
    True
    """
    if core is None:
        return list(map(normalize, raws))
    make = Normal._make
    return [normalize(raw) if form is None else make(form) for raw, form in zip(raws, core.normalize_many(raws))]


def normal_text(raw: str) -> str:
    """The text of :func:`normalize`'s form, without reading the numbers: what
    signs a whole document for near-duplicate documents alone.

    >>> normal_text("The “Quick”  brown\\r\\nfox — 007 times")
    'the"quick"brownfox-007times'
    """
    # Line by line: NFKC and the scans for marks then only run on the lines that need
    # them (a newline is whitespace, which the form drops, and nothing composes across
    # it), about 1.8x faster on documents than on the whole text at once.
    if core is not None:
        found: str | None = core.normal_text(raw)
        if found is not None:
            return found
    return "".join([_squeeze(fold(line)) for line in raw.split("\n")])


def fold(raw: str, *, keep_case: bool = False) -> str:
    """``raw`` in NFKC, casefolded (unless ``keep_case``), with one single and one
    double quotation mark, one dash, ASCII digits and no Arabic marks (whitespace still
    in). A curly quote for a straight one is noise; a double one for a single one is
    not (``'$HOME'`` and ``"$HOME"`` are two strings in a shell)."""
    if raw.isascii():
        text = raw if keep_case else raw.lower()
    else:
        if "´" in raw or "`" in raw or "˝" in raw:
            raw = raw.translate(_BEFORE_NFKC)
        if not unicodedata.is_normalized("NFKC", raw):
            raw = unicodedata.normalize("NFKC", raw)
        text = raw if keep_case else raw.casefold()
        if _ARABIC.search(text):
            text = _ARABIC_MARK.sub("", text)
            if _ARABIC_LETTER.search(text):
                text = text.translate(arabic.LETTERS)
        if not text.isascii():
            text = _NON_ASCII_DIGIT.sub(_digit, text)
            text = _DASH.sub("-", quote_kinds(text))
    if "`" in text:
        text = text.replace("`", "'")
    return text


def quote_kinds(text: str) -> str:
    """``text`` with every single quotation mark (and the backtick, and a single
    prime) as ``'`` and every other as ``"``: the two kinds the normal form keeps.

    >>> print(quote_kinds("“a” ‘b’ «c» `d´"))
    "a" 'b' "c" 'd´
    """
    return _DOUBLE_QUOTE.sub('"', _SINGLE_QUOTE.sub("'", text))


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


# What a normal form's size does not count: punctuation, symbols (rules, box drawing,
# arrows, emoji) and control or unassigned code points; whitespace is already gone.
_UNCOUNTED = later_regex(r"[\p{P}\p{S}\p{C}\p{Z}]+")  # charclasses.UNCOUNTED, which scans slower
_ASCII_UNCOUNTED = {c: None for c in range(128) if not chr(c).isalnum()}


def size(text: str) -> int:
    """The size of a normal form: its letters, digits and marks, so that a line of
    ``=====`` or a box-drawing border weighs nothing against ``--min-chars``.

    >>> size(normalize("== Notes: 3 items ==").text), size("├──┼──┤"), size(normalize("إِلَى").text)
    (11, 0, 3)
    """
    if core is not None:  # the compiled twin, no regex scan or translation
        found: int | None = core.size(text)
        if found is not None:  # (None: a lone surrogate)
            return found
    return python_size(text)


def python_size(text: str) -> int:
    """:func:`size` in Python: the reference the compiled core's twin follows."""
    if text.isascii():
        return len(text.translate(_ASCII_UNCOUNTED))
    return len(text) - sum(map(len, _UNCOUNTED.findall(text)))
