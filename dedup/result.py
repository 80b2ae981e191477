"""What cleaning one document returns: the cleaned text and what was removed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dedup.pickling import by_fields

Kind = Literal["exact", "near"]


@by_fields
@dataclass(frozen=True, slots=True)
class Finding:
    """One removed run, in the coordinates of the original text.

    Attributes:
        line_start, line_end: 1-based, inclusive lines of the removed paragraphs.
        start, end: character offsets ``[start, end)`` of everything removed for this
            run, the blank lines it took with it included. Deleting every finding's
            span from the input gives the output.
        source_line_start, source_line_end: 1-based, inclusive lines of the first
            occurrence, which is kept.
        source_start, source_end: character offsets of the first occurrence.
        paragraphs: how many paragraphs the run holds.
        size: its size in normalised characters.
        score: the lowest similarity of a paragraph pair in the run (1.0 if exact).
        kind: ``exact`` if every pair has equal normalised text, else ``near``.
        source_document: None when the first occurrence is in the same document;
            otherwise the earlier document's name (corpus scope), and the source
            offsets refer to that document.
    """

    line_start: int
    line_end: int
    start: int
    end: int
    source_line_start: int
    source_line_end: int
    source_start: int
    source_end: int
    paragraphs: int
    size: int
    score: float
    kind: Kind
    source_document: str | None = None


@by_fields
@dataclass(frozen=True, slots=True)
class Result:
    """The cleaned ``text`` and the ``findings``, ordered by position."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        return bool(self.findings)
