"""Composing the edits of successive passes into net edits of the original text.

Each pass edits the text the passes before it left. ``compose`` folds its edits into
the net edits so far, which are kept in the coordinates of the original text: sorted,
disjoint, each replacing ``source[start:end]`` by ``out``. Edits that overlap, directly
or through each other, become one net edit that names every pass involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dedup.text.fixes_passes import ORDER, Edit


@dataclass(slots=True)
class Net:
    """One net edit: input ``[start, end)`` -> ``out``, by ``fixes``, the last ``fix``."""

    start: int
    end: int
    out: str
    fixes: tuple[str, ...]
    fix: str


def _order(names: list[str]) -> tuple[str, ...]:
    return (names[0],) if len(names) == 1 else tuple(sorted(set(names), key=ORDER.index))


@dataclass(slots=True)
class _Group:
    """New edits and the old edits they overlap, in ``current`` coordinates ``[lo, hi)``."""

    lo: int
    hi: int
    shift: int  # how far the old edits before the group moved ``current`` from ``source``
    edits: list[Edit]
    fixes: list[str]
    inner: int = 0  # the same, for the old edits in the group
    last_old: tuple[int, int] | None = None  # current start and length of the last old edit


def compose(net: list[Net], edits: list[Edit], current: str, source: str, fix: str) -> list[Net]:
    """Fold one pass's ``edits`` of ``current`` (``source`` with ``net`` applied) into ``net``.

    New and old edits that overlap, directly or through each other, become one.
    """
    result: list[Net] = []
    whole_lines = fix == "blank-lines"
    i, shift = 0, 0
    group: _Group | None = None

    def flush(g: _Group) -> None:
        out, pos = [], g.lo
        for cs, ce, rep in g.edits:
            out += [current[pos:cs], rep]
            pos = ce
        out.append(current[pos : g.hi])
        start, end, text = g.lo - g.shift, g.hi - g.shift - g.inner, "".join(out)
        if text != source[start:end]:
            result.append(Net(start, end, text, _order(g.fixes), fix))

    for cs, ce, rep in edits:
        if group is not None and group.last_old and not _before(*group.last_old, cs, whole_lines):
            group.edits.append((cs, ce, rep))  # overlaps the group's last old edit
            group.hi = max(group.hi, ce)
        else:
            if group is not None:
                flush(group)
                shift += group.inner
            # An old edit is before this one if its output ends at or before ``cs``,
            # except that a line deletion takes in an old deletion sitting at its
            # start (which was at the start of that line).
            while i < len(net) and _before(net[i].start + shift, len(net[i].out), cs, whole_lines):
                shift += len(net[i].out) - (net[i].end - net[i].start)
                result.append(net[i])
                i += 1
            if i == len(net) or net[i].start + shift >= ce:  # touches no old edit
                group = None
                result.append(Net(cs - shift, ce - shift, rep, (fix,), fix))
                continue
            group = _Group(cs, ce, shift, [(cs, ce, rep)], [fix])
        while i < len(net) and net[i].start + shift + group.inner < ce:  # overlaps: merge
            old, at = net[i], net[i].start + shift + group.inner
            group.lo, group.hi = min(group.lo, at), max(group.hi, at + len(old.out))
            group.inner += len(old.out) - (old.end - old.start)
            group.fixes.extend(old.fixes)
            group.last_old = (at, len(old.out))
            i += 1
    if group is not None:
        flush(group)
    result.extend(net[i:])
    return result


def _before(start: int, length: int, cs: int, whole_lines: bool) -> bool:
    end = start + length
    return end < cs or (end == cs and (length > 0 or not whole_lines))


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    parts, pos = [], 0
    for start, end, rep in edits:
        parts += [text[pos:start], rep]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


