"""What the normal form does to the Arabic script: its blocks, the marks it removes and
the letter variants it unifies. Standard library only: the compiled core's build
(``native/gen_tables.py``) reads this module too, so both engines use one definition.

Letter variants that a retyped copy (Persian, Urdu keyboards, or spelling habits)
writes for the same letter: Farsi yeh, alef maksura and Urdu yehs as yeh; keheh and
swash kaf as kaf; teh marbuta and the Persian and Urdu hehs as heh; the alef forms
and the superscript (dagger) alef as alef.
"""

from __future__ import annotations

import unicodedata

ALEFS = "آأإٱٲٳ"
LETTERS = {
    **{ord(c): "ي" for c in "یىېۍےۓ"},
    **{ord(c): "ك" for c in "کڪ"},
    **{ord(c): "ه" for c in "ةۀہۂۃھە"},
    **{ord(c): "ا" for c in ALEFS + "\u0670"},
}
# the Arabic blocks, as half-open ranges of code points
BLOCKS = ((0x0600, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00))
# harakat, tanwin, shadda, sukun, Quranic marks: every combining mark of the Arabic
# blocks (but the dagger alef, a letter here); and tatweel
MARKS = (
    "".join(
        chr(c) for low, high in BLOCKS for c in range(low, high) if unicodedata.category(chr(c)) == "Mn" and c != 0x0670
    )
    + "\u0640"
)
