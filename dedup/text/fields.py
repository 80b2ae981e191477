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


class Stretch:
    """Where the stretch of units of one mark (``mark_of``, None for none) that a unit
    is in goes on to, read from that unit on and remembered: the planner asks about
    runs at increasing units, and after a refusal again one unit on, inside the
    stretch it read. Each stretch is read once a pass, and nothing is read of the
    units no run is asked about (a document of a million units, most never asked
    about, would pay for every one of them).

    >>> stretch = Stretch(["a: 1", "b: 2", "text", "c: 3"], _field)
    >>> stretch.from_unit(0), stretch.from_unit(1), stretch.from_unit(2)
    ((True, 2), (True, 2), (None, 3))
    """

    def __init__(self, items: Sequence[str], mark_of: Callable[[str], object]) -> None:
        self.items, self.mark_of = items, mark_of
        self.first = self.end = 0
        self.mark: object = None

    def from_unit(self, start: int) -> tuple[object, int]:
        """The mark of unit ``start`` and where its stretch ends (after ``start``)."""
        if not self.first <= start < self.end:
            mark, end = self.mark_of(self.items[start]), start + 1
            if mark is not None:
                while end < len(self.items) and self.mark_of(self.items[end]) == mark:
                    end += 1
            self.first, self.end, self.mark = start, end, mark
        return self.mark, self.end

    def mark_at(self, k: int) -> object:
        """The mark of unit ``k``."""
        return self.mark if self.first <= k < self.end else self.mark_of(self.items[k])


class Records:
    """A document's units as parts of records, logs, command lines and grammars, for
    :class:`dedup.text.sections.Structure` to ask of every run it is asked about.

    Whether a run is all of one mark is read once a stretch (:class:`Stretch`): the
    planner asks again one unit on after a refusal, and reading the run each time made
    a refused run of *n* units cost *n*\u00b2 (a log of 4,000 lines doubled, its last
    line changed in the copy: 23 s; 8,000 productions: 12 s).

    ``joined(k)``: units ``k`` and ``k + 1`` have no blank line between them;
    ``staying(k)``: unit ``k`` is in no run taken before.
    """

    def __init__(self, raws: Sequence[str]) -> None:
        self.raws = raws
        self._stretches: dict[Callable[[str], object], Stretch] = {}
        self._grammar = (0, 0, -1)  # the last production asked about: (it, its grammar's end, its depth)

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
        raws = self.raws
        if not is_production(raws[start]):
            return False
        depth = indent(raws[start])

        def grammar(k: int) -> bool:
            return is_production(raws[k]) or indent(raws[k]) > depth

        first, end, known = self._grammar
        if not (first <= start < end and known == depth):
            # (a production after the last one asked about, inside its grammar and as
            # deep, ends where it ends: the units between are productions or deeper)
            end = start + 1
            while end < len(raws) and grammar(end):
                end += 1
            self._grammar = (start, end, depth)
        if end < stop:
            return False
        return (start > 0 and staying(start - 1) and grammar(start - 1)) or (
            stop < len(raws) and staying(stop) and grammar(stop)
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
        if mark_of not in self._stretches:
            self._stretches[mark_of] = Stretch(self.raws, mark_of)
        stretch = self._stretches[mark_of]
        mark, end = stretch.from_unit(start)
        if mark is None or end < stop:
            return False
        before, after = start - 1, stop
        return (before >= 0 and joined(before) and staying(before) and stretch.mark_at(before) == mark) or (
            after < len(self.raws) and joined(stop - 1) and staying(after) and stretch.mark_at(after) == mark
        )
