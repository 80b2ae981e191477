"""``dedup check``: report repeated runs and change nothing."""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import replace

import dedup.cli.reporting as reporting
import dedup.cli.run_options as run_options
import dedup.cli.running as running
from dedup.cli.commands import Given, command
from dedup.cli.output import EXIT_HELP, Exit, colour
from dedup.cli.settings import start
from dedup.errors import DedupError
from dedup.options import CHECK
from dedup.report.model import FileReport
from dedup.sources import STDIN
from dedup.storage import local


@command(CHECK, epilog=EXIT_HELP)
def check(given: Given) -> None:
    """Report repeated runs and change nothing; exit 1 if any would be removed."""
    from dedup.cli.inputs import check_stores
    from dedup.cli.inputs import inputs as checked_inputs
    from dedup.cli.report_target import report_format

    out = start(given)
    report, baseline, write_baseline = given["report"], given["baseline"], given["write_baseline"]
    report = local(report) if report is not None else None  # file://PATH: PATH
    fmt = report_format(given, out)
    inputs = checked_inputs(given.paths, {"--report": report, "--write-baseline": write_baseline}, out)
    check_stores([report], out)
    options = run_options.options(given, inputs, out)
    lines = report is None and fmt == "text" and sys.stdout.isatty()  # shown with names escaped
    whole = baseline is not None or write_baseline is not None  # a baseline reads the whole report
    options = run_options.with_keep(options, [] if write_baseline is not None else [fmt], texts=whole)
    options = replace(options, writes=False)

    def on_output(file: FileReport | None, cleaned: bytes) -> None:
        if file is not None and not file.changed and file.document is None:
            out.detail(f"{file.path}: clean")

    stream = None if whole else reporting.stream(fmt, report or STDIN)
    started = time.perf_counter()
    jobs = options.jobs if given["jobs"] is not None else None
    with stream or contextlib.nullcontext():  # a streamed report is dropped on an error or Ctrl-C
        with running.cluster(given["executor"], given["scheduler"], jobs, inputs, options, out) as client, running.progress(out) as progress:
            result = running.execute(client, inputs, options, on_output, progress, stream)
        out.detail(reporting.speed(result, time.perf_counter() - started))
        unwritten = reporting.emit(result, fmt, report or STDIN, stream) if stream is not None else []
    if write_baseline is not None:
        from dedup.atomic import write_atomic
        from dedup.report.baseline import write_baseline as baseline_text

        try:
            write_atomic(write_baseline, baseline_text(result).encode("utf-8"))
            out.info(f"wrote {write_baseline}: {result.runs} finding(s) accepted")
        except DedupError as error:  # said after the inputs' own errors, which it would hide
            unwritten.append(str(error))
        reporting.say_problems(result, out, unwritten)
        raise Exit(reporting.outcome(result, found_fails=False, unwritten=unwritten))
    if baseline is not None:
        from dedup.report.baseline import read_baseline, without_baseline

        result, accepted = without_baseline(result, read_baseline(baseline))
        if accepted:
            out.info(f"{accepted} finding(s) accepted by {baseline}")
    if lines:
        from dedup.report.render_text import show_lines as show_findings  # plain lines, names escaped

        show_findings(result, sys.stdout, colour(given["color"], sys.stdout))
    elif stream is None:
        unwritten += reporting.emit(result, fmt, report or STDIN)
    reporting.finish(result, out, found_fails=True, done="checked", verb="would be removed", always=True, unwritten=unwritten)
