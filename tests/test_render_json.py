"""``render_json`` is assembled from pieces (``head``, one ``entry`` per document,
``tail``) so that a report can be written one document at a time; the pieces must
give exactly the bytes of one ``json.dumps`` of the whole report, as the renderer
did before (``reference``)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_render_golden import CASES, pinned

from dedup.report.model import FileReport, Located, Report
from dedup.report.render_json import entry, head, render_json, report_dict, tail
from dedup.result import Finding
from dedup.text.fixes import FixChange


def reference(report: Report) -> str:
    """The renderer as it was: one json.dumps of the whole report."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("case", list(CASES))
def test_pieces_give_the_whole_on_the_golden_cases(case: str) -> None:
    with pinned():
        report = CASES[case]()
        assert render_json(report) == reference(report)


def test_one_document_at_a_time() -> None:
    with pinned():
        report = CASES["shard"]()
        pieces = [entry(f, first=i == 0) for i, f in enumerate(report.files)]
        assert head(report) + "".join(pieces) + tail(report, empty=False) == reference(report)
        empty = Report(settings=report.settings, errors=report.errors)
        assert head(empty) + tail(empty, empty=True) == reference(empty)


# Text that is hard on an indenting writer: line breaks, quotes, backslashes, controls,
# separators of other readers, non-ASCII in several scripts, lone surrogates excluded
# (the report is UTF-8).
fragment = st.text(st.characters(blacklist_categories=("Cs",)), max_size=4) | st.sampled_from(
    ["\n", "\r", '"', "\\", "\u2028", "\x85", ": ", ",\n  ", "]\n  ", "é", "ر"]
)
text = st.lists(fragment, max_size=4).map("".join)
count = st.integers(0, 10**12)
score = st.floats(0, 1, allow_nan=False) | st.sampled_from([1.0, 0.9, 1 / 3])

findings = st.builds(
    Finding,
    count, count, count, count, count, count, count, count, count, count, score,
    st.sampled_from(["exact", "near"]),
    st.none() | text,
)
located = st.builds(Located, findings, count, count, st.none() | count, st.none() | count)
changes = st.builds(FixChange, text, count, count, count, count, count, count, text, st.lists(text, max_size=3).map(tuple))
files = st.builds(
    FileReport,
    path=text,
    original=st.just(""),
    cleaned=st.just(""),
    bytes_in=count,
    bytes_out=count,
    findings=st.lists(located, max_size=3).map(tuple),
    document=st.none() | text,
    duplicate_of=st.none() | text,
    duplicate_similarity=st.none() | score,
    fixes=st.lists(changes, max_size=2).map(tuple),
    empty=st.booleans(),
)
json_values = st.recursive(
    st.none() | st.booleans() | count | score | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
reports = st.builds(
    Report,
    files=st.lists(files, max_size=4),
    errors=st.lists(st.tuples(text, text), max_size=2),
    settings=st.dictionaries(text, json_values, max_size=4),
    clusters=st.dictionaries(text, st.lists(text, max_size=3), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(reports)
def test_pieces_give_the_whole(report: Report) -> None:
    assert render_json(report) == reference(report)
