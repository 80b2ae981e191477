"""What a new user of the command hit (issue 16), each fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import invoke_dedup
from typer.testing import Result

ENV = {"COLUMNS": "200"}  # over QUIET_ENV
BOILER = "Subscribe to our newsletter for the latest news, offers and updates every single week."
DOUBLED = f"An opening paragraph in words of its own.\n\n{BOILER}\n\n{BOILER}\n"


def invoke(*args: object) -> Result:
    return invoke_dedup(args, env=ENV)


# --- --report NAME.html ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "opening"),
    [("guess.html", "<!DOCTYPE html>"), ("guess.json", "{"), ("guess.sarif", "{"), ("guess.txt", "{doc}:5: repeat")],
)
def test_the_report_format_comes_from_its_name(tmp_path: Path, name: str, opening: str) -> None:
    (tmp_path / "doc.txt").write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "--isolated", "--report", tmp_path / name, tmp_path / "doc.txt")
    assert result.exit_code == 1, result.stderr
    written = (tmp_path / name).read_text(encoding="utf-8")
    assert written.startswith(opening.replace("{doc}", str(tmp_path / "doc.txt"))), written[:80]
    if name.endswith(".sarif"):
        assert json.loads(written)["version"] == "2.1.0"
    if name.endswith(".json"):
        assert json.loads(written)["summary"]["runs"] == 1


def test_a_report_name_that_says_another_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "--isolated", "--format", "json", "--report", tmp_path / "guess.html", tmp_path / "doc.txt")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("dedup: error: --report ")
    assert "names a html file, but the format is json" in result.stderr
    assert not (tmp_path / "guess.html").exists()


def test_a_report_name_of_no_format_takes_the_format_given(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOUBLED, encoding="utf-8")
    result = invoke("check", "--isolated", "--format", "json", "--report", tmp_path / "findings.out", tmp_path / "doc.txt")
    assert result.exit_code == 1
    assert json.loads((tmp_path / "findings.out").read_text(encoding="utf-8"))["summary"]["runs"] == 1
    # SARIF is JSON: a .json name is fine for it.
    result = invoke("check", "--isolated", "--format", "sarif", "--report", tmp_path / "scan.json", tmp_path / "doc.txt")
    assert result.exit_code == 1 and json.loads((tmp_path / "scan.json").read_text(encoding="utf-8"))["version"] == "2.1.0"


# --- explain ----------------------------------------------------------------------------


def test_explain_takes_quiet_and_min_chars(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOUBLED, encoding="utf-8")
    result = invoke("explain", "--isolated", "-q", "--min-chars", 30, tmp_path / "doc.txt")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "min-chars 30" in result.stdout


def test_explain_encoding_help_does_not_promise_a_write() -> None:
    result = invoke("explain", "--help")
    entry = result.stdout.split("--encoding", 1)[1].split("\n  -", 1)[0]
    assert "CODEC" in entry and "written" not in entry
    assert "written back" in invoke("clean", "--help").stdout.split("--encoding", 1)[1].split("\n  -", 1)[0]


# --- dedup check . -------------------------------------------------------------------------


def test_a_folder_is_read_for_text_not_for_reports(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOUBLED, encoding="utf-8")
    (tmp_path / "report.json").write_text(json.dumps({"note": BOILER, "again": BOILER}, indent=1), encoding="utf-8")
    (tmp_path / "scan.sarif").write_text(json.dumps({"runs": [BOILER, BOILER]}, indent=1), encoding="utf-8")
    (tmp_path / "page.html").write_text(f"<p>{BOILER}</p>\n\n<p>{BOILER}</p>\n", encoding="utf-8")
    # no telling suffix: the content says it is a page, or a JSON document
    (tmp_path / "saved-page").write_text(f"<!DOCTYPE html>\n<p>{BOILER}</p>\n\n<p>{BOILER}</p>\n", encoding="utf-8")
    (tmp_path / "dump").write_text(f'[\n"{BOILER}",\n\n"{BOILER}"\n]\n', encoding="utf-8")
    result = invoke("check", "--isolated", "--format", "json", tmp_path)
    assert result.exit_code == 1, result.stderr
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(tmp_path / "doc.txt")]
    # named on the command line, or chosen with --include, a file is read anyway
    named = invoke("check", "--isolated", "--format", "json", tmp_path / "page.html")
    assert named.exit_code == 1
    included = invoke("check", "--isolated", "--format", "json", "--include", "*.html", tmp_path)
    assert [f["path"] for f in json.loads(included.stdout)["files"]] == [str(tmp_path / "page.html")]


def test_a_shard_without_its_text_key_is_worded_for_check(tmp_path: Path) -> None:
    (tmp_path / "part.jsonl").write_text('{"id": "a", "body": "x"}\n', encoding="utf-8")
    result = invoke("check", "--isolated", tmp_path / "part.jsonl")
    assert result.exit_code == 2
    error = [line for line in result.stderr.splitlines() if line.startswith("dedup: error:")]
    assert error == [f"dedup: error: {tmp_path / 'part.jsonl'}:1: no 'text' key (the shard is not checked; --on-error skip to skip such lines)"]
    assert "written" not in result.stderr


def test_a_walk_still_takes_shards_whose_lines_look_like_json(tmp_path: Path) -> None:
    from dedup.corpus.walk import expand

    (tmp_path / "part.jsonl").write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("[a link](https://example.org) opens this note.\n", encoding="utf-8")
    (tmp_path / "report.json").write_text('{"id": "a"}\n', encoding="utf-8")
    assert expand([str(tmp_path)]) == [str(tmp_path / "notes.md"), str(tmp_path / "part.jsonl")]


def test_every_renderer_is_a_format_choice() -> None:
    """The choices of --format come from the renderers (table, added there, is offered)."""
    from dedup.report.formats import FORMATS

    entry = invoke("check", "--help").stdout.split("--format", 1)[1].split(">", 1)[0]
    assert entry.strip(" <").split("|") == list(FORMATS) and "table" in FORMATS
