"""The compiled chunk index's compact form (issue 14, item 6): the same candidates as the
Python ``ChunkIndex`` on each of its lookup paths (a key with few pairs scanned, one
with more pairs than the probe has substrings searched, one past ``BIG`` looked up in
its directory), and a bounded memory per paragraph, measured in a subprocess."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_native_chunks import compiled_earlier, python_earlier

from dedup import native
from dedup.text.normalize import normalize

pytestmark = pytest.mark.skipif(native.core is None, reason="the compiled core is off or not built")

LETTERS = "abcdefghij ünï日本語—"


def family(rng: random.Random, copies: int, length: int, letters: str = LETTERS) -> list[str]:
    """``copies`` texts of about ``length`` characters, each one letter off the last."""
    text = [rng.choice(letters) for _ in range(length)]
    texts = []
    for _ in range(copies):
        text[rng.randrange(length)] = rng.choice(letters)
        texts.append("".join(text).strip() or "x")
    return texts


# copies x length: a few (scanned), enough that a key holds more pairs than a probe has
# substrings but under BIG = 1024 (searched), and many (past BIG: the directory)
@pytest.mark.parametrize(("copies", "length"), [(5, 120), (90, 40), (60, 150), (400, 90), (1200, 45)])
@pytest.mark.parametrize("threshold", [0.8, 0.9, 0.97])
def test_each_lookup_path_agrees(copies: int, length: int, threshold: float) -> None:
    rng = random.Random(copies * 1000 + length)
    texts = family(rng, copies, length)
    texts += family(rng, copies // 4 + 1, length // 2 + 3)  # shorter ones, in other keys
    rng.shuffle(texts)
    found = compiled_earlier(texts, threshold)
    assert found == python_earlier(texts, threshold)
    assert found is not None and any(found)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 300),
    st.integers(1, 120),
    st.integers(0, 2**32),
    st.sampled_from([0.6, 0.8, 0.9, 0.95, 0.99]),
    st.sampled_from(["ab ", LETTERS, "日本語ünï"]),
)
def test_families_agree(copies: int, length: int, seed: int, threshold: float, letters: str) -> None:
    rng = random.Random(seed)
    texts = family(rng, copies, length, letters) + family(rng, copies // 3 + 1, length * 2, letters)
    assert compiled_earlier(texts, threshold) == python_earlier(texts, threshold)


def test_equal_candidates_share_one_int() -> None:
    # 600 near-identical lines: each has the 32 latest before it, ints above 256
    texts = family(random.Random(2), 600, 80, "abcdefgh ")
    found = compiled_earlier(texts, 0.9)
    assert found is not None
    lists = [ids for ids in found if 300 in ids]
    assert len(lists) > 1
    first = lists[0][lists[0].index(300)]
    assert all(ids[ids.index(300)] is first for ids in lists)


# Peak RSS grown by earlier_candidates on 20,000 distinct paragraphs of about 220
# characters with distinct numbers (the `---`-separated shape): about 3,000 bytes a
# paragraph as maps of maps of vectors, about 600 in the compact form.
MEMORY_SCRIPT = textwrap.dedent(
    """
    import random, resource
    from dedup.native import core
    from dedup.text.normalize import normalize_many
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(3000)]
    n = 20000
    normals = normalize_many([" ".join(rng.choice(words) for _ in range(40)) + f" {k}" for k in range(n)])
    texts, numbers = [x.text for x in normals], [x.numbers for x in normals]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = core.earlier_candidates(texts, numbers, 0.9)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert found is not None and len(found) == n
    print((after - before) * 1024 // n)
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
def test_index_memory_per_paragraph_is_bounded() -> None:
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT], capture_output=True, text=True, check=True)
    per_paragraph = int(done.stdout.strip())
    assert per_paragraph < 1500, f"{per_paragraph} bytes of peak RSS per paragraph"


def test_no_utf8_copy_is_left_inside_the_texts() -> None:
    # CPython caches a str's UTF-8 inside it once C code asks for it, for the str's life
    # (sys.getsizeof counts it): the forms live through the plan, so the index must not.
    texts = [f"日本語のテキスト、ünïcode words {'ab' * k}" for k in range(40)]
    texts += ["plain ascii text that is long enough to be cut into chunks"] * 2
    assert compiled_earlier(texts, 0.9) == python_earlier(texts, 0.9)
    normals = [normalize(t) for t in texts]
    sizes = [sys.getsizeof(n.text) for n in normals]
    native.core.earlier_candidates([n.text for n in normals], [n.numbers for n in normals], 0.9)
    assert [sys.getsizeof(n.text) for n in normals] == sizes


def test_a_lone_surrogate_leaves_it_to_python() -> None:
    assert native.core.earlier_candidates(["fine text here", "a lone \ud800 surrogate"], [(), ()], 0.9) is None
