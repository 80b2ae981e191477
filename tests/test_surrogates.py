"""A lone surrogate in a JSONL id (valid JSON as an escape, ``"\\ud800"``; not UTF-8)
reaches every report: each writes it as the six characters ``\\ud800`` (issue 14,
item 5). In JSON, JSON Lines and SARIF that is JSON's own escape, so the id reads back
as it was; in the other formats it shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BOILER = "Subscribe to our newsletter for the latest news, offers and updates from our team every week."
TEXT = f"An opening of its own.\n\n{BOILER}\n\n{BOILER}\n"
LINE = b'{"id": "odd \\ud800 id", "text": ' + json.dumps(TEXT).encode() + b"}\n"
SHOWN = b"odd \\ud800 id"  # the id as every report writes it


def dedup(*args: object, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    env["NO_COLOR"] = "1"
    command = [sys.executable, "-m", "dedup", *map(str, args), "--isolated"]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=120)


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "html"])
def test_every_report_writes_a_lone_surrogate_as_its_escape(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "s.jsonl").write_bytes(LINE)
    done = dedup("check", "--format", fmt, "s.jsonl", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # before: internal error, exit 2
    assert b"internal error" not in done.stderr
    done.stdout.decode("utf-8")  # strict UTF-8
    assert SHOWN in done.stdout
    if fmt in ("json", "sarif"):
        json.loads(done.stdout)
    if fmt == "json":
        assert json.loads(done.stdout)["files"][0]["document"] == "odd \ud800 id"
    if fmt == "jsonl":
        assert json.loads(done.stdout.splitlines()[0])["document"] == "odd \ud800 id"


def test_clean_in_place_writes_the_report_of_what_it_did(tmp_path: Path) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(LINE)
    done = dedup("clean", "-q", "-i", "--report", "r.json", "s.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # before: the shard rewritten, the report lost, exit 2
    assert shard.read_bytes() != LINE
    report = json.loads((tmp_path / "r.json").read_bytes())
    assert [(f["document"], f["changed"]) for f in report["files"]] == [("odd \ud800 id", True)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "s.jsonl"]
