"""The core's layout where its byte scans meet multi-byte text, exactly the Python's.

The core finds newlines, and the runs of spaces and tabs between a table's columns,
eight bytes at a time, and counts code points only where it needs an offset; it reads
a line's first bytes to decide whether it is blank or a separator, and looks for box
drawing by its UTF-8 bytes. These documents put one-, two-, three- and four-byte code
points, Python's other spaces (``\\xa0``, ``\\u3000``, ``\\x1c``) and tabs on either
side of every such boundary: columns aligned in code points but not in bytes (a table
only if the offsets are counted right), lines of every length around a word, text
before and after runs. :func:`dedup.text.layout.python_layout` is the reference.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import native
from dedup.text import layout as layout_module
from dedup.text.layout import python_layout

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

# one code point of each UTF-8 length, box drawing, and the bytes the scans look for
CHARS = ["a", "é", "漢", "😀", "─", "|", "-", "1", ".", "%"]
SPACES = [" ", "  ", "   ", "\t", "\t\t", " \t", "\t ", "\xa0", "\u3000", " \x1c ", "  \u2028"]
HEADS = ["", " ", "  ", "\t", "é", "漢 ", "\xa0", "\u3000", " .", "- ", "1. "]


@st.composite
def tables(draw: st.DrawFn) -> str:
    """Rows whose cells have the same widths in code points, in bytes of every width."""
    widths = draw(st.lists(st.integers(1, 9), min_size=1, max_size=4))
    gaps = draw(st.lists(st.sampled_from(SPACES), min_size=len(widths), max_size=len(widths)))
    head = draw(st.sampled_from(HEADS))
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        cells = [draw(st.text(st.sampled_from(CHARS), min_size=w, max_size=w)) for w in widths]
        row = head + "".join(cell + gap for cell, gap in zip(cells, gaps, strict=True))
        rows.append(row[: draw(st.integers(0, len(row)))] if draw(st.booleans()) else row)
    return "\n".join(rows)


lines = st.one_of(
    st.lists(st.sampled_from(CHARS + SPACES + HEADS), max_size=20).map("".join),
    st.sampled_from(["", " ", "%", " .", "\t.", "\x1c", "\u3000"]),
)
documents = st.lists(st.one_of(tables(), lines), max_size=12).map("\n".join)


def assert_same(text: str, unit: str, width: int) -> None:
    assert core is not None and core.layout(text, unit, width) is not None
    found = layout_module.layout(text, unit, width)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout_module, "core", None)
        expected = python_layout(text, unit, width)
    assert (list(found.starts), found.blank) == (list(expected.starts), expected.blank)
    assert (found.paragraphs, found.kinds) == (expected.paragraphs, expected.kinds)


@settings(max_examples=400, deadline=None)
@given(documents, st.sampled_from(["", "\n", "x"]))
def test_layout_across_byte_boundaries(text: str, end: str) -> None:
    for unit in ("auto", "line"):
        assert_same(text + end, unit, 40)


def test_columns_counted_in_code_points_make_a_table() -> None:
    # the second column starts at code point 6 in each row, at bytes 6, 10 and 12
    text = "ab    cd\n漢字    ef\n😀😀    gh\n"
    assert_same(text, "auto", 100)
    assert layout_module.layout(text).kinds == ["table"]
