"""The compiled chunk index (``native/src/chunks.rs``) gives the candidates the Python
``ChunkIndex`` gives: for every paragraph, its bounded earlier candidates, on lists made
to share chunks (near-identical lines, shared openings, equal and unequal numbers,
every length class), at several thresholds; and the engine cleans a document past the
direct check's budget alike either way."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import native
from dedup.text import matches, runs, verify
from dedup.text.fingerprint import ChunkIndex
from dedup.text.normalize import normalize
from dedup.text.verify import Verifier

pytestmark = pytest.mark.skipif(native.core is None, reason="the compiled core is off or not built")

WORDS = ["the", "log", "row", "ünïcode", "日本語", "x", "of", "a", "longer", "word", "7", "2024", "-", "—"]


def python_earlier(texts: list[str], threshold: float) -> list[list[int]]:
    normals = [normalize(t) for t in texts]
    index = ChunkIndex(threshold, list(enumerate(normals)))
    return [index.earlier(normal, k) for k, normal in enumerate(normals)]


def compiled_earlier(texts: list[str], threshold: float) -> list[list[int]] | None:
    normals = [normalize(t) for t in texts]
    return native.core.earlier_candidates([n.text for n in normals], [n.numbers for n in normals], threshold)


paragraph = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=60), st.sampled_from([0.5, 0.7, 0.8, 0.9, 0.95, 1.0]))
def test_candidates_agree(texts: list[str], threshold: float) -> None:
    assert compiled_earlier(texts, threshold) == python_earlier(texts, threshold)


@settings(max_examples=200, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=60), st.sampled_from([0.5, 0.7, 0.8, 0.9, 0.95, 1.0]))
def test_candidates_within_edits_agree(texts: list[str], threshold: float) -> None:
    """``within=True``: the candidates the reference's edit check keeps (rapidfuzz)."""
    normals = [normalize(t) for t in texts]
    found = native.core.earlier_candidates([n.text for n in normals], [n.numbers for n in normals], threshold, True)
    verifier = Verifier(threshold)
    expected = []
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(verify, "core", None)
        for k, candidates in enumerate(python_earlier(texts, threshold)):
            kept = verifier.within_any(normals[k].text, [normals[c].text for c in candidates])
            expected.append(sorted(candidates[j] for j, _ in kept))
    assert found is not None and [sorted(f) for f in found] == expected


def test_candidates_agree_on_many_near_identical_lines() -> None:
    rng = random.Random(3)
    base = "a row of the log that is long enough to be cut into chunks, ending here"
    texts = []
    for _ in range(400):
        chars = list(base)
        chars[rng.randrange(len(chars))] = rng.choice("abcdefgh")
        texts.append("".join(chars))
    found = compiled_earlier(texts, 0.9)
    assert found == python_earlier(texts, 0.9)
    assert found is not None and max(map(len, found)) == 32  # the bound is reached


def test_candidates_agree_when_counted_window_by_window() -> None:
    """Tails of words of five letters share chunks by chance with hundreds of earlier
    rows: the compiled index counts the latest ids first, in windows of ids that double,
    until enough candidates are found (a count is whole once its window is counted);
    the candidates are the reference's, which counts every id."""
    rng = random.Random(5)
    opening = "the same opening of every row in this long log, said again and again: "

    def tail() -> str:
        return " ".join("".join(rng.choice("abcde") for _ in range(rng.randint(2, 7))) for _ in range(14))

    texts = [opening + tail() for _ in range(900)]
    for k in (3, 40, 200):  # near copies of early rows, at the end
        texts.append(texts[k][:-5] + "z" + texts[k][-4:])
    found = compiled_earlier(texts, 0.9)
    assert found == python_earlier(texts, 0.9)
    # more than the first two windows (64 and 128 ids) were counted for one of them
    assert min(found[-2]) < len(texts) - 2 - 2 * 64 and len(found[-2]) == 32


def test_a_document_past_the_direct_checks_budget_cleans_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)

    def word() -> str:
        return "".join(rng.choice("abcdefghij") for _ in range(6))

    lines = [f"entry {word()} {word()} of the log, with about the same length" for _ in range(1500)]
    lines += lines[100:130]  # a repeated run
    text = "\n\n".join(lines) + "\n"
    assert not matches.Matches([normalize(line) for line in lines], 0.9).complete  # past the budget
    compiled = dedup.clean(text)
    monkeypatch.setattr(runs, "core", None)
    monkeypatch.setattr(matches, "core", None)
    assert dedup.clean(text) == compiled
    assert compiled.findings
