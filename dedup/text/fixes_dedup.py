"""Dedup and the cleaning passes together, reported in the coordinates of the input.

Order: the chosen passes run on the input first; dedup runs on the text they leave;
then ``blank-lines``, if chosen, runs once more to tidy the blank lines that dedup's
removals can leave (a run removed from the middle of a block leaves the blank line
in front of that block, and at the end of a document that is a trailing blank line);
``empty-docs`` looks at the final text.

Why this order: dedup then compares repaired text (a mojibake copy, or a block glued
to the next by a zero width space, is found), and the whole is idempotent: the
passes leave nothing for themselves to do, deleting whole lines keeps every line
clean, and tidying blank lines changes no paragraph, so a second run finds nothing.
Running dedup first and the passes after it is not: a pass can make two paragraphs
equal (a repaired copy) or split a block, which a second run then removes.

Coordinates: the findings and the changes are all in the input's coordinates, as in
``dedup.clean``. A change inside a removed span is dropped (its text is gone); a
change inside a blank line that ``blank-lines`` deletes joins that deletion. The
findings' spans (merged, as they may nest) and the changes' spans are disjoint, and
deleting the former and replacing the latter turns the input into ``text``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from dedup.config import Config
from dedup.result import Finding
from dedup.text.engine import clean_text
from dedup.text.fixes import (
    FixChange,
    FixedResult,
    FixSpec,
    apply_fixes,
    changes_of,
    parse_fixes,
)
from dedup.text.fixes_compose import Net
from dedup.text.fixes_passes import ORDER
from dedup.text.layout import line_starts


class _Map:
    """Maps spans of the text the passes left back to the input, through their changes."""

    def __init__(self, source: str, changes: Sequence[FixChange]) -> None:
        self.source, self.changes = source, changes
        self.at: list[int] = []  # where each change's replacement starts in the fixed text
        self.shift = [0]  # shift[k]: how far changes 0..k-1 moved the fixed text
        for c in changes:
            self.at.append(c.start + self.shift[-1])
            self.shift.append(self.shift[-1] + c.added - c.removed)
        self.starts = line_starts(source)

    def _inside(self, k: int, s: int, e: int) -> bool:
        c, a = self.changes[k], self.at[k]
        if c.added:
            return a < e and s < a + c.added
        # a deletion belongs to the character after it, unless it took whole lines
        return s < a < e or (a == s < e and "\n" not in self.source[c.start : c.end])

    def span(self, s: int, e: int) -> tuple[int, int, list[int]]:
        """The input span of fixed ``[s, e)``, and the changes inside it."""
        k = max(bisect_left(self.at, s) - 1, 0)
        while k < len(self.changes) and self.at[k] + self.changes[k].added < s:
            k += 1
        while k < len(self.changes) and self.at[k] <= s and not self._inside(k, s, e):
            k += 1  # before the span
        start = s - self.shift[k]
        inside = []
        while k < len(self.changes) and self.at[k] <= e and self._inside(k, s, e):
            inside.append(k)
            k += 1
        end = e - self.shift[k]
        if inside:
            start = min(start, self.changes[inside[0]].start)
            end = max(end, self.changes[inside[-1]].end)
        return start, end, inside

    def lines(self, fixed_starts: Sequence[int], fixed_len: int, first: int, last: int) -> tuple[int, int]:
        """The input lines of fixed lines ``first..last`` (1-based, inclusive)."""
        s = fixed_starts[first - 1]
        e = fixed_starts[last] if last < len(fixed_starts) else fixed_len
        start, end, _ = self.span(s, e)
        return bisect_right(self.starts, start), bisect_right(self.starts, max(start, end - 1))


def _removed(findings: Iterable[Finding]) -> list[tuple[int, int]]:
    """The union of the findings' spans, as sorted disjoint spans."""
    spans: list[tuple[int, int]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if spans and f.start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], f.end))
        elif f.end > f.start:
            spans.append((f.start, f.end))
    return spans


def _cut(changes: Iterable[FixChange], removed: list[tuple[int, int]]) -> list[Net]:
    """Changes of dedup's output, in the coordinates of dedup's input.

    A change is cut around any removed span strictly inside it: the first piece
    carries the replacement, the others delete.
    """
    points, total = [], 0  # where each removed span sits in dedup's output
    for start, end in removed:
        points.append((start - total, total + end - start))
        total += end - start
    pieces: list[Net] = []
    k = 0
    for c in changes:
        while k < len(points) and points[k][0] <= c.start:
            k += 1  # a change that starts where a span was removed starts after it
        shift = points[k - 1][1] if k else 0
        pos, rep, j = c.start, c.replacement, k
        while j < len(points) and points[j][0] < c.end:
            pieces.append(Net(pos + shift, points[j][0] + shift, rep, c.fixes, c.fix))
            rep, pos, shift = "", points[j][0], points[j][1]
            j += 1
        pieces.append(Net(pos + shift, c.end + shift, rep, c.fixes, c.fix))
    return pieces


def clean_and_fix(
    text: str, fixes: Iterable[FixSpec | str], config: Config | None = None, **options: Any
) -> FixedResult:
    """Run the chosen passes, dedup, and ``blank-lines`` again; report in ``text``'s coordinates.

    Args:
        text: one decoded document.
        fixes: the passes (``FixSpec`` or spellings such as ``"line-endings=lf"``).
        config, options: dedup's settings, as for :func:`dedup.clean`.

    >>> body = "The council approved the new budget on Tuesday evening.\\n"
    >>> r = clean_and_fix(body + "\\n\\n\\n" + body.replace(" on", "  on") + "  \\n", ["trailing-space", "blank-lines"])
    >>> r.text == body
    True
    >>> [(f.line_start, f.start, f.end) for f in r.findings]  # the copy and the 3 blank lines before it
    [(5, 56, 116)]
    >>> [(c.fix, c.fixes, c.line_start, c.start, c.end) for c in r.changes]
    [('blank-lines', ('trailing-space', 'blank-lines'), 6, 116, 119)]
    """
    plan = parse_fixes(fixes)
    first = apply_fixes(text, plan)
    cleaned = clean_text(first.text, (config or Config()).with_options(**options))
    last = apply_fixes(cleaned.text, [f for f in plan if f.name in ("blank-lines", "empty-docs")])
    if not first.changes and not last.changes:
        return FixedResult(last.text, cleaned.findings, (), last.empty)

    m = _Map(text, first.changes)
    fixed_starts = line_starts(first.text)
    gone: set[int] = set()  # changes inside removed spans or deleted lines
    findings = []
    for f in cleaned.findings:
        start, end, inside = m.span(f.start, f.end)
        gone.update(inside)
        source_start, source_end, _ = m.span(f.source_start, f.source_end)
        line_start, line_end = m.lines(fixed_starts, len(first.text), f.line_start, f.line_end)
        src_first, src_last = m.lines(fixed_starts, len(first.text), f.source_line_start, f.source_line_end)
        findings.append(
            replace(
                f,
                start=start,
                end=end,
                line_start=line_start,
                line_end=line_end,
                source_start=source_start,
                source_end=source_end,
                source_line_start=src_first,
                source_line_end=src_last,
            )
        )
    nets = []
    for piece in _cut(last.changes, _removed(cleaned.findings)):
        start, end, inside = m.span(piece.start, piece.end)
        gone.update(inside)
        names = {*piece.fixes, *(name for k in inside for name in first.changes[k].fixes)}
        nets.append(Net(start, end, piece.out, tuple(sorted(names, key=ORDER.index)), piece.fix))
    nets += [Net(c.start, c.end, c.replacement, c.fixes, c.fix) for k, c in enumerate(first.changes) if k not in gone]
    nets.sort(key=lambda n: (n.start, n.end))
    return FixedResult(last.text, tuple(findings), changes_of(text, nets), last.empty)
