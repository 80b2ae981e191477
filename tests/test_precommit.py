"""The pre-commit hooks (``.pre-commit-hooks.yaml``), run by the real ``pre-commit``.

The hook repository is a snapshot of this checkout's working tree (the package, the
compiled core's sources, ``pyproject.toml``, ``README.md`` and the manifest), committed into a temporary git
repository, so the test sees uncommitted work as well as a fresh CI clone does.
Temporary projects point their ``.pre-commit-config.yaml`` at it (``repo: PATH``,
``rev: SHA``); pre-commit builds the hook environment once per test session (in a
temporary ``PRE_COMMIT_HOME``) by ``pip install .`` of the snapshot, which needs the
package index for the dependencies. If that cannot be reached, the tests skip.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import dedup

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
HAS_PRE_COMMIT = importlib.util.find_spec("pre_commit") is not None
needs_pre_commit = pytest.mark.skipif(
    not HAS_PRE_COMMIT, reason="pre-commit is not installed (pip install -e '.[test]')"
)
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git executable")

# What pip prints when the package index cannot be reached: then skip, do not fail.
OFFLINE_SIGNS = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies",
    "ProxyError",
    "Read timed out",
)

BOILER = "Subscribe to our newsletter for the latest news, offers and updates from our team every week."
REPEATS = f"The council met on Tuesday to discuss the harbour.\n\n{BOILER}\n\n{BOILER}\n"
REPEATS_CLEANED = f"The council met on Tuesday to discuss the harbour.\n\n{BOILER}\n"
MARKDOWN = f"# Notes\n\nA first paragraph of markdown, written once.\n\n{BOILER}\n\n{BOILER}\n"
CLEAN = "A plain note that says everything once and only once, as it should.\n"


# --- the manifest ------------------------------------------------------------------------------


def manifest() -> list[dict[str, Any]]:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_manifest_declares_the_fixer_and_the_checker() -> None:
    hooks = {hook["id"]: hook for hook in manifest()}
    assert sorted(hooks) == ["dedup", "dedup-check"]
    assert hooks["dedup"]["entry"] == "dedup clean --in-place"
    assert hooks["dedup-check"]["entry"] == "dedup check"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["plain-text", "markdown", "rst"]
        assert hook["require_serial"] is True
        assert hook["name"] and hook["description"]
        assert "stages" not in hook or "minimum_pre_commit_version" in hook


@needs_pre_commit
def test_manifest_is_valid_for_pre_commit() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_entries_are_real_commands(tmp_path: Path) -> None:
    """Each entry, run as pre-commit runs it (with file names appended), behaves as a hook."""
    from dedup.cli import main

    path = tmp_path / "a.txt"
    for hook in manifest():
        path.write_text(REPEATS, encoding="utf-8")
        args = hook["entry"].split()[1:]
        assert hook["entry"].split()[0] == "dedup"
        code = main([*args, "-q", "--isolated", str(path)])
        if hook["id"] == "dedup-check":
            assert code == 1 and path.read_text(encoding="utf-8") == REPEATS
        else:
            assert code == 0 and path.read_text(encoding="utf-8") == REPEATS_CLEANED


# --- running pre-commit ------------------------------------------------------------------------


def lines_word(text: str) -> str:
    """``repeat of line 3`` read as ``repeat of lines 3``: the text report's wording for
    a one-line first occurrence is not pinned here (it is the report's own tests' job)."""
    return re.sub(r"(repeat of (?:\S+ )?)line (\d+ )", r"\1lines \2", text)


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
    )
    env.pop("FORCE_COLOR", None)
    return env


def sh(args: Sequence[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = sh(["git", *args], cwd, env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def pre_commit(cwd: Path, env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return sh([sys.executable, "-m", "pre_commit", *args], cwd, env, timeout)


def snapshot(target: Path, env: dict[str, str]) -> str:
    """Commit the package as it is in the working tree into a new repository at ``target``."""
    target.mkdir()
    for item in ROOT.iterdir():
        if item.is_file() and (not item.name.startswith(".") or item.name == MANIFEST.name):
            shutil.copy2(item, target / item.name)
    shutil.copytree(ROOT / "dedup", target / "dedup", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so"))
    # the compiled core's sources (pip builds it), not its build
    shutil.copytree(ROOT / "native", target / "native", ignore=shutil.ignore_patterns("target"))
    git(target, env, "init", "-q")
    git(target, env, "add", "-A")
    git(target, env, "commit", "-q", "-m", "snapshot of the working tree")
    return git(target, env, "rev-parse", "HEAD")


class Hooks:
    """The hook repository, and pre-commit's environment with the hooks installed."""

    def __init__(self, repo: Path, rev: str, env: dict[str, str]) -> None:
        self.repo, self.rev, self.env = repo, rev, env

    def config(self, hooks: Sequence[dict[str, Any]]) -> str:
        lines = ["repos:", f"- repo: {self.repo}", f"  rev: {self.rev}", "  hooks:"]
        for hook in hooks:
            lines.append(f"  - id: {hook['id']}")
            for key, value in hook.items():
                if key != "id":
                    lines.append(f"    {key}: {value}")
        return "\n".join(lines) + "\n"

    def project(self, folder: Path, files: dict[str, str], hooks: Sequence[dict[str, Any]]) -> Path:
        """A git repository with ``files`` and a config using ``hooks``, all staged."""
        folder.mkdir()
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        (folder / ".pre-commit-config.yaml").write_text(self.config(hooks), encoding="utf-8")
        git(folder, self.env, "init", "-q")
        git(folder, self.env, "add", "-A")
        return folder


@pytest.fixture(scope="session")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hooks]:
    if not HAS_PRE_COMMIT:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("needs the git executable")
    base = tmp_path_factory.mktemp("pre-commit")
    env = git_env(base / "home")
    repo = base / "hook-repo"
    rev = snapshot(repo, env)
    result = Hooks(repo, rev, env)
    # Build the hook environment once (pip install of the snapshot and its dependencies).
    warm = result.project(base / "warm-up", {"a.txt": CLEAN}, [{"id": "dedup"}, {"id": "dedup-check"}])
    done = pre_commit(warm, env, "install-hooks", timeout=900)
    if done.returncode != 0:
        log = done.stdout + done.stderr
        log_file = base / "home" / "pre-commit.log"
        if log_file.is_file():
            log += log_file.read_text(encoding="utf-8", errors="replace")
        if any(sign in log for sign in OFFLINE_SIGNS):
            pytest.skip("pre-commit could not install the hook environment: the package index is not reachable")
        pytest.fail(f"pre-commit install-hooks failed:\n{log}")
    yield result


def state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a project but git's own, with its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


@pytest.mark.slow
def test_fixer_rewrites_the_files_and_fails_the_commit(hooks: Hooks, tmp_path: Path) -> None:
    files = {
        "notes/a.txt": REPEATS,
        "notes/b.md": MARKDOWN,
        "notes/c.rst": CLEAN,
        "script.py": f"# {BOILER}\n\n# {BOILER}\n",  # not a text type of the hook: left alone
    }
    project = hooks.project(tmp_path / "project", files, [{"id": "dedup"}])
    install = pre_commit(project, hooks.env, "install")
    assert install.returncode == 0, install.stdout + install.stderr

    commit = sh(["git", "commit", "-m", "add notes"], project, hooks.env)
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert "dedup (remove repeated text)" in output and "Failed" in output
    assert "files were modified by this hook" in output
    assert "rewrote notes/a.txt: removed 1 run(s)" in output
    assert sh(["git", "rev-parse", "--verify", "HEAD"], project, hooks.env).returncode != 0  # no commit made

    assert (project / "notes/a.txt").read_text(encoding="utf-8") == REPEATS_CLEANED
    assert (project / "notes/b.md").read_text(encoding="utf-8") == dedup.clean(MARKDOWN).text
    assert (project / "notes/c.rst").read_text(encoding="utf-8") == CLEAN
    assert (project / "script.py").read_text(encoding="utf-8") == files["script.py"]

    # Staging the fixes makes the commit pass.
    git(project, hooks.env, "add", "-A")
    commit = sh(["git", "commit", "-m", "add notes"], project, hooks.env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "Passed" in commit.stdout + commit.stderr


@pytest.mark.slow
def test_checker_fails_without_touching_files(hooks: Hooks, tmp_path: Path) -> None:
    project = hooks.project(tmp_path / "project", {"a.txt": REPEATS, "b.md": CLEAN}, [{"id": "dedup-check"}])
    before = state(project)
    done = pre_commit(project, hooks.env, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "dedup check (report repeated text)" in done.stdout and "Failed" in done.stdout
    assert "a.txt:5: repeat of lines 3 (exact, 1 paragraph, 95 bytes)" in lines_word(done.stdout)
    assert "files were modified" not in done.stdout
    assert state(project) == before


@pytest.mark.slow
def test_a_clean_corpus_passes_both_hooks(hooks: Hooks, tmp_path: Path) -> None:
    files = {"a.txt": CLEAN, "b.md": REPEATS_CLEANED, "docs/c.rst": "Title\n=====\n\nOne paragraph.\n"}
    project = hooks.project(tmp_path / "project", files, [{"id": "dedup"}, {"id": "dedup-check"}])
    before = state(project)
    done = pre_commit(project, hooks.env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Passed") == 2
    assert state(project) == before


@pytest.mark.slow
def test_whole_corpus_check_with_pass_filenames_false(hooks: Hooks, tmp_path: Path) -> None:
    """pre-commit passes only the staged files, maybe in batches: to compare every
    document with the whole corpus, the README's recipe passes the folder instead."""
    a = f"Alpha opens in its own words.\n\n{BOILER}\n"
    b = f"Beta opens in other words.\n\n{BOILER}\n"
    hook = {
        "id": "dedup-check",
        "name": "dedup check (corpus)",
        "args": "[--scope, corpus, corpus/]",
        "pass_filenames": "false",
        "always_run": "true",
    }
    project = hooks.project(tmp_path / "project", {"corpus/a.txt": a, "corpus/b.txt": b}, [hook])
    done = pre_commit(project, hooks.env, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "corpus/b.txt:3: repeat of corpus/a.txt lines 3 (exact, 1 paragraph" in lines_word(done.stdout)

    # Only b.txt changes in the next commit; the hook still compares it with a.txt.
    git(project, hooks.env, "commit", "-q", "--no-verify", "-m", "corpus")
    (project / "corpus" / "b.txt").write_text(b + "\nA new closing line for beta.\n", encoding="utf-8")
    git(project, hooks.env, "add", "corpus/b.txt")
    done = pre_commit(project, hooks.env, "run")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "corpus/b.txt:3: repeat of corpus/a.txt lines 3" in lines_word(done.stdout)

    # The fixer, the same way, keeps the first occurrence.
    fixer = {**hook, "id": "dedup", "name": "dedup (corpus)", "args": "[--scope, corpus, corpus/]"}
    (project / ".pre-commit-config.yaml").write_text(hooks.config([fixer]), encoding="utf-8")
    git(project, hooks.env, "add", "-A")
    done = pre_commit(project, hooks.env, "run", "--all-files")
    assert done.returncode == 1 and "files were modified by this hook" in done.stdout, done.stdout
    assert (project / "corpus" / "a.txt").read_text(encoding="utf-8") == a
    assert (project / "corpus" / "b.txt").read_text(encoding="utf-8") == (
        "Beta opens in other words.\n\nA new closing line for beta.\n"
    )
