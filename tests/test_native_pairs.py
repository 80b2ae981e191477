"""The compiled core's near-pair search gives what the Python reference gives.

:func:`dedup.text.pairs.near_pairs` and :meth:`dedup.text.verify.Verifier.within_any`
call the core when it is on; here each is compared with its Python path, run with the
core off (``core`` set to None in the modules that call it): the same pairs, the same
similarities to the last bit, None (over budget) on the same documents; and the core's
Levenshtein distance with rapidfuzz's. With ``DEDUP_ENGINE=python`` these tests skip.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance.Levenshtein import distance as rapidfuzz_distance

import dedup
from dedup import native
from dedup.text import pairs, verify
from dedup.text.match import longest_partner, max_edits
from dedup.text.normalize import Normal

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

EXAMPLES = Path(__file__).parent.parent / "examples"
THRESHOLDS = [0.5, 0.8, 0.9, 0.93, 0.99, 1.0]

# Letters of several widths in UTF-8 and UTF-16: ASCII, Latin, Greek, CJK, astral
# (outside the BMP: math letters, an emoji, a CJK extension), combining marks, and
# lone surrogates (a text decoded with surrogateescape or from JSON escapes has them);
# and characters whose UTF-8 shares its first bytes (é è, 中 丈) or its last (中 席,
# Á ā) with another's, where a common opening or ending is cut between characters.
ALPHABET = "abcde xyz.é\u0301\u0308ΣσЖ中文𝔘𝔙😀𠀋\ud800\udfffè丈席Áā"
letters = st.sampled_from(ALPHABET) | st.characters(codec="utf-8")
NUMBERS = [(), ("1",), ("1", "2"), ("7",)]


def _variant(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with a few edits: (where, what: 0 substitute, 1 insert, 2 delete, letter)."""
    chars = list(text)
    for where, what, letter in edits:
        k = where % (len(chars) + 1)
        if what == 1 or not chars:
            chars.insert(k, letter)
        elif what == 0:
            chars[min(k, len(chars) - 1)] = letter
        else:
            del chars[min(k, len(chars) - 1)]
    return "".join(chars)


edits = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 2), st.sampled_from(ALPHABET)), max_size=6)


@st.composite
def documents(draw: st.DrawFn) -> list[tuple[int, Normal]]:
    """A document's representatives: base paragraphs and near variants of them (some of
    equal length), many with the same numbers, under distinct ids in any order."""
    bases = draw(st.lists(st.text(letters, max_size=draw(st.sampled_from([12, 40, 150]))), min_size=1, max_size=8))
    texts = list(bases)
    for base in bases:
        for change in draw(st.lists(edits, max_size=4)):
            texts.append(_variant(base, change))
    ids = draw(st.permutations(range(len(texts))))
    spread = draw(st.integers(0, 3))
    return [
        (ident, Normal(text, draw(st.sampled_from(NUMBERS[: spread + 1])), text))
        for ident, text in zip(ids, texts, strict=True)
    ]


thresholds = st.sampled_from(THRESHOLDS) | st.floats(0.05, 1.0)


def _python_pairs(
    items: list[tuple[int, Normal]], threshold: float, monkeypatch: pytest.MonkeyPatch
) -> dict[tuple[int, int], float] | None:
    with monkeypatch.context() as patch:
        patch.setattr(verify, "core", None)
        return pairs._near_pairs_python(items, threshold)


@settings(max_examples=300, deadline=None)
@given(documents(), thresholds)
def test_near_pairs_agrees(items: list[tuple[int, Normal]], threshold: float) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = _python_pairs(items, threshold, monkeypatch)
    found = pairs.near_pairs(iter(items), threshold)
    assert found == expected  # the similarities too, as floats compare: to the last bit


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_near_pairs_at_every_boundary_of_lengths_and_edits(threshold: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each length up to 120 against partners up to two past its longest partner: the
    window's end (longest_partner) and the edits allowed (max_edits) are the Python
    floating-point arithmetic's to the unit."""
    for length in range(121):
        for partner in range(length, longest_partner(length, threshold) + 3):
            items = [(0, Normal("a" * length, ())), (1, Normal("a" * length + "b" * (partner - length), ()))]
            expected = _python_pairs(items, threshold, monkeypatch)
            assert pairs.near_pairs(items, threshold) == expected
            if 0 < partner - length <= max_edits(partner, threshold):
                assert expected, (length, partner)


@pytest.mark.parametrize("count", [1026, 1027])
def test_near_pairs_gives_up_on_the_same_budget(count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """``count`` paragraphs of one length: n(n-1)/2 pair checks against a budget of
    PAIRS_BASE + PAIRS_PER_PARAGRAPH n, which 1,026 fit and 1,027 exceed (no two are
    within an edit of each other: nothing found)."""
    assert (count * (count - 1) // 2 <= pairs.PAIRS_BASE + pairs.PAIRS_PER_PARAGRAPH * count) == (count == 1026)
    digits = ["".join(chr(97 + k // 26**p % 26) for p in range(3)) for k in range(count)]
    items = [(k, Normal(d + d + "q" * 5, ("5",))) for k, d in enumerate(digits)]
    expected = _python_pairs(items, 0.9, monkeypatch)
    assert (expected is None) == (count == 1027)
    assert expected is None or expected == {}
    assert pairs.near_pairs(items, 0.9) == expected


@pytest.mark.parametrize("count", [66, 67])
def test_a_long_pair_counts_as_more_checks(count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs of 1,000 characters: each pair counts as check_cost(1000, 0.9) = 16
    checks (4 widths of 256, 4 words for a band of 201 diagonals), so 66 of them fit the
    budget and 67 do not (where 1,026 short ones fit)."""
    assert pairs.check_cost(1000, 0.9) == 16
    checks = count * (count - 1) // 2 * 16
    assert (checks <= pairs.PAIRS_BASE + pairs.PAIRS_PER_PARAGRAPH * count) == (count == 66)
    rng = random.Random(count)
    items = [(k, Normal("".join(rng.choice("abcdefghij") for _ in range(1000)), ())) for k in range(count)]
    expected = _python_pairs(items, 0.9, monkeypatch)
    assert (expected is None) == (count == 67)
    assert expected is None or expected == {}
    assert pairs.near_pairs(items, 0.9) == expected


@pytest.mark.parametrize("count", [88, 89])
def test_near_pairs_gives_up_when_it_finds_more_than_the_index_keeps(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``count`` paragraphs two edits apart from each other: n(n-1)/2 pairs found,
    against PAIRS_BASE + FOUND_PER_PARAGRAPH n, which 88 fit and 89 exceed (checks to
    spare)."""
    found = count * (count - 1) // 2
    assert found <= pairs.PAIRS_BASE + pairs.PAIRS_PER_PARAGRAPH * count
    assert (found <= pairs.PAIRS_BASE + pairs.FOUND_PER_PARAGRAPH * count) == (count == 88)
    items = [(k, Normal("x" * k + "y" + "x" * (99 - k), ())) for k in range(count)]
    expected = _python_pairs(items, 0.9, monkeypatch)
    assert (expected is None) == (count == 89)
    assert expected is None or len(expected) == found
    assert pairs.near_pairs(items, 0.9) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(letters, max_size=150), st.lists(edits, max_size=6), thresholds)
def test_within_any_agrees(text: str, changes: list[list[tuple[int, int, str]]], threshold: float) -> None:
    others = [_variant(text, change) for change in changes]
    verifier = verify.Verifier(threshold)
    found = verifier.within_any(text, others)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(verify, "core", None)
        expected = verifier.within_any(text, others)
    assert found == sorted(expected)


@pytest.mark.parametrize(("a", "b"), [("é", "è"), ("中", "丈"), ("中", "席"), ("Á", "ā"), ("😀", "😁"), ("a", "")])
def test_within_any_where_characters_share_bytes(a: str, b: str) -> None:
    """Texts that differ in one character whose UTF-8 shares its opening or ending
    bytes with the other's: the common opening and ending are cut between characters."""
    verifier = verify.Verifier(0.5)
    for left, right in [("", ""), ("x", "y"), ("中文", "文中"), ("ab" * 20, "cd" * 20)]:
        text = f"{left}{a}{right}"
        others = [f"{left}{b}{right}", f"{left}{b}{b}{right}", f"{left}{right}", text]
        found = verifier.within_any(text, others)
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(verify, "core", None)
            assert found == sorted(verifier.within_any(text, others))


@settings(max_examples=400, deadline=None)
@given(st.text(letters, max_size=300), edits, st.text(letters, max_size=80), st.integers(0, 40))
def test_levenshtein_agrees_with_rapidfuzz(a: str, change: list[tuple[int, int, str]], c: str, cutoff: int) -> None:
    b = _variant(a, change)
    for x, y in ((a, b), (a, c), (b + c, a)):
        assert core.levenshtein(x, y) == rapidfuzz_distance(x, y)
        assert core.levenshtein(x, y, cutoff) == rapidfuzz_distance(x, y, score_cutoff=cutoff)


def test_levenshtein_on_long_texts_near_their_cutoff() -> None:
    """Texts of 60 to 2000 code points (one word, a band, blocks), edited a little or
    a lot, with cutoffs around the true distance."""
    rng = random.Random(7)
    for _ in range(200):
        a = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(60, 2000)))
        b = _variant(
            a, [(rng.randint(0, 4000), rng.randint(0, 2), rng.choice(ALPHABET)) for _ in range(rng.randint(0, 80))]
        )
        true = rapidfuzz_distance(a, b)
        assert core.levenshtein(a, b) == true
        for cutoff in {0, 3, 4, max(true - 1, 0), true, true + 1, 31, 32, 33, 64}:
            assert core.levenshtein(a, b, cutoff) == rapidfuzz_distance(a, b, score_cutoff=cutoff)


def _examples() -> list[tuple[str, dict[str, object]]]:
    found = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        if path.name.endswith(".expected.txt"):
            continue
        options_file = path.with_name(path.name.removesuffix(".txt") + ".options.json")
        options = json.loads(options_file.read_text(encoding="utf-8")) if options_file.exists() else {}
        found.append((path.read_text(encoding="utf-8", errors="surrogateescape"), options))
    return found


@pytest.mark.parametrize("threshold", [None, 0.8, 0.99])
def test_the_engine_gives_the_same_on_the_examples(threshold: float | None, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = _examples()
    assert len(examples) > 20
    for text, options in examples:
        if threshold is not None:
            options = {**options, "threshold": threshold}
        with_core = dedup.clean(text, **options)
        with monkeypatch.context() as patch:
            patch.setattr(pairs, "core", None)
            patch.setattr(verify, "core", None)
            without = dedup.clean(text, **options)
        assert (with_core.text, with_core.findings) == (without.text, without.findings)


def test_the_engine_gives_the_same_when_the_pairs_are_over_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list of near-identical lines: too many pairs for the direct check, so the
    planner's bounded search asks within_any, with the core and without."""
    rng = random.Random(3)
    words = ["alpha", "beta", "gamma", "delta", "sigma", "omega"]
    lines = [" ".join(rng.choice(words) for _ in range(5)) for _ in range(1500)]
    text = "\n\n".join(lines + lines[:50]) + "\n"
    normals = [Normal(line.replace(" ", ""), ()) for line in lines]
    assert pairs.near_pairs(enumerate(normals), 0.9) is None
    with_core = dedup.clean(text)
    with monkeypatch.context() as patch:
        patch.setattr(pairs, "core", None)
        patch.setattr(verify, "core", None)
        without = dedup.clean(text)
    assert with_core.findings
    assert (with_core.text, with_core.findings) == (without.text, without.findings)
