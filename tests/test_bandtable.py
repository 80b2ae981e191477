"""The compact band table answers as a dict of lists (issue #4)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.corpus.bandtable import BandTable


class Small(BandTable):
    merge_at = 3  # merges every few keys


# A small pool of keys (so that they come back), and the largest ones.
keys = st.integers(0, 30) | st.integers(2**64 - 4, 2**64 - 1)
batches = st.lists(st.lists(keys, min_size=1, max_size=16, unique=True), max_size=40)


@settings(max_examples=300, deadline=None)
@given(batches, st.booleans())
def test_the_table_answers_as_a_dict_of_lists(batches: list[list[int]], small: bool) -> None:
    table = Small() if small else BandTable()
    model: dict[int, list[int]] = {}
    for cluster, batch in enumerate(batches):
        asked = np.array(batch, dtype=np.uint64)
        firsts = table.firsts(asked)
        assert firsts == [model[key][0] if key in model else -1 for key in batch]
        for key, first in zip(batch, firsts, strict=True):
            if first >= 0:
                assert table.clusters(key, first) == model[key]
        if all(first < 0 for first in firsts) and cluster % 2:
            table.add_new(batch, cluster)
        else:
            for key, first in zip(batch, firsts, strict=True):
                table.add(key, cluster, first=first)
        for key in batch:
            model.setdefault(key, []).append(cluster)
        assert len(table) == sum(len(clusters) for clusters in model.values())


def test_clusters_past_two_to_the_32_widen_the_array() -> None:
    table = Small()
    table.add_new([1, 2, 3, 4], 2**32 + 5)
    assert table.firsts(np.array([4, 5], dtype=np.uint64)) == [2**32 + 5, -1]
