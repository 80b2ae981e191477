"""Smoke test of bench/realfiles.py: it builds a tiny corpus in tmp_path and reports on it.

The corpus comes from whatever this machine has (Debian docs, licences, man pages);
on a machine with none of them the corpus is empty and the script must still run.
"""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "realfiles.py"


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("realfiles", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_builds_a_tiny_corpus_and_reports(tmp_path: Path) -> None:
    out, report = tmp_path / "corpus", tmp_path / "removals.json"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--limit-per-category", "2",
         "--doubled-sample", "1", "--json", str(report), "--sample", "1"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for entry in manifest["files"]:
        assert (out / entry["path"]).is_file()
        counts[entry["category"]] = counts.get(entry["category"], 0) + 1
    assert all(n <= 2 for n in counts.values())
    assert "## Removals per category" in run.stdout and "## Doubled documents" in run.stdout
    removals = json.loads(report.read_text(encoding="utf-8"))["removals"]
    paths = {entry["path"] for entry in manifest["files"]}
    for removal in removals:
        assert removal["file"] in paths
        assert removal["lines"][0] <= removal["lines"][1]


def test_noisy_copy_leaves_code_and_tables_alone() -> None:
    realfiles = _module()
    text = (
        "A tool that counts the \"words\" in every file it is given, line after line.\n"
        "It prints one total per file and a grand total at the end of its output.\n"
        "\n"
        "```sh\n"
        "wordcount --total \"docs/guide.txt\"   notes.txt\n"
        "```\n"
        "\n"
        "| option | meaning |\n"
        "| --- | --- |\n"
        "| -t | print the total only |\n"
    )
    noisy = realfiles.noisy(text, random.Random(3))
    assert "\r\n" in noisy and "\n" not in noisy.replace("\r\n", "")
    lines = noisy.replace("\r\n", "\n").split("\n")
    for kept in text.split("\n")[3:]:
        assert kept in lines
    assert "“words”" in noisy


def test_the_noisy_copy_leaves_what_the_markdown_parser_reads_as_code() -> None:
    """An indented block inside a list item is code to the parser, not to the script's
    own fence finder: re-wrapped, it was another program, which the rule rightly keeps."""
    realfiles = _module()
    command = "      pip install -r dev-requirements.txt\n      PYTHONPATH='.:tests' pytest\n"
    text = f"- With pytest to only run the tests for your current version of\n  Python:\n\n{command}"
    plain = realfiles.noisy(text, random.Random(0)).replace("\r\n", "\n")
    assert command not in plain  # the fence finder alone re-wraps it as prose
    aware = realfiles.noisy(text, random.Random(0), "markdown").replace("\r\n", "\n")
    assert command in aware
