"""HTML: one self-contained page to read what was removed and why.

The page has a summary at the top (files, runs, bytes removed, the most repeated
passages, a table of files), then one section per file with repeats: each removed
run beside its first occurrence (exact or near, with the similarity and, for a near
copy, the words that differ), and the whole text with the removed runs highlighted
and linked to their first occurrences.

Safety and size:

- Everything that comes from the corpus or the command line (text, paths, error
  messages) goes through :func:`html.escape`; control characters, a lone ``\\r`` and
  U+2028/U+2029 are shown as visible symbols (they do not end a line for dedup).
  A ``Content-Security-Policy`` allows only this page's own style and script (by
  hash) and no network access at all.
- Sections are ``<details>``: with more than :data:`OPEN_LIMIT` runs everything
  starts collapsed, and a long pane is cut at :data:`PANE_LIMIT` characters (the
  full text is still in the file's text view), so 10 000 runs open without freezing.
- ``dir="auto"`` and ``unicode-bidi: plaintext`` give each line its own direction,
  so Arabic and Hebrew lines read right to left next to left-to-right ones.

The output is deterministic (no timestamps); the only script expands the sections
that hold a linked target, and offers expand/collapse buttons.
"""

from __future__ import annotations

from dedup.report import render_json
from dedup.report.html_assets import CSP, CSS, JS
from dedup.report.html_model import Page
from dedup.report.html_pairs import DIFF_LIMIT, PANE_LIMIT
from dedup.report.html_sections import TAG_LINKS, TEXT_OPEN_LIMIT, file_section, span_text
from dedup.report.html_summary import FILE_ROWS, TOP_PASSAGES, summary_section
from dedup.report.html_text import Lines, attr, text_block, text_html
from dedup.report.model import Report

__all__ = [
    "CSP",
    "CSS",
    "DIFF_LIMIT",
    "FILE_ROWS",
    "JS",
    "OPEN_LIMIT",
    "PANE_LIMIT",
    "TAG_LINKS",
    "TEXT_OPEN_LIMIT",
    "TOP_PASSAGES",
    "Lines",
    "attr",
    "render_html",
    "span_text",
    "text_block",
    "text_html",
]

OPEN_LIMIT = 50
"""Reports with at most this many runs start with every section open."""


def _setting(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_setting(v) for v in value) + "]" if value else "none"
    return str(value)


def render_html(report: Report, *, title: str = "dedup report") -> str:
    """The report as one self-contained HTML page.

    Example:
        >>> page = render_html(Report())
        >>> page.startswith("<!DOCTYPE html>"), "No repeats found." in page
        (True, True)
    """
    page = Page(report)
    open_ = report.runs <= OPEN_LIMIT
    settings = " \u00b7 ".join(f"{key} {_setting(value)}" for key, value in report.settings.items())
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{attr(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{attr(title)}</h1>",
        f'<p class="muted">dedup {attr(render_json._tool_version())}'
        + (f" \u00b7 {attr(settings)}" if settings else "")
        + "</p></header>",
        summary_section(page),
    ]
    if page.sections:
        out.append('<main id="files">')
        out += [file_section(page, i, open_) for i in page.sections]
        out.append("</main>")
    else:
        out.append('<p id="files">No repeats found.</p>')
    out += [f"<script>{JS}</script>", "</body>", "</html>", ""]
    return "\n".join(out)
