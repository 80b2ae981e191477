"""Tagged paragraphs: the items of a definition list, such as a man page's options
or keys, which :mod:`dedup.text.sections` counts as list items by their layout rather
than their words. The compiled twin is ``native/src/tags.rs`` (:func:`option_value`
has none: only the structure rules, which are Python's, ask it).
"""

from __future__ import annotations

from dedup.text.patterns import later_re
from dedup.text.width import indent

# One of an option's values, as LLVM's tools list them under the option.
_VALUE = later_re(r"[ \t]*=[\w.-]+(?:[ \t]|\r?\n|\Z)")


def option_value(raw: str) -> bool:
    """Whether a unit is one of an option's values, listed under it: ``=`` and the
    value, then its text or the line's end (``=ieee  -   IEEE 754 denormal numbers``).

    >>> option_value("       =ieee  -   IEEE 754 denormal numbers"), option_value("=preserve-sign\\n  - the sign")
    (True, True)
    >>> option_value("= 5"), option_value("a = b")
    (False, False)
    """
    return _VALUE.match(raw) is not None


def tagged(raw: str) -> bool:
    """Whether a unit is a tagged paragraph, an item of a definition list such as a
    man page's options or keys: one line that is a tag, a gap (two spaces or more, or
    tabs) and its text (:func:`_tag_line`); or lines that hang from their first one
    (every later line more indented than it).

    >>> tagged("       ^l     Redraw the screen."), tagged("  -v, --verbose\\n        Say more.")
    (True, True)
    >>> tagged("Done.  The next sentence."), tagged("A paragraph\\nwrapped flush.")
    (False, False)
    """
    lines = raw.rstrip("\r\n").split("\n")
    if len(lines) == 1:
        return _tag_line(lines[0])
    first = indent(lines[0])
    return all(indent(line) > first for line in lines[1:] if line.strip())


def _tag_line(line: str) -> bool:
    """Whether a line is a tag, a gap and text. The tag is what stands before the
    first gap, after the indentation: a word of at most 20 characters, or an option
    with its argument (``-G, --groups GROUPS``: a dash, then no space, at most 40
    characters, words one space apart); it does not end a sentence (``.``).

    >>> _tag_line("  -G, --groups GROUPS   new list of groups"), _tag_line("-EB\\t\\tbig-endian code")
    (True, True)
    >>> _tag_line("- a bullet  with a gap"), _tag_line("See this  text")
    (False, False)
    """
    body = line.lstrip(" \t")
    gap = next((k for k, c in enumerate(body) if c == "\t" or (c == " " and body[k + 1 : k + 2] == " ")), -1)
    if gap <= 0:
        return False
    tag = body[:gap]
    if tag.endswith((".", " ")) or any(c.isspace() and c != " " for c in tag):
        return False
    if " " in tag:
        if not (tag.startswith("-") and not tag[1].isspace() and len(tag) <= 40):
            return False
    elif len(tag) > 20:
        return False
    text = body[gap:].lstrip("\t" if body[gap] == "\t" else " ")
    return text[:1] != "" and not text[0].isspace()
