"""Plain text: one line per removed run, ``path:lines: repeat of lines ...``.

The same lines at a terminal as in a file or a pipe, never cut or folded, so that
terminals and editors make ``path:line`` clickable (as ruff, grep and rg print
them); at a terminal only the control characters of names are shown escaped
(:func:`show_lines`). The table is a format of its own (:mod:`render_table`).
"""

from __future__ import annotations

from typing import TextIO

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


def document_name(file: FileReport) -> str:
    """``path``, or ``path[id]`` for a document of a JSONL shard."""
    return file.path if file.document is None else f"{file.path}[{file.document}]"


def _tails(file: FileReport) -> list[str]:
    """What follows the document's name on each of its lines."""
    tails = [f":{span(loc.finding.line_start, loc.finding.line_end)}: {describe(loc)}" for loc in file.findings]
    for change in file.fixes:
        what = "+".join(change.fixes) if len(change.fixes) > 1 else change.fix
        tails.append(
            f":{span(change.line_start, change.line_end)}: fix {what} "
            f"({change.counts})"
        )
    if file.empty:
        tails.append(": empty after cleaning")
    if file.duplicate_of is not None:
        tails.append(f": near-duplicate of {file.duplicate_of} (similarity {file.duplicate_similarity:.2f})")
    return tails


def finding_lines(file: FileReport) -> list[str]:
    name = document_name(file)
    return [name + tail for tail in _tails(file)]


def render_text(report: Report) -> str:
    """Every finding of every file, one per line.

    Example:
        >>> render_text(Report())
        ''
    """
    return "".join(line + "\n" for file in report.files for line in finding_lines(file))


def show_lines(report: Report, stream: TextIO, color: bool) -> None:
    """``check`` at a terminal: the lines :func:`render_text` gives, with the
    control characters of names, ids and quoted words shown escaped (raw, they would
    act on the terminal; see :mod:`dedup.display`), and with ``color`` each
    document's name in bold.

    Example:
        >>> import io
        >>> from dedup.report.model import FileReport
        >>> file = FileReport("a\\x1b[2J.txt", "", "", 0, 0, (), empty=True)
        >>> out = io.StringIO()
        >>> show_lines(Report(files=[file]), out, color=False)
        >>> out.getvalue()
        'a\\\\x1b[2J.txt: empty after cleaning\\n'
    """
    from dedup.display import shown

    bold, plain = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    for file in report.files:
        name = f"{bold}{shown(document_name(file))}{plain}"
        stream.write("".join(f"{name}{shown(tail)}\n" for tail in _tails(file)))


def summary(report: Report, *, done: str = "checked", verb: str = "removed") -> str:
    """One line for the end of a run, e.g. ``2 files, 1 with repeats: 3 runs, 512 bytes removed``."""
    totals = report.totals()
    files = totals.documents
    noun = "document" if totals.shard_documents else "file"
    noun += "" if files == 1 else "s"
    if not totals.changed:
        text = f"{files} {noun} {done}, no repeats found"
    else:
        runs, fixes, emptied = totals.runs, totals.fixes, totals.emptied
        if fixes or emptied:
            dropped = f" and {emptied} empty document{'s' if emptied != 1 else ''} dropped" if emptied else ""
            text = (
                f"{files} {noun} {done}, {totals.changed} changed: {runs} run{'s' if runs != 1 else ''} "
                f"and {fixes} fix{'es' if fixes != 1 else ''}{dropped}, {totals.bytes_removed} bytes {verb}"
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
