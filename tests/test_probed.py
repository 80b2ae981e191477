"""What a hostile user's round of probing found (session 20), each fixed: the command
line through the real entry point, a run over a folder and a file in it in a real
subprocess."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zstandard
from conftest import invoke_dedup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


# --- damaged compressed shards ---------------------------------------------------------------

def _frames(payloads: list[bytes], flags: list[tuple[bool, bool]], skippable: bool) -> tuple[bytes, list[int]]:
    """The payloads as zstd frames (with or without a checksum and a content size),
    a skippable frame after the first if asked; and where each frame ends."""
    data, ends = b"", []
    for k, (payload, (checksum, size)) in enumerate(zip(payloads, flags, strict=True)):
        data += zstandard.ZstdCompressor(write_checksum=checksum, write_content_size=size).compress(payload)
        ends.append(len(data))
        if skippable and k == 0:
            data += (0x184D2A53).to_bytes(4, "little") + (5).to_bytes(4, "little") + b"\x00junk"
            ends.append(len(data))
    return data, ends


def _read(path: Path) -> bytes:
    from dedup.inputs.lines import open_compressed

    with open_compressed(str(path)) as stream:
        return stream.read()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payloads=st.lists(st.binary(max_size=3000).map(lambda b: b * 3), min_size=1, max_size=4),
    flags=st.lists(st.tuples(st.booleans(), st.booleans()), min_size=4, max_size=4),
    skippable=st.booleans(),
    cut=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_a_zstd_shard_is_read_whole_or_said_to_be_cut(
    tmp_path: Path, payloads: list[bytes], flags: list[tuple[bool, bool]], skippable: bool, cut: float
) -> None:
    # A .zst cut inside a frame was read as far as it went, without a word, and -i
    # then rewrote it as a valid, shorter shard.
    from dedup.errors import InputError

    data, ends = _frames(payloads, flags[: len(payloads)], skippable)
    path = tmp_path / "s.jsonl.zst"
    path.write_bytes(data)
    assert _read(path) == b"".join(payloads)
    at = int(cut * len(data))
    path.write_bytes(data[:at])
    if at == 0 or at in ends:  # a whole number of frames: a shorter shard, whole
        assert b"".join(payloads).startswith(_read(path))
    else:
        with pytest.raises(InputError, match=r"s\.jsonl\.zst: not a whole zstd file"):
            _read(path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.jsonl.gz", b"x", "not a whole gzip file (Not a gzipped file"),
        ("b.jsonl.gz", gzip.compress(b'{"id": 1, "text": "a"}\n' * 50)[:40], "not a whole gzip file (Compressed file ended"),
        ("c.jsonl.zst", b'{"id": 1, "text": "a"}\n', "not a whole zstd file"),
    ],
)
def test_a_damaged_shard_is_one_input_failing(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    # It ended the whole run with "internal error", and no other input was read.
    (tmp_path / name).write_bytes(content)
    (tmp_path / "z.txt").write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "ISOLATED", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == f"{tmp_path / 'z.txt'}:5: repeat of line 3 (exact, 1 paragraph, 88 bytes)\n"
    error, summary = result.stderr.splitlines()
    assert error.startswith(f"dedup: error: {tmp_path / name}: {reason}")
    assert summary.endswith("1 input failed")
    before = (tmp_path / name).read_bytes()
    cleaned = invoke("clean", "ISOLATED", "-i", tmp_path)
    assert cleaned.exit_code == 2
    assert (tmp_path / name).read_bytes() == before
    assert (tmp_path / "z.txt").read_text(encoding="utf-8") == CLEANED


# --- a report that cannot be written hid the inputs' errors --------------------------------


def test_every_input_failing_still_gets_the_report_of_dash_o(tmp_path: Path) -> None:
    # -o DIR was made by its first cleaned copy: with every input failing there was no
    # folder for its report, and all the run said was "cannot write in DIR".
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x"} trailing\n', encoding="utf-8")
    result = invoke("clean", "ISOLATED", "-o", tmp_path / "out", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dedup: error: {bad}:1: malformed JSON line"), result.stderr
    report = json.loads((tmp_path / "out" / "dedup-report.json").read_text(encoding="utf-8"))
    assert report["errors"] == [{"path": str(bad), "message": result.stderr.splitlines()[0].removeprefix("dedup: error: ")}]


@pytest.mark.parametrize("flag", ["--report", "--write-baseline"])
def test_a_report_not_written_is_said_after_the_inputs_errors(tmp_path: Path, flag: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    missing, target = tmp_path / "missing.txt", tmp_path / "nowhere" / "r.json"
    result = invoke("check", "ISOLATED", doc, missing, flag, target)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"dedup: error: {missing}: no such file"
    assert lines[1].startswith(f"dedup: error: {target}: cannot write in {tmp_path / 'nowhere'}")


# --- nothing to read, an empty report path --------------------------------------------------


@pytest.mark.parametrize("include", [None, "*.md"])
def test_a_folder_with_nothing_to_read_is_said(tmp_path: Path, include: str | None) -> None:
    # An empty folder, or one whose files --include leaves out, gave no word at all.
    (tmp_path / "folder").mkdir()
    if include is not None:
        (tmp_path / "folder" / "a.txt").write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "ISOLATED", *(["--include", include] if include else []), tmp_path / "folder")
    assert (result.exit_code, result.stdout) == (0, "")
    chosen = " that --include and --exclude leave" if include else ""
    assert result.stderr == f"dedup: note: no files{chosen} to read in {tmp_path / 'folder'}\n"


@pytest.mark.parametrize(("command", "flag"), [("check", "--report"), ("clean", "--report"), ("check", "--write-baseline")])
def test_an_empty_report_path_is_refused_before_the_run(tmp_path: Path, command: str, flag: str) -> None:
    # check --report '' wrote the report to stdout; clean -i F --report '' rewrote F,
    # then failed.
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    result = invoke(command, "ISOLATED", *(["-i"] if command == "clean" else []), flag, "", doc)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dedup: error: {flag} needs a path, not ''\n"
    assert doc.read_text(encoding="utf-8") == DOUBLED


# --- the index: another program's database, a device, an empty path -------------------------


def _foreign(path: Path, table: str = "users") -> bytes:
    import sqlite3

    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE {table} (name TEXT)")
    db.execute(f"INSERT INTO {table} VALUES ('x')")
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.mark.parametrize("table", ["users", "meta"])
@pytest.mark.parametrize("args", [["check", "--scope", "corpus"], ["index", "build"], ["index", "update"],
                                  ["index", "build", "--rebuild"], ["index", "clear"]])
def test_another_programs_database_is_never_changed(tmp_path: Path, table: str, args: list[str]) -> None:
    # Opening it switched it to WAL mode (bytes 18 and 19 of its header) and left
    # -wal and -shm files beside it before it was found to be no index; with a `meta`
    # table of its own it was "damaged", and the advice given (--rebuild) deleted it.
    app = tmp_path / "app.db"
    before = _foreign(app, table)
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    result = invoke(*args, "ISOLATED", "--index", app, *([] if args[-1] == "clear" else [doc]))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dedup: error: {app}: a SQLite file that is not a dedup index"), result.stderr
    assert result.stderr.count("\n") == 1
    assert app.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "app.db"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("args", [["index", "clear"], ["index", "build", "--rebuild"], ["check", "--scope", "corpus"]])
def test_an_index_path_that_is_no_regular_file_is_refused(tmp_path: Path, args: list[str]) -> None:
    # A device reads as empty, so as an empty index: `index clear --index /dev/null`
    # deleted it (as root), and --rebuild replaced it with a file. A FIFO here (the
    # same test of the file's kind, and no root needed); a subprocess, as opening a
    # FIFO to read it would wait for a writer.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "a.txt").write_text(DOUBLED, encoding="utf-8")
    done = _run(*args, "--isolated", "--index", str(fifo), *([] if args[-1] == "clear" else ["a.txt"]), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"dedup: error: {fifo}: not a regular file (a device, FIFO or socket), so not an index\n"
    assert os.path.exists(fifo) and not os.path.isfile(fifo)


def test_an_empty_path_drops_nothing_from_the_index(tmp_path: Path) -> None:
    # `index update ''` took '' for the whole project: "cannot read", and every
    # document dropped from the index; `--index ''` was an internal error.
    (tmp_path / ".dedup").mkdir()
    (tmp_path / "docs").mkdir()
    for k in range(3):
        (tmp_path / "docs" / f"d{k}.txt").write_text(f"Document {k} has a paragraph of words long enough.\n", encoding="utf-8")
    assert _run("index", "build", "--isolated", "docs", cwd=tmp_path).returncode == 0
    done = _run("index", "update", "--isolated", "", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "dedup: error: '' is not a path; give a file or a folder\n")
    stats = _run("index", "stats", "--isolated", cwd=tmp_path)
    assert json.loads(stats.stdout)["documents"] == 3
    done = _run("index", "update", "--isolated", "--index", "", "docs", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "dedup: error: --index needs a path, not ''\n")


# --- corpus order, however a path is spelled -----------------------------------------------


def test_corpus_order_does_not_depend_on_how_a_path_is_spelled(tmp_path: Path) -> None:
    # Paths were sorted as spelled: an absolute or ../ path came before every
    # relative one, so naming b.txt as /abs/b.txt made a.txt the repeat of b.txt.
    project = tmp_path / "proj"
    project.mkdir()
    shared = "The harbour authority confirmed that the new pier will open to ferries in early spring."
    (project / "a.txt").write_text(f"Intro of a.\n\n{shared}\n", encoding="utf-8")
    (project / "b.txt").write_text(f"Intro of b.\n\n{shared}\n", encoding="utf-8")
    for b in ["b.txt", str(project / "b.txt"), "../proj/b.txt", "./b.txt"]:
        done = _run("check", "--isolated", "--scope", "corpus", b, "a.txt", cwd=project)
        assert done.returncode == 1, done.stderr
        assert done.stdout == f"{b}:3: repeat of a.txt line 3 (exact, 1 paragraph, 89 bytes)\n"


# --- empty-docs drops a document that came in empty: said and counted ----------------------


def test_a_document_that_comes_in_empty_is_dropped_aloud(tmp_path: Path) -> None:
    # Dropped from the output (as the README says the pass does) without a word:
    # check said "no repeats found" and exited 0, and the summary counted nothing.
    shard = tmp_path / "s.jsonl"
    shard.write_text('{"id":"keep","text":"plain text\\n"}\n{"id":"empty","text":""}\n{"id":"ws","text":"  \\n"}\n',
                     encoding="utf-8")
    result = invoke("check", "ISOLATED", "--fix", "empty-docs", shard)
    assert result.exit_code == 1
    assert result.stdout == f"{shard}[empty]: empty after cleaning\n{shard}[ws]: empty after cleaning\n"
    assert result.stderr == ("3 documents checked, 2 changed: 0 runs and 0 fixes and 2 empty documents dropped, "
                             "0 bytes would be removed\n")
    cleaned = invoke("clean", "ISOLATED", "--fix", "empty-docs", shard)
    assert (cleaned.exit_code, cleaned.stdout) == (0, '{"id":"keep","text":"plain text\\n"}\n')
    assert "2 empty documents dropped" in cleaned.stderr
    assert invoke("check", "ISOLATED", shard).exit_code == 0  # without the pass: nothing to say


# --- the Python API's settings: a wrong type is a ConfigError -------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"threshold": "0.9"}, "threshold must be a number, got '0.9'"),
        ({"wrap_width": "5"}, "wrap_width must be an integer, got '5'"),
        ({"min_chars": 2.5}, "min_chars must be an integer, got 2.5"),
        ({"min_chars": True}, "min_chars must be an integer, got True"),
        ({"keep_patterns": (None,)}, "keep_patterns must be strings, got None"),
        ({"keep_patterns": 5}, "keep_patterns must be strings, got 5"),
        ({"unit": 1}, "unit must be a string, got 1"),
    ],
)
def test_a_setting_of_the_wrong_type_is_a_config_error(options: dict[str, object], message: str) -> None:
    # They were bare TypeErrors from a comparison deep inside (the README promises
    # ConfigError for a bad value).
    import dedup

    with pytest.raises(dedup.ConfigError) as raised:
        dedup.clean(DOUBLED, **options)  # type: ignore[arg-type]
    assert str(raised.value) == message
    with pytest.raises(dedup.ConfigError):
        dedup.Config(**options)  # type: ignore[arg-type]


def test_one_str_of_keep_patterns_is_one_pattern() -> None:
    # Config.with_options made "abc" the three patterns 'a', 'b' and 'c' (any paragraph
    # with an "a" was kept, so the repeat stayed); Config() kept the str as it was.
    import numpy as np

    import dedup

    assert dedup.Config(keep_patterns="abc").keep_patterns == ("abc",)
    assert dedup.Config().with_options(keep_patterns="abc").keep_patterns == ("abc",)
    assert dedup.Config(keep_patterns=["a", "b"]).keep_patterns == ("a", "b")
    assert dedup.clean(DOUBLED, keep_patterns="abc").text == CLEANED
    assert dedup.clean(DOUBLED, keep_patterns="newsletter").text == DOUBLED
    assert dedup.Config().for_path(Path("docs/a.md")).syntax == "markdown"  # a path object too
    assert dedup.clean(DOUBLED, min_chars=np.int64(30), threshold=np.float64(0.8)).text == CLEANED


# --- object storage: an output that is an input, spelled another way ----------------------------


@pytest.fixture
def bucket() -> Iterator[tuple[Any, str]]:
    import uuid

    import fsspec

    fs = fsspec.filesystem("memory")
    name = f"probed-{uuid.uuid4().hex[:8]}"
    fs.pipe_file(f"/{name}/in/a.txt", DOUBLED.encode())
    fs.pipe_file(f"/{name}/in/b.txt", b"Another file, in words of its own, with nothing repeated in it.\n")
    yield fs, name
    fs.rm(f"/{name}", recursive=True)


@pytest.mark.parametrize("spelling", ["memory://{b}/in/a.txt", "memory:///{b}/in/a.txt"])
def test_a_report_url_that_is_an_input_is_refused(bucket: tuple[Any, str], spelling: str) -> None:
    # The check compared local paths only: the report replaced the input object.
    fs, name = bucket
    target = spelling.format(b=name)
    result = invoke("check", "ISOLATED", f"memory://{name}/in/a.txt", "--report", target)
    assert (result.exit_code, result.stderr) == (2, f"dedup: error: --report {target} is one of the inputs; give the report another path\n")
    assert fs.cat(f"/{name}/in/a.txt") == DOUBLED.encode()


def test_dash_o_url_that_is_the_input_spelled_otherwise_is_refused(bucket: tuple[Any, str]) -> None:
    # -o memory:///B/in/ for the input memory://B/in/ compared as strings: every
    # changed input object was replaced by its cleaned copy.
    fs, name = bucket
    result = invoke("clean", "ISOLATED", f"memory://{name}/in/", "-o", f"memory:///{name}/in/")
    assert result.exit_code == 2
    assert result.stderr.endswith("is the input itself; give another folder\n")
    assert fs.cat(f"/{name}/in/a.txt") == DOUBLED.encode()


def test_a_report_url_under_an_input_prefix_is_no_input(bucket: tuple[Any, str]) -> None:
    fs, name = bucket
    for _ in range(2):  # the second run meets the first one's report under the prefix
        result = invoke("check", "ISOLATED", f"memory://{name}/in/", "--report", f"memory://{name}/in/r.json")
        assert result.exit_code == 1
        assert result.stderr == "2 files checked, 1 with repeats: 1 run, 88 bytes would be removed\n"
    assert json.loads(fs.cat(f"/{name}/in/r.json"))["summary"]["files"] == 2


# --- explain into a pipe closed early -------------------------------------------------------------


def test_explain_into_a_closed_pipe_exits_with_141(tmp_path: Path) -> None:
    # rich caught the BrokenPipeError itself and ended the process with exit 1, which
    # says "repeats found"; clean and check give 141.
    doc = tmp_path / "many.txt"
    doc.write_text("".join(f"Paragraph {n} with several words of its own, long enough.\n\n" * 2 for n in range(3000)),
                   encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEDUP_")}
    script = '"$@" | head -c 10 > /dev/null; exit "${PIPESTATUS[0]}"'
    done = subprocess.run(["bash", "-c", script, "bash", sys.executable, "-m", "dedup", "explain", "--isolated", str(doc)],
                          capture_output=True, env=env, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (141, b"")


# --- a Parquet text column of type string_view ------------------------------------------------------


def test_a_string_view_text_column_is_read_as_a_string_column(tmp_path: Path) -> None:
    # It passed the column's type check and then failed as "not a readable Parquet
    # file" (pyarrow's binary_length has no kernel for string_view).
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    shard = tmp_path / "sv.parquet"
    try:
        column = pa.array([DOUBLED, "short"], type=pa.string_view())
    except (AttributeError, NotImplementedError, pa.ArrowException):
        pytest.skip("this pyarrow has no string_view")
    pq.write_table(pa.table({"id": ["a", "b"], "text": column}), shard)
    result = invoke("check", "ISOLATED", shard)
    assert (result.exit_code, result.stdout) == (1, f"{shard}[a]:5: repeat of line 3 (exact, 1 paragraph, 88 bytes)\n")
    assert invoke("clean", "ISOLATED", "-o", tmp_path / "out", shard).exit_code == 0
    written = pq.read_table(tmp_path / "out" / "sv.parquet")
    assert str(written.schema.field("text").type) == "string_view"
    assert written.column("text").to_pylist() == [CLEANED, "short"]


# --- --diff: applied with patch, it gives what clean writes ------------------------------------


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs GNU patch")
@pytest.mark.parametrize(("name", "encoding"), [("lat.txt", "latin-1"), ("a b.txt", None), ("c.txt", "cp1252")])
def test_the_diff_applied_by_patch_gives_the_cleaned_file(tmp_path: Path, name: str, encoding: str | None) -> None:
    # A latin-1 file's diff was written in UTF-8 (patch rejected its hunk); a name with
    # a space had no TAB after it in the headers (patch found no file).
    text = "The h\u00e1rbour said the breakwater would be finished before the winter storms.\n\nAnother one.\n\n"
    text += "The h\u00e1rbour said the breakwater would be finished before the winter storms.\n"
    doc = tmp_path / name
    doc.write_bytes(text.encode(encoding or "utf-8"))
    given = ["--encoding", encoding] if encoding else []

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:  # (bytes: the output is in the file's encoding)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEDUP_")}
        return subprocess.run([sys.executable, "-m", "dedup", "clean", "--isolated", "-q", *given, *args, name],
                              cwd=tmp_path, capture_output=True, env=env, timeout=60, check=False)

    cleaned, diff = run(), run("--diff")
    assert (cleaned.returncode, diff.returncode) == (0, 1)
    (tmp_path / "d.diff").write_bytes(diff.stdout)
    applied = subprocess.run(["patch", "-p0", "-i", "d.diff"], cwd=tmp_path, capture_output=True, check=False)
    assert applied.returncode == 0, applied.stdout
    assert doc.read_bytes() == cleaned.stdout


# --- SARIF: the first occurrence in a clean earlier file has a place ---------------------------


def test_sarif_links_a_cross_document_repeat_to_a_clean_earlier_file(tmp_path: Path) -> None:
    # The related location was a message alone when the earlier document had no
    # finding of its own (the usual case): the report does not list a clean file.
    shared = "The harbour authority said the new breakwater would be finished before the storms."
    (tmp_path / "a.txt").write_text(f"{shared}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Another opening, in words of its own, for the second item.\n\n{shared}\n",
                                    encoding="utf-8")
    done = _run("check", "--isolated", "-q", "--scope", "corpus", "--format", "sarif", "a.txt", "b.txt", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    import jsonschema

    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(done.stdout), schema)
    (result,) = json.loads(done.stdout)["runs"][0]["results"]
    assert result["ruleId"] == "DUP003"
    assert result["relatedLocations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "a.txt"}, "region": {"startLine": 1, "endLine": 1}
    }


# --- an output URL no store takes ------------------------------------------------------------------


@pytest.mark.parametrize("args", [["clean", "-o", "nosuchscheme://x/"], ["clean", "--report", "nosuchscheme://r.json"],
                                  ["check", "--report", "nosuchscheme://r.json"]])
def test_an_output_url_no_store_takes_is_refused_before_the_run(tmp_path: Path, args: list[str]) -> None:
    # Every input was read and cleaned, then every write failed ("0 files cleaned ...;
    # 3 inputs failed").
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    result = invoke(args[0], "ISOLATED", *args[1:], doc)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dedup: error: {args[-1]}: Protocol not known: nosuchscheme\n"
