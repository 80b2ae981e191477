"""The words of a whole document, for the word rule's typos (:func:`dedup.text.words.refusal`).

A typo other than two neighbouring letters swapped is a slip made once: a word
that stands in the document beyond the two paragraphs compared is one the writer
meant. So two paragraphs whose only
difference is a pair of such words, each standing elsewhere in the document too,
are no near match: German ``Alte`` / ``Alle``, Russian ``выходного`` /
``входного`` (output / input), Lithuanian ``Irakas`` / ``Iranas``, each a word
of the catalogue's other messages, are other words, while ``mornig`` in a
re-typed copy of an article is a slip of ``morning``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from dedup.text.normalize import Normal
from dedup.text.words import _swapped, stretches, words


def typos(a: str, b: str) -> list[tuple[str, str]]:
    """The words of two paragraphs (spaced forms) that the word rule takes for a typo
    of each other, aligned both ways, but two neighbouring letters swapped, the
    commonest slip, which a writer may well repeat (``ploicies``): pairs of words in
    stretches of as many words each (a stretch with spaces moved is no such pair).

    >>> typos("The peeple were hurt in the fire.", "The people were hurt in teh fire!")
    [('peeple', 'people')]
    """
    words_a, words_b = words(a), words(b)
    if words_a == words_b:
        return []
    found = [
        (x, y)
        for removed, kept in stretches(words_a, words_b)
        if len(removed) == len(kept)
        for x, y in zip(removed, kept, strict=True)
        if x != y and not _swapped(x, y)
    ]
    for removed, kept in stretches(words_b, words_a):
        if len(removed) == len(kept):
            found.extend(
                (y, x) for x, y in zip(removed, kept, strict=True) if x != y and not _swapped(x, y) and (y, x) not in found
            )
    return found


class Vocabulary:
    """The words of a document's units (their normal forms' spaced text), counted
    once a distinct text, read when a near pair first has a typo.

    Example:
        >>> from dedup.text.normalize import normalize
        >>> units = [normalize(text) for text in ("Alte Schlüssel wurden entfernt.",
        ...          "Alle Schlüssel wurden entfernt.", "Alle Dateien.", "Alte Dateien.")]
        >>> Vocabulary(units).refusal(0, 1)
        "word changed: 'alte' / 'alle' (both stand elsewhere in the document)"
        >>> Vocabulary(units[:2]).refusal(0, 1) is None
        True
    """

    def __init__(self, forms: Sequence[Normal]) -> None:
        self._forms = forms
        self._units: Counter[str] | None = None

    def refusal(self, a: int, b: int) -> str | None:
        """Why units ``a`` and ``b`` (of other texts), which the word rule lets match,
        are still two: a pair of words it took for a typo, each standing in a text
        besides these two."""
        spaced_a, spaced_b = self._forms[a].spaced, self._forms[b].spaced
        found = typos(spaced_a, spaced_b)
        if not found:
            return None
        if self._units is None:
            # once a distinct text: an exact copy of a unit is no other place its words stand
            texts = dict.fromkeys(form.spaced for form in self._forms)
            self._units = Counter(word for text in texts for word in set(words(text)))
        units = self._units
        words_a, words_b = set(words(spaced_a)), set(words(spaced_b))
        for x, y in found:
            # each stands in a unit besides these two
            if all(units[w] - (w in words_a) - (w in words_b) > 0 for w in (x, y)):
                return f"word changed: {x!r} / {y!r} (both stand elsewhere in the document)"
        return None
