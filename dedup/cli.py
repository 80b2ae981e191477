"""The ``dedup`` command: parse, call the library, render, map the outcome to an exit code.

Exit codes: 0 success (nothing found, or cleaned as asked); 1 repeats found (``check``,
``clean --diff``); 2 usage, input or I/O error (after the other inputs were still
processed); 130 interrupted; 141 the reader of stdout went away; 143 terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Annotated, Any, NoReturn, Optional

import typer

from dedup.batch import Options, run
from dedup.config import Config
from dedup.display import shown
from dedup.errors import DedupError
from dedup.interrupts import ending, received
from dedup.report.model import FileReport, Report
from dedup.sources import MAX_DOCUMENT_SIZE, STDIN

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 0, 1, 2, 130, 141, 143
_INTERRUPTED_SAID = False  # the one line for Ctrl-C (or SIGTERM) has been written

EXIT_HELP = (
    "Exit codes: 0 success or nothing found; 1 repeats found (check, clean --diff); "
    "2 usage, input or I/O error; 130 interrupted; 141 stdout closed early; 143 terminated."
)

app = typer.Typer(
    name="dedup",
    help="Find repeated and near-repeated blocks of text, remove them, and say what was removed.\n\n"
    + EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    diff = "diff"
    sarif = "sarif"
    github = "github"
    html = "html"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class UnitChoice(str, Enum):
    auto = "auto"
    paragraph = "paragraph"
    line = "line"


class SyntaxChoice(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    rst = "rst"


class Scope(str, Enum):
    document = "document"
    corpus = "corpus"


class ExecutorChoice(str, Enum):
    local = "local"
    dask = "dask"


class OnErrorChoice(str, Enum):
    fail = "fail"
    skip = "skip"


class InputFormatChoice(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


class _Out:
    """Diagnostics on stderr, coloured only where that is wanted."""

    def __init__(self, color: Color, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose
        if color is Color.auto:
            self.color = (
                not os.environ.get("NO_COLOR") and (bool(os.environ.get("FORCE_COLOR")) or sys.stderr.isatty())
            )
        else:
            self.color = color is Color.always

    def _say(self, text: str, style: str) -> None:
        text = shown(text)  # names and quoted input: no escape sequence reaches the terminal
        if self.color:
            text = f"\x1b[{style}m{text}\x1b[0m"
        sys.stderr.write(text + "\n")

    def error(self, message: str) -> None:
        self._say(f"dedup: error: {message}", "31")

    def warn(self, message: str) -> None:
        self._say(f"dedup: warning: {message}", "33")

    def info(self, message: str) -> None:
        if not self.quiet:
            self._say(message, "2")

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self._say(message, "2")


def _fail(out: _Out, message: str, code: int = EXIT_ERROR) -> NoReturn:
    out.error(message)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        from dedup.report.render_json import _tool_version

        sys.stdout.write(f"dedup {_tool_version()}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find repeated and near-repeated blocks of text, remove them, and say what was removed."""


Paths = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer reads this annotation at run time
    typer.Argument(
        help="Files, folders (walked) or JSONL shards; none or '-' reads standard input.",
        show_default=False,
        metavar="PATH...",
    ),
]
Threshold = Annotated[
    float,
    typer.Option(
        min=0.0, max=1.0, help="Similarity (1 - edits/length), above 0 and at most 1, at which paragraphs match."
    ),
]
MinChars = Annotated[int, typer.Option(min=0, help="Smallest run removed, in normalised characters.")]
UnitOpt = Annotated[UnitChoice, typer.Option(help="Paragraphs: decide per block, whole blocks, or lines.")]
WrapWidth = Annotated[int, typer.Option(min=1, help="Widest line (display columns) of a wrapped paragraph.")]
SyntaxOpt = Annotated[
    SyntaxChoice, typer.Option(help="Structure to keep whole (code, tables, lists); auto: by file name (.md, .rst).")
]
Encoding = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(metavar="CODEC", help="Read inputs in this encoding instead of UTF-8 (written back the same)."),
]
ReportTo = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--report", metavar="PATH", help="Write the report to this path ('-' for stdout).", show_default=False
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="Report format.")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="Print nothing on stderr but errors.")]
Verbose = Annotated[bool, typer.Option("-v", "--verbose", help="Also say which files are clean.")]
ColorOpt = Annotated[Color, typer.Option(help="Colour diagnostics; NO_COLOR turns it off in auto.")]
ScopeOpt = Annotated[
    Scope, typer.Option(help="document: each document alone; corpus: also repeats of earlier documents.")
]
Jobs = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("-j", "--jobs", help="Processes to use, at most the cores here (default: all cores for large inputs).", show_default=False),
]
Include = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(metavar="GLOB", help="In folders, take only files matching this glob (repeatable).", show_default=False),
]
Exclude = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(metavar="GLOB", help="In folders, skip files matching this glob (repeatable).", show_default=False),
]
KeepPattern = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        metavar="REGEX", help="Never remove a paragraph matching this regular expression (repeatable).", show_default=False
    ),
]
TextKey = Annotated[str, typer.Option(help="JSONL: the key holding each document's text.")]
IdKey = Annotated[str, typer.Option(help="JSONL: the key holding each document's id (else PATH:LINE).")]
OnError = Annotated[OnErrorChoice, typer.Option(help="JSONL: a malformed line fails the shard, or is skipped.")]
InputFormat = Annotated[InputFormatChoice, typer.Option(help="Read standard input as text or JSONL.")]
MaxDocumentSize = Annotated[
    int,
    typer.Option(
        min=1, metavar="BYTES", help="Largest document, a file or a JSONL line (default 64 MiB); a larger one is bad input."
    ),
]
ConfigPath = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--config", metavar="PATH", help="Read settings from this TOML file.", show_default=False),
]
Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore settings files.")]
FixOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--fix",
        metavar="PASS",
        help="Also apply a cleaning pass (repeatable): unicode, invisible, nfc, nfkc, trailing-space, "
        "blank-lines, line-endings=lf|crlf, empty-docs.",
        show_default=False,
    ),
]
IndexPath = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--index",
        metavar="PATH",
        help="Corpus scope against a SQLite index of the whole corpus (default: .dedup/index.sqlite if built).",
        show_default=False,
    ),
]
ExecutorOpt = Annotated[
    ExecutorChoice,
    typer.Option(
        "--executor",
        help="local: processes on this machine; dask: a Dask cluster (--scheduler, else a LocalCluster of -j workers here); "
        "the same results either way.",
    ),
]
SchedulerOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        envvar="DASK_SCHEDULER_ADDRESS",
        help="With --executor dask: the Dask scheduler to use (tcp://host:8786).",
        show_default=False,
    ),
]
NearDocs = Annotated[
    bool, typer.Option("--near-duplicate-docs", help="Also report documents that are near copies of an earlier one.")
]
DocsOnly = Annotated[
    bool,
    typer.Option(
        "--documents-only",
        help="Look for near-duplicate documents only; leave paragraphs alone.",
    ),
]
DocThreshold = Annotated[
    float, typer.Option(min=0.0, max=1.0, help="Estimated Jaccard similarity of 5-character shingles for near-duplicate documents.")
]


def _inputs(paths: list[str] | None, report: str | None, out: _Out) -> list[str]:
    paths = paths or [STDIN]
    if paths.count(STDIN) > 1:
        _fail(out, "'-' (standard input) given more than once")
    if STDIN in paths:
        if sys.stdin is None:
            _fail(out, "standard input is closed")
        if sys.stdin.isatty():
            _fail(out, "no input: give a file, or pipe text in (dedup clean - < file.txt)")
    if (
        report not in (None, STDIN)
        and os.path.exists(report)
        and any(path != STDIN and os.path.exists(path) and os.path.samefile(path, report) for path in paths)
    ):
        _fail(out, f"--report {report} is one of the inputs; give the report another path")
    return paths


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _write_stdout(data: bytes) -> None:
    """Write all of ``data``: a pipe may take only part of a large write at once."""
    try:
        sys.stdout.flush()
        view = memoryview(data)
        while view:
            written = sys.stdout.buffer.write(view)
            view = view[written or 0 :]
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:  # stdout on a full disk, say
        from dedup.errors import OutputError

        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """End on Ctrl-C with one line and 130; and when the reader of stdout goes away
    (``dedup clean big.txt | head``), quietly with 141 (128 + SIGPIPE, as a process
    killed by that signal reports), never with a traceback."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit cannot fail
            raise typer.Exit(EXIT_PIPE) from None
        except KeyboardInterrupt as stop:  # SIGTERM too (dedup.interrupts.Terminated)
            global _INTERRUPTED_SAID
            _INTERRUPTED_SAID = True
            word, code = ending(stop)
            sys.stderr.write(f"dedup: {word}\n")
            raise typer.Exit(code) from None
        except DedupError as error:  # one that stops the whole run (a bad index, say)
            sys.stderr.write(f"dedup: error: {shown(str(error))}\n")
            raise typer.Exit(EXIT_ERROR) from None

    return guarded


def _render(report: Report, fmt: Format) -> str:
    from dedup.report.formats import RENDERERS

    return RENDERERS[fmt.value](report)


def _report_stream(fmt: Format, target: str | None) -> Any:
    """A writer of the report that takes each document as the run lists it (a
    :class:`dedup.report.stream.StreamedReport`), for a format that can be written so;
    else None."""
    if target is None:
        return None
    from dedup.report.stream import Spool, StreamedReport, layout

    pieces = layout(fmt.value)
    if pieces is None:
        return None
    if target == STDIN:
        return StreamedReport(pieces, lambda: Spool(_write_stdout))
    from dedup.atomic import AtomicFile, sweep

    def open_file() -> AtomicFile:
        sweep(os.path.realpath(target))  # what a killed run left beside it
        return AtomicFile(target)

    return StreamedReport(pieces, open_file)


def _emit(report: Report, fmt: Format, target: str | None, out: _Out, stream: Any = None) -> None:
    """Write the report to ``target``: through ``stream`` if it was the run's sink,
    else rendered now (still one document at a time where the format allows)."""
    if target is None:
        return
    stream = stream or _report_stream(fmt, target)
    if stream is not None:
        try:
            stream.finish(report)
        except DedupError as error:
            _fail(out, str(error))
        return
    from dedup.report.stream import encode_report

    data = encode_report(_render(report, fmt))  # a lone surrogate (a JSONL id, say) as \udXXX
    if target == STDIN:
        _write_stdout(data)
        return
    from dedup.atomic import write_atomic

    try:
        write_atomic(target, data)
    except DedupError as error:
        _fail(out, str(error))


def _finish(report: Report, out: _Out, *, found: bool, done: str, verb: str) -> NoReturn:
    from dedup.report.render_text import summary

    for _path, message in report.skipped:
        out.info(f"dedup: note: {message}")
    for _path, message in report.errors:
        out.error(message)
    totals = report.totals()
    if totals.documents + len(report.errors) > 1 or totals.changed or out.verbose:
        out.info(summary(report, done=done, verb=verb))
    found = found and bool(totals.changed or totals.duplicates)
    raise typer.Exit(EXIT_ERROR if report.errors else EXIT_FOUND if found else EXIT_OK)


def _config(out: _Out, **options: object) -> Config:
    try:
        return Config().with_options(**options)
    except DedupError as error:
        _fail(out, str(error))


def _progress(out: _Out) -> Any:
    from dedup.terminal import Progress

    wanted = not out.quiet and not os.environ.get("PRE_COMMIT") and sys.stderr is not None and sys.stderr.isatty()
    return Progress(wanted)


def _speed(report: Report, seconds: float) -> str:
    """Time and throughput, with what was removed within and across documents."""
    totals = report.totals()
    size, documents = totals.bytes_in, totals.documents
    return (
        f"{documents} document{'' if documents == 1 else 's'}, {size / 1e6:.1f} MB in {seconds:.2f} s ({size / 1e6 / max(seconds, 1e-9):.1f} MB/s); "
        f"runs removed: {totals.runs - totals.across} within documents, {totals.across} across documents"
    )


def _fixes(names: list[str] | None, scope: str, out: _Out) -> tuple[Any, ...]:
    if not names:
        return ()
    from dedup.text.fixes import parse_fixes

    if scope == "corpus":
        _fail(out, "--fix works in document scope; run the passes and --scope corpus separately")
    try:
        return parse_fixes(names)
    except DedupError as error:
        _fail(out, str(error))


def _settings(ctx: typer.Context, given: dict[str, Any], paths: list[str], out: _Out) -> dict[str, Any]:
    """The options, with values from a settings file where the command line gave none."""
    from typer._click.core import ParameterSource

    from dedup.config_file import load

    try:
        found = load(paths, given.pop("config"), given.pop("isolated"))
    except DedupError as error:
        _fail(out, str(error))
    for warning in found.warnings:
        out.warn(warning)
    for key, value in found.values.items():
        name = "fmt" if key == "format" else key
        if name in given and ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
            current = given[name]
            if isinstance(current, Enum):  # a choice: check it as the command line would
                try:
                    value = type(current)(value)
                except ValueError:
                    choices = ", ".join(c.value for c in type(current))
                    _fail(out, f"{found.path}: {key} = {value!r} is not one of {choices}")
            if name == "jobs":
                value = _jobs(value, f"jobs = {value} in {found.path}", out)
            given[name] = value
    return given


def _jobs(jobs: int, asked_as: str, out: _Out) -> int:
    """``jobs``, refused below 1 and cut down to the cores here (with a line saying so)."""
    from dedup.jobs import checked_jobs

    try:
        return checked_jobs(jobs, asked_as, out.info)
    except DedupError as error:
        _fail(out, str(error))


def _options(given: dict[str, Any], paths: list[str], out: _Out, *, in_place: bool = False) -> Options:
    from dedup.corpus.executors import default_jobs
    from dedup.corpus.walk import Selection

    def value(name: str) -> Any:
        v = given[name]
        return v.value if isinstance(v, Enum) else v

    config = _config(
        out,
        threshold=value("threshold"),
        min_chars=value("min_chars"),
        unit=value("unit"),
        wrap_width=value("wrap_width"),
        syntax=value("syntax"),
        keep_patterns=tuple(value("keep_pattern") or ()),
    )
    scope, index = value("scope"), value("index")
    if index is not None:
        scope = "corpus"
    elif scope == "corpus":
        from dedup.corpus.index import default_index

        index = default_index(paths)
    jobs = value("jobs")
    if jobs is not None:  # what the command line asked (a settings file's value is checked already)
        jobs = given["jobs"] = _jobs(jobs, f"-j {jobs}", out)
    else:
        # Processes pay off for many documents; one plain file is one document, and a
        # pool would only copy it to a worker and back (twice the memory).
        from dedup.corpus.walk import is_jsonl

        size = sum(os.path.getsize(p) for p in paths if p != STDIN and os.path.isfile(p))
        several = len(paths) > 1 or any(os.path.isdir(p) or is_jsonl(p) for p in paths)
        jobs = default_jobs() if several and (size > 4_000_000 or any(os.path.isdir(p) for p in paths)) else 1
    return Options(
        config=config,
        encoding=value("encoding"),
        in_place=in_place,
        scope=scope,
        jobs=jobs,
        index=index,
        text_key=value("text_key"),
        id_key=value("id_key"),
        on_error=value("on_error"),
        input_format=value("input_format"),
        max_document_size=_positive(given.get("max_document_size", MAX_DOCUMENT_SIZE), "max-document-size", out),
        selection=Selection(include=tuple(value("include") or ()), exclude=tuple(value("exclude") or ())),
        near_duplicate_docs=value("near_duplicate_docs"),
        doc_threshold=value("doc_threshold"),
        drop_duplicate_docs=bool(given.get("drop_duplicate_docs")),
        documents_only=_documents_only(given, scope, out),
        fixes=_fixes(given.get("fix"), scope, out),
    )


def _positive(number: int, name: str, out: _Out) -> int:
    """A count the command line checks with ``min=1``, checked again for a settings file."""
    if number < 1:
        _fail(out, f"{name} = {number} must be at least 1")
    return number


def _documents_only(given: dict[str, Any], scope: str, out: _Out) -> bool:
    if not given.get("documents_only"):
        return False
    if not (given.get("near_duplicate_docs") or given.get("drop_duplicate_docs")):
        _fail(out, "--documents-only needs --near-duplicate-docs (or, for clean, --drop-duplicate-docs)")
    if scope == "corpus" or given.get("fix"):
        _fail(out, "--documents-only leaves paragraphs alone: it does not go with --scope corpus, --index or --fix")
    return True


def _with_keep(options: Options, formats: list[Format], *, texts: bool = False) -> Options:
    """The options with what the report must hold for these formats: counts only,
    unless a format lists documents (every one for json and html) or reads their
    texts (diff, sarif, html), so that memory does not grow with the corpus."""
    from dataclasses import replace

    from dedup.report.model import Keep

    unchanged = any(f in (Format.json, Format.html) for f in formats)
    texts = texts or any(f in (Format.diff, Format.sarif, Format.html) for f in formats)
    return replace(options, keep=Keep(unchanged=unchanged, changed=bool(formats) or texts, texts=texts))


@app.command(epilog=EXIT_HELP)
@_guarded
def clean(
    ctx: typer.Context,
    paths: Paths = None,
    in_place: Annotated[
        bool, typer.Option("-i", "--in-place", "--write", help="Rewrite each file atomically.")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff instead; change nothing.")] = False,
    output_dir: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "-o",
            "--output-dir",
            metavar="DIR",
            help="Write a cleaned copy of each input to DIR, under its name below the folder given "
            "(unchanged inputs are copied), and the report to DIR/dedup-report.FORMAT.",
            show_default=False,
        ),
    ] = None,
    threshold: Threshold = 0.90,
    min_chars: MinChars = 40,
    unit: UnitOpt = UnitChoice.auto,
    wrap_width: WrapWidth = 100,
    syntax: SyntaxOpt = SyntaxChoice.auto,
    keep_pattern: KeepPattern = None,
    scope: ScopeOpt = Scope.document,
    jobs: Jobs = None,
    executor: ExecutorOpt = ExecutorChoice.local,
    scheduler: SchedulerOpt = None,
    include: Include = None,
    exclude: Exclude = None,
    text_key: TextKey = "text",
    id_key: IdKey = "id",
    on_error: OnError = OnErrorChoice.fail,
    input_format: InputFormat = InputFormatChoice.auto,
    max_document_size: MaxDocumentSize = MAX_DOCUMENT_SIZE,
    near_duplicate_docs: NearDocs = False,
    documents_only: DocsOnly = False,
    doc_threshold: DocThreshold = 0.8,
    drop_duplicate_docs: Annotated[
        bool,
        typer.Option(
            "--drop-duplicate-docs", help="JSONL: leave out documents that are near copies of an earlier one."
        ),
    ] = False,
    fix: FixOpt = None,
    index: IndexPath = None,
    encoding: Encoding = None,
    report: ReportTo = None,
    fmt: FormatOpt = Format.json,
    config: ConfigPath = None,
    isolated: Isolated = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    color: ColorOpt = Color.auto,
) -> None:
    """Remove repeated runs. One input: the cleaned text goes to stdout."""
    out = _Out(color, quiet, verbose)
    given = _settings(ctx, dict(locals()), paths or [], out)
    fmt = given["fmt"]
    if output_dir is not None and report is None:
        report = os.path.join(output_dir, f"dedup-report.{'txt' if fmt in (Format.text, Format.github) else fmt.value}")
    inputs = _inputs(paths, report, out)
    if in_place and diff:
        _fail(out, "--in-place and --diff exclude each other")
    if output_dir is not None and (in_place or diff):
        _fail(out, "-o/--output-dir excludes -i/--in-place and --diff")
    to_stdout = not in_place and not diff and output_dir is None
    if in_place and STDIN in inputs:
        _fail(out, "-i/--in-place needs files, not standard input")
    if report == STDIN and (to_stdout or diff):
        _fail(out, "--report - would mix the report into the text on stdout; give it a path")
    options = _options(given, inputs, out, in_place=in_place)
    options = _with_keep(options, ([Format.diff] if diff else []) + ([fmt] if report is not None else []))
    if output_dir is not None:
        from dataclasses import replace

        options = replace(options, output_dir=output_dir)
    if executor is ExecutorChoice.dask and to_stdout:
        _fail(out, "--executor dask writes files, not stdout: give -o DIR (or -i, or --diff)")
    if to_stdout:
        from dedup.corpus.walk import expand, is_jsonl

        expanded = expand(inputs, options.selection)
        if len(expanded) > 1 and not all(is_jsonl(p) for p in expanded):
            _fail(out, "several inputs: use -i/--in-place to rewrite them, --diff, or dedup check")

    def on_output(file: FileReport | None, cleaned: bytes) -> None:
        progress.advance(file.bytes_in if file is not None else len(cleaned))
        if to_stdout:
            _write_stdout(cleaned)
        elif in_place and file is not None and file.changed and file.document is None:
            out.info(f"rewrote {file.path}: removed {len(file.findings)} run(s), {file.bytes_removed} bytes")
        elif in_place and file is not None and file.document is None:
            out.detail(f"{file.path}: clean")

    stream = None if diff else _report_stream(fmt, report)  # --diff reads the whole report
    started = time.perf_counter()
    with stream or contextlib.nullcontext():  # a streamed report is dropped on an error or Ctrl-C
        with _cluster(executor, scheduler, given["jobs"], inputs, options, out) as client, _progress(out) as progress:
            result = _execute(client, inputs, options, on_output, progress, stream)
        out.detail(_speed(result, time.perf_counter() - started))
        if diff:
            _emit(result, Format.diff, STDIN, out)
        _emit(result, fmt, report, out, stream)
    _finish(result, out, found=diff, done="cleaned", verb="would be removed" if diff else "removed")


@app.command(epilog=EXIT_HELP)
@_guarded
def check(
    ctx: typer.Context,
    paths: Paths = None,
    threshold: Threshold = 0.90,
    min_chars: MinChars = 40,
    unit: UnitOpt = UnitChoice.auto,
    wrap_width: WrapWidth = 100,
    syntax: SyntaxOpt = SyntaxChoice.auto,
    keep_pattern: KeepPattern = None,
    scope: ScopeOpt = Scope.document,
    jobs: Jobs = None,
    executor: ExecutorOpt = ExecutorChoice.local,
    scheduler: SchedulerOpt = None,
    include: Include = None,
    exclude: Exclude = None,
    text_key: TextKey = "text",
    id_key: IdKey = "id",
    on_error: OnError = OnErrorChoice.fail,
    input_format: InputFormat = InputFormatChoice.auto,
    max_document_size: MaxDocumentSize = MAX_DOCUMENT_SIZE,
    near_duplicate_docs: NearDocs = False,
    documents_only: DocsOnly = False,
    doc_threshold: DocThreshold = 0.8,
    fix: FixOpt = None,
    index: IndexPath = None,
    baseline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(metavar="FILE", help="Fail only on findings this baseline file does not accept.", show_default=False),
    ] = None,
    write_baseline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(metavar="FILE", help="Accept every current finding: write them to this baseline file.", show_default=False),
    ] = None,
    encoding: Encoding = None,
    report: ReportTo = None,
    fmt: FormatOpt = Format.text,
    config: ConfigPath = None,
    isolated: Isolated = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    color: ColorOpt = Color.auto,
) -> None:
    """Report repeated runs and change nothing; exit 1 if any would be removed."""
    out = _Out(color, quiet, verbose)
    given = _settings(ctx, dict(locals()), paths or [], out)
    fmt = given["fmt"]
    inputs = _inputs(paths, report, out)
    options = _options(given, inputs, out)
    table = report is None and fmt is Format.text and sys.stdout.isatty()
    needs_texts = table or baseline is not None or write_baseline is not None
    options = _with_keep(options, [] if write_baseline is not None else [fmt], texts=needs_texts)

    def on_output(file: FileReport | None, cleaned: bytes) -> None:
        progress.advance(file.bytes_in if file is not None else len(cleaned))
        if file is not None and not file.changed and file.document is None:
            out.detail(f"{file.path}: clean")

    # A baseline reads the whole report, and the table on a terminal the texts.
    whole = table or baseline is not None or write_baseline is not None
    stream = None if whole else _report_stream(fmt, report or STDIN)
    started = time.perf_counter()
    with stream or contextlib.nullcontext():  # a streamed report is dropped on an error or Ctrl-C
        with _cluster(executor, scheduler, given["jobs"], inputs, options, out) as client, _progress(out) as progress:
            result = _execute(client, inputs, options, on_output, progress, stream)
        out.detail(_speed(result, time.perf_counter() - started))
        if stream is not None:
            _emit(result, fmt, report or STDIN, out, stream)
    if write_baseline is not None:
        from dedup.atomic import write_atomic
        from dedup.report.baseline import write_baseline as baseline_text

        write_atomic(write_baseline, baseline_text(result).encode("utf-8"))
        out.info(f"wrote {write_baseline}: {result.runs} finding(s) accepted")
        raise typer.Exit(EXIT_ERROR if result.errors else EXIT_OK)
    if baseline is not None:
        from dedup.report.baseline import read_baseline, without_baseline

        result, accepted = without_baseline(result, read_baseline(baseline))
        if accepted:
            out.info(f"{accepted} finding(s) accepted by {baseline}")
    if table:
        from dedup.report.render_text import show_lines as show_findings  # plain lines, names escaped

        show_findings(result, sys.stdout, out.color and not os.environ.get("NO_COLOR"))
    elif stream is None:
        _emit(result, fmt, report or STDIN, out)
    _finish(result, out, found=True, done="checked", verb="would be removed")


@app.command(epilog=EXIT_HELP)
@_guarded
def explain(
    paths: Paths = None,
    threshold: Threshold = 0.90,
    unit: UnitOpt = UnitChoice.auto,
    wrap_width: WrapWidth = 100,
    syntax: SyntaxOpt = SyntaxChoice.auto,
    encoding: Encoding = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Show how similar each paragraph is to its nearest earlier one, to tune --threshold
    and --min-chars: a histogram, the nearest misses and the weakest matches."""
    from dedup.explain import explain as explain_text
    from dedup.sources import decode, load
    from dedup.terminal import show_explanation

    out = _Out(color, False, False)
    config = _config(out, threshold=threshold, unit=unit.value, wrap_width=wrap_width, syntax=syntax.value)
    failed = False
    for path in _inputs(paths, None, out):
        try:
            document = decode("<stdin>", _read_stdin(), encoding) if path == STDIN else load(path, encoding)
        except DedupError as error:
            out.error(str(error))
            failed = True
            continue
        colored = color is Color.always or (color is Color.auto and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
        show_explanation(document.name, explain_text(document.text, config.for_path(document.name)), sys.stdout, colored)
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


index_app = typer.Typer(
    help="Manage the SQLite index that --scope corpus compares changed documents against.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(index_app, name="index")
IndexAt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--index", metavar="PATH", help="The index file (default: .dedup/index.sqlite in the project).", show_default=False),
]


@contextlib.contextmanager
def _cluster(
    executor: ExecutorChoice, scheduler: str | None, jobs: int | None, inputs: list[str], options: Options, out: _Out
) -> Iterator[Any]:
    """No cluster for the local executor; for Dask, a client (of a LocalCluster of -j
    workers without --scheduler), its dashboard said on stderr."""
    if executor is ExecutorChoice.local:
        yield None
        return
    from dedup.corpus.distributed import connect, dashboard, refuse
    from dedup.corpus.executors import default_jobs

    refuse(inputs, options)
    with connect(scheduler, jobs or default_jobs()) as client:
        out.info(f"dedup: {dashboard(client)}")
        yield client


def _execute(client: Any, inputs: list[str], options: Options, on_output: Any, progress: Any, sink: Any) -> Report:
    if client is None:
        return run(inputs, options=options, read_stdin=_read_stdin, on_output=on_output, sink=sink)
    from dedup.corpus.distributed import run as run_dask

    return run_dask(inputs, options, client, on_task=progress.stage, sink=sink)


def _index_path(index: str | None, paths: list[str]) -> str:
    if index is not None:
        return index
    from dedup.config_file import project_root
    from dedup.corpus.index import DEFAULT_PATH

    return os.path.join(project_root(paths) or os.getcwd(), DEFAULT_PATH)


def _index_run(
    paths: list[str] | None, index: str | None, rebuild: bool, update: bool, given: dict[str, Any], quiet: bool
) -> None:
    out = _Out(Color.auto, quiet, False)
    inputs = paths or ["."]
    given.update(scope=Scope.corpus, index=_index_path(index, inputs), near_duplicate_docs=False, doc_threshold=0.8)
    given.update(on_error=OnErrorChoice.fail, input_format=InputFormatChoice.auto, encoding=None, include=None)
    options = _options(given, inputs, out)
    from dataclasses import replace

    options = replace(options, rebuild=rebuild, skip_unchanged=update, index_stats=True)
    started = time.perf_counter()
    with _progress(out) as progress:
        report = run(inputs, options=options, on_output=lambda f, data: progress.advance(len(data)))
    for _path, message in report.errors:
        out.error(message)
    stats = report.index_stats
    out.info(
        f"{options.index}: {report.totals().documents} documents (re)indexed, {stats.get('dropped', 0)} dropped; "
        f"{stats.get('documents', 0)} documents, {stats.get('distinct_paragraphs', 0)} distinct paragraphs "
        f"in {time.perf_counter() - started:.2f} s"
    )
    raise typer.Exit(EXIT_ERROR if report.errors else EXIT_OK)


@index_app.command("build")
@_guarded
def index_build(
    paths: Paths = None,
    index: IndexAt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Replace an index built otherwise.")] = False,
    threshold: Threshold = 0.90,
    min_chars: MinChars = 40,
    unit: UnitOpt = UnitChoice.auto,
    wrap_width: WrapWidth = 100,
    syntax: SyntaxOpt = SyntaxChoice.auto,
    keep_pattern: KeepPattern = None,
    exclude: Exclude = None,
    jobs: Jobs = None,
    text_key: TextKey = "text",
    id_key: IdKey = "id",
    quiet: Quiet = False,
) -> None:
    """Index every document under PATH (default: the current folder)."""
    given = dict(locals())
    _index_run(paths, index, rebuild, False, given, quiet)


@index_app.command("update")
@_guarded
def index_update(
    paths: Paths = None,
    index: IndexAt = None,
    threshold: Threshold = 0.90,
    min_chars: MinChars = 40,
    unit: UnitOpt = UnitChoice.auto,
    wrap_width: WrapWidth = 100,
    syntax: SyntaxOpt = SyntaxChoice.auto,
    keep_pattern: KeepPattern = None,
    exclude: Exclude = None,
    jobs: Jobs = None,
    text_key: TextKey = "text",
    id_key: IdKey = "id",
    quiet: Quiet = False,
) -> None:
    """Re-index only documents whose size or modification time changed; drop vanished ones."""
    given = dict(locals())
    _index_run(paths, index, False, True, given, quiet)


@index_app.command("stats")
@_guarded
def index_stats(paths: Paths = None, index: IndexAt = None) -> None:
    """Print what the index holds, as JSON."""
    import json

    from dedup.corpus.index import inspect

    try:
        found = inspect(_index_path(index, paths or ["."]))
    except DedupError as error:
        _fail(_Out(Color.auto, False, False), str(error))
    _write_stdout((json.dumps(found, indent=2) + "\n").encode())


@index_app.command("clear")
@_guarded
def index_clear(paths: Paths = None, index: IndexAt = None) -> None:
    """Delete the index."""
    from dedup.corpus.index import clear

    path = _index_path(index, paths or ["."])
    sys.stderr.write(f"{shown(path)}: {'deleted' if clear(path) else 'no index here'}\n")


def main(argv: list[str] | None = None) -> int:
    """The console entry point; returns the exit code."""
    global _INTERRUPTED_SAID
    _INTERRUPTED_SAID = False
    try:
        code = app(args=argv, prog_name="dedup", standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except KeyboardInterrupt as stop:
        code = ending(stop)[1]
    except Exception as error:  # the click layer's usage errors, and anything unexpected
        return _report_crash(error)
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED) and not _INTERRUPTED_SAID:
        # Ctrl-C while typer parsed the command line: it exits 130 without a word.
        word, code = ending(received() or code - 128)
        sys.stderr.write(f"dedup: {word}\n")
    return code if isinstance(code, int) else EXIT_OK


def _report_crash(error: Exception) -> int:
    from typer._click.exceptions import ClickException

    if isinstance(error, ClickException):
        error.show()
        return error.exit_code
    if os.environ.get("DEDUP_DEBUG"):
        raise error
    sys.stderr.write(
        f"dedup: internal error: {type(error).__name__}: {shown(str(error))} (set DEDUP_DEBUG=1 for the traceback)\n"
    )
    return EXIT_ERROR
