"""A unified diff of what cleaning changes, without timestamps (like ``ruff --diff``),
with the ``\\ No newline at end of file`` marker where a side lacks a final newline.

Its lines are written in the file's own encoding (:func:`diff_bytes`), as the cleaned
text is, so that ``patch`` applied to the file gives what ``dedup clean`` writes; the
file names in the headers are UTF-8, as every report's. A UTF-16 or UTF-32 file's diff
is UTF-8 (a byte order mark on every line would be no diff).
"""

from __future__ import annotations

import codecs
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
    name = file.path + ("\t" if " " in file.path else "")  # (as git writes a name with a space, for patch)
    for line in difflib.unified_diff(split_lines(file.original), split_lines(file.cleaned), name, name):
        if line.startswith(("---", "+++")) and not line.endswith("\n"):
            line += "\n"
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)


def render_diff(report: Report) -> str:
    return "".join(file_diff(f) for f in report.files)


def diff_bytes(report: Report) -> bytes:
    r"""The diff as bytes: each file's lines in its encoding (its two header lines, the
    file's name, in UTF-8).

    >>> from dedup.report.model import FileReport
    >>> diff_bytes(Report([FileReport("a.txt", "h\u00e9\ny\n", "h\u00e9\n", 4, 3, (), encoding="latin-1")]))
    b'--- a.txt\n+++ a.txt\n@@ -1,2 +1 @@\n h\xe9\n-y\n'
    """
    from dedup.report.formats import encode_report

    out = []
    for file in report.files:
        text = file_diff(file)
        if not text:
            continue
        codec = file.encoding if _byte_wise(file.encoding) else "utf-8"
        first, second, body = text.split("\n", 2)  # the two header lines, the hunks
        out.append(encode_report(f"{first}\n{second}\n"))
        out.append(body.encode(codec) if codec != "utf-8" else encode_report(body))
    return b"".join(out)


def _byte_wise(encoding: str) -> bool:
    """Whether ``encoding`` writes a line break and ASCII as themselves (so lines of its
    bytes are lines of a diff)."""
    try:
        return codecs.encode("a\n", encoding) == b"a\n"
    except (LookupError, ValueError):
        return False
