"""Hostile text at the terminal (issue #14, items 11 and 12): corpus text, file names
and ids never act on the reader's terminal.

* Rich markup in them (``[/]``, ``[link=...]``) is shown, not obeyed: the lines that
  ``check`` prints when stdout is a terminal, the table (``--format table``) and
  ``explain`` get them as plain text.
* Control characters in them (``\\x1b[2J``, OSC titles, OSC 8 links, BEL) are shown
  escaped by :func:`dedup.display.shown` wherever diagnostics show a name or excerpt:
  ``check`` at a terminal, the table, ``rewrote ...`` lines, errors, GitHub annotations.
* Data is not touched: the cleaned text and the JSON report keep them as they are.

Where the promise is about a terminal, ``dedup`` runs as a real process with its stdout
on a pseudo-terminal (as ``pre-commit run --color always`` runs hooks).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import QUIET_ENV, RUNNER

from dedup.cli import app
from dedup.display import shown

ENV: dict[str, str | None] = {**QUIET_ENV, "NO_COLOR": None, "COLUMNS": "250"}
needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

FILLER = "An opening paragraph that says something of its own, once and only once.\n"
MARKUP = "A [/] closes nothing and [link=https://example.invalid/]this[/link] is no link at all.\n"
# Clear the screen, retitle the window, an OSC 8 hyperlink, a colour, a bell.
CONTROLS = "Esc \x1b[2J then \x1b]0;owned\x07 and \x1b]8;;https://example.invalid/\x1b\\click\x1b]8;;\x1b\\ \x1b[31mred\n"
RAW_SEQUENCES = [b"\x1b[2J", b"\x1b]0;", b"\x1b]8;", b"\x1b[31m", b"\x07"]


def repeated(paragraph: str) -> str:
    return FILLER + "\n" + paragraph + "\n" + paragraph


def on_a_terminal(args: list[str], cwd: Path, columns: int = 250) -> tuple[int, bytes, bytes]:
    """Run ``dedup`` with stdout on a pseudo-terminal; its exit code, the bytes the
    terminal got, and stderr."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "DEDUP_DEBUG", "PRE_COMMIT")}
    env["COLUMNS"] = str(columns)
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "dedup", *args, "--isolated"],
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=errors,
        )
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        code = process.wait(timeout=120)
        os.close(master)
        errors.seek(0)
        return code, seen, errors.read()


# --- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain.txt", "plain.txt"),
        ("ü [/] [link=x] \\x1b", "ü [/] [link=x] \\x1b"),  # markup and backslashes stay: rich gets Text
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("t\x1b]0;x\x07", "t\\x1b]0;x\\x07"),
        ("line\nforged\r\tx", "line\\nforged\\r\\tx"),
        ("del\x7f c1\x9b sep\u2028", "del\\x7f c1\\x9b sep\\u2028"),
        ("m\udcffbad.txt", "m\\xffbad.txt"),  # a name's undecodable byte (os.fsdecode)
        ("id\ud800", "id\\ud800"),  # a lone surrogate from a JSON escape
        ("\u200f rtl mark, no-break\u00a0space", "\u200f rtl mark, no-break\u00a0space"),
    ],
)
def test_shown(text: str, expected: str) -> None:
    assert shown(text) == expected


# --- item 11: rich markup is shown, not obeyed -----------------------------------------------


def _markup_corpus(folder: Path) -> str:
    """A file whose name and repeat hold rich markup, and a shard whose id does (a
    file name cannot hold ``/``, a JSONL id can); the file's name."""
    name = "notes [bold][link=mailto:a@example.invalid]x.txt"
    (folder / name).write_text(repeated(MARKUP), encoding="utf-8")
    other = "Another paragraph, in a JSONL document this time, that comes back.\n"
    record = {"id": "[/] [link=https://example.invalid/]id", "text": repeated(other)}
    (folder / "s.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return name


@needs_pty
@pytest.mark.parametrize("color", ["auto", "always"])
def test_markup_in_a_name_and_an_id_is_shown_at_the_terminal(tmp_path: Path, color: str) -> None:
    """``[/]`` made rich raise MarkupError (``internal error``); ``[link=...]`` became
    a hyperlink (an OSC 8 sequence) on the terminal."""
    name = _markup_corpus(tmp_path)
    code, seen, errors = on_a_terminal(["check", "--color", color, "."], tmp_path)
    assert b"internal error" not in errors, errors
    assert code == 1, errors
    shown_lines = seen.decode("utf-8").replace("\x1b[1m", "").replace("\x1b[0m", "")  # the names in bold
    assert shown_lines.splitlines() == [
        f"{name}:5: repeat of line 3 (exact, 1 paragraph, 88 bytes)",
        "s.jsonl[[/] [link=https://example.invalid/]id]:5: repeat of line 3 (exact, 1 paragraph, 68 bytes)",
    ]
    assert "\x1b]8;" not in shown_lines  # no hyperlink


def _table_of(folder: Path) -> str:
    from dedup.batch import run
    from dedup.config import Config
    from dedup.report.formats import RENDERERS

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return RENDERERS["table"](run(["."], Config()))
    finally:
        os.chdir(cwd)


def test_markup_in_a_repeat_a_name_and_an_id_is_shown_in_the_table(tmp_path: Path) -> None:
    name = _markup_corpus(tmp_path)
    table = _table_of(tmp_path)
    assert name in table
    assert "s.jsonl[[/] [link=https://example.invalid/]id]" in table
    assert MARKUP[:58] in table  # the excerpt, as it is written


@needs_pty
def test_check_at_a_terminal_prints_the_lines_it_pipes_never_cut(tmp_path: Path) -> None:
    """At a terminal ``check`` drew a box table and folded paths at its width (80
    columns); now it prints the ``path:lines: ...`` lines of ``--format text``, which
    terminals and editors make clickable, whole, whatever the width."""
    folder = tmp_path / "a folder with a long name, to pass eighty columns" / "and deeper still"
    folder.mkdir(parents=True)
    (folder / "the document with the repeat.txt").write_text(repeated(MARKUP), encoding="utf-8")
    (folder / "clean.txt").write_text(FILLER, encoding="utf-8")
    code, seen, errors = on_a_terminal(["check", "--color", "never", "."], tmp_path, columns=80)
    assert code == 1, errors
    piped = subprocess.run(
        [sys.executable, "-m", "dedup", "check", "--color", "never", "--isolated", "."],
        cwd=tmp_path, capture_output=True, timeout=120, check=False,
    )
    assert piped.returncode == 1, piped.stderr
    expected = (
        "a folder with a long name, to pass eighty columns/and deeper still/the document with the repeat.txt"
        ":5: repeat of line 3 (exact, 1 paragraph, 88 bytes)\n"
    )
    assert piped.stdout.decode("utf-8") == expected
    assert seen.decode("utf-8").replace("\r\n", "\n") == expected  # the terminal turns \n into \r\n
    assert len(expected) > 80


def test_markup_in_explain_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "[bold]doc[link=mailto:a@example.invalid].txt"
    # the copies differ near the markup, where explain's excerpts start
    path.write_text(repeated(MARKUP.replace("A [/] closes", "A [/] really closes")) + "\n" + MARKUP, encoding="utf-8")
    result = RUNNER.invoke(app, ["explain", "--color", "always", str(path)], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.stderr
    assert f"\x1b[1m{path}\x1b[0m: " in result.stdout  # the name in bold, as it is
    assert "A [/] closes nothing" in result.stdout
    assert "\x1b]8;" not in result.stdout


# --- item 12: control characters are shown escaped in diagnostics ----------------------------


@needs_pty
@pytest.mark.skipif(os.name != "posix", reason="names with control characters")
def test_escape_sequences_in_a_name_are_escaped_at_the_terminal(tmp_path: Path) -> None:
    name = "e\x1b[2Jsc\x1b]0;owned\x07.txt"
    (tmp_path / name).write_text(repeated(CONTROLS), encoding="utf-8")
    code, seen, errors = on_a_terminal(["check", "--color", "never", "."], tmp_path)
    assert code == 1, errors
    for sequence in RAW_SEQUENCES:
        assert sequence not in seen
    assert b"\x1b" not in seen  # no colour asked, so no escape at all
    assert seen.startswith(shown(name).encode() + b":5: repeat of line 3 ")


@pytest.mark.skipif(os.name != "posix", reason="names with control characters")
def test_escape_sequences_in_a_name_and_a_repeat_are_escaped_in_the_table(tmp_path: Path) -> None:
    name = "e\x1b[2Jsc\x1b]0;owned\x07.txt"
    (tmp_path / name).write_text(repeated(CONTROLS), encoding="utf-8")
    table = _table_of(tmp_path).encode("utf-8")
    for sequence in RAW_SEQUENCES:
        assert sequence not in table
    assert b"\x1b" not in table
    assert shown(name).encode() in table
    assert shown(CONTROLS.split(" and ")[0]).encode() in table  # the excerpt, escaped


@pytest.mark.skipif(os.name != "posix", reason="names with control characters")
def test_rewrote_lines_and_errors_show_names_escaped(tmp_path: Path) -> None:
    name = "e\x1b[2Jsc\x1b]0;owned\x07.txt"
    (tmp_path / name).write_text(repeated(FILLER.replace("once.", "twice.")), encoding="utf-8")
    binary = tmp_path / "b\x1b[31m\nforged line.txt"
    binary.write_bytes(b"\x00\x01 binary")
    result = RUNNER.invoke(app, ["clean", "-i", "--isolated", "--color", "never", str(tmp_path / name), str(binary)], env=ENV)
    assert result.exit_code == 2, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"rewrote {shown(str(tmp_path / name))}: removed ")
    assert lines[1].startswith(f"dedup: error: {shown(str(binary))}: ")  # one line, the newline shown as \n
    assert len(lines) == 3  # and the summary


def test_github_annotations_cannot_carry_escape_sequences(tmp_path: Path) -> None:
    name = "e\x1b[2Jsc\x1b]0;owned\x07.txt" if os.name == "posix" else "plain.txt"
    (tmp_path / name).write_text(repeated(FILLER.replace("once.", "twice.")), encoding="utf-8")
    shard = tmp_path / "s.jsonl"
    records = [{"id": f"d\x1b]0;{k}\x07", "text": repeated(FILLER.replace("once.", "thrice."))} for k in (1, 2)]
    shard.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = RUNNER.invoke(app, ["check", "--isolated", "--format", "github", str(tmp_path)], env=ENV)
    assert result.exit_code == 1, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert all(line.startswith("::warning ") for line in result.stdout.splitlines())
    assert "::Document d\\x1b]0;2\\x07, line" in result.stdout
    if os.name == "posix":
        assert "file=" + shown(str(tmp_path / name)).replace(":", "%3A").replace(",", "%2C") in result.stdout


def test_data_keeps_control_characters_as_they_are(tmp_path: Path) -> None:
    """The cleaned text and the JSON report are data: byte-faithful and valid."""
    path = tmp_path / ("doc\x1b[2J.txt" if os.name == "posix" else "doc.txt")
    path.write_text(repeated(CONTROLS), encoding="utf-8")
    cleaned = RUNNER.invoke(app, ["clean", "--isolated", str(path)], env=ENV)
    assert cleaned.exit_code == 0, cleaned.stderr
    assert cleaned.stdout_bytes == (FILLER + "\n" + CONTROLS).encode()
    report = RUNNER.invoke(app, ["check", "--isolated", "--format", "json", str(path)], env=ENV)
    assert json.loads(report.stdout)["files"][0]["path"] == str(path)
