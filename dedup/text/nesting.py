"""Which unit each unit hangs under, by indentation: its parent (the nearest unit
before it that is less indented) and, for a list item, its list (the unit that opens
it). :class:`dedup.text.sections.Structure` asks both of a run's units."""

from __future__ import annotations

from collections.abc import Sequence

from dedup.native import core


def parents(indents: Sequence[int]) -> list[int]:
    """Each unit's indentation parent: the nearest unit before it that is less
    indented, or -1.

    >>> parents([0, 2, 4, 4, 2, 0, 7])
    [-1, 0, 1, 1, 0, -1, 5]
    """
    if core is not None:
        try:
            compiled: list[int] = core.parents(indents)
            return compiled
        except OverflowError:
            pass  # a width beyond 64 bits: Python's ints decide
    found: list[int] = []
    stack: list[int] = []  # units whose indents increase: the open ancestors
    for k, width in enumerate(indents):
        while stack and indents[stack[-1]] >= width:
            stack.pop()
        found.append(stack[-1] if stack else -1)
        stack.append(k)
    return found


def lists(kinds: Sequence[str], indents: Sequence[int], parents_: Sequence[int] | None = None) -> list[int]:
    """Each list item's list, named by the unit that opens it: the nearest unit before
    the item that is neither an item at its indentation nor more indented than it (the
    paragraph that introduces the list, a heading, a less indented item); -1 for other
    units and for a list that opens the document. ``parents_`` are the
    :func:`parents` of ``indents``, when the caller has them.

    >>> lists(["prose", "item", "item", "prose", "item", "item", "prose", "item"], [0, 0, 2, 2, 0, 4, 4, 4])
    [-1, 0, 1, -1, 0, 4, -1, 6]
    """
    if parents_ is None:
        parents_ = parents(indents) if any(indents) else [-1] * len(kinds)
    found: list[int] = []
    latest: dict[int, int] = {}  # by indentation: the latest unit there that is no item
    for k, kind in enumerate(kinds):
        if kind == "item":
            found.append(max(parents_[k], latest.get(indents[k], -1)))
        else:
            latest[indents[k]] = k
            found.append(-1)
    return found


def list_kinds(kinds: Sequence[str], tags: Sequence[bool]) -> Sequence[str]:
    """``kinds`` with every tagged paragraph (``tags``:
    :func:`dedup.text.tags.tagged`) of kind
    ``prose`` or ``line`` an ``item``, for :func:`lists`.

    >>> list_kinds(["prose", "prose", "code"], [False, True, True])
    ['prose', 'item', 'code']
    """
    return ["item" if tag and (kind == "prose" or kind == "line") else kind for kind, tag in zip(kinds, tags, strict=True)]
