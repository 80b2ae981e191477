"""The core's one call for a document's first steps (``native/src/document.rs``) gives
what the steps give one after the other: the layout, the forms, the grouping and the
near pairs; asked ``quick``, it says False exactly when the relation has no match."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import native
from dedup.config import Config
from dedup.text import layout
from dedup.text import matches as relation
from dedup.text.heads import marker_level
from dedup.text.normalize import normalize
from dedup.text.pairs import near_pairs
from dedup.text.partners import Partners
from dedup.text.prepare import unit_text
from dedup.text.tags import tagged
from dedup.text.width import indent

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

EXAMPLES = Path(__file__).parent.parent / "examples"
LINES = [
    "The council met on Tuesday to discuss the budget for the coming year.",
    "The council met on Tuesday to discuss the budjet for the coming year.",
    "the council  met on tuesday to discuss the budget for the coming year!",
    "See src/Main_File.c for the details.",
    "See src/main_file.c for the details.",
    "It rained 12 times in 2021.",
    "It rained 13 times in 2021.",
    "  * an item, indented",
    "| a | table |",
    "Ünïcödé — “quoted” ١٢٣",
    "\u0627\u0644\u0633\u0651\u064e\u0644\u0627\u0645",
    "tab\tseparated\tline\r",
    "---",
    "",
    " ",
]


def steps(text: str, unit: str, width: int, threshold: float) -> tuple[object, ...]:
    """What the Python modules give for ``text``, step by step, in the core's shape."""
    lay = layout.layout(text, unit, width)
    raws = [text[p.start : p.end] for p in lay.paragraphs]
    forms = {raw: normalize(raw) for raw in raws}
    normals = [forms[raw] for raw in raws]
    saved, relation.core = relation.core, None
    try:
        matches = relation.Matches(normals, threshold, kinds=lay.kinds)
    finally:
        relation.core = saved
    pairs = near_pairs(((r, normals[r]) for r in matches._near_reps()), threshold)  # (no table's)
    return (
        (list(lay.starts), lay.blank, [tuple(p) for p in lay.paragraphs], lay.kinds),
        [tuple(form) for form in forms.values()],
        matches.rep,
        matches.occurrences,
        matches._same_text,
        pairs,
        _flat(matches._earlier, matches._later),
        matches.any(),
    )


def _flat(earlier: Partners | None, later: Partners | None) -> tuple[list[int], ...] | None:
    if earlier is None or later is None:
        return None
    return list(earlier.flat), list(earlier.ends), list(later.flat), list(later.ends)


def python_unit_marks(raws: list[str]) -> tuple[list[int | None], list[int], list[bool]]:
    """``dedup.text.heads.unit_marks`` in Python alone."""
    return [marker_level(raw) for raw in raws], [indent(raw) for raw in raws], [tagged(raw) for raw in raws]


def compiled(text: str, unit: str, width: int, threshold: float) -> tuple[object, ...]:
    found = core.prepare(text, unit, width, threshold, False)
    assert found is not None
    cut, raws, forms, form_of, rep, occurrences, same_text, pairs, partners, marks = found
    lay = layout.from_core(text, cut)
    assert raws == [unit_text(text, p.start, p.end) for p in lay.paragraphs]
    assert marks == python_unit_marks(raws)  # the units' marks, read with the forms
    assert [forms[k] for k in form_of] == [tuple(normalize(raw)) for raw in raws]
    quick = core.prepare(text, unit, width, threshold, True)
    return (
        (list(lay.starts), lay.blank, [tuple(p) for p in lay.paragraphs], lay.kinds),
        [tuple(form) for form in forms],
        rep,
        occurrences,
        same_text,
        pairs,
        None if partners is None else _flat(Partners.from_bytes(*partners[:2]), Partners.from_bytes(*partners[2:])),
        quick is not False,
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(LINES) | st.text(max_size=20), min_size=0, max_size=40).map("\n".join),
    st.sampled_from(["auto", "paragraph", "line"]),
    st.sampled_from([0.5, 0.8, 0.9, 1.0]),
)
def test_prepare_is_the_steps(text: str, unit: str, threshold: float) -> None:
    if core.prepare(text, unit, 100, threshold, False) is None:
        return  # a code point this Python lacks: the Python engine prepares it
    assert compiled(text, unit, 100, threshold) == steps(text, unit, 100, threshold)


def test_prepare_on_the_examples() -> None:
    config = Config()
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(EXAMPLES.rglob("*.txt"))]
    assert len(texts) > 5
    quick = 0
    for text in texts:
        assert compiled(text, config.unit, config.wrap_width, config.threshold) == steps(
            text, config.unit, config.wrap_width, config.threshold
        )
        quick += core.prepare(text, config.unit, config.wrap_width, config.threshold, True) is False
    assert quick < len(texts)  # the examples repeat


def test_quick_says_false_only_without_a_match() -> None:
    unique = "\n\n".join(
        ["The river rose overnight.", "Schools stay closed on Monday.", "Volunteers are asked to bring sandbags."]
    )
    assert core.prepare(unique, "auto", 100, 0.9, True) is False
    assert core.prepare(unique + "\n\n" + unique, "auto", 100, 0.9, True) is not False
    near = unique + "\n\nVolunteers are asked to bring sandbagz."
    assert core.prepare(near, "auto", 100, 0.9, True) is not False


def test_a_lone_surrogate_is_left_to_python() -> None:
    assert core.prepare("a\ud800\n\nb\n", "auto", 100, 0.9, True) is None


@pytest.mark.parametrize(
    "call",
    [
        "prepare",
        "layout",
        "line_starts",
        "unit_marks",
        "identifiers",
        "joined_words",
        "normalize_many",
        "size",
        "normal_text",
    ],
)
def test_no_utf8_copy_is_left_in_the_text(call: str) -> None:
    """A non-ASCII document, unit or spaced form is read through a bytes object that
    lives for the call: reading its str as UTF-8 in place would keep a copy of it inside
    it for as long as it lives (the units and forms live through the plan)."""
    text = "".join(f"Paragraphe numéro {k}, où l'on lit src/Main_Fichier.c.\n\n" for k in range(2000))
    before = sys.getsizeof(text)
    if call == "prepare":
        assert core.prepare(text, "auto", 100, 0.9, False) is not None
    elif call == "layout":
        assert core.layout(text, "auto", 100) is not None
    elif call == "line_starts":
        assert core.line_starts(text, True) is not None
    elif call == "unit_marks":
        assert core.unit_marks([text, "ascii"])[2] == []
    elif call == "identifiers":
        assert core.identifiers(text)
    elif call == "normalize_many":
        assert core.normalize_many([text])[0] is not None
    elif call == "size":
        assert core.size(text)
    elif call == "normal_text":
        assert core.normal_text(text)
    else:
        assert core.joined_words(text)
    assert sys.getsizeof(text) == before


def test_one_str_for_the_paragraphs_of_one_text() -> None:
    """The units of one text are one str (a paragraph pasted a million times weighs
    once), which is also its form's spaced when they are equal (a unit's text is read
    without its last line break: a line with single spaces is its own spaced form);
    the values are those of the steps."""
    text = "Said once.\n\nA  line\nwrapped.\n\nSaid once.\n\nSaid once."
    prepared = core.prepare(text, "auto", 100, 0.9, False)
    raws, forms = prepared[1], prepared[2]
    units = [text[start:end] for _, _, start, end in layout.layout(text).paragraphs]
    assert raws == [unit_text(text, start, end) for _, _, start, end in layout.layout(text).paragraphs]
    assert raws[0] is raws[2] and raws[3] == "Said once." and raws[3] is not raws[0]
    assert [tuple(form) for form in forms] == [tuple(normalize(unit)) for unit in dict.fromkeys(units)]
    assert forms[0][2] is raws[0] and forms[2][2] is raws[3]  # "Said once." is its own spaced form
    assert forms[1][2] == "A line wrapped." and forms[0][2] == "Said once."
    for raw, form in zip(raws, core.normalize_many(raws), strict=True):
        assert tuple(form) == tuple(normalize(raw))
        assert (form[2] is raw) == (form[2] == raw)


def test_quick_says_false_when_no_run_could_weigh_enough() -> None:
    short = "\n\n".join(["See also.", "Options.", "The river rose overnight and the schools stayed closed."])
    text = short + "\n\n" + short.split("\n\n")[0] + "\n\nA last paragraph, unique to this text.\n"
    # "See also." repeats: 7 letters, under the default 40 and over 5
    assert core.prepare(text, "auto", 100, 0.9, True, 40) is False
    assert core.prepare(text, "auto", 100, 0.9, True, 5) is not False
    assert core.prepare(text, "auto", 100, 0.9, True) is not False  # (min_chars 0)
    # consecutive repeats add up: the two short ones weigh 14 together
    both = short + "\n\nSee also.\n\nOptions.\n"
    assert core.prepare(both, "auto", 100, 0.9, True, 14) is not False
    assert core.prepare(both, "auto", 100, 0.9, True, 15) is False


_PIECES = [
    "See also.",
    "Options.",
    "The river rose overnight.",
    "The river rose overnite.",
    "Schools stay closed on Monday, the council said in a short statement.",
    "Schools stay closed on Monday, the council said in a short statement!",
    "Version 2 of the tool, released in 2021.",
    "Version 3 of the tool, released in 2021.",
    "- an item",
    "# Heading",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14), st.sampled_from([0, 5, 12, 40, 80]))
def test_quick_false_only_when_the_engine_removes_nothing(pieces: list[str], min_chars: int) -> None:
    from dedup.text.engine import clean_with_forms

    text = "\n\n".join(pieces) + "\n"
    config = Config(min_chars=min_chars)
    if core.prepare(text, config.unit, config.wrap_width, config.threshold, True, min_chars) is False:
        assert clean_with_forms(text, config)[0].findings == ()


def test_over_the_budget_prepare_gives_the_bounded_partners() -> None:
    """Past the direct check's budget (300 near-identical paragraphs of one length),
    the partners come with the forms, equal to what Matches finds without them."""
    from test_bounded import near_identical

    text = "\n\n".join(near_identical(300)) + "\n"
    found = core.prepare(text, "auto", 100, 0.9, False)
    assert found is not None and found is not False
    pairs, partners = found[7], found[8]
    assert pairs is None and partners is not None
    config = Config(threshold=0.9)
    lay = layout.layout(text, config.unit, config.wrap_width)
    normals = [normalize(text[p.start : p.end]) for p in lay.paragraphs]
    saved, relation.core = relation.core, None
    try:
        reference = relation.Matches(normals, 0.9, kinds=lay.kinds)
    finally:
        relation.core = saved
    expected = _flat(reference._earlier, reference._later)
    assert expected is not None and len(expected[0]) > 300
    assert _flat(Partners.from_bytes(*partners[:2]), Partners.from_bytes(*partners[2:])) == expected


def test_a_min_chars_past_any_size_is_taken() -> None:
    """The core counts in 64 bits; a larger --min-chars removes nothing, as any large one."""
    text = "A paragraph that is said twice, long enough to count.\n\n" * 2
    assert dedup.clean(text, min_chars=10**21).text == text
    assert dedup.clean(text, min_chars=10).text != text


def test_the_planner_leaves_no_utf8_copy_in_the_forms() -> None:
    """The direct check of near pairs reads each representative's normal text, and the
    compiled planner weighs it; reading it as UTF-8 in place kept a copy inside every
    non-ASCII form for as long as the forms live (31 MB in the planner alone for
    100,000 near-identical paragraphs)."""
    texts = [f"Paragraphe numéro {k % 50}, où l'on lit src/Main_Fichier.c encore." for k in range(200)]
    forms = [normalize(t) for t in texts]
    before = [sys.getsizeof(f.text) for f in forms]
    planned = core.plan_runs(relation.Matches(forms, 0.9), 40, None, None)
    assert planned is not None and planned[0]  # the repeats are planned
    assert [sys.getsizeof(f.text) for f in forms] == before
