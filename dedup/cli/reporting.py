"""The report of a run: written to its target (streamed where the format allows),
summed up on stderr, and turned into the exit code (:func:`outcome`, the one place)."""

from __future__ import annotations

import os
from typing import Any, NoReturn

from dedup.cli.output import EXIT_ERROR, EXIT_FOUND, EXIT_OK, Exit, Out, fail, write_stdout
from dedup.errors import DedupError
from dedup.report.model import Report
from dedup.sources import STDIN
from dedup.storage import is_url


def outcome(report: Report, *, found_fails: bool) -> int:
    """The exit code of a run: 2 if an input failed, else 1 if ``found_fails`` and
    something was found (a repeat or a near-duplicate document), else 0."""
    if report.errors:
        return EXIT_ERROR
    totals = report.totals()
    return EXIT_FOUND if found_fails and bool(totals.changed or totals.duplicates) else EXIT_OK


def stream(fmt: str, target: str | None) -> Any:
    """A writer of the report that takes each document as the run lists it (a
    :class:`dedup.report.stream.StreamedReport`), for a format that can be written so;
    else None."""
    from dedup.report.formats import REPORT_FORMATS

    if target is None or not REPORT_FORMATS[fmt].streamable:  # as layout() says, without loading it
        return None
    from dedup.report.stream import Spool, StreamedReport, layout

    pieces = layout(fmt)
    if pieces is None:
        return None
    if target == STDIN:
        return StreamedReport(pieces, lambda: Spool(write_stdout))
    if is_url(target):
        from dedup.storage import RemoteFile

        return StreamedReport(pieces, lambda: RemoteFile(target))
    from dedup.atomic import AtomicFile, sweep

    def open_file() -> AtomicFile:
        sweep(os.path.realpath(target))  # what a killed run left beside it
        return AtomicFile(target)

    return StreamedReport(pieces, open_file)


def emit(report: Report, fmt: str, target: str | None, out: Out, streamed: Any = None) -> None:
    """Write the report to ``target``: through ``streamed`` if it was the run's sink,
    else rendered now (still one document at a time where the format allows)."""
    if target is None:
        return
    streamed = streamed or stream(fmt, target)
    if streamed is not None:
        try:
            streamed.finish(report)
        except DedupError as error:
            fail(out, str(error))
        return
    from dedup.report.formats import RENDERERS, encode_report

    data = encode_report(RENDERERS[fmt](report))  # a lone surrogate (a JSONL id, say) as \udXXX
    if target == STDIN:
        write_stdout(data)
        return
    from dedup.atomic import write_atomic
    from dedup.storage import write_bytes

    try:
        (write_bytes if is_url(target) else write_atomic)(target, data)
    except DedupError as error:
        fail(out, str(error))


def finish(report: Report, out: Out, *, found_fails: bool, done: str, verb: str, always: bool = False) -> NoReturn:
    """Say what went wrong and what was found on stderr, and end with the run's exit code.

    The summary line is said for several inputs, a change, ``-v``, or ``always``
    (``check``: one clean file says "1 file checked, no repeats found" as two do)."""
    from dedup.report.render_text import summary

    for _path, message in report.skipped:
        out.info(f"dedup: note: {message}")
    for _path, message in report.errors:
        out.error(message)
    totals = report.totals()
    if (always and totals.documents and not report.errors) or totals.documents + len(report.errors) > 1 or totals.changed or out.verbose:
        out.info(summary(report, done=done, verb=verb))
    raise Exit(outcome(report, found_fails=found_fails))


def speed(report: Report, seconds: float) -> str:
    """Time and throughput, with what was removed within and across documents."""
    totals = report.totals()
    size, documents = totals.bytes_in, totals.documents
    return (
        f"{documents} document{'' if documents == 1 else 's'}, {size / 1e6:.1f} MB in {seconds:.2f} s "
        f"({size / 1e6 / max(seconds, 1e-9):.1f} MB/s); "
        f"runs removed: {totals.runs - totals.across} within documents, {totals.across} across documents"
    )
