"""Which format a report is written in: ``--format``, else what ``--report``'s file
name says (``--report out.html`` writes HTML); a name that says another format than
the one given is refused, not silently written in the wrong one."""

from __future__ import annotations

import os

from dedup.cli.commands import Given
from dedup.cli.output import Out, fail
from dedup.report.formats import FORMATS, OTHER_SUFFIXES, SUFFIXES
from dedup.sources import STDIN


def named_format(path: str) -> str | None:
    """The format a report file's name says, or None (no suffix of a format).

    >>> named_format("out/report.HTML"), named_format("findings.sarif"), named_format("notes.md")
    ('html', 'sarif', None)
    """
    suffix = os.path.splitext(path)[1].lower()
    return next((fmt for fmt in FORMATS if SUFFIXES[fmt] == suffix), None) or next(
        (fmt for fmt in FORMATS if suffix in OTHER_SUFFIXES.get(fmt, ())), None
    )


def fits(fmt: str, path: str) -> bool:
    suffix = os.path.splitext(path)[1].lower()
    return suffix in (SUFFIXES[fmt], *OTHER_SUFFIXES.get(fmt, ()))


def report_format(given: Given, out: Out) -> str:
    """The report's format: as given (command line or settings file), else as the
    ``--report`` file's name says, else the command's default."""
    fmt: str = given["format"]
    report = given.get("report")
    if report in (None, STDIN):
        return fmt
    named = named_format(report)
    if named is None:
        return fmt
    if not (given.given("format") or given.from_file("format")):
        return named
    if not fits(fmt, report):
        fail(out, f"--report {report} names a {named} file, but the format is {fmt}: give --format {named}, or a name ending in {SUFFIXES[fmt]}")
    return fmt
