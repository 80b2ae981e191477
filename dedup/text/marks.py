"""The marks besides words that a paragraph's meaning hangs on, for the word rule
(:func:`dedup.text.words.refusal`): its format placeholders and the words that hold
them, its quotation marks and what it quotes of punctuation alone, and the key it
opens with.

Each is read from a paragraph's spaced form, and two paragraphs within the
threshold's edits match only if theirs are the same. :func:`marks` reads them all at
once and remembers them for the paragraphs asked about last: the word rule asks about
a paragraph once for every near pair it is in (32 and more in near-identical text),
and reading them is the most of what it costs there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from dedup.text.charclasses import DOUBLE_QUOTE, QUOTE, SINGLE_QUOTE
from dedup.text.normalize import fold, quote_kinds
from dedup.text.patterns import later_re, later_regex

# A printf format placeholder (argument number, flags, width, precision, length,
# conversion), or an escaped percent sign, which is none.
_FORMAT = r"%%|%(?:\d+\$)?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|ll|[hlLqjzt])?[diouxXeEfFgGaAcsp]"
_PLACEHOLDER = later_re(_FORMAT)
# A quotation mark, of every kind the normal form makes one (charclasses), but not an
# apostrophe inside a word: no word character before it (looked behind from after it,
# so that the pattern opens with the class, which the engine scans for fast) or none
# after it.
_QUOTE_MARK = later_re(f"[{QUOTE}](?:(?<!\\w[{QUOTE}])|(?!\\w))")
# Punctuation or symbols quoted alone between two single or two double quotation
# marks (``„,“``, ``'-'``, `` `)' ``), format placeholders and the spaces between them
# aside (``»# %s«``): a key, a separator, a delimiter named by itself (not ``'no'."``,
# nor ``“a”, “b”``: a quote's end and another's start). At most a dozen marks quoted,
# none of the quote's own kind.
def _quoted(kind: str) -> str:
    # (atomic: a "%" is a placeholder's or a mark of its own, one way only, so that a run
    # of them between quotes is read in one pass, not in every way it splits)
    mark = f"(?>{_FORMAT}|[[\\p{{P}}\\p{{S}}]--[{kind}]])"
    return f"[{kind}]({mark}(?:(?:{mark}| ){{0,10}}{mark})?)[{kind}]"


_LITERAL = later_regex(f"(?V1){_quoted(SINGLE_QUOTE)}|{_quoted(DOUBLE_QUOTE)}")
# Where a quoted mark may start: a quotation mark, then a character that is no letter,
# digit or space (every punctuation mark and symbol is one, ``_`` aside). Most
# paragraphs have none, and ``re`` says so several times faster than ``_LITERAL``
# reads them.
_LITERAL_START = later_re(f"[{SINGLE_QUOTE}{DOUBLE_QUOTE}](?:[^\\w\\s]|_)")
# What may close a sentence after a format's last placeholder (``%s.``).
_CLOSING = ".,;:!?…"
# A list marker, or a bracketed label: what may stand before a paragraph's leading
# tags (dedup.text.words), what is no key, and what opens no log's line
# (dedup.text.fields). (``re``: nothing in it needs the regex module.)
MARKER = later_re(r"^(?:[-*+•–]|\d{1,3}[.)]|\[[^\]]*\])$")
# Paragraphs whose marks, and whose words and identifiers (dedup.text.words), are
# remembered: the latest, as the near pairs are asked (a bounded relation asks each
# paragraph with its latest candidates). The keys are the paragraphs' own strings,
# which their forms hold anyway; the marks of most are empty.
CACHED = 8192


class Marks(NamedTuple):
    """What :func:`marks` reads of a paragraph."""

    placeholders: tuple[str, ...]
    formats: tuple[str, ...]
    quotes: str
    literals: tuple[str, ...]
    lead: str
    symbols: tuple[str, ...] = ()


@lru_cache(maxsize=CACHED)
def marks(spaced: str) -> Marks:
    """A paragraph's :func:`placeholders`, :func:`formats`, :func:`quotes`,
    :func:`literals` and :func:`lead`, read once.

    >>> found = marks("Press “,” to split at %s, or 'q' to quit")
    >>> found.placeholders, found.formats, found.literals, found.lead
    (('%s',), ('%s',), (',',), '')
    >>> print(found.quotes)
    ""''
    """
    return Marks(
        tuple(placeholders(spaced)),
        tuple(formats(spaced)),
        quotes(spaced),
        tuple(literals(spaced)),
        lead(spaced),
        symbols(spaced),
    )


# A number's sign (``-5``, ``+5``, ``−5``; not the dash of a range, ``10-12``), with the
# number's digits, or a mark that is no word or space, whose category says whether it
# is a symbol (:func:`symbols`). (``re``: the regex module would be loaded for a
# paragraph with a near copy, 7 ms of a run's start.)
_SYMBOL = later_re(r"(?<!\w)[-+\u2212]\d+|[^\w\s]")
# The symbols that say something: a currency, a mathematical symbol (``<``, ``≥``, ``≠``,
# ``→``, ``±``), another symbol (``✓``, ``★``, an emoji, ``°``), and the per cent and per
# mille signs. Not modifier symbols (``^``, `````), nor ``©``, ``®``, ``™`` (an owner's
# mark, said in words beside it), nor box drawing (a rule's width), nor a minus sign
# alone (a dash, which the normal form makes ``-``).
_SYMBOL_CATEGORIES = frozenset({"Sc", "Sm", "So"})
_NOT_SYMBOLS = frozenset("\u00a9\u00ae\u2122\u2212")
_PERCENT = frozenset("%\u2030\u2031")
# Marks of layout as well as of meaning, whose number follows the lines (``>`` opening
# each line of a quoted reply, ``|`` of a table, ``+`` and ``=`` of a drawn rule, ``~``
# of a fence): present or not is compared, not how many.
_LAYOUT_SYMBOLS = frozenset(">|+=~")
def symbols(spaced: str) -> tuple[str, ...]:
    """The signed numbers and the symbols of a paragraph, sorted, each symbol of
    layout once: ``-5`` is not ``5``, ``$45`` not ``€45``, ``> 5`` not ``< 5``, ``✓`` not
    ``✗``, ``0.2%`` not ``0.2‰``, ``&&`` and ``||`` run other commands; punctuation is
    noise, and so is a quoted reply's ``>`` opening more lines or fewer.

    >>> symbols("From −5 to +3 °C, 10-12 km: $45 > €20 ✓"), symbols("> a > b | c | d")
    (('$', '+3', '-5', '>', '°', '€', '✓'), ('>', '|'))
    """
    marks = []
    for mark in _SYMBOL.findall(spaced):
        if len(mark) > 1:  # a signed number
            marks.append(("+" if mark[0] == "+" else "-") + mark[1:])
        elif mark in _PERCENT or (
            unicodedata.category(mark) in _SYMBOL_CATEGORIES
            and mark not in _NOT_SYMBOLS
            and not 0x2500 <= ord(mark) <= 0x259F  # box drawing and blocks
        ):
            marks.append(mark)
    if not marks:
        return ()
    layout = {mark for mark in marks if mark in _LAYOUT_SYMBOLS}
    return tuple(sorted([mark for mark in marks if mark not in _LAYOUT_SYMBOLS] + list(layout)))


def placeholders(spaced: str) -> list[str]:
    """The printf format placeholders of a paragraph, in order (``%s``, ``%lu``,
    ``%1$s``, ``%-8.3f``; ``%%`` is a percent sign): a message with another, one more
    or one fewer, or in another order, formats its arguments otherwise.

    >>> placeholders("Renaming %s to %s: 100%% done, %lu bytes (%1$s)")
    ['%s', '%s', '%lu', '%1$s']
    """
    if "%" not in spaced:
        return []
    return [found for found in _PLACEHOLDER.findall(spaced) if found != "%%"]


def formats(spaced: str) -> list[str]:
    """The words of a paragraph that hold a printf placeholder, with what is written
    against it (``{%u}``, ``[%s]:%d``, ``name="%s"``), folded, a sentence's closing
    punctuation aside: ``argument {%u}`` and ``argument %u`` print otherwise.

    >>> formats("Reusing the connection to [%s]:%d.  It took %s{%u} (100%% done)")
    ['[%s]:%d', '%s{%u}']
    """
    if "%" not in spaced:
        return []
    return [fold(token).rstrip(_CLOSING) for token in spaced.split() if placeholders(token)]


def literals(spaced: str) -> list[str]:
    """The punctuation and symbols a paragraph quotes alone, in order, format
    placeholders aside (an escaped percent sign is one): a key, a separator or a
    delimiter named by itself, which no typo changes (``the „,“ key`` / ``the „.“
    key``, ``matching `)'`` / ``matching `]]'``, ``»# %s«`` / ``»%% %s«``).

    >>> literals("Split on '-' or on “:”, then look for the matching `)'. He said “a 'no'.”")
    ['-', ':', ')']
    >>> literals("How to give the »# %s« dependency, or the »%% %s« one, or '%s' alone")
    ['#', '%']
    """
    found: list[str] = []
    if not _LITERAL_START.search(spaced):
        return found
    for single, double in _LITERAL.findall(spaced):
        mark = "".join(_PLACEHOLDER.sub(_percent, single or double).split())
        if 0 < len(mark) <= 3:
            found.append(mark)
    return found


def _percent(placeholder: re.Match[str]) -> str:
    """A placeholder taken out of a quoted mark, but an escaped percent sign, which is one."""
    return "%" if placeholder.group() == "%%" else ""


def quotes(spaced: str) -> str:
    """A paragraph's quotation marks in order, each as ``'`` (a single one) or ``"``
    (any other): a curly quote for a straight one is noise, one added or dropped is
    not (``-S 'deb ...'`` and ``-S deb ...`` are two commands), nor a double one for a
    single one (``'$HOME'`` and ``"$HOME"`` are two strings in a shell). An apostrophe
    inside a word is none (``it's`` for ``its`` is a slip).

    >>> print(quotes("Run -S 'deb http://example.invalid stable main'"), quotes("It’s «here», ‘they’ say"))
    '' ""''
    """
    marks = "".join(_QUOTE_MARK.findall(spaced))
    return quote_kinds(marks) if marks else ""


def lead(spaced: str) -> str:
    """The key a paragraph opens with, or "": a first token of ASCII punctuation and
    symbols that is no list marker and no quoting ``>`` (a man page's keys and
    operators: ``(`` / ``)``, ``--+`` / ``--!``, ``++`` / ``--`` are other keys over
    the same words).

    >>> lead("( Like {, but for parentheses"), lead("--! Like the -! command"), lead("- an item")
    ('(', '--!', '')
    >>> lead("> quoted reply"), lead("Plain text"), lead("—  a dash")
    ('', '', '')
    """
    head = spaced[:1]
    if head.isalnum() or (head and not head.isascii()):
        return ""  # (most paragraphs open with a word)
    first = spaced.split(None, 1)[0] if spaced.strip() else ""
    if not first.isascii() or any(c.isalnum() for c in first) or not first.strip(">"):
        return ""
    return "" if MARKER.match(first) else first  # (a list marker is no key)
