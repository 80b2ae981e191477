"""Evidence for tuning: how similar each paragraph is to its nearest earlier one.

For every paragraph, the most similar earlier paragraph is found among the
candidates of a looser threshold (``floor``, or the threshold if it is lower; the
latest :data:`~dedup.text.fingerprint.CANDIDATES` of them, so that the work per
paragraph is bounded, as the engine's is), and
the verifier the engine uses (:class:`dedup.text.verify.Verifier`) gives its verdict
on the pair: the edit distance, whether the numbers agree, what the word rule says
(:mod:`dedup.text.words`). So a pair is a match here exactly when the engine would
count it as one. From those pairs come a histogram, the nearest misses just below
the threshold (with the threshold that would accept a pair only the threshold
refuses) and the weakest matches just above it, so ``--threshold`` and
``--min-chars`` can be chosen with evidence rather than by guess. Each pair's
excerpts show where its two paragraphs differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from dedup.config import Config
from dedup.text.affixes import common_prefix
from dedup.text.fingerprint import ChunkIndex
from dedup.text.layout import layout
from dedup.text.match import similarity
from dedup.text.normalize import Normal, forms_of, normal_text, normalize, size
from dedup.text.verify import Verdict, Verifier, distance

# An excerpt's width, and the context it shows before the first difference.
WIDTH = 60
CONTEXT = 20


@dataclass(frozen=True, slots=True)
class Pair:
    """A paragraph and its most similar earlier paragraph."""

    line: int  # 1-based first line of the later paragraph
    source_line: int
    verdict: Verdict
    size: int
    excerpt: str  # where the later paragraph differs from the earlier one
    source_excerpt: str
    unit: str = "prose"  # the kind of unit the later paragraph is (dedup.text.layout)

    @property
    def similarity(self) -> float:
        return self.verdict.similarity

    @property
    def same_numbers(self) -> bool:
        return self.verdict.same_numbers

    @property
    def refused(self) -> str | None:
        """What the word rule (or an exact-only unit) says against a near match."""
        return self.verdict.refusal

    def matches(self, threshold: float) -> bool:
        return self.verdict.matches(threshold)

    def why(self, threshold: float) -> str:
        """Why the pair does or does not match, in a few words.

        >>> def pair(distance, refusal=None, numbers=True):
        ...     return Pair(3, 1, Verdict(distance, 100, numbers, refusal), 50, "", "")
        >>> pair(5, "word changed: 'start' / 'stop'").why(0.9)
        "word changed: 'start' / 'stop'"
        >>> pair(15).why(0.9), pair(5, numbers=False).why(0.9), pair(5).why(0.9)
        ('below the threshold: --threshold 0.85 would match it', 'numbers differ', 'near match')
        >>> pair(15, "word dropped: 'not'").why(0.9)
        "below the threshold, and word dropped: 'not'"
        """
        verdict = self.verdict
        if verdict.distance == 0:
            return verdict.refusal or "exact"
        if not verdict.same_numbers:
            return "numbers differ"
        if not verdict.within(threshold):
            if verdict.refusal is not None:
                return f"below the threshold, and {verdict.refusal}"
            accepting = verdict.accepting()
            if accepting is None:
                return "below the threshold"
            return f"below the threshold: --threshold {accepting:.2f} would match it"
        return verdict.refusal or "near match"


@dataclass(frozen=True, slots=True)
class Explanation:
    threshold: float
    pairs: tuple[Pair, ...]
    paragraphs: int = 0  # the paragraphs (units) of the text, with a similar earlier one or not

    def summary(self) -> str:
        """What was compared, in a line.

        >>> Explanation(0.9, (), 4).summary()
        '4 paragraphs, none with a similar earlier one'
        """
        noun = "paragraph" if self.paragraphs == 1 else "paragraphs"
        similar = len(self.pairs) or "none"
        return f"{self.paragraphs} {noun}, {similar} with a similar earlier one"

    def histogram(self, bins: int = 10) -> list[int]:
        """How many pairs fall in each similarity bin from 0 to 1.0."""
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


def _excerpt(spaced: str, at: int) -> str:
    """``spaced`` (a paragraph with its whitespace as single spaces) from a word or so
    before the word holding its normal form's ``at``-th character, cut to :data:`WIDTH`.

    >>> _excerpt("One two three four five six seven eight nine ten eleven twelve thirteen", 0)
    'One two three four five six seven eight nine ten eleven twe…'
    >>> _excerpt("One two three four five six seven eight nine ten eleven twelve thirteen", 52)  # 't[h]irteen'
    '…ten eleven twelve thirteen'
    """
    start = 0
    if at > 0:
        seen, offset = 0, 0
        for word in spaced.split(" "):
            seen += len(normal_text(word))
            if seen > at:
                break
            offset += len(word) + 1
        offset = min(offset, len(spaced))
        if offset > CONTEXT:
            start = spaced.find(" ", offset - CONTEXT, offset) + 1 or offset - CONTEXT
    shown = spaced[start:]
    lead = "…" if start else ""
    if len(lead) + len(shown) > WIDTH:
        shown = shown[: WIDTH - 1 - len(lead)] + "…"
    return lead + shown


def _excerpts(earlier: Normal, later: Normal) -> tuple[str, str]:
    """The excerpts of two paragraphs from where their normal forms first differ (from
    their openings if they do not)."""
    at = common_prefix(earlier.text, later.text)
    if at == len(earlier.text) == len(later.text):
        at = 0
    return _excerpt(later.spaced, at), _excerpt(earlier.spaced, at)


def explain(text: str, config: Config | None = None, floor: float = 0.8) -> Explanation:
    """Score every paragraph of ``text`` against its most similar earlier paragraph.

    Example:
        >>> e = explain("The storm closed 3 roads in the north.\\n\\nThe storm closed 3 roads in the south.\\n")
        >>> [(p.line, p.source_line, round(p.similarity, 2), p.why(0.9)) for p in e.pairs]
        [(3, 1, 0.94, "word changed: 'north' / 'south'")]
        >>> e.pairs[0].excerpt, e.summary()
        ('…3 roads in the south.', '2 paragraphs, 1 with a similar earlier one')
    """
    config = config or Config()
    verify = Verifier(config.threshold)
    lay = layout(text, config.unit, config.wrap_width, config.syntax)
    raws = [lay.paragraph_text(p) for p in lay.paragraphs]
    forms = forms_of(raws, [normalize(raw) for raw in raws], lay.kinds)
    # Candidates at the floor threshold, numbers ignored (a miss on numbers is evidence too).
    loose = [Normal(f.text, ()) for f in forms]
    kinds = lay.kinds
    index = ChunkIndex(min(floor, config.threshold), enumerate(loose))
    pairs = []
    for i, form in enumerate(forms):
        best, best_j, best_distance = -1.0, -1, 0
        for j in index.earlier(loose[i], i):  # bounded, as the engine's search is
            found = distance(forms[j].text, form.text)
            score = similarity(found, len(forms[j].text), len(form.text))
            if score > best:
                best, best_j, best_distance = score, j, found
        if best_j >= 0:
            earlier = forms[best_j]
            excerpt, source_excerpt = _excerpts(earlier, form)
            pairs.append(
                Pair(
                    line=lay.paragraphs[i].first + 1,
                    source_line=lay.paragraphs[best_j].first + 1,
                    verdict=verify.verdict(earlier, form, kinds[best_j], kinds[i], best_distance),
                    size=size(form.text),
                    excerpt=excerpt,
                    source_excerpt=source_excerpt,
                    unit=kinds[i],
                )
            )
    return Explanation(config.threshold, tuple(pairs), len(forms))
