"""The word rule: what two near-matching paragraphs may differ by.

The edit distance alone does not tell noise from meaning: ``start`` and ``stop`` are
three edits apart in a sentence of sixty letters, ``beta1`` and ``rc1`` hold the same
numbers, and ``not`` is three letters. So a *near* match (normal forms within the
threshold's edits, not equal) must also pass four checks on the paragraphs' words and marks,
which say that everything in one copy, beyond noise, is in the other:

* **Identifiers are kept.** The tokens that name something exactly, in either copy,
  must stand in the other too (spaces aside, so ``20mm`` and ``20 mm`` agree; case
  and Unicode form folded): a token holding both a digit and a letter (versions, hex
  IDs, codes: ``5.1~beta1-1``, ``005a``), one with ``/``, ``\\``, ``@`` or ``_``
  (paths, URLs, e-mail addresses, ``snake_case`` names), a dotted name
  (``nginx.service``, ``example.com``; a dot before a capital letter ends a sentence
  instead, but not inside a name of three dotted parts, ``WWW.EXAMPLE.COM``), a
  ``CamelCase`` name (``BlockdevOptionsCurlHttps``), an acronym of two to
  six capitals or its plural (``SPR``, ``CODEC``, ``GIDs``; found as a whole word, or
  opening a compound: ``PE+-mål``, ``USB-Stick``; not in a paragraph written in
  capitals), the tags a paragraph opens with (words
  followed by a colon, after a list marker: ``scsi: qedf:``, ``ALSA: hdspm:``), and a
  command-line option (``-S``, ``--force``; its case is kept: ``-S`` is not ``-s``;
  its quotes' curl is not: ``--filter="x"`` is ``--filter=“x”``).
  Case is kept, too, in paths, ``snake_case`` names and options (``libxt_CONNMARK.c``
  is not ``libxt_connmark.c``, ``-I`` is not ``-i``), even between paragraphs that are
  otherwise equal (:func:`case_refusal`).
* **Format placeholders are kept.** The printf placeholders (``%s``, ``%lu``,
  ``%1$s``) of the two paragraphs are the same, in the same order
  (:func:`~dedup.text.marks.placeholders`): a translated message with one fewer
  formats its arguments otherwise; and so are the words that hold them, with what
  is written against them (:func:`~dedup.text.marks.formats`: ``{%u}`` is not
  ``%u``, ``[%s]:%d`` not ``%s:%d``).
* **Signs and symbols are kept** (asked last, :func:`dedup.text.marks.symbols`): the
  signed numbers (``-5`` is not ``5``) and the symbols (``$`` / ``€``, ``>`` / ``<``,
  ``✓`` / ``✗``, ``%`` / ``‰``) of the two paragraphs are the same, as many of each;
  of the symbols that also draw a layout (a quoted reply's ``>``, ``|``, ``+``, ``=``,
  ``~``), only whether a paragraph has one.
* **Words differ only by typos.** The folded words (runs of letters, digits and marks;
  punctuation is noise) of the two paragraphs are aligned, both ways (the rule is
  symmetric); every stretch where they differ must be the same words with spaces
  moved (``peo ple`` / ``people``) or words within a typo of each other
  (:func:`dedup.text.typos.typo`): at most :func:`~dedup.text.typos.typo_edits`
  edits (optimal string alignment, so swapping two neighbouring letters is one edit)
  for a word of ``n`` code points — none for one letter, only such a swap up to
  three letters (``get`` / ``set`` are two words), one up to 9, one more for every
  further 10 — and at most one letter longer or shorter; a letter added or dropped
  at a word's end or start (``error`` / ``errors``, Danish ``pakke`` / ``pakker``,
  Esperanto ``ĉiu`` / ``ĉiuj``, Irish ``taifead`` / ``dtaifead``) is another form of
  the word, not a typo (but a letter doubled there is one: ``acros`` / ``across``),
  and so is one the word does not hold put in right after its first (a prefix:
  Czech ``výstupu`` / ``vstupu``); the first, last and second letters stay. A word
  inserted or dropped (``not``) or replaced by another (``authors`` / ``university``,
  ``women's`` / ``men's``) refuses the match.

Scripts written without spaces (Chinese, Japanese, Thai) have long "words" (a clause
between punctuation), so their allowance grows with the clause, as the threshold's,
and their clauses are never identifiers (their numbers are compared as numbers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from dedup.native import core as _core
from dedup.text.marks import CACHED, MARKER, Marks, marks
from dedup.text.normalize import fold, quote_kinds
from dedup.text.patterns import later_re, later_regex
from dedup.text.structure import EXACT_ONLY
from dedup.text.typos import UNSPACED, noise, stretches

_WORD = later_regex(r"[\p{L}\p{N}\p{M}_]+")
# A token's leading and trailing punctuation, but for what names keep (a trailing
# ``+`` says "or later" in ``GPL-2+``). Each is matched from its end of the token
# (the trailing one on the reversed token): a search for ``[...]+$`` would scan the
# rest of the token from every position, quadratic on ``a!!!…!a``.
_LEADING = later_regex(r"(?V1)[\p{P}\p{S}--[/\\@_\-]]+")
_TRAILING = later_regex(r"(?V1)[\p{P}\p{S}--[/\\@_+]]+")
# A digit and a letter, in either order: two searches (``\p{N}.*\p{L}`` backtracks
# over the whole rest of the token from every digit, quadratic on a long one).
_LETTER = later_regex(r"\p{L}")
_NUMBER = later_regex(r"\p{N}")
_IDENTIFIER = later_regex(
    r"[/\\@_]"  # a path, URL, e-mail address or snake_case name
    r"|[\p{L}\p{N}]\.(?!\p{Lu})[\p{L}\p{N}]"  # a dotted name, not a sentence's end
    r"|[\p{L}\p{N}]\.[\p{L}\p{N}]+\.[\p{L}\p{N}]"  # three dotted parts, whatever their case
    # an acronym, or its plural (``GIDs`` is not ``UIDs``), + kept (``PE+``), alone or
    # opening a compound (Swedish ``PE+-mål``, German ``USB-Stick``)
    r"|^\p{Lu}{2,6}s?\+?(?:$|(?=-\p{L}))",
)
_CAMEL = later_regex(r"\p{Ll}\p{Lu}")  # a CamelCase name, with two lower-case letters at least
_OPTION = later_regex(r"^--?\p{L}")
_FORMAT = later_regex(r"\p{Cf}+")
# Identifiers whose case is part of the name: paths and snake_case names (three
# ASCII characters: ``re``, which the common path has loaded already, not ``regex``).
_CASED = later_re(r"[/\\_]")
# Words are cached as one string a paragraph, about the paragraph's size (README,
# "Bounded work"): more than CACHED paragraphs would weigh about 1.3 KB each whatever
# the document (85 MB at 65,536).
# The paragraphs whose words are kept as a tuple of strings too (several times the
# text: about 4 KB for a paragraph of 60 words): the near pairs asked about last (a
# bounded relation asks each paragraph with its latest 32 candidates), of up to
# LISTED_SIZE characters (at most a few MB in all, whatever the document). In
# near-identical text nearly every ask is one of them.
WORD_LISTS = 256
LISTED_SIZE = 4096
SEARCHED = 64
"""The identifiers of one paragraph, at most, that the word rule looks for in its near
copy's letters (spaces aside) when they are not among the copy's own identifiers:
past them the first is taken as lost and the pair refused (when in doubt, keep), so
that a pair costs a few reads of the two paragraphs however many identifiers they
hold. Looked for one by one, a log of 4,000 lines with its copy took 23 s."""


@lru_cache(maxsize=CACHED)  # a paragraph is asked about once per pair it is in
def identifiers(spaced: str) -> tuple[str, ...]:
    """The identifiers of a paragraph (its :attr:`~dedup.text.normalize.Normal.spaced`
    form), in order, folded but for options.

    >>> identifiers("mytool (5.1~beta1-1) unstable; see /usr/share/doc or Me@Example.org.")
    ('5.1~beta1-1', '/usr/share/doc', 'me@example.org')
    >>> identifiers("It ended.The next 12 days were quiet, said BlockdevOptions with -S.")
    ('blockdevoptions', '-S')
    >>> identifiers("  - scsi: qedf: Fix firmware halt over suspend and resume")
    ('scsi', 'qedf')
    """
    if _core is not None:  # the compiled twin of _identifiers; None: Python decides
        found: tuple[str, ...] | None = _core.identifiers(spaced)
        if found is not None:
            return found
    return _identifiers(spaced)


def in_capitals(spaced: str) -> bool:
    """Whether a paragraph is written in capitals (more than half its letters), where
    every short word looks like an acronym.

    >>> in_capitals("IMPORTANT NOTICE: LOG IN AT ONCE"), in_capitals("See the NASA site")
    (True, False)
    """
    letters = [c for c in spaced if c.isalpha()]
    return sum(map(str.isupper, letters)) * 2 > len(letters)


def _identifiers(spaced: str) -> tuple[str, ...]:
    """:func:`identifiers` in Python: the reference, which the compiled core's twin
    (``native/src/words.rs``) gives too."""
    found = []
    shouting = in_capitals(spaced)
    leading = True  # still among the list marker and the tags a paragraph opens with
    for token in spaced.split():
        core = _trimmed(_FORMAT.sub("", token))
        if leading and not MARKER.match(token):
            leading = token.endswith(":") and not token.endswith("::") and len(core) <= 40
            if leading and core and not UNSPACED.search(core):
                found.append(_spaceless(core, keep_case=_CASED.search(core) is not None))
                continue
        if not core or UNSPACED.search(core):
            continue
        if _OPTION.match(core):
            found.append(quote_kinds(core))  # (a curly quote for a straight one is noise)
        elif _CASED.search(core):
            found.append(_spaceless(core, keep_case=True))
        elif (_identifier(core) and not (shouting and core.replace("-", "").isalpha())) or (
            not shouting and _CAMEL.search(core) and sum(map(str.islower, core)) >= 2
        ):
            found.append(_spaceless(core))
    return tuple(found)


def _trimmed(token: str) -> str:
    """``token`` without its leading and trailing punctuation (but what names keep)."""
    leading = _LEADING.match(token)
    rest = token[leading.end() :] if leading else token
    trailing = _TRAILING.match(rest[::-1])
    return rest[: len(rest) - trailing.end()] if trailing else rest


def _identifier(core: str) -> bool:
    """Whether a token (trimmed) names something: a digit and a letter, or what
    :data:`_IDENTIFIER` finds."""
    return bool(_NUMBER.search(core) and _LETTER.search(core)) or _IDENTIFIER.search(core) is not None


def _spaceless(text: str, keep_case: bool = False) -> str:
    """A token as its identifier, or a paragraph as what an identifier is looked for
    in: folded (but for case, if asked), without spaces."""
    return "".join(fold(text, keep_case=keep_case).split())


# the paragraphs' (asked about for every identifier of their near copies)
_joined = lru_cache(maxsize=WORD_LISTS)(_spaceless)


@lru_cache(maxsize=CACHED)
def named(spaced: str) -> tuple[str, ...]:
    """The case-kept identifiers of a paragraph: paths, ``snake_case`` names and
    command-line options (``-I`` is not ``-i``)."""
    if not _CASED.search(spaced) and "-" not in spaced:
        return ()
    return tuple(x for x in identifiers(spaced) if _CASED.search(x) or _OPTION.match(x))


def case_refusal(a: str, b: str) -> str | None:
    """Why two paragraphs (spaced forms) whose normal forms are equal are still not
    the same, or None: a path, ``snake_case`` name or command-line option that differs
    by case.

    >>> case_refusal("Files: src/libxt_CONNMARK.c", "Files: src/libxt_connmark.c")
    "identifier changed: 'src/libxt_CONNMARK.c' / 'src/libxt_connmark.c'"
    >>> case_refusal("-I, --inactive DAYS   lock the account", "-i, --inactive DAYS   lock the account")
    "identifier changed: '-I' / '-i'"
    >>> case_refusal("See /usr/share/doc.", "SEE   /usr/share/doc!") is None
    True
    """
    named_a, named_b = named(a), named(b)
    if named_a == named_b:
        return None
    return _changed(_lost(named_a, b), _lost(named_b, a))


def _changed(lost: str | None, new: str | None) -> str | None:
    if lost is not None and new is not None:
        return f"identifier changed: {lost!r} / {new!r}"
    if lost is not None:
        return f"identifier dropped: {lost!r}"
    if new is not None:
        return f"identifier added: {new!r}"
    return None


def words(spaced: str) -> list[str]:
    """The folded words of a paragraph: runs of letters, digits and marks.

    >>> words("Don’t  STOP\\r\\nthe—music!")
    ['don', 't', 'stop', 'the', 'music']
    """
    return _WORD.findall(fold(spaced))


def cached_words(spaced: str) -> tuple[str, ...]:
    """:func:`words`, by the compiled core when it is there, and remembered for the
    paragraphs asked about last (the word rule and the planner ask of the same): as
    one string for :data:`~dedup.text.marks.CACHED` of them, as the words themselves
    for the latest :data:`WORD_LISTS` of up to :data:`LISTED_SIZE` characters (a near
    pair's words are aligned by their hashes, which a string keeps once made)."""
    return _listed_words(spaced) if len(spaced) <= LISTED_SIZE else _split_words(spaced)


def _split_words(spaced: str) -> tuple[str, ...]:
    joined = _joined_words(spaced)
    return tuple(joined.split("\0")) if joined else ()


_listed_words = lru_cache(maxsize=WORD_LISTS)(_split_words)


@lru_cache(maxsize=CACHED)
def _joined_words(spaced: str) -> str:
    # one string a paragraph: a tuple of words would hold several times the text
    if _core is not None:  # the compiled twin; None: Python decides
        found: str | None = _core.joined_words(spaced)
        if found is not None:
            return found
    return "\0".join(words(spaced))


def _lost(found: Sequence[str], spaced: str) -> str | None:
    """The first of the identifiers ``found`` in one paragraph that does not stand in
    the paragraph ``spaced``, or None. One among ``spaced``'s own identifiers stands;
    any other is looked for in its letters (:func:`_kept`), :data:`SEARCHED` at most:
    past them the first is taken as lost.

    >>> _lost(["/usr/lib", "foo_bar", "-v"], "see /usr/lib and foo _bar with -v"), _lost(["-i"], "--inactive")
    (None, '-i')
    """
    standing = _standing(spaced)
    searched = 0
    for identifier in found:
        if identifier in standing:
            continue
        searched += 1
        if searched > SEARCHED or not _kept(identifier, spaced):
            return identifier
    return None


@lru_cache(maxsize=WORD_LISTS)
def _standing(spaced: str) -> frozenset[str]:
    return frozenset(identifiers(spaced))


def _kept(identifier: str, spaced: str) -> bool:
    """Whether ``identifier`` stands in the paragraph ``spaced``, spaces aside (an
    option as one of its options, an acronym as a whole word, anything else folded)."""
    if _OPTION.match(identifier):
        return identifier in _standing(spaced)  # a whole option: -i is no part of --inactive
    if _CASED.search(identifier):
        return identifier in _joined(spaced, True)
    if identifier.isalpha():
        return identifier in cached_words(spaced)
    return identifier in _joined(spaced, False)


def near_refusal(kind_a: str, kind_b: str, a: str, b: str) -> str | None:
    """Why two units within the threshold's edits (their kinds and spaced forms, the
    earlier first) are not a near match, or None: a unit that matches only exactly
    (:data:`dedup.text.structure.EXACT_ONLY`), or the word rule's :func:`refusal`.

    >>> near_refusal("prose", "code", "x = 1", "x = 2")
    'a code matches only exactly'
    """
    if kind_a in EXACT_ONLY or kind_b in EXACT_ONLY:
        return f"a {kind_b if kind_b in EXACT_ONLY else kind_a} matches only exactly"
    return refusal(a, b)


@lru_cache(maxsize=4096)
def refusal(a: str, b: str) -> str | None:
    """Why two paragraphs (their spaced normal forms) that are close in edits still do
    not say the same thing, or None when they differ only by noise.

    Example:
        >>> refusal("Run systemctl start nginx.service to bring the server up.",
        ...         "Run systemctl stop nginx.service to bring the server up.")
        "word changed: 'start' / 'stop'"
        >>> refusal("mytool (5.1~beta1-1) unstable; urgency=medium",
        ...         "mytool (5.1~rc1-1) unstable; urgency=medium")
        "identifier changed: '5.1~beta1-1' / '5.1~rc1-1'"
        >>> refusal("The peeple were hurt in the fire.", "The people were hurt in teh fire!") is None
        True
    """
    marks_a, marks_b = marks(a), marks(b)
    if marks_a != marks_b:
        changed = _marks_changed(marks_a, marks_b)
        if changed is not None:
            return changed
    ids_a, ids_b = identifiers(a), identifiers(b)
    if ids_a != ids_b:
        changed = _changed(_lost(ids_a, b), _lost(ids_b, a))
        if changed is not None:
            return changed
    words_a, words_b = cached_words(a), cached_words(b)
    if words_a == words_b:
        return _symbols_changed(marks_a, marks_b)
    # The alignment breaks ties one way: taken both ways, so that the rule is
    # symmetric (a stretch that is noise one way may leave a word alone the other).
    found = _meaning(words_a, words_b)
    if found is None:
        found = _meaning(words_b, words_a)
        if found is None:
            return _symbols_changed(marks_a, marks_b)
        found = found[1], found[0]
    removed, kept = found
    if not kept:
        return f"word dropped: {' '.join(removed)!r}"
    if not removed:
        return f"word added: {' '.join(kept)!r}"
    return f"word changed: {' '.join(removed)!r} / {' '.join(kept)!r}"


def _marks_changed(a: Marks, b: Marks) -> str | None:
    """How two paragraphs' marks differ (the first of them that does), or None."""
    if a.placeholders != b.placeholders:
        return f"placeholders changed: {' '.join(a.placeholders)!r} / {' '.join(b.placeholders)!r}"
    if a.formats != b.formats:
        return f"format changed: {' '.join(a.formats)!r} / {' '.join(b.formats)!r}"
    if len(a.quotes) != len(b.quotes):
        return f"quotes added or dropped: {len(a.quotes)} / {len(b.quotes)}"
    if a.quotes != b.quotes:
        return f"quotes changed: {a.quotes} / {b.quotes}"
    if a.literals != b.literals:
        return f"quoted mark changed: {' '.join(a.literals)!r} / {' '.join(b.literals)!r}"
    if a.lead != b.lead:
        return f"key changed: {a.lead!r} / {b.lead!r}"
    return None


def _symbols_changed(a: Marks, b: Marks) -> str | None:
    """How two paragraphs' signed numbers and symbols differ, or None (asked last: a
    word or an identifier changed says more)."""
    if a.symbols == b.symbols:
        return None
    lost = sorted((Counter(a.symbols) - Counter(b.symbols)).elements())
    new = sorted((Counter(b.symbols) - Counter(a.symbols)).elements())
    return f"symbol changed: {' '.join(lost)!r} / {' '.join(new)!r}"


def _meaning(words_a: Sequence[str], words_b: Sequence[str]) -> tuple[Sequence[str], Sequence[str]] | None:
    """The first stretch where the alignment of ``words_a`` with ``words_b`` differs
    by more than noise (its words in each), or None."""
    return next(((removed, kept) for removed, kept in stretches(words_a, words_b) if not noise(removed, kept)), None)
