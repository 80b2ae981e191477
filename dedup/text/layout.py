"""Lines, blank lines, blocks and units of one decoded document.

A line ends after ``\\n`` (a ``\\r\\n`` stays with its line; the last line may lack
``\\n``; ``\\r`` and ``\\u2028`` alone do not end a line). A blank line holds only
whitespace (in plain text, a line that is only ``%`` counts as blank too; a blank line
inside a code block does not). A block is a maximal run of non-blank lines.

The document is cut into *units*, the pieces a removal takes whole (see
:mod:`dedup.text.structure`): code blocks, tables, headings, list items, and the rest
block by block. In ``auto`` layout a block is *wrapped* (one paragraph) when it has
one line or when every line but its last is at most ``wrap_width`` wide (see
:func:`dedup.text.width.wrap_width`); otherwise each of its lines is a paragraph of
its own.

For plain text the compiled core (:mod:`dedup.native`, ``native/src/layout.rs``) does
the same work; :func:`python_layout` is the reference it is checked against.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple, overload

from dedup.native import core
from dedup.text.patterns import later_re
from dedup.text.structure import units
from dedup.text.width import display_width, is_wrapped

__all__ = ["Layout", "Paragraph", "display_width", "is_wrapped", "layout", "line_starts", "split_lines"]

_NEWLINE = later_re("\n")


class Paragraph(NamedTuple):  # a tuple: documents have many, made fast
    """A unit: lines ``[first, last)`` of the document, chars ``[start, end)``."""

    first: int
    last: int
    start: int
    end: int


class Paragraphs(Sequence[Paragraph]):
    """The units the compiled core found, made into :class:`Paragraph` as they are
    read. Most documents have few read (a removed run's, a finding's lines), and a
    ``Paragraph`` of four ints weighs about 200 bytes: they are not made for all.

    Example:
        >>> units = Paragraphs(array("q", [0, 1, 0, 4, 2, 3, 5, 9]))
        >>> len(units), units[1], units[-1].end, list(units) == [units[0], units[1]]
        (2, Paragraph(first=2, last=3, start=5, end=9), 9, True)
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: array[int]) -> None:
        self._fields = fields  # first, last, start, end of each unit in turn

    def __len__(self) -> int:
        return len(self._fields) >> 2

    @overload
    def __getitem__(self, k: int) -> Paragraph: ...
    @overload
    def __getitem__(self, k: slice) -> list[Paragraph]: ...
    def __getitem__(self, k: int | slice) -> Paragraph | list[Paragraph]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        n = len(self)
        at = (k + n if k < 0 else k) << 2
        if not 0 <= at < n << 2:
            raise IndexError("paragraph index out of range")
        fields = self._fields
        # tuple.__new__ makes a Paragraph from its fields without a Python-level call
        return tuple.__new__(Paragraph, (fields[at], fields[at + 1], fields[at + 2], fields[at + 3]))

    def __iter__(self) -> Iterator[Paragraph]:
        each = iter(self._fields)
        return map(tuple.__new__, repeat(Paragraph), zip(each, each, each, each))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Paragraphs, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Paragraphs({list(self)!r})"


@dataclass(frozen=True, slots=True)
class Layout:
    """A document cut into lines and units.

    Attributes:
        text: the decoded document.
        starts: ``starts[i]`` is the offset of line ``i``; ``starts[-1] == len(text)``.
        blank: ``blank[i]`` tells whether line ``i`` separates blocks (holds only
            whitespace, or is a ``%`` line of plain text, and is not inside a code block):
            a byte a line, 1 or 0 (a file of millions of empty lines would weigh 8 bytes
            a line as a list of bools).
        paragraphs: the units in document order.
        kinds: ``kinds[k]`` is the kind of ``paragraphs[k]`` (one of
            :data:`dedup.text.structure.KINDS`).
    """

    text: str
    starts: Sequence[int]  # an array, or from the core a memoryview of machine integers
    blank: bytes | bytearray
    paragraphs: Sequence[Paragraph]  # a list, or from the core a Paragraphs
    kinds: list[str]

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


def line_starts(text: str, *, after_final_newline: bool = True) -> array[int]:
    """The offset where each line starts and, after a final newline, where the next
    would (unless ``after_final_newline`` is False: then a final newline starts no
    line): ``bisect_right(line_starts(text), offset)`` is the 1-based line of an offset.
    The one place that finds lines' offsets (layout, findings, fixes, reports).

    An array of machine integers: a text of short lines has millions of them, which as
    a list of Python ints would be several times the text.

    >>> list(line_starts("ab\\ncd\\n")), list(line_starts("ab")), list(line_starts(""))
    ([0, 3, 6], [0], [0])
    >>> list(line_starts("ab\\ncd\\n", after_final_newline=False)), list(line_starts("\\n", after_final_newline=False))
    ([0, 3], [0])
    """
    if core is not None:
        packed = core.line_starts(text, after_final_newline)
        if packed is not None:  # None: a text with lone surrogates
            starts = array("q")
            starts.frombytes(packed)
            return starts
    starts = array("q", [0])
    starts.extend(match.end() for match in _NEWLINE.finditer(text))
    if not after_final_newline and len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
    return starts


def layout(text: str, unit: str = "auto", wrap_width: int = 100, syntax: str = "text") -> Layout:
    """Cut ``text`` into units.

    Args:
        text: the decoded document.
        unit: ``auto`` (decide per block), ``paragraph`` (a block is a unit) or
            ``line`` (a non-blank line is a unit, but a code block or table stays whole).
        wrap_width: the widest line, in columns, of a wrapped block.
        syntax: ``text``, ``markdown`` or ``rst`` (``auto`` reads as ``text``).

    Example:
        >>> lay = layout("a\\nb\\n\\n# Title\\n", syntax="markdown")
        >>> [(p.first, p.last) for p in lay.paragraphs], lay.kinds
        ([(0, 2), (3, 4)], ['prose', 'heading'])
    """
    if core is not None and compiled(syntax, wrap_width):
        found = core.layout(text, unit, wrap_width)
        if found is not None:  # None: a text with lone surrogates
            return from_core(text, found)
    return python_layout(text, unit, wrap_width, syntax)


def compiled(syntax: str, wrap_width: int) -> bool:
    """Whether the compiled core lays out this syntax with this width."""
    return core is not None and syntax in ("text", "auto") and -_LIMIT < wrap_width < _LIMIT


def from_core(text: str, found: tuple[bytes, bytes, bytes, list[str]]) -> Layout:
    """The layout of ``text`` from what the core's ``layout`` (or ``prepare``) returns."""
    packed, blank, spans, kinds = found
    # read in place (an array made from them would weigh as much again while both live),
    # 4 bytes a start or 8: there is one start more than there are lines
    starts = memoryview(packed).cast("I" if len(packed) == 4 * (len(blank) + 1) else "q")
    fields = array("q")
    fields.frombytes(spans)  # first, last, start, end of each unit in turn
    return Layout(text, starts, blank, Paragraphs(fields), kinds)


_LIMIT = 1 << 62  # a wrap width the core takes (a 64-bit integer, doubled and tripled)


def python_layout(text: str, unit: str = "auto", wrap_width: int = 100, syntax: str = "text") -> Layout:
    """:func:`layout` in Python: the reference the compiled core's twin gives the same as."""
    lines = text.split("\n")  # without their newlines
    last = lines.pop()  # after the last newline: a line without one, or nothing
    starts = line_starts(text)  # and where the text ends
    if last:
        lines.append(last)
        starts.append(len(text))
    blank = bytearray(not line or line.isspace() for line in lines)
    spans = units(text, lines, starts, blank, unit, wrap_width, syntax)
    paragraphs = [Paragraph(first, last, starts[first], starts[last]) for first, last, _ in spans]
    return Layout(text, starts, blank, paragraphs, [kind for _, _, kind in spans])
