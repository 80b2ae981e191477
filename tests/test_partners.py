"""A bounded relation's partners stored flat (dedup/text/partners.py), and the compiled
core's twin (native/src/bounded.rs) against the Python path that stays the reference."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_bounded import near_identical

from dedup import native
from dedup.text import matches as relation
from dedup.text.matches import Matches
from dedup.text.normalize import normalize
from dedup.text.partners import Partners


@given(st.dictionaries(st.integers(0, 30), st.lists(st.integers(0, 30), unique=True).map(sorted)))
def test_partners_hold_what_they_were_given(lists: dict[int, list[int]]) -> None:
    n = 31
    partners = Partners.from_lists(lists, n)
    assert len(partners) == sum(map(len, lists.values()))
    for r in range(n):
        assert list(partners.of(r)) == lists.get(r, [])
        for c in range(n):
            assert partners.has(r, c) == (c in lists.get(r, []))
    turned = partners.transposed()
    for c in range(n):
        assert list(turned.of(c)) == sorted(r for r, found in lists.items() if c in found)


def _bounded(texts: list[str], compiled: bool, monkeypatch: pytest.MonkeyPatch) -> Matches:
    """The relation over ``texts``, made bounded (the direct check's budget at 0)."""
    with monkeypatch.context() as patch:
        patch.setattr(relation, "near_pairs", lambda *_: None)
        if not compiled:
            patch.setattr(relation, "core", None)
        matches = Matches([normalize(t) for t in texts], 0.9)
    assert not matches.complete
    return matches


def _documents() -> list[list[str]]:
    rng = random.Random(3)
    words = "the harbour ferry market boats nets wall house morning water gulls old stone".split()
    mixed = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 14))) for _ in range(150)]
    mixed += [t.replace("e", "é", 1) for t in mixed[:40]]  # non-ASCII forms too
    return [near_identical(120), mixed, near_identical(40) + mixed[:30] + near_identical(40)]


@pytest.mark.skipif(native.core is None, reason="the compiled core is not built")
@pytest.mark.parametrize("document", range(3))
def test_the_core_finds_the_partners_python_finds(document: int, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _documents()[document]
    ours, reference = _bounded(texts, True, monkeypatch), _bounded(texts, False, monkeypatch)
    assert ours._earlier is not None and reference._earlier is not None
    assert ours._later is not None and reference._later is not None
    assert len(reference._earlier) >= 40  # pairs to compare: the check is not empty
    assert ours._earlier.flat == reference._earlier.flat and ours._earlier.ends == reference._earlier.ends
    assert ours._later.flat == reference._later.flat and ours._later.ends == reference._later.ends
    assert [ours.popularity(p) for p in range(len(texts))] == [reference.popularity(p) for p in range(len(texts))]
    for p in range(len(texts)):
        assert list(ours.matching(p)) == list(reference.matching(p))


@pytest.mark.skipif(native.core is None, reason="the compiled core is not built")
def test_the_core_declines_what_it_cannot_read() -> None:
    assert native.core is not None
    texts = ["a lone \ud800 surrogate in a paragraph", "a lone \ud800 surrogate in a paragraph!"]
    assert native.core.bounded_partners(texts, [(), ()], [0, 1], 2, 0.9) is None
    assert native.core.bounded_partners(["x", "y"], [(), ()], [1, 0], 2, 0.9) is None  # not increasing
    assert native.core.bounded_partners(["x", "y"], [(), ()], [0, 2], 2, 0.9) is None  # past n
    assert native.core.bounded_partners(["x"], [()], [0], 1, 1.5) is None


@pytest.mark.skipif(native.core is None, reason="the compiled core is not built")
@pytest.mark.parametrize(
    "flat, ends",
    [
        ([0], [0, 0, 1]),  # ends not one more than the paragraphs (3 here)
        ([0, 1], [0, 0, 1, 1]),  # the last end is not the count of pairs
        ([5], [0, 0, 1, 1]),  # an id past the paragraphs
        ([0], [0, 1, 0, 1]),  # ends going down
    ],
)
def test_the_planner_refuses_partners_that_do_not_fit(
    flat: list[int], ends: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compiled planner reads the partners in place: it checks them whole first
    (a slice past the end would otherwise panic)."""
    from array import array

    assert native.core is not None
    texts = near_identical(3)
    matches = _bounded(texts, True, monkeypatch)
    matches._earlier = Partners(array("I", flat), array("q", ends))
    with pytest.raises(ValueError, match="do not fit"):
        native.core.plan_runs(matches, 0, None, None)
