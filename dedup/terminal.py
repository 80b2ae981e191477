"""Rich views for people at a terminal (the command line's side; the library never
imports this).

Corpus text (names, ids, excerpts) goes in as :class:`rich.text.Text`, never as a
markup string, so ``[/]`` or ``[link=...]`` in it is shown, not obeyed; and through
:func:`dedup.display.shown`, so its control characters are shown escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from dedup.display import shown

if TYPE_CHECKING:  # dedup check loads this for its progress line: not explain's rapidfuzz
    from dedup.explain import Explanation, Pair


def _console(stream: TextIO, color: bool):  # type: ignore[no-untyped-def]
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich's own ends the process with exit 1 ("repeats found"); the command
            # ends a closed pipe with 141, as clean and check do
            raise BrokenPipeError

    return _Console(
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
    console.print(heading, soft_wrap=True)  # (a long name is not cut in two in a pipe's 80 columns)
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
