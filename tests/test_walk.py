"""Walking folders: which files a folder stands for, and in which order.

``dedup.corpus.walk.expand`` is tested directly (a table of include/exclude globs),
and through the command (``check -v`` names every file it read, in order). Runs that
could hang (link loops) go through a real process with a timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import QUIET_ENV, invoke_dedup
from typer.testing import Result

from dedup.corpus.walk import Selection, expand

ENV: dict[str, str | None] = {**QUIET_ENV, "COLUMNS": "80"}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git executable")
needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symlinks")


def invoke(args: Sequence[object]) -> Result:
    """Run ``dedup`` in-process, ignoring settings files found around tmp_path."""
    return invoke_dedup(args, env=ENV, isolated=True)


def read_files(result: Result) -> list[str]:
    """The files ``check -v`` read, in the order it read them (clean ones only)."""
    return [line[: -len(": clean")] for line in result.stderr.splitlines() if line.endswith(": clean")]


def make_tree(root: Path, names: Sequence[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"The file {name} holds one line of its own.\n", encoding="utf-8")


def relative(paths: Sequence[str], root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


TREE = [
    "b.txt",
    "a.txt",
    "a-b.txt",
    "a/z.txt",
    "a/b/c.txt",
    "B.txt",
    "sub/x.md",
    "sub/deep/y.txt",
    "sub/deep/notes.rst",
    "z/last.txt",
]


# --- order -----------------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    found = expand([str(tmp_path)])
    assert found == sorted(found)
    assert sorted(relative(found, tmp_path)) == sorted(TREE)
    # The same order every time, whatever order the files were created in.
    assert expand([str(tmp_path)]) == found


def test_check_reads_a_folder_in_the_walk_order(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    result = invoke(["check", "-v", tmp_path])
    assert result.exit_code == 0, result.stderr
    assert read_files(result) == expand([str(tmp_path)])
    assert f"{len(TREE)} files checked, no repeats found\n" in result.stderr


def test_paths_are_taken_in_the_order_given_and_folders_expand_in_place(tmp_path: Path) -> None:
    make_tree(tmp_path, ["one/a.txt", "one/b.txt", "two.txt"])
    given = [str(tmp_path / "two.txt"), str(tmp_path / "one")]
    assert relative(expand(given), tmp_path) == ["two.txt", "one/a.txt", "one/b.txt"]


# --- include / exclude -------------------------------------------------------------------

GLOBS = [
    # (include, exclude, expected relative paths)
    pytest.param((), (), sorted(TREE), id="everything"),
    pytest.param(("*.md",), (), ["sub/x.md"], id="include-by-name-in-subfolder"),
    pytest.param(("x.md",), (), ["sub/x.md"], id="include-exact-name"),
    pytest.param(("sub/*",), (), ["sub/deep/notes.rst", "sub/deep/y.txt", "sub/x.md"], id="include-relative-path"),
    pytest.param(("sub/deep/*.txt",), (), ["sub/deep/y.txt"], id="include-relative-path-and-suffix"),
    pytest.param(("*.md", "*.rst"), (), ["sub/deep/notes.rst", "sub/x.md"], id="include-repeatable"),
    pytest.param((), ("*.txt",), ["sub/deep/notes.rst", "sub/x.md"], id="exclude-by-name"),
    pytest.param((), ("a/*",), sorted(set(TREE) - {"a/z.txt", "a/b/c.txt"}), id="exclude-relative-path"),
    pytest.param(
        ("*.txt",),
        ("sub/*", "z/*"),
        ["B.txt", "a-b.txt", "a.txt", "a/b/c.txt", "a/z.txt", "b.txt"],
        id="include-then-exclude",
    ),
    pytest.param(("*.md",), ("x.md",), [], id="exclude-wins-over-include"),
    pytest.param(("nothing-*",), (), [], id="include-matching-nothing"),
]


@pytest.mark.parametrize(("include", "exclude", "expected"), GLOBS)
def test_include_and_exclude_globs(
    tmp_path: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    make_tree(tmp_path, TREE)
    found = expand([str(tmp_path)], Selection(include=include, exclude=exclude))
    assert relative(found, tmp_path) == sorted(expected)


def test_globs_match_below_the_folder_given_not_the_whole_path(tmp_path: Path) -> None:
    make_tree(tmp_path, ["corpus/sub/a.txt", "corpus/b.txt"])
    # "corpus/..." is above the folder given, so it is not part of the relative path.
    assert expand([str(tmp_path / "corpus")], Selection(include=("corpus/*",))) == []
    found = expand([str(tmp_path / "corpus")], Selection(include=("sub/*",)))
    assert relative(found, tmp_path) == ["corpus/sub/a.txt"]


def test_include_and_exclude_on_the_command_line(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    result = invoke(["check", "-v", "--include", "*.txt", "--exclude", "a/*", "--exclude", "sub/*", tmp_path])
    assert result.exit_code == 0, result.stderr
    assert relative(read_files(result), tmp_path) == ["B.txt", "a-b.txt", "a.txt", "b.txt", "z/last.txt"]


# --- folders that are never walked -------------------------------------------------------


def test_vcs_and_dedup_folders_are_skipped(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        [
            "keep.txt",
            ".git/config.txt",
            ".git/objects/x.txt",
            ".dedup/index.txt",
            ".hg/store.txt",
            ".svn/entries.txt",
            "sub/.git/inner.txt",
            "sub/.dedup/inner.txt",
            "sub/kept.txt",
            ".gitignore-like.txt",
            ".dedupe/kept.txt",
        ],
    )
    found = relative(expand([str(tmp_path)]), tmp_path)
    assert found == [".dedupe/kept.txt", ".gitignore-like.txt", "keep.txt", "sub/kept.txt"]


# --- git ---------------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def inside_work_tree(path: Path) -> bool:
    done = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=path, capture_output=True, check=False, timeout=60
    )
    return done.returncode == 0


GIT_TREE = [
    "docs/a.txt",
    "docs/build/out.txt",
    "docs/c.log.txt",
    "docs/sub/d.txt",
    "top.txt",
    "build/gen.txt",
    "tracked/forced.log.txt",
]


@needs_git
def test_gitignored_files_are_skipped_in_a_work_tree(tmp_path: Path) -> None:
    make_tree(tmp_path, GIT_TREE)
    (tmp_path / ".gitignore").write_text("build/\n*.log.txt\n", encoding="utf-8")
    (tmp_path / "docs" / "sub" / ".gitignore").write_text("d.txt\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    # A tracked file is not ignored by git, even if a pattern matches it.
    git(tmp_path, "add", "-f", "tracked/forced.log.txt")

    found = relative(expand([str(tmp_path)]), tmp_path)
    assert found == [".gitignore", "docs/a.txt", "docs/sub/.gitignore", "top.txt", "tracked/forced.log.txt"]
    # Walking a subfolder still asks git (patterns from above it apply).
    assert relative(expand([str(tmp_path / "docs")]), tmp_path) == ["docs/a.txt", "docs/sub/.gitignore"]
    # Turned off, every file is taken.
    everything = expand([str(tmp_path)], Selection(respect_gitignore=False))
    assert "docs/build/out.txt" in relative(everything, tmp_path)


@needs_git
def test_gitignored_files_are_skipped_by_the_command(tmp_path: Path) -> None:
    make_tree(tmp_path, GIT_TREE)
    (tmp_path / ".gitignore").write_text("build/\n*.log.txt\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    result = invoke(["check", "-v", "--include", "*.txt", tmp_path / "docs"])
    assert result.exit_code == 0, result.stderr
    assert relative(read_files(result), tmp_path) == ["docs/a.txt", "docs/sub/d.txt"]


@needs_git
def test_a_gitignore_outside_a_work_tree_means_nothing(tmp_path: Path) -> None:
    if inside_work_tree(tmp_path):
        pytest.skip("the temporary folder lies inside a git work tree")
    make_tree(tmp_path, ["a.txt", "build/b.txt"])
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    assert relative(expand([str(tmp_path)]), tmp_path) == [".gitignore", "a.txt", "build/b.txt"]


# --- symbolic links ----------------------------------------------------------------------

_EXPAND_IN_A_PROCESS = """
import sys
from dedup.corpus.walk import Selection, expand
for path in expand([sys.argv[1]], Selection(follow_links=sys.argv[2] == "1")):
    print(path)
"""


def expand_in_process(root: Path, follow_links: bool) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _EXPAND_IN_A_PROCESS, str(root), "1" if follow_links else "0"],
        capture_output=True,
        text=True,
        timeout=60,  # a loop would hang here, not the test run
        check=True,
    )
    return done.stdout.splitlines()


@needs_symlinks
@pytest.mark.parametrize("follow_links", [False, True], ids=["default", "follow-links"])
def test_a_symlink_loop_does_not_hang(tmp_path: Path, follow_links: bool) -> None:
    make_tree(tmp_path, ["a.txt", "sub/b.txt", "sub/deep/c.txt"])
    os.symlink("..", tmp_path / "sub" / "up")  # sub/up -> the root: a loop
    os.symlink("../..", tmp_path / "sub" / "deep" / "upup")
    os.symlink("self", tmp_path / "self")  # a link to itself
    os.symlink("missing", tmp_path / "dangling.txt")
    found = expand_in_process(tmp_path, follow_links)
    names = relative(found, tmp_path)
    assert {"a.txt", "sub/b.txt", "sub/deep/c.txt"} <= set(names)
    if not follow_links:
        assert names == ["a.txt", "sub/b.txt", "sub/deep/c.txt"]
    # Every real file is read at most once per path, and the list is finite and sorted.
    assert len(names) == len(set(names))
    assert found == sorted(found)


@needs_symlinks
def test_a_symlink_loop_does_not_hang_the_command(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.txt", "sub/b.txt"])
    os.symlink("..", tmp_path / "sub" / "loop")
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "check", "-v", "--isolated", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "2 files checked, no repeats found\n" in done.stderr


@needs_symlinks
def test_symlinks_to_files_in_a_walked_folder_are_skipped_but_read_when_named(tmp_path: Path) -> None:
    """Current behaviour (the README only says links to *folders* are not followed):
    a walk takes no symbolic links at all, so a link cannot make a document count
    twice in corpus scope; named explicitly, a link is read."""
    make_tree(tmp_path, ["a.txt"])
    os.symlink("a.txt", tmp_path / "link.txt")
    assert relative(expand([str(tmp_path)]), tmp_path) == ["a.txt"]
    assert expand([str(tmp_path / "link.txt")]) == [str(tmp_path / "link.txt")]


# --- explicit paths ------------------------------------------------------------------------


def test_explicit_paths_are_kept_whatever_the_globs_say(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.txt", "b.md", ".dedup/own.txt"])
    selection = Selection(include=("*.md",), exclude=("*.txt",))
    explicit = [str(tmp_path / "a.txt"), str(tmp_path / ".dedup" / "own.txt"), "-"]
    assert expand(explicit, selection) == explicit
    result = invoke(["check", "-v", "--exclude", "*.txt", tmp_path / "a.txt"])
    assert result.exit_code == 0, result.stderr
    assert read_files(result) == [str(tmp_path / "a.txt")]


@needs_git
def test_explicit_gitignored_path_is_read(tmp_path: Path) -> None:
    make_tree(tmp_path, ["build/out.txt", "a.txt"])
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    result = invoke(["check", "-v", tmp_path / "build" / "out.txt", tmp_path / "a.txt"])
    assert result.exit_code == 0, result.stderr
    assert read_files(result) == [str(tmp_path / "build" / "out.txt"), str(tmp_path / "a.txt")]


def test_a_binary_file_met_in_a_folder_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.txt", "c.txt"])
    (tmp_path / "b.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke(["check", "-v", tmp_path])
    assert relative(read_files(result), tmp_path) == ["a.txt", "c.txt"]
    # Whether it is a note or an error (and so the exit code) is not pinned here.
    said = [line for line in result.stderr.splitlines() if str(tmp_path / "b.bin") in line]
    assert len(said) == 1 and "binary" in said[0] and said[0].startswith("dedup: ")
    assert "2 files checked, no repeats found" in result.stderr


# --- file names that are not UTF-8 (issue #14, item 13) -------------------------------------

REPEATED = "This paragraph is long enough to count, and it comes back a second time below.\n"


def bytes_tree(root: Path, names: Sequence[bytes], text: str = REPEATED + "\n" + REPEATED) -> None:
    """Files whose names are raw bytes (POSIX names need not be UTF-8)."""
    for name in names:
        try:
            with open(os.path.join(os.fsencode(root), name), "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:  # macOS (APFS) and Windows refuse such names
            pytest.skip(f"this file system refuses the name {name!r}: {error}")


@needs_git
def test_a_name_that_is_not_utf8_is_walked_and_git_still_ignores(tmp_path: Path) -> None:
    """``git check-ignore`` got the names encoded as UTF-8, which a name holding the
    byte 0xff cannot be: the walk stopped with UnicodeEncodeError. Now git gets the
    bytes, and answers about them."""
    bytes_tree(tmp_path, [b"m\xffbad.txt", b"ignored\xfe.log", b"ok.txt"])
    (tmp_path / ".gitignore").write_text("*.log\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    found = [os.fsencode(p) for p in relative(expand([str(tmp_path)]), tmp_path)]
    assert found == [b".gitignore", b"m\xffbad.txt", b"ok.txt"]


def dedup_process(*args: object, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG", "PRE_COMMIT")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "dedup", *map(str, args), "--isolated"],
        cwd=cwd, env=env, capture_output=True, timeout=120, check=False,
    )


@needs_git
@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_a_name_that_is_not_utf8_is_cleaned_in_place_and_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    bytes_tree(tmp_path / "corpus", [b"m\xffbad.txt", b"ok.txt"])
    git(tmp_path, "init", "-q")
    done = dedup_process("clean", "-i", "corpus", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    said = [line.split(b": removed")[0] for line in done.stderr.splitlines() if line.startswith(b"rewrote ")]
    assert said == [rb"rewrote corpus/m\xffbad.txt", b"rewrote corpus/ok.txt"]  # the byte shown escaped
    cleaned = (tmp_path / "corpus" / os.fsdecode(b"m\xffbad.txt")).read_text(encoding="utf-8")
    assert cleaned == (tmp_path / "corpus" / "ok.txt").read_text(encoding="utf-8") == REPEATED


@needs_git
@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "html", "diff"])
def test_a_name_that_is_not_utf8_is_reported_in_every_format(tmp_path: Path, fmt: str) -> None:
    """The rule: JSON and JSONL write the name's lone surrogate as its escape
    (``\\udcff``, which reads back as the same string: ``os.fsencode`` of it gives the
    bytes); SARIF percent-encodes the byte in its URI (``%FF``); GitHub annotations
    show it as ``\\xff``; HTML marks it as a character it cannot show; text and diff
    write ``\\udcff``."""
    (tmp_path / "corpus").mkdir()
    bytes_tree(tmp_path / "corpus", [b"m\xffbad.txt"])
    git(tmp_path, "init", "-q")
    done = dedup_process("check", "--format", fmt, "corpus", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert b"internal error" not in done.stderr
    out = done.stdout.decode("utf-8")  # the report is UTF-8 whatever the names
    if fmt == "json":
        assert [os.fsencode(f["path"]) for f in json.loads(out)["files"]] == [b"corpus/m\xffbad.txt"]
    elif fmt == "jsonl":
        assert os.fsencode(json.loads(out)["path"]) == b"corpus/m\xffbad.txt"
    elif fmt == "sarif":
        assert "corpus/m%FFbad.txt" in out
    elif fmt == "github":
        assert out.startswith("::warning file=corpus/m\\xffbad.txt,line=3,")
    elif fmt == "html":
        assert "corpus/m" in out and "bad.txt" in out
    else:
        assert "corpus/m\\udcffbad.txt" in out
