"""The tables of bench/realtext.py: speed against the exact-hash pass, planted-truth scores,
start-up, and a profile of ``dedup clean``."""

from __future__ import annotations

import json
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from run import DEDUP, PY, ROOT, measure

MB = 10**6


def table(results: list[dict[str, Any]], mb: float, paragraphs: int) -> list[str]:
    """Markdown rows: wall and CPU speed, each against the exact-hash pass of the same run."""
    exact = [r for r in results if r["group"] == "exact"]
    wall_base = max((mb / r["seconds"] for r in exact), default=None)  # the fastest run
    cpu_base = max((mb / r["cpu"] for r in exact if r["cpu"] > 0), default=None)  # the most frugal run
    rows = ["| what | wall s | CPU s | wall MB/s | × exact (wall) | MB per CPU-s | × exact (CPU) | "
            "CPU µs per paragraph | peak RSS MB | load before |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        wall, cpu = mb / r["seconds"], (mb / r["cpu"] if r["cpu"] > 0 else float("nan"))
        rows.append(
            f"| {r['name']} | {r['seconds']:.2f} | {r['cpu']:.2f} | {wall:.1f} | "
            f"{wall / wall_base if wall_base else float('nan'):.2f} | {cpu:.1f} | "
            f"{cpu / cpu_base if cpu_base else float('nan'):.2f} | {r['cpu'] / paragraphs * 1e6:.1f} | "
            f"{r['rss'] or 0:.0f} | {r['load']} |")
    rows += ["", "× exact (wall): wall MB/s over the fastest exact-hash run (1 or 2 processes); × exact (CPU): MB "
             "per CPU-second over the most frugal one (1 or 2 processes). Peak RSS is the largest single process."]
    return rows


def startup(small: Path, tries: int = 10) -> list[str]:
    """``dedup check`` on a 10 kB file against ``python -c pass``, interleaved, fastest of
    ``tries``; and ``import typer`` alone, the floor of any command built on it."""
    rel = str(small.relative_to(ROOT))
    runs = (("python -c pass", [PY, "-c", "pass"], "python -c pass"),
            ("dedup check, 10 kB", [DEDUP, "check", "-q", rel], f"dedup check -q {rel}"),
            ("import typer", [PY, "-c", "import typer"], "python -c 'import typer'"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    measure(*runs[1], env=env)  # bytecode caches
    best: list[float] = [float(measure(*r, env=env)["seconds"]) for r in runs]  # type: ignore[arg-type]
    for _ in range(tries - 1):
        for k, r in enumerate(runs):
            best[k] = min(best[k], float(measure(*r, env=env)["seconds"]))  # type: ignore[arg-type]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    base, dedup, typer = best
    return [f"- start-up: `dedup check -q {rel}` {dedup * 1000:.0f} ms vs `python -c pass` {base * 1000:.0f} ms: "
            f"{dedup / base:.1f}x (target <= 6x; fastest of {tries}, interleaved; load {load}); "
            f"`python -c 'import typer'` alone {typer * 1000:.0f} ms, {typer / base:.1f}x"]


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters of [start, end) inside the union of ``spans``."""
    total, reach = 0, start
    for a, b in sorted(spans):
        a, b = max(a, reach), min(b, end)
        if b > a:
            total += b - a
            reach = b
    return total


def planted(path: Path, labels_path: Path, jobs: int, rensa_flags: list[list[str]] | None) -> list[str]:
    """Recall and precision of dedup's doubled-body removal and of near-duplicate documents
    (dedup and, if it ran, rensa) on the planted labels."""
    fd, report = tempfile.mkstemp(prefix="realtext-", suffix=".json")
    os.close(fd)
    cmd = [DEDUP, "check", "-q", "-j", str(jobs), "--near-duplicate-docs", "--format", "json", "--report", report,
           str(path.relative_to(ROOT))]
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    data = json.loads(Path(report).read_text(encoding="utf-8"))
    os.unlink(report)
    labels = {}
    with open(labels_path, encoding="utf-8") as f:
        for line in f:
            label = json.loads(line)
            labels[label["id"]] = label
    hit = {"exact": 0, "noisy": 0}
    whole = {"exact": 0, "noisy": 0}
    planted_n = {"exact": 0, "noisy": 0}
    removed_all = removed_in_copies = changed = changed_planted = changed_single = 0
    dedup_flags: dict[str, str] = {}
    for entry in data["files"]:
        label = labels[entry["document"]]
        spans = [(r["chars"]["start"], r["chars"]["end"]) for r in entry["removed"]]
        removed = _covered(spans, 0, 1 << 62)
        removed_all += removed
        changed += bool(spans)
        if entry.get("near_duplicate_of"):
            dedup_flags[entry["document"]] = entry["near_duplicate_of"]["document"]
        kind = label["kind"]
        if kind in hit:
            planted_n[kind] += 1
            start, size = label["copy_start"], label["copy_chars"]
            inside = _covered(spans, start - 2, start + size)  # the blank line before the copy goes with it
            removed_in_copies += inside
            hit[kind] += inside >= 0.8 * size
            whole[kind] += inside >= size
            changed_planted += bool(spans)
        elif spans:
            changed_single += 1
    out = []
    for kind in ("exact", "noisy"):
        n = planted_n[kind]
        out.append(f"- doubled bodies, {kind}: {hit[kind]}/{n} second copies at least 80 % removed "
                   f"(recall {hit[kind] / n if n else float('nan'):.3f}), {whole[kind]}/{n} wholly removed")
    out.append(f"- precision: {removed_in_copies / removed_all if removed_all else float('nan'):.3f} of the removed "
               f"characters lie in planted copies; {changed_planted}/{changed} changed documents had one; "
               f"{changed_single} documents without a plant lost something (repeats of their own)")
    near = {i: lab["near_of"] for i, lab in labels.items() if lab["kind"] == "near"}
    first_of_source: dict[str, str] = {}
    repeats: set[str] = set()  # past the pool's size: a document whose source came in an earlier round
    for i, lab in labels.items():
        if lab["source"] in first_of_source and lab["round"] > 0:
            repeats.add(i)
        first_of_source.setdefault(lab["source"], i)
    for tool, flags in (("dedup", dedup_flags), ("rensa", None if rensa_flags is None else dict(rensa_flags))):
        if flags is None:
            continue
        found = sum(1 for i in near if i in flags)
        true = sum(1 for i in flags if i in near or i in repeats)
        out.append(f"- near-duplicate documents, {tool}: {found}/{len(near)} planted found "
                   f"(recall {found / len(near) if near else float('nan'):.3f}); {len(flags)} flagged, "
                   f"{true} of them planted{' or pool repeats' if repeats else ''} (precision on plants "
                   f"{true / len(flags) if flags else float('nan'):.3f}; real text has near copies of its own, "
                   "so this is a floor)")
    if rensa_flags is not None:
        a, b = set(dedup_flags), {i for i, _ in rensa_flags}
        out.append(f"- flagged by both: {len(a & b)}; dedup only: {len(a - b)}; rensa only: {len(b - a)}")
    out.append(f"- scored with: `{' '.join(cmd[:-1])} {cmd[-1]}` (untimed; report path a temp file)")
    return out


# dedup.__main__.main, not the command's entry point: that ends the process with
# os._exit, which would skip the dump.
PROFILE = """
import cProfile, sys, time
from dedup.__main__ import main
out, argv = sys.argv[1], sys.argv[2:]
profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared, wall time would count waiting
profiler.enable()
try:
    main(argv)
except SystemExit:
    pass
finally:
    profiler.disable()
    profiler.dump_stats(out)
"""


def profile(path: Path, out: Path, paragraphs: int, top: int = 25) -> None:
    """cProfile ``dedup clean -j 1`` on the corpus, timed in CPU seconds; print the top
    functions by cumulative and by own time."""
    cmd = [PY, "-c", PROFILE, str(out), "clean", "-q", "-j", "1", str(path)]
    print(f"realtext: profiling `dedup clean -q -j 1 {path}` (CPU time) into {out}", file=sys.stderr, flush=True)
    with open(os.devnull, "wb") as devnull:
        subprocess.run(cmd, cwd=ROOT, stdout=devnull, check=False)
    stats = pstats.Stats(str(out))
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\n## Profile of dedup clean -j 1 ({total:.1f} CPU s under cProfile, {paragraphs} paragraphs, "
          f"{total / paragraphs * 1e6:.1f} µs per paragraph with the profiler's overhead)\n")
    # by cumulative time, the engine's own functions (the CLI's wrappers would fill the list)
    for key, where in (("cumulative", r"/dedup/(text|corpus)/"), ("tottime", "")):
        print(f"### top {top} by {key}{' in dedup/text and dedup/corpus' if where else ''}\n\n```")
        stats.sort_stats(key).print_stats(where, top)
        print("```\n", flush=True)
