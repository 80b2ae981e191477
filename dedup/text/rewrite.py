"""Apply a plan to the text: cut each removed run out, and nothing else.

A removed run takes with it the blank lines in front of it when it ends at the end
of a block (the next line is blank, or there is none); a run that ends inside a block
leaves them, so that the text before it is not glued to the text after it. Every
other character stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from dedup.text.layout import Layout
from dedup.text.runs import Run


def removal_span(lay: Layout, run: Run) -> tuple[int, int]:
    """The characters ``[start, end)`` that removing ``run`` deletes."""
    first = lay.paragraphs[run.start]
    last = lay.paragraphs[run.start + run.length - 1]
    line = first.first
    if last.last == len(lay.blank) or lay.blank[last.last]:
        while line > 0 and lay.blank[line - 1]:
            line -= 1
    return lay.starts[line], last.end


def cut(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` without the given disjoint, increasing spans.

    >>> cut("abcdef", [(1, 2), (4, 6)])
    'acd'
    """
    pieces = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
