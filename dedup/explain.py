"""Evidence for tuning: how similar each paragraph is to its nearest earlier one.

For every paragraph, the most similar earlier paragraph is found among the
candidates of a looser threshold (``floor``), with its similarity, whether the
numbers agree, what the word rule says of the pair (:mod:`dedup.text.words`), and
which kind of unit the paragraph is. From those pairs come a histogram, the nearest misses just below the
threshold and the weakest matches just above it, so ``--threshold`` and
``--min-chars`` can be chosen with evidence rather than by guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from dedup.config import Config
from dedup.text.fingerprint import ChunkIndex
from dedup.text.layout import layout
from dedup.text.normalize import Normal, normalize, size
from dedup.text.words import near_refusal


@dataclass(frozen=True, slots=True)
class Pair:
    """A paragraph and its most similar earlier paragraph."""

    line: int  # 1-based first line of the later paragraph
    source_line: int
    similarity: float
    same_numbers: bool
    size: int
    excerpt: str
    source_excerpt: str
    refused: str | None = None  # what the word rule (or an exact-only unit) says against a near match
    unit: str = "prose"  # the kind of unit the later paragraph is (dedup.text.layout)

    def matches(self, threshold: float) -> bool:
        return self.similarity == 1.0 or (
            self.same_numbers and self.similarity >= threshold and self.refused is None
        )

    def why(self, threshold: float) -> str:
        """Why the pair does or does not match, in a few words.

        >>> Pair(3, 1, 0.95, True, 50, "", "", "word changed: 'start' / 'stop'").why(0.9)
        "word changed: 'start' / 'stop'"
        >>> Pair(3, 1, 0.85, True, 50, "", "").why(0.9), Pair(3, 1, 0.95, False, 50, "", "").why(0.9)
        ('below the threshold', 'numbers differ')
        """
        if self.similarity == 1.0:
            return "exact"
        if not self.same_numbers:
            return "numbers differ"
        if self.similarity < threshold:
            return "below the threshold"
        return self.refused or "near match"


@dataclass(frozen=True, slots=True)
class Explanation:
    threshold: float
    pairs: tuple[Pair, ...]

    def histogram(self, bins: int = 10) -> list[int]:
        """How many pairs fall in each similarity bin from the floor to 1.0."""
        counts = [0] * bins
        for pair in self.pairs:
            counts[min(bins - 1, int(pair.similarity * bins))] += 1
        return counts

    def near_misses(self, count: int = 5) -> list[Pair]:
        """The most similar pairs that do not match."""
        misses = [p for p in self.pairs if not p.matches(self.threshold)]
        return sorted(misses, key=lambda p: (-p.similarity, p.line))[:count]

    def weakest_matches(self, count: int = 5) -> list[Pair]:
        """The least similar pairs that still match (exact repeats left out)."""
        weak = [p for p in self.pairs if p.matches(self.threshold) and p.similarity < 1.0]
        return sorted(weak, key=lambda p: (p.similarity, p.line))[:count]


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def explain(text: str, config: Config | None = None, floor: float = 0.8) -> Explanation:
    """Score every paragraph of ``text`` against its most similar earlier paragraph.

    Example:
        >>> e = explain("The storm closed 3 roads in the north.\\n\\nThe storm closed 3 roads in the south.\\n")
        >>> [(p.line, p.source_line, round(p.similarity, 2), p.why(0.9)) for p in e.pairs]
        [(3, 1, 0.94, "word changed: 'north' / 'south'")]
    """
    config = config or Config()
    lay = layout(text, config.unit, config.wrap_width, config.syntax)
    raws = [lay.paragraph_text(p) for p in lay.paragraphs]
    forms = [normalize(raw) for raw in raws]
    # Candidates at the floor threshold, numbers ignored (a miss on numbers is evidence too).
    loose = [Normal(f.text, ()) for f in forms]
    kinds = lay.kinds
    index = ChunkIndex(floor, enumerate(loose))
    pairs = []
    for i, form in enumerate(forms):
        best, best_j = -1.0, -1
        for j in index.candidates(loose[i]):
            if j >= i:
                break
            score = Levenshtein.normalized_similarity(form.text, forms[j].text)
            if score > best:
                best, best_j = score, j
        if best_j >= 0:
            refused = None
            if best < 1.0:
                refused = near_refusal(kinds[best_j], kinds[i], forms[best_j].spaced, form.spaced)
            pairs.append(
                Pair(
                    line=lay.paragraphs[i].first + 1,
                    source_line=lay.paragraphs[best_j].first + 1,
                    similarity=best,
                    same_numbers=form.numbers == forms[best_j].numbers,
                    size=size(form.text),
                    excerpt=_excerpt(raws[i]),
                    source_excerpt=_excerpt(raws[best_j]),
                    refused=refused,
                    unit=kinds[i],
                )
            )
    return Explanation(config.threshold, tuple(pairs))

