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
from dedup.corpus.index import INDEX_VERSION
from dedup.corpus.index_file import IndexUnusable

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
    with pytest.raises(IndexUnusable, match="not an index"):
        run([str(tmp_path)], scope="corpus", index=str(garbage))
    assert garbage.read_bytes().startswith(b"this is not"), "a foreign file is never overwritten unasked"
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(IndexUnusable, match="not a dedup index"):
        run([str(tmp_path)], scope="corpus", index=str(foreign))


def test_command_line_reports_a_corrupt_index_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\0" + b"\0garbage" * 512)  # its header kept, the rest damaged
    result = CliRunner().invoke(app, ["check", "--index", str(bad), str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "dedup index build --rebuild" in result.stderr
    bad.write_bytes(b"\0garbage" * 512)  # no header: --rebuild would not delete it, so it is not offered
    result = CliRunner().invoke(app, ["check", "--index", str(bad), str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert result.stderr == f"dedup: error: {bad}: not an index (no SQLite header; if it was one, delete it)\n"


def test_index_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    corpus(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["index", "build", "-q"]).exit_code == 0
    stats = json.loads(runner.invoke(app, ["index", "stats"]).stdout)
    assert stats["documents"] == 6 and stats["version"] == INDEX_VERSION
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


# --- updates of part of the corpus; damaged indexes (issue 14, items 4 and 15) -------------------


def _dedup(*args: object, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    env["NO_COLOR"] = "1"
    command = [sys.executable, "-m", "dedup", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=300)


def _two_folders(root: Path, count: int) -> None:
    (root / ".git").mkdir()
    for folder in ("a", "b"):
        (root / folder).mkdir()
        for i in range(count):
            (root / folder / f"{i:03d}.txt").write_text(
                f"Document {folder}{i} opens in words that are its own and nobody else's.\n\n{BODY}", encoding="utf-8"
            )


def _documents(root: Path) -> int:
    done = _dedup("index", "stats", cwd=root)
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["documents"])


def test_an_update_of_some_paths_keeps_the_other_documents(tmp_path: Path) -> None:
    _two_folders(tmp_path, 3)
    assert _dedup("index", "build", "-q", cwd=tmp_path).returncode == 0
    assert _documents(tmp_path) == 6
    (tmp_path / "a" / "000.txt").write_text("A new text for this one.\n", encoding="utf-8")
    done = _dedup("index", "update", "a", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 documents (re)indexed, 0 dropped" in done.stderr.decode()
    assert _documents(tmp_path) == 6  # before: the three documents of b/ were dropped
    assert _dedup("index", "update", "-q", "b/001.txt", cwd=tmp_path).returncode == 0
    assert _documents(tmp_path) == 6
    # What vanished under the paths given is still dropped, and only that.
    (tmp_path / "a" / "001.txt").unlink()
    (tmp_path / "b" / "002.txt").unlink()
    assert "0 documents (re)indexed, 1 dropped" in _dedup("index", "update", "a", cwd=tmp_path).stderr.decode()
    assert _documents(tmp_path) == 5
    assert "1 dropped" in _dedup("index", "update", cwd=tmp_path).stderr.decode()
    assert _documents(tmp_path) == 4


def test_concurrent_updates_of_disjoint_paths_compose(tmp_path: Path) -> None:
    """Two real processes update a/ and b/ of one index at the same time: every
    document of both stays indexed (before: each dropped the other's, leaving 0)."""
    count = 40
    _two_folders(tmp_path, count)
    assert _dedup("index", "build", "-q", cwd=tmp_path).returncode == 0
    for folder in ("a", "b"):
        for i in range(count):
            path = tmp_path / folder / f"{i:03d}.txt"
            path.write_text(path.read_text(encoding="utf-8") + "\nA closing line added later.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    runs = [
        subprocess.Popen([sys.executable, "-m", "dedup", "index", "update", "-q", folder], cwd=tmp_path, env=env,
                         stderr=subprocess.PIPE)
        for folder in ("a", "b")
    ]
    errors = [p.communicate(timeout=300)[1] for p in runs]
    assert [p.returncode for p in runs] == [0, 0], errors
    assert _documents(tmp_path) == 2 * count
    # And the index answers as a fresh build of the same files does.
    assert _dedup("index", "build", "-q", "--index", tmp_path / "fresh.sqlite", "a", "b", cwd=tmp_path).returncode == 0
    fresh = _dedup("index", "stats", "--index", tmp_path / "fresh.sqlite", cwd=tmp_path)
    shared = _dedup("index", "stats", cwd=tmp_path)
    for key in ("documents", "paragraphs", "distinct_paragraphs"):
        assert json.loads(shared.stdout)[key] == json.loads(fresh.stdout)[key]


def _damage(index: Path, page: int, seed: int) -> None:
    """Overwrite one page of the index with random bytes (pages are 4 KiB)."""
    import random

    data = bytearray(index.read_bytes())
    size = 4096
    assert len(data) >= (page + 1) * size, f"the index has only {len(data) // size} pages"
    data[page * size : (page + 1) * size] = random.Random(seed).randbytes(size)
    index.write_bytes(bytes(data))


@pytest.mark.parametrize("page", [1, 2, 3, 5, 8])
def test_a_damaged_index_is_one_line_with_the_remedy(tmp_path: Path, page: int) -> None:
    _two_folders(tmp_path, 30)
    assert _dedup("index", "build", "-q", cwd=tmp_path).returncode == 0
    index = tmp_path / ".dedup" / "index.sqlite"
    assert not (tmp_path / ".dedup" / "index.sqlite-wal").exists() or os.path.getsize(str(index) + "-wal") == 0
    _damage(index, page, seed=page)
    for args in (["check", "--scope", "corpus", "a/001.txt"], ["index", "update"], ["index", "stats"]):
        done = _dedup(*args, cwd=tmp_path)
        err = done.stderr.decode()
        assert done.returncode == 2, (args, err)
        assert err.count("\n") == 1 and err.startswith(f"dedup: error: {index}: "), (args, err)
        assert "damaged" in err and "dedup index build --rebuild" in err, (args, err)
    assert _dedup("index", "build", "-q", "--rebuild", cwd=tmp_path).returncode == 0
    assert _documents(tmp_path) == 60


# --- the index folder stays out of git (issue 16) ---------------------------------------------------


def _git(*args: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_the_index_folder_does_not_show_in_git_status(tmp_path: Path) -> None:
    _git("init", "-q", cwd=tmp_path)
    corpus(tmp_path, count=3)
    before = _git("status", "--porcelain", "--untracked-files=all", cwd=tmp_path)
    assert before  # the three documents, untracked
    done = _dedup("index", "build", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".dedup" / "index.sqlite").exists()
    assert _git("status", "--porcelain", "--untracked-files=all", cwd=tmp_path) == before
    assert (tmp_path / ".dedup" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_an_existing_gitignore_is_kept_and_another_folder_gets_none(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    corpus(tmp_path, count=2)
    (tmp_path / ".dedup").mkdir()
    (tmp_path / ".dedup" / ".gitignore").write_text("index.sqlite*\n", encoding="utf-8")
    assert _dedup("index", "build", "-q", cwd=tmp_path).returncode == 0
    assert (tmp_path / ".dedup" / ".gitignore").read_text(encoding="utf-8") == "index.sqlite*\n"
    assert _dedup("index", "build", "-q", "--index", "kept/corpus.sqlite", cwd=tmp_path).returncode == 0
    assert (tmp_path / "kept" / "corpus.sqlite").exists()
    assert not (tmp_path / "kept" / ".gitignore").exists()


def _open_at(path: str, barrier: object, errors: object) -> None:
    from dedup.corpus.index import IndexMemory

    barrier.wait()  # type: ignore[attr-defined]
    try:
        IndexMemory(path, {"threshold": 0.9}).close()
    except Exception as error:  # what a second run saw of the first one's index
        errors.put(f"{type(error).__name__}: {error}")  # type: ignore[attr-defined]


def test_runs_creating_one_new_index_at_once_all_open_it(tmp_path: Path) -> None:
    """The tables and their settings are created in one transaction: a run opening a
    new index while another creates it never sees tables without settings (it used to
    refuse the index as 'index format None')."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    errors = context.Queue()
    for trial in range(12):
        path = str(tmp_path / f"index-{trial}.sqlite")
        barrier = context.Barrier(4)
        workers = [context.Process(target=_open_at, args=(path, barrier, errors)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []


@pytest.mark.parametrize(
    "command",
    [["index", "clear"], ["index", "build", "--rebuild"]],
    ids=["clear", "rebuild"],
)
def test_only_a_sqlite_file_is_deleted_as_an_index(tmp_path: Path, command: list[str]) -> None:
    """``--index`` naming any other file (a typo, a completion gone wrong) must not
    cost that file: it is refused in one line and kept, byte for byte."""
    (tmp_path / "a.txt").write_text("Something said once, and long enough to count as a paragraph here.\n")
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes, not an index\n")
    done = _dedup(*command, "--index", notes, tmp_path / "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"dedup: error: {notes}: not an index (no SQLite header; if it was one, delete it); not deleted\n".encode()
    assert notes.read_bytes() == b"my notes, not an index\n"
    # a SQLite file named so goes: an index, and an empty file (an empty database)
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert _dedup("index", "clear", "--index", empty, cwd=tmp_path).returncode == 0 and not empty.exists()


@pytest.mark.parametrize(
    "command",
    [["check", "--scope", "corpus"], ["index", "build"], ["index", "update"], ["index", "stats"], ["index", "clear"]],
)
def test_a_folder_given_as_the_index_is_refused_in_one_line(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "a.txt").write_text("Something said once, and long enough to count as a paragraph here.\n")
    folder = tmp_path / "indexes"
    folder.mkdir()
    done = _dedup(*command, "--index", folder, *([] if "stats" in command or "clear" in command else [tmp_path / "a.txt"]), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"dedup: error: {folder}: a folder, not an index file; give the file (--index PATH)\n".encode()
    assert folder.is_dir() and os.listdir(folder) == []
