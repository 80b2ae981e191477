"""Settings files: ``[tool.dedup]`` in ``pyproject.toml``, ``dedup.toml``, ``.dedup.toml``.

Each test builds a small project in tmp_path whose only document, ``x.txt``, holds a
short repeated line (24 normalised characters): it is found with ``min-chars = 10``
and not with the default 40, so the exit code of ``dedup check`` shows whether the
file's settings applied.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import QUIET_ENV, invoke_dedup
from typer.testing import Result

from dedup.config_file import find, load, parse

ENV: dict[str, str | None] = {**QUIET_ENV, "COLUMNS": "80"}

SHORT = "Short line, repeated here."
TEXT = f"An opening paragraph that belongs to this document alone.\n\n{SHORT}\n\n{SHORT}\n"
FOUND = 1  # check's exit code when the short repeat counts (min-chars <= 24)
NOT_FOUND = 0
MIN10 = "min-chars = 10\n"


def invoke(args: Sequence[object], input: bytes | None = None) -> Result:
    return invoke_dedup(args, input, env=ENV)


def lines_word(text: str) -> str:
    """``repeat of line 3`` read as ``repeat of lines 3``: the text report's wording for
    a one-line first occurrence is not pinned here (it is the report's own tests' job)."""
    return re.sub(r"(repeat of (?:\S+ )?)line (\d+ )", r"\1lines \2", text)


def project(root: Path, files: dict[str, str], doc: str = "sub/x.txt") -> Path:
    """Write ``files`` (relative path -> content) and the document; return its path."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    target = root / doc
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEXT, encoding="utf-8")
    return target


def check(*args: object) -> Result:
    return invoke(["check", *args])


# --- the three file names ----------------------------------------------------------------

FILES = [
    pytest.param("pyproject.toml", "[project]\nname = 'x'\n\n[tool.dedup]\n" + MIN10, id="pyproject"),
    pytest.param("dedup.toml", MIN10, id="dedup.toml-whole-file"),
    pytest.param("dedup.toml", "[tool.dedup]\n" + MIN10, id="dedup.toml-tool-table"),
    pytest.param(".dedup.toml", MIN10, id=".dedup.toml"),
    pytest.param(".dedup.toml", "[tool.dedup]\nmin_chars = 10\n", id="underscore-key"),
]


@pytest.mark.parametrize(("name", "content"), FILES)
def test_settings_file_applies(tmp_path: Path, name: str, content: str) -> None:
    doc = project(tmp_path, {name: content})
    assert check(doc, "--isolated").exit_code == NOT_FOUND
    result = check(doc)
    assert result.exit_code == FOUND, result.stderr
    assert lines_word(result.stdout) == f"{doc}:5: repeat of lines 3 (exact, 1 paragraph, 28 bytes)\n"
    assert find([str(doc)]) == str(tmp_path / name)


def test_settings_apply_to_clean_too(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10})
    result = invoke(["clean", doc])
    assert result.exit_code == 0
    assert result.stdout == f"An opening paragraph that belongs to this document alone.\n\n{SHORT}\n"


def test_pyproject_without_a_dedup_table_is_passed_over(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10, "sub/pyproject.toml": "[tool.black]\nline-length = 100\n"})
    assert find([str(doc)]) == str(tmp_path / "dedup.toml")
    assert check(doc).exit_code == FOUND


def test_dedup_toml_comes_before_pyproject_in_one_folder(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10, "pyproject.toml": "[tool.dedup]\nmin-chars = 40\n"})
    assert find([str(doc)]) == str(tmp_path / "dedup.toml")
    assert check(doc).exit_code == FOUND


def test_the_nearest_file_wins(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": "min-chars = 40\n", "sub/.dedup.toml": MIN10})
    assert find([str(doc)]) == str(tmp_path / "sub" / ".dedup.toml")
    assert check(doc).exit_code == FOUND


# --- discovery -------------------------------------------------------------------------------


def test_discovery_starts_at_the_common_folder_of_the_inputs(tmp_path: Path) -> None:
    # proj/a/dedup.toml lies below the common folder proj/ of a and b, so it is not used for both.
    a = project(tmp_path / "proj", {"a/dedup.toml": MIN10}, doc="a/x.txt")
    b = project(tmp_path / "proj", {}, doc="b/y.txt")
    (tmp_path / "proj" / ".git").mkdir()  # the search ends here
    assert find([str(a)]) == str(tmp_path / "proj" / "a" / "dedup.toml")
    assert find([str(a), str(b)]) is None
    assert check(a).exit_code == FOUND
    assert check(a, b).exit_code == NOT_FOUND
    (tmp_path / "proj" / "dedup.toml").write_text(MIN10, encoding="utf-8")
    assert find([str(a), str(b)]) == str(tmp_path / "proj" / "dedup.toml")
    assert check(a, b).exit_code == FOUND


def test_discovery_from_a_walked_folder(tmp_path: Path) -> None:
    project(tmp_path, {"dedup.toml": MIN10})
    result = check(tmp_path / "sub")
    assert result.exit_code == FOUND, result.stderr


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    # A settings file above the repository (.git) is not used...
    doc = project(tmp_path, {"dedup.toml": MIN10}, doc="repo/sub/x.txt")
    (tmp_path / "repo" / ".git").mkdir()
    assert find([str(doc)]) is None
    assert check(doc).exit_code == NOT_FOUND
    # ... but one in the repository root is.
    (tmp_path / "repo" / "pyproject.toml").write_text("[tool.dedup]\n" + MIN10, encoding="utf-8")
    assert find([str(doc)]) == str(tmp_path / "repo" / "pyproject.toml")
    assert check(doc).exit_code == FOUND


def test_discovery_stops_at_a_git_file_too(tmp_path: Path) -> None:
    """A submodule or worktree has a ``.git`` file, not a folder."""
    doc = project(tmp_path, {"dedup.toml": MIN10}, doc="repo/x.txt")
    (tmp_path / "repo" / ".git").write_text("gitdir: ../.git/modules/repo\n", encoding="utf-8")
    assert find([str(doc)]) is None


def test_discovery_for_stdin_starts_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dedup.toml").write_text(MIN10, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "-"], input=TEXT.encode())
    assert result.exit_code == FOUND
    assert lines_word(result.stdout).startswith("<stdin>:5: repeat of lines 3")


# --- precedence, warnings, --config, --isolated ----------------------------------------------


@pytest.mark.parametrize(
    "flag", [["--min-chars", "40"], ["--min-chars=40"], ["--threshold", "0.9", "--min-chars", "40"]]
)
def test_command_line_flags_win_even_when_equal_to_the_default(tmp_path: Path, flag: list[str]) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10})
    assert check(doc).exit_code == FOUND
    assert check(*flag, doc).exit_code == NOT_FOUND


def test_command_line_flags_win_over_file_lists(tmp_path: Path) -> None:
    project(tmp_path, {"dedup.toml": MIN10 + 'exclude = ["x.txt"]\n'})
    result = check("-v", tmp_path / "sub")
    assert result.exit_code == NOT_FOUND
    assert "x.txt" not in result.stderr
    # The command line's list replaces the file's.
    result = check("-v", "--exclude", "nothing", tmp_path / "sub")
    assert result.exit_code == FOUND


def test_every_documented_key_is_known(tmp_path: Path) -> None:
    content = textwrap.dedent(
        """\
        threshold = 0.95
        min-chars = 10
        unit = "paragraph"
        wrap-width = 80
        keep-pattern = ["^Disclaimer"]
        include = ["*.txt"]
        exclude = ["*.md"]
        scope = "corpus"
        jobs = 1
        text-key = "body"
        id-key = "key"
        on-error = "skip"
        encoding = "utf-8"
        format = "text"
        """
    )
    path = tmp_path / "dedup.toml"
    path.write_text(content, encoding="utf-8")
    settings = parse(str(path))
    assert settings.warnings == []
    assert settings.values["keep_pattern"] == ["^Disclaimer"]
    assert settings.values["min_chars"] == 10
    doc = project(tmp_path, {})
    result = check(doc)
    assert (result.exit_code, result.stderr.count("warning")) == (FOUND, 0)


def test_unknown_keys_warn_on_stderr(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10 + "min-char = 5\ncolour = 'never'\n"})
    result = check(doc)
    assert result.exit_code == FOUND  # a warning changes nothing else
    assert result.stdout.startswith(f"{doc}:5:")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("dedup: warning:")]
    assert len(warnings) == 2
    assert str(tmp_path / "dedup.toml") in warnings[0] and "'min-char'" in warnings[0]
    assert "'colour'" in warnings[1]


def test_explicit_config_path(tmp_path: Path) -> None:
    doc = project(tmp_path, {"settings/strict.toml": MIN10, "dedup.toml": "min-chars = 40\n"})
    assert check(doc).exit_code == NOT_FOUND
    assert check("--config", tmp_path / "settings" / "strict.toml", doc).exit_code == FOUND
    # A pyproject.toml named explicitly is read even without other dedup settings around.
    (tmp_path / "other.toml").write_text("[tool.dedup]\n" + MIN10, encoding="utf-8")
    assert check("--config", tmp_path / "other.toml", doc).exit_code == FOUND


def test_explicit_config_that_does_not_exist(tmp_path: Path) -> None:
    doc = project(tmp_path, {})
    result = check("--config", tmp_path / "missing.toml", doc)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"dedup: error: {tmp_path / 'missing.toml'}: cannot read")


def test_isolated_ignores_settings_files(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10 + "bogus = 1\n"})
    result = check("--isolated", doc)
    assert (result.exit_code, result.stderr) == (NOT_FOUND, "1 file checked, no repeats found\n")  # no warning
    assert load([str(doc)], isolated=True).values == {}


def test_keep_pattern_from_a_settings_file(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10 + "keep-pattern = '^Short line'\n"})
    assert check(doc).exit_code == NOT_FOUND
    assert check("--keep-pattern", "^Nothing", doc).exit_code == FOUND  # the flag replaces the file's list


def test_scope_from_a_settings_file(tmp_path: Path) -> None:
    boiler = "Subscribe to our newsletter for the latest news, offers and updates every week."
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"{name} opens in its own words.\n\n{boiler}\n", encoding="utf-8")
    assert check(tmp_path / "a.txt", tmp_path / "b.txt").exit_code == NOT_FOUND
    (tmp_path / ".dedup.toml").write_text('scope = "corpus"\n', encoding="utf-8")
    result = check(tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.exit_code == FOUND
    assert f"repeat of {tmp_path / 'a.txt'} lines 3" in lines_word(result.stdout)
    assert check("--scope", "document", tmp_path / "a.txt", tmp_path / "b.txt").exit_code == NOT_FOUND


# --- bad files ---------------------------------------------------------------------------------

BAD = [
    pytest.param("dedup.toml", "min-chars = [\n", "not valid TOML", id="dedup.toml-syntax"),
    pytest.param("pyproject.toml", "[tool.dedup\nmin-chars = 10\n", "not valid TOML", id="pyproject-syntax"),
    pytest.param(".dedup.toml", "min-chars = 1\nmin-chars = 2\n", "not valid TOML", id="duplicate-key"),
    pytest.param("dedup.toml", 'min-chars = "ten"\n', "wrong type", id="wrong-type"),
    pytest.param("dedup.toml", "threshold = true\n", "wrong type", id="bool-for-number"),
    pytest.param("dedup.toml", "include = 3\n", "wrong type", id="number-for-list"),
    pytest.param("dedup.toml", "threshold = 2.0\n", "threshold", id="out-of-range"),
    # These three were internal errors (issue 14, item 15).
    pytest.param("dedup.toml", "keep-pattern = [1, 2]\n", "list of strings", id="numbers-in-a-list"),
    pytest.param("dedup.toml", "tool = 5\n", "tool = 5 has the wrong type", id="tool-not-a-table"),
    pytest.param("pyproject.toml", "tool = 5\n", "tool = 5 has the wrong type", id="pyproject-tool-not-a-table"),
    pytest.param("dedup.toml", '[tool]\ndedup = "x"\n', "dedup = 'x' has the wrong type", id="dedup-not-a-table"),
    pytest.param("pyproject.toml", '[tool]\ndedup = "x"\n', "dedup = 'x' has the wrong type", id="pyproject-dedup-string"),
    # A pattern that does not compile is the file's fault, said with its name (it was
    # said as if the command line had given it).
    pytest.param("dedup.toml", 'keep-pattern = ["ok", "("]\n', "dedup.toml: keep-pattern: '(' is not a valid",
                 id="pattern-not-compiling"),
    pytest.param("pyproject.toml", '[tool.dedup]\nkeep-patterns = "["\n', "pyproject.toml: keep-patterns: '[' is not",
                 id="pyproject-pattern-not-compiling"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD)
def test_a_bad_settings_file_is_a_one_line_error(tmp_path: Path, name: str, content: str, message: str) -> None:
    doc = project(tmp_path, {name: content})
    for args in (["check", doc], ["clean", doc], ["check", "--config", tmp_path / name, doc]):
        result = invoke(args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("dedup: error: ")
        assert message in result.stderr


# --- bugs ----------------------------------------------------------------------------------------


def test_format_from_a_settings_file(tmp_path: Path) -> None:
    doc = project(tmp_path, {"dedup.toml": MIN10 + 'format = "json"\n'})
    result = check(doc)
    assert result.exit_code == FOUND
    assert json.loads(result.stdout)["summary"]["runs"] == 1


@pytest.mark.parametrize("content", ['scope = "everything"\n', 'on-error = "ignore"\n'])
def test_a_bad_choice_in_a_settings_file_is_an_error(tmp_path: Path, content: str) -> None:
    doc = project(tmp_path, {"dedup.toml": content})
    result = check(doc)
    assert result.exit_code == 2
    assert result.stderr.startswith("dedup: error: ")


# --- bounded reads (issue 14, item 9) --------------------------------------------------------------


def _check_process(args: Sequence[object], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``dedup check ARGS`` in a real process; a hang fails the test through the timeout."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    env["NO_COLOR"] = "1"
    command = [sys.executable, "-m", "dedup", "check", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_config_from_a_device_is_refused_at_once(tmp_path: Path) -> None:
    doc = project(tmp_path, {})
    done = _check_process(["--config", "/dev/zero", doc], tmp_path)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr == b"dedup: error: /dev/zero: not a regular file; a settings file is a TOML file\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_config_from_a_fifo_does_not_hang(tmp_path: Path) -> None:
    doc = project(tmp_path, {})
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)
    done = _check_process(["--config", fifo, doc], tmp_path)  # before: waited for a writer forever
    assert done.returncode == 2
    assert done.stderr.count(b"\n") == 1
    assert done.stderr.startswith(f"dedup: error: {fifo}: not a regular file".encode())


@pytest.mark.parametrize("how", [[], ["--"]], ids=["direct", "typer"])
def test_config_from_a_folder_is_refused_in_one_line(tmp_path: Path, how: list[str]) -> None:
    doc = project(tmp_path, {})
    folder = tmp_path / "settings"
    folder.mkdir()
    done = _check_process(["--config", folder, doc, *how], tmp_path)  # before: internal error
    assert done.returncode == 2
    assert done.stderr == f"dedup: error: {folder}: not a regular file; a settings file is a TOML file\n".encode()


MAX_BYTES = 1 << 20  # the bound the README states


def test_a_settings_file_over_the_bound_is_refused(tmp_path: Path) -> None:
    padding = "# " + "x" * 78 + "\n"
    big = MIN10 + padding * (MAX_BYTES // len(padding) + 1)
    doc = project(tmp_path, {"dedup.toml": big})
    result = invoke(["check", doc])
    assert result.exit_code == 2
    assert result.stderr == f"dedup: error: {tmp_path / 'dedup.toml'}: more than 1 MiB; a settings file is a few lines of TOML\n"
    # Just under the bound, it is read.
    (tmp_path / "dedup.toml").write_text(big[:MAX_BYTES], encoding="utf-8")
    assert invoke(["check", doc]).exit_code == FOUND
