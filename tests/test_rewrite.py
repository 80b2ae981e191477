"""Cutting removed runs out of the text (rule 6): blank lines in front go with a run
only when it ends at the end of a block; every other character stays."""

from __future__ import annotations

import pytest
from reference import reference_clean, reference_first_spans

import dedup
from dedup.text.layout import layout
from dedup.text.rewrite import cut, removal_span
from dedup.text.runs import Run

A = "A paragraph that is long enough to be removed when it repeats."
B = "Bravo paragraph, different from the first one, also quite long."
C = "Closing words."
LONG = "A line wider than one hundred columns, so that the block it is in is read one line at a time, row one."
assert len(LONG) > 100


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abcdef", [(1, 2), (4, 6)], "acd"),
        ("abc", [], "abc"),
        ("abc", [(0, 3)], ""),
        ("abc", [(1, 1)], "abc"),
        ("a\r\nb\r\n", [(0, 3)], "b\r\n"),
    ],
)
def test_cut(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    assert cut(text, spans) == expected


@pytest.mark.parametrize(
    ("text", "unit", "run", "removed"),
    [
        # ends at the end of the text: the blank line in front goes with it
        (f"{A}\n\n{A}\n", "auto", Run(1, 1, 0), f"\n{A}\n"),
        (f"{A}\n\n{A}", "auto", Run(1, 1, 0), f"\n{A}"),
        # ends before a blank line: all the blank lines in front go
        (f"{A}\n\n \n\t\n{A}\n\n{B}\n", "auto", Run(1, 1, 0), f"\n \n\t\n{A}\n"),
        # ends inside a block: the blank lines stay
        (f"{A}\n\n{A}\n{B}\n", "line", Run(1, 1, 0), f"{A}\n"),
        (f"{A}\n\n{A}\n{LONG}\n{C}\n", "auto", Run(1, 1, 0), f"{A}\n"),
        # starts inside a block, ends at its end
        (f"{A}\n\n{B}\n{A}\n\n{C}", "line", Run(2, 1, 0), f"{A}\n"),
        # CRLF
        (f"{A}\r\n\r\n{A}\r\n", "auto", Run(1, 1, 0), f"\r\n{A}\r\n"),
        (f"{A}\r\n\r\n{A}\r\n{B}\r\n", "line", Run(1, 1, 0), f"{A}\r\n"),
        # a run of two paragraphs across blocks
        (f"{A}\n\n{B}\n\n{A}\n\n{B}\n", "auto", Run(2, 2, 0), f"\n{A}\n\n{B}\n"),
    ],
)
def test_removal_span(text: str, unit: str, run: Run, removed: str) -> None:
    lay = layout(text, unit)
    start, end = removal_span(lay, run)
    assert text[start:end] == removed
    assert end == lay.paragraphs[run.start + run.length - 1].end


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        # the examples of the rule: the blank lines in front go, the final newline stays absent
        (f"{A}\n\n{A}", {}, f"{A}\n"),
        (f"{A}\n\n{A}\n", {}, f"{A}\n"),
        (f"{A}\n\n\n\n{A}\n", {}, f"{A}\n"),
        (f"{A}\n \n\t\n\u2028\n{A}\n", {}, f"{A}\n"),
        (f"\n\n{A}\n\n{A}", {}, f"\n\n{A}\n"),
        (f"{A}\n\n{B}\n\n{A}\n\n{C}\n", {}, f"{A}\n\n{B}\n\n{C}\n"),
        (f"{A}\n\n{B}\n\n{A}\n\n{C}", {}, f"{A}\n\n{B}\n\n{C}"),
        # CRLF stays CRLF
        (f"{A}\r\n\r\n{A}\r\n", {}, f"{A}\r\n"),
        (f"{A}\r\n\r\n{A}", {}, f"{A}\r\n"),
        (f"{A}\r\n\r\n{B}\r\n\r\n{A}\r\n\r\n{C}", {}, f"{A}\r\n\r\n{B}\r\n\r\n{C}"),
        # mixed line ends are kept as they are
        (f"{A}\r\n\n{B}\n\r\n{A}\n\n{C}\r\n", {}, f"{A}\r\n\n{B}\n\n{C}\r\n"),
        # a run ending inside a block leaves the blank lines, so nothing is glued together
        (f"{A}\n\n{A}\n{B}\n", {"unit": "line"}, f"{A}\n\n{B}\n"),
        (f"{A}\n\n{A}\n{LONG}\n{C}\n", {}, f"{A}\n\n{LONG}\n{C}\n"),
        # ... but a block whose only long line is its last is one wrapped paragraph
        (f"{A}\n\n{A}\n{LONG}\n", {}, f"{A}\n\n{A}\n{LONG}\n"),
        (f"{A}\n\n{A}\n{B}", {"unit": "line"}, f"{A}\n\n{B}"),
        (f"{C}\n\n{A}\n\n{B}\n{A}\n{C}", {"unit": "line"}, f"{C}\n\n{A}\n\n{B}\n{C}"),
        # a run ending at a block end inside a block it started in
        (f"{A}\n\n{B}\n{A}\n\n{C}", {"unit": "line"}, f"{A}\n\n{B}\n\n{C}"),
        # several paragraphs, one run
        (f"{A}\n{B}\n\n{A}\n{B}\n", {"unit": "line"}, f"{A}\n{B}\n"),
        (f"{A}\n\n{B}\n\n{A}\n\n{B}\n", {}, f"{A}\n\n{B}\n"),
        # the first occurrence is kept exactly, trailing whitespace included
        (f"{A}  \n\n{B}\t\n\n{A}\n", {}, f"{A}  \n\n{B}\t\n"),
        (f"{A}\n\n{A}   \n\n{C}", {}, f"{A}\n\n{C}"),
        # \r alone and U+2028 do not end lines; a line of U+2028 is blank
        (f"{A}\r{B}\n\n{A}\r{B}", {}, f"{A}\r{B}\n"),
        (f"{A}\u2028{B}\n\n{A}\u2028{B}\n", {}, f"{A}\u2028{B}\n"),
        (f"{A}\n\u2028\n{A}", {}, f"{A}\n"),
        # short repeats stay
        (f"{A}\n\n---\n\n{B}\n\n---\n\n{C}\n", {}, f"{A}\n\n---\n\n{B}\n\n---\n\n{C}\n"),
        (f"{A}\n\n---\n\n{A}\n\n---\n\n{A}", {}, f"{A}\n\n---\n"),
    ],
)
def test_clean(text: str, options: dict[str, str], expected: str) -> None:
    assert reference_clean(text, **options) == expected  # type: ignore[arg-type]
    assert dedup.clean(text, **options).text == expected


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (f"{A}\n\n{A}", {}),
        (f"{A}\r\n\r\n{A}\r\n", {}),
        (f"{A}\n\n{A}\n{B}\n", {"unit": "line"}),
        (f"{A}\n\n{B}\n\n{A}\n\n{B}\n\n{C}\n\n{A}\n\n{B}\n", {}),  # (A alone a third time: a refrain)
    ],
)
def test_finding_spans(text: str, options: dict[str, str]) -> None:
    result = dedup.clean(text, **options)
    spans = [(f.start, f.end) for f in result.findings]
    assert spans == reference_first_spans(text, **options)  # type: ignore[arg-type]
    assert cut(text, spans) == result.text


def test_finding_fields_of_the_rule_example() -> None:
    text = f"{A}\n\n{A}"
    (finding,) = dedup.clean(text).findings
    assert (finding.start, finding.end) == (len(A) + 1, len(text))
    assert (finding.line_start, finding.line_end) == (3, 3)
    assert (finding.source_line_start, finding.source_line_end) == (1, 1)
    assert (finding.source_start, finding.source_end) == (0, len(A) + 1)
    assert (finding.paragraphs, finding.kind, finding.score) == (1, "exact", 1.0)
