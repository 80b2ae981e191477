"""Document-scope memory at 10 GB: is it flat in corpus size? (issue #4)

Usage::

    python bench/flat_memory.py                    # 10 passes over the 1 GB corpus: 10 GB
    python bench/flat_memory.py --size 100MB --passes 3

The corpus of ``bench/run.py`` (built and cached there if missing) is streamed
``--passes`` times through a named pipe into ``dedup clean -q --on-error skip`` (a
pipe is read once, so the check before writing, which reads a shard twice, is
skipped), so the 10 GB never touch the disk. The documents repeat from one pass to
the next; document scope looks at each document on its own, so that changes nothing
of its work. One pass of the same corpus from the file is run first, in the same
script, as the reference; both are timed under ``/usr/bin/time -v`` (peak RSS of the
largest process: the parent or a worker).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run


def _feed(fifo: str, source: Path, passes: int) -> None:
    with open(fifo, "wb") as out:
        for _ in range(passes):
            with open(source, "rb") as data:
                while block := data.read(1 << 22):
                    out.write(block)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1GB", choices=sorted(run.SIZES), help="the corpus streamed (default 1GB)")
    parser.add_argument("--passes", type=int, default=10, help="times it is streamed (default 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    source, meta = run.corpus(args.size, args.seed, args.jobs)
    size = int(meta["bytes"])  # type: ignore[arg-type]
    rows = []
    reference = [run.DEDUP, "clean", "-q", "--on-error", "skip", "-j", str(args.jobs), str(source)]
    rows.append(("file, 1 pass", size, run.measure("reference", reference, " ".join(reference))))
    with tempfile.TemporaryDirectory(prefix="dedup-flat-") as folder:
        fifo = os.path.join(folder, "corpus.jsonl")
        os.mkfifo(fifo)
        feeder = threading.Thread(target=_feed, args=(fifo, source, args.passes), daemon=True)
        feeder.start()
        streamed = [run.DEDUP, "clean", "-q", "--on-error", "skip", "-j", str(args.jobs), fifo]
        rows.append((f"pipe, {args.passes} passes", size * args.passes, run.measure("streamed", streamed, " ".join(streamed))))
        feeder.join()
    print(f"{'input':<20} {'bytes':>14} {'seconds':>9} {'MB/s':>7} {'peak RSS MB':>12}")
    for name, nbytes, result in rows:
        seconds = float(result["seconds"])  # type: ignore[arg-type]
        rss = result["rss"]
        shown = f"{rss:.0f}" if isinstance(rss, float) else "?"
        print(f"{name:<20} {nbytes:>14,} {seconds:>9.1f} {nbytes / 1e6 / seconds:>7.1f} {shown:>12}")
    for _name, _bytes, result in rows:
        print(f"  {result['cmd']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
