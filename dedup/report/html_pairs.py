"""The HTML report's view of one removed run: the removed copy beside its first
occurrence, with a near copy's differing words marked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from dedup.report.html_model import Page, PageFinding
from dedup.report.html_text import Interval, Lines, attr, text_block
from dedup.report.model import Located
from dedup.report.render_sarif import lines_phrase
from dedup.text.normalize import normalize

PANE_LIMIT = 4000
"""Characters shown in one side of a side-by-side pair before it is cut."""
DIFF_LIMIT = 3000
"""Words per side above which a near pair is shown without its word differences."""


def _kind_badge(located: Located, cross: bool) -> str:
    f = located.finding
    if f.kind == "exact":
        badge = '<span class="badge exact">exact</span>'
    else:
        badge = f'<span class="badge near">near \u00b7 similarity {f.score:.2f}</span>'
    if cross:
        badge += ' <span class="badge cross">other document</span>'
    return badge


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]


def _differences(a: str, b: str) -> tuple[list[Interval], list[Interval]] | None:
    """Intervals of the words that differ between ``a`` and ``b`` (compared in normal
    form, so case, quotes and spacing do not count), or None if they are too long."""
    words_a, words_b = _word_spans(a), _word_spans(b)
    if max(len(words_a), len(words_b)) > DIFF_LIMIT:
        return None

    def keys(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        return [normalize(text[s:e]).text if not text[s:e].isascii() else text[s:e].lower() for s, e in spans]

    matcher = SequenceMatcher(None, keys(a, words_a), keys(b, words_b), autojunk=False)
    marks_a: list[Interval] = []
    marks_b: list[Interval] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            marks_a.append(Interval(words_a[i1][0], words_a[i2 - 1][1], "chg"))
        if j1 < j2:
            marks_b.append(Interval(words_b[j1][0], words_b[j2 - 1][1], "chg"))
    return marks_a, marks_b


def _pane(lines: Lines | None, first: int, last: int, marks: list[Interval], heading: str, cls: str) -> str:
    out = [f'<div class="pane {cls}"><h4>{heading}</h4>']
    if lines is None:
        out.append('<p class="cut">The text of this document is not in the report.</p>')
    else:
        start, end = lines.span(first, last)
        stop = min(end, start + PANE_LIMIT)
        out.append(text_block(lines, start, stop, marks))
        if stop < end:
            out.append(f'<p class="cut">\u2026 {end - stop} more characters: see the full text.</p>')
    out.append("</div>")
    return "".join(out)


def finding_details(page: Page, row: PageFinding, open_: bool) -> str:
    loc = row.located
    f = loc.finding
    lines = page.file_lines(row.file_index)
    first_lines = page.file_lines(row.first_index) if row.first_index is not None else None
    where = "" if row.same_document else f' of <span class="path">{attr(row.first_name)}</span>'
    summary = (
        f'<a class="tag" href="#d{row.file_index}-{row.number}">#{row.number}</a>'
        f"{lines_phrase(f.line_start, f.line_end).capitalize()} "
        f"repeat{'s' if f.line_start == f.line_end else ''} {lines_phrase(f.source_line_start, f.source_line_end)}"
        f"{where} {_kind_badge(loc, not row.same_document)} "
        f'<span class="muted">{f.paragraphs} paragraph{"s" if f.paragraphs != 1 else ""}, '
        f"{loc.byte_end - loc.byte_start} bytes</span>"
    )
    marks_rm: list[Interval] = []
    marks_first: list[Interval] = []
    if f.kind == "near" and first_lines is not None:
        a_start, a_end = lines.span(f.line_start, f.line_end)
        b_start, b_end = first_lines.span(f.source_line_start, f.source_line_end)
        diff = _differences(lines.text[a_start:a_end], first_lines.text[b_start:b_end])
        if diff is not None:
            marks_rm = [Interval(iv.start + a_start, iv.end + a_start, iv.cls) for iv in diff[0]]
            marks_first = [Interval(iv.start + b_start, iv.end + b_start, iv.cls) for iv in diff[1]]
    first_link = (
        f' <a href="#s{row.first_index}-{row.group}">in the text</a>' if row.first_index is not None else ""
    )
    first_name = "" if row.same_document else f'<span class="path">{attr(row.first_name)}</span> '
    removed_pane = _pane(
        lines, f.line_start, f.line_end, marks_rm,
        f"Removed copy \u00b7 {lines_phrase(f.line_start, f.line_end)}",
        "rm",
    )
    first_pane = _pane(
        first_lines, f.source_line_start, f.source_line_end, marks_first,
        f"First occurrence (kept) \u00b7 {first_name}{lines_phrase(f.source_line_start, f.source_line_end)}"
        f"{first_link}",
        "first",
    )
    return (
        f'<details class="finding" id="{row.anchor}" data-kind="{f.kind}"{" open" if open_ else ""}>'
        f"<summary>{summary}</summary>"
        f'<div class="body pair">{removed_pane}{first_pane}</div></details>'
    )
