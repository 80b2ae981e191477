"""Opt-in cleaning passes, beside dedup: pure functions from text to text plus a record.

Passes, in the fixed order they run (``PASSES``), whatever order they are given in:

1. ``unicode``: repair mojibake with ftfy (``Ã©tÃ©`` -> ``été``), and nothing else:
   no HTML unescaping, no quote, width or ligature changes, no normalisation, line
   endings untouched.
2. ``invisible``: delete C0/C1 control characters except tab, LF and CR; soft hyphen,
   zero width space, word joiner and other invisible operators; a BOM anywhere but at
   offset 0. ZWNJ/ZWJ, bidi marks and isolates are kept: they carry meaning in
   Persian, Indic and RTL text and in emoji sequences.
3. ``nfc``: normalise lines that are not NFC to NFC.
4. ``nfkc``: the same for NFKC (this also folds fullwidth CJK punctuation such as
   ``，`` to ASCII, which is what NFKC means).
5. ``trailing-space``: delete spaces and tabs at the end of a line's content.
6. ``blank-lines``: delete leading and trailing blank lines and all but the first of
   each run of blank lines; the first of a run stays as it was. A line is blank as in
   the rule (``not line.strip()``), a BOM counting as nothing; a BOM at offset 0 stays.
   Only whole blank lines go, so the last non-blank line keeps its newline: a final
   newline stays, and a document whose last line was blank without one (``"a\\n  "``)
   ends up with the newline of ``a``.
7. ``line-endings=lf|crlf``: make every line ending ``\\n`` or ``\\r\\n``. A run of
   ``\\r`` before ``\\n`` counts as one ending; a ``\\r`` alone is not an ending.
8. ``empty-docs``: no edit; ``FixResult.empty`` says whether the text left by the other
   passes is empty or whitespace-only (BOMs ignored), for the caller to drop the
   document and report it.

Lines are those of the rule (:func:`dedup.text.layout.split_lines`): a line ends after
``\\n``; its *ending* is that ``\\n`` with any ``\\r`` right before it. Each pass but
``blank-lines`` edits inside single lines, and only lines it has a reason to change.

The order is chosen so that no pass makes work for an earlier one in ordinary text:
normal forms never contain invisible characters, trailing spaces left by ``nfkc``
(``U+3000`` -> space) go in ``trailing-space``, lines emptied by the earlier passes go
in ``blank-lines``. Where one still does (deleting a control character from the middle
of a mojibake sequence lets ftfy repair it), the whole order runs again, up to
``MAX_ROUNDS`` times, until a round changes nothing. So the passes are idempotent:
``apply_fixes(apply_fixes(x, f).text, f).changes == ()``.

Positions. Every ``FixChange`` is in the coordinates of the text given to
:func:`apply_fixes`: ``[start, end)`` are offsets in it, and its lines are 1-based
lines of it. The changes are sorted and disjoint, and replacing each span by its
``replacement`` gives ``FixResult.text``. When several passes edit the same characters
(``nfkc`` turns a trailing ``U+00A0`` into a space that ``trailing-space`` deletes;
``blank-lines`` deletes a line whose spaces ``trailing-space`` already stripped) they
make one change: ``fixes`` names them all, and ``fix`` the one that ran last, whose
result the replacement is.

With dedup (:func:`dedup.text.fixes_dedup.clean_and_fix`, which builds on this module
and is not imported by it). The passes run
first, dedup runs on what they leave, and ``blank-lines`` (if chosen) runs once more
on dedup's output, to tidy the blank lines its removals can leave; ``empty-docs``
looks at the final text. Dedup then compares repaired text, and the whole is
idempotent, which dedup-first is not (a pass can make two paragraphs equal, e.g. a
repaired mojibake copy, or split a block glued by a zero width space, and a second run
would remove more). The findings and the changes are all reported in the input's
coordinates: disjoint, and deleting the findings' spans and replacing the changes'
spans turns the input into the final text.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from dedup.errors import ConfigError
from dedup.result import Finding
from dedup.text.fixes_compose import Net, apply_edits, compose
from dedup.text.fixes_passes import ORDER, PASS_FUNCTIONS, is_blank, require_ftfy
from dedup.text.layout import line_starts

PASSES: tuple[str, ...] = ORDER
LINE_ENDINGS: tuple[str, ...] = ("lf", "crlf")
CHOICES: tuple[str, ...] = tuple(
    choice
    for name in PASSES
    for choice in ([f"{name}={value}" for value in LINE_ENDINGS] if name == "line-endings" else [name])
)
MAX_ROUNDS = 8

__all__ = [
    "CHOICES",
    "PASSES",
    "FixChange",
    "FixResult",
    "FixSpec",
    "FixSummary",
    "FixedResult",
    "apply_fixes",
    "parse_fix",
    "parse_fixes",
    "summarize",
]


@dataclass(frozen=True, slots=True)
class FixSpec:
    """One chosen pass: ``name`` from ``PASSES``, ``value`` for ``line-endings``."""

    name: str
    value: str | None = None

    def __str__(self) -> str:
        return self.name if self.value is None else f"{self.name}={self.value}"


@dataclass(frozen=True, slots=True)
class FixChange:
    """One change, in the coordinates of the text given to :func:`apply_fixes`.

    Attributes:
        fix: the pass that made ``replacement`` (the last of ``fixes``).
        line_start, line_end: 1-based, inclusive lines of ``[start, end)`` (for an
            insertion, the line it is in).
        start, end: character offsets of the replaced span.
        removed: characters removed, ``end - start``.
        added: characters put in their place, ``len(replacement)``.
        replacement: the new text of the span.
        fixes: every pass that edited these characters, in pass order.
    """

    fix: str
    line_start: int
    line_end: int
    start: int
    end: int
    removed: int
    added: int
    replacement: str
    fixes: tuple[str, ...]

    @property
    def counts(self) -> str:
        """What the change did, in words, as every report says it.

        >>> FixChange("spaces", 1, 1, 0, 1, 1, 0, "", ("spaces",)).counts
        '1 character removed, 0 added'
        """
        return f"{self.removed} character{'' if self.removed == 1 else 's'} removed, {self.added} added"


@dataclass(frozen=True, slots=True)
class FixResult:
    """The fixed ``text``, its ``changes`` ordered by position, and the empty-docs flag.

    ``empty`` is True only when ``empty-docs`` was asked for and ``text`` is empty or
    whitespace-only (BOMs ignored).
    """

    text: str
    changes: tuple[FixChange, ...]
    empty: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True, slots=True)
class FixSummary:
    """Totals of one pass: its changes, the distinct lines they touch, characters."""

    fix: str
    changes: int
    lines: int
    removed: int
    added: int


@dataclass(frozen=True, slots=True)
class FixedResult:
    """What :func:`dedup.text.fixes_dedup.clean_and_fix` gives: the final ``text``; dedup's ``findings`` and
    the passes' ``changes``, both in the coordinates of its input; and whether
    ``empty-docs`` flags the final text."""

    text: str
    findings: tuple[Finding, ...]
    changes: tuple[FixChange, ...]
    empty: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.findings or self.changes)


def parse_fix(spec: str) -> FixSpec:
    """Read one ``--fix`` value: a name of ``PASSES``, ``line-endings`` with ``=lf|crlf``.

    >>> parse_fix("line-endings=crlf")
    FixSpec(name='line-endings', value='crlf')
    >>> parse_fix("trailing_space")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.errors.ConfigError: unknown fix 'trailing_space' (did you mean 'trailing-space'?); choose from unicode, ...
    """
    text = spec.strip()
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if name not in PASSES:
        close = difflib.get_close_matches(name.replace("_", "-").lower(), PASSES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"unknown fix {text!r}{hint}; choose from {', '.join(CHOICES)}")
    if name == "line-endings":
        if value not in LINE_ENDINGS:
            got = f", got {value!r}" if sep else ""
            raise ConfigError(f"fix line-endings needs a value: line-endings=lf or line-endings=crlf{got}")
        return FixSpec(name, value)
    if sep:
        raise ConfigError(f"fix {name} takes no value, got {text!r}")
    return FixSpec(name)


def parse_fixes(specs: Iterable[str | FixSpec]) -> tuple[FixSpec, ...]:
    """Read several ``--fix`` values (each may hold several, comma-separated).

    Returns them once each, in the order they run. Two different ``line-endings``
    values are an error.

    >>> [str(f) for f in parse_fixes(["blank-lines,nfc", "line-endings=lf", "nfc"])]
    ['nfc', 'blank-lines', 'line-endings=lf']
    """
    found: dict[str, FixSpec] = {}
    for item in specs:
        parsed = [item] if isinstance(item, FixSpec) else [parse_fix(s) for s in item.split(",") if s.strip()]
        for fix in parsed:
            if fix.name not in PASSES:
                raise ConfigError(f"unknown fix {str(fix)!r}; choose from {', '.join(CHOICES)}")
            other = found.setdefault(fix.name, fix)
            if other != fix:
                raise ConfigError(f"conflicting fixes: {other} and {fix}")
    return tuple(sorted(found.values(), key=lambda f: PASSES.index(f.name)))


def changes_of(text: str, net: Iterable[Net]) -> tuple[FixChange, ...]:
    """The net edits as changes, with their lines in ``text``."""
    starts = line_starts(text, after_final_newline=False)
    last = len(starts)
    out = []
    for e in net:
        first = min(bisect_right(starts, e.start), last)
        end = first if e.end <= e.start + 1 else min(bisect_right(starts, e.end - 1, first - 1), last)
        out.append(FixChange(e.fix, first, end, e.start, e.end, e.end - e.start, len(e.out), e.out, e.fixes))
    return tuple(out)


def is_empty(text: str) -> bool:
    """Empty or whitespace-only, BOMs counting as nothing."""
    return is_blank(text)


def apply_fixes(text: str, fixes: Iterable[FixSpec | str]) -> FixResult:
    """Run the chosen passes on ``text``, in the order of ``PASSES``.

    Args:
        text: one decoded document.
        fixes: ``FixSpec`` values or their spellings (``"line-endings=lf"``).

    Returns:
        The fixed text, the changes in ``text``'s coordinates, and the empty flag.

    Raises:
        ConfigError: an unknown fix or conflicting ``line-endings`` values.

    >>> r = apply_fixes("cafe\\u0301  \\r\\n\\r\\n\\r\\nfin", ["trailing-space", "blank-lines", "nfc"])
    >>> r.text
    'café\\r\\n\\r\\nfin'
    >>> [(c.fix, c.line_start, c.start, c.end, c.replacement) for c in r.changes]
    [('nfc', 1, 3, 5, 'é'), ('trailing-space', 1, 5, 7, ''), ('blank-lines', 3, 11, 13, '')]
    """
    plan = parse_fixes(fixes)
    steps = [(f.name, f.value) for f in plan if f.name in PASS_FUNCTIONS]
    if any(name == "unicode" for name, _ in steps):
        require_ftfy()
    net: list[Net] = []
    current = text
    for _ in range(MAX_ROUNDS):
        changed = False
        for name, value in steps:
            edits = PASS_FUNCTIONS[name](current, value)
            if edits:
                net = compose(net, edits, current, text, name)
                current = apply_edits(current, edits)
                changed = True
        if not changed:
            break
    changes = changes_of(text, net)
    empty = any(f.name == "empty-docs" for f in plan) and is_empty(current)
    return FixResult(current, changes, empty)


def summarize(changes: Iterable[FixChange]) -> tuple[FixSummary, ...]:
    """Totals per pass (by ``FixChange.fix``), in pass order, passes with changes only."""
    totals: dict[str, tuple[int, set[int], int, int]] = {}
    for c in changes:
        count, lines, removed, added = totals.get(c.fix, (0, set(), 0, 0))
        lines.update(range(c.line_start, c.line_end + 1))
        totals[c.fix] = (count + 1, lines, removed + c.removed, added + c.added)
    return tuple(
        FixSummary(fix, count, len(lines), removed, added)
        for fix, (count, lines, removed, added) in sorted(totals.items(), key=lambda kv: PASSES.index(kv[0]))
    )

