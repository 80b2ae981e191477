"""When two paragraphs match (rule 4): equal normal forms, or equal numbers and
``levenshtein <= floor((1 - threshold) * max_len + 1e-9)``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import levenshtein, ref_within

import dedup
from dedup.text.match import compatible, max_edits, similarity
from dedup.text.normalize import Normal, normalize
from dedup.text.verify import Verifier


def near_score(a: Normal, b: Normal, threshold: float) -> float | None:
    return Verifier(threshold).score(a, b)


def match(a: str, b: str, threshold: float = 0.9) -> bool:
    """The engine's predicate: equal normal texts, or a near score."""
    na, nb = normalize(a), normalize(b)
    return na.text == nb.text or near_score(na, nb, threshold) is not None


def edit(text: str, substitutions: int = 0, insertions: int = 0, deletions: int = 0) -> str:
    """``text`` with that many edits, spread out so that they cannot cancel."""
    chars = list(text)
    for k in range(substitutions):
        chars[3 * k] = "#"
    for k in range(deletions):
        del chars[-1 - 2 * k]
    for k in range(insertions):
        chars.insert(1 + 3 * k, "@")
    out = "".join(chars)
    assert levenshtein(text, out) == substitutions + insertions + deletions
    return out


ABC40 = "abcdefghij" * 4  # 40 normalised characters, no numbers
ABC20 = "abcdefghijklmnopqrst"
ABC10 = "abcdefghij"


# --------------------------------------------------------------------------- max_edits


@pytest.mark.parametrize(
    ("length", "threshold", "expected"),
    [
        (10, 0.9, 1),  # (1 - 0.9) * 10 is 0.9999999999999998 in floating point
        (9, 0.9, 0),
        (19, 0.9, 1),
        (20, 0.9, 2),
        (200, 0.9, 20),
        (20, 0.95, 1),  # 1.0000000000000009
        (39, 0.95, 1),
        (40, 0.95, 2),
        (10, 0.8, 2),
        (5, 0.8, 1),
        (4, 0.8, 0),
        (20, 0.85, 3),  # 3.0000000000000004
        (10, 0.7, 3),
        (5, 0.6, 2),
        (10, 0.3, 7),
        (100, 1.0, 0),
        (0, 0.9, 0),
        (1, 0.5, 0),
        (2, 0.5, 1),
    ],
)
def test_max_edits(length: int, threshold: float, expected: int) -> None:
    assert max_edits(length, threshold) == expected


@settings(max_examples=300, deadline=None)
@given(length=st.integers(0, 500), tenths=st.integers(1, 100))
def test_max_edits_is_the_largest_count_with_similarity_at_least_threshold(
    length: int, tenths: int
) -> None:
    threshold = tenths / 100
    k = max_edits(length, threshold)
    assert 0 <= k <= length
    if length:
        # k edits keep the similarity at the threshold (up to rounding), k + 1 do not
        assert 1 - k / length >= threshold - 1e-9
        assert 1 - (k + 1) / length < threshold - 1e-12


# --------------------------------------------------------------------------- the length filter


@pytest.mark.parametrize(
    ("a_len", "b_len", "threshold", "expected"),
    [
        (10, 10, 0.9, True),
        (10, 11, 0.9, True),
        (11, 10, 0.9, True),
        (10, 12, 0.9, False),  # max_edits(12) == 1
        (9, 10, 0.9, True),
        (8, 10, 0.9, False),
        (0, 0, 0.9, True),
        (0, 1, 0.9, False),
        (100, 110, 0.9, True),
        (100, 112, 0.9, False),  # max_edits(112) == 11
        (40, 42, 0.95, True),
        (40, 43, 0.95, False),
        (10, 12, 0.8, True),
        (10, 13, 0.8, False),
    ],
)
def test_length_filter(a_len: int, b_len: int, threshold: float, expected: bool) -> None:
    assert compatible(a_len, b_len, threshold) is expected


@settings(max_examples=300, deadline=None)
@given(
    a=st.text(alphabet="ab", max_size=14),
    b=st.text(alphabet="ab", max_size=14),
    threshold=st.sampled_from([0.5, 0.7, 0.8, 0.9, 0.95]),
)
def test_length_filter_never_rejects_a_match(a: str, b: str, threshold: float) -> None:
    if ref_within(a, b, threshold):
        assert compatible(len(a), len(b), threshold)


# --------------------------------------------------------------------------- the threshold boundary


@pytest.mark.parametrize(
    ("a", "b", "threshold", "expected"),
    [
        # 40 characters at 0.90: 4 edits match, 5 do not
        (ABC40, edit(ABC40, substitutions=4), 0.9, True),
        (ABC40, edit(ABC40, substitutions=5), 0.9, False),
        (ABC40, edit(ABC40, insertions=4), 0.9, True),  # 4 of 44
        (ABC40, edit(ABC40, insertions=5), 0.9, False),  # 5 of 45 > 4
        (ABC40, edit(ABC40, deletions=4), 0.9, True),  # 4 of 40
        (ABC40, edit(ABC40, deletions=5), 0.9, False),
        (ABC40, edit(ABC40, substitutions=2, insertions=1, deletions=1), 0.9, True),
        (ABC40, edit(ABC40, substitutions=2, insertions=2, deletions=1), 0.9, False),
        # 10 characters at 0.90: similarity exactly 0.9 matches despite floating point
        (ABC10, edit(ABC10, substitutions=1), 0.9, True),
        (ABC10, edit(ABC10, substitutions=2), 0.9, False),
        (ABC10[:9], edit(ABC10[:9], substitutions=1), 0.9, False),  # 1 of 9 is 0.888...
        # 20 characters at 0.95 and 0.85, both just above an integer in floating point
        (ABC20, edit(ABC20, substitutions=1), 0.95, True),
        (ABC20, edit(ABC20, substitutions=2), 0.95, False),
        (ABC20, edit(ABC20, substitutions=3), 0.85, True),
        (ABC20, edit(ABC20, substitutions=4), 0.85, False),
        (ABC20, edit(ABC20, substitutions=4), 0.8, True),
        (ABC20, edit(ABC20, substitutions=5), 0.8, False),
        # threshold 1.0: only equal normal forms
        (ABC40, edit(ABC40, substitutions=1), 1.0, False),
        (ABC40, ABC40.upper(), 1.0, True),
        # normalisation happens before the distance is measured
        (ABC40, " ".join(ABC40.upper()), 0.9, True),
        ("“Yes” — he said it twice, 40 times!!", '"yes" - HE SAID IT TWICE, 40 TIMES!!', 1.0, True),
        # empty normal forms are equal
        ("\u200b", "  \u2060 ", 0.9, True),
        ("", "a", 0.9, False),
    ],
)
def test_threshold_boundary(a: str, b: str, threshold: float, expected: bool) -> None:
    assert match(a, b, threshold) is expected
    assert match(b, a, threshold) is expected
    assert ref_within(a, b, threshold) is expected


# --------------------------------------------------------------------------- the numbers rule

KILLED = "killed when the roof of the old market collapsed on Sunday"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (f"12 {KILLED}", f"12 {KILLED}", True),
        (f"12 {KILLED}", f"12 kiled {KILLED[7:]}", True),
        (f"12 {KILLED}", f"21 {KILLED}", False),  # 2 edits of ~70, but other numbers
        (f"12 {KILLED}", f"13 {KILLED}", False),
        (f"12 {KILLED}", f"{KILLED}", False),  # a number less
        (f"12 {KILLED}", f"12 {KILLED} 2", False),  # a number more
        (f"12 {KILLED}", f"012 {KILLED}", True),  # leading zeros: the same number
        (f"12 {KILLED}", f"١٢ {KILLED}", True),  # Arabic-Indic digits: the same number
        (f"12 {KILLED}", f"１２ {KILLED}", True),
        (f"12 and 3 {KILLED}", f"3 and 12 {KILLED}", False),  # order matters
        (f"10 21 {KILLED}", f"1021 {KILLED}", True),  # equal normal texts match regardless
        (f"10 21 {KILLED}", f"10 22 {KILLED}", False),
        (f"10 21 {KILLED}", f"10.21 {KILLED}", True),  # numbers (10, 21) both, 1 edit
        ("12 killed", "21 killed", False),
        ("12 killed", "12 killed", True),
        ("12 killed", "12 kiled", False),  # 1 edit of 8 characters is below 0.9
    ],
)
def test_numbers_rule(a: str, b: str, expected: bool) -> None:
    assert match(a, b) is expected
    assert ref_within(a, b) is expected


def test_twelve_killed_is_not_a_repeat_of_twenty_one_killed() -> None:
    text = f"21 {KILLED}\n\n12 {KILLED}\n"
    assert dedup.clean(text).text == text
    text = f"12 {KILLED}\n\n12 {KILLED}!\n"
    assert dedup.clean(text).text == f"12 {KILLED}\n"


# --------------------------------------------------------------------------- scores


@pytest.mark.parametrize(
    ("distance", "a_len", "b_len", "expected"),
    [
        (0, 0, 0, 1.0),
        (0, 5, 5, 1.0),
        (1, 10, 9, 0.9),
        (5, 10, 5, 0.5),
        (10, 10, 10, 0.0),
    ],
)
def test_similarity(distance: int, a_len: int, b_len: int, expected: float) -> None:
    assert similarity(distance, a_len, b_len) == pytest.approx(expected)


def test_near_score_values() -> None:
    a = normalize("12 people were hurt in the fire")
    b = normalize("12 peeple were hurt in the fire")
    assert near_score(a, b, 0.9) == pytest.approx(1 - 1 / 25)
    assert near_score(a, normalize("21 people were hurt in the fire"), 0.9) is None


ALPHABET = "ab1 2"


@settings(max_examples=300, deadline=None)
@given(
    a=st.text(alphabet=ALPHABET, max_size=30),
    b=st.text(alphabet=ALPHABET, max_size=30),
    threshold=st.sampled_from([0.5, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]),
)
def test_near_score_agrees_with_plain_levenshtein(a: str, b: str, threshold: float) -> None:
    na, nb = normalize(a), normalize(b)
    assert match(a, b, threshold) == ref_within(a, b, threshold)
    if na.text != nb.text:
        score = near_score(na, nb, threshold)
        if score is None:
            assert not ref_within(a, b, threshold)
        else:
            longest = max(len(na.text), len(nb.text))
            assert score == 1 - levenshtein(na.text, nb.text) / longest
            assert score >= threshold - 1e-9


@settings(max_examples=300, deadline=None)
@given(
    a=st.text(alphabet="abc", max_size=12),
    ops=st.lists(st.tuples(st.integers(0, 12), st.sampled_from(["ins", "del", "sub"])), max_size=4),
)
def test_plain_levenshtein_counts_edits(a: str, ops: list[tuple[int, str]]) -> None:
    """The reference itself: k edits give a distance of at most k."""
    b = list(a)
    for at, op in ops:
        at = min(at, len(b))
        if op == "ins":
            b.insert(at, "x")
        elif b and at < len(b):
            if op == "del":
                del b[at]
            else:
                b[at] = "x"
    s = "".join(b)
    assert levenshtein(a, s) <= len(ops)
    assert levenshtein(a, s) == levenshtein(s, a)
    assert levenshtein(a, s) >= abs(len(a) - len(s))
    assert levenshtein(a, a) == 0
