"""The report of a run: written to its target (streamed where the format allows),
summed up on stderr, and turned into the exit code (:func:`outcome`, the one place)."""

from __future__ import annotations

import os
from typing import Any, NoReturn

from dedup.cli.output import EXIT_ERROR, EXIT_FOUND, EXIT_OK, Exit, Out, write_stdout
from dedup.errors import DedupError
from dedup.report.model import Report
from dedup.sources import STDIN
from dedup.storage import is_url


def outcome(report: Report, *, found_fails: bool, unwritten: list[str] | None = None) -> int:
    """The exit code of a run: 2 if an input failed or an output (``unwritten``)
    could not be written, else 1 if ``found_fails`` and something was found (a repeat
    or a near-duplicate document), else 0."""
    if report.errors or unwritten:
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


def emit(report: Report, fmt: str, target: str | None, streamed: Any = None) -> list[str]:
    """Write the report to ``target``: through ``streamed`` if it was the run's sink,
    else rendered now (still one document at a time where the format allows). A
    report that cannot be written is said by :func:`finish`, after the inputs' own
    errors (which failing here would hide): returned, as a list of its one message."""
    if target is None:
        return []
    try:
        _emit(report, fmt, target, streamed)
    except DedupError as error:
        return [str(error)]
    return []


def _emit(report: Report, fmt: str, target: str, streamed: Any) -> None:
    streamed = streamed or stream(fmt, target)
    if streamed is not None:
        streamed.finish(report)
        return
    from dedup.report.formats import RENDERERS, encode_report

    if fmt == "diff":  # in each file's encoding, as its cleaned text
        from dedup.report.render_diff import diff_bytes

        data = diff_bytes(report)
    else:
        data = encode_report(RENDERERS[fmt](report))  # a lone surrogate (a JSONL id, say) as \udXXX
    if target == STDIN:
        write_stdout(data)
        return
    from dedup.atomic import write_atomic
    from dedup.storage import write_bytes

    (write_bytes if is_url(target) else write_atomic)(target, data)


def make_folder_for(target: str | None) -> list[str]:
    """Create the folder the report file ``target`` goes in (``-o DIR``'s own
    report); what stops it, as :func:`emit` says it."""
    from dedup.corpus.outputs import make_folder

    if target is not None and target != STDIN:
        try:
            make_folder(target)
        except DedupError as error:
            return [str(error)]
    return []


def say_problems(report: Report, out: Out, unwritten: list[str]) -> None:
    """What went wrong and what was passed over, on stderr: the inputs' errors,
    then the outputs that could not be written."""
    for _path, message in report.skipped:
        out.info(f"dedup: note: {message}")
    for _path, message in report.errors:
        out.error(message)
    for message in unwritten:
        out.error(message)


def finish(
    report: Report, out: Out, *, found_fails: bool, done: str, verb: str, always: bool = False, unwritten: list[str] | None = None
) -> NoReturn:
    """Say what went wrong and what was found on stderr, and end with the run's exit
    code (2 if a report in ``unwritten`` could not be written).

    The summary line is said for several inputs, a change, ``-v``, or ``always``
    (``check``: one clean file says "1 file checked, no repeats found" as two do)."""
    from dedup.report.render_text import summary

    unwritten = unwritten or []
    say_problems(report, out, unwritten)
    totals = report.totals()
    if (always and totals.documents and not report.errors) or totals.documents + len(report.errors) > 1 or totals.changed or out.verbose:
        out.info(summary(report, done=done, verb=verb))
    raise Exit(outcome(report, found_fails=found_fails, unwritten=unwritten))


def speed(report: Report, seconds: float) -> str:
    """Time and throughput, with what was removed within and across documents."""
    totals = report.totals()
    size, documents = totals.bytes_in, totals.documents
    return (
        f"{documents} document{'' if documents == 1 else 's'}, {size / 1e6:.1f} MB in {seconds:.2f} s "
        f"({size / 1e6 / max(seconds, 1e-9):.1f} MB/s); "
        f"runs removed: {totals.runs - totals.across} within documents, {totals.across} across documents"
    )
