"""The document's words against the word rule's typos (dedup/text/vocabulary.py)."""

from __future__ import annotations

import dedup
from dedup.text.normalize import normalize
from dedup.text.vocabulary import Vocabulary, typos

# Messages of a catalogue: two that differ by one letter of one word, each word a word
# of the catalogue's other messages (German "old" / "all"; session 13 found such pairs
# in real catalogues: output / input in Russian, Iraq / Iran in Lithuanian).
MESSAGES = """\
Alle Schlüssel für den Dienst wurden aus der Datenbank entfernt.

Alte Schlüssel für den Dienst wurden aus der Datenbank entfernt.

Alle Dateien im Ordner werden gelesen.

Alte Einträge bleiben im Verlauf stehen.
"""

# A re-typed copy: its slips stand nowhere else in the document.
ARTICLE = """\
The regional orchestra will play its last concert of the season in the square.

Tickets went on sale this morning and most of the seats were sold by noon.

Example Site. net

The reigonal orchestra will play its last concert of the season in the square.

Tickets went on sale this mornig and most of the seats were sold by noon.
"""


def test_a_typo_whose_words_both_stand_elsewhere_is_another_word() -> None:
    assert dedup.clean(MESSAGES).text == MESSAGES
    # without the other messages, the one letter is a slip
    pair = MESSAGES.split("\n\n")[:2]
    assert dedup.clean("\n\n".join(pair) + "\n", min_chars=10).text == pair[0] + "\n"


def test_a_slip_made_once_is_still_noise() -> None:
    assert dedup.clean(ARTICLE).text == ARTICLE[: ARTICLE.index("Example")] + "Example Site. net\n"


def test_typos_are_the_words_aligned_one_for_one() -> None:
    assert typos("one two three four", "one tow three fuur") == [("four", "fuur")]  # a swap is none
    assert typos("peo ple here", "people here") == []  # spaces moved: no pair of words
    assert typos("same words", "same words") == []


def test_the_pair_itself_does_not_count() -> None:
    forms = [normalize(t) for t in ("Alte Dateien hier.", "Alle Dateien hier.", "Alte Dateien dort.")]
    # "alte" stands in a third unit, "alle" in none: a slip
    assert Vocabulary(forms).refusal(0, 1) is None
    forms.append(normalize("Alle Dateien dort."))
    assert Vocabulary(forms).refusal(0, 1) == "word changed: 'alte' / 'alle' (both stand elsewhere in the document)"
