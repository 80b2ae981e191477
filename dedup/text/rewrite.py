"""Apply a plan to the text: cut each removed run out, and nothing else.

A removed run takes with it the blank lines in front of it when it ends at the end
of a block (the next line is blank, or there is none); a run that ends inside a block
leaves them, so that the text before it is not glued to the text after it. Every
other character stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import AnyStr

from dedup.text.layout import Layout, Paragraph
from dedup.text.runs import Run

Edge = tuple[int, int, int, bool]


def edge(lay: Layout, paragraph: Paragraph) -> Edge:
    """What cutting a run at ``paragraph`` takes: where it starts, where the blank
    lines before it start, where it ends, and whether it ends a block."""
    line = paragraph.first
    while line > 0 and lay.blank[line - 1]:
        line -= 1
    return paragraph.start, lay.starts[line], paragraph.end, paragraph.last == len(lay.blank) or bool(lay.blank[paragraph.last])


def span_between(first: Edge, last: Edge) -> tuple[int, int]:
    """The characters removing the run from paragraph ``first`` to ``last`` deletes
    (the blank lines in front of it too, when it ends a block)."""
    start, lead, _, _ = first
    _, _, end, block_end = last
    return (lead if block_end else start), end


def removal_span(lay: Layout, run: Run) -> tuple[int, int]:
    """The characters ``[start, end)`` that removing ``run`` deletes."""
    paragraphs = lay.paragraphs
    return span_between(edge(lay, paragraphs[run.start]), edge(lay, paragraphs[run.start + run.length - 1]))


def cut(text: AnyStr, spans: Iterable[tuple[int, int]]) -> AnyStr:
    """``text`` (characters or bytes) without the given disjoint, increasing spans.

    >>> cut("abcdef", [(1, 2), (4, 6)]), cut(b"abcdef", [(0, 1)])
    ('acd', b'bcdef')
    """
    pieces = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return text[:0].join(pieces)
