"""The candidate index must never miss a pair that matches (it may over-report)."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from reference import allowed_edits, levenshtein

from dedup.text.fingerprint import ChunkIndex
from dedup.text.normalize import Normal, normalize


def near(a: Normal, b: Normal, threshold: float) -> bool:
    """The near-match half of the rule, by brute force."""
    if a.numbers != b.numbers:
        return False
    longest = max(len(a.text), len(b.text))
    return levenshtein(a.text, b.text) <= allowed_edits(longest, threshold)


def check_index(normals: list[Normal], queries: list[Normal], threshold: float) -> int:
    """Index ``normals`` (distinct texts) and check every query; return the number of
    true near pairs seen, so that callers can tell the test was not vacuous."""
    index = ChunkIndex(threshold, list(enumerate(normals)))
    found = 0
    for query in queries:
        candidates = list(index.candidates(query))
        assert candidates == sorted(set(candidates)), "increasing, each once"
        assert list(index.candidates(query, index.postings(query))) == candidates
        for ident, normal in enumerate(normals):
            if normal.text != query.text and near(normal, query, threshold):
                found += 1
                assert ident in candidates, (normal, query, threshold)
    return found


def distinct(normals: list[Normal]) -> list[Normal]:
    seen: dict[str, Normal] = {}
    for normal in normals:
        seen.setdefault(normal.text, normal)
    return list(seen.values())


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize(
    ("texts", "query", "threshold", "expected"),
    [
        (
            [
                "the quick brown fox jumps over the lazy dog",
                "something else entirely, nothing alike",
            ],
            "the quick brown fox jumped over the lazy dog",
            0.9,
            [0],
        ),
        # 9 and 10 characters at 0.9: one edit of 10 is allowed, in both directions
        (["abcdefghij"], "abcdefghi", 0.9, [0]),
        (["abcdefghi"], "abcdefghij", 0.9, [0]),
        (["abcdefghi"], "abcdefghix", 0.9, [0]),
        # the numbers must be equal
        (["12 abcdefghijklmnop"], "21 abcdefghijklmnop", 0.9, []),
        (["12 abcdefghijklmnop", "12 abcdefghijklmnoq"], "12 abcdefghijklmnox", 0.9, [0, 1]),
        # very short strings at a low threshold
        (["a", "b", "ab", "ba"], "ac", 0.5, [0, 2]),
        (["ab", "cd"], "ax", 0.5, [0]),
    ],
)
def test_candidates(texts: list[str], query: str, threshold: float, expected: list[int]) -> None:
    index = ChunkIndex(threshold, [(ident, normalize(text)) for ident, text in enumerate(texts)])
    candidates = list(index.candidates(normalize(query)))
    # a superset of the expected matches, and those really match
    assert set(expected) <= set(candidates)
    for ident in expected:
        assert near(normalize(texts[ident]), normalize(query), threshold)
    check_index([normalize(t) for t in texts], [normalize(query)], threshold)


@pytest.mark.parametrize(
    ("length", "threshold"),
    [(n, t) for n in (1, 2, 5, 9, 10, 11, 19, 20, 21, 40, 100) for t in (0.5, 0.8, 0.9, 0.95)],
)
def test_chunk_size_leaves_an_intact_chunk(length: int, threshold: float) -> None:
    """k + 1 chunks of a paragraph survive k edits: the plan must have more chunks than
    the most edits to any partner it may match."""
    index = ChunkIndex(threshold, [])
    size = index.chunk_size(length)
    longest = length
    while longest + 1 - length <= allowed_edits(longest + 1, threshold):
        longest += 1
    edits = allowed_edits(longest, threshold)
    if edits == 0:
        assert size is None
    else:
        assert size is not None
        assert size == 0 or length // size >= edits + 1


# --------------------------------------------------------------------------- properties

RAW = st.text(alphabet="abcab12 ", min_size=1, max_size=12)
LONG_RAW = st.text(alphabet="abcdeab1 ", min_size=13, max_size=60)
THRESHOLDS = st.one_of(
    st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]),
    st.floats(min_value=0.05, max_value=1.0),
)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    chars = list(text)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(chars)))
        op = draw(st.sampled_from(["ins", "del", "sub"]))
        ch = draw(st.sampled_from("abz1"))
        if op == "ins":
            chars.insert(at, ch)
        elif at < len(chars):
            if op == "del":
                del chars[at]
            else:
                chars[at] = ch
    return "".join(chars)


@st.composite
def families(draw: st.DrawFn, raw: st.SearchStrategy[str]) -> list[str]:
    """A few base strings, each with a few near copies: many true pairs."""
    out = []
    for base in draw(st.lists(raw, min_size=1, max_size=4)):
        out.append(base)
        out.extend(draw(st.lists(mutated(base), max_size=4)))
    return draw(st.permutations(out))


@settings(max_examples=200, deadline=None)
@given(texts=families(RAW), extra=st.lists(RAW, max_size=3), threshold=THRESHOLDS)
def test_never_misses_a_short_pair(texts: list[str], extra: list[str], threshold: float) -> None:
    normals = distinct([normalize(t) for t in texts])
    found = check_index(normals, normals + [normalize(t) for t in extra], threshold)
    event(f"true pairs: {'some' if found else 'none'}")


@settings(max_examples=200, deadline=None)
@given(texts=families(LONG_RAW), threshold=THRESHOLDS)
def test_never_misses_a_long_pair(texts: list[str], threshold: float) -> None:
    normals = distinct([normalize(t) for t in texts])
    found = check_index(normals, normals, threshold)
    event(f"true pairs: {'some' if found else 'none'}")


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.one_of(RAW, LONG_RAW), min_size=1, max_size=12), threshold=THRESHOLDS)
def test_never_misses_a_random_pair(texts: list[str], threshold: float) -> None:
    normals = distinct([normalize(t) for t in texts])
    check_index(normals, normals, threshold)


def test_families_find_true_pairs() -> None:
    """The strategies above are not vacuous: near copies do match."""
    base = normalize("abcabcabc12abcabc")
    copies = [normalize("abcabcabc12abcabx"), normalize("abcabcab12abcabc")]
    assert check_index([base, *copies], [base, *copies], 0.9) > 0
