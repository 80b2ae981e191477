"""The compact corpus memory answers as the plain dict and set it replaced (issue #4)."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.corpus import memory as corpus_memory
from dedup.corpus.scope import CorpusMemory, Occurrence, Summary


class Model:
    """The memory as it was: first occurrence per digest, a set of pairs."""

    def __init__(self, first: dict[bytes, Occurrence] | None = None, pairs: set[bytes] | None = None) -> None:
        self.first = dict(first or {})
        self.pairs = set(pairs or ())

    def remember(self, name: str, summary: Summary) -> None:
        for key, position in zip(summary.digests, summary.positions, strict=True):
            self.first.setdefault(key, Occurrence(name, *position))
        self.pairs.update(a + b for a, b in zip(summary.digests, summary.digests[1:], strict=False))


class Small(CorpusMemory):
    merge_at = 3  # merges every few paragraphs


def _digest(i: int) -> bytes:
    return i.to_bytes(8, "little")


# A small pool, so that digests repeat within and across documents.
digests = st.integers(0, 40).map(_digest) | st.binary(min_size=8, max_size=8)
values = st.integers(0, 300) | st.integers(-(2**40), 2**40)
positions = st.tuples(values, values, values, values)
documents = st.lists(st.lists(st.tuples(digests, positions), max_size=12), max_size=25)
seeds = st.dictionaries(digests, st.builds(Occurrence, st.sampled_from(["s1", "s2"]), values, values, values, values))


def _summary(paragraphs: list[tuple[bytes, tuple[int, int, int, int]]]) -> Summary:
    return Summary([d for d, _ in paragraphs], [1] * len(paragraphs), [p for _, p in paragraphs], None)


def _check(memory: CorpusMemory, model: Model, docs: list[list[tuple[bytes, tuple[int, int, int, int]]]]) -> None:
    asked = list(model.first) + [_digest(i) for i in range(41)]
    for n, paragraphs in enumerate(docs):
        summary = _summary(paragraphs)
        pairs = [a + b for a, b in zip(summary.digests, summary.digests[1:], strict=False)]
        others = [a + b for a in asked[:6] for b in asked[:6]]
        assert memory.known(summary.digests) == [d in model.first for d in summary.digests]
        assert memory.known_pairs(pairs) == [p in model.pairs for p in pairs]
        assert memory.known_pairs(others) == [p in model.pairs for p in others]
        for key in summary.digests:
            if key in model.first:
                assert memory.first(key) == model.first[key]
        memory.remember(f"doc{n}", summary)
        model.remember(f"doc{n}", summary)
        assert len(memory) == len(model.first)
    for key, where in model.first.items():
        assert memory.first(key) == where
    assert memory.known(asked) == [d in model.first for d in asked]


@settings(max_examples=150, deadline=None)
@given(documents)
def test_same_answers_as_a_dict_and_a_set(docs: list[list[tuple[bytes, tuple[int, int, int, int]]]]) -> None:
    _check(CorpusMemory(), Model(), docs)  # no merge: recent digests only
    _check(Small(), Model(), docs)  # merged every few paragraphs


@settings(max_examples=100, deadline=None)
@given(seeds, st.sets(st.binary(min_size=16, max_size=16) | digests.map(lambda d: d + _digest(1))), documents)
def test_seeded(
    first: dict[bytes, Occurrence], pairs: set[bytes], docs: list[list[tuple[bytes, tuple[int, int, int, int]]]]
) -> None:
    for cls in (CorpusMemory, Small):
        memory = cls.seeded(dict(first), set(pairs))
        assert memory.known_pairs(sorted(pairs)) == [True] * len(pairs)
        _check(memory, Model(first, pairs), docs)


def test_first_before_and_after_a_merge() -> None:
    memory = Small()
    memory.remember("a", _summary([(_digest(1), (1, 1, 0, 10)), (_digest(2), (3, 4, 12, 40))]))
    assert memory._keys is None  # still recent
    assert memory.first(_digest(2)) == Occurrence("a", 3, 4, 12, 40)
    memory.remember("b", _summary([(_digest(k), (k, k, 100 * k, 100 * k + 5)) for k in (2, 3, 4, 5)]))
    assert memory._keys is not None and not memory._recent  # merged
    assert memory.first(_digest(1)) == Occurrence("a", 1, 1, 0, 10)
    assert memory.first(_digest(2)) == Occurrence("a", 3, 4, 12, 40)
    assert memory.first(_digest(5)) == Occurrence("b", 5, 5, 500, 505)
    assert memory.known_pairs([_digest(1) + _digest(2), _digest(2) + _digest(1)]) == [True, False]
    try:
        memory.first(_digest(9))
    except KeyError:
        pass
    else:
        raise AssertionError("an unknown digest has no first occurrence")


def test_columns_widen_for_large_and_negative_values() -> None:
    memory = Small()
    huge = 2**40
    places = [(1, 2, 3, 4), (5, 5 + 70_000, huge, huge + 100_000), (9, 8, 7, 7), (2**33, 2**33, 0, 0)]
    memory.remember("a", _summary([(_digest(k), p) for k, p in enumerate(places)]))
    memory.remember("b", _summary([(_digest(10 + k), (k, k, k, k)) for k in range(5)]))
    for k, place in enumerate(places):
        assert memory.first(_digest(k)) == Occurrence("a", *place)
    assert memory.first(_digest(12)) == Occurrence("b", 2, 2, 2, 2)


def test_pair_multipliers() -> None:
    a, b = corpus_memory._PAIR_A, corpus_memory._PAIR_B
    assert a % 2 == b % 2 == 1 and (a - b) % 8 == 4 and (a + b) % 4 == 2


def test_numpy_is_loaded_only_at_the_first_merge() -> None:
    code = (
        "import sys\n"
        "from dedup.corpus.scope import CorpusMemory, Summary\n"
        "m = CorpusMemory()\n"
        "m.remember('a', Summary([bytes(8), bytes(7) + b'1'], [1, 1], [(1, 1, 0, 1), (3, 3, 3, 4)], None))\n"
        "m.known([bytes(8)]); m.first(bytes(8))\n"
        "assert 'numpy' not in sys.modules\n"
        "CorpusMemory.merge_at = 1\n"
        "m.remember('b', Summary([bytes(6) + b'22'], [1], [(1, 1, 0, 1)], None))\n"
        "assert 'numpy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
