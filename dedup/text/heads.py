"""What heads what: a heading's level, and that of the units that head what follows
them though they are no headings (a ``Files:`` field, a copyright notice, a label, a
function's description); each unit's marks; and the sections they make.
:class:`dedup.text.sections.Structure` reads a unit's parents from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.native import core
from dedup.text.patterns import later_re
from dedup.text.tags import tagged
from dedup.text.width import indent


def heading_level(raw: str) -> int:
    """A heading's level: ``#`` counted in Markdown, 1 under ``===`` and 2 under
    ``---`` (Markdown setext, reStructuredText, plain text), else 1.

    >>> heading_level("### Added\\n"), heading_level("Usage\\n-----\\n"), heading_level("Title\\n=====")
    (3, 2, 1)
    """
    text = raw.strip()
    if text.startswith("#"):
        return min(len(text) - len(text.lstrip("#")), 6)
    underline = text.rsplit("\n", 1)[-1].strip() if "\n" in text else ""
    return 2 if underline[:1] in ("-", "~", "^", "'", '"') else 1


_COPYRIGHT = later_re(r"(?:copyright\b|©|\(c\) )", re.IGNORECASE)
# A notice inside a line: "Copyright" with "(c)", "©" or a year, or "©"/"(c)" and a year.
_NOTICE = later_re(r"copyright\s*(?:\(c\)|©|\d{4})|(?:©|\(c\))\s*\d{4}", re.IGNORECASE)
# A one-line label over what follows: a path and a colon (``libgm2/libmin/:``),
# a bracketed tag (``[1b]``), a numbered title (``(24) Example Labs (one target only)``).
_LABEL = later_re(r"(?:[^\s:]{0,60}[/*][^\s:]{0,60}:|\[[^\]\s]{1,12}\]|\(\d{1,3}[a-z]?\)[ \t][^\n]{1,60})\s*\Z")
_ANY_NOTICE = later_re(r"copyright|©|\(c\)", re.IGNORECASE)
FILES_LEVEL, COPYRIGHT_LEVEL, TERM_LEVEL = 7, 8, 9
"""Lines that head what follows them, below every heading: a Debian copyright file's
``Files:`` field over its stanza's other fields (and a one-line label: a path with a
colon, a bracketed tag, a numbered title), a copyright line over the licence text
after it (that of ``Copyright 1996 Other Labs`` is that holder's, not a repeat of
another's), and a paragraph that opens with a function's name and a colon over the
paragraphs that describe it (``get_attr(): This method ...``: the sentence "This
method is experimental." under another method is that method's)."""
# A function's name, its arguments (at most 40 characters each), a colon and the text.
_TERM = later_re(r"[\w$>:.-]{1,40}\([^()\n]{0,40}\):[ \t]+\S")


def marker_level(raw: str) -> int | None:
    """The level of a unit that heads what follows it though it is no heading: a
    ``Files:`` (or ``File:``) field, then a copyright notice, then a function's
    description; None for any other unit.

    >>> marker_level("Files: src/*\\n"), marker_level("Copyright (C) 2004 Example Labs\\n")
    (7, 8)
    >>> marker_level("libffi - Copyright (c) 1996-2003  Example Labs\\n")
    8
    >>> marker_level("libexample/src/:\\n"), marker_level("[1b]"), marker_level("Usage: ex --all\\n")
    (7, 7, None)
    >>> marker_level("Licence of the tools\\n-----\\n Copyright (C) 2001 Example Labs.\\n All Rights Reserved.")
    8
    >>> marker_level("The copyright holders") is None, marker_level("  get_attr(): Ask the converter.")
    (True, 9)
    >>> marker_level('\"\"\"\\nCopyright Example Labs. All rights reserved.\\nPermission is hereby granted,'
    ...              "\\nfree of charge, to any person\\nobtaining a copy of this software.")
    8
    >>> marker_level("Redistributions of source code must retain the above\\ncopyright notice, this list of"
    ...              " conditions\\nand the following disclaimer.\\nSecond line.") is None
    True
    """
    text = _past_rules(raw.lstrip())
    if text.startswith(("Files:", "File:")):
        return FILES_LEVEL
    if _COPYRIGHT.match(text) is not None:
        return COPYRIGHT_LEVEL
    if _ANY_NOTICE.search(text):
        lines = text.splitlines()
        # "libffi - Copyright (c) 1996 Red Hat", or a short unit with a line that opens
        # with a notice ("jQuery v 3.7.1" over "Copyright OpenJS Foundation")
        short = sum(not _rule(line) for line in lines) <= 3  # a rule under a title is no line of words
        if _NOTICE.search(lines[0]) or (short and any(_COPYRIGHT.match(line.lstrip()) for line in lines)):
            return COPYRIGHT_LEVEL
    if _label(text):
        return FILES_LEVEL
    return TERM_LEVEL if _TERM.match(text) else None


def _rule(line: str) -> bool:
    """Whether a line is only ASCII punctuation and spaces (``---``, ``\"\"\"``)."""
    return line.isascii() and not any(c.isalnum() for c in line)


def _past_rules(text: str) -> str:
    """``text`` (stripped on the left) from its first line that holds more than ASCII
    punctuation and spaces: a unit may open with a delimiter line over its first
    words (a licence quoted between ``\"\"\"`` lines, its copyright notice first).

    >>> _past_rules('\"\"\"\\n  Copyright Example Labs\\nPermission is granted'), _past_rules("---\\n")
    ('Copyright Example Labs\\nPermission is granted', '---\\n')
    """
    while True:
        line, newline, rest = text.partition("\n")
        if not newline or not _rule(line) or not rest.strip():
            return text
        text = rest.lstrip()


def _label(text: str) -> bool:
    """Whether a unit is a label: up to eight lines, each a path with a colon, a
    bracketed tag or a numbered title."""
    lines = text.splitlines()
    return len(lines) <= 8 and all(_LABEL.match(line.strip()) for line in lines)


def unit_marks(raws: Sequence[str]) -> tuple[list[int | None], list[int], list[bool]]:
    """Each unit's :func:`marker_level`, :func:`dedup.text.width.indent` and whether it
    is :func:`dedup.text.tags.tagged`: in one call to the compiled core when it is there
    (:mod:`dedup.native`), which leaves to this module only a unit with a lone
    surrogate.

    >>> unit_marks(["Files: *", "  Copyright 2004 Example Labs", "\\tplain", "  -v  Verbose."])
    ([7, 8, None, None], [0, 2, 8, 2], [False, False, False, True])
    """
    if core is None:
        return [marker_level(raw) for raw in raws], [indent(raw) for raw in raws], [tagged(raw) for raw in raws]
    marks, indents, unknown, tags = core.unit_marks(raws)
    for k in unknown:
        marks[k], indents[k], tags[k] = marker_level(raws[k]), indent(raws[k]), tagged(raws[k])
    return marks, indents, tags


def sections(
    kinds: Sequence[str], raws: Sequence[str] | None = None, marks: Sequence[int | None] | None = None
) -> list[int]:
    """Each unit's heading: for a heading the nearest heading before it of a higher
    level (a smaller number), for any other unit the nearest heading before it; -1 if
    there is none. A unit that opens with a copyright notice heads what follows it
    like a heading of the lowest level, and a Debian ``Files:`` field heads its stanza
    (:func:`marker_level`); ``marks`` are those levels, when the caller has them.

    >>> sections(["prose", "heading", "prose", "item", "heading", "heading", "code"])
    [-1, -1, 1, 1, -1, -1, 5]
    >>> sections(["heading", "heading", "prose", "heading", "heading"], ["# A", "## B", "x", "### C", "## D"])
    [-1, 0, 1, 1, 0]
    """
    if marks is None:
        marks = [marker_level(raw) for raw in raws] if raws is not None else [None] * len(kinds)
    found: list[int] = []
    open_headings: list[tuple[int, int]] = []  # (level, unit), levels increasing
    for k, kind in enumerate(kinds):
        mark = marks[k]
        if kind == "heading" or mark is not None:
            level = mark if kind != "heading" and mark is not None else heading_level(raws[k]) if raws is not None else 1
            while open_headings and open_headings[-1][0] >= level:
                open_headings.pop()
            found.append(open_headings[-1][1] if open_headings else -1)
            open_headings.append((level, k))
        else:
            found.append(open_headings[-1][1] if open_headings else -1)
    return found
