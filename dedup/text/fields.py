"""Records of fields: blocks of ``Name: value`` lines, such as a Debian control
stanza (``Types: deb`` / ``URIs: ...`` / ``Suites: ...``), an e-mail's or an HTTP
message's headers. A record's fields say one thing together: the same first four
fields in two stanzas, one of them with a fifth, are two records, and removing the
four from the second would leave its fifth field standing alone under the record
before. :class:`dedup.text.sections.Structure` asks :func:`cuts_record` of every run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dedup.text.patterns import later_re

# One line: a name (a letter, then at most 40 letters, digits, ``_``, ``-``, ``.``), a
# colon, a space or tab and a value.
_FIELD = later_re(r"[ \t]*[A-Za-z][\w.-]{0,40}:[ \t]+\S[^\n]*\n?\Z")


def is_field(raw: str) -> bool:
    """Whether a unit is one ``Name: value`` line.

    >>> is_field("           Types: deb\\n"), is_field("Architectures: amd64 armel")
    (True, True)
    >>> is_field("Note: see below.\\nA second line."), is_field("http://example.invalid/"), is_field("Usage:")
    (False, False, False)
    """
    return ":" in raw and _FIELD.match(raw) is not None


def cuts_record(
    raws: Sequence[str], joined: Callable[[int], bool], staying: Callable[[int], bool], start: int, stop: int
) -> bool:
    """Whether the run of units ``[start, stop)`` is fields of a record that has a
    field staying: the unit right before the run or right after it, on the next line
    (``joined(k)``: units ``k`` and ``k + 1`` have no blank line between them), a
    field that stays (``staying``).

    >>> raws = ["Types: deb\\n", "URIs: http://example.invalid\\n", "Suites: stable\\n", "Arch: armel\\n"]
    >>> cuts_record(raws, lambda k: True, lambda k: True, 0, 3)
    True
    >>> cuts_record(raws, lambda k: k != 2, lambda k: True, 0, 3)  # a blank line after the third
    False
    >>> cuts_record(raws, lambda k: True, lambda k: False, 0, 3)  # the fourth goes too
    False
    """
    if not all(is_field(raws[k]) for k in range(start, stop)):
        return False
    before, after = start - 1, stop
    return (before >= 0 and joined(before) and staying(before) and is_field(raws[before])) or (
        after < len(raws) and joined(stop - 1) and staying(after) and is_field(raws[after])
    )
