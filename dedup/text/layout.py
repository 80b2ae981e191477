"""Lines, blank lines, blocks and paragraphs of one decoded document.

A line ends after ``\\n`` (a ``\\r\\n`` stays with its line; the last line may lack
``\\n``; ``\\r`` and ``\\u2028`` alone do not end a line). A blank line holds only
whitespace. A block is a maximal run of non-blank lines. In ``auto`` layout a block
is *wrapped* (one paragraph) when it has one line or when every line but its last
is at most ``wrap_width`` display columns wide; otherwise each of its lines is a
paragraph of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, count
from operator import add
from typing import NamedTuple

import regex

_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")
_ZERO = regex.compile(r"[\p{Mn}\p{Me}\p{Cf}]")


class Paragraph(NamedTuple):  # a tuple: documents have many, made fast
    """A paragraph: lines ``[first, last)`` of the document, chars ``[start, end)``."""

    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Layout:
    """A document cut into lines and paragraphs.

    Attributes:
        text: the decoded document.
        starts: ``starts[i]`` is the offset of line ``i``; ``starts[-1] == len(text)``.
        blank: ``blank[i]`` tells whether line ``i`` holds only whitespace.
        paragraphs: the paragraphs in document order.
    """

    text: str
    starts: list[int]
    blank: list[bool]
    paragraphs: list[Paragraph]

    def paragraph_text(self, p: Paragraph) -> str:
        return self.text[p.start : p.end]


def split_lines(text: str) -> list[str]:
    """Cut ``text`` after every ``\\n``; joining the result gives ``text`` back.

    >>> split_lines("a\\r\\nb\\n\\nc")
    ['a\\r\\n', 'b\\n', '\\n', 'c']
    >>> split_lines("")
    []
    """
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def line_starts(text: str) -> list[int]:
    """The offset where each line starts (and, after a final newline, where the next
    would): ``bisect_right(line_starts(text), offset)`` is the 1-based line of an offset.

    >>> line_starts("ab\\ncd\\n"), line_starts("ab")
    ([0, 3, 6], [0])
    """
    return [0, *accumulate(len(part) + 1 for part in text.split("\n")[:-1])]


def display_width(line: str) -> int:
    """Columns a line takes on a terminal: wide and fullwidth characters count 2,
    combining marks and format characters 0, trailing whitespace is ignored.

    >>> display_width("abc  \\n"), display_width("漢字"), display_width("e\\u0301")
    (3, 4, 1)
    """
    line = line.rstrip()
    if line.isascii():
        return len(line)
    return len(line) - len(_ZERO.findall(line)) + len(_WIDE.findall(line))


def _fits(line: str, width: int) -> bool:
    # Every character is at most two columns wide, so short lines need no counting.
    if len(line) * 2 <= width:
        return True
    line = line.rstrip()
    if line.isascii():
        return len(line) <= width
    # Wide characters only add columns: a line too wide without them is too wide.
    narrow = len(line) - len(_ZERO.findall(line))
    return narrow <= width and narrow + len(_WIDE.findall(line)) <= width


def is_wrapped(lines: list[str], width: int) -> bool:
    """Whether a block reads as one hard-wrapped paragraph."""
    return all(_fits(line, width) for line in lines[:-1])


def layout(text: str, unit: str = "auto", wrap_width: int = 100) -> Layout:
    """Cut ``text`` into paragraphs.

    Args:
        text: the decoded document.
        unit: ``auto`` (decide per block), ``paragraph`` (a block is a paragraph) or
            ``line`` (a non-blank line is a paragraph).
        wrap_width: the widest line, in display columns, of a wrapped block.

    Example:
        >>> [(p.first, p.last) for p in layout("a\\nb\\n\\nc\\n").paragraphs]
        [(0, 2), (3, 4)]
    """
    lines = text.split("\n")  # without their newlines
    last = lines.pop()  # after the last newline: a line without one, or nothing
    # line k starts after the k lines (and k newlines) before it
    starts = [0, *map(add, accumulate(map(len, lines)), count(1))]
    if last:
        lines.append(last)
        starts.append(len(text))
    blank = [not line or line.isspace() for line in lines]
    paragraphs: list[Paragraph] = []
    i, n = 0, len(lines)
    while i < n:
        if blank[i]:
            i += 1
            continue
        j = i + 1
        while j < n and not blank[j]:
            j += 1
        if unit == "line" or (unit == "auto" and not is_wrapped(lines[i:j], wrap_width)):
            paragraphs.extend(Paragraph(k, k + 1, starts[k], starts[k + 1]) for k in range(i, j))
        else:
            paragraphs.append(Paragraph(i, j, starts[i], starts[j]))
        i = j
    return Layout(text, starts, blank, paragraphs)
