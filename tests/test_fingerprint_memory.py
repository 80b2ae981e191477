"""The Python chunk index (the reference, and the engine when the core is off or a text
has a lone surrogate) holds a bounded memory per paragraph (issue 14, item 6): a kept
chunk's lone id is held as the int and each chunk string once, not a list of one and a
string per key."""

from __future__ import annotations

import random
import tracemalloc

from dedup.text.fingerprint import ChunkIndex
from dedup.text.normalize import normalize


def paragraphs(count: int) -> list[str]:
    """Distinct paragraphs of about 220 characters, each with its own number (so under
    keys of their own, as `---`-separated logs are)."""
    rng = random.Random(11)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    return [" ".join(rng.choice(words) for _ in range(40)) + f" {k}" for k in range(count)]


def test_index_memory_per_paragraph_is_bounded() -> None:
    # about 4,700 bytes a paragraph before (maps of lists of one id), 1,300 now
    items = list(enumerate(map(normalize, paragraphs(4000))))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        index = ChunkIndex(0.9, items)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert index.earlier(items[-1][1], len(items) - 1) == []  # nothing alike: it still answers
    assert held / len(items) < 2500, f"{held / len(items):.0f} bytes a paragraph"


def test_a_chunk_shared_by_ids_under_several_keys_finds_them_all() -> None:
    # the same text under two numbers: one chunk string, held by two keys' tables
    texts = ["a line of the log that is long enough to be cut, number 1"] * 3
    texts += ["a line of the log that is long enough to be cut, number 2"] * 3
    texts = [t.replace("log", f"log{'x' * k}") for k, t in enumerate(texts)]
    items = list(enumerate(map(normalize, texts)))
    index = ChunkIndex(0.9, items)
    assert [index.earlier(normal, k) for k, normal in items] == [[], [0], [0, 1], [], [3], [3, 4]]
    assert [list(index.candidates(normal)) for _, normal in items] == [
        [0, 1, 2],
        [0, 1, 2],
        [0, 1, 2],
        [3, 4, 5],
        [3, 4, 5],
        [3, 4, 5],
    ]
