"""Issue 15's benchmark on real text: build the corpus, time dedup and others on it, score the plants.

Usage::

    python bench/realtext.py --size 10MB                       # build (or reuse) and measure
    python bench/realtext.py --size 100MB --append bench/RESULTS.md
    python bench/realtext.py --size 10MB --profile /tmp/clean.prof --only none   # profile dedup clean only
    python bench/realtext.py --size 1GB                        # the pool is cycled past its size

The corpus (see ``realtext_corpus.py``) is built from man pages, gettext catalogues and
``/usr/share/doc`` under ``bench/data/realtext/`` (gitignored: the project ships the
script, never the text). It needs ``mandoc``, ``col`` and ``msgunfmt``; when one is
missing the script says which command installs it, and runs it only with
``--install``. Every measured command is a subprocess on the same file; wall seconds
are ``time.perf_counter``, CPU seconds the children's user + system time
(``resource.getrusage(RUSAGE_CHILDREN)``), the load average is read before each. MB is
10**6 bytes. Ratios are against the plain Python exact-hash pass in the same run:
wall MB/s against its fastest run (1 or 2 processes), MB per CPU-second against its most frugal.
dolma, rensa and xxhash are benchmark tools, not dedup dependencies: each is used when
found (``--dolma PATH`` or ``dolma`` on PATH; ``import rensa``; ``import xxhash``) and
named as skipped otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import realtext_corpus as rc
import realtext_score as score
from run import DEDUP, PY, ROOT, measure

MB = 10**6
SIZES = {"10MB": 10 * MB, "100MB": 100 * MB, "1GB": 1000 * MB}
DATA = HERE / "data" / "realtext"
POOL_VERSION = "1"  # bump when what the pool holds changes (sources, tidy); planting is keyed on its file
INSTALL = ["apt-get", "install", "-y", "mandoc", "bsdextrautils", "gettext",
           "manpages-de", "manpages-fr", "manpages-es", "manpages-ja"]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ----------------------------------------------------------------------------- corpus


def pool(jobs: int, rebuild: bool) -> tuple[list[rc.Source], dict[str, Any]]:
    """The tidied, distinct source documents of this machine (cached in pool.jsonl)."""
    path, meta_path = DATA / "pool.jsonl", DATA / "pool.json"
    if not rebuild and path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("version") == POOL_VERSION:
            with open(path, encoding="utf-8") as f:
                return [rc.Source(**json.loads(line)) for line in f], meta
    DATA.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    tasks = rc.find_sources([Path("/usr/share/man")], [Path("/usr/share/locale")], Path("/usr/share/doc"))
    print(f"realtext: rendering and reading {len(tasks)} sources in {jobs} processes ...", file=sys.stderr, flush=True)
    sources = list(rc.distinct(rc.collect(tasks, jobs)))
    with open(path.with_suffix(".tmp"), "w", encoding="utf-8") as f:
        for s in sources:
            f.write(json.dumps({"kind": s.kind, "path": s.path, "text": s.text}, ensure_ascii=False) + "\n")
    path.with_suffix(".tmp").replace(path)
    kinds = {k: sum(s.kind == k for s in sources) for k in ("manpage", "gettext", "doc")}
    meta = {"version": POOL_VERSION, "inputs": len(tasks), "documents": len(sources),
            "by_kind": kinds, "bytes": path.stat().st_size, "seconds": round(time.perf_counter() - start, 1)}
    meta_path.write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return sources, meta


def rc_version() -> str:
    import hashlib

    return hashlib.blake2b(Path(rc.__file__).read_bytes(), digest_size=6).hexdigest()


def corpus(size: str, seed: int, sources: list[rc.Source], pool_meta: dict[str, Any]) -> tuple[Path, Path, dict[str, Any]]:
    path = DATA / f"corpus-{size}-s{seed}.jsonl"
    labels = DATA / f"corpus-{size}-s{seed}.labels.jsonl"
    meta_path = DATA / f"corpus-{size}-s{seed}.json"
    if path.is_file() and labels.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if (meta.get("pool"), meta.get("planting"), meta.get("bytes")) == (
                pool_meta["version"], rc_version(), path.stat().st_size):
            return path, labels, meta
    start = time.perf_counter()
    counts = rc.write_corpus(sources, SIZES[size], seed, path, labels)
    paragraphs = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            paragraphs += sum(1 for p in json.loads(line)["text"].split("\n\n") if p.strip())
    meta = {"pool": pool_meta["version"], "planting": rc_version(), "bytes": path.stat().st_size, "paragraphs": paragraphs, **counts,
            "seconds": round(time.perf_counter() - start, 1)}
    meta_path.write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return path, labels, meta


def small_file(path: Path) -> Path:
    """A 10 kB text file cut from the corpus at a paragraph boundary (the start-up case)."""
    out = DATA / "article-10kB.txt"
    if not out.is_file():
        parts: list[str] = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                for p in json.loads(line)["text"].split("\n\n"):
                    if len("\n\n".join(parts + [p]).encode("utf-8")) > 10_000:
                        out.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
                        return out
                    parts.append(p)
        out.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return out


# ----------------------------------------------------------------------------- measuring


def timed(name: str, argv: list[str], shown: str, repeat: int, capture: bool = False) -> dict[str, Any]:
    """The fastest of ``repeat`` runs: wall and CPU seconds, peak RSS, load before."""
    best: dict[str, Any] | None = None
    for _ in range(max(1, repeat)):
        before_load = load()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = measure(name, argv, shown, stdout=None if capture else "/dev/null")
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        r["cpu"] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        r["load"] = before_load
        if best is None or r["seconds"] < best["seconds"]:
            best = r
    assert best is not None
    print(f"  {name}: {best['seconds']:.2f} s wall, {best['cpu']:.2f} s CPU (load {best['load']})",
          file=sys.stderr, flush=True)
    return best


def find_dolma(given: str | None) -> str | None:
    if given:
        return given
    return shutil.which("dolma") or next((str(p) for p in [Path(PY).parent / "dolma"] if p.exists()), None)


def dolma_run(dolma: str, path: Path, jobs: int, repeat: int) -> dict[str, Any]:
    """dolma's exact paragraph dedupe (Bloom filter) on the corpus split into ``jobs`` gzipped shards.
    The split is not timed; dolma's reading of gzip is (it reads nothing else)."""
    import gzip

    work = DATA / f"dolma-{path.stem}"
    docs = work / "documents"
    stamp = work / "made-from.json"  # the shards are remade when the corpus changes
    made_from = json.dumps({"bytes": path.stat().st_size, "mtime_ns": path.stat().st_mtime_ns, "jobs": jobs})
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != made_from:
        shutil.rmtree(docs, ignore_errors=True)
        docs.mkdir(parents=True)
        lines = path.read_bytes().splitlines(keepends=True)
        step = (len(lines) + jobs - 1) // jobs
        for i in range(jobs):
            with gzip.open(docs / f"part-{i}.jsonl.gz", "wb", compresslevel=1) as out:
                for line in lines[i * step:(i + 1) * step]:
                    record = json.loads(line)
                    out.write((json.dumps({"id": record["id"], "text": record["text"], "source": "realtext"},
                                          ensure_ascii=False) + "\n").encode("utf-8"))
        stamp.write_text(made_from, encoding="utf-8")
    shutil.rmtree(work / "attributes", ignore_errors=True)
    bloom = work / "bloom.bin"
    argv = [dolma, "dedupe", "--documents", str(docs / "*.jsonl.gz"),
            "--dedupe.name", "dups", "--dedupe.paragraphs.attribute_name", "bff_duplicate_paragraph_spans",
            "--dedupe.skip_empty", "--bloom_filter.file", str(bloom), "--no-bloom_filter.read_only",
            "--bloom_filter.estimated_doc_count", str(max(10_000, path.stat().st_size // 50)),
            "--bloom_filter.desired_false_positive_rate", "0.0001", "--processes", str(jobs)]
    results = []
    for _ in range(max(1, repeat)):
        shutil.rmtree(work / "attributes", ignore_errors=True)
        bloom.unlink(missing_ok=True)
        results.append(timed(f"dolma dedupe, paragraphs, {jobs} processes", argv, shlex.join(argv), 1))
    return min(results, key=lambda r: r["seconds"])


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="10MB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel runs (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the fastest counts")
    parser.add_argument("--rebuild", action="store_true", help="render the sources again")
    parser.add_argument("--install", action="store_true", help="apt-get install what the corpus needs")
    parser.add_argument("--dolma", help="the dolma command (default: on PATH or beside this python)")
    parser.add_argument("--only", default="all", help="comma list of: exact,awk,dolma,rensa,dedup,python,dask,startup,score; "
                                                      "or none")
    parser.add_argument("--profile", type=Path, help="also cProfile `dedup clean -j 1` into this file")
    parser.add_argument("--append", type=Path, help="append the markdown section to this file")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only not in ("all", "none") else (
        {"exact", "awk", "dolma", "rensa", "dedup", "python", "dask", "startup", "score"} if args.only == "all" else set())

    missing = rc.missing_tools()
    if missing and not args.install:
        print(f"realtext: error: missing {'; '.join(missing)}. Run: {shlex.join(INSTALL)} "
              "(or give --install)", file=sys.stderr)
        return 2
    if args.install:
        print(f"realtext: running {shlex.join(INSTALL)}", file=sys.stderr)
        if subprocess.run(INSTALL, check=False).returncode != 0:
            print("realtext: error: the install failed", file=sys.stderr)
            return 2

    sources, pool_meta = pool(args.jobs, args.rebuild)
    path, labels, meta = corpus(args.size, args.seed, sources, pool_meta)
    rel = str(path.relative_to(ROOT))
    mb = meta["bytes"] / MB
    lines = [f"- machine: {os.cpu_count()} cores, python {platform.python_version()}, load at start {load()}",
             f"- source pool: {pool_meta['inputs']} inputs -> {pool_meta['documents']} documents "
             f"({pool_meta['by_kind']}), {pool_meta['bytes'] / MB:.0f} MB of JSONL",
             f"- corpus `{rel}`: {mb:.1f} MB, {meta['documents']} documents, {meta['paragraphs']} paragraphs; "
             f"planted: {meta['exact']} exact doubled bodies, {meta['noisy']} noisy, {meta['near']} near-duplicate "
             f"documents; pool rounds: {meta['rounds']}"]
    print("\n".join(lines), file=sys.stderr, flush=True)
    f = rel
    j = str(args.jobs)
    # the Dask executor writes files, not stdout: a scratch folder, emptied first
    dask_out = str(Path(tempfile.gettempdir()) / "dedup-realtext-dask")
    shutil.rmtree(dask_out, ignore_errors=True)
    runs: list[tuple[str, str, list[str], str, bool]] = [
        ("exact", "python exact-hash, 1 process", [PY, "bench/realtext_tools.py", "exact", f, "--jobs", "1"],
         f"python bench/realtext_tools.py exact {f} --jobs 1", True),
        ("exact", f"python exact-hash, {j} processes", [PY, "bench/realtext_tools.py", "exact", f, "--jobs", j],
         f"python bench/realtext_tools.py exact {f} --jobs {j}", True),
        ("awk", "awk '!seen[$0]++'", ["awk", "!seen[$0]++", f], f"awk '!seen[$0]++' {f} > /dev/null", False),
        ("rensa", "rensa MinHash LSH, 1 process", [PY, "bench/realtext_tools.py", "rensa", f],
         f"python bench/realtext_tools.py rensa {f}", True),
        ("dedup", f"dedup clean -j {j}, document scope", [DEDUP, "clean", "-q", "-j", j, f],
         f"dedup clean -q -j {j} {f} > /dev/null", False),
        ("python", f"dedup clean -j {j}, document scope, DEDUP_ENGINE=python",
         ["env", "DEDUP_ENGINE=python", DEDUP, "clean", "-q", "-j", j, f],
         f"DEDUP_ENGINE=python dedup clean -q -j {j} {f} > /dev/null", False),
        ("dask", f"dedup clean -j {j} --executor dask (a LocalCluster of {j} workers)",
         [DEDUP, "clean", "-q", "-j", j, "--executor", "dask", "-o", dask_out, f],
         f"dedup clean -q -j {j} --executor dask -o {dask_out} {f}", False),
        ("dask", f"dedup clean -j {j} --executor dask, DEDUP_ENGINE=python",
         ["env", "DEDUP_ENGINE=python", DEDUP, "clean", "-q", "-j", j, "--executor", "dask", "-o", dask_out, f],
         f"DEDUP_ENGINE=python dedup clean -q -j {j} --executor dask -o {dask_out} {f}", False),
        ("dedup", f"dedup clean -j {j} --scope corpus", [DEDUP, "clean", "-q", "-j", j, "--scope", "corpus", f],
         f"dedup clean -q -j {j} --scope corpus {f} > /dev/null", False),
        ("dedup", f"dedup check -j {j} --near-duplicate-docs --documents-only",
         [DEDUP, "check", "-q", "-j", j, "--near-duplicate-docs", "--documents-only", f],
         f"dedup check -q -j {j} --near-duplicate-docs --documents-only {f}", False),
        ("dedup", f"dedup check -j {j} --near-duplicate-docs (full)",
         [DEDUP, "check", "-q", "-j", j, "--near-duplicate-docs", f],
         f"dedup check -q -j {j} --near-duplicate-docs {f}", False),
    ]
    notes: list[str] = []
    try:
        import xxhash  # noqa: F401
    except ImportError:
        notes.append("xxhash not importable: the exact-hash pass used blake2b (pip install xxhash for xxh3)")
    try:
        import rensa  # noqa: F401
        have_rensa = True
    except ImportError:
        have_rensa = False
    results: list[dict[str, Any]] = []
    for group, name, cmd, shown, capture in runs:
        if group not in only:
            continue
        if group == "rensa" and not have_rensa:
            notes.append("rensa: skipped (pip install rensa)")
            continue
        r = timed(name, cmd, shown, args.repeat, capture)
        r["group"] = group
        results.append(r)
        if group == "rensa":
            r["flagged"] = json.loads(r["stdout"])["flagged"]
    if "dolma" in only:
        dolma = find_dolma(args.dolma)
        if dolma is None:
            notes.append("dolma: skipped (no dolma command; `pip install dolma` in another venv, then --dolma PATH)")
        else:
            r = dolma_run(dolma, path, args.jobs, args.repeat)
            r["group"] = "dolma"
            results.insert(next((i for i, x in enumerate(results) if x["group"] not in ("exact", "awk")),
                                len(results)), r)
            notes.append(f"dolma: {dolma}; input split untimed into {args.jobs} gzipped shards (gzip level 1), "
                         "so its time includes decompression; paragraphs = newline-separated lines in dolma")
    table = score.table(results, mb, meta["paragraphs"]) if results else []
    startup = score.startup(small_file(path)) if "startup" in only else []
    scores: list[str] = []
    if "score" in only:
        print("realtext: scoring dedup on the planted truth (untimed check with a JSON report) ...", file=sys.stderr)
        rensa_flags = next((r["flagged"] for r in results if r["group"] == "rensa"), None)
        scores = score.planted(path, labels, args.jobs, rensa_flags)
    md = [f"## {args.size} ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "", *lines, "",
          "```", f"python bench/realtext.py {shlex.join(sys.argv[1:] if argv is None else argv)}",
          *[r["cmd"] for r in results], "```", "", *table, "", *scores, *startup,
          *[f"- note: {n}" for n in notes], ""]
    print("\n".join(md))
    if args.append:
        text = args.append.read_text(encoding="utf-8") if args.append.exists() else ""
        head = "" if "\n# Real text (issue #15 corpus)\n" in text else (
            "\n# Real text (issue #15 corpus)\n\nWritten by `bench/realtext.py` (see bench/README.md). MB is 10**6 "
            "bytes. Wall MB/s is on the machine's 2 cores; MB per CPU-second counts the children's user + system "
            "time. Ratios are against the plain Python exact-hash pass of the same run (wall: its fastest run, "
            "1 or 2 processes; CPU: its most frugal run). The load average before each command is given: the machine is shared.\n\n")
        with open(args.append, "a", encoding="utf-8") as out:
            out.write(head + "\n".join(md) + "\n")
    if args.profile:
        score.profile(path, args.profile, meta["paragraphs"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
