"""``dedup clean``: remove repeated runs."""

from __future__ import annotations

import contextlib
import os
import time

import dedup.cli.reporting as reporting
import dedup.cli.run_options as run_options
import dedup.cli.running as running
from dedup.cli.commands import Given, command
from dedup.cli.output import EXIT_HELP, fail, write_stdout
from dedup.cli.settings import start
from dedup.options import CLEAN
from dedup.report.model import FileReport
from dedup.sources import STDIN
from dedup.storage import is_url, local, refuse_in_place


@command(CLEAN, epilog=EXIT_HELP)
def clean(given: Given) -> None:
    """Remove repeated runs. One input: the cleaned text goes to stdout."""
    from dedup.cli.inputs import check_stores
    from dedup.cli.inputs import inputs as checked_inputs
    from dedup.cli.report_target import report_format

    out = start(given)
    in_place, diff, output_dir, report = given["in_place"], given["diff"], given["output_dir"], given["report"]
    output_dir, report = (local(p) if p is not None else None for p in (output_dir, report))  # file://PATH: PATH
    fmt = report_format(given, out)
    if output_dir is not None and report is None:
        from dedup.report.formats import SUFFIXES

        report = os.path.join(output_dir, f"dedup-report{SUFFIXES[fmt]}")
    inputs = checked_inputs(given.paths, {"--report": report}, out)
    if in_place and diff:
        fail(out, "--in-place and --diff exclude each other")
    check_stores([output_dir, report], out)
    if output_dir is not None and (in_place or diff):
        fail(out, "-o/--output-dir excludes -i/--in-place and --diff")
    to_stdout = not in_place and not diff and output_dir is None
    if in_place and STDIN in inputs:
        fail(out, "-i/--in-place needs files, not standard input")
    if in_place and (url := next((p for p in inputs if is_url(p)), None)):
        fail(out, str(refuse_in_place(url)))
    if report == STDIN and (to_stdout or diff):
        fail(out, "--report - would mix the report into the text on stdout; give it a path")
    options = run_options.options(given, inputs, out, in_place=in_place, output_dir=output_dir)
    options = run_options.with_keep(options, (["diff"] if diff else []) + ([fmt] if report is not None else []))
    if given["executor"] == "dask" and to_stdout:
        fail(out, "--executor dask writes files, not stdout: give -o DIR (or -i, or --diff)")
    if to_stdout:
        from dedup.corpus.walk import expand
        from dedup.inputs import shard_format

        expanded = expand(inputs, options.selection)
        if len(expanded) > 1 and not all(shard_format(p) for p in expanded):
            fail(out, "several inputs: use -i/--in-place to rewrite them, --diff, or dedup check")
        written = [(p, f) for p in expanded if (f := shard_format(p)) is not None and not f.line_oriented]
        if written:  # a columnar shard's pieces are rows, not its bytes
            fail(out, f"{written[0][0]}: a {written[0][1].name} shard is not written to stdout: give -o DIR or -i")

    def on_output(file: FileReport | None, cleaned: bytes) -> None:
        if to_stdout:
            write_stdout(cleaned)
        elif in_place and file is not None and file.changed and file.document is None:
            out.info(f"rewrote {file.path}: removed {len(file.findings)} run(s), {file.bytes_removed} bytes")
        elif in_place and file is not None and file.document is None:
            out.detail(f"{file.path}: clean")

    stream = None if diff else reporting.stream(fmt, report)  # --diff reads the whole report
    started = time.perf_counter()
    jobs = options.jobs if given["jobs"] is not None else None
    with stream or contextlib.nullcontext():  # a streamed report is dropped on an error or Ctrl-C
        with running.cluster(given["executor"], given["scheduler"], jobs, inputs, options, out) as client, running.progress(out) as progress:
            result = running.execute(client, inputs, options, on_output, progress, stream)
        out.detail(reporting.speed(result, time.perf_counter() - started))
        unwritten = reporting.emit(result, "diff", STDIN) if diff else []
        if output_dir is not None and given["report"] is None and not is_url(output_dir):
            unwritten += reporting.make_folder_for(report)  # (DIR is made by its first copy: none if every input failed)
        unwritten = unwritten or reporting.emit(result, fmt, report, stream)
    reporting.finish(result, out, found_fails=diff, done="cleaned", verb="would be removed" if diff else "removed",
                     unwritten=unwritten)
