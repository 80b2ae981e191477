"""One document through the whole path: layout, normalise, plan, rewrite.

The rule is applied until nothing more is removed. Removing a run can bring kept
paragraphs next to each other that together repeat an earlier run, or turn a block
into a wrapped paragraph; applying the rule again to the output catches those, so
that cleaning is idempotent: ``clean(clean(x)) == clean(x)``. A second pass runs only
when the first one could have left such a repeat (a kept paragraph matched an
earlier one, or the paragraphs of the output differ from the kept ones); its work
reuses the normalised forms of the first. At most :data:`MAX_PASSES` passes remove
something: each pass reads the whole document, and a document can be built so that
each removal joins the next repeat (real text takes three passes at most).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any

from dedup.config import Config
from dedup.result import Finding, Result
from dedup.text.layout import Layout
from dedup.text.matches import Matches
from dedup.text.normalize import Normal, size
from dedup.text.prepare import prepare, remember
from dedup.text.rewrite import cut, removal_span
from dedup.text.runs import Run, plan
from dedup.text.verify import Verifier

MAX_PASSES = 16
"""The most passes that remove something (README, rule 7, "Bounded work"): a
document whose removals keep joining new repeats past them keeps those, and cleaning
its output again removes more."""


class Origin:
    """Maps offsets of a text cut from the original back to the original."""

    def __init__(self, length: int) -> None:
        self.kept: list[tuple[int, int]] = [(0, length)] if length else []
        self._starts = [0]

    def __call__(self, offset: int) -> int:
        k = bisect_right(self._starts, offset) - 1
        if k >= len(self.kept):  # the end of the text
            return self.kept[-1][1] if self.kept else 0
        return self.kept[k][0] + offset - self._starts[k]

    def end(self, offset: int) -> int:
        """Map an exclusive end offset (just past a character)."""
        return self(offset - 1) + 1 if offset else 0

    def remove(self, spans: Sequence[tuple[int, int]]) -> None:
        kept: list[tuple[int, int]] = []
        for (o_start, o_end), c_start in zip(self.kept, self._starts, strict=False):
            c_end = c_start + o_end - o_start
            position = c_start
            for s_start, s_end in spans:
                if s_end <= position or s_start >= c_end:
                    continue
                if s_start > position:
                    kept.append((o_start + position - c_start, o_start + s_start - c_start))
                position = max(position, s_end)
            if position < c_end:
                kept.append((o_start + position - c_start, o_end))
        self.kept = kept
        self._starts = [0, *accumulate(b - a for a, b in kept)][:-1] or [0]


def clean_text(text: str, config: Config) -> Result:
    """Remove repeated runs from ``text`` under ``config``; see :func:`dedup.clean`."""
    if text.find("\n", 0, len(text) - 1) < 0:
        # One line is one paragraph, with nothing before it to repeat: no need to lay
        # out and normalise it (a 200 MB file with no newline stays cheap).
        return Result(text, ())
    return _clean(text, config, quick=True)[0]


def clean_with_forms(text: str, config: Config) -> tuple[Result, Layout, list[Normal]]:
    """:func:`clean_text`, plus the layout of the cleaned text and its paragraphs'
    normal forms (what cross-document dedup compares next)."""
    result, lay, forms = _clean(text, config, quick=False)
    assert lay is not None and forms is not None  # (None only when asked quick)
    return result, lay, forms


def _clean(text: str, config: Config, *, quick: bool) -> tuple[Result, Layout | None, list[Normal] | None]:
    """The passes; ``quick``: return at once, without a layout or forms, when nothing
    can be removed (:func:`dedup.text.prepare.prepare`)."""
    origin = Origin(len(text))
    normals: dict[str, Normal] = {}
    # each finding's offsets in the original whose lines it gives, and the rest of it:
    # the lines are counted at the end, in one pass over the text
    found: list[tuple[tuple[int, int, int, int], dict[str, Any]]] = []
    current = text
    previous_kept: list[str] | None = None
    kept_with_match = True
    passes = 0
    while True:
        first = previous_kept is None
        prepared = prepare(current, config, normals, quick=quick and first, seen=not first)
        if prepared is None:  # no two paragraphs can match
            return Result(text, ()), None, None
        lay, raws, forms = prepared.layout, prepared.raws, prepared.forms
        if (not kept_with_match and raws == previous_kept) or passes == MAX_PASSES:
            break  # (laid out and normalised: what clean_with_forms gives of the output)
        kinds = lay.kinds
        result = plan(
            forms,
            config.threshold,
            config.min_chars,
            _protected(lay, config),
            near_allowed=Verifier(config.threshold).allowed(forms, kinds),
            kinds=kinds,
            raws=raws,
            relation=prepared.relation,
            paragraphs=lay.paragraphs,
            marks=prepared.marks,
        )
        if not result.runs:
            break
        matches = result.matches
        spans = []
        for run in result.runs:
            span = removal_span(lay, run)
            spans.append(span)
            found.append(_finding(lay, run, span, forms, matches, origin))
        passes += 1
        removed = {p for run in result.runs for p in range(run.start, run.start + run.length)}
        previous_kept = [raw for p, raw in enumerate(raws) if p not in removed]
        kept_with_match = result.kept_with_match
        if first:  # the next pass meets the kept units again (later ones fill the cache as they go)
            remember(normals, prepared)
        # Nothing of this pass is read by the next: freed before the text is cut and
        # laid out again (a text of millions of lines would otherwise weigh twice at
        # the peak).
        del prepared, lay, raws, forms, kinds, result, matches
        current = cut(current, spans)
        origin.remove(spans)
    lines = lines_of(text, (offset for offsets, _ in found for offset in offsets))
    findings = [
        Finding(
            line_start=lines[first],
            line_end=lines[last],
            source_line_start=lines[source_first],
            source_line_end=lines[source_last],
            **fields,
        )
        for (first, last, source_first, source_last), fields in found
    ]
    findings.sort(key=lambda f: (f.start, f.end))
    return Result(current, tuple(findings)), lay, forms


def _protected(lay: Layout, config: Config) -> list[bool] | None:
    """Which paragraphs match a keep pattern (and so are never removed): each read
    whole, its last line break too."""
    if not config.keep_patterns:
        return None
    from dedup.text.keep import keeper

    keep = keeper(config.keep_patterns)
    return [keep(lay.text[p.start : p.end]) for p in lay.paragraphs]


def _finding(
    lay: Layout,
    run: Run,
    span: tuple[int, int],
    forms: Sequence[Normal],
    matches: Matches,
    origin: Origin,
) -> tuple[tuple[int, int, int, int], dict[str, Any]]:
    """A removed run as a :class:`Finding`'s fields in the original's coordinates, but
    for its lines: the offsets in the original of the first and last character of the
    run and of its source, whose lines they are."""
    paragraphs = lay.paragraphs
    first, last = paragraphs[run.start], paragraphs[run.start + run.length - 1]
    src_first, src_last = paragraphs[run.source], paragraphs[run.source + run.length - 1]
    scores = [matches.score(run.source + k, run.start + k) or 0.0 for k in range(run.length)]
    exact = all(forms[run.source + k].text == forms[run.start + k].text for k in range(run.length))
    offsets = (origin(first.start), origin.end(last.end) - 1, origin(src_first.start), origin.end(src_last.end) - 1)
    return offsets, {
        "start": origin(span[0]),
        "end": origin.end(span[1]),
        "source_start": origin(src_first.start),
        "source_end": origin.end(src_last.end),
        "paragraphs": run.length,
        "size": sum(size(forms[run.start + k].text) for k in range(run.length)),
        "score": min(scores),
        "kind": "exact" if exact else "near",
    }


def lines_of(text: str, offsets: Iterable[int]) -> dict[int, int]:
    """The 1-based line of each of ``offsets`` in ``text`` (``bisect_right(
    line_starts(text), offset)``), counted in one pass over the text in order: no
    array of every line's start, which weighs 8 bytes a line (a file of millions of
    empty lines) for as long as the passes run.

    >>> lines_of("ab\\ncd\\n\\nef", [0, 2, 3, 6, 7, 9, -1])
    {-1: 0, 0: 1, 2: 1, 3: 2, 6: 3, 7: 4, 9: 4}
    """
    lines: dict[int, int] = {}
    line, at = 1, 0
    for offset in sorted(set(offsets)):
        if offset < 0:  # before the text: no line starts at or before it
            lines[offset] = 0
            continue
        line += text.count("\n", at, offset)
        at = offset
        lines[offset] = line
    return lines
