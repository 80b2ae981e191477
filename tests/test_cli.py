"""The ``dedup`` command, from the outside.

Two layers: typer's ``CliRunner`` drives ``dedup.cli.app`` in-process (stdout, stderr
and the exit code kept apart), and real processes (``python -m dedup`` and the
``dedup`` console script) cover what only a process shows: pipes, signals, a
terminal on stdin, the console script itself, and what ``import dedup`` loads.

Every run here also checks that no traceback reached stderr. CLI bugs found are
the regression tests at the end of the file, each with its reproduction.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIET_ENV, invoke_dedup
from typer.testing import Result

import dedup.sources
from dedup import native

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DOUBLED = EXAMPLES / "ar_news_doubled.txt"
DOUBLED_EXPECTED = EXAMPLES / "ar_news_doubled.expected.txt"
SUFFIX = ".expected.txt"

# Stable, colourless output whatever the developer's or CI's environment says.
ENV: dict[str, str | None] = {**QUIET_ENV, "COLUMNS": "80", "TERMINAL_WIDTH": "80"}
ANSI = "\x1b["
POSIX = os.name == "posix"
IS_ROOT = POSIX and os.geteuid() == 0


# --- helpers -------------------------------------------------------------------------


def invoke(
    args: Sequence[object], input: bytes | str | None = None, env: dict[str, str | None] | None = None
) -> Result:
    """Run the app in-process; fail on any exception other than the exit itself."""
    return invoke_dedup(args, input, env={**ENV, **(env or {})})


def _script() -> Path | None:
    """The ``dedup`` console script installed next to this interpreter."""
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        found = shutil.which("dedup", path=folder)
        if found:
            return Path(found)
    return None


SCRIPT = _script()
needs_script = pytest.mark.skipif(SCRIPT is None, reason="no dedup console script next to sys.executable")


def process_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if ENV.get(k, "") is not None}
    env.update({k: v for k, v in ENV.items() if v is not None}, **extra)
    return env


def command(via: str) -> list[str]:
    if via == "module":
        return [sys.executable, "-m", "dedup"]
    assert SCRIPT is not None
    return [str(SCRIPT)]


def run(
    args: Sequence[object],
    input: bytes | None = None,
    via: str = "module",
    cwd: Path | None = None,
    **extra_env: str,
) -> subprocess.CompletedProcess[bytes]:
    """Run dedup in a real process."""
    done = subprocess.run(
        [*command(via), *(str(a) for a in args)],
        check=False,
        input=input,
        capture_output=True,
        cwd=cwd,
        env=process_env(**extra_env),
        timeout=120,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    return done


def copy(source: Path, folder: Path, name: str | None = None) -> Path:
    target = folder / (name or source.name)
    target.write_bytes(source.read_bytes())
    return target


def delete_spans(data: bytes | str, spans: Iterable[tuple[int, int]]) -> Any:
    """``data`` without the union of the half-open ``spans``."""
    kept = []
    position = 0
    for start, end in sorted(spans):
        if start > position:
            kept.append(data[position:start])
        position = max(position, end)
    kept.append(data[position:])
    return data[:0].join(kept)  # type: ignore[arg-type]


def example_cases() -> list[Any]:
    inputs = sorted(
        p for p in EXAMPLES.glob("*.txt") if not p.name.endswith(SUFFIX) and p.with_name(p.stem + SUFFIX).is_file()
    )
    return [pytest.param(p, id=p.stem) for p in inputs]


def option_flags(path: Path) -> list[str]:
    """``NAME.options.json`` as command-line flags (``min_chars`` -> ``--min-chars``)."""
    options_path = path.with_name(path.stem + ".options.json")
    if not options_path.is_file():
        return []
    options = json.loads(options_path.read_text(encoding="utf-8"))
    return [arg for key, value in options.items() for arg in (f"--{key.replace('_', '-')}", str(value))]


def expected_of(path: Path) -> bytes:
    return path.with_name(path.stem + SUFFIX).read_bytes()


LINES = [
    f"Item {n}: the harbour committee met again to discuss the ferry timetable, the new pier, "
    f"and the cost of dredging the channel before winter, case {n * 7}.\n"
    for n in range(1, 11)
]
BODY = "".join(LINES)  # ten lines over 100 columns: ten paragraphs in one block


@pytest.fixture
def doubled_doc(tmp_path: Path) -> Path:
    """Lines 1-10, a blank line 11, and lines 1-10 again as lines 12-21."""
    path = tmp_path / "doubled.txt"
    path.write_bytes((BODY + "\n" + BODY).encode())
    return path


# --- standard input, standard output --------------------------------------------------


@pytest.mark.parametrize("args", [["clean"], ["clean", "-"]], ids=["no-path", "dash"])
def test_stdin_to_stdout(args: list[str]) -> None:
    result = invoke(args, input=DOUBLED.read_bytes())
    assert result.exit_code == 0
    assert result.stdout_bytes == DOUBLED_EXPECTED.read_bytes()
    assert result.stderr == "1 file cleaned, 1 with repeats: 1 run, 1445 bytes removed\n"


def test_one_path_to_stdout_byte_identical() -> None:
    result = invoke(["clean", DOUBLED])
    assert result.exit_code == 0
    assert result.stdout_bytes == DOUBLED_EXPECTED.read_bytes()


def test_clean_input_passes_through_and_says_nothing() -> None:
    result = invoke(["clean", DOUBLED_EXPECTED])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == DOUBLED_EXPECTED.read_bytes()


def test_empty_stdin_gives_empty_stdout() -> None:
    result = invoke(["clean"], input=b"")
    assert (result.exit_code, result.stdout_bytes, result.stderr) == (0, b"", "")


@pytest.mark.parametrize("path", example_cases())
def test_every_example_through_the_cli(path: Path) -> None:
    """The golden examples, with their options as flags, byte for byte."""
    result = invoke(["clean", "-q", *option_flags(path), path])
    assert result.exit_code == 0
    assert result.stdout_bytes == expected_of(path)
    assert result.stderr == ""


@pytest.mark.parametrize(
    "name", ["en_crlf_doubled", "en_no_final_newline", "en_tail_copy_no_final_newline", "mixed_line_endings"]
)
def test_line_endings_survive_stdin_and_in_place(name: str, tmp_path: Path) -> None:
    source = EXAMPLES / f"{name}.txt"
    expected = expected_of(source)
    piped = invoke(["clean", "-q", "-"], input=source.read_bytes())
    assert piped.stdout_bytes == expected
    target = copy(source, tmp_path)
    assert invoke(["clean", "-q", "-i", target]).exit_code == 0
    assert target.read_bytes() == expected


def test_quiet_silences_the_summary() -> None:
    result = invoke(["clean", "-q", DOUBLED])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == DOUBLED_EXPECTED.read_bytes()


def test_quiet_keeps_errors(tmp_path: Path) -> None:
    result = invoke(["check", "-q", tmp_path / "missing.txt"])
    assert result.exit_code == 2
    assert result.stderr == f"dedup: error: {tmp_path / 'missing.txt'}: no such file\n"


def test_verbose_names_clean_files(tmp_path: Path) -> None:
    clean_copy = copy(DOUBLED_EXPECTED, tmp_path, "ok.txt")
    result = invoke(["clean", "-v", "-i", clean_copy])
    assert result.exit_code == 0
    clean_line, speed, summary = result.stderr.splitlines()
    assert (clean_line, summary) == (f"{clean_copy}: clean", "1 file cleaned, no repeats found")
    assert re.fullmatch(
        r"1 document, 0\.0 MB in \d+\.\d\d s \(\d+\.\d MB/s\); runs removed: 0 within documents, 0 across documents",
        speed,
    )


# --- in place ---------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-i", "--in-place", "--write"])
def test_in_place_rewrites_atomically_and_keeps_the_mode(flag: str, tmp_path: Path) -> None:
    target = copy(DOUBLED, tmp_path, "a.txt")
    os.chmod(target, 0o640)
    inode = target.stat().st_ino
    result = invoke(["clean", flag, target])
    assert result.exit_code == 0
    assert result.stdout_bytes == b""
    assert result.stderr == (
        f"rewrote {target}: removed 1 run(s), 1445 bytes\n1 file cleaned, 1 with repeats: 1 run, 1445 bytes removed\n"
    )
    assert target.read_bytes() == DOUBLED_EXPECTED.read_bytes()
    if POSIX:
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert target.stat().st_ino != inode, "a new file renamed over the old one, not rewritten in place"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"], "no temporary file left behind"


def test_in_place_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    target = copy(DOUBLED_EXPECTED, tmp_path, "a.txt")
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = target.stat()
    result = invoke(["clean", "-i", target])
    assert (result.exit_code, result.stdout_bytes, result.stderr) == (0, b"", "")
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_in_place_several_files(tmp_path: Path) -> None:
    first = copy(DOUBLED, tmp_path, "a.txt")
    second = copy(EXAMPLES / "ru_news_doubled.txt", tmp_path, "b.txt")
    result = invoke(["clean", "-q", "-i", first, second])
    assert (result.exit_code, result.stderr) == (0, "")
    assert first.read_bytes() == DOUBLED_EXPECTED.read_bytes()
    assert second.read_bytes() == (EXAMPLES / "ru_news_doubled.expected.txt").read_bytes()


# --- diff -------------------------------------------------------------------------------


def test_diff_prints_a_unified_diff_and_changes_nothing(tmp_path: Path) -> None:
    target = copy(DOUBLED, tmp_path, "a.txt")
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = target.stat()
    result = invoke(["clean", "--diff", target])
    assert result.exit_code == 1
    lines = result.stdout.splitlines(keepends=True)
    assert lines[0] == f"--- {target}\n"
    assert lines[1] == f"+++ {target}\n"
    assert re.fullmatch(r"@@ -\d+(,\d+)? \+\d+(,\d+)? @@\n", lines[2])
    assert "\t" not in lines[0] + lines[1], "no timestamps in the headers"
    assert not re.search(r"\d{4}-\d\d-\d\d", lines[0] + lines[1])
    # The only removed lines are the copy (the removed bytes are the input's tail here).
    data, expected = DOUBLED.read_bytes(), DOUBLED_EXPECTED.read_bytes()
    assert data.startswith(expected)
    removed = "".join(line[1:] for line in lines[3:] if line.startswith("-"))
    assert removed.encode() == data[len(expected) :]
    assert not any(line.startswith("+") for line in lines[2:])
    assert result.stderr == "1 file cleaned, 1 with repeats: 1 run, 1445 bytes would be removed\n"
    after = target.stat()
    assert target.read_bytes() == data
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_diff_of_a_clean_file_is_empty() -> None:
    result = invoke(["clean", "--diff", DOUBLED_EXPECTED])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_diff_marks_a_missing_final_newline() -> None:
    result = invoke(["clean", "--diff", EXAMPLES / "en_no_final_newline.txt"])
    assert result.exit_code == 1
    assert result.stdout.endswith(" Thank you for your patience.\n\\ No newline at end of file\n")


def test_diff_of_several_files(tmp_path: Path) -> None:
    first = copy(DOUBLED, tmp_path, "a.txt")
    second = copy(DOUBLED_EXPECTED, tmp_path, "b.txt")
    third = copy(EXAMPLES / "ru_news_doubled.txt", tmp_path, "c.txt")
    result = invoke(["clean", "--diff", first, second, third])
    assert result.exit_code == 1
    headers = [line for line in result.stdout.splitlines() if line.startswith(("--- ", "+++ "))]
    assert headers == [f"--- {first}", f"+++ {first}", f"--- {third}", f"+++ {third}"]


# --- check ------------------------------------------------------------------------------


def test_check_names_the_ranges_of_a_doubled_document(doubled_doc: Path, tmp_path: Path) -> None:
    result = invoke(["check", doubled_doc])
    assert result.exit_code == 1
    removed = len(("\n" + BODY).encode())
    assert result.stdout == f"{doubled_doc}:12-21: repeat of lines 1-10 (exact, 10 paragraphs, {removed} bytes)\n"
    assert result.stderr == f"1 file checked, 1 with repeats: 1 run, {removed} bytes would be removed\n"
    cleaned = tmp_path / "cleaned.txt"
    cleaned.write_bytes(invoke(["clean", "-q", doubled_doc]).stdout_bytes)
    assert cleaned.read_text() == BODY
    again = invoke(["check", cleaned])
    # One clean file says so, as two do (issue 16); -q says nothing.
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "1 file checked, no repeats found\n")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(cleaned.read_bytes())
    assert (invoke(["check", "-q", cleaned]).stderr, invoke(["check", cleaned, copy]).stderr) == (
        "", "2 files checked, no repeats found\n"
    )
    # A file named twice is one input.
    assert invoke(["check", cleaned, cleaned]).stderr == "1 file checked, no repeats found\n"


def test_check_an_example() -> None:
    result = invoke(["check", DOUBLED])
    assert result.exit_code == 1
    assert result.stdout == f"{DOUBLED}:11-15: repeat of lines 3-7 (exact, 5 paragraphs, 1445 bytes)\n"
    assert invoke(["check", DOUBLED_EXPECTED]).exit_code == 0


def test_check_reads_stdin() -> None:
    result = invoke(["check", "-"], input=DOUBLED.read_bytes())
    assert result.exit_code == 1
    assert result.stdout == "<stdin>:11-15: repeat of lines 3-7 (exact, 5 paragraphs, 1445 bytes)\n"


def test_check_changes_nothing(tmp_path: Path) -> None:
    target = copy(DOUBLED, tmp_path)
    invoke(["check", "--format", "diff", target])
    assert target.read_bytes() == DOUBLED.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [DOUBLED.name]


def test_check_reports_near_repeats_with_their_similarity() -> None:
    result = invoke(["check", EXAMPLES / "en_light_edit.txt"])
    assert result.exit_code == 1
    assert "near, similarity 0.9" in result.stdout
    strict = invoke(["check", "--threshold", "0.95", EXAMPLES / "en_light_edit.txt"])
    assert (strict.exit_code, strict.stdout) == (0, "")


# --- reports ----------------------------------------------------------------------------


def test_json_report_shape() -> None:
    result = invoke(["check", "--format", "json", DOUBLED])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["tool"] == {"name": "dedup", "version": metadata.version("dedup-text")}
    assert report["settings"] == {
        "threshold": 0.9, "min_chars": 40, "unit": "auto", "wrap_width": 100, "keep_patterns": [], "syntax": "auto"
    }
    assert report["errors"] == []
    assert report["summary"] == {
        "files": 1, "changed": 1, "runs": 1, "bytes_removed": 1445, "errors": 0, "near_duplicates": 0, "fixes": 0
    }
    assert report["clusters"] == []
    (file,) = report["files"]
    assert file["path"] == str(DOUBLED)
    assert (file["changed"], file["bytes_in"], file["bytes_out"]) == (True, 3047, 1602)
    (removed,) = file["removed"]
    assert set(removed) == {"kind", "score", "paragraphs", "size", "lines", "chars", "bytes", "first"}
    assert set(removed["first"]) == {"document", "lines", "chars", "bytes"}
    assert removed["first"]["document"] is None and file["document"] is None
    assert removed["lines"] == {"start": 11, "end": 15}
    assert removed["first"]["lines"] == {"start": 3, "end": 7}
    assert removed["bytes"] == {"start": 1602, "end": 3047}
    assert (removed["kind"], removed["score"], removed["paragraphs"]) == ("exact", 1.0, 5)


@pytest.mark.parametrize("path", example_cases())
def test_json_offsets_slice_the_input(path: Path) -> None:
    """Deleting every [bytes.start, bytes.end) from the input file gives the output;
    the char ranges do the same to the decoded text, and each range's bytes decode to
    its characters."""
    result = invoke(["check", "--format", "json", *option_flags(path), path])
    report = json.loads(result.stdout)
    (file,) = report["files"]
    data, expected = path.read_bytes(), expected_of(path)
    text = data.decode("utf-8")
    removed = file["removed"]
    assert delete_spans(data, [(r["bytes"]["start"], r["bytes"]["end"]) for r in removed]) == expected
    assert delete_spans(text, [(r["chars"]["start"], r["chars"]["end"]) for r in removed]) == expected.decode()
    for r in removed:
        for where in (r, r["first"]):
            b, c = where["bytes"], where["chars"]
            assert data[b["start"] : b["end"]].decode() == text[c["start"] : c["end"]]
            line_start = text.count("\n", 0, c["start"]) + 1
            assert line_start <= where["lines"]["start"] <= where["lines"]["end"]
    assert (file["bytes_in"], file["bytes_out"]) == (len(data), len(expected))
    assert file["changed"] == (data != expected)
    assert result.exit_code == (1 if data != expected else 0)


@pytest.mark.parametrize("fmt", ["json", "text", "diff"])
def test_clean_report_to_a_path(fmt: str, tmp_path: Path) -> None:
    report_path = tmp_path / f"report.{fmt}"
    result = invoke(["clean", "-q", "--report", report_path, "--format", fmt, DOUBLED])
    assert result.exit_code == 0
    assert result.stdout_bytes == DOUBLED_EXPECTED.read_bytes(), "the report does not leak into the text"
    written = report_path.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(written)["summary"]["runs"] == 1
    elif fmt == "text":
        assert written == f"{DOUBLED}:11-15: repeat of lines 3-7 (exact, 5 paragraphs, 1445 bytes)\n"
    else:
        assert written.startswith(f"--- {DOUBLED}\n+++ {DOUBLED}\n@@ ")


def test_clean_report_defaults_to_json(tmp_path: Path) -> None:
    report_path = tmp_path / "r"
    invoke(["clean", "-q", "--report", report_path, DOUBLED])
    assert json.loads(report_path.read_text(encoding="utf-8"))["version"] == 1


def test_check_report_to_a_path_leaves_stdout_empty(tmp_path: Path) -> None:
    report_path = tmp_path / "r.txt"
    result = invoke(["check", "--report", report_path, DOUBLED])
    assert (result.exit_code, result.stdout) == (1, "")
    assert report_path.read_text(encoding="utf-8").startswith(f"{DOUBLED}:11-15: ")


@pytest.mark.parametrize("extra", [[], ["--diff"]], ids=["stdout", "diff"])
def test_report_dash_with_text_on_stdout_is_a_usage_error(extra: list[str]) -> None:
    result = invoke(["clean", *extra, "--report", "-", DOUBLED])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "dedup: error: --report - would mix the report into the text on stdout; give it a path\n"


def test_report_dash_with_in_place(tmp_path: Path) -> None:
    target = copy(DOUBLED, tmp_path)
    result = invoke(["clean", "-q", "-i", "--report", "-", target])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["path"] == str(target)


def test_report_to_an_unwritable_path(tmp_path: Path) -> None:
    result = invoke(["check", "--report", tmp_path / "no" / "such" / "r.json", DOUBLED])
    assert result.exit_code == 2
    assert result.stderr.startswith("dedup: error: ")
    assert "cannot write" in result.stderr


SHARD = ROOT / "tests" / "data" / "shard.jsonl"
STREAMED_RUNS = {
    "clean -o": (["clean", "-q", "-o", "{dir}/out"], "{dir}/out/dedup-report.{fmt}", 0),
    "clean -i --report": (["clean", "-q", "-i", "--report", "{dir}/r.{fmt}"], "{dir}/r.{fmt}", 0),
    "check --report": (["check", "-q", "--report", "{dir}/r.{fmt}"], "{dir}/r.{fmt}", 1),
    "check to stdout": (["check", "-q"], None, 1),
}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("how", list(STREAMED_RUNS))
def test_a_streamed_report_is_the_renderers(tmp_path: Path, how: str, fmt: str) -> None:
    """JSON and JSON Lines reports are written document by document as the run goes;
    the bytes are those of the renderer on the whole report."""
    from dedup.batch import run
    from dedup.report.formats import RENDERERS

    shard = tmp_path / "shard.jsonl"
    shutil.copyfile(SHARD, shard)
    expected = RENDERERS[fmt](run([str(shard)])).encode("utf-8")
    args, target, code = STREAMED_RUNS[how]
    result = invoke([a.format(dir=tmp_path, fmt=fmt) for a in args] + ["--format", fmt, shard])
    assert (result.exit_code, result.stderr) == (code, "")
    written = result.stdout_bytes if target is None else Path(target.format(dir=tmp_path, fmt=fmt)).read_bytes()
    assert written == expected
    assert not [p for p in tmp_path.rglob("*") if ".dedup-tmp-" in p.name]


def test_a_report_beside_a_diff_is_the_renderers(tmp_path: Path) -> None:
    from dedup.batch import run
    from dedup.report.render_json import render_json

    result = invoke(["clean", "-q", "--diff", "--report", tmp_path / "r.json", DOUBLED])
    assert result.exit_code == 1 and result.stdout.startswith("--- ")
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == render_json(run([str(DOUBLED)]))


@pytest.mark.parametrize(
    "command", [["clean", "-q", "-o", "{dir}"], ["check", "-q", "--format", "json", "--report", "{dir}/dedup-report.json"]]
)
def test_an_interrupted_streamed_report_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Ctrl-C half-way through the documents: the report being written is dropped, the
    previous one stays whole, and no temporary file is left."""
    from dedup.report import render_json

    report = tmp_path / "dedup-report.json"
    report.write_text("the previous report\n", encoding="utf-8")
    real, calls = render_json.entry, []

    def entry(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(render_json, "entry", entry)
    result = invoke([a.format(dir=tmp_path) for a in command] + [SHARD])
    assert (result.exit_code, result.stderr) == (130, "dedup: interrupted\n")
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert not [p for p in tmp_path.rglob("*") if ".dedup-tmp-" in p.name]


def test_a_streamed_report_that_cannot_be_written_fails_after_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk half-way through the report: the cleaned copies are still all
    written, the report is dropped, and the run says so and exits 2."""
    from dedup.atomic import AtomicFile
    from dedup.errors import OutputError

    real = AtomicFile.write

    def write(self: AtomicFile, data: bytes) -> None:
        if self.path.endswith("dedup-report.json") and b'"news-3"' in data:
            self.abort()
            raise OutputError(f"{self.path}: cannot write: No space left on device")
        real(self, data)

    monkeypatch.setattr(AtomicFile, "write", write)
    out = tmp_path / "out"
    result = invoke(["clean", "-q", "-o", out, SHARD, DOUBLED])
    assert result.exit_code == 2
    assert result.stderr == f"dedup: error: {out.resolve()}/dedup-report.json: cannot write: No space left on device\n"
    assert sorted(p.name for p in out.iterdir()) == [DOUBLED.name, SHARD.name]


def test_an_output_folder_inside_the_input_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``dedup clean -o out .`` run twice: the second run reads the folder's own
    files, not the copies the first wrote into ``out`` (which made ``out/out/...``,
    one level deeper each run)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_bytes(DOUBLED.read_bytes())
    for _ in range(2):
        result = invoke(["clean", "-q", "-o", "out", "--format", "json", "."])
        assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "out").rglob("*"))
    assert written == ["out/dedup-report.json", "out/notes.txt"]
    report = json.loads((tmp_path / "out" / "dedup-report.json").read_text())
    assert [f["path"] for f in report["files"]] == ["notes.txt"]


def test_a_report_left_in_a_folder_given_is_not_read_as_an_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--report r.txt`` in the folder walked: the next run neither reads the last
    report as a document nor, with ``-i``, rewrites it as one before writing the
    report over it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_bytes(DOUBLED.read_bytes())
    first = invoke(["check", "--report", "r.txt", "."])
    report = (tmp_path / "r.txt").read_text()
    second = invoke(["check", "--report", "r.txt", "."])
    assert first.exit_code == second.exit_code == 1
    assert (tmp_path / "r.txt").read_text() == report and report.startswith("notes.txt:")
    assert "1 file checked" in second.stderr
    result = invoke(["clean", "-i", "--report", "r.txt", "."])
    assert result.exit_code == 0 and "rewrote r.txt" not in result.stderr
    assert (tmp_path / "r.txt").read_text().startswith("notes.txt:")


# --- exit codes and usage errors ------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", DOUBLED], 1),
        (["check", DOUBLED_EXPECTED], 0),
        (["check", "--format", "json", DOUBLED_EXPECTED], 0),
        (["clean", DOUBLED], 0),
        (["clean", "--diff", DOUBLED], 1),
        (["clean", "--diff", DOUBLED_EXPECTED], 0),
        (["check", DOUBLED, EXAMPLES / "no-such-file.txt"], 2),
        (["check", DOUBLED_EXPECTED, EXAMPLES / "no-such-file.txt"], 2),
    ],
)
def test_exit_codes(args: list[object], code: int) -> None:
    assert invoke(args).exit_code == code


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clean", "--bogus"], "No such option: --bogus"),
        (["clean", "--threshold", "1.5", "x"], "Invalid value for '--threshold'"),
        (["clean", "--threshold", "0", DOUBLED], "dedup: error: threshold must be in (0, 1], got 0.0"),
        (["clean", "--min-chars", "-1", "x"], "Invalid value for '--min-chars'"),
        (["clean", "--unit", "word", "x"], "Invalid value for '--unit'"),
        (["clean", "--wrap-width", "0", "x"], "Invalid value for '--wrap-width'"),
        (["check", "--format", "xml", "x"], "Invalid value for '--format'"),
        (["clean", "--color", "sometimes", "x"], "Invalid value for '--color'"),
        (["clean", DOUBLED, DOUBLED_EXPECTED], "several inputs: use -i/--in-place"),
        (["clean", "-i", "-"], "-i/--in-place needs files, not standard input"),
        (["clean", "-i", "--diff", DOUBLED], "--in-place and --diff exclude each other"),
        (["check", "-", "-"], "'-' (standard input) given more than once"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_2(args: list[object], message: str) -> None:
    """Each is one line, ``dedup: error: ...``, not click's box (issue 16)."""
    result = invoke(args, input=b"")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("dedup: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message.lower() in result.stderr.lower()


@pytest.mark.parametrize(
    ("args", "hint"),
    [(["clean", "--bogus"], "(see 'dedup clean --help')"), (["index", "build", "--nope"], "(see 'dedup index build --help')"),
     (["frobnicate"], "(see 'dedup --help')")],
)
def test_a_usage_error_points_at_the_help(args: list[str], hint: str) -> None:
    result = invoke(args, input=b"")
    assert (result.exit_code, result.stderr.rstrip("\n")[-len(hint) :]) == (2, hint)


def test_usage_errors_through_the_entry_point_are_one_line_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "check", "--threshold", "2", "-"],
        input=b"", capture_output=True, env={**os.environ, "NO_COLOR": "1"}, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "dedup: error: invalid value for '--threshold': 2.0 is not in the range 0.0<=x<=1.0 (see 'dedup check --help')"
    ]


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_short_help(flag: str) -> None:
    result = invoke(["check", flag])
    assert result.exit_code == 0 and result.stdout.startswith("Usage: dedup check")


def test_short_version() -> None:
    assert invoke(["-V"]).stdout == invoke(["--version"]).stdout != ""


def test_version_names_the_engine() -> None:
    """``DEDUP_ENGINE=python`` turns the compiled core off, and the version says so."""
    found = [
        subprocess.run(
            [sys.executable, "-m", "dedup", "--version"],
            env={**os.environ, "DEDUP_ENGINE": engine},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for engine in ("python", "native")
    ]
    # whether the core can be used, whatever this process's own DEDUP_ENGINE says
    usable = subprocess.run(
        [sys.executable, "-c", "from dedup import native; print(native.core is not None)"],
        env={**os.environ, "DEDUP_ENGINE": "native"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert found[0].endswith("(python engine)\n")
    assert found[1].endswith("(native engine)\n" if usable == "True\n" else "(python engine)\n")


def test_help_lists_options_in_panels() -> None:
    result = invoke(["check", "--help"], env={"COLUMNS": "200"})
    headings = [line for line in result.stdout.splitlines() if line.endswith("options:") or line == "Options:"]
    assert headings == ["Input options:", "Rule options:", "Output options:", "Corpus options:", "Cluster options:", "Options:"]
    rule = result.stdout.split("Rule options:")[1].split("Output options:")[0]
    assert "--threshold 0..1" in rule and "--min-chars CHARS" in rule and "--wrap-width COLUMNS" in rule
    assert "-j, --jobs N" in result.stdout.split("Cluster options:")[1]


def test_no_arguments_shows_help_and_exits_2() -> None:
    result = invoke([])
    assert result.exit_code == 2
    assert "Usage: dedup" in result.stdout + result.stderr


def test_help_states_the_exit_codes() -> None:
    for sub in ("clean", "check"):
        result = invoke([sub, "--help"])
        assert result.exit_code == 0
        assert "Exit codes: 0 success or nothing found; 1 repeats found" in " ".join(result.stdout.split())


def test_version() -> None:
    result = invoke(["--version"])
    version = f"dedup {metadata.version('dedup-text')} ({native.ENGINE} engine)\n"
    assert (result.exit_code, result.stdout, result.stderr) == (0, version, "")


def test_keyboard_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted() -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr("dedup.cli.inputs.read_stdin", interrupted)
    result = invoke(["clean", "-"], input=b"x\n")
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "dedup: interrupted\n")


# --- bad input --------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = invoke(["clean", missing])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dedup: error: {missing}: no such file\n"


def test_directory_is_walked(tmp_path: Path) -> None:
    """A folder is walked in sorted order; an empty one is simply clean."""
    result = invoke(["check", tmp_path])
    assert (result.exit_code, result.stdout) == (0, "")
    (tmp_path / "b").mkdir()
    shutil.copy(DOUBLED, tmp_path / "b" / "doubled.txt")
    (tmp_path / "a.txt").write_bytes(DOUBLED_EXPECTED.read_bytes())
    result = invoke(["check", tmp_path])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{tmp_path / 'b' / 'doubled.txt'}:")
    assert result.stderr.startswith("2 files checked, 1 with repeats")


def test_unreadable_path_below_a_file(tmp_path: Path) -> None:
    """A path that cannot be opened even by root: a 'folder' that is a regular file."""
    below = tmp_path / "plain.txt" / "child.txt"
    below.parent.write_text("x\n")
    result = invoke(["clean", below])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"dedup: error: {below}: ")
    assert result.stderr.count("\n") == 1


def test_permission_denied_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message for EACCES, whoever runs the tests (root reads any file)."""
    locked = copy(DOUBLED, tmp_path, "locked.txt")
    real_open = open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(dedup.sources, "open", guarded_open, raising=False)
    result = invoke(["clean", locked])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dedup: error: {locked}: permission denied\n"


@pytest.mark.skipif(not POSIX or IS_ROOT, reason="needs POSIX permissions and a non-root user (root reads any file)")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    locked = copy(DOUBLED, tmp_path, "locked.txt")
    os.chmod(locked, 0)
    try:
        result = invoke(["clean", locked])
    finally:
        os.chmod(locked, 0o600)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dedup: error: {locked}: permission denied\n"


LATIN = "Caf\u00e9 Lumi\u00e8re reopens on the harbour front after a long winter of repairs.\n"


def test_invalid_utf8_names_the_place_and_suggests_encoding(tmp_path: Path) -> None:
    target = tmp_path / "latin.txt"
    target.write_bytes(("Title\n\n" + LATIN + "\n" + LATIN).encode("latin-1"))
    result = invoke(["clean", target])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"dedup: error: {target}: not valid UTF-8 at byte 10 (line 3, column 4); "
        "pass --encoding to read another encoding\n"
    )
    fixed = invoke(["clean", "-q", "--encoding", "latin-1", target])
    assert fixed.exit_code == 0
    assert fixed.stdout_bytes == ("Title\n\n" + LATIN).encode("latin-1"), "written back in latin-1"


def test_invalid_utf8_on_stdin() -> None:
    result = invoke(["check", "-"], input=b"ok\n\xff\n")
    assert result.exit_code == 2
    assert "dedup: error: <stdin>: not valid UTF-8 at byte 3 (line 2, column 1)" in result.stderr


def test_unknown_encoding() -> None:
    result = invoke(["clean", "--encoding", "no-such-codec", DOUBLED])
    assert result.exit_code == 2
    assert result.stderr == "dedup: error: unknown encoding 'no-such-codec'\n"


def test_binary_file(tmp_path: Path) -> None:
    target = tmp_path / "image.png"
    target.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke(["clean", target])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dedup: error: {target}: looks binary (NUL byte at byte 8 (line 3, column 1)); skipped\n"


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    target = tmp_path / "wide.txt"
    target.write_bytes(b"\xff\xfe" + DOUBLED.read_text(encoding="utf-8").encode("utf-16-le"))
    result = invoke(["clean", "-q", target])
    assert result.exit_code == 0
    assert result.stdout_bytes == b"\xff\xfe" + DOUBLED_EXPECTED.read_text(encoding="utf-8").encode("utf-16-le")


def test_one_bad_input_does_not_stop_the_others_check(tmp_path: Path) -> None:
    first = copy(DOUBLED, tmp_path, "a.txt")
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01")
    third = copy(EXAMPLES / "ru_news_doubled.txt", tmp_path, "c.txt")
    result = invoke(["check", first, tmp_path / "missing.txt", binary, third])
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [str(first), str(third)]
    errors = [line for line in result.stderr.splitlines() if line.startswith("dedup: error: ")]
    assert len(errors) == 2
    assert result.stderr.endswith(
        "2 files checked, 2 with repeats: 2 runs, 2899 bytes would be removed; 2 inputs failed\n"
    )


def test_one_bad_input_does_not_stop_the_others_in_place(tmp_path: Path) -> None:
    first = copy(DOUBLED, tmp_path, "a.txt")
    third = copy(EXAMPLES / "ru_news_doubled.txt", tmp_path, "c.txt")
    result = invoke(["clean", "-q", "-i", first, tmp_path / "missing.txt", third])
    assert result.exit_code == 2
    assert result.stderr == f"dedup: error: {tmp_path / 'missing.txt'}: no such file\n"
    assert first.read_bytes() == DOUBLED_EXPECTED.read_bytes()
    assert third.read_bytes() == (EXAMPLES / "ru_news_doubled.expected.txt").read_bytes()


def test_json_report_lists_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = invoke(["check", "--format", "json", DOUBLED, missing])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["errors"] == [{"path": str(missing), "message": f"{missing}: no such file"}]
    assert report["summary"]["errors"] == 1
    assert [f["path"] for f in report["files"]] == [str(DOUBLED)]


# --- colour -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, [], False),
        ({"NO_COLOR": None, "FORCE_COLOR": "1"}, [], True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, [], False),
        ({}, ["--color", "always"], True),
        ({"NO_COLOR": None, "FORCE_COLOR": "1"}, ["--color", "never"], False),
    ],
    ids=["no-color", "force-color", "no-color-wins", "always", "never"],
)
def test_colour_goes_to_stderr_only(
    env: dict[str, str | None], args: list[str], coloured: bool, tmp_path: Path
) -> None:
    cleaned = invoke(["clean", *args, DOUBLED], env=env)
    assert (ANSI in cleaned.stderr) is coloured
    assert ANSI not in cleaned.stdout
    assert cleaned.stdout_bytes == DOUBLED_EXPECTED.read_bytes()
    for fmt in ("text", "json", "diff"):
        checked = invoke(["check", *args, "--format", fmt, DOUBLED, tmp_path / "missing.txt"], env=env)
        assert checked.exit_code == 2
        assert ANSI not in checked.stdout
        assert (ANSI in checked.stderr) is coloured
    diffed = invoke(["clean", "--diff", *args, DOUBLED], env=env)
    assert diffed.exit_code == 1
    assert ANSI not in diffed.stdout


def test_colour_always_marks_errors_red(tmp_path: Path) -> None:
    result = invoke(["check", "--color", "always", tmp_path / "missing.txt"])
    assert result.stderr == f"\x1b[31mdedup: error: {tmp_path / 'missing.txt'}: no such file\x1b[0m\n"


# --- real processes ------------------------------------------------------------------------


VIAS = [pytest.param("module", id="python-m-dedup"), pytest.param("script", id="console-script", marks=needs_script)]


@pytest.mark.parametrize("via", VIAS)
def test_process_path_and_stdin(via: str) -> None:
    by_path = run(["clean", DOUBLED], via=via)
    assert by_path.returncode == 0
    assert by_path.stdout == DOUBLED_EXPECTED.read_bytes()
    assert by_path.stderr == b"1 file cleaned, 1 with repeats: 1 run, 1445 bytes removed\n"
    for args in (["clean"], ["clean", "-"]):
        piped = run(args, input=DOUBLED.read_bytes(), via=via)
        assert (piped.returncode, piped.stdout) == (0, DOUBLED_EXPECTED.read_bytes())


@pytest.mark.parametrize("via", VIAS)
def test_process_version(via: str) -> None:
    done = run(["--version"], via=via)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"dedup {metadata.version('dedup-text')} ({native.ENGINE} engine)\n".encode(), b"")


@pytest.mark.parametrize("via", VIAS)
def test_process_errors_have_no_traceback(via: str, tmp_path: Path) -> None:
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\n")
    for args in (
        ["clean", tmp_path / "missing.txt"],
        ["check", tmp_path],
        ["check", binary],
        ["check", bad],
        ["clean", "--bogus"],
        ["clean", "--threshold", "0", DOUBLED],
        ["check", DOUBLED, tmp_path / "missing.txt", binary],
    ):
        done = run(args, via=via)  # run() asserts there is no traceback
        assert done.returncode == 2, args
        assert done.stderr.strip(), args


@pytest.mark.parametrize(
    "name", ["en_crlf_doubled", "en_no_final_newline", "en_tail_copy_no_final_newline", "mixed_line_endings"]
)
def test_process_line_endings_byte_for_byte(name: str, tmp_path: Path) -> None:
    source = EXAMPLES / f"{name}.txt"
    done = run(["clean", "-q", source])
    assert (done.returncode, done.stdout, done.stderr) == (0, expected_of(source), b"")
    target = copy(source, tmp_path)
    assert run(["clean", "-q", "-i", target]).returncode == 0
    assert target.read_bytes() == expected_of(source)


def test_process_in_place_keeps_mode(tmp_path: Path) -> None:
    target = copy(DOUBLED, tmp_path, "a.txt")
    os.chmod(target, 0o640)
    done = run(["clean", "-i", target])
    assert (done.returncode, done.stdout) == (0, b"")
    assert target.read_bytes() == DOUBLED_EXPECTED.read_bytes()
    if POSIX:
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_process_colour_always_stderr_only() -> None:
    done = run(["clean", "--color", "always", DOUBLED])
    assert ANSI.encode() in done.stderr
    assert done.stdout == DOUBLED_EXPECTED.read_bytes()


def _big_file(folder: Path) -> Path:
    """About 1.3 MB of unique paragraphs: nothing to remove, plenty to write."""
    path = folder / "big.txt"
    path.write_text(
        "".join(
            f"Paragraph {n}: the quick brown fox jumps over the lazy dog near bank {n * 3} of the river.\n\n"
            for n in range(15_000)
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="needs bash and head")
@pytest.mark.parametrize("via", VIAS)
def test_closed_pipe_exits_quietly_with_141(via: str, tmp_path: Path) -> None:
    big = _big_file(tmp_path)
    script = '"$@" | head -c 100 > /dev/null; exit "${PIPESTATUS[0]}"'
    done = subprocess.run(
        ["bash", "-c", script, "bash", *command(via), "clean", str(big)],
        check=False,
        capture_output=True,
        env=process_env(),
        timeout=120,
    )
    assert done.stderr == b""
    assert done.returncode == 141


def _blocked_reading_stdin(pid: int) -> bool:
    """True once the process sleeps in a read of its stdin pipe (Linux /proc)."""
    try:
        wchan = Path(f"/proc/{pid}/wchan").read_text()
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    read = {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine)
    in_read = len(fields) > 1 and fields[0] == read and int(fields[1], 16) == 0
    return in_read or "pipe" in wchan


@pytest.mark.skipif(not POSIX, reason="needs POSIX signals")
def test_sigint_exits_130_with_one_line() -> None:
    process = subprocess.Popen(
        [*command("module"), "clean", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env(),
    )
    try:
        # Wait until dedup waits for input; where /proc cannot tell, a few seconds do.
        deadline = time.monotonic() + 5
        while not _blocked_reading_stdin(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert (process.returncode, out, err) == (130, b"", b"dedup: interrupted\n")


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [["clean"], ["clean", "-"], ["check"]])
def test_terminal_on_stdin_is_refused_not_waited_on(args: list[str]) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*command("module"), *args],
            check=False,
            stdin=follower,
            capture_output=True,
            env=process_env(),
            timeout=60,
        )
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr == b"dedup: error: no input: give a file, or pipe text in (dedup clean - < file.txt)\n"


def test_import_dedup_loads_neither_typer_nor_rich() -> None:
    code = (
        "import sys, dedup, dedup.batch, dedup.atomic, dedup.sources\n"
        "import dedup.report.render_json, dedup.report.render_text, dedup.report.render_diff\n"
        "dedup.clean('a paragraph long enough to be removed when repeated.\\n' * 2)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, env=process_env(), timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"[]\n", b"")


# --- regressions: bugs found by these tests and fixed ------------------------------------


@pytest.mark.parametrize("args", [["check"], ["clean", "-i"]], ids=["check", "clean-in-place"])
def test_report_path_equal_to_an_input_is_refused(args: list[str], tmp_path: Path) -> None:
    target = copy(DOUBLED, tmp_path, "a.txt")
    result = invoke([*args, target, "--report", target])
    assert result.exit_code == 2
    assert target.read_bytes() in (DOUBLED.read_bytes(), DOUBLED_EXPECTED.read_bytes())


@pytest.mark.skipif(not POSIX, reason="needs symlinks")
def test_in_place_through_a_symlink_cleans_the_target(tmp_path: Path) -> None:
    target = copy(DOUBLED, tmp_path, "target.txt")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    assert invoke(["clean", "-q", "-i", link]).exit_code == 0
    assert link.is_symlink()
    assert target.read_bytes() == DOUBLED_EXPECTED.read_bytes()


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", None)], ids=["utf-8-sig", "utf-16"]
)
def test_json_byte_offsets_with_a_bom_writing_codec(encoding: str, bom: bytes | None, tmp_path: Path) -> None:
    text = DOUBLED.read_text(encoding="utf-8")
    target = tmp_path / "bom.txt"
    target.write_bytes(bom + text.encode("utf-8") if bom else text.encode(encoding))
    result = invoke(["check", "--encoding", encoding, "--format", "json", target])
    (file,) = json.loads(result.stdout)["files"]
    cleaned = invoke(["clean", "-q", "--encoding", encoding, target]).stdout_bytes
    spans = [(r["bytes"]["start"], r["bytes"]["end"]) for r in file["removed"]]
    assert delete_spans(target.read_bytes(), spans) == cleaned


def test_explicit_utf16_keeps_big_endian(tmp_path: Path) -> None:
    target = tmp_path / "be.txt"
    target.write_bytes(b"\xfe\xff" + DOUBLED.read_text(encoding="utf-8").encode("utf-16-be"))
    result = invoke(["clean", "-q", "--encoding", "utf-16", target])
    assert result.stdout_bytes == b"\xfe\xff" + DOUBLED_EXPECTED.read_text(encoding="utf-8").encode("utf-16-be")


@pytest.mark.parametrize("codec", ["rot13", "zlib"])
def test_non_text_codec_is_an_input_error(codec: str) -> None:
    done = run(["clean", "--encoding", codec, DOUBLED])
    assert done.returncode == 2
    assert b"internal error" not in done.stderr
    assert done.stderr.startswith(b"dedup: error: ")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_stdout_is_an_output_error() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*command("module"), "clean", DOUBLED],
            check=False,
            stdout=full,
            stderr=subprocess.PIPE,
            env=process_env(),
            timeout=60,
        )
    assert done.returncode == 2
    assert b"internal error" not in done.stderr
