"""The cleaning passes' changes show in every report format, and count for check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.cli import app

TEXT = "Hello there  \n\n\n\nA second paragraph, with trailing tabs\t\t\n"


@pytest.fixture()
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode())
    return path


def check(doc: Path, fmt: str) -> str:
    result = CliRunner().invoke(app, ["check", "--fix", "trailing-space,blank-lines", "--format", fmt, str(doc)])
    assert result.exit_code == 1, result.stderr
    return result.stdout


def test_text_and_exit_code(doc: Path) -> None:
    assert check(doc, "text").splitlines() == [
        f"{doc}:1: fix trailing-space (2 characters removed, 0 added)",
        f"{doc}:3-4: fix blank-lines (2 characters removed, 0 added)",
        f"{doc}:5: fix trailing-space (2 characters removed, 0 added)",
    ]
    clean = CliRunner().invoke(app, ["check", str(doc)])
    assert (clean.exit_code, clean.stdout) == (0, ""), "without --fix there is nothing to report"


def test_json_and_jsonl(doc: Path) -> None:
    (file,) = json.loads(check(doc, "json"))["files"]
    assert [(f["fix"], f["lines"]["start"], f["removed"]) for f in file["fixes"]] == [
        ("trailing-space", 1, 2),
        ("blank-lines", 3, 2),
        ("trailing-space", 5, 2),
    ]
    records = [json.loads(line) for line in check(doc, "jsonl").splitlines()]
    assert [r["kind"] for r in records] == ["fix"] * 3


def test_github_sarif_and_html(doc: Path) -> None:
    assert check(doc, "github").count("::notice ") == 3
    sarif = json.loads(check(doc, "sarif"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DUP010"] * 3
    assert "3 changes by cleaning passes" in check(doc, "html")


def test_diff_shows_the_changes(doc: Path) -> None:
    diff = check(doc, "diff")
    assert "-Hello there  \n+Hello there\n" in diff
