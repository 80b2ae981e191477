"""A document's first steps, which each pass of the engine starts from: its layout,
the units' text, their normal forms and, from the compiled core, the relation's start.

With the compiled core (:mod:`dedup.native`) this is one call for plain text
(``native/src/document.rs``): layout, the forms of the distinct units, the units with
equal forms and the near pairs, the same as :func:`dedup.text.layout.layout`,
:func:`dedup.text.normalize.normalize_many`, ``group_normals`` and
:func:`dedup.text.pairs.near_pairs` give one after the other (which is what runs
without it, and for Markdown and reStructuredText). Asked ``quick``, it says when
nothing can be removed, before anything of the document is made in Python: no two
units match, or no stretch of consecutive units that may each match an earlier one
(before the word rule and the structure are asked) weighs ``min_chars``. Most
documents are such, and then cost no more than the compiled work.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from dedup.config import Config
from dedup.native import core
from dedup.text.layout import Layout, compiled, from_core, layout
from dedup.text.normalize import Normal, forms_of, normalize_many


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document cut into units and normalised.

    ``raws`` are the units' text without their last line break (:func:`unit_text`).
    ``relation`` is, from the core, what :class:`dedup.text.runs.Matches` starts
    from (its representatives, their occurrences, the representatives by text, the
    near pairs or None over the direct check's budget, and then the bounded
    relation's partners, found while the forms were at hand, or None), or None: it
    finds them itself. ``marks`` are, from the core, the units'
    :func:`dedup.text.heads.unit_marks`, or None."""

    layout: Layout
    raws: list[str]
    forms: list[Normal]
    relation: tuple[Any, ...] | None = None
    marks: tuple[list[int | None], list[int], list[bool]] | None = None


def prepare(
    text: str, config: Config, normals: dict[str, Normal], *, quick: bool = False, seen: bool = False
) -> Prepared | None:
    """``text`` prepared under ``config``; None if ``quick`` and nothing of it can be
    removed (no two units match, or none that could weigh ``min_chars``). ``normals``
    caches the forms of units already seen; when most units of ``text`` were
    (``seen``: the engine's later passes meet the same units again), they are read
    from it, not made again (the engine fills it, :func:`remember`, before such a
    pass)."""
    if not seen and core is not None and compiled(config.syntax, config.wrap_width) and 0 < config.threshold <= 1:
        # (a min_chars past any text's size is as good as the largest the core takes)
        weight = min(config.min_chars, sys.maxsize)
        found = core.prepare(text, config.unit, config.wrap_width, config.threshold, quick, weight)
        if found is False:
            return None
        if found is not None:  # None: lone surrogates, or a code point this Python lacks
            cut, raws, made, form_of, *relation, marks = found
            # tuple.__new__ makes each Normal from its fields without a Python-level call
            distinct: list[Normal] = list(map(tuple.__new__, repeat(Normal), made))
            forms = list(map(distinct.__getitem__, form_of))
            return Prepared(from_core(text, cut), raws, forms, tuple(relation), marks)
    lay = layout(text, config.unit, config.wrap_width, config.syntax)
    raws = _raws(text, lay)
    # each distinct unit normalised once (a doubled body has every one twice)
    missing = [raw for raw in dict.fromkeys(raws) if raw not in normals]
    normals.update(zip(missing, normalize_many(missing)))
    return Prepared(lay, raws, forms_of(raws, list(map(normals.__getitem__, raws)), lay.kinds))


def remember(normals: dict[str, Normal], prepared: Prepared) -> None:
    """Cache ``prepared``'s forms by their units' text, for a later pass (``seen``);
    not a code block's, which is its kind's (:func:`dedup.text.normalize.code_form`)."""
    kinds = prepared.layout.kinds
    if "code" not in kinds:
        normals.update(zip(prepared.raws, prepared.forms, strict=True))
        return
    normals.update((raw, form) for raw, form, kind in zip(prepared.raws, prepared.forms, kinds) if kind != "code")


def _raws(text: str, lay: Layout) -> list[str]:
    return [unit_text(text, start, end) for _, _, start, end in lay.paragraphs]


def unit_text(text: str, start: int, end: int) -> str:
    """The unit ``text[start:end]`` without its last line break (``\\n`` or
    ``\\r\\n``): what the engine's passes read of a unit (its form says the same with or
    without it), and for a line with single spaces the same text as its form's
    ``spaced``, which the core then makes one str (``native/src/document.rs``).

    >>> unit_text("a b\\r\\nc\\n", 0, 5), unit_text("a b\\r\\nc\\n", 5, 7), unit_text("x", 0, 1)
    ('a b', 'c', 'x')
    """
    if end > start and text[end - 1] == "\n":
        end -= 2 if end - 2 >= start and text[end - 2] == "\r" else 1
    return text[start:end]

