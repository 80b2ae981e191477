"""Parquet beside JSONL: the same generated corpus (``run.py``'s, one document per
line) converted to Parquet, cleaned and checked in both formats; what the format
costs next to the cleaning.

Usage::

    python bench/parquet.py --size 10MB              # about a minute here
    python bench/parquet.py --size 100MB --jobs 2

The Parquet file (``bench/data/corpus-SIZE-sSEED.parquet``, gitignored, rebuilt when
the JSONL is newer) has the JSONL's ``id`` and ``text`` columns, zstd, row groups of
``--rows`` rows. Each command runs as a subprocess (``run.measure``: wall seconds,
peak RSS), fastest of ``--repeat``; the cleaned texts of both formats are compared.
"Read only" is the format alone: every text read (JSON lines parsed, or Parquet row
groups decoded to Python strings), nothing cleaned. MB is 10**6 bytes of the JSONL.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # bench/run.py: the corpus and the measuring

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover
    raise SystemExit("bench/parquet.py needs pyarrow: pip install 'dedup-text[parquet]'") from None

READ_JSONL = "import json,sys\nfor line in open(sys.argv[1], 'rb'): json.loads(line)['text']"
READ_PARQUET = (
    "import sys, pyarrow.parquet as pq\nf = pq.ParquetFile(sys.argv[1])\n"
    "for g in range(f.num_row_groups): f.read_row_group(g, columns=['text']).column(0).to_pylist()"
)


def to_parquet(jsonl: Path, rows: int) -> Path:
    """The JSONL corpus as Parquet (id, text; zstd; ``rows`` rows a row group), streamed."""
    path = jsonl.with_suffix(".parquet")
    if path.exists() and path.stat().st_mtime >= jsonl.stat().st_mtime:
        return path
    schema = pa.schema([("id", pa.string()), ("text", pa.string())])
    tmp = path.with_suffix(".tmp")
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer, open(jsonl, encoding="utf-8") as lines:
        batch: dict[str, list[str]] = {"id": [], "text": []}
        for line in lines:
            doc = json.loads(line)
            batch["id"].append(str(doc["id"]))
            batch["text"].append(doc["text"])
            if len(batch["text"]) == rows:
                writer.write_table(pa.table(batch, schema=schema), row_group_size=rows)
                batch = {"id": [], "text": []}
        if batch["text"]:
            writer.write_table(pa.table(batch, schema=schema), row_group_size=rows)
    tmp.replace(path)
    return path


def best(name: str, argv: list[str], repeat: int) -> dict[str, object]:
    runs = [run.measure(name, argv, " ".join(argv[1:]) if argv[0] == run.PY else " ".join(argv)) for _ in range(repeat)]
    return min(runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(run.SIZES), default="10MB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--rows", type=int, default=2000, help="rows per row group of the Parquet file")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    jsonl, meta = run.corpus(args.size, args.seed, args.jobs)
    started = time.perf_counter()
    parquet = to_parquet(jsonl, args.rows)
    print(f"corpus: {jsonl.name} ({jsonl.stat().st_size / run.MB:.1f} MB, {meta['documents']} documents); "
          f"{parquet.name} ({parquet.stat().st_size / run.MB:.1f} MB, {pq.ParquetFile(parquet).num_row_groups} "
          f"row groups; converted in {time.perf_counter() - started:.1f} s)")
    mb = jsonl.stat().st_size / run.MB
    out = Path(tempfile.mkdtemp(prefix="dedup-bench-parquet-"))
    jobs = ["-j", str(args.jobs), "--isolated", "-q"]
    rows = []
    try:
        for label, command in (
            ("read only", None),
            ("check", ["check", *jobs, "--format", "json", "--report", str(out / "report.json")]),
            ("clean -o", ["clean", *jobs]),
            ("clean --scope corpus -o", ["clean", "--scope", "corpus", *jobs]),
        ):
            timed = []
            for shard in (jsonl, parquet):
                kind = shard.suffix[1:]
                if command is None:
                    reader = READ_JSONL if kind == "jsonl" else READ_PARQUET
                    timed.append(best(f"{label} {kind}", [run.PY, "-c", reader, str(shard)], args.repeat))
                    continue
                target = out / f"{'-'.join(w.strip('-') for w in label.split())}-{kind}"
                argv_ = [run.DEDUP, *command, str(shard)] + (["-o", str(target)] if command[0] == "clean" else [])
                timed.append(best(f"{label} {kind}", argv_, args.repeat))
            rows.append((label, timed))
        same = compare(out / "clean-scope-corpus-o-jsonl" / jsonl.name, out / "clean-scope-corpus-o-parquet" / parquet.name)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print("\n| command | JSONL s | Parquet s | JSONL MB/s | Parquet MB/s | JSONL RSS MB | Parquet RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, (a, b) in rows:
        sa, sb = float(a["seconds"]), float(b["seconds"])  # type: ignore[arg-type]
        print(f"| {label} | {sa:.2f} | {sb:.2f} | {mb / sa:.1f} | {mb / sb:.1f} | {a['rss'] or 0:.0f} | {b['rss'] or 0:.0f} |")
    print(f"\ncleaned texts identical in both formats (clean --scope corpus -o): {same}")
    return 0


def compare(jsonl: Path, parquet: Path) -> bool:
    """Whether the cleaned texts (and ids) are the same in both outputs, in order."""
    texts = pq.read_table(parquet, columns=["id", "text"]).to_pylist()
    with open(jsonl, encoding="utf-8") as lines:
        for k, line in enumerate(lines):
            doc = json.loads(line)
            if k >= len(texts) or texts[k] != {"id": str(doc["id"]), "text": doc["text"]}:
                return False
    return k + 1 == len(texts)


if __name__ == "__main__":
    raise SystemExit(main())
