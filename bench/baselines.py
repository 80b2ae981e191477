"""Baselines that bench/run.py times against dedup, each run as its own process.

Usage (each prints one JSON line of results on stdout)::

    python bench/baselines.py exact FILE [--jobs N]       # plain Python exact-hash pass
    python bench/baselines.py rapidfuzz FILE [--budget S]  # all-pairs rapidfuzz per document
    python bench/baselines.py minhash FILE [--budget S]    # datasketch MinHash LSH (optional)

* ``exact``: for each JSONL document, split the text into paragraphs on newlines,
  normalise whitespace, hash, and drop a paragraph whose hash was already seen in
  that document (document scope, like ``dedup clean``). ``--jobs N`` > 1 spreads
  large byte ranges of the file over N processes (multiprocessing); each process
  reads its own range.
* ``rapidfuzz``: for each document, compare every pair of its non-empty lines with
  ``rapidfuzz.distance.Levenshtein.normalized_similarity`` >= 0.9 (a plain double
  loop, as a straightforward script would). It stops after ``--budget`` seconds and
  reports how many bytes it covered, so the caller can say it ran on a sample.
* ``minhash``: datasketch ``MinHash`` (128 permutations) over 5-character shingles of
  each document and ``MinHashLSH(threshold=0.8)``; a document is a near duplicate when
  the LSH returns an earlier document. Needs ``pip install datasketch``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from multiprocessing import Pool

CHUNK = 4 * 1024 * 1024  # bytes of lines per task


# --------------------------------------------------------------------------- exact hash

def exact_lines(lines: list[bytes]) -> tuple[int, int, int]:
    """Documents, paragraphs kept, paragraphs dropped for a list of JSONL lines."""
    docs = kept = dropped = 0
    loads = json.loads
    for line in lines:
        if not line.strip():
            continue
        text = loads(line)["text"]
        seen: set[int] = set()
        docs += 1
        for para in text.split("\n"):
            norm = " ".join(para.split())
            if not norm:
                continue
            h = hash(norm)
            if h in seen:
                dropped += 1
            else:
                seen.add(h)
                kept += 1
    return docs, kept, dropped


def _chunks(path: str):  # type: ignore[no-untyped-def]
    with open(path, "rb") as f:
        while True:
            lines = f.readlines(CHUNK)
            if not lines:
                return
            yield lines


def exact_range(task: tuple[str, int, int]) -> tuple[int, int, int]:
    """exact_lines over the lines that start in bytes [start, end) of the file: each
    worker reads its own range, so no text crosses a pipe."""
    path, start, end = task
    totals = (0, 0, 0)
    with open(path, "rb") as f:
        if start:
            f.seek(start - 1)
            f.readline()  # finish the line that straddles start (owned by the range before)
        while f.tell() < end:
            lines = []
            size = 0
            while size < CHUNK and f.tell() < end:
                line = f.readline()
                if not line:
                    break
                lines.append(line)
                size += len(line)
            if not lines:
                break
            r = exact_lines(lines)
            totals = (totals[0] + r[0], totals[1] + r[1], totals[2] + r[2])
    return totals


def exact(path: str, jobs: int) -> dict[str, object]:
    totals = [0, 0, 0]
    if jobs <= 1:
        results = map(exact_lines, _chunks(path))
        for r in results:
            totals = [a + b for a, b in zip(totals, r)]
    else:
        import os

        size = os.path.getsize(path)
        step = max(CHUNK, size // (jobs * 4) + 1)  # large ranges, a few per process
        tasks = [(path, i, min(i + step, size)) for i in range(0, size, step)]
        with Pool(jobs) as pool:
            for r in pool.imap_unordered(exact_range, tasks):
                totals = [a + b for a, b in zip(totals, r)]
    return {"docs": totals[0], "kept": totals[1], "dropped": totals[2]}


# --------------------------------------------------------------------------- rapidfuzz

def rapidfuzz_pairs(path: str, budget: float, cutoff: float = 0.9) -> dict[str, object]:
    from rapidfuzz.distance import Levenshtein

    sim = Levenshtein.normalized_similarity
    start = time.perf_counter()
    docs = pairs = matches = covered = 0
    complete = True
    with open(path, "rb") as f:
        for line in f:
            if time.perf_counter() - start > budget:
                complete = False
                break
            covered += len(line)
            if not line.strip():
                continue
            paras = [p for p in json.loads(line)["text"].split("\n") if p.strip()]
            docs += 1
            for i in range(1, len(paras)):
                a = paras[i]
                for j in range(i):
                    pairs += 1
                    if sim(a, paras[j], score_cutoff=cutoff):
                        matches += 1
    return {"docs": docs, "pairs": pairs, "matches": matches, "bytes": covered,
            "complete": complete, "seconds": time.perf_counter() - start}


# --------------------------------------------------------------------------- datasketch

def minhash(path: str, num_perm: int = 128, threshold: float = 0.8, budget: float = float("inf")) -> dict[str, object]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    flagged: list[int] = []
    covered, complete = 0, True
    start = time.perf_counter()
    with open(path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            if time.perf_counter() - start > budget:
                complete = False
                break
            covered += len(line)
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            m = MinHash(num_perm=num_perm)
            shingles = {text[i:i + 5] for i in range(max(1, len(text) - 4))}
            m.update_batch([s.encode("utf-8") for s in shingles])
            if lsh.query(m):
                flagged.append(lineno)
            lsh.insert(lineno, m)
    return {"flagged": flagged, "bytes": covered, "complete": complete}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", choices=("exact", "rapidfuzz", "minhash"))
    parser.add_argument("file")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--budget", type=float, default=None,
                        help="stop after S seconds (default: rapidfuzz 180, minhash none)")
    args = parser.parse_args(argv)
    if args.which == "exact":
        out = exact(args.file, args.jobs)
    elif args.which == "rapidfuzz":
        out = rapidfuzz_pairs(args.file, 180.0 if args.budget is None else args.budget)
    else:
        out = minhash(args.file, budget=float("inf") if args.budget is None else args.budget)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
