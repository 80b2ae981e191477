"""What a hostile user's round of probing found (session 20), each fixed: the command
line through the real entry point, a run over a folder and a file in it in a real
subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import invoke_dedup
from typer.testing import Result

BOILER = "Subscribe to our newsletter for the latest news, offers and updates every single week."
DOUBLED = f"An opening paragraph in words of its own.\n\n{BOILER}\n\n{BOILER}\n"
CLEANED = f"An opening paragraph in words of its own.\n\n{BOILER}\n"


def invoke(*args: object) -> Result:
    return invoke_dedup(["--isolated" if a == "ISOLATED" else a for a in args])


# --- a file named twice, or as a folder and a file in it ---------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEDUP_")}
    return subprocess.run([sys.executable, "-m", "dedup", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=60, check=False)


@pytest.mark.parametrize("args", [["folder", "folder/a.txt"], ["folder/a.txt", "folder"], ["folder/a.txt", "./folder/a.txt"]])
def test_a_file_met_twice_is_cleaned_in_place_once(tmp_path: Path, args: list[str]) -> None:
    # It was read twice and rewritten twice, the second time without the check that
    # the file had not changed since it was read: lines appended between the two
    # rewrites were lost, with exit 0; and the summary counted it twice.
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.txt").write_text(DOUBLED, encoding="utf-8")
    done = _run("clean", "--isolated", "-i", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("rewrote") == 1, done.stderr
    assert done.stderr.endswith("1 file cleaned, 1 with repeats: 1 run, 88 bytes removed\n"), done.stderr
    assert (tmp_path / "folder" / "a.txt").read_text(encoding="utf-8") == CLEANED


def test_a_file_named_twice_is_one_input_of_check(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "ISOLATED", "--scope", "corpus", doc, tmp_path, doc)
    assert result.exit_code == 1
    assert result.stdout == f"{doc}:5: repeat of line 3 (exact, 1 paragraph, 88 bytes)\n"


# --- check --write-baseline over an input ------------------------------------------------


@pytest.mark.parametrize("same", ["as given", "another name"])
def test_a_baseline_is_never_written_over_an_input(tmp_path: Path, same: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    target = doc if same == "as given" else tmp_path / "." / "a.txt"
    result = invoke("check", "ISOLATED", doc, "--write-baseline", target)
    assert result.exit_code == 2
    assert result.stderr == f"dedup: error: --write-baseline {target} is one of the inputs; give the baseline another path\n"
    assert doc.read_text(encoding="utf-8") == DOUBLED


def test_a_baseline_left_in_a_folder_walked_is_no_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOUBLED, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    for _ in range(2):  # the second run meets the first one's baseline in the folder
        result = invoke("check", "ISOLATED", tmp_path, "--write-baseline", baseline)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == f"wrote {baseline}: 1 finding(s) accepted\n"
    assert len(json.loads(baseline.read_text(encoding="utf-8"))["fingerprints"]) == 1


# --- NaN through a range ------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--doc-threshold", "--threshold"])
def test_nan_is_in_no_range(tmp_path: Path, flag: str) -> None:
    # --doc-threshold nan passed click's range (every comparison with NaN is false)
    # and turned the near-duplicate search off: "no repeats found", exit 0.
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "ISOLATED", "--near-duplicate-docs", flag, "nan", doc)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dedup: error: invalid value for '{flag}': nan is not in the range 0..1")
    assert result.stderr.count("\n") == 1


def test_nan_in_a_settings_file_is_in_no_range(tmp_path: Path) -> None:
    (tmp_path / "dedup.toml").write_text("doc-threshold = nan\n", encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "--config", tmp_path / "dedup.toml", "--near-duplicate-docs", doc)
    assert result.exit_code == 2
    assert result.stderr == f"dedup: error: {tmp_path / 'dedup.toml'}: doc-threshold = nan must be at least 0 and at most 1\n"
