"""How wide a line is: display columns, and the width the layout decides by.

Display width is what a terminal shows: East Asian wide and fullwidth characters take
two columns, combining marks and format characters none. The layout decides whether a
block is hard-wrapped by a *wrap width* that is the display width, except that a line
mostly of wide characters counts each character as one column: Chinese or Japanese
text re-wrapped at 72 characters is 144 columns wide, and is as much one wrapped
paragraph as English wrapped at 72 columns.
"""

from __future__ import annotations

from dedup.text.patterns import later_regex

_WIDE = later_regex(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")
_ZERO = later_regex(r"[\p{Mn}\p{Me}\p{Cf}]")
# A sentence ends a line of wide text (。！？, maybe inside a closing quote or bracket).
_SENTENCE_END = later_regex(r"[。．！？!?][」』）)\]\"”’]*\s*$")


def display_width(line: str) -> int:
    """Columns a line takes on a terminal: wide and fullwidth characters count 2,
    combining marks and format characters 0, trailing whitespace is ignored.

    >>> display_width("abc  \\n"), display_width("漢字"), display_width("e\\u0301")
    (3, 4, 1)
    """
    line = line.rstrip()
    if line.isascii():
        return len(line)
    return len(line) - len(_ZERO.findall(line)) + len(_WIDE.findall(line))


def wrap_width(line: str) -> int:
    """The width a line counts for the wrapped-or-not decision: its display width, but
    a line at least half of whose characters are wide counts one column a character.

    >>> wrap_width("abc"), wrap_width("漢字ab"), wrap_width("漢abc"), wrap_width("e\\u0301")
    (3, 4, 5, 1)
    """
    line = line.rstrip()
    if line.isascii():
        return len(line)
    # Cheap cases first: below U+0300 the only zero-width character is the soft hyphen,
    # and below U+1100 no assigned character is wide.
    top = max(line)
    if top < "\u0300" and "\u00ad" not in line:
        return len(line)
    narrow = len(line) - len(_ZERO.findall(line))
    if top < "\u1100":
        return narrow
    wide = len(_WIDE.findall(line))
    return narrow if 2 * wide >= narrow else narrow + wide


def fits(line: str, width: int) -> bool:
    """Whether ``wrap_width(line) <= width``, counting only when it must."""
    if len(line) <= width and (len(line) * 2 <= width or line.isascii()):
        return True  # no character counts more than two columns, an ASCII one one
    return wrap_width(line) <= width


def line_widths(lines: list[str], width: int) -> list[int] | None:
    """The wrap widths of every line but the last, or None if one is over ``width``
    (then the block is not wrapped: see :func:`is_wrapped`). A line of one word over
    it (a URL) is how a wrapper leaves a word too long for its width, in a block that
    has lines of two words or more; in a block of one word a line (long URLs, one a
    line) it is not.

    >>> line_widths(["see the page at\\n", "https://example.org/a/long/path\\n", "for more."], 20)
    [16, 31]
    >>> line_widths(["https://example.org/a/long/path\\n", "https://example.org/b"], 20) is None
    True
    """
    widths = []
    worded: bool | None = None  # whether the block has a line of two words (read once)
    for line in lines[:-1]:
        w = len(line) if len(line) <= width and line.isascii() else wrap_width(line)
        if w > width:
            if _several(line):
                return None
            if worded is None:
                worded = any(map(_several, lines))
            if not worded:
                return None
        widths.append(w)
    return widths


def _several(line: str) -> bool:
    """Whether a line holds two words or more."""
    return len(line.split(None, 1)) > 1


def is_wrapped(lines: list[str], width: int) -> bool:
    """Whether a block reads as one hard-wrapped paragraph: every line but its last is
    at most ``width`` wide (:func:`wrap_width`), or is one word too long for it
    (:func:`line_widths`).

    >>> is_wrapped(["x" * 10 + "\\n", "y" * 30], 10), is_wrapped(["x" * 11 + "\\n", "y"], 10)
    (True, False)
    """
    return line_widths(lines, width) is not None


def sentence_lines(lines: list[str]) -> bool:
    """Whether a block of wide text has one sentence-ending line per paragraph: it has
    at least two lines, and every line but the last is mostly wide characters and ends
    a sentence (hard-wrapped Chinese or Japanese breaks lines anywhere)."""
    if len(lines) < 2:
        return False
    for line in lines[:-1]:
        if line.isascii() or not _SENTENCE_END.search(line):
            return False
        stripped = line.strip()
        if 2 * len(_WIDE.findall(stripped)) < len(stripped):
            return False
    return True


def short_lines(lines: list[str], width: int, widths: list[int] | None = None) -> bool:
    """Whether a block is short lines that do not flow (a menu, a share widget, a list
    without markers, verse) rather than hard-wrapped prose.

    A wrapper breaks a line when the next word does not fit. So a break is
    *deliberate* when the first word of the next line would still have fitted after
    the line, within the block's widest line of two words or more (or a quarter of
    ``width``, if that is wider: nobody wraps prose that narrow; a line of one word,
    a URL, may run past the width it was wrapped to). The block is short lines when it has at
    least three lines, every line but the last is at most half of ``width`` wide, and
    at least two thirds of its breaks are deliberate. Hard-wrapped prose, whose lines
    are full up to the next word, has hardly any. ``widths``: the wrap widths of the
    lines but the last, if known (:func:`line_widths`).

    >>> short_lines(["Share this\\n", "Facebook\\n", "Email\\n", "Print"], 100)
    True
    >>> prose = ["The ferry will run through the winter\\n", "for the first time this year, after the\\n", "council agreed to pay for its fuel."]
    >>> short_lines(prose, 100)
    False
    >>> wrapped = [" " * 13 + line for line in ("Sets the address of the service for\\n",
    ...            "commerce-procurement command group!\\n", "Defaults to\\n")]
    >>> short_lines([*wrapped, " " * 13 + "https://commerce-procurement-consumer-service.example.com/"], 100)
    False
    """
    if len(lines) < 3:
        return False
    breaks = len(lines) - 1
    if widths is None:
        widths = [wrap_width(line) for line in lines[:-1]]
    if max(widths) > width // 2:
        return False
    # A wrapper fills its lines up to its width, but a line of one word too long for
    # it (a URL) runs past: such a line says nothing of the width.
    spoken = [w for w, line in zip(widths, lines) if _several(line)]
    if _several(lines[-1]):
        spoken.append(wrap_width(lines[-1]))
    room = max(max(spoken, default=0), width // 4)
    deliberate = 0
    for k in range(breaks):
        words = lines[k + 1].split(None, 1)
        deliberate += widths[k] + 1 + wrap_width(words[0] if words else "") <= room
    return 3 * deliberate >= 2 * breaks


def indent(raw: str) -> int:
    """The columns of a unit's first line's leading whitespace (a tab to the next
    multiple of 8).

    >>> indent("  * item"), indent("\\t\\t1028 0001  Name"), indent("Title")
    (2, 16, 0)
    """
    stripped = raw.lstrip(" \t")
    if len(stripped) == len(raw):
        return 0
    return len(raw[: len(raw) - len(stripped)].expandtabs(8))
