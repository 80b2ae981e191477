"""The compiled planner (``native/src/plan.rs``) takes the runs the Python planner
takes: the same runs, the same ``kept_with_match``, on documents made to repeat (exact
copies, near copies, names whose case changed, headings and short lines whose
structure refuses a run, protected paragraphs), and the same cleaned text and findings
from the whole engine."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import native
from dedup.text import matches as relation
from dedup.text import runs
from dedup.text.normalize import normalize
from dedup.text.verify import Verifier

pytestmark = pytest.mark.skipif(native.core is None, reason="the compiled core is off or not built")

EXAMPLES = Path(__file__).parent.parent / "examples"
POOL = [
    "The council met on Tuesday to discuss the budget for the coming year.",
    "The council met on Tuesday to discuss the budjet for the coming year.",
    "the council met on tuesday to discuss the budget for the coming year!",
    "Install it with pip install dedup-text and run dedup clean.",
    "See src/Main_File.c for the details of the parser.",
    "See src/main_file.c for the details of the parser.",
    "Chapter 2",
    "Share",
    "Print",
    "It rained 12 times in 2021, which is 3 more than in 2020.",
    "It rained 13 times in 2021, which is 3 more than in 2020.",
    "---",
    "",
]
KINDS = ["prose", "prose", "heading", "short", "line", "item", "code"]


def both(
    texts: list[str],
    kinds: list[str] | None,
    protected: list[bool] | None,
    threshold: float,
    min_chars: int,
    word_rule: bool = False,
):
    normals = [normalize(t) for t in texts]
    allowed = Verifier(threshold).allowed(normals, kinds or ["prose"] * len(texts)) if word_rule else None
    found = []
    for core in (native.core, None):
        saved = runs.core, relation.core
        runs.core = relation.core = core
        try:
            result = runs.plan(
                normals,
                threshold,
                min_chars,
                protected,
                near_allowed=allowed,
                kinds=kinds,
                raws=texts if kinds else None,
            )
        finally:
            runs.core, relation.core = saved
        found.append((result.runs, result.kept_with_match))
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(POOL), min_size=1, max_size=40),
    st.none() | st.lists(st.sampled_from(KINDS), min_size=40, max_size=40),
    st.none() | st.lists(st.booleans(), min_size=40, max_size=40),
    st.sampled_from([0.5, 0.8, 0.9, 0.95, 1.0]),
    st.sampled_from([0, 10, 40, 100]),
)
def test_plans_agree(texts, kinds, protected, threshold, min_chars) -> None:
    n = len(texts)
    compiled, reference = both(
        texts, kinds[:n] if kinds else None, protected[:n] if protected else None, threshold, min_chars
    )
    assert compiled == reference


def test_a_doubled_document_plans_alike() -> None:
    body = [f"Paragraph {k} of the body says something of its own, at length." for k in range(30)]
    texts = [*body, "Site. net", *body]
    compiled, reference = both(texts, ["prose"] * len(texts), None, 0.9, 40)
    assert compiled == reference
    assert compiled[0] == [runs.Run(31, 30, 0)]


def test_examples_clean_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert texts
    compiled = [dedup.clean(t) for t in texts]
    monkeypatch.setattr(runs, "core", None)
    monkeypatch.setattr(relation, "core", None)
    assert [dedup.clean(t) for t in texts] == compiled


def test_a_lone_surrogate_is_planned_by_python() -> None:
    texts = ["A paragraph long enough to be a run on its own, \ud800 here.", "Between."] * 2
    compiled, reference = both(texts, ["prose"] * 4, None, 0.9, 40)
    assert compiled == reference == ([runs.Run(2, 2, 0)], False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*POOL, "10 21", "1021", "Ten  21", "ten 21"]), max_size=40))
def test_grouping_agrees(texts: list[str]) -> None:
    """Representatives by equal normal forms (text, numbers and spaced form), their
    occurrences and the representatives by text, as Matches builds them in Python."""
    normals = [normalize(t) for t in texts]
    compiled = relation.Matches(normals, 0.9)
    saved, relation.core = relation.core, None
    try:
        reference = relation.Matches(normals, 0.9)
    finally:
        relation.core = saved
    assert (compiled.rep, compiled.occurrences, compiled._same_text) == (
        reference.rep,
        reference.occurrences,
        reference._same_text,
    )
    assert list(compiled.occurrences) == list(reference.occurrences)  # the same order too


# Near-identical lines of one length: more pairs than the direct check's budget, so
# the relation is bounded (the chunk index's candidates, the word rule asked lazily).
BOUNDED_BASE = "The ferry leaves the harbour at seven when the fishermen come back with the nets"
TYPOS = [BOUNDED_BASE[:k] + c + BOUNDED_BASE[k + 1 :] for k in range(4, 80) for c in "xqz" if BOUNDED_BASE[k] != " "]
WORDS = BOUNDED_BASE.split()
CHANGED = [  # a word changed: within edits, but the word rule refuses
    " ".join([*WORDS[:k], other, *WORDS[k + 1 :]]) for k in range(len(WORDS)) for other in ("cargo", "storm", "gull")
]
OTHERS = [
    BOUNDED_BASE.replace("seven", "eight"),  # a word changed: the word rule refuses
    BOUNDED_BASE.replace("ferry", "FERRY"),  # equal text
    BOUNDED_BASE.replace("harbour", "harbour/Main_Dock"),  # a name whose case...
    BOUNDED_BASE.replace("harbour", "harbour/main_dock"),  # ...differs: not the same
    "A short line between.",
]


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([10, 40, 200]), st.booleans())
def test_bounded_relations_plan_alike(rng: random.Random, min_chars: int, protect: bool) -> None:
    texts = rng.sample(TYPOS + CHANGED, 170) + OTHERS
    rng.shuffle(texts)
    for _ in range(rng.randrange(1, 6)):  # stretches pasted again later
        start = rng.randrange(len(texts) - 10)
        copy = texts[start : start + rng.randrange(1, 10)]
        at = rng.randrange(start + len(copy), len(texts) + 1)
        texts[at:at] = copy
    assert not relation.Matches([normalize(t) for t in texts], 0.9).complete
    n = len(texts)
    protected = [rng.random() < 0.05 for _ in range(n)] if protect else None
    compiled, reference = both(texts, ["prose"] * n, protected, 0.9, min_chars, word_rule=True)
    assert compiled == reference
