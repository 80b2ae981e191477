"""A table for people (``--format table``): one row per removed run, fix, document
left empty or near-duplicate document, with an excerpt of what goes.

Drawn with box characters at its natural width: no cell is ever cut or folded, so a
long path stays whole (a terminal narrower than the table wraps its lines). Names,
ids and excerpts are shown as :func:`dedup.display.shown` shows them, control
characters escaped, since a table is read on a terminal. Excerpts need the report to
hold the documents' texts; without them the column is left out.
"""

from __future__ import annotations

from dedup.display import shown
from dedup.report.model import FileReport, Report
from dedup.report.render_text import document_name, span
from dedup.text.width import display_width

HEADER = ("file", "lines", "found", "first occurrence", "excerpt")
EXCERPT = 60  # columns of the removed text shown, after its whitespace is collapsed


def _excerpt(text: str) -> str:
    """The opening of ``text`` in at most :data:`EXCERPT` columns (wide characters
    take two), whitespace collapsed; ``…`` marks a cut."""
    words = " ".join(text[: 8 * EXCERPT].split())  # enough characters, even of combining marks
    if _width(words) <= EXCERPT and len(words) < 8 * EXCERPT - 8:
        return words
    kept, used = [], 0
    for char in words:
        used += _width(char)
        if used > EXCERPT - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def file_rows(file: FileReport) -> list[tuple[str, ...]]:
    """The rows of one document: (file, lines, found, first occurrence, excerpt)."""
    name = document_name(file)
    rows: list[tuple[str, ...]] = []
    for located in file.findings:
        f = located.finding
        first = span(f.source_line_start, f.source_line_end)
        if f.source_document is not None:
            first = f"{f.source_document}:{first}"
        found = "exact" if f.kind == "exact" else f"near {f.score:.2f}"
        rows.append((name, span(f.line_start, f.line_end), found, first, _excerpt(file.original[f.start : f.end])))
    for change in file.fixes:
        what = "+".join(change.fixes) if len(change.fixes) > 1 else change.fix
        found = f"fix {what} (-{change.removed} +{change.added})"
        rows.append((name, span(change.line_start, change.line_end), found, "", _excerpt(file.original[change.start : change.end])))
    if file.empty:
        rows.append((name, "", "empty after cleaning", "", ""))
    if file.duplicate_of is not None:
        rows.append((name, "", f"near-duplicate {file.duplicate_similarity:.2f}", file.duplicate_of, ""))
    return rows


def _width(cell: str) -> int:
    # display_width ignores trailing whitespace, which a file name may end in.
    return display_width(cell + ".") - 1


def render_table(report: Report) -> str:
    """The table, or nothing when there is nothing to show.

    Example:
        >>> render_table(Report())
        ''
        >>> file = FileReport("a.txt", "", "", 10, 10, (), empty=True)
        >>> print(render_table(Report(files=[file])), end="")
        ┌───────┬───────┬──────────────────────┬──────────────────┐
        │ file  │ lines │ found                │ first occurrence │
        ├───────┼───────┼──────────────────────┼──────────────────┤
        │ a.txt │       │ empty after cleaning │                  │
        └───────┴───────┴──────────────────────┴──────────────────┘
    """
    rows = [tuple(shown(cell) for cell in row) for file in report.files for row in file_rows(file)]
    if not rows:
        return ""
    header: tuple[str, ...] = HEADER
    if not any(row[-1] for row in rows):  # no texts held (or only whitespace changed): no excerpts
        header, rows = header[:-1], [row[:-1] for row in rows]
    widths = [max(_width(row[k]) for row in [header, *rows]) for k in range(len(header))]

    def rule(left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * (width + 2) for width in widths) + right + "\n"

    def line(cells: tuple[str, ...]) -> str:
        return "│" + "│".join(f" {cell}{' ' * (width - _width(cell))} " for cell, width in zip(cells, widths)) + "│\n"

    body = "".join(line(row) for row in rows)
    return rule("┌", "┬", "┐") + line(header) + rule("├", "┼", "┤") + body + rule("└", "┴", "┘")
