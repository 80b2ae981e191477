"""The SQLite corpus index: incremental runs equal full runs; bad indexes are refused."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.batch import run
from dedup.cli import app
from dedup.config import Config
from dedup.corpus.index import IndexUnusable

BODY = "The council approved the new budget on Tuesday evening after a long debate.\n"
FOOTER = "Subscribe to our newsletter for the latest local news, every morning.\n"


def corpus(root: Path, count: int = 6) -> list[Path]:
    paths = []
    for i in range(count):
        path = root / f"doc{i:02d}.txt"
        parts = [f"Opening paragraph {i}, which no other document in this corpus repeats at all.\n"]
        if i % 2:
            parts.append(BODY)
        if i % 3 == 0:
            parts.append(FOOTER)
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths


def findings(report: object) -> dict[str, list[tuple[int, int, str | None, int]]]:
    return {
        Path(f.path).name: [
            (loc.finding.line_start, loc.finding.line_end, loc.finding.source_document, loc.finding.source_line_start)
            for loc in f.findings
        ]
        for f in report.files  # type: ignore[attr-defined]
    }


def test_incremental_run_gives_the_findings_of_a_full_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths = corpus(tmp_path)
    full = findings(run(["."], scope="corpus"))
    assert any(full.values()), "the corpus must hold cross-document repeats"
    index = str(tmp_path / ".dedup" / "index.sqlite")
    run(["."], scope="corpus", index=index)
    for path in reversed(paths):  # any order, one file at a time, as pre-commit would
        assert findings(run([path.name], scope="corpus", index=index)) == {path.name: full[path.name]}


def test_a_changed_earlier_document_is_seen_by_later_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths = corpus(tmp_path)
    index = str(tmp_path / ".dedup" / "index.sqlite")
    run(["."], scope="corpus", index=index)
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\nA new closing paragraph that doc05 will also carry now.\n")
    paths[5].write_text(paths[5].read_text(encoding="utf-8") + "\nA new closing paragraph that doc05 will also carry now.\n")
    run(["."], scope="corpus", index=index, skip_unchanged=True)
    incremental = findings(run([paths[5].name], scope="corpus", index=index))[paths[5].name]
    assert incremental == findings(run(["."], scope="corpus"))[paths[5].name]
    assert any(source == "doc00.txt" for _, _, source, _ in incremental)


def test_update_skips_unchanged_and_drops_vanished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths = corpus(tmp_path)
    index = str(tmp_path / ".dedup" / "index.sqlite")
    first = run(["."], scope="corpus", index=index, index_stats=True)
    assert len(first.files) == 6 and first.index_stats["documents"] == 6
    again = run(["."], scope="corpus", index=index, skip_unchanged=True, index_stats=True)
    assert again.files == [] and again.index_stats["dropped"] == 0
    paths[2].unlink()
    after = run(["."], scope="corpus", index=index, skip_unchanged=True, index_stats=True)
    assert after.index_stats["dropped"] == 1 and after.index_stats["documents"] == 5


def test_other_settings_and_foreign_files_are_refused(tmp_path: Path) -> None:
    corpus(tmp_path)
    index = tmp_path / "index.sqlite"
    run([str(tmp_path)], scope="corpus", index=str(index))
    with pytest.raises(IndexUnusable, match="other settings"):
        run([str(tmp_path)], Config(min_chars=10), scope="corpus", index=str(index))
    run([str(tmp_path)], Config(min_chars=10), scope="corpus", index=str(index), rebuild=True)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database, just bytes" * 100)
    with pytest.raises(IndexUnusable, match="not a usable dedup index"):
        run([str(tmp_path)], scope="corpus", index=str(garbage))
    assert garbage.read_bytes().startswith(b"this is not"), "a foreign file is never overwritten unasked"
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(IndexUnusable, match="not a dedup index"):
        run([str(tmp_path)], scope="corpus", index=str(foreign))


def test_command_line_reports_a_corrupt_index_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\0garbage" * 512)
    result = CliRunner().invoke(app, ["check", "--index", str(bad), str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "dedup index build --rebuild" in result.stderr


def test_index_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    corpus(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["index", "build", "-q"]).exit_code == 0
    stats = json.loads(runner.invoke(app, ["index", "stats"]).stdout)
    assert stats["documents"] == 6 and stats["version"] == 1
    # --scope corpus finds the project's index by itself
    result = runner.invoke(app, ["check", "--scope", "corpus", "doc04.txt"])
    assert (result.exit_code, result.stdout) == (0, "")  # only its own opening
    result = runner.invoke(app, ["check", "--scope", "corpus", "doc03.txt"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "doc03.txt:3: repeat of doc01.txt line 3 (exact, 1 paragraph, 77 bytes)",
        "doc03.txt:5: repeat of doc00.txt line 3 (exact, 1 paragraph, 71 bytes)",
    ]
    assert runner.invoke(app, ["index", "clear"]).exit_code == 0
    assert not (tmp_path / ".dedup" / "index.sqlite").exists()


def test_concurrent_runs_keep_the_index_consistent(tmp_path: Path) -> None:
    """Two processes updating the same index at once: both succeed, and the index
    then answers exactly as a fresh build does."""
    corpus(tmp_path, count=12)
    index = tmp_path / ".dedup" / "index.sqlite"
    command = [sys.executable, "-m", "dedup", "index", "build", "-q", "--index", str(index), str(tmp_path)]
    runs = [subprocess.Popen(command) for _ in range(3)]
    assert [p.wait(timeout=120) for p in runs] == [0, 0, 0]
    shared = json.loads(
        subprocess.run(
            [sys.executable, "-m", "dedup", "index", "stats", "--index", str(index)], capture_output=True, check=True
        ).stdout
    )
    fresh = tmp_path / "fresh.sqlite"
    subprocess.run([*command[:-2], str(fresh), str(tmp_path)], check=True)
    expected = json.loads(
        subprocess.run(
            [sys.executable, "-m", "dedup", "index", "stats", "--index", str(fresh)], capture_output=True, check=True
        ).stdout
    )
    for key in ("documents", "paragraphs", "distinct_paragraphs"):
        assert shared[key] == expected[key]
    assert os.path.exists(index)
