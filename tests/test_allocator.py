"""The command fixes glibc's allocator thresholds (:mod:`dedup.allocator`), so that what
a document's passes free goes back to the system: a text of very many lines stays
within the README's memory bound (10x the file + 100 MB; "Bounded work")."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dedup.allocator import return_freed_memory

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")


def _peak_mb(args: list[str], env: dict[str, str] | None = None) -> float:
    """The peak memory of ``args`` run as a child of a fresh Python (whose own children
    are only this one), in MB."""
    probe = textwrap.dedent(
        """
        import resource, subprocess, sys
        subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True, env=env
    )
    return float(done.stdout)


@linux
def test_the_thresholds_are_set_unless_the_user_set_them() -> None:
    probe = "from dedup.allocator import return_freed_memory as f; print(f())"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    ours = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    theirs = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**env, "MALLOC_TRIM_THRESHOLD_": "1"}, check=True
    )
    assert (ours.stdout.strip(), theirs.stdout.strip()) == ("True", "False")


def test_elsewhere_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert return_freed_memory() is False


@linux
def test_a_text_of_millions_of_lines_stays_within_the_bound(tmp_path: Path) -> None:
    """20,000 short paragraphs, half of them repeats, each followed by 50-150 blank
    lines: 2 million lines in 3.5 MB. Each of the document's passes builds arrays of a
    line's start and flag for every line; before the thresholds were fixed the process
    kept what every pass had used (176 MB against a bound of 136)."""
    rng = random.Random(5)
    words = "harbour morning ferry valley market council winter letter garden station river".split()
    seen: list[str] = []
    parts = []
    for _ in range(20_000):
        if seen and rng.random() < 0.5:
            text = rng.choice(seen)
        else:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize() + "."
            seen.append(text)
        parts.append(text + "\n" * rng.randint(51, 151))
    path = tmp_path / "blank.txt"
    path.write_text("".join(parts), encoding="utf-8")
    size_mb = path.stat().st_size / 2**20
    assert path.read_bytes().count(b"\n") > 1_900_000
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    peak = _peak_mb([sys.executable, "-m", "dedup", "clean", str(path)], env)
    assert peak <= 10 * size_mb + 100
