"""Rich views for people at a terminal (the command line's side; the library never
imports this).

Corpus text (names, ids, excerpts) goes in as :class:`rich.text.Text`, never as a
markup string, so ``[/]`` or ``[link=...]`` in it is shown, not obeyed; and through
:func:`dedup.display.shown`, so its control characters are shown escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from dedup.display import shown

if TYPE_CHECKING:  # dedup check loads this for its progress line: not explain's rapidfuzz
    from dedup.explain import Explanation, Pair


def _console(stream: TextIO, color: bool):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(
        file=stream,
        color_system="auto" if color else None,
        force_terminal=color or None,
        highlight=False,
        soft_wrap=False,
    )


def _plain(text: str):  # type: ignore[no-untyped-def]
    """Corpus text as a rich cell: no markup, control characters escaped."""
    from rich.text import Text

    return Text(shown(text))


def _pairs_table(title: str, pairs: list[Pair], threshold: float):  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(title=title, title_justify="left", expand=False)
    for column in ("line", "unit", "first", "similarity", "why", "size", "excerpt", "earlier"):
        table.add_column(column, overflow="fold")
    for p in pairs:
        table.add_row(
            str(p.line),
            p.unit,
            str(p.source_line),
            f"{p.similarity:.3f}",
            _plain(p.why(threshold)),  # may quote corpus words
            str(p.size),
            _plain(p.excerpt),
            _plain(p.source_excerpt),
        )
    return table


def show_explanation(
    name: str, explanation: Explanation, stream: TextIO, color: bool, *, min_chars: int | None = None
) -> None:
    """A histogram of similarities, the nearest misses and the weakest matches; with
    ``min_chars``, the line under the histogram also says the smallest run removed."""
    console = _console(stream, color)
    pairs = explanation.pairs
    from rich.text import Text

    heading = Text.assemble((shown(name), "bold"), f": {explanation.summary()}")
    console.print(heading)
    if not pairs:
        return
    counts = explanation.histogram()
    widest = max(counts) or 1
    for k, count in enumerate(counts):
        low = k / len(counts)
        mark = "≥" if low + 1e-9 >= explanation.threshold else " "
        bar = "█" * max(1 if count else 0, round(40 * count / widest))
        console.print(f" {mark}{low:4.2f}–{low + 1 / len(counts):4.2f} {count:6d} {bar}")
    console.print(
        f"threshold {explanation.threshold:.2f}: pairs from the ≥ rows match if their numbers and identifiers "
        "agree and their words differ only by typos"
    )
    if min_chars is not None:
        console.print(f"min-chars {min_chars}: a repeated run shorter than this (in normalised characters) stays")
    threshold = explanation.threshold
    misses = explanation.near_misses()
    console.print(_pairs_table("Nearest misses (below the threshold, or refused: see why)", misses, threshold))
    console.print(_pairs_table("Weakest matches (just above the threshold)", explanation.weakest_matches(), threshold))


def show_findings(report: object, stream: TextIO, color: bool) -> None:
    """``check`` at a terminal: one table row per removed run."""
    from rich.table import Table

    from dedup.report.model import Report
    from dedup.report.render_text import span

    assert isinstance(report, Report)
    table = Table(expand=False)
    for column in ("file", "lines", "first occurrence", "score", "excerpt"):
        table.add_column(column, overflow="fold")
    for file in report.files:
        name = file.path if file.document is None else f"{file.path}[{file.document}]"
        for located in file.findings:
            f = located.finding
            first = span(f.source_line_start, f.source_line_end)
            if f.source_document is not None:
                first = f"{f.source_document}:{first}"
            score = "exact" if f.kind == "exact" else f"{f.score:.3f}"
            excerpt = " ".join(file.original[f.start : f.end].split())
            short = excerpt[:60] + ("…" if len(excerpt) > 60 else "")
            table.add_row(_plain(name), span(f.line_start, f.line_end), _plain(first), score, _plain(short))
    if table.row_count:
        _console(stream, color).print(table)


class Progress:
    """A progress line on stderr for long runs: documents, MB, rate, elapsed time.

    Shown only when stderr is a terminal, not under pre-commit (``PRE_COMMIT``) and not
    with ``-q``; it never writes to stdout (``redirect_stdout=False``) and disappears
    when done (``transient``).
    """

    def __init__(self, enabled: bool) -> None:
        self._progress = None
        if not enabled:
            return
        import threading

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[mb]:.1f} MB, {task.fields[rate]:.1f} MB/s"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            redirect_stdout=False,
            redirect_stderr=False,
            transient=True,
        )
        self._task = self._progress.add_task("documents", total=None, mb=0.0, rate=0.0)
        self._bytes = 0
        self._stages: dict[str, tuple[Any, list[int]]] = {}  # stage: its rich task, [bytes done]
        self._lock = threading.Lock()

    def __enter__(self) -> Progress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, name: str, size: int, total: int) -> None:
        """One more task of a stage done (the Dask executor's; called from its
        callback thread): a line per stage, its tasks done of ``total``."""
        if self._progress is None:
            return
        with self._lock:
            if name not in self._stages:
                self._progress.update(self._task, visible=False)  # tasks are counted, not documents
                self._stages[name] = (self._progress.add_task(name, total=total, mb=0.0, rate=0.0), [0])
            task, done = self._stages[name]
            done[0] += size
            elapsed = next(t for t in self._progress.tasks if t.id == task).elapsed or 1e-9
            self._progress.update(task, advance=1, mb=done[0] / 1e6, rate=done[0] / 1e6 / elapsed)

    def advance(self, size: int) -> None:
        if self._progress is None:
            return
        self._bytes += size
        task = self._progress.tasks[0]
        elapsed = task.elapsed or 1e-9
        self._progress.update(self._task, advance=1, mb=self._bytes / 1e6, rate=self._bytes / 1e6 / elapsed)
