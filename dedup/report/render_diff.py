"""A unified diff of what cleaning changes, without timestamps (like ``ruff --diff``),
with the ``\\ No newline at end of file`` marker where a side lacks a final newline."""

from __future__ import annotations

import difflib

from dedup.report.model import FileReport, Report
from dedup.text.layout import split_lines

NO_NEWLINE = "\\ No newline at end of file\n"


def file_diff(file: FileReport) -> str:
    """The diff of one file; empty when nothing changed.

    Example:
        >>> from dedup.report.model import FileReport
        >>> print(file_diff(FileReport("a.txt", "x\\ny\\n", "x\\n", 4, 2, ())), end="")
        --- a.txt
        +++ a.txt
        @@ -1,2 +1 @@
         x
        -y
    """
    if file.original == file.cleaned:
        return ""
    out = []
    for line in difflib.unified_diff(
        split_lines(file.original), split_lines(file.cleaned), file.path, file.path
    ):
        if line.startswith(("---", "+++")) and not line.endswith("\n"):
            line += "\n"
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)


def render_diff(report: Report) -> str:
    return "".join(file_diff(f) for f in report.files)
