"""Reports written while the run goes on, one document at a time.

A JSON report lists every document. Held whole and rendered at the end, it costs
memory in proportion to the corpus (5.4 GB for a 1 GB corpus of 295,457 documents).
A :class:`StreamedReport` is instead the ``sink`` of a run
(``dedup.batch.run(..., sink=...)``): each listed document's entry is written out as
the run lists it and then forgotten, and :meth:`StreamedReport.finish` writes what
only the end knows (errors, clusters, summary). The bytes are exactly the format's
renderer's.

Only formats whose documents follow each other independently can be written so
(:func:`layout`): ``json`` and ``jsonl``. HTML opens with totals and the most
repeated passages, and links each removed run to its first occurrence, which may be
in a later section; it needs every document, with its text, before its first byte.

Example:
    >>> import io
    >>> from dedup.report.model import FileReport, Report
    >>> from dedup.report.render_json import render_json
    >>> class Memory(io.BytesIO):
    ...     def commit(self): self.result = self.getvalue()
    ...     def abort(self): pass
    >>> out = Memory()
    >>> stream = StreamedReport(layout("json"), lambda: out)
    >>> report = Report(sink=stream)
    >>> report.add(FileReport("a.txt", "", "", 3, 3, ()))
    >>> report.files, report.totals().documents
    ([], 1)
    >>> stream.finish(report)
    >>> out.result.decode() == render_json(Report(files=[FileReport("a.txt", "", "", 3, 3, ())]))
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from dedup.errors import DedupError, OutputError
from dedup.report.formats import REPORT_FORMATS, encode_report
from dedup.report.model import FileReport, Report


@dataclass(frozen=True)
class Layout:
    """A format as pieces: ``head`` (before the first document), one ``entry`` per
    document (``first`` or not: the separator differs), and ``tail`` (after the last,
    ``empty`` if there was none)."""

    head: Callable[[Report], str]
    entry: Callable[[FileReport, bool], str]
    tail: Callable[[Report, bool], str]


def layout(fmt: str) -> Layout | None:
    """How format ``fmt`` is written one document at a time, or None if it needs the
    whole report first.

    >>> [name for name in ("text", "json", "diff", "jsonl", "sarif", "github", "html") if layout(name)]
    ['json', 'jsonl']
    """
    if not REPORT_FORMATS[fmt].streamable:
        return None
    if fmt == "json":
        from dedup.report import render_json

        return Layout(
            render_json.head,
            lambda file, first: render_json.entry(file, first=first),
            lambda report, empty: render_json.tail(report, empty=empty),
        )
    if fmt == "jsonl":
        from dedup.report.render_jsonl import dumps_line, finding_records

        return Layout(
            lambda report: "",
            lambda file, first: "".join(dumps_line(record) for record in finding_records(file)),
            lambda report, empty: "",
        )
    raise AssertionError(f"{fmt} is declared streamable but has no layout")


class Output(Protocol):
    """Where a streamed report goes: written in pieces, then committed or aborted."""

    def write(self, data: bytes) -> None: ...

    def commit(self) -> None: ...

    def abort(self) -> None: ...


class Spool:
    """An anonymous temporary file (in ``TMPDIR``) handed to ``deliver`` in pieces on
    commit: a report for standard output comes out whole at the end, or not at all,
    as when it was rendered in memory. The system deletes the file even if the
    process is killed."""

    PIECE = 1 << 20

    def __init__(self, deliver: Callable[[bytes], None]) -> None:
        import tempfile  # here: a report that is not spooled does not load it

        self.deliver = deliver
        try:
            self.file = tempfile.TemporaryFile()  # noqa: SIM115 - written across calls, closed by commit or abort
        except OSError as error:
            raise OutputError(f"cannot spool the report in {tempfile.gettempdir()}: {error.strerror or error}") from None

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as error:
            import tempfile

            self.abort()
            raise OutputError(f"cannot spool the report in {tempfile.gettempdir()}: {error.strerror or error}") from None

    def commit(self) -> None:
        try:
            self.file.seek(0)
            while piece := self.file.read(self.PIECE):
                self.deliver(piece)
        finally:
            self.abort()

    def abort(self) -> None:
        self.file.close()


class StreamedReport:
    """A report's sink that writes each listed document's entry as it comes.

    The output is opened when the first bytes are written, so that a report beside
    the cleaned copies (``-o DIR``) finds ``DIR`` made. A failure to write does not
    stop the run, as a report written at the end could not have: the output is
    dropped, the rest is not written, and :meth:`finish` raises the error. Leaving a
    ``with`` block on an exception (Ctrl-C included) drops the output too.

    Args:
        layout: the format, as pieces (:func:`layout`).
        open_output: makes the output, an :class:`Output`: for a file,
            :class:`dedup.atomic.AtomicFile` (so the file is replaced whole, at the
            end, or not at all); for standard output, a :class:`Spool`.
    """

    def __init__(self, layout: Layout, open_output: Callable[[], Output]) -> None:
        self.layout = layout
        self.open_output = open_output
        self.output: Output | None = None
        self.entries = 0
        self.error: DedupError | UnicodeError | None = None

    def add(self, report: Report, file: FileReport) -> None:
        """Write ``file``'s entry (after the head, for the first)."""
        first, self.entries = self.entries == 0, self.entries + 1
        if self.error is None:
            self._write((self.layout.head(report) if first else "") + self.layout.entry(file, first))

    def finish(self, report: Report) -> None:
        """Write the documents ``report`` holds itself (all of them, if it was not
        given this sink), then the rest, and commit the output.

        Raises:
            DedupError: the report could not be written (nothing is left of it).
        """
        for file in report.files:
            self.add(report, file)
        text = self.layout.tail(report, self.entries == 0)
        if self.entries == 0:
            text = self.layout.head(report) + text
        self._write(text)
        if self.error is not None:
            raise self.error
        if self.output is None:  # an empty format (JSON Lines without findings)
            self.output = self.open_output()
        output, self.output = self.output, None
        output.commit()

    def abort(self) -> None:
        """Drop what was written."""
        if self.output is not None:
            output, self.output = self.output, None
            output.abort()

    def _write(self, text: str) -> None:
        if self.error is not None or not text:
            return
        try:
            if self.output is None:
                self.output = self.open_output()
            self.output.write(encode_report(text))
        except (DedupError, UnicodeError) as error:
            self.error = error
            self.abort()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abort()
