"""The compiled part of the corpus summary (``native/src/summary.rs``: positions in
the original, sizes, edges) gives what ``dedup.corpus.summary.summarize`` computes in
Python, on documents with runs removed (so that the origin map has gaps), blank-line
runs, CRLF, wide and combining characters, and a lone surrogate (left to Python)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import native
from dedup.config import Config
from dedup.corpus import summary
from dedup.text.engine import clean_with_forms

pytestmark = pytest.mark.skipif(native.core is None, reason="the compiled core is off or not built")

EXAMPLES = Path(__file__).parent.parent / "examples"
PARAGRAPHS = [
    "The council met on Tuesday to discuss the budget for the coming year.",
    "The council met on Tuesday to discuss the budjet for the coming year.",
    "東京の会議は火曜日に開かれ、来年の予算について話し合った。",
    "Ça coûte 12 € — «cher», dit-il.\r\nLa suite\u0301 ici.",
    "- an item\n  continued",
    "x",
    "",
    "\n\n\n",
]


def both(text: str) -> tuple[summary.Summary, summary.Summary]:
    config = Config()
    result, lay, forms = clean_with_forms(text, config)
    compiled = summary.summarize(text, result, lay, forms, config)
    saved, summary.core = summary.core, None
    try:
        reference = summary.summarize(text, result, lay, forms, config)
    finally:
        summary.core = saved
    return compiled, reference


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PARAGRAPHS), max_size=30), st.sampled_from(["\n\n", "\n", "\n\n\n\n"]))
def test_summaries_agree(paragraphs: list[str], separator: str) -> None:
    compiled, reference = both(separator.join(paragraphs))
    assert compiled == reference


def test_a_doubled_document_summarises_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    answered = []

    class Counting:
        def summary_parts(self, *args: object) -> object:
            found = native.core.summary_parts(*args)
            answered.append(found is not None)
            return found

    monkeypatch.setattr(summary, "core", Counting())
    body = "\n\n".join(f"Paragraph {k} says something of its own, at some length." for k in range(12))
    compiled, reference = both(f"{body}\n\nSite. net\n\n{body}\n")
    assert answered == [True]  # the core answered; the reference ran without it
    assert compiled == reference
    assert len(compiled.positions) == 13  # the second copy is gone; positions are in the original


def test_a_lone_surrogate_is_summarised_by_python() -> None:
    compiled, reference = both("A paragraph with \ud800 in it.\n\nAnother one.\n")
    assert compiled == reference


def test_examples_summarise_alike() -> None:
    for path in sorted(EXAMPLES.glob("*.txt")):
        compiled, reference = both(path.read_text(encoding="utf-8"))
        assert compiled == reference, path.name
