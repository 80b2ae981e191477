"""The units reStructuredText marks: what :func:`scan` claims of an rst document.

One pass over the lines, simplified where that cannot cut a unit apart:

- ``directive``: explicit markup (``.. name::``, and also comments, targets,
  footnotes and substitutions, ``.. ...``) with its indented body, blank lines inside
  included;
- ``code``: a literal block, the indented lines after a paragraph ending in ``::``;
- ``table``: a grid table (``+---+---+`` and ``|`` rows) or a simple table (``===  ===``
  borders, from its top border to the border that is followed by a blank line);
- ``heading``: a title with an underline (one punctuation character repeated, at least
  as long as the title or four characters), or with an over- and underline;
- ``item``: a bullet (``-``, ``*``, ``+``, ``•``, ``‣``, ``⁃``) or numbered (``1.``,
  ``1)``, ``(1)``, ``#.``) list item with the lines indented under it.

Everything else is left to the plain layout. The scan is linear: a simple table's end
is looked up in a table built once, backwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.text.structure_markdown import _indent, _trim
from dedup.text.width import display_width

Span = tuple[int, int, str]

_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1+\s*$")
_EXPLICIT = re.compile(r"[ \t]*\.\.(?:\s|$)")
_GRID = re.compile(r"\s*\+(?:[-=]+\+)+\s*$")
_SIMPLE = re.compile(r"\s*=+(?: +=+)+\s*$")
_ITEM = re.compile(r"[ \t]*(?:[-*+•‣⁃]|(?:\d+|#)[.)]|\((?:\d+|#)\))(?:[ \t]+|\s*$)")


def _block_end(lines: list[str], blank: Sequence[int], i: int, indent: int) -> int:
    """The end of the lines after ``i`` that are blank or indented more than ``indent``
    (trailing blank lines left out)."""
    k = i + 1
    while k < len(lines) and (blank[k] or _indent(lines[k]) > indent):
        k += 1
    return _trim(blank, i, k)


def _closing_borders(lines: list[str], blank: Sequence[int]) -> list[int]:
    """For each line, the first simple-table border at or after it that a blank line or
    the end follows (``len(lines)`` if none): where a simple table starting there ends."""
    n = len(lines)
    closing = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        closing[k] = k if _SIMPLE.match(lines[k]) and (k + 1 == n or blank[k + 1]) else closing[k + 1]
    return closing


def scan(lines: list[str], blank: Sequence[int]) -> list[Span]:
    """The units reStructuredText marks in a document, in order.

    >>> scan(["Title", "=====", "", "Run::", "", "    make", "", ".. note::", "   Mind it."], [False, False, True, False, True, False, True, False, False])
    [(0, 2, 'heading'), (5, 6, 'code'), (7, 9, 'directive')]
    """
    n = len(lines)
    out: list[Span] = []
    closing: list[int] | None = None
    literal = -1  # the indentation of a paragraph that ended in "::", while its block may follow
    paragraph = -1  # the first line of the open paragraph, if any
    i = 0
    while i < n:
        line = lines[i]
        if blank[i]:
            paragraph = -1
            i += 1
            continue
        indent = _indent(line)
        if literal >= 0 and paragraph < 0 and i > 0 and blank[i - 1] and indent > literal:
            end = _block_end(lines, blank, i, literal)
            out.append((i, end, "code"))
            i, literal = end, -1
            continue
        literal = -1
        if _EXPLICIT.match(line):
            end = _block_end(lines, blank, i, indent)
            out.append((i, end, "directive"))
            i = end
            continue
        if _GRID.match(line):
            end = i + 1
            while end < n and lines[end].lstrip()[:1] in ("+", "|"):
                end += 1
            out.append((i, end, "table"))
            i, paragraph = end, -1
            continue
        if _SIMPLE.match(line) and paragraph < 0:
            if closing is None:
                closing = _closing_borders(lines, blank)
            end = closing[i + 1]
            if end < n:
                out.append((i, end + 1, "table"))
                i = end + 1
                continue
        adornment = _ADORNMENT.match(line.strip())
        if adornment and paragraph < 0 and i + 2 < n and lines[i + 2].strip() == line.strip() and not blank[i + 1]:
            out.append((i, i + 3, "heading"))  # over- and underlined title
            i += 3
            continue
        if adornment is None and paragraph < 0 and i + 1 < n:
            under = _ADORNMENT.match(lines[i + 1].strip())
            if under is not None and len(lines[i + 1].strip()) >= min(display_width(line.strip()), 4):
                out.append((i, i + 2, "heading"))
                i += 2
                continue
        item = _ITEM.match(line)
        if item is not None and paragraph < 0:
            content = len(line[: item.end()].expandtabs(4)) if line[item.end() :].strip() else indent + 2
            end = i + 1
            while end < n and not blank[end] and _indent(lines[end]) >= content and not _ITEM.match(lines[end]):
                end += 1
            out.append((i, end, "item"))
            i = end
            continue
        if paragraph < 0:
            paragraph = i
        if line.rstrip().endswith("::"):
            literal = _indent(lines[paragraph])
        i += 1
    return out
