"""A tiny, brute-force implementation of the dedup rule, for the tests to compare with.

It shares only the *definitions* with the engine: ``layout`` (what the lines, blocks,
paragraphs and their kinds are), ``normalize`` and ``size`` (the comparison form and
what counts toward ``min_chars``), and the word rule's ``refusal`` (what a near match
may differ by). Everything else (the
edit distance, the match predicate, the run planner with its tie rule, the removal of
blank lines, the fixpoint and the mapping back to the original text) is written here
again, as plainly as possible, with no index, no filter and no shortcut:

* Levenshtein is the textbook dynamic programme;
* a run is found by trying every earlier start ``j`` and extending it one paragraph
  at a time, O(n^2 * L) per pass;
* the rule is re-applied to the output until a pass removes nothing.

The rule (README, "The rule"): two paragraphs match if their normalised texts are
equal, or if they hold the same numbers, ``lev <= floor((1 - threshold) * max_len +
1e-9)``, neither is a unit matched only exactly (code, table, ...) and the word rule
does not refuse them.
At each paragraph ``i`` the longest run ``i..i+L-1`` matching an earlier run
``j..j+L-1`` with ``j + L <= i`` is taken, the earliest ``j`` on a tie; it is removed
when its normalised size is at least ``min_chars``. A removed run takes the blank
lines in front of it only when it ends at the end of a block.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from dedup.text.exact import exact_refusal
from dedup.text.fields import is_field, is_production, log_mark, option_line
from dedup.text.heads import heading_level, marker_level
from dedup.text.layout import layout
from dedup.text.nesting import list_kinds
from dedup.text.normalize import Normal, normalize, size
from dedup.text.tags import option_value, tagged
from dedup.text.typos import forms
from dedup.text.width import indent
from dedup.text.words import case_refusal, refusal, words

EXACT_ONLY = {"code", "table", "front-matter", "html", "directive"}

EPS = 1e-9


def levenshtein(a: str, b: str) -> int:
    """The textbook edit distance (insert, delete, substitute; each costs 1)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(
                    previous[j] + 1,  # delete ca
                    current[j - 1] + 1,  # insert cb
                    previous[j - 1] + (ca != cb),  # substitute
                )
            )
        previous = current
    return previous[-1]


def allowed_edits(longest: int, threshold: float) -> int:
    return math.floor((1 - threshold) * longest + EPS)


@dataclass(frozen=True)
class Unit:
    """A paragraph as the rule sees it: its text, normal form and kind, and its
    lines [first, last)."""

    raw: str
    normal: Normal
    kind: str = "prose"
    lines: tuple[int, int] | None = None  # (unknown: no unit stands on a line next to another)


@lru_cache(maxsize=200_000)
def _pair(a: Unit, b: Unit, threshold: float) -> float | None:
    """Similarity of two paragraphs if they match, else None."""
    if a.normal.text == b.normal.text:
        same = case_refusal(a.normal.spaced, b.normal.spaced) is None
        return 1.0 if same and exact_refusal(a.normal.spaced, b.normal.spaced) is None else None
    if a.normal.numbers != b.normal.numbers or a.kind in EXACT_ONLY or b.kind in EXACT_ONLY:
        return None
    longest = max(len(a.normal.text), len(b.normal.text))
    distance = levenshtein(a.normal.text, b.normal.text)
    if distance > allowed_edits(longest, threshold) or refusal(a.normal.spaced, b.normal.spaced) is not None:
        return None
    return 1.0 - distance / longest


def ref_within(a: str, b: str, threshold: float = 0.9) -> bool:
    """Whether two raw paragraphs are equal in normal form, or hold the same numbers
    and are within the threshold's edits (rule 4 before the word rule)."""
    na, nb = normalize(a), normalize(b)
    if na.text == nb.text:
        return True
    longest = max(len(na.text), len(nb.text))
    return na.numbers == nb.numbers and levenshtein(na.text, nb.text) <= allowed_edits(longest, threshold)


def _unit(raw: str) -> Unit:
    return Unit(raw, normalize(raw))


def ref_match(a: str, b: str, threshold: float = 0.9) -> bool:
    """Whether two raw paragraphs match under the rule."""
    return _pair(_unit(a), _unit(b), threshold) is not None


def ref_similarity(a: str, b: str, threshold: float = 0.9) -> float | None:
    return _pair(_unit(a), _unit(b), threshold)


def _indent(raw: str) -> int:
    width = 0
    for ch in raw:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width = (width // 8 + 1) * 8
        else:
            break
    return width


def _parent(indents: list[int], k: int) -> int:
    """The nearest unit before ``k`` that is less indented, or -1."""
    for j in range(k - 1, -1, -1):
        if indents[j] < indents[k]:
            return j
    return -1


def _opening(kinds: list[str], indents: list[int], k: int) -> int:
    """The nearest unit before an item that is neither an item at its indentation
    nor more indented; -1 for any other unit, or if there is none."""
    if kinds[k] != "item":
        return -1
    for j in range(k - 1, -1, -1):
        if not ((kinds[j] == "item" and indents[j] == indents[k]) or indents[j] > indents[k]):
            return j
    return -1


def _list(kinds: list[str], indents: list[int], k: int) -> int:
    """An item's list, named by its opening, if it has two items or more; else -1."""
    lead = _opening(kinds, indents, k)
    if lead < 0 or sum(_opening(kinds, indents, j) == lead for j in range(len(kinds))) < 2:
        return -1
    return lead


def _level(kinds: list[str], raws: list[str], k: int) -> int | None:
    """A heading's level, a Files: field's or a copyright line's (heads.marker_level), else None."""
    if kinds[k] == "heading":
        return heading_level(raws[k])
    return marker_level(raws[k])


def _section(kinds: list[str], raws: list[str], k: int) -> int:
    """The nearest heading (or copyright line) before ``k``; for a heading or
    copyright line, the nearest one of a higher level; or -1."""
    own = _level(kinds, raws, k)
    for j in range(k - 1, -1, -1):
        level = _level(kinds, raws, j)
        if level is not None and (own is None or level < own):
            return j
    return -1


def _slip(raws: list[str], texts: list[str], unit: int, source: int) -> tuple[list[str], list[str]]:
    """The words a near copy has that its source lacks, and those it lacks, each
    sorted (nothing for an exact copy)."""
    if texts[unit] == texts[source]:
        return [], []
    mine, theirs = words(raws[unit]), words(raws[source])
    extra, missing = list(mine), list(theirs)
    for word in mine:
        if word in missing:
            missing.remove(word)
            extra.remove(word)
    return sorted(extra), sorted(missing)


def structure_refuses(
    kinds: list[str],
    raws: list[str],
    texts: list[str],
    indents: list[int],
    removed: set[int],
    start: int,
    length: int,
    source: int,
    lines: list[tuple[int, int]] | None = None,
) -> bool:
    """Whether the run breaks structure (README, rule 5): only headings; fewer than
    three short lines; units under 60 letters and digits (eight at most), near copies
    whose words differ alike in each; eight units at most, one a word apart from its
    copy, with a unit beside either holding a third form of that word; a refrain; a run and its copy each introduced by the unit
    before them (a colon at its end), two of other texts, the run's staying; a
    sentence's head (a colon at its end) and the display after it in the run, its tail
    in lower case after the run staying; one-line
    ``Name: value`` fields with a field of their record, on the line right before or
    after the run, staying; units of a log (each of their lines opening with one mark
    that is no word and no list marker) with a unit of it there staying; a unit whose heading or indentation parent is before
    the run, stays, and is not its copy's (a copy with no parent aside); items of a
    list (tagged paragraphs are items) opened before the run, copies of another list's, with an item of their own
    list staying; or a heading, parent or list opening in the run whose next child,
    the unit after the run, stays."""
    run = kinds[start : start + length]
    if all(kind == "heading" for kind in run):
        return True
    if length < 3 and all(kind == "short" for kind in run):
        return True
    # short units (eight at most) that are near copies whose words differ alike in each
    slips = [_slip(raws, texts, start + k, source + k) for k in range(length)]
    short = all(size(texts[k]) < 60 for k in range(start, start + length))
    if length <= 8 and short and any(slips[0]) and all(slip == slips[0] for slip in slips):
        return True
    # eight units at most, one of them a word apart from its copy, with a unit beside
    # either a word apart from the copy there too: a third form of the word (its stem)
    for k in range(length if length <= 8 else 0):
        unit, copy = start + k, source + k
        extra, missing = slips[k] if size(texts[unit]) < 200 else ([], [])
        for other in (unit - 1, unit + 1, copy - 1, copy + 1):
            if len(extra) != 1 or len(missing) != 1 or other in (unit, copy) or not 0 <= other < len(texts):
                continue
            others, lacking = _slip(raws, texts, other, copy)
            if lacking == missing and len(others) == 1 and others != extra and forms(others[0], extra[0], missing[0]):
                return True
    places = [k for k in range(len(kinds)) if texts[k] == texts[start]]
    if length == 1 and "\n" not in raws[start].rstrip("\r\n") and len(places) >= 3:
        gaps = list(zip(places, places[1:]))
        if all(b - a > 1 for a, b in gaps) and all(
            any(2 * size(texts[k]) >= size(texts[start]) for k in range(a + 1, b)) for a, b in gaps
        ):
            return True  # a refrain
    # the run and its copy introduced (a colon) by the units before them, apart, of other texts
    intros = (start - 1, source - 1)
    if (
        source > 0
        and source + length < start
        and start - 1 not in removed
        and texts[start - 1] != texts[source - 1]
        and all(raws[k].rstrip().endswith((":", "\uff1a")) for k in intros)
    ):
        return True
    # the run and its copy in lists of an option's values (``=ieee``) under two options
    def value_list(k: int) -> int:
        if not option_value(raws[k]):
            return -1
        while k > 0 and option_value(raws[k - 1]):
            k -= 1
        return k

    lead, copy = value_list(start), value_list(source)
    if source + length < start and start - 1 not in removed and 0 < lead != copy > 0 and texts[lead - 1] != texts[copy - 1]:
        return True
    stop = start + length
    # the head of a sentence (a colon at its end) and the display after it (units
    # indented deeper, up to 64 units back from the run's end) in the run, its tail
    # staying right after the run: at the head's indentation, going on in lower case
    tail = raws[stop].lstrip()[:1] if stop < len(raws) and stop not in removed else ""
    if tail.isalpha() and tail.islower():
        heads = [
            k
            for k in range(max(start, stop - 64), stop - 1)
            if indents[k] == indents[stop] and all(indents[j] > indents[stop] for j in range(k + 1, stop))
        ]
        if heads and raws[heads[0]].rstrip().endswith((":", "\uff1a")):
            return True
    # one-line fields of a record, with a field on the line right before or after staying;
    # lines of a log, all opening with one mark, with a line of it there staying
    # productions of a grammar (lines of one indented deeper) with its next or last
    # production, or a line of one, right before or after them staying
    depth = indent(raws[start])
    grammar = [is_production(raw) or indent(raw) > depth for raw in raws]
    goes_on = (start > 0 and start - 1 not in removed and grammar[start - 1]) or (
        stop < len(raws) and stop not in removed and grammar[stop]
    )
    if is_production(raws[start]) and all(grammar[start:stop]) and goes_on:
        return True
    # option lines of a command line, one option alone a line, with one on the line
    # right before or after them staying
    if lines is not None and all(option_line(raws[k]) for k in range(start, stop)):
        for k, j in ((start - 1, start), (stop, stop - 1)):
            if 0 <= k < len(raws) and k not in removed and lines[min(k, j)][1] == lines[max(k, j)][0] and option_line(raws[k]):
                return True
    marks = {log_mark(raws[k]) for k in range(start, stop)}
    logged = len(marks) == 1 and None not in marks
    if lines is not None and (logged or all(is_field(raws[k]) for k in range(start, stop))):
        for k, j in ((start - 1, start), (stop, stop - 1)):  # a neighbour, and the run's unit next to it
            on_next_line = 0 <= k < len(raws) and lines[min(k, j)][1] == lines[max(k, j)][0]
            if not on_next_line or k in removed:
                continue
            if log_mark(raws[k]) in marks if logged else is_field(raws[k]):
                return True
    listed = list(list_kinds(kinds, [tagged(raw) for raw in raws]))  # tagged paragraphs are list items too
    for k in range(start, stop):
        s = source + k - start
        section = _section(kinds, raws, k)
        if 0 <= section < start and section not in removed and 0 <= _section(kinds, raws, s) != section:
            return True
        parent = _parent(indents, k) if any(indents) else -1
        if 0 <= parent < start and parent not in removed and 0 <= _parent(indents, s) != parent:
            return True
        lead = _list(listed, indents, k)
        # (the copy's list by its opening, even a lone item's)
        if 0 <= lead < start and lead not in removed and 0 <= _opening(listed, indents, s) != lead:
            items = [j for j in range(len(kinds)) if _list(listed, indents, j) == lead]
            if min(items) < start or max(items) >= stop:
                return True  # part of a list, copies of another list's items
    # a parent (a heading, a less indented unit, a list's opening) whose next child stays
    return stop < len(kinds) and (
        start <= _section(kinds, raws, stop) < stop
        or (any(indents) and start <= _parent(indents, stop) < stop)
        or start <= _list(listed, indents, stop) < stop
    )


@dataclass(frozen=True)
class RefRun:
    """Paragraphs ``start..start+length-1`` repeat ``source..source+length-1``."""

    start: int
    length: int
    source: int


def plan_runs(normals: list[Unit], threshold: float, min_chars: int) -> list[RefRun]:
    """Rule 5 by brute force over every earlier start."""
    n = len(normals)
    runs: list[RefRun] = []
    kinds = [unit.kind for unit in normals]
    indents = [_indent(unit.raw) for unit in normals]
    removed: set[int] = set()
    i = 0
    while i < n:
        best, source = 0, -1
        for j in range(i):  # every earlier start, in increasing order
            length = 0
            # extend while the source run still ends before i and the run stays in the text
            while j + length < i and i + length < n:
                if _pair(normals[j + length], normals[i + length], threshold) is None:
                    break
                length += 1
            if length > best:  # strictly longer: the earliest j wins a tie
                best, source = length, j
        weight = sum(size(normals[k].normal.text) for k in range(i, i + best))
        if best > 0 and weight >= min_chars:
            raws, texts = [unit.raw for unit in normals], [unit.normal.text for unit in normals]
            lines = [unit.lines for unit in normals if unit.lines is not None]
            known = lines if len(lines) == n else None
            if not structure_refuses(kinds, raws, texts, indents, removed, i, best, source, known):
                runs.append(RefRun(i, best, source))
                removed.update(range(i, i + best))
                i += best
            else:
                i += 1
        else:
            i += 1
    return runs


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line; a line ends after '\\n', the last may lack it."""
    spans = []
    start = 0
    for k, ch in enumerate(text):
        if ch == "\n":
            spans.append((start, k + 1))
            start = k + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class RefFinding:
    """Same fields as :class:`dedup.Finding`."""

    line_start: int
    line_end: int
    start: int
    end: int
    source_line_start: int
    source_line_end: int
    source_start: int
    source_end: int
    paragraphs: int
    size: int
    score: float
    kind: str


@dataclass(frozen=True)
class RefPass:
    """One application of the rule: the text it read, its runs and their spans."""

    text: str
    runs: list[RefRun]
    spans: list[tuple[int, int]]
    normals: list[Unit]


def one_pass(text: str, threshold: float, min_chars: int, unit: str, wrap_width: int) -> RefPass:
    lay = layout(text, unit, wrap_width)
    paragraphs = lay.paragraphs
    kinds = lay.kinds
    normals = [
        Unit(text[p.start : p.end], normalize(text[p.start : p.end]), kind, (p.first, p.last))
        for p, kind in zip(paragraphs, kinds)
    ]
    runs = plan_runs(normals, threshold, min_chars)
    lines = _lines(text)
    blank = lay.blank  # which lines separate blocks is the layout's to say (blank, "%", " .")
    spans = []
    for run in runs:
        first_line = paragraphs[run.start].first
        last_line = paragraphs[run.start + run.length - 1].last - 1  # inclusive
        # sanity: the layout's lines are ours
        assert lines[first_line][0] == paragraphs[run.start].start
        assert lines[last_line][1] == paragraphs[run.start + run.length - 1].end
        line = first_line
        ends_block = last_line + 1 == len(lines) or blank[last_line + 1]
        if ends_block:
            while line > 0 and blank[line - 1]:
                line -= 1
        spans.append((lines[line][0], lines[last_line][1]))
    return RefPass(text, runs, spans, normals)


def reference_passes(
    text: str,
    threshold: float = 0.9,
    min_chars: int = 40,
    unit: str = "auto",
    wrap_width: int = 100,
) -> tuple[str, list[RefFinding], list[RefPass]]:
    """Apply the rule until nothing changes, or for 16 passes that remove something:
    the output, the findings (in the coordinates of ``text``, sorted by position) and
    every pass."""
    original = text
    # position[k] is where character k of the current text was in the original
    position = list(range(len(text)))

    def line_of(offset: int) -> int:
        return original.count("\n", 0, offset) + 1

    findings: list[RefFinding] = []
    passes: list[RefPass] = []
    while len(passes) < 16:  # the engine's MAX_PASSES
        step = one_pass(text, threshold, min_chars, unit, wrap_width)
        if not step.runs:
            break
        passes.append(step)
        paragraphs = layout(text, unit, wrap_width).paragraphs
        for run, (s, e) in zip(step.runs, step.spans):
            first, last = paragraphs[run.start], paragraphs[run.start + run.length - 1]
            src_first, src_last = paragraphs[run.source], paragraphs[run.source + run.length - 1]
            pairs = [
                _pair(step.normals[run.source + k], step.normals[run.start + k], threshold)
                for k in range(run.length)
            ]
            exact = all(
                step.normals[run.source + k].normal.text == step.normals[run.start + k].normal.text
                for k in range(run.length)
            )
            findings.append(
                RefFinding(
                    line_start=line_of(position[first.start]),
                    line_end=line_of(position[last.end - 1]),
                    start=position[s],
                    end=position[e - 1] + 1,
                    source_line_start=line_of(position[src_first.start]),
                    source_line_end=line_of(position[src_last.end - 1]),
                    source_start=position[src_first.start],
                    source_end=position[src_last.end - 1] + 1,
                    paragraphs=run.length,
                    size=sum(size(step.normals[run.start + k].normal.text) for k in range(run.length)),
                    score=min(p for p in pairs if p is not None),
                    kind="exact" if exact else "near",
                )
            )
        removed = set()
        for s, e in step.spans:
            removed.update(range(s, e))
        text = "".join(ch for k, ch in enumerate(text) if k not in removed)
        position = [p for k, p in enumerate(position) if k not in removed]
    findings.sort(key=lambda f: (f.start, f.end))
    return text, findings, passes


def reference_clean(
    text: str,
    threshold: float = 0.9,
    min_chars: int = 40,
    unit: str = "auto",
    wrap_width: int = 100,
) -> str:
    """The cleaned text under the rule."""
    return reference_passes(text, threshold, min_chars, unit, wrap_width)[0]


def reference_first_spans(
    text: str,
    threshold: float = 0.9,
    min_chars: int = 40,
    unit: str = "auto",
    wrap_width: int = 100,
) -> list[tuple[int, int]]:
    """The character spans ``[start, end)`` the first pass removes."""
    return one_pass(text, threshold, min_chars, unit, wrap_width).spans
