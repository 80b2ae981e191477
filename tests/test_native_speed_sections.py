"""The core's unit marks where its word-at-a-time scans meet every byte offset.

The core looks for the signs of a notice (``(c``, ``co`` before ``pyr``, ``©``) and
for the end of a unit's first line (a control character, U+0085, U+2028, U+2029)
eight bytes at a time, a pair of bytes possibly straddling two words. These units put
each sign, and each line break before a label, after every count of 0 to 17 fillers
of one to four bytes (so at every offset in a word, and across the next), with text
after it or none. :mod:`dedup.text.heads` is the reference.
"""

from __future__ import annotations

import pytest

from dedup import native
from dedup.text import heads as reference

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

FILLERS = ["a", "é", "漢", "😀", " ", "("]
SIGNS = ["©", "© 2004", "(c)", "(C) 1996", "(c", "copyr", "COPYRIGHT 2004", "Copyright (c)", "cop", "co", "c", "\xa9"]
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\t", "\x1f"]
TAILS = ["", "x", " 2004 Example Labs", "\nmore"]


def units() -> list[str]:
    found = []
    for filler in FILLERS:
        for count in range(18):
            head = filler * count
            found += [head + sign + tail for sign in SIGNS for tail in TAILS]
            # a label after the first line's end, or a first line that is one
            found += [head + brk + "src/lib/:" for brk in BREAKS]
            found += [f"lib/{head}:" + brk + "[x]" for brk in BREAKS]
    return found


def test_marks_at_every_offset() -> None:
    raws = units()
    assert core is not None
    marks, indents, unknown, tags = core.unit_marks(raws)
    assert unknown == []
    expected = [(reference.marker_level(raw), reference.indent(raw), reference.tagged(raw)) for raw in raws]
    assert list(zip(marks, indents, tags, strict=True)) == expected
    assert {mark for mark, _, _ in expected} == {None, reference.FILES_LEVEL, reference.COPYRIGHT_LEVEL}
