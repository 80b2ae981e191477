"""The run planner (rule 5): longest run, earliest source on a tie, sources end before
the run starts, runs removed only from ``min_chars`` on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import RefRun, Unit, plan_runs, ref_match

import dedup
from dedup.text.normalize import normalize, size
from dedup.text.runs import Run, plan

# Upper case: paragraphs of 40 or more normalised characters; lower case: short ones.
PARAGRAPHS = {
    "A": "Alpha: the first paragraph, long enough to be counted.",
    "a": "Alpha: the first paragraph, long enough to be counted!",  # near copy of A
    "B": "Bravo: a second paragraph, also long enough to count.",
    "C": "Charlie: the third paragraph is as long as the others.",
    "D": "Delta: a fourth paragraph which is long enough as well.",
    "E": "Echo: 12 people were hurt when the old market hall fell.",
    "e": "Echo: 21 people were hurt when the old market hall fell.",  # other numbers
    "-": "---",
    "s": "Short one, 20 chars",
    "t": "Another short one, 2",
    "x": "x" * 40,
    "y": "x" * 39,
}


def normals(sequence: str) -> list:
    return [normalize(PARAGRAPHS[k]) for k in sequence]


def planned(
    sequence: str, threshold: float = 0.9, min_chars: int = 40
) -> list[tuple[int, int, int]]:
    runs = plan(normals(sequence), threshold, min_chars, raws=[PARAGRAPHS[k] for k in sequence]).runs
    return [(r.start, r.length, r.source) for r in runs]


def referenced(
    sequence: str, threshold: float = 0.9, min_chars: int = 40
) -> list[tuple[int, int, int]]:
    return [
        (r.start, r.length, r.source)
        for r in plan_runs([Unit(PARAGRAPHS[k], normalize(PARAGRAPHS[k])) for k in sequence], threshold, min_chars)
    ]


def test_paragraph_sizes() -> None:
    sizes = {k: size(normalize(v).text) for k, v in PARAGRAPHS.items()}  # letters and digits
    assert all(sizes[k] >= 40 for k in "AaBCDEe")
    assert sizes["x"] == 40 and sizes["y"] == 39
    assert sizes["s"] == 15 and sizes["t"] == 16 and sizes["-"] == 0
    assert ref_match(PARAGRAPHS["A"], PARAGRAPHS["a"])
    assert not ref_match(PARAGRAPHS["E"], PARAGRAPHS["e"])


@pytest.mark.parametrize(
    ("sequence", "min_chars", "expected"),
    [
        ("", 40, []),
        ("A", 40, []),
        ("AB", 40, []),
        ("AA", 40, [(1, 1, 0)]),
        ("Aa", 40, [(1, 1, 0)]),  # near copy
        ("Ee", 40, []),  # other numbers: no match
        # a paragraph three times: both later copies go, both repeat the first (tie -> earliest)
        ("AAA", 40, [(1, 1, 0), (2, 1, 0)]),
        ("ABACA", 40, []),  # one line three times, never side by side: a refrain stays
        # the longest run wins
        ("ABAB", 40, [(2, 2, 0)]),
        ("ABCAB", 40, [(3, 2, 0)]),
        ("ABDABCEABC", 40, [(3, 2, 0), (7, 3, 3)]),  # at 7: ABC (source 3) beats AB (source 0)
        # on a tie, the earliest source
        ("ABDABEAB", 40, [(3, 2, 0), (6, 2, 0)]),
        ("ABABAB", 40, [(2, 2, 0), (4, 2, 0)]),
        ("aAA", 40, [(1, 1, 0), (2, 1, 0)]),  # the near copy comes first: still the source
        # a source must end before its run starts (j + L <= i)
        ("AAAA", 40, [(1, 1, 0), (2, 2, 0)]),
        ("AAAAAAA", 40, [(1, 1, 0), (2, 2, 0), (4, 3, 0)]),
        ("ABABA", 40, [(2, 2, 0)]),  # the last A is a refrain (three places, none side by side)
        # separators that repeat alone stay; the run they are part of takes them
        ("A-B-C-A", 40, [(6, 1, 0)]),
        ("A-B-A-B", 40, [(4, 3, 0)]),
        ("A-A-A", 40, [(2, 2, 0), (4, 1, 0)]),  # no refrain: nothing of its size between
        ("--A--A", 40, [(3, 3, 0)]),  # '- - A' repeats '- - A'
        ("A--A", 40, [(3, 1, 0)]),  # the second '-' repeats the first but is too small
        ("-A-A", 40, [(2, 2, 0)]),
        # min_chars: the size of the whole run counts
        ("xx", 40, [(1, 1, 0)]),
        ("yy", 40, []),
        ("yy", 39, [(1, 1, 0)]),
        ("stst", 40, []),  # 31 letters and digits
        ("stst", 31, [(2, 2, 0)]),
        ("stst", 32, []),
        ("sts", 0, [(2, 1, 0)]),
        ("---", 0, [(1, 1, 0), (2, 1, 0)]),
        ("---", 1, []),  # "---" weighs nothing
        ("s-ts-t", 31, [(3, 3, 0)]),
        # too small a longest run is skipped, and the next paragraph gets its chance
        ("stAs", 40, []),
        ("stAsA", 40, [(4, 1, 2)]),  # at 3 's' alone is too small; at 4 'A' goes
    ],
)
def test_plan(sequence: str, min_chars: int, expected: list[tuple[int, int, int]]) -> None:
    assert referenced(sequence, 0.9, min_chars) == expected  # the table agrees with the rule
    assert planned(sequence, 0.9, min_chars) == expected


@pytest.mark.parametrize(
    ("sequence", "threshold", "expected"),
    [
        ("Aa", 1.0, []),
        ("Aa", 0.99, []),
        ("Aa", 0.97, [(1, 1, 0)]),  # 1 edit of 46
        ("AaA", 1.0, [(2, 1, 0)]),
    ],
)
def test_plan_threshold(
    sequence: str, threshold: float, expected: list[tuple[int, int, int]]
) -> None:
    assert referenced(sequence, threshold) == expected
    assert planned(sequence, threshold) == expected


@pytest.mark.parametrize(
    ("sequence", "min_chars", "expected"),
    [
        ("AB", 40, False),
        ("AA", 40, False),  # the match was removed
        ("A-B-", 40, True),  # the second separator matched and stayed
        ("stst", 40, True),
        ("stst", 0, False),
    ],
)
def test_kept_with_match(sequence: str, min_chars: int, expected: bool) -> None:
    assert plan(normals(sequence), 0.9, min_chars).kept_with_match is expected


# --------------------------------------------------------------------------- a popular paragraph


@pytest.mark.parametrize("dashes", [8, 9, 20])
def test_popular_paragraph_then_rare_one(dashes: int) -> None:
    """Regression (in bd9e9eb): after switching to the rarer paragraph d = i + 1,
    _longest_run took a run from j without checking that paragraph j matches
    paragraph i, and removed the separator with a finding of score 0.0."""
    texts = ["-"] * dashes + ["Zed", "this line repeats later and is long enough to count", "-"]
    texts.append(texts[-2])
    forms = [normalize(t) for t in texts]
    expected = [RefRun(dashes + 3, 1, dashes + 1)]  # only the second long line goes
    assert plan_runs([Unit(t, f) for t, f in zip(texts, forms)], 1.0, 40) == expected
    runs = plan(forms, 1.0, 40).runs
    assert runs == [Run(dashes + 3, 1, dashes + 1)]


def test_popular_paragraph_then_rare_one_when_j_matches() -> None:
    """The same shape, but the line before the first copy is the separator: right."""
    texts = ["-"] * 8 + ["-", "this line repeats later and is long enough to count", "-"]
    texts.append(texts[-2])
    forms = [normalize(t) for t in texts]
    assert [(r.start, r.length, r.source) for r in plan(forms, 1.0, 40).runs] == [(10, 2, 8)]
    units = [Unit(t, f) for t, f in zip(texts, forms)]
    assert [(r.start, r.length, r.source) for r in plan_runs(units, 1.0, 40)] == [(10, 2, 8)]


# --------------------------------------------------------------------------- property


@settings(max_examples=300, deadline=None)
@given(
    sequence=st.lists(st.sampled_from(sorted(PARAGRAPHS)), max_size=16).map("".join),
    threshold=st.sampled_from([0.8, 0.9, 0.95, 1.0]),
    min_chars=st.sampled_from([0, 16, 32, 40, 80]),
)
def test_plan_equals_reference(sequence: str, threshold: float, min_chars: int) -> None:
    forms = normals(sequence)
    result = plan(forms, threshold, min_chars, raws=[PARAGRAPHS[k] for k in sequence])
    got = [(r.start, r.length, r.source) for r in result.runs]
    assert got == referenced(sequence, threshold, min_chars)
    for r in result.runs:
        assert r.source + r.length <= r.start
        for k in range(r.length):
            a, b = sequence[r.source + k], sequence[r.start + k]
            assert ref_match(PARAGRAPHS[a], PARAGRAPHS[b], threshold)


def test_whole_text_repeated_three_times_with_separators() -> None:
    a = PARAGRAPHS["A"]
    text = f"{a}\n\n---\n\n{a}\n\n---\n\n{a}"
    result = dedup.clean(text)
    assert result.text == f"{a}\n\n---\n"
    assert [(f.line_start, f.line_end, f.paragraphs) for f in result.findings] == [
        (5, 7, 2),
        (9, 9, 1),
    ]
