"""Records of fields: blocks of ``Name: value`` lines, such as a Debian control
stanza (``Types: deb`` / ``URIs: ...`` / ``Suites: ...``), an e-mail's or an HTTP
message's headers. A record's fields say one thing together: the same first four
fields in two stanzas, one of them with a fifth, are two records, and removing the
four from the second would leave its fifth field standing alone under the record
before. :class:`dedup.text.sections.Structure` asks :meth:`Records.cuts_record` of every run.

Logs and transcripts are records too: units on consecutive lines whose every line
opens with the same mark, a process's id (``==15377==``), a prompt (``$``, ``>>>``), a time,
an object's path. Their
lines repeat as data (the same error reported twice, the same command run again), and
removing some of them leaves a log that says another thing (:meth:`Records.cuts_log`).

A grammar's productions (``SELECTOR := [ src ADDR ] ...``, one a paragraph) are a
record as well: ip-xfrm(8) defines ``SELECTOR``, ``LIMIT`` and ``FLAG`` for its
``state`` commands, then again for its ``policy`` commands, where ``FLAG`` is
another thing; taking the policy block's copies of the others would leave it
defining ``FLAG`` and not ``SELECTOR`` (:meth:`Records.cuts_grammar`).

And so are the lines of a command line's arguments, one option a line (gcloud's
"Shorthand Example:" gives ``--window=day=string,...`` twice, on two lines, to show
that the option may be given twice): the second line is the option given again, not
a copy (:meth:`Records.cuts_options`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from dedup.text.marks import MARKER
from dedup.text.patterns import later_re
from dedup.text.width import indent

# One line: a name (a letter, then at most 40 letters, digits, ``_``, ``-``, ``.``), a
# colon, a space or tab and a value.
_FIELD = later_re(r"[ \t]*[A-Za-z][\w.-]{0,40}:[ \t]+\S[^\n]*\n?\Z")
# One option of a command line and its value, alone on its line: a dash or two, a
# name, perhaps ``=`` and a value without spaces.
_OPTION_LINE = later_re(r"[ \t]*--?[A-Za-z][\w.-]*(?:=\S*)?[ \t]*\r?\n?\Z")
# A production: a name (as a field's, or in angle brackets), ``:=`` or ``::=``, and a
# space or the line's end.
_PRODUCTION = later_re(r"[ \t]*(?:[A-Za-z][\w.-]{0,40}|<[\w.-]{1,40}>)[ \t]*::?=(?:[ \t]|\r?\n|\Z)")


def is_field(raw: str) -> bool:
    """Whether a unit is one ``Name: value`` line.

    >>> is_field("           Types: deb\\n"), is_field("Architectures: amd64 armel")
    (True, True)
    >>> is_field("Note: see below.\\nA second line."), is_field("http://example.invalid/"), is_field("Usage:")
    (False, False, False)
    """
    return ":" in raw and _FIELD.match(raw) is not None


def _field(raw: str) -> bool | None:
    """A record's field's mark: one for every field (True), None for anything else."""
    return is_field(raw) or None


def option_line(raw: str) -> bool:
    """Whether a unit is one option of a command line, alone on its line.

    >>> option_line("   --maintenance-window=day=string,startTime={hours=int}"), option_line("-v")
    (True, True)
    >>> option_line("--verbose  Say more."), option_line("- an item"), option_line("---")
    (False, False, False)
    """
    return "-" in raw and _OPTION_LINE.match(raw) is not None


def _option(raw: str) -> bool | None:
    """An option line's mark: one for every option line (True), None for anything else."""
    return option_line(raw) or None


def is_production(raw: str) -> bool:
    """Whether a unit opens with a grammar's production (``NAME := ...``)."""
    return "=" in raw and _PRODUCTION.match(raw) is not None


def log_mark(raw: str) -> str | None:
    """The mark a unit's lines open with when they may be a log's or a transcript's:
    the first token of each of its lines, when that is one token for all of them, is
    no word (no letter in it, or a digit or a ``/`` beside them) and no list marker;
    else None.

    >>> log_mark("==15377==\\n==15377==    at 0x80484EA: fun_d (inlinfo.c:6)\\n"), log_mark("$ make install")
    ('==15377==', '$')
    >>> log_mark("/org/example/Device/41: PropertiesChanged (0x5c,)"), log_mark("Copyright (C) 2004 A. Writer")
    ('/org/example/Device/41:', None)
    >>> log_mark("  * Update lintian overrides"), log_mark("2. Run it"), log_mark("Plain text"), log_mark("$ a\\nb")
    (None, None, None, None)
    """
    mark = None
    for line in raw.splitlines():
        token = line.split(None, 1)[0] if line.strip() else ""
        if mark is None:
            if not token or MARKER.match(token) or not _mark_like(token):  # (a list's item: no log's)
                return None
            mark = token
        elif token != mark:
            return None
    return mark


def _mark_like(token: str) -> bool:
    """Whether a line's first token may be a log's mark: no letter in it, or a digit
    or a ``/`` beside its letters (an object's path, a host, a date: not a word)."""
    return not any(c.isalpha() for c in token) or any(c.isdigit() or c == "/" for c in token)


class Records:
    """A document's units as parts of records, logs, command lines and grammars, for
    :class:`dedup.text.sections.Structure` to ask of every run it is asked about.

    Each kind of mark is read once for all the units, with where each unit's stretch
    of units of one mark ends: whether a run is all of one mark is then a lookup. The
    planner asks again one unit on after a refusal, and reading the run each time made
    a refused run of *n* units cost *n*\u00b2 (a log of 4,000 lines doubled, its last
    line changed in the copy: 23 s; 8,000 productions: 12 s).

    ``joined(k)``: units ``k`` and ``k + 1`` have no blank line between them;
    ``staying(k)``: unit ``k`` is in no run taken before.
    """

    def __init__(self, raws: Sequence[str]) -> None:
        self.raws = raws
        self._read: dict[Callable[[str], object], tuple[list[object], list[int]]] = {}
        self._grammar: tuple[list[bool], list[int], list[int]] | None = None

    def cuts_record(self, joined: Callable[[int], bool], staying: Callable[[int], bool], start: int, stop: int) -> bool:
        """Whether the run of units ``[start, stop)`` is fields of a record that has a
        field staying: the unit right before the run or right after it, on the next
        line, a field that stays.

        >>> records = Records(["Types: deb\\n", "URIs: http://example.invalid\\n", "Suites: stable\\n", "Arch: armel\\n"])
        >>> records.cuts_record(lambda k: True, lambda k: True, 0, 3)
        True
        >>> records.cuts_record(lambda k: k != 2, lambda k: True, 0, 3)  # a blank line after the third
        False
        >>> records.cuts_record(lambda k: True, lambda k: False, 0, 3)  # the fourth goes too
        False
        """
        return self._cuts(_field, joined, staying, start, stop)

    def cuts_log(self, joined: Callable[[int], bool], staying: Callable[[int], bool], start: int, stop: int) -> bool:
        """Whether the run of units ``[start, stop)`` is lines of a log that has a line
        staying: every unit of the run opens with the same :func:`log_mark`, and so
        does the unit right before the run or right after it, on the next line, which
        stays.

        >>> log = Records(["==7== Invalid read\\n", "==7==    at 0x1: f\\n", "==7==\\n", "==7== Invalid read\\n", "==7==    at 0x2: g\\n"])
        >>> log.cuts_log(lambda k: True, lambda k: True, 3, 4)  # a report's first line, its second left
        True
        >>> log.cuts_log(lambda k: True, lambda k: True, 3, 5)  # a whole report, the log before it left
        True
        >>> log.cuts_log(lambda k: True, lambda k: False, 3, 5)  # the whole log goes
        False
        """
        return self._cuts(log_mark, joined, staying, start, stop)

    def cuts_options(self, joined: Callable[[int], bool], staying: Callable[[int], bool], start: int, stop: int) -> bool:
        """Whether the run of units ``[start, stop)`` is option lines of a command line
        (each one option and its value, alone: :func:`option_line`) with an option line
        on the line right before or right after it staying.

        >>> lines = Records(["  --window=day=string\\n", "  --window=day=string\\n", "  --verbose\\n", "Done.\\n"])
        >>> lines.cuts_options(lambda k: True, lambda k: True, 1, 2), lines.cuts_options(lambda k: k != 0, lambda k: True, 1, 3)
        (True, False)
        """
        return self._cuts(_option, joined, staying, start, stop)

    def cuts_grammar(self, staying: Callable[[int], bool], start: int, stop: int) -> bool:
        """Whether the run of units ``[start, stop)`` is productions of a grammar (it
        opens with one, and each of its units is one or a line of one, indented deeper
        than the first) that goes on, staying, right before or right after the run: a
        production, or a line of one, there (blank lines between them or not).

        >>> grammar = Records(["ID := [ src ADDR ]\\n", "MODE := transport |\\n", "   tunnel\\n", "FLAG := localok\\n", "See below.\\n"])
        >>> grammar.cuts_grammar(lambda k: True, 0, 3), grammar.cuts_grammar(lambda k: k != 3, 0, 3)
        (True, False)
        >>> grammar.cuts_grammar(lambda k: True, 1, 3), grammar.cuts_grammar(lambda k: True, 3, 5)  # a sentence: no production
        (True, False)
        """
        if self._grammar is None:
            self._grammar = _grammars(self.raws)
        productions, indents, ends = self._grammar
        if not productions[start] or ends[start] < stop:
            return False
        depth = indents[start]

        def grammar(k: int) -> bool:
            return productions[k] or indents[k] > depth

        return (start > 0 and staying(start - 1) and grammar(start - 1)) or (
            stop < len(productions) and staying(stop) and grammar(stop)
        )

    def _cuts(
        self,
        mark_of: Callable[[str], object],
        joined: Callable[[int], bool],
        staying: Callable[[int], bool],
        start: int,
        stop: int,
    ) -> bool:
        """Whether every unit of the run ``[start, stop)`` has one mark (``mark_of``,
        None for none), and so has the unit right before it or right after it, on the
        next line, which stays: the run would take part of a record."""
        if mark_of not in self._read:
            self._read[mark_of] = marked_stretches(self.raws, mark_of)
        marks, ends = self._read[mark_of]
        mark = marks[start]
        if mark is None or ends[start] < stop:
            return False
        before, after = start - 1, stop
        return (before >= 0 and joined(before) and staying(before) and marks[before] == mark) or (
            after < len(marks) and joined(stop - 1) and staying(after) and marks[after] == mark
        )


def marked_stretches(raws: Sequence[str], mark_of: Callable[[str], object]) -> tuple[list[object], list[int]]:
    """Each unit's mark, and where the stretch of units of its mark from it ends (so
    that whether units ``[start, stop)`` have one mark is ``ends[start] >= stop``).

    >>> marked_stretches(["a: 1", "b: 2", "text", "c: 3"], _field)
    ([True, True, None, True], [2, 2, 3, 4])
    """
    marks = [mark_of(raw) for raw in raws]
    ends = [0] * len(marks)
    end = len(marks)
    for k in range(len(marks) - 1, -1, -1):
        if k + 1 < len(marks) and marks[k + 1] != marks[k]:
            end = k + 1
        ends[k] = end
    return marks, ends


def _grammars(raws: Sequence[str]) -> tuple[list[bool], list[int], list[int]]:
    """Each unit's being a production, its indentation, and for a production where
    its grammar ends: the first unit after it that is neither a production nor
    indented deeper than it (for any other unit, itself). From the end, a stack of the
    units that are no production, each shallower than the one above it: a unit
    deeper than the one before it is no end for it, nor for any production before it
    that the nearer one ends.

    >>> _grammars(["A := x", "  y", "B := z", "prose", "C := w"])[2]
    [3, 1, 3, 3, 5]
    """
    productions = [is_production(raw) for raw in raws]
    indents = [indent(raw) for raw in raws]
    ends = list(range(len(raws)))
    stack: list[int] = []  # units that are no production, the nearest on top
    depths: list[int] = []  # their indentation, increasing to the top
    for k in range(len(raws) - 1, -1, -1):
        if productions[k]:
            shallow = bisect_right(depths, indents[k])  # those as shallow as it, or more
            ends[k] = stack[shallow - 1] if shallow else len(raws)
        else:
            while depths and depths[-1] >= indents[k]:
                stack.pop()
                depths.pop()
            stack.append(k)
            depths.append(indents[k])
    return productions, indents, ends
