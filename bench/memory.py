"""Corpus-scope memory (issue #4): bytes per distinct paragraph and time, of
:class:`dedup.corpus.scope.CorpusMemory` against the dict and set it replaced.

    python bench/memory.py                          # 2 million paragraphs, 10 a document
    python bench/memory.py --paragraphs 500000 --repeat-share 0.3

Each document is fed as ``cross_runs`` and ``apply_memory`` feed it (``known``,
``known_pairs``, ``remember``). Bytes are counted with tracemalloc (held at the end,
and the peak) and as the growth of RSS in a fresh process; the documents are made as
they are fed, so a memory owns what it keeps (digests, names). Time is measured
without tracemalloc, both memories in this process, on documents made beforehand.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import subprocess
import sys
import time
import tracemalloc
from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from dedup.corpus.scope import CorpusMemory, Occurrence, Summary

Document = tuple[str, Summary]


class DictMemory:
    """The memory before issue #4: a dict of first occurrences, a set of pairs."""

    def __init__(self) -> None:
        self._first: dict[bytes, Occurrence] = {}
        self._pairs: set[bytes] = set()

    def __len__(self) -> int:
        return len(self._first)

    def known(self, digests: Sequence[bytes]) -> list[bool]:
        return [d in self._first for d in digests]

    def known_pairs(self, pairs: Sequence[bytes]) -> list[bool]:
        return [p in self._pairs for p in pairs]

    def remember(self, name: str, summary: Summary) -> None:
        for k, key in enumerate(summary.digests):
            if key not in self._first:
                self._first[key] = Occurrence(name, *summary.positions[k])
        self._pairs.update(a + b for a, b in zip(summary.digests, summary.digests[1:], strict=False))


MEMORIES: dict[str, Any] = {"dict": DictMemory, "compact": CorpusMemory}


def documents(paragraphs: int, per_doc: int, repeat_share: float, seed: int = 1) -> Iterator[Document]:
    """Random 8-byte digests; a share of them repeats an earlier one (kept as
    integers, so that the bytes objects are the memories' own)."""
    rng = random.Random(seed)
    pool = array("Q")
    for d in range(paragraphs // per_doc):
        digests = []
        for _ in range(per_doc):
            if pool and rng.random() < repeat_share:
                digests.append(rng.choice(pool).to_bytes(8, "little"))
                continue
            number = rng.getrandbits(64)
            digests.append(number.to_bytes(8, "little"))
            if repeat_share:
                pool.append(number)
        positions, line, char = [], 1, 0
        for _ in digests:
            size = rng.randrange(40, 800)
            positions.append((line, line + 2, char, char + size))
            line, char = line + 4, char + size + 2
        yield f"docs/part{d // 1000:04d}/doc{d:07d}.txt", Summary(digests, [1] * per_doc, positions, None)


def feed(memory: Any, docs: Iterator[Document] | list[Document]) -> Any:
    for name, summary in docs:
        digests = summary.digests
        memory.known(digests)
        memory.known_pairs([a + b for a, b in zip(digests, digests[1:], strict=False)])
        memory.remember(name, summary)
    return memory


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=2_000_000)
    parser.add_argument("--per-doc", type=int, default=10)
    parser.add_argument("--repeat-share", type=float, default=0.0)
    parser.add_argument("--rss", choices=MEMORIES, help=argparse.SUPPRESS)  # one memory, in a fresh process
    args = parser.parse_args()
    shape = (args.paragraphs, args.per_doc, args.repeat_share)
    import numpy  # noqa: F401  (loaded before any measurement, for both)

    if args.rss:
        before = _rss()
        memory = feed(MEMORIES[args.rss](), documents(*shape))
        gc.collect()
        print((_rss() - before) / len(memory))
        return
    print(f"{args.paragraphs} paragraphs, {args.per_doc} a document, {args.repeat_share:.0%} repeated")
    print(f"{'memory':8} {'distinct':>9} {'held B':>7} {'peak B':>7} {'RSS B':>7} {'time s':>7} {'us/doc':>7}")
    docs = list(documents(*shape))
    times = {}
    for name in [*MEMORIES, *MEMORIES]:  # twice each, interleaved; the faster counts
        gc.collect()
        start = time.perf_counter()
        feed(MEMORIES[name](), docs)
        times[name] = min(times.get(name, float("inf")), time.perf_counter() - start)
    del docs
    for name, cls in MEMORIES.items():
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        memory = feed(cls(), documents(*shape))
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        distinct = len(memory)
        del memory
        command = [sys.executable, __file__, "--rss", name, "--paragraphs", str(args.paragraphs)]
        command += ["--per-doc", str(args.per_doc), "--repeat-share", str(args.repeat_share)]
        rss = float(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        per_doc = times[name] / (args.paragraphs // args.per_doc) * 1e6
        print(
            f"{name:8} {distinct:9} {(held - base) / distinct:7.1f} {(peak - base) / distinct:7.1f}"
            f" {rss:7.1f} {times[name]:7.2f} {per_doc:7.1f}"
        )


if __name__ == "__main__":
    main()
