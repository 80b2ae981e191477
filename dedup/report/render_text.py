"""Plain text: one line per removed run, ``path:lines: repeat of lines ...``."""

from __future__ import annotations

from dedup.report.model import FileReport, Located, Report


def span(start: int, end: int) -> str:
    """``12`` or ``12-21``."""
    return str(start) if start == end else f"{start}-{end}"


def describe(located: Located) -> str:
    f = located.finding
    similarity = "exact" if f.kind == "exact" else f"near, similarity {f.score:.2f}"
    plural = "s" if f.paragraphs != 1 else ""
    where = "line" if f.source_line_start == f.source_line_end else "lines"
    if f.source_document is not None:
        where = f"{f.source_document} {where}"
    return (
        f"repeat of {where} {span(f.source_line_start, f.source_line_end)} "
        f"({similarity}, {f.paragraphs} paragraph{plural}, {located.byte_end - located.byte_start} bytes)"
    )


def finding_lines(file: FileReport) -> list[str]:
    name = file.path if file.document is None else f"{file.path}[{file.document}]"
    lines = [f"{name}:{span(loc.finding.line_start, loc.finding.line_end)}: {describe(loc)}" for loc in file.findings]
    for change in file.fixes:
        what = "+".join(change.fixes) if len(change.fixes) > 1 else change.fix
        lines.append(
            f"{name}:{span(change.line_start, change.line_end)}: fix {what} "
            f"({change.removed} characters removed, {change.added} added)"
        )
    if file.empty:
        lines.append(f"{name}: empty after cleaning")
    if file.duplicate_of is not None:
        lines.append(f"{name}: near-duplicate of {file.duplicate_of} (similarity {file.duplicate_similarity:.2f})")
    return lines


def render_text(report: Report) -> str:
    """Every finding of every file, one per line.

    Example:
        >>> render_text(Report())
        ''
    """
    return "".join(line + "\n" for file in report.files for line in finding_lines(file))


def summary(report: Report, *, done: str = "checked", verb: str = "removed") -> str:
    """One line for the end of a run, e.g. ``2 files, 1 with repeats: 3 runs, 512 bytes removed``."""
    totals = report.totals()
    files = totals.documents
    noun = "document" if totals.shard_documents else "file"
    noun += "" if files == 1 else "s"
    if not totals.changed:
        text = f"{files} {noun} {done}, no repeats found"
    else:
        runs, fixes = totals.runs, totals.fixes
        if fixes:
            text = (
                f"{files} {noun} {done}, {totals.changed} changed: {runs} run{'s' if runs != 1 else ''} "
                f"and {fixes} fix{'es' if fixes != 1 else ''}, {totals.bytes_removed} bytes {verb}"
            )
        else:
            text = (
                f"{files} {noun} {done}, {totals.changed} with repeats: "
                f"{runs} run{'s' if runs != 1 else ''}, {totals.bytes_removed} bytes {verb}"
            )
    if totals.duplicates:
        count = totals.duplicates
        text += f"; {count} near-duplicate document{'s' if count != 1 else ''} in {len(report.clusters)} cluster(s)"
    if report.errors:
        text += f"; {len(report.errors)} input{'s' if len(report.errors) != 1 else ''} failed"
    return text
