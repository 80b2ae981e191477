"""The baselines bench/realtext.py times, each run as its own process (one JSON line on stdout).

Usage::

    python bench/realtext_tools.py exact FILE [--jobs N]   # plain Python exact-hash pass
    python bench/realtext_tools.py rensa FILE              # rensa MinHash LSH, near-duplicate documents

* ``exact``: per JSONL document, split the text on blank lines, collapse whitespace,
  hash each paragraph (xxh3 if ``xxhash`` imports, else blake2b with 8-byte digests)
  and count a paragraph whose hash was already seen in that document as dropped.
  ``--jobs N`` > 1 gives each of N processes its own byte ranges of the file.
* ``rensa``: per document, ``RMinHash(128)`` over the set of 5-character shingles of
  the text with whitespace removed (dedup's documents are shingled the same way, on
  its normal form), ``RMinHashLSH(threshold=0.8, 16 bands)``; a document is a near
  duplicate when a candidate from the LSH has an estimated Jaccard of at least 0.8.
  Needs ``pip install rensa``; it is a benchmark tool, never a dedup dependency.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Callable
from multiprocessing import Pool

CHUNK = 4 * 1024 * 1024  # smallest byte range per task


def hasher() -> tuple[str, Callable[[bytes], object]]:
    """(name, function) of the paragraph hash: xxh3 when xxhash is importable, else blake2b."""
    try:
        import xxhash
    except ImportError:
        return "blake2b-64", lambda b: hashlib.blake2b(b, digest_size=8).digest()
    return "xxh3-64", xxhash.xxh3_64_intdigest


def exact_range(task: tuple[str, int, int]) -> tuple[int, int, int]:
    """(documents, paragraphs kept, paragraphs dropped) over the lines starting in [start, end)."""
    path, start, end = task
    _, digest = hasher()
    loads = json.loads
    docs = kept = dropped = 0
    with open(path, "rb") as f:
        pos = start
        if start:
            f.seek(start - 1)
            pos = start - 1 + len(f.readline())  # the line straddling start belongs to the range before
        while pos < end:
            line = f.readline()
            if not line:
                break
            pos += len(line)  # a line that starts before end is this range's
            if not line.strip():
                continue
            docs += 1
            seen: set[object] = set()
            for paragraph in loads(line)["text"].split("\n\n"):
                norm = " ".join(paragraph.split())
                if not norm:
                    continue
                h = digest(norm.encode("utf-8"))
                if h in seen:
                    dropped += 1
                else:
                    seen.add(h)
                    kept += 1
    return docs, kept, dropped


def exact(path: str, jobs: int) -> dict[str, object]:
    size = os.path.getsize(path)
    if jobs <= 1:
        totals = exact_range((path, 0, size))
    else:
        step = max(CHUNK, size // (jobs * 4) + 1)
        tasks = [(path, i, min(i + step, size)) for i in range(0, size, step)]
        with Pool(jobs) as pool:
            parts = pool.map(exact_range, tasks)
        totals = tuple(sum(p[k] for p in parts) for k in range(3))  # type: ignore[assignment]
    return {"hash": hasher()[0], "docs": totals[0], "kept": totals[1], "dropped": totals[2]}


def rensa_docs(path: str, num_perm: int = 128, threshold: float = 0.8, bands: int = 16) -> dict[str, object]:
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=threshold, num_perm=num_perm, num_bands=bands)
    signatures: list[object] = []
    flagged: list[list[str]] = []  # [id, id of the earlier document]
    ids: list[str] = []
    with open(path, "rb") as f:
        for key, line in enumerate(f):
            record = json.loads(line)
            text = "".join(record["text"].split())
            m = RMinHash(num_perm=num_perm, seed=42)
            m.update([text[i:i + 5] for i in range(max(1, len(text) - 4))])
            for other in sorted(lsh.query(m)):
                if m.jaccard(signatures[other]) >= threshold:
                    flagged.append([record["id"], ids[other]])
                    break
            lsh.insert(key, m)
            signatures.append(m)
            ids.append(record["id"])
    return {"docs": len(ids), "flagged": flagged}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", choices=("exact", "rensa"))
    parser.add_argument("file")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    out = exact(args.file, args.jobs) if args.which == "exact" else rensa_docs(args.file)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
