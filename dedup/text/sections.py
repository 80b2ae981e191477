"""What removing a run may not break: the structure the layout's units describe.

A repeat is boilerplate when it is dropped between content unrelated to it; it is
structure when it marks something where it stands. Every unit may have two
*parents*: the heading whose section it is in (for a heading, the nearest heading
of a higher level; a line that opens with a copyright notice heads what follows it
too, and a Debian ``Files:`` field heads its stanza), and the nearest unit before it
that is less indented (a changelog entry's header over its items, a vendor over its
device rows, a man page's section over its options, a ``License:`` field over its
text). The planner asks :meth:`Structure.refuses` of every run it would remove, and
keeps the run when:

* **it is only headings**: a heading that repeats (``Examples``, ``Options``) names its
  own section; removing it alone would fold that section into the one before;
* **it is fewer than three short lines**: lines of a block of short lines (a menu, a
  list without markers, a verse, an address) go only as a run of three or more (a
  widget pasted between other lines), never one or two lines out of such a block;
* **its words differ from its copy's alike**: short units (under 60 letters and
  digits; eight at most) that are near copies whose words differ from their copies'
  the same way in each (``setuid`` / ``setgid`` in one message; ``Irakas`` where the
  copies have ``Iranas`` in each of four): in a message so short a changed letter is
  as likely another word, and a typo strikes one place, not message after message;
* **it is forms of one word**: a unit of a run of eight at most differs from its copy
  by one word, and a unit right beside either differs from the copy by that word
  too, a third form of it sharing the first half of its letters: a catalogue's
  plural forms (Serbian ``параметар`` / ``параметра`` / ``параметара``), not a copy
  with a slip;
* **it takes a child from another parent**: a unit whose parent stays (is neither in
  the run nor in a run taken before it) goes only if the copy it repeats has that
  same parent, or none. The same item twice
  under one version is a duplicate; the same item under two versions, the same row
  under two vendors, the same answer under each operator's heading of a FAQ is
  structure where it stands. (A copy of text that stood under no parent, such as the
  opening of a document doubled after its last section, is a repeat wherever it lands.)
* **it takes a parent from its children**: a heading or a less indented unit in the
  run (a vendor line, a changelog entry's header) whose next child, the unit right
  after the run, stays: that section's rest, or that entry's other items and its
  trailer line, would be left under the parent before. So a doubled entry or section
  goes whole; when its copy differs from some child on, the run that stops there
  stays (when in doubt, keep: the child left behind may be the entry's own).
* **it takes part of a list from another**: list items (bullets, numbered steps,
  and the tagged paragraphs of a man page or option list:
  :func:`dedup.text.tags.tagged`) of a list
  of two or more, opened by a unit that stays (the paragraph ending in "the following:"),
  copies of another list's items, with some item of their own list staying: the
  steps one function performs are not a repeat of another function's. (A whole list
  repeated, a menu pasted after other text, goes.)
* **it takes fields from a record**: one-line ``Name: value`` fields (a Debian
  stanza's ``Types:``, ``URIs:``, ``Suites:``) with a field of theirs on the line right
  before or after the run staying (:mod:`dedup.text.fields`): the first four fields
  of a stanza, copies of another stanza's, with a fifth of its own, are its record.
  So are a command line's option lines (one option and its value alone on a line),
  on consecutive lines, and a grammar's productions (``NAME := ...``) with a production of their grammar
  right before or after the run staying, blank lines between or not.
* **it takes the head of a sentence from its tail**: a unit that ends with a colon
  ("The following command:"), then units indented deeper than it (the command, a
  sample: a display, of :data:`DISPLAY_REACH` units at most), all in the run, with
  the unit right after the run staying, at the colon's indentation and going on in
  lower case ("assuming the user already has the edit role:"): one sentence runs
  around the display, and its tail would be left to the sentence before.
* **it is a refrain**: one line whose exact text stands three or more times, never
  twice in a row, with a unit at least half its size between each two (a psalm's
  refrain after each verse, the recurring verse of a recitation): it marks the places
  it stands in. Pasted text repeats whole runs, stands side by side, or between mere
  source lines.

Units that are matched only exactly (code, tables, front matter, HTML blocks, rST
directives: a changed character there is a changed program or value) are listed in
:data:`dedup.text.structure.EXACT_ONLY`; the engine refuses near matches involving them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dedup.text.fields import Records, Stretch
from dedup.text.heads import sections, unit_marks
from dedup.text.nesting import list_kinds, lists, parents
from dedup.text.normalize import size
from dedup.text.tags import option_value
from dedup.text.typos import forms
from dedup.text.words import cached_words

if TYPE_CHECKING:
    from dedup.text.layout import Paragraph


MIN_SHORT_RUN = 3
"""The fewest short lines a run made only of short lines must have."""

MIN_REFRAIN = 3
"""The fewest places a line stands in to be a refrain."""

INTRODUCING = (":", "\uff1a")
"""How a unit that introduces the one after it ends (a colon, or a full-width one)."""

LONE_SLIP = 60
"""The size (:func:`dedup.text.normalize.size`) under which a unit that repeats
another nearly, with a word slipped, stays (:meth:`Structure.refuses`): alone, or
with its neighbours in the run slipped the same way."""

FORMS_SIZE = 200
"""The size under which a unit may be one message in the forms of a word
(:meth:`Structure.refuses`): catalogues' messages are shorter, and reading the words
of every near paragraph's neighbours cost the near shape of bench/shapes.py a third
of its time."""

_LEAD = re.compile(r"\s*(\S)")

DISPLAY_REACH = 64
"""The most units of a display (a command, a sample) a sentence runs around, for
:meth:`Structure.refuses`: a sentence's head is looked for that far back from a run's
end, so that a long run refused and asked about again one unit on costs no more."""

SLIPPED_RUN = 8
"""The most units a run of short units whose words differ from their copies' the
same way stays for (:meth:`Structure.refuses`): a few messages of a catalogue, each
with ``Irakas`` where its copy has ``Iranas``, are the messages for another country."""


class Structure:
    """The parents of a layout's units, for the planner to ask about runs.

    Example:
        >>> s = Structure(["heading", "prose", "prose", "heading", "prose", "short", "short"])
        >>> s.refuses(2, 1, 1), s.refuses(4, 1, 1)  # a repeat in its own section; from another
        (False, True)
        >>> s.refuses(3, 1, 0), s.refuses(5, 2, 3)  # a heading alone; two short lines
        (True, True)
        >>> s.refuses(3, 2, 0)  # a heading and its first paragraph: the rest of its section left
        True
        >>> Structure(["heading", "prose", "heading", "prose"]).refuses(2, 2, 0)  # a whole section
        False
    """

    def __init__(
        self,
        kinds: Sequence[str],
        raws: Sequence[str] | None = None,
        texts: Sequence[str] | None = None,
        paragraphs: Sequence[Paragraph] | None = None,
        marked: tuple[list[int | None], list[int], list[bool]] | None = None,
    ) -> None:
        self.kinds = kinds
        self.raws = raws
        self.texts = texts
        self.paragraphs = paragraphs  # the units' lines: which stand on consecutive lines
        self._places: dict[str, list[int]] | None = None
        self._refrains: dict[str, bool] = {}  # once per text: a line repeated n times costs O(n)
        self._values: list[int] | None = None
        self._lower: dict[int, bool] = {}  # whether a unit's first character is a lower-case letter
        # (read a stretch at a time, from the units runs are asked about)
        self._records: Records | None = None
        self._headings: Stretch | None = None
        # (``marked``: the units' unit_marks, when the caller has them)
        marks, indents, tags = marked or (unit_marks(raws) if raws is not None else (None, [], []))
        self.sections = sections(kinds, raws, marks) if "heading" in kinds or (marks and any(marks)) else None
        self.indents = indents
        self.parents = parents(indents) if any(indents) else None
        # each item's list (the unit that opens it) and each list's first and last
        # item, for lists of two items or more (a numbered title between paragraphs
        # is no list the paragraph before it opens)
        self.lists: list[int] | None = None
        self.openings: list[int] = []
        self.spans: dict[int, tuple[int, int]] = {}
        listed = list_kinds(kinds, tags) if any(tags) else kinds
        if "item" in listed:
            self.lists = lists(listed, indents or [0] * len(kinds), self.parents)
            # each item's opening, a lone item's too: what a copy's list is compared by
            # (the same option, alone under one board, is still another board's)
            self.openings = list(self.lists)
            for k, lead in enumerate(self.lists):
                if lead > -1:
                    self.spans[lead] = (self.spans.get(lead, (k, k))[0], k)
            for k, lead in enumerate(self.lists):
                if lead > -1 and self.spans[lead][0] == self.spans[lead][1]:
                    self.lists[k] = -1
        self.removed = bytearray(len(kinds))  # by the runs taken before, in this pass

    def refuses(self, start: int, length: int, source: int) -> bool:
        """Whether the run of ``length`` units at ``start``, repeating the run at
        ``source``, breaks structure and must stay."""
        # (No question below reads the whole run: a long run refused is asked about
        # again one unit on, and reading it each time cost n² for n units.)
        stop = start + length
        if self._headings is None:
            self._headings = Stretch(self.kinds, _heading)
        heading, end = self._headings.from_unit(start)
        if heading and end >= stop:
            return True
        kinds = self.kinds
        if length < MIN_SHORT_RUN and all(kinds[k] == "short" for k in range(start, stop)):
            return True
        if length == 1 and self._refrain(start):
            return True
        if self._slipped(start, length, source) or self._inflected(start, length, source):
            return True
        if source > 0 and source + length < start and not self.removed[start - 1] and self._introduced(start, source):
            return True
        if self._beheads(start, stop):
            return True
        if self.raws is not None and self.paragraphs is not None:
            staying = self._staying
            if self._records is None:
                self._records = Records(self.raws)
            records, joined = self._records, self._joined
            if (
                records.cuts_record(joined, staying, start, stop)
                or records.cuts_log(joined, staying, start, stop)
                or records.cuts_options(joined, staying, start, stop)
                or records.cuts_grammar(staying, start, stop)
            ):
                return True
        owners = (self.sections, self.parents, self.lists)
        # a parent (a heading, a less indented unit, a list's opening) whose next child
        # stays (asked first: a question about one unit)
        if stop < len(self.kinds) and any(owner is not None and start <= owner[stop] < stop for owner in owners):
            return True
        for owner in owners:
            if owner is None:
                continue
            copies = self.openings if owner is self.lists else owner
            for k in range(start, stop):
                parent = owner[k]
                if -1 < parent < start and not self.removed[parent] and -1 < copies[source + k - start] != parent:
                    # a child taken from a parent that stays and is not its copy's; but a
                    # list's items may go all together (a menu pasted again)
                    whole = owner is self.lists and start <= self.spans[parent][0] and self.spans[parent][1] < stop
                    if not whole:
                        return True
        return False

    def remove(self, start: int, length: int) -> None:
        """Record a run taken: its units are no longer parents that stay."""
        self.removed[start : start + length] = b"\x01" * length

    def _staying(self, unit: int) -> bool:
        """Whether a unit is not in a run taken before, in this pass."""
        return not self.removed[unit]

    def _joined(self, unit: int) -> bool:
        """Whether the unit after ``unit`` starts on the line after its last."""
        assert self.paragraphs is not None
        return self.paragraphs[unit].last == self.paragraphs[unit + 1].first

    def _introduced(self, start: int, source: int) -> bool:
        """Whether a run and its copy are each introduced by the unit before them (it
        ends with a colon: "To build the documentation:"), by two of other texts: the
        same steps under two introductions are two lists of steps; and so are the
        same values (``=ieee``, ``=preserve-sign``) in lists under two options."""
        if self.raws is None or self.texts is None:
            return False
        raws, texts = self.raws, self.texts
        if texts[source - 1] != texts[start - 1] and all(raws[k].rstrip().endswith(INTRODUCING) for k in (start - 1, source - 1)):
            return True
        if not (option_value(raws[start]) and option_value(raws[source])):
            return False
        if self._values is None:  # where each unit's list of values opens, -1 for none
            self._values = []
            for k, raw in enumerate(raws):
                value = option_value(raw)
                self._values.append(-1 if not value else self._values[-1] if k and self._values[-1] > -1 else k)
        lead, copy = self._values[start], self._values[source]
        return lead > 0 and copy > 0 and lead != copy and texts[lead - 1] != texts[copy - 1]

    def _beheads(self, start: int, stop: int) -> bool:
        """Whether the run ``start..stop`` takes the head of a sentence that runs
        around a display and leaves its tail: a unit of the run ending with a colon,
        the units after it in the run indented deeper (up to :data:`DISPLAY_REACH`),
        and the unit at ``stop`` staying, at the colon's indentation, its first
        character a lower-case letter."""
        raws, indents = self.raws, self.indents
        if raws is None or not indents or stop >= len(raws) or self.removed[stop] or indents[stop - 1] <= indents[stop]:
            return False  # (asked first: no display ends the run)
        if stop not in self._lower:  # (read once a unit: a unit after a long display is asked again and again)
            lead = _LEAD.match(raws[stop])
            self._lower[stop] = lead is not None and lead[1].isalpha() and lead[1].islower()
        if not self._lower[stop]:
            return False
        depth = indents[stop]
        head = stop - 1
        while head >= max(start, stop - DISPLAY_REACH) and indents[head] > depth:
            head -= 1
        if head < start or indents[head] != depth:
            return False  # (no head in the run)
        return raws[head].rstrip().endswith(INTRODUCING)

    def _slipped(self, start: int, length: int, source: int) -> bool:
        """Whether a run is short units (up to :data:`SLIPPED_RUN`, each under
        :data:`LONE_SLIP`) that are near copies whose words differ from their copies'
        the same way in each. In a message that short a changed letter is as likely
        another word (``setuid`` / ``setgid``, ``au-dessus`` / ``au-dessous``,
        ``Alle`` / ``Alte``) as a typo, with no match beside it to say it is a copy;
        and a typo strikes one place, not the same word message after message
        (``Irakas`` / ``Iranas`` in each of four, ``ocidentais`` / ``orientais`` in
        two)."""
        texts = self.texts
        if texts is None or self.raws is None or length > SLIPPED_RUN:
            return False
        if any(size(texts[k]) >= LONE_SLIP for k in range(start, start + length)):
            return False
        slip = self._slip(start, source)
        return slip is not None and all(self._slip(start + k, source + k) == slip for k in range(1, length))

    def _inflected(self, start: int, length: int, source: int) -> bool:
        """Whether a unit of the run (of :data:`SLIPPED_RUN` units at most, so that
        a long run refused and tried again one unit on costs no more than a short
        one), under :data:`FORMS_SIZE`, differs from its copy by one word, and a unit
        beside either of them differs from the copy by that word too, a third form of
        it (:func:`dedup.text.typos.forms`): one message in the forms of a word, a
        catalogue's plural forms (Serbian ``%u параметар`` / ``%u параметра`` /
        ``%u параметара``), not copies with a slip."""
        if self.texts is None or self.raws is None or length > SLIPPED_RUN:
            return False
        for k in range(length):
            unit, copy = start + k, source + k
            if size(self.texts[unit]) >= FORMS_SIZE:
                continue  # (a paragraph, not a message: its words were read for nothing)
            slip = self._slip(unit, copy)
            if slip is None or len(slip[0]) != 1 or len(slip[1]) != 1:
                continue
            for other in (unit - 1, unit + 1, copy - 1, copy + 1):
                if other in (unit, copy) or not 0 <= other < len(self.texts):
                    continue
                third = self._slip(other, copy)
                if third is None or third[1] != slip[1] or len(third[0]) != 1 or third == slip:
                    continue
                if forms(third[0][0], slip[0][0], slip[1][0]):
                    return True
        return False

    def _slip(self, unit: int, source: int) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """The words a near copy has that its source lacks, and those it lacks (as
        multisets, each sorted), or None: an exact copy, or the same words."""
        assert self.texts is not None and self.raws is not None
        if self.texts[unit] == self.texts[source]:
            return None
        # (the words by the word rule's compiled tokenizer, remembered there for the
        # paragraphs asked about last: a unit is asked about as a run's, a copy's and a
        # neighbour's)
        mine, theirs = Counter(cached_words(self.raws[unit])), Counter(cached_words(self.raws[source]))
        if mine == theirs:
            return None
        return tuple(sorted((mine - theirs).elements())), tuple(sorted((theirs - mine).elements()))

    def _refrain(self, unit: int) -> bool:
        """Whether a unit is one line whose text stands 3+ times, never side by side."""
        if self.texts is None or self.raws is None or "\n" in self.raws[unit].rstrip("\r\n"):
            return False
        if self._places is None:
            self._places = {}
            for k, text in enumerate(self.texts):
                self._places.setdefault(text, []).append(k)
        text = self.texts[unit]
        if text not in self._refrains:
            places = self._places[text]
            gaps = list(zip(places, places[1:]))
            half = size(text) / 2
            self._refrains[text] = (
                len(places) >= MIN_REFRAIN
                and all(b - a > 1 for a, b in gaps)
                and all(any(size(self.texts[k]) >= half for k in range(a + 1, b)) for a, b in gaps)
            )
        return self._refrains[text]


def _heading(kind: str) -> bool | None:
    return kind == "heading" or None
