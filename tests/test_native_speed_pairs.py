"""The core's near pairs on both sides of its fast paths, exactly the Python's.

The core counts an ASCII text's bag of code points four bytes at a time and reads an
ASCII text's bytes as its code points (no list of them), while a text with other code
points goes through its list; it sorts a group by one 128-bit key of group, length
and id.
These representatives are ASCII bases and variants with one non-ASCII code point or
none (so every pairing of the two kinds), of lengths around the four-byte steps, under
distinct ids (as the engine's representatives: with two items under one id the
reference's result depends on rapidfuzz's order within a window) in any order, in
groups of equal numbers.
:func:`dedup.text.pairs._near_pairs_python` is the reference.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import native
from dedup.text import pairs, verify
from dedup.text.normalize import Normal

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

ASCII = "abcxyz .,-"
OTHER = ["é", "中", "😀", "\u0301", "\ud800"]


@st.composite
def representatives(draw: st.DrawFn) -> list[tuple[int, Normal]]:
    bases = draw(st.lists(st.text(st.sampled_from(ASCII), min_size=0, max_size=13), min_size=1, max_size=5))
    texts = []
    for base in bases:
        texts.append(base)
        for _ in range(draw(st.integers(0, 3))):
            k = draw(st.integers(0, len(base)))
            insert = draw(st.sampled_from([*OTHER, *ASCII, ""]))
            texts.append(base[:k] + insert + base[k + 1 :])
    ids = draw(st.permutations(range(len(texts))))  # distinct, as the engine's representatives
    numbers = st.sampled_from([(), ("1",), ("2", "3")])
    return [(ident, Normal(text, draw(numbers), text)) for ident, text in zip(ids, texts, strict=True)]


@settings(max_examples=400, deadline=None)
@given(representatives(), st.sampled_from([0.5, 0.7, 0.8, 0.9]))
def test_near_pairs_across_ascii_and_not(items: list[tuple[int, Normal]], threshold: float) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(verify, "core", None)
        expected = pairs._near_pairs_python(items, threshold)
    found = pairs.near_pairs(iter(items), threshold)
    assert found == expected
