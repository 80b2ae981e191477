"""The cleaning passes of :mod:`dedup.text.fixes`, one pure function each.

A pass takes the current text (and its argument, e.g. ``"lf"``) and returns its edits:
``(start, end, replacement)`` triples in the coordinates of the text it was given,
sorted and disjoint, each a real change. Every pass but ``blank-lines`` works inside
single lines and only on lines it has a reason to change; ``blank-lines`` deletes
whole lines. A line's *ending* is the ``\\n`` and any ``\\r`` right before it (a
``\\r`` or ``\\u2028`` alone ends nothing, as in :func:`dedup.text.layout.split_lines`);
the rest is its *content*.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from functools import cache
from typing import Any, Literal

import regex

from dedup.errors import ConfigError
from dedup.text.affixes import common_prefix, common_suffix

Edit = tuple[int, int, str]
Pass = Callable[[str, "str | None"], list[Edit]]
Form = Literal["NFC", "NFKC"]

BOM = "\ufeff"

# Removed by `invisible`: C0/C1 controls and DEL except tab, LF and CR; soft hyphen;
# zero width space; word joiner and the invisible math operators; the deprecated
# format characters U+206A-F; a BOM (not at offset 0); interlinear annotation marks.
# Kept on purpose: ZWNJ/ZWJ (Persian and Indic spelling, emoji sequences), bidi marks,
# embeddings and isolates (they decide how RTL text displays), variation selectors,
# tag characters (flag sequences), Arabic number signs.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]+"
)

# Above this many differing characters in one line, a line's change is one edit
# instead of a character diff (which is quadratic in the worst case).
_DIFF_LIMIT = 4000


def split(text: str) -> Iterator[tuple[int, str, str]]:
    """``(start, content, ending)`` of each line.

    >>> list(split("a\\r\\nb \\n\\nc\\r"))
    [(0, 'a', '\\r\\n'), (3, 'b ', '\\n'), (6, '', '\\n'), (7, 'c\\r', '')]
    """
    parts = text.split("\n")
    last = parts.pop()
    pos = 0
    for part in parts:
        content = part.rstrip("\r")
        yield pos, content, part[len(content) :] + "\n"
        pos += len(part) + 1
    if last:
        yield pos, last, ""


def lines(text: str) -> Iterator[tuple[int, int, int]]:
    """``(start, content_end, end)`` of each line; its ending is ``text[content_end:end]``.

    >>> list(lines("a\\r\\nb \\n\\nc"))
    [(0, 1, 3), (3, 5, 6), (6, 6, 7), (7, 8, 8)]
    """
    for start, content, ending in split(text):
        yield start, start + len(content), start + len(content) + len(ending)


def _trim(old: str, new: str) -> tuple[int, str, str]:
    """Where ``old`` and ``new`` start to differ, and their differing middles."""
    p = common_prefix(old, new)
    s = common_suffix(old[p:], new[p:])
    return p, old[p : len(old) - s], new[p : len(new) - s]


def _add(edits: list[Edit], start: int, end: int, rep: str) -> None:
    if edits and edits[-1][1] == start:  # touching: one edit
        first, _, before = edits.pop()
        edits.append((first, end, before + rep))
    else:
        edits.append((start, end, rep))


def diff(old: str, new: str, offset: int = 0) -> list[Edit]:
    """Edits that turn ``old`` into ``new``, shifted by ``offset``; touching ones merged.

    >>> diff("cafe\\u0301 cre\\u0300me", "café crème")
    [(3, 5, 'é'), (8, 10, 'è')]
    """
    if old == new:
        return []
    p, a, b = _trim(old, new)
    base = offset + p
    if len(a) + len(b) > _DIFF_LIMIT:
        return [(base, base + len(a), b)]
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            _add(edits, base + i1, base + i2, b[j1:j2])
    return edits


# The settings of ftfy's fixer for the ``unicode`` pass: repair mojibake only. No HTML
# unescaping, no quote, width, ligature or line-break changes, no normalisation and no
# control-character removal (``nfc``, ``nfkc`` and ``invisible`` do those when asked).
FTFY_CONFIG: dict[str, Any] = {
    "unescape_html": False,
    "remove_terminal_escapes": False,
    "fix_encoding": True,
    "restore_byte_a0": True,
    "replace_lossy_sequences": True,
    "decode_inconsistent_utf8": True,
    "fix_c1_controls": True,
    "fix_latin_ligatures": False,
    "fix_character_width": False,
    "uncurl_quotes": False,
    "fix_line_breaks": False,
    "fix_surrogates": True,
    "remove_control_chars": False,
    "normalization": None,
    "explain": False,
}


def require_ftfy() -> None:
    """Raise ``ConfigError`` if the ``unicode`` pass cannot run (ftfy is missing)."""
    try:
        _ftfy()
    except ImportError as error:
        raise ConfigError(f"fix unicode needs the ftfy package (pip install ftfy): {error}") from None


@cache
def _ftfy() -> tuple[Callable[[str], str], Callable[[str], bool]]:
    """ftfy's fixer with ``FTFY_CONFIG``, and a quick test for lines it may change."""
    import ftfy  # lazy: only this pass needs it

    config = ftfy.TextFixerConfig(**FTFY_CONFIG)
    try:
        # With these settings ftfy 6 changes a line only if it looks bad (its
        # encoding fixes start from that test), or holds C1 controls or surrogates.
        from ftfy.badness import is_bad

        suspect = re.compile("[\x80-\x9f\ud800-\udfff]")

        def may_change(line: str) -> bool:
            return not line.isascii() and (bool(suspect.search(line)) or is_bad(line))

    except ImportError:  # pragma: no cover - another ftfy: ask it about every line

        def may_change(line: str) -> bool:
            return not line.isascii()

    return (lambda line: ftfy.fix_text(line, config)), may_change


def fix_unicode(text: str, _arg: str | None = None) -> list[Edit]:
    """Repair mojibake with ftfy, line by line."""
    if text.isascii():
        return []
    fix, may_change = _ftfy()
    edits: list[Edit] = []
    for start, content, _ in split(text):
        if may_change(content):
            fixed = fix(content)
            if "\n" not in fixed:  # a pass never moves a line break
                edits.extend(diff(content, fixed, start))
    return edits


def fix_invisible(text: str, _arg: str | None = None) -> list[Edit]:
    """Delete invisible and control characters (see ``INVISIBLE``); keep a BOM at offset 0."""
    first = 1 if text.startswith(BOM) else 0
    return [(m.start(), m.end(), "") for m in INVISIBLE.finditer(text, first)]


_GRAPHEME = regex.compile(r"\X")


def _normal_edits(content: str, form: Form, offset: int) -> list[Edit]:
    """Edits normalising ``content``, one per changed grapheme cluster (touching merged)."""
    p, old, new = _trim(content, unicodedata.normalize(form, content))
    edits: list[Edit] = []
    parts = []
    for m in _GRAPHEME.finditer(old):
        cluster = m.group()
        fixed = cluster if unicodedata.is_normalized(form, cluster) else unicodedata.normalize(form, cluster)
        parts.append(fixed)
        if fixed != cluster:
            _add(edits, offset + p + m.start(), offset + p + m.end(), fixed)
    if "".join(parts) != new:  # a composition across clusters: one edit for the middle
        return [(offset + p, offset + p + len(old), new)]
    return edits


def _normalizer(form: Form) -> Pass:
    def fix(text: str, _arg: str | None = None) -> list[Edit]:
        if unicodedata.is_normalized(form, text):
            return []
        edits: list[Edit] = []
        for start, content, _ in split(text):
            if not unicodedata.is_normalized(form, content):
                edits.extend(_normal_edits(content, form, start))
        return edits

    fix.__name__ = f"fix_{form.lower()}"
    fix.__doc__ = f"Normalise every line that is not in {form} to {form}."
    return fix


fix_nfc = _normalizer("NFC")
fix_nfkc = _normalizer("NFKC")


def fix_trailing_space(text: str, _arg: str | None = None) -> list[Edit]:
    """Delete the spaces and tabs that end a line's content."""
    edits: list[Edit] = []
    for start, content, _ in split(text):
        if content.endswith((" ", "\t")):
            edits.append((start + len(content.rstrip(" \t")), start + len(content), ""))
    return edits


def is_blank(line: str) -> bool:
    """The rule's blank line (``not line.strip()``), a BOM counting as nothing."""
    return not line.strip() or not line.replace(BOM, "").strip()


def fix_blank_lines(text: str, _arg: str | None = None) -> list[Edit]:
    """Delete leading and trailing blank lines and all but the first of each run.

    A BOM counts as nothing, and one at offset 0 stays. The last non-blank line
    keeps its ending, so a final newline stays; none is added or removed.
    """
    first = 1 if text.startswith(BOM) else 0
    spans: list[tuple[int, int]] = []
    blank: list[bool] = []
    for start, content, ending in split(text):
        spans.append((max(start, first), start + len(content) + len(ending)))
        blank.append(is_blank(content))
    kept = [i for i, is_b in enumerate(blank) if not is_b]
    if not kept:  # nothing but blank lines
        return [(first, len(text), "")] if first < len(text) else []
    lo, hi = kept[0], kept[-1]
    edits: list[Edit] = []
    if spans[lo][0] > first:
        edits.append((first, spans[lo][0], ""))
    for i in range(lo + 2, hi):
        if blank[i] and blank[i - 1]:  # not the first blank line of its run
            if edits and edits[-1][1] == spans[i][0]:
                edits[-1] = (edits[-1][0], spans[i][1], "")
            else:
                edits.append((spans[i][0], spans[i][1], ""))
    if spans[hi][1] < len(text):
        edits.append((spans[hi][1], len(text), ""))
    return edits


def fix_line_endings(text: str, arg: str | None = None) -> list[Edit]:
    """Make every line ending ``\\n`` (``lf``) or ``\\r\\n`` (``crlf``).

    A run of ``\\r`` before ``\\n`` (``\\r\\r\\n`` from converting twice) is one
    ending. A ``\\r`` that is not before ``\\n`` is not an ending and stays.
    """
    edits: list[Edit] = []
    for start, content, ending in split(text):
        at, crs = start + len(content), len(ending) - 1
        if crs < 0:  # the last line, without an ending
            break
        if arg == "lf" and crs:
            edits.append((at, at + crs, ""))
        elif arg == "crlf" and crs == 0:
            edits.append((at, at, "\r"))
        elif arg == "crlf" and crs > 1:
            edits.append((at, at + crs - 1, ""))
    return edits


ORDER: tuple[str, ...] = (
    "unicode",
    "invisible",
    "nfc",
    "nfkc",
    "trailing-space",
    "blank-lines",
    "line-endings",
    "empty-docs",
)
PASS_FUNCTIONS: dict[str, Pass] = {
    "unicode": fix_unicode,
    "invisible": fix_invisible,
    "nfc": fix_nfc,
    "nfkc": fix_nfkc,
    "trailing-space": fix_trailing_space,
    "blank-lines": fix_blank_lines,
    "line-endings": fix_line_endings,
}
