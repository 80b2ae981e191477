"""Units of a document: the pieces a removal takes whole.

A removal must lose no content and break no structure, so what it takes is always a
whole unit, never rows of a table or lines of a code block. :func:`units` cuts the
lines of a document into units, each with a *kind*:

- ``code``, ``table``, ``front-matter``, ``html``, ``directive``: one unit each,
  however many lines, blank lines inside included (they are not block separators);
- ``heading``: a heading (with its underline, or over- and underline), a unit alone;
- ``item``: a list item with its continuation lines;
- ``prose``: a block read as one hard-wrapped paragraph;
- ``line``: a line of a block laid out line by line (a line wider than the wrap
  width, or wide text with one sentence-ending line per paragraph);
- ``short``: a line of a block of short lines that do not flow (a menu, a share
  widget, an address, verse): see :func:`dedup.text.width.short_lines`.

Which constructs are recognised depends on the *syntax*. Markdown and
reStructuredText are parsed by :mod:`dedup.text.structure_markdown` and
:mod:`dedup.text.structure_rst` (only when asked: layout runs on every document).
Everything they do not claim, and all of plain text, is cut block by block here: a run
of two or more table rows (lines with pipes or box-drawing characters, or columns
aligned on runs of two or more spaces) is a table; in plain text also a line
underlined by ``=``, ``-`` or ``~`` of about its length is a heading, a line starting
with a bullet (``-``, ``*``, ``•``) or a number (``1.``, ``1)``) is an item with its
indented continuation lines (when it starts the block or the block has another), and a
line that is only ``%`` separates entries as a blank line does (fortune files), as does
an indented line that is only ``.`` (the empty line of a Debian copyright file's
multi-line field: a licence text's paragraphs are paragraphs).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from dedup.text.patterns import later_re
from dedup.text.width import display_width, line_widths, sentence_lines, short_lines

Span = tuple[int, int, str]  # lines [first, last) and the unit's kind

KINDS = ("prose", "line", "short", "heading", "item", "code", "table", "front-matter", "html", "directive")
# Kinds that are one unit whatever the layout unit, blank lines inside included.
ATOMS = frozenset({"code", "table", "front-matter", "html", "directive"})
# Kinds matched only exactly: a changed character there is a changed program or value.
EXACT_ONLY = ATOMS
SYNTAXES = ("auto", "text", "markdown", "rst")
_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown", ".rst": "rst"}

# A line that may be a plain-text bullet, number or underline starts with one of these
# (a literal newline first: the search skips to newlines at C speed).
_MARK = later_re(r"\n[-*•‣◦=~0-9 \t]")
_MARKS = frozenset("-*•‣◦=~0123456789 \t")
_RULE_HEADS = frozenset("-=~_+:|")
_NONE: frozenset[int] = frozenset()
_GAP = later_re(r"(?<=\S)(?: {2,}|\t+)(?=\S)")
_GRID = later_re(r"\s*\+[-=+:]*[-=][-=+:]*\+\s*$")
_RULE = later_re(r"\s*[-=~_+:|\u2500-\u257f ]*[-=~_\u2500-\u257f]{3}[-=~_+:|\u2500-\u257f ]*\s*$")
_UNDERLINE = later_re(r"[ \t]*(?:=+|-+|~+)\s*$")
_ITEM = later_re(r"([ \t]*)(?:[-*•‣◦]|\d{1,3}[.)])[ \t]+\S")
# A Markdown heading written in plain text (``## polkit 121``): one to six ``#`` at the
# line's start, a space or tab and text. It is one only in a text that has such lines
# of two levels or more (a catalogue's ``# Benutzer=%lu`` is a message, and a level
# alone says little), and only when it is a block of its own or in a block looked at
# line by line (one with a list, a table, an underline): a script's comment over its
# commands is not.
# (``^`` and MULTILINE: a line's match, or every line's in a text)
_ATX = later_re(r"^(#{1,6})[ \t]+\S", re.MULTILINE)
_BOX = later_re(r"[\u2500-\u257f]")
_SEPARATOR = later_re(r"^(?:[^\S\n]*%|[^\S\n]+\.)[^\S\n]*$", re.M)


def syntax_for(name: str) -> str:
    """The syntax ``auto`` means for a document named ``name``: by its extension.

    >>> syntax_for("README.md"), syntax_for("docs/intro.rst"), syntax_for("notes.txt")
    ('markdown', 'rst', 'text')
    """
    dot = name.rfind(".")
    return _EXTENSIONS.get(name[dot:].lower(), "text") if dot > name.rfind("/") else "text"


def units(
    text: str, lines: list[str], starts: Sequence[int], blank: bytearray, unit: str, width: int, syntax: str
) -> list[Span]:
    """Cut the lines of ``text`` into units, in order, covering every non-blank line once.

    ``blank`` (whitespace-only lines) is updated in place to mean "this line separates
    blocks": a blank line inside a code block or other atom does not, and in plain
    text a line that is only ``%``, or an indented line that is only ``.``, does.

    Args:
        text: the document; ``lines`` its lines without their ``\\n``, ``starts`` their offsets.
        unit: ``auto``; ``paragraph`` (every block one unit); ``line`` (every line one
            unit, but atoms stay whole).
        width: the wrap width (see :func:`dedup.text.width.is_wrapped`).
        syntax: ``text``, ``markdown`` or ``rst`` (``auto`` reads as ``text``).
    """
    if syntax == "markdown":
        from dedup.text.structure_markdown import scan
    elif syntax == "rst":
        from dedup.text.structure_rst import scan
    else:
        scan = _no_claims
        if "%" in text or "\n ." in text or "\n\t." in text:
            for match in _SEPARATOR.finditer(text):
                blank[bisect_right(starts, match.start()) - 1] = True
    claims = scan(lines, blank)
    for first, last, kind in claims:
        if kind in ATOMS:
            blank[first:last] = [False] * (last - first)
    if unit == "paragraph":
        return _whole_blocks(blank, claims)
    markup = syntax not in ("markdown", "rst")
    headings = markup and heading_levels(text)
    # Which cheap signs of structure the document has at all (see _gap).
    signs = ("|" in text, "  " in text or "\t" in text, not text.isascii() and _BOX.search(text) is not None)
    spans: list[Span] = []
    position = 0
    for first, last, kind in claims:
        _gap(text, lines, starts, blank, position, first, unit, width, (markup, headings), signs, spans)
        if unit == "line" and kind not in ATOMS:
            spans.extend((k, k + 1, "line") for k in range(first, last))
        else:
            spans.append((first, last, kind))
        position = last
    _gap(text, lines, starts, blank, position, len(lines), unit, width, (markup, headings), signs, spans)
    return spans


def heading_levels(text: str) -> bool:
    """Whether a plain text's Markdown headings have two levels or more, and so are
    headings.

    >>> heading_levels("## polkit 122\\n### Highlights:\\n- new\\n"), heading_levels("# Users=%lu\\n\\n# Files\\n")
    (True, False)
    """
    return "#" in text and len({len(marks) for marks in _ATX.findall(text)}) >= 2


def _no_claims(lines: list[str], blank: Sequence[int]) -> list[Span]:
    return []


def _blocks(blank: Sequence[int], i: int, end: int) -> Iterator[tuple[int, int]]:
    """The blocks (maximal runs of lines that do not separate) of lines ``[i, end)``."""
    while i < end:
        if blank[i]:
            i += 1
            continue
        j = i + 1
        while j < end and not blank[j]:
            j += 1
        yield i, j
        i = j


def _whole_blocks(blank: Sequence[int], claims: list[Span]) -> list[Span]:
    kinds = {(first, last): kind for first, last, kind in claims}
    return [(i, j, kinds.get((i, j), "prose")) for i, j in _blocks(blank, 0, len(blank))]


def _gap(
    text: str,
    lines: list[str],
    starts: Sequence[int],
    blank: Sequence[int],
    i: int,
    end: int,
    unit: str,
    width: int,
    marked: tuple[bool, bool],
    signs: tuple[bool, bool, bool],
    out: list[Span],
) -> None:
    """Cut lines ``[i, end)`` that no parser claimed, block by block (``marked``:
    whether plain-text bullets and underlines, and Markdown headings, are read)."""
    markup, headings = marked
    # Cheap tests first (layout runs on every document): only a block holding a pipe, a
    # run of two spaces or a tab, a box-drawing character or (in plain text) a line
    # starting like a bullet, a number or an underline is looked at line by line.
    pipe, gap, box = signs
    for i, j in _blocks(blank, i, end):  # noqa: B020 (the blocks are computed before the loop rebinds i)
        if j - i == 1:
            if markup and _ITEM.match(lines[i]):
                out.append((i, j, "line" if unit == "line" else "item"))
            elif headings and lines[i][:1] == "#" and _ATX.match(lines[i]):
                out.append((i, j, "line" if unit == "line" else "heading"))
            else:
                _plain(lines, i, j, unit, width, out)
        elif (
            (pipe and text.find("|", starts[i], starts[j]) >= 0)
            or (gap and (text.find("  ", starts[i], starts[j]) >= 0 or text.find("\t", starts[i], starts[j]) >= 0))
            or (box and _BOX.search(text, starts[i], starts[j]) is not None)
            or (markup and (lines[i][:1] in _MARKS or _MARK.search(text, starts[i], starts[j]) is not None))
        ):
            _block(lines, i, j, unit, width, marked, box, out)
        else:
            _plain(lines, i, j, unit, width, out)


def _plain(lines: list[str], i: int, j: int, unit: str, width: int, out: list[Span]) -> None:
    """Lines ``[i, j)`` with no structure: one wrapped paragraph, or one unit a line."""
    if i == j:
        return
    if unit == "line":
        out.extend((k, k + 1, "line") for k in range(i, j))
        return
    if j - i == 1:
        out.append((i, j, "prose"))
        return
    block = lines[i:j]
    widths = line_widths(block, width)
    if widths is None or sentence_lines(block):
        out.extend((k, k + 1, "line") for k in range(i, j))
    elif short_lines(block, width, widths):
        out.extend((k, k + 1, "short") for k in range(i, j))
    else:
        out.append((i, j, "prose"))


def _columns(line: str) -> frozenset[int]:
    """Where runs of two or more spaces (or tabs) between words start and end."""
    return frozenset(p for m in _GAP.finditer(line) for p in m.span())


def _block(lines: list[str], i: int, j: int, unit: str, width: int, marked: tuple[bool, bool], box: bool, out: list[Span]) -> None:
    """Cut a block that may hold tables (and, in plain text, headings and items)."""
    markup, headings = marked
    ruled: list[bool] = []  # a row with pipes or box drawing, or a grid border
    columns: list[frozenset[int]] = []
    rule: list[bool] = []  # only rule characters (---, ===, +--+, ────)
    for line in lines[i:j]:  # cheap tests guard every regular expression
        head = line[:1]
        if head == " " or head == "\t":
            head = line.lstrip()[:1]
        ruled.append(
            ("|" in line and (head == "|" or line.count("|") >= 2))
            or (box and not line.isascii() and _BOX.search(line) is not None)
            or (head == "+" and _GRID.match(line) is not None)
        )
        columns.append(_columns(line) if "  " in line or "\t" in line else _NONE)
        rule.append((head in _RULE_HEADS or "\u2500" <= head <= "\u257f") and _RULE.match(line) is not None)
    n = j - i
    row = [
        ruled[k]
        or bool(columns[k] and ((k > 0 and columns[k] & columns[k - 1]) or (k + 1 < n and columns[k] & columns[k + 1])))
        for k in range(n)
    ]
    markers = sum(1 for line in lines[i:j] if line.lstrip()[:1] in _MARKS and _ITEM.match(line)) if markup else 0
    pending = i  # the first line not yet cut
    checked = 0  # rows and rules before this (block) line are no table
    k = top = i  # (top: the block's first line, or the first after a heading in it)
    while k < j:
        if headings and lines[k][:1] == "#" and _ATX.match(lines[k]):
            _plain(lines, pending, k, unit, width, out)
            out.append((k, k + 1, "line" if unit == "line" else "heading"))
            k = pending = top = k + 1
            continue
        r = k - i
        if (row[r] or rule[r]) and r >= checked:
            m, rows = r, 0
            while m < n and (row[m] or rule[m]):
                rows += row[m]
                m += 1
            checked = m
            if rows >= 2:
                _plain(lines, pending, k, unit, width, out)
                out.append((k, i + m, "table"))
                k = pending = i + m
                continue
        if markup and k + 1 < j and not rule[r] and not row[r] and _UNDERLINE.match(lines[k + 1]):
            w = display_width(lines[k].strip())
            if 2 * len(lines[k + 1].strip()) >= w and len(lines[k + 1].strip()) <= 1.5 * w + 2:
                _plain(lines, pending, k, unit, width, out)
                if unit == "line":
                    out.extend([(k, k + 1, "line"), (k + 1, k + 2, "line")])
                else:
                    out.append((k, k + 2, "heading"))
                k = pending = k + 2
                continue
        item = _ITEM.match(lines[k]) if markup and (k == top or markers >= 2) else None
        if item is not None:
            _plain(lines, pending, k, unit, width, out)
            indent = len(item.group(1))
            m = k + 1
            while m < j and not row[m - i] and not _ITEM.match(lines[m]) and len(lines[m]) - len(lines[m].lstrip()) > indent:
                m += 1
            if unit == "line":
                out.extend((p, p + 1, "line") for p in range(k, m))
            else:
                out.append((k, m, "item"))
            k = pending = m
            continue
        k += 1
    _plain(lines, pending, j, unit, width, out)
