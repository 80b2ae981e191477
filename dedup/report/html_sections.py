"""One section of the HTML report per file: its removed runs side by side with their
first occurrences, the cleaning passes' changes, and the full text with the removed
runs and the first occurrences marked and linked."""

from __future__ import annotations

from dedup.report.html_model import Page
from dedup.report.html_pairs import finding_details
from dedup.report.html_text import Interval, attr, name_html, text_block

TEXT_OPEN_LIMIT = 100_000
"""Characters above which a file's full text starts collapsed, even in a small report."""
TAG_LINKS = 8


def _document(page: Page, index: int, open_: bool) -> str:
    lines = page.file_lines(index)
    intervals: list[Interval] = []
    tags: dict[int, list[str]] = {}
    for row in page.findings.get(index, ()):
        f = row.located.finding
        intervals.append(Interval(f.start, f.end, "rm"))
        tags.setdefault(f.start, []).append(
            f'<a class="tag" dir="ltr" id="d{index}-{row.number}" href="#{row.anchor}">#{row.number}</a>'
        )
    for (start, end), rows in sorted(page.firsts.get(index, {}).items()):
        intervals.append(Interval(start, end, "first"))
        links = " ".join(f'<a href="#{r.anchor}">{r.label}</a>' for r in rows[:TAG_LINKS])
        more = f" +{len(rows) - TAG_LINKS}" if len(rows) > TAG_LINKS else ""
        tags.setdefault(start, []).append(
            f'<span class="tag" dir="ltr" id="s{index}-{rows[0].group}">kept: {links}{more}</span>'
        )
    body = text_block(lines, 0, len(lines.text), intervals, tags)
    return (
        f'<details class="doc" id="text-{index}"{" open" if open_ else ""}>'
        '<summary>Full text: <mark class="rm">removed</mark> (#n links to the pair), '
        '<mark class="first">first occurrence, kept</mark></summary>'
        f'<div class="body">{body}</div></details>'
    )


def span_text(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}-{end}"


def file_section(page: Page, index: int, open_: bool) -> str:
    file = page.report.files[index - 1]
    rows = page.findings.get(index, [])
    head = (
        f"<h2>{name_html(file)}</h2> <span class=\"muted\">"
        f"{len(rows)} run{'s' if len(rows) != 1 else ''} removed, "
        f"{file.bytes_removed} of {file.bytes_in} bytes</span>"
    )
    parts = [finding_details(page, row, open_) for row in rows]
    if file.fixes:
        items = "".join(
            f"<li>{attr(span_text(c.line_start, c.line_end))}: fix {attr('+'.join(c.fixes))} "
            f"({c.counts})</li>"
            for c in file.fixes
        )
        parts.append(
            f'<details class="fixes"{" open" if open_ else ""}><summary>{len(file.fixes)} change'
            f'{"s" if len(file.fixes) != 1 else ""} by cleaning passes</summary><ul dir="ltr">{items}</ul></details>'
        )
    parts.append(_document(page, index, open_ and len(file.original) <= TEXT_OPEN_LIMIT))
    return (
        f'<section class="file" id="file-{index}"><details{" open" if open_ else ""}>'
        f'<summary>{head}</summary><div class="body">{"".join(parts)}</div></details></section>'
    )
