"""The README is tested: every option of the commands is documented, the set-up
commands are the ones CI runs, and the Python and console examples run and give
what they show."""

from __future__ import annotations

import difflib
import doctest
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup import cli
from dedup.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

INSTALL = "python3 -m venv .venv && . .venv/bin/activate && pip install . && dedup clean examples/ar_news_doubled.txt"
TEST = "python3 -m venv .venv && . .venv/bin/activate && pip install -q -e '.[test]' && pytest"

# (language, body) of every fenced block.
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```$", README, flags=re.MULTILINE | re.DOTALL)


def help_text(*args: str) -> str:
    # Wide enough that no option line wraps.
    env = {"NO_COLOR": "1", "COLUMNS": "200", "TERMINAL_WIDTH": "200"}
    result = CliRunner().invoke(app, [*args, "--help"], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def sections(text: str) -> list[str]:
    """The option sections of a help text: "Options:" and the panels ("Rule options:")."""
    return re.split(r"^(?:\w+ options|Options):$", text, flags=re.MULTILINE)[1:]


def options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", "\n".join(sections(text))))


def help_entries(text: str) -> list[tuple[list[str], str]]:
    """(names, description) of each option in a help text; descriptions wrap onto
    indented continuation lines."""
    entries: list[tuple[list[str], str]] = []
    for section in sections(text):
        entries += _entries(section)
    return entries


def _entries(section: str) -> list[tuple[list[str], str]]:
    entries: list[tuple[list[str], str]] = []
    for line in section.splitlines():
        start = re.match(r"  (-[^ ].*?)(?:  +(.*)|$)", line)  # "  -q, --quiet   Print ..."
        if start:
            names = re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", start.group(1))
            entries.append((names, start.group(2) or ""))
        elif entries and line.startswith(" " * 8):
            names, description = entries[-1]
            entries[-1] = (names, f"{description} {line.strip()}")
        elif not line.strip() and entries:
            break
    return entries


def mentioned(option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README) is not None


@pytest.mark.parametrize("command", [(), ("clean",), ("check",)], ids=["dedup", "clean", "check"])
def test_every_option_in_the_help_is_in_the_readme(command: tuple[str, ...]) -> None:
    found = options(help_text(*command))
    assert "--help" in found
    missing = sorted(o for o in found if not mentioned(o))
    assert not missing, f"options of `dedup {' '.join(command)}` missing from README.md: {missing}"


@pytest.mark.parametrize("command", ["clean", "check"])
def test_options_table_has_every_option_with_its_default(command: str) -> None:
    rows = {}
    for line in README.split("## Options", 1)[1].split("\n## ", 1)[0].splitlines():
        if line.startswith("| `-"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            for name in re.findall(r"`(--?[a-z][a-z-]*)", cells[0]):
                rows[name] = cells
    entries = help_entries(help_text(command))
    assert len(entries) >= 10
    for names, description in entries:
        row = rows.get(names[0])
        assert row is not None, f"no row in the Options table for {names[0]}"
        assert row[1 if command == "clean" else 2] == "yes", f"{names[0]} not marked as an option of {command}"
        default = re.search(r"\[default: ([^;\]]+)", description)
        if default:
            assert default.group(1) in row[3], f"{names[0]}: default {default.group(1)} not in {row[3]!r}"


def test_exit_codes_are_documented() -> None:
    section = README.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", section, flags=re.MULTILINE)}
    defined = {cli.EXIT_OK, cli.EXIT_FOUND, cli.EXIT_ERROR, cli.EXIT_INTERRUPTED, cli.EXIT_PIPE, cli.EXIT_TERMINATED}
    assert documented == defined == {0, 1, 2, 130, 141, 143}


def test_every_report_field_is_documented() -> None:
    examples = ROOT / "examples"
    result = CliRunner().invoke(
        app, ["check", "--format", "json", str(examples / "en_light_edit.txt"), str(examples / "missing.txt")]
    )
    keys: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    report = json.loads(result.stdout)
    assert report["errors"], "the example report should show an error entry too"
    walk(report)
    section = README.split("## Report schema", 1)[1].split("\n## ", 1)[0]
    missing = sorted(k for k in keys if f"`{k}`" not in section)
    assert not missing, f"report fields missing from README 'Report schema': {missing}"


def test_the_two_set_up_commands_are_there_in_order() -> None:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    fences = re.findall(r"^```(\w*)\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)
    code = [body.strip() for _, body in fences]
    assert code[:2] == [INSTALL, TEST]


def test_the_test_command_is_what_ci_runs() -> None:
    """``.ci/run`` runs the README's second command: its command lines, joined by ``&&``."""
    # The system packages CI installs (chromium, for the browser test) are not part of
    # the README's command; they sit between two marker comments.
    script = re.sub(r"# -- system packages.*?# -- end of system packages --\n", "", CI_RUN, flags=re.DOTALL)
    lines = [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("#") and not line.startswith(("set ", "cd ", "rm "))
    ]
    assert " && ".join(lines) == TEST
    assert "\n. .venv/bin/activate && pip install -q -e '.[test]' && pytest\n" in CI_RUN


def test_readme_has_python_examples() -> None:
    assert sum(1 for language, _ in BLOCKS if language in ("pycon", "python")) >= 3


@pytest.mark.parametrize(
    "body",
    [body for language, body in BLOCKS if language in ("pycon", "python") and body.lstrip().startswith(">>>")],
)
def test_readme_doctests(body: str) -> None:
    test = doctest.DocTestParser().get_doctest(body, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)
    assert runner.tries > 0


@pytest.mark.parametrize(
    "body",
    [body for language, body in BLOCKS if language == "python" and not body.lstrip().startswith(">>>")],
)
def test_readme_python_blocks_run(
    body: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plain ``python`` block runs from the repository root; lines of the form
    ``# output`` right after the code are what it prints."""
    monkeypatch.chdir(ROOT)
    exec(compile(body, "README.md", "exec"), {"__name__": "__readme__"})
    shown = [line[2:] for line in body.splitlines() if line.startswith("# ")]
    if shown:
        assert capsys.readouterr().out.splitlines() == shown


# --- the README's console examples run as written ---------------------------------------------
#
# Every ```console block is a session: lines starting with "$ " are commands, run by
# bash in a fresh copy of corpus/ and examples/ (with `dedup` the real entry point,
# `python -m dedup`), and the lines after each command are what it prints, stdout and
# stderr together, in order. "..." in a block stands for any text (as in doctest), the
# copy's folder is shown as PROJECT, and times and speeds may differ. To rewrite the
# blocks from what the commands print now (after a change to an output), run
#
#     DEDUP_REGEN_README=1 pytest tests/test_docs.py -k console
#
# and review the diff of README.md: a block that still matches is left as it is.

PROJECT = "/path/to/dedup"
CONSOLE = re.compile(r"^```console\n(.*?)^```$", flags=re.MULTILINE | re.DOTALL)
_TIMES = [(re.compile(r"\b\d+\.\d+ s\b"), "#.## s"), (re.compile(r"\b\d+\.\d+ MB/s\b"), "#.# MB/s")]


def console_blocks(readme: str) -> list[str]:
    return [match.group(1) for match in CONSOLE.finditer(readme)]


def session(block: str) -> list[tuple[str, str]]:
    """(command, what it prints) for each ``$`` line of a block."""
    steps: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            steps.append((line[2:].rstrip("\n"), ""))
        else:
            assert steps, f"output before the first command in a console block:\n{block}"
            command, output = steps[-1]
            steps[-1] = (command, output + line)
    return steps


def run_session(steps: list[tuple[str, str]], folder: Path) -> str:
    """The block as the commands print it now, run one after the other in ``folder``."""
    for name in ("corpus", "examples"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("report", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "DEDUP_DEBUG", "PRE_COMMIT")}
    env.update(PYTHONUNBUFFERED="1", LC_ALL="C.UTF-8", COLUMNS="120", DEDUP_PYTHON=sys.executable)
    shown, status = "", 0
    for command, _ in steps:
        script = f'dedup() {{ "$DEDUP_PYTHON" -m dedup "$@"; }}\n(exit {status})\n{command}\n'
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300, check=False,
        )
        status = done.returncode
        shown += f"$ {command}\n" + done.stdout.decode("utf-8").replace(str(folder), PROJECT)
    return "".join(line.rstrip() + "\n" for line in shown.splitlines())


def _comparable(text: str) -> str:
    text = "".join(line.rstrip() + "\n" for line in text.splitlines())  # a README keeps no trailing spaces
    for pattern, replacement in _TIMES:
        text = pattern.sub(replacement, text)
    return text


def _matches(want: str, got: str) -> bool:
    return doctest.OutputChecker().check_output(_comparable(want), _comparable(got), doctest.ELLIPSIS)


def _regenerate(index: int, got: str) -> None:
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    match = list(CONSOLE.finditer(text))[index]
    path.write_text(text[: match.start(1)] + got + text[match.end(1) :], encoding="utf-8")


def test_readme_has_console_examples() -> None:
    blocks = console_blocks(README)
    assert len(blocks) >= 10
    assert all(session(block) for block in blocks)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the console examples are bash sessions")
@pytest.mark.parametrize(
    ("index", "block"),
    list(enumerate(console_blocks(README))),
    ids=[f"{k}:{session(b)[0][0][:50]}" for k, b in enumerate(console_blocks(README))],
)
def test_readme_console_block(index: int, block: str, tmp_path: Path) -> None:
    got = run_session(session(block), tmp_path)
    if _matches(block, got):
        return
    if os.environ.get("DEDUP_REGEN_README"):
        _regenerate(index, got)
        return
    diff = "".join(difflib.unified_diff(block.splitlines(True), got.splitlines(True), "README.md", "now"))
    pytest.fail(f"README console block {index} prints otherwise now (DEDUP_REGEN_README=1 rewrites it):\n{diff}")


def test_the_pre_commit_example_names_a_rev_pre_commit_can_use() -> None:
    """``rev: v0.1.0`` named a tag that does not exist, so pre-commit failed to check
    it out. A tag or commit must exist here; the default branch works, with the
    README saying to pin it with ``pre-commit autoupdate``."""
    section = README.split("### Pre-commit", 1)[1].split("\n### ", 1)[0]
    fences = re.findall(r"^```\w*\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)
    config = next(body for body in fences if "repos:" in body)
    rev = re.search(r"^\s+rev: (\S+)", config, flags=re.MULTILINE)
    assert rev is not None
    if rev.group(1) == "main":
        assert "pre-commit autoupdate" in section
        return
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{rev.group(1)}^{{commit}}"], cwd=ROOT, capture_output=True, check=False
    )
    assert found.returncode == 0, f"rev: {rev.group(1)} is no tag or commit of this repository"
