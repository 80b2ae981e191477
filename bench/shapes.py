"""Adversarial shapes at 1x, 2x, 4x and 8x: time, peak memory and growth exponent.

Issue 14, item 6 (and issue 15's target): every shape must grow near-linearly (exponent
``log(t8 / t1) / log(8)`` at most 1.15) and stay within the README's memory bound
(peak RSS at most 10x the file + 100 MB). Each run is ``python -m dedup clean FILE``
in a subprocess, output to /dev/null, under ``/usr/bin/time -v`` for its peak RSS
(``resource.getrusage(RUSAGE_CHILDREN)`` when that is missing), timed with
``time.perf_counter`` (the fastest of up to three runs for the sizes that take under a
second).

The exponent is computed on *net* seconds: the wall time minus the start-up of
``dedup clean`` on a one-line file, measured in the same run (about 0.1 s, which would
otherwise flatten the small sizes and hide growth); and the same on CPU seconds (user
and system, from the children's resource usage), which a busy machine disturbs less.
The raw exponent is printed beside them. So is the exponent on the *engine's* CPU
seconds: ``dedup.clean`` on the document's text, timed with ``time.process_time`` in a
fresh process after a call on a small document (neither start-up, the first call's
imports nor reading counted, no cache warmed by the same document; the least of up to
three runs under a second). The shapes whose 1x runs take a few
hundredths of a second more than the start-up only show their growth there.

Usage::

    python bench/shapes.py                       # every shape, 1x 2x 4x 8x; a few minutes
    python bench/shapes.py --shapes tiny,opening --factors 1,2,4,8 --timeout 300
    python bench/shapes.py --scale 0.25          # quarter sizes, for a quick look
    python bench/shapes.py --engine /tmp/before  # measure /tmp/before/dedup (a copy of an older tree)

At ``--scale 1`` the 8x size of the first four shapes is the size named in issue 14
(5,000 table rows, 1.34 MB of ``ab ``, 8,000 shared openings, 50,000 separated
paragraphs), and 8x of ``repeat`` and ``near`` are 10^6 and 10^5 paragraphs. Documents
are written to ``bench/data/shapes/`` (gitignored) and rebuilt when this file changes.
MB is 10**6 bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data" / "shapes"
sys.path.insert(0, str(HERE))

import generate

MB = 10**6
FACTORS = (1, 2, 4, 8)
# A folder holding the ``dedup`` package to measure instead of this tree's (--engine):
# ``python -m dedup`` runs there, so that its ``dedup`` comes first on the path.
ENGINE: Path | None = None


# --------------------------------------------------------------------------- shapes
# Each maker takes a count (the shape's unit at 1x times the factor) and a seeded RNG.

_CELLS = (
    "info", "warn", "error", "debug", "scheduler", "worker", "gateway", "cache", "queue",
    "request handled", "job finished", "retry later", "connection reset", "timeout reached",
    "ok", "failed", "pending", "skipped", "upstream slow", "cold start",
)  # fmt: skip


def table(count: int, rng: random.Random) -> str:
    """A Markdown log table of ``count`` rows, each over 100 columns, cells from a small
    vocabulary and no digits (so every row has the same numbers: none)."""
    lines = ["| level | component | event | state | note | detail | origin |", "|---|---|---|---|---|---|---|"]
    for _ in range(count):
        cells: list[str] = []
        while sum(map(len, cells)) + 3 * len(cells) < 110:
            cells.append(rng.choice(_CELLS))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def tiny(count: int, rng: random.Random) -> str:
    """``count`` lines of 101-140 characters drawn from ``a``, ``b`` and space (each line
    over the wrap width, so each is its own paragraph)."""
    return "".join("".join(rng.choice("ab ") for _ in range(rng.randint(101, 140))).strip() + "\n" for _ in range(count))


def _adversarial(kind: str) -> Callable[[int, random.Random], str]:
    def make(count: int, rng: random.Random) -> str:
        source = generate.adversarial_paragraphs(kind, rng)
        parts = [next(source) for _ in range(count)]
        joiner = "\n---\n" if kind == "separator" else "\n"
        return joiner.join(parts) + "\n"

    make.__doc__ = f"bench/generate.py's {kind!r} shape, ``count`` paragraphs"
    return make


_CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 60)) + "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也主发年动同工"


def cjk(count: int, rng: random.Random) -> str:
    """``count`` lines of 200-400 CJK characters from a pool of about a hundred, with
    no spaces and no punctuation (one long clause per line)."""
    return "".join("".join(rng.choice(_CJK) for _ in range(rng.randint(200, 400))) + "\n" for _ in range(count))


def blank(count: int, rng: random.Random) -> str:
    """``count`` short paragraphs (half of them repeats of earlier ones), each followed
    by 50 to 150 blank lines."""
    writer = generate.Writer(rng)
    seen: list[str] = []
    parts = []
    for _ in range(count):
        if seen and rng.random() < 0.5:
            text = rng.choice(seen)
        else:
            text = writer.en_sentence()
            seen.append(text)
        parts.append(text + "\n" * rng.randint(51, 151))
    return "".join(parts)


def chain(count: int, rng: random.Random) -> str:
    """``count`` paragraphs, each the previous one with one letter changed, blank lines
    between (every paragraph is near several before it, and the first and last are far
    apart)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = list(generate.Writer(rng).paragraph("en", 300, 400)[0])
    positions = [k for k, c in enumerate(text) if c.isalpha()]
    parts = []
    for _ in range(count):
        parts.append("".join(text))
        text[rng.choice(positions)] = rng.choice(letters)
    return "\n\n".join(parts) + "\n"


def rules(count: int, rng: random.Random) -> str:
    """``count`` short rules (``---``, ``***``, ``===``: no letters, so no weight), a blank
    line after each, and a real paragraph every 1,000."""
    writer = generate.Writer(rng)
    parts = []
    for k in range(count):
        parts.append(writer.paragraph("en", 100, 200)[0] if k % 1000 == 999 else rng.choice(("---", "***", "===")))
    return "\n\n".join(parts) + "\n"


def joins(count: int, rng: random.Random) -> str:
    """About ``count`` units whose removals each join the next repeat: pairs of short
    notes (each under --min-chars, a pair over it) side by side, then nested around a
    paragraph that repeats an earlier one (``a3 a2 a1 W b1 b2 b3``): without a bound on
    the passes, a pass each (README, rule 7)."""
    levels = max(1, (count - 2) // 5)
    notes = [(f"Note a{k} holds {rng.randrange(10**6)}.", f"Note b{k} holds {rng.randrange(10**6)}.") for k in range(levels)]
    notes = [(f"{a} See the list.", f"{b} See the list.") for a, b in notes]
    repeat = "This paragraph stands twice in the document, and is long enough to go alone."
    early = [part for k, (a, b) in enumerate(notes) for part in (a, b, f"Between them stands separator {k}.")]
    late = [a for a, _ in reversed(notes)] + [repeat] + [b for _, b in notes]
    return "\n\n".join([*early, repeat, "The middle of the document.", *late]) + "\n"


def log(count: int, rng: random.Random) -> str:
    """A log of ``count // 2`` lines (one paragraph: no blank line), then its copy with
    the last line changed: a near pair whose every identifier the word rule asks about
    (before session 18, each looked for in the copy's letters: quadratic)."""
    lines = [f"       ==7== at 0x{rng.randrange(16**6):06x}: function_{k} (file_{k}.c:{k})" for k in range(max(1, count // 2))]
    first = "\n".join(lines) + "\n"
    return first + "\nSite. net\n\n" + first.replace(lines[-1], lines[-1] + "x")


def grammar(count: int, rng: random.Random) -> str:
    """``count // 2`` productions (``NAME := ...``, one a paragraph), then their copy
    with the last changed: every run of the copy is refused for leaving its grammar's
    last production behind (before session 18, each refusal read the whole run)."""
    productions = [f"NAME{k} := [ src ADDR{rng.randrange(10**4)} ] [ dst ADDR{k} ]\n" for k in range(max(1, count // 2))]
    first = "\n".join(productions)
    return first + "\nSite. net\n\n" + first.replace(productions[-1], "CHANGED := x\n")


def page(count: int, rng: random.Random) -> str:
    """A page of ``count // 8`` sections (a heading line, three indented paragraphs),
    then its copy with the last paragraph changed: every run of the copy ends under a
    heading in it whose last child stays (before session 18, each refusal read the
    whole run first)."""
    parts = []
    for s in range(max(1, count // 8)):
        parts.append(f"SECTION {s}")
        parts += [f"       Paragraph {p} of section {s} names item {rng.randrange(10**6)} here." for p in range(3)]
    first = "\n\n".join(parts) + "\n"
    return first + "\nSite. net\n\n" + first[:-10] + "CHANGED.\n"


# name -> (maker, count at 1x, what it is)
SHAPES: dict[str, tuple[Callable[[int, random.Random], str], int, str]] = {
    "table": (table, 625, "Markdown log table rows over 100 columns"),
    "tiny": (tiny, 1_400, "lines of `ab ` only"),
    "opening": (_adversarial("opening"), 1_000, "paragraphs sharing a 200-character opening"),
    "separator": (_adversarial("separator"), 6_250, "`---`-separated distinct paragraphs"),
    "repeat": (_adversarial("repeat"), 125_000, "one paragraph repeated"),
    "near": (_adversarial("onechar"), 12_500, "near-identical paragraphs (one letter changed)"),
    "cjk": (cjk, 1_000, "CJK lines, no spaces, small character pool"),
    "blank": (blank, 2_500, "short paragraphs between 50-150 blank lines"),
    "chain": (chain, 1_000, "each paragraph one letter off the previous"),
    "rules": (rules, 12_500, "short rules (no letters) between blank lines"),
    "joins": (joins, 5_000, "removals that each join the next repeat"),
    "log": (log, 4_000, "a one-paragraph log and its copy, last line changed"),
    "grammar": (grammar, 4_000, "productions and their copy, last one changed"),
    "page": (page, 4_000, "a page of sections and its copy, last paragraph changed"),
}


def _version() -> str:
    return hashlib.sha256(Path(__file__).read_bytes() + (HERE / "generate.py").read_bytes()).hexdigest()[:12]


def document(shape: str, count: int, seed: int) -> Path:
    """The document of ``shape`` with ``count`` units, cached under bench/data/shapes/."""
    path = DATA / f"{shape}-{count}-s{seed}-{_version()}.txt"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        maker = SHAPES[shape][0]
        text = maker(count, random.Random(f"dedup-shapes:{shape}:{seed}"))
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


# --------------------------------------------------------------------------- measuring

def measure(path: Path, timeout: float) -> tuple[float | None, float, float]:
    """Wall seconds (None on timeout), peak RSS in MB and CPU seconds (user and
    system, its processes together) of ``dedup clean PATH``."""
    # the size limit raised above the largest shape (one paragraph 10^6 times: 262 MB)
    cmd = [sys.executable, "-m", "dedup", "clean", "--max-document-size", str(2**30), str(path)]
    timer = shutil.which("time") and Path("/usr/bin/time").exists()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        full = ["/usr/bin/time", "-v", "-o", report.name, *cmd] if timer else cmd
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        before = children.ru_maxrss
        start = time.perf_counter()
        # its own session, so that a timeout stops dedup too, not only /usr/bin/time
        proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                cwd=ENGINE or ROOT)
        # A blocking wait, the timeout from a timer: Popen.wait(timeout=...) polls with
        # sleeps of up to 50 ms, which quantised every time by that much (and so the
        # exponents, whose smallest sizes take 0.1-0.2 s).
        timer_kill = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        timer_kill.start()
        try:
            proc.wait()
        finally:
            timer_kill.cancel()
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        if proc.returncode == -signal.SIGKILL or seconds >= timeout:
            return None, float("nan"), float("nan")
        if timer:
            found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", Path(report.name).read_text())
            kib = int(found.group(1)) if found else 0
        else:  # the largest child so far: right when this child is the largest yet
            kib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return seconds, kib / 1024 * 1.024 * 1.024, cpu  # KiB -> MB


# Run in a fresh process: ``dedup.clean`` on the file's text, its CPU seconds printed.
# A small document first, so that what the first call does once (imports of rapidfuzz
# and the word rule, patterns compiled: about 0.05 s) is not counted.
_ENGINE_RUN = (
    "import sys, time, dedup\n"
    "dedup.clean('A warm-up paragraph, long enough to count.\\n\\n' * 2 + 'A warm-up paragraph, long enuogh to count.')\n"
    "text = open(sys.argv[1], encoding='utf-8', newline='').read()\n"
    "start = time.process_time()\n"
    "dedup.clean(text)\n"
    "print(time.process_time() - start)\n"
)


def engine_cpu(path: Path, timeout: float, tries: int = 3, enough: float = 1.0) -> float | None:
    """The least CPU seconds ``dedup.clean`` takes on the text of ``path``, in a fresh
    process each time (None on a timeout)."""
    found: list[float] = []
    while len(found) < tries and sum(found) < enough:
        try:
            done = subprocess.run([sys.executable, "-c", _ENGINE_RUN, str(path)], capture_output=True, text=True,
                                  timeout=timeout, cwd=ENGINE or ROOT, check=True)
        except subprocess.TimeoutExpired:
            return None
        found.append(float(done.stdout))
    return min(found)


def fastest(path: Path, timeout: float, tries: int = 3, enough: float = 1.0) -> tuple[float | None, float, float]:
    """:func:`measure`, repeated while the runs so far add up to less than ``enough``
    seconds (at most ``tries`` runs): the fastest time, the largest peak and the least
    CPU. A run of a tenth of a second varies by several hundredths from one try to the
    next, which the exponents, net of start-up, would magnify."""
    seconds, rss, cpu = measure(path, timeout)
    spent = seconds or 0.0
    for _ in range(tries - 1):
        if seconds is None or spent >= enough:
            break
        again, again_rss, again_cpu = measure(path, timeout)
        if again is None:
            break
        seconds, rss, cpu, spent = min(seconds, again), max(rss, again_rss), min(cpu, again_cpu), spent + again
    return seconds, rss, cpu


def _exponent(first: float | None, last: float | None, ratio: int) -> str:
    if first is None or last is None or first <= 0 or last <= 0:
        return "n/a"
    return f"{math.log(last / first) / math.log(ratio):.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated subset of {','.join(SHAPES)}")
    parser.add_argument("--factors", default=",".join(map(str, FACTORS)), help="sizes, in multiples of 1x")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every 1x count by this")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per run before it is stopped")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", type=Path, help="a folder holding another copy of the dedup package to measure")
    args = parser.parse_args(argv)
    global ENGINE
    ENGINE = args.engine.resolve() if args.engine else None
    shapes = [s for s in args.shapes.split(",") if s]
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s): {', '.join(unknown)}")
    factors = [int(f) for f in args.factors.split(",")]

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    engine = f"dedup from {ENGINE}" if ENGINE else f"dedup@{head.stdout.strip() or '?'}"
    print(f"{engine}, Python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    one_line = DATA / "one-line.txt"
    DATA.mkdir(parents=True, exist_ok=True)
    one_line.write_text("one line\n", encoding="utf-8")
    starts = [measure(one_line, 60) for _ in range(5)]
    startup, startup_cpu = min(s[0] or 0.0 for s in starts), min(s[2] for s in starts)
    print(f"start-up (dedup clean on a one-line file): {startup:.2f} s, {startup_cpu:.2f} CPU s\n", flush=True)

    print("| shape | size | units | MB | seconds | CPU s | engine CPU s | MB/s | peak RSS MB | bound MB | within |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    summary = []
    for shape in shapes:
        _, base, what = SHAPES[shape]
        times: dict[int, float | None] = {}
        cpus: dict[int, float | None] = {}
        engine: dict[int, float | None] = {}
        for factor in factors:
            count = max(1, round(base * args.scale * factor))
            path = document(shape, count, args.seed)
            mb = path.stat().st_size / MB
            seconds, rss, cpu = fastest(path, args.timeout)
            times[factor], cpus[factor] = seconds, (cpu if seconds is not None else None)
            engine[factor] = engine_cpu(path, args.timeout) if seconds is not None else None
            inside = f"{engine[factor]:.3f}" if engine[factor] is not None else "-"
            bound = 10 * mb + 100
            shown = f"{seconds:.2f}" if seconds is not None else f"> {args.timeout:.0f} (stopped)"
            rate = f"{mb / seconds:.2f}" if seconds else "-"
            within = "yes" if seconds is not None and rss <= bound else ("?" if seconds is None else "**no**")
            print(f"| {shape} | {factor}x | {count:,} | {mb:.2f} | {shown} | {cpu:.2f} | {inside} | {rate} | {rss:.0f} | {bound:.0f} "
                  f"| {within} |", flush=True)
        lo, hi = min(factors), max(factors)
        t_lo, t_hi = times.get(lo), times.get(hi)
        net = _exponent(t_lo and t_lo - startup, t_hi and t_hi - startup, hi // lo) if hi > lo else "n/a"
        raw = _exponent(t_lo, t_hi, hi // lo) if hi > lo else "n/a"
        c_lo, c_hi = cpus.get(lo), cpus.get(hi)
        net_cpu = _exponent(c_lo and c_lo - startup_cpu, c_hi and c_hi - startup_cpu, hi // lo) if hi > lo else "n/a"
        inner = _exponent(engine.get(lo), engine.get(hi), hi // lo) if hi > lo else "n/a"
        summary.append(f"| {shape} | {what} | {net} | {net_cpu} | {inner} | {raw} |")
    if len(factors) > 1:
        print(f"\nGrowth exponent log(t{max(factors)}/t{min(factors)}) / log({max(factors) // min(factors)}), "
              "net of start-up (wall and CPU seconds), of the engine's CPU seconds, and raw:\n")
        print("| shape | what | exponent (net) | exponent (net, CPU) | exponent (engine CPU) | exponent (raw) |")
        print("|---|---|---:|---:|---:|---:|")
        print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
