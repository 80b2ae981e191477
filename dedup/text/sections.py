"""What removing a run may not break: the structure the layout's unit kinds describe.

A repeat is boilerplate when it is dropped between content unrelated to it; it is
structure when it marks something where it stands. The planner asks
:meth:`Structure.refuses` of every run it would remove, and keeps the run when:

* **it is only headings**: a heading that repeats (``Examples``, ``Options``) names its
  own section; removing it alone would fold that section into the one before;
* **it is fewer than three short lines**: lines of a block of short lines (a menu, a
  list without markers, a verse, an address) go only as a run of three or more (a
  widget pasted between other lines), never one or two lines out of such a block;
* **it would empty a section**: after it (and the runs removed before it) a heading
  would be left with nothing under it, as when the same answer stands under the
  heading of each operator in a FAQ. The whole section is then kept;
* **it would take a child from its parent**: a unit indented under a less indented
  one (an item of a changelog entry, a device row of a hardware table, an option of a
  man page, a licence text under its ``License:`` field) goes only with its parent,
  and a parent only with its children. The same item under two versions, or the same
  row under two vendors, is structure where it stands.

Units that are matched only exactly (code, tables, front matter, HTML blocks, rST
directives: a changed character there is a changed program or value) are listed in
:data:`EXACT_ONLY`; the engine refuses near matches involving them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

EXACT_ONLY = frozenset({"code", "table", "front-matter", "html", "directive"})
"""Unit kinds that match only when their normal forms are equal."""

MIN_SHORT_RUN = 3
"""The fewest short lines a run made only of short lines must have."""


class Structure:
    """The sections and short-line blocks of one layout, and what was removed so far.

    Example:
        >>> s = Structure(["heading", "prose", "heading", "prose", "short", "short"])
        >>> s.refuses(3, 1), s.refuses(2, 2)  # the rest of the section stays; a heading with its text
        (None, None)
        >>> s.refuses(2, 1), s.refuses(4, 2), s.refuses(1, 1), s.refuses(3, 3)
        (3, 5, 2, 6)
    """

    def __init__(self, kinds: Sequence[str], indents: Sequence[int] | None = None) -> None:
        self.kinds = kinds
        self.headings = [k for k, kind in enumerate(kinds) if kind == "heading"]
        self.removed = bytearray(len(kinds))
        self.parents = parents(indents) if indents is not None and any(indents) else None

    def refuses(self, start: int, length: int) -> int | None:
        """None if the run of ``length`` units at ``start`` may go; else where the
        planner goes on looking (past the unit, or past the section it would empty)."""
        kinds = self.kinds[start : start + length]
        if all(kind == "heading" for kind in kinds):
            return start + 1
        if length < MIN_SHORT_RUN and all(kind == "short" for kind in kinds):
            return start + 1
        if self.parents is not None:
            stop = start + length
            if any(-1 < self.parents[k] < start for k in range(start, stop)):
                return start + 1  # a child without its parent
            if stop < len(self.parents) and self.parents[stop] >= start:
                return start + 1  # a parent without (all) its children
        if self.kinds[start] != "heading":
            at = bisect_left(self.headings, start)
            if at:  # the run starts inside the section of this heading
                first = self.headings[at - 1] + 1
                end = self.headings[at] if at < len(self.headings) else len(self.kinds)
                stop = start + length
                if all(self.removed[k] or start <= k < stop for k in range(first, end)):
                    return max(end, start + 1)
        return None

    def remove(self, start: int, length: int) -> None:
        """Record that the run was removed."""
        self.removed[start : start + length] = b"\x01" * length


def indent(raw: str) -> int:
    """The columns of a unit's first line's leading whitespace (a tab to the next
    multiple of 8).

    >>> indent("  * item"), indent("\\t\\t1028 0001  Name"), indent("Title")
    (2, 16, 0)
    """
    stripped = raw.lstrip(" \t")
    if len(stripped) == len(raw):
        return 0
    return len(raw[: len(raw) - len(stripped)].expandtabs(8))


def parents(indents: Sequence[int]) -> list[int]:
    """Each unit's parent: the nearest unit before it that is less indented, or -1.

    >>> parents([0, 2, 4, 4, 2, 0, 7])
    [-1, 0, 1, 1, 0, -1, 5]
    """
    found: list[int] = []
    stack: list[int] = []  # units whose indents increase: the open ancestors
    for k, width in enumerate(indents):
        while stack and indents[stack[-1]] >= width:
            stack.pop()
        found.append(stack[-1] if stack else -1)
        stack.append(k)
    return found
