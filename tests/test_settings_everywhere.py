"""The settings file reaches every command (issue 16): ``clean``, ``check``,
``explain`` and ``index build|update|stats|clear`` each take a setting of the file as
the default of the option of that name, and the command line still wins.

It used to be applied in ``clean`` and ``check`` only: with ``min-chars = 80`` in
``pyproject.toml``, ``dedup index build`` built with 40, ``dedup check --scope corpus``
then refused that index, and ``--rebuild`` ignored the file again; ``dedup explain``
said threshold 0.90 where the file said 0.95.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke_dedup
from typer.testing import Result

import dedup.cli.running
from dedup.batch import Options
from dedup.options import SETTINGS, for_command
from dedup.report.model import Report

ENV = {"COLUMNS": "200"}  # over QUIET_ENV


def invoke(*args: object) -> Result:
    return invoke_dedup(args, env=ENV)


# key -> (its value in the file, not the default; what the run's Options then hold)
SEEN: dict[str, tuple[Any, Any]] = {
    "threshold": (0.95, lambda o: o.config.threshold),
    "min_chars": (80, lambda o: o.config.min_chars),
    "unit": ("line", lambda o: o.config.unit),
    "wrap_width": (72, lambda o: o.config.wrap_width),
    "syntax": ("markdown", lambda o: o.config.syntax),
    "keep_pattern": (["^Note"], lambda o: list(o.config.keep_patterns)),
    "include": (["*.txt"], lambda o: list(o.selection.include)),
    "exclude": (["*.log"], lambda o: list(o.selection.exclude)),
    "text_key": ("body", lambda o: o.text_key),
    "id_key": ("uid", lambda o: o.id_key),
    "on_error": ("skip", lambda o: o.on_error),
    "encoding": ("latin-1", lambda o: o.encoding),
    "max_document_size": (1000, lambda o: o.max_document_size),
    "scope": ("corpus", lambda o: o.scope),
    "near_duplicate_docs": (True, lambda o: o.near_duplicate_docs),
    "doc_threshold": (0.7, lambda o: o.doc_threshold),
    "fix": (["nfc"], lambda o: [str(f) for f in o.fixes]),
    "jobs": (1, lambda o: o.jobs),  # a folder's default is every core
}
RUNS = ["clean", "check", "index build", "index update"]
CASES = [(command, key) for command in RUNS for key in SEEN if any(o.name == key for o in for_command(command))]


def toml(key: str, value: Any) -> str:
    return f"{key.replace('_', '-')} = {json.dumps(value)}\n"


@pytest.fixture
def options(monkeypatch: pytest.MonkeyPatch) -> list[Options]:
    """The options of every run a command starts (none is really started)."""
    seen: list[Options] = []

    def run(paths: Any, *, options: Options, **_: Any) -> Report:
        seen.append(options)
        return Report()

    monkeypatch.setattr(dedup.cli.running, "run", run)
    return seen


def test_every_setting_of_a_run_command_is_tested() -> None:
    keys = {o.name for command in RUNS for o in for_command(command) if o.key}
    # format and baseline change what is written, index where: tested below.
    assert keys - set(SEEN) == {"format", "baseline", "index", "documents_only"}
    assert set(SEEN) <= set(SETTINGS)


@pytest.mark.parametrize(("command", "key"), CASES, ids=[f"{c}:{k}" for c, k in CASES])
def test_a_setting_reaches_the_run(tmp_path: Path, options: list[Options], command: str, key: str) -> None:
    value, seen = SEEN[key]
    (tmp_path / "dedup.toml").write_text(toml(key, value), encoding="utf-8")
    (tmp_path / "a.txt").write_text("One small file.\n", encoding="utf-8")
    path = tmp_path if key == "jobs" else tmp_path / "a.txt"
    output = ["--diff"] if command == "clean" else []
    result = invoke(*command.split(), *output, path)
    assert result.exit_code == 0, result.stderr
    assert [seen(o) for o in options] == [value]


@pytest.mark.parametrize("command", RUNS)
def test_the_command_line_wins_over_the_file(tmp_path: Path, options: list[Options], command: str) -> None:
    (tmp_path / "dedup.toml").write_text("min-chars = 80\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("One small file.\n", encoding="utf-8")
    output = ["--diff"] if command == "clean" else []
    assert invoke(*command.split(), *output, "--min-chars", 12, tmp_path / "a.txt").exit_code == 0
    assert [o.config.min_chars for o in options] == [12]


@pytest.mark.parametrize("command", ["clean", "check"])
def test_documents_only_from_the_file(tmp_path: Path, options: list[Options], command: str) -> None:
    (tmp_path / "dedup.toml").write_text("near-duplicate-docs = true\ndocuments-only = true\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("One small file.\n", encoding="utf-8")
    output = ["--diff"] if command == "clean" else []
    assert invoke(command, *output, tmp_path / "a.txt").exit_code == 0
    assert [o.documents_only for o in options] == [True]


@pytest.mark.parametrize("command", RUNS)
def test_the_index_path_from_the_file(tmp_path: Path, options: list[Options], command: str) -> None:
    index = tmp_path / "elsewhere.sqlite"
    (tmp_path / "dedup.toml").write_text(f"index = {json.dumps(str(index))}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("One small file.\n", encoding="utf-8")
    output = ["--diff"] if command == "clean" else []
    assert invoke(*command.split(), *output, tmp_path / "a.txt").exit_code == 0
    assert [(o.scope, o.index) for o in options] == [("corpus", str(index))]


def test_the_format_from_the_file(tmp_path: Path, options: list[Options]) -> None:
    (tmp_path / "dedup.toml").write_text('format = "sarif"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("One small file.\n", encoding="utf-8")
    assert json.loads(invoke("check", tmp_path / "a.txt").stdout)["version"] == "2.1.0"  # SARIF's
    (tmp_path / "out").mkdir()
    assert invoke("clean", "-o", tmp_path / "out", tmp_path / "a.txt").exit_code == 0
    assert (tmp_path / "out" / "dedup-report.sarif").exists()


def test_the_baseline_from_the_file(tmp_path: Path, options: list[Options]) -> None:
    (tmp_path / "dedup.toml").write_text('baseline = "missing.baseline"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("One small file.\n", encoding="utf-8")
    result = invoke("check", tmp_path / "a.txt")
    assert result.exit_code == 2 and "missing.baseline" in result.stderr


@pytest.mark.parametrize(
    ("key", "value", "seen"),
    [
        ("threshold", 0.95, lambda c: c.threshold),
        ("min_chars", 80, lambda c: c.min_chars),
        ("unit", "line", lambda c: c.unit),
        ("wrap_width", 72, lambda c: c.wrap_width),
        ("syntax", "rst", lambda c: c.syntax),
    ],
)
def test_a_setting_reaches_explain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, value: Any, seen: Any) -> None:
    import dedup.explain

    configs = []
    real = dedup.explain.explain

    def spy(text: str, config: Any = None, *args: Any) -> Any:
        configs.append(config)
        return real(text, config, *args)

    monkeypatch.setattr(dedup.explain, "explain", spy)
    (tmp_path / "dedup.toml").write_text(toml(key, value), encoding="utf-8")
    (tmp_path / "a.txt").write_text("One small file.\n\nOne small file.\n", encoding="utf-8")
    assert invoke("explain", tmp_path / "a.txt").exit_code == 0
    assert [seen(c) for c in configs] == [value]


def test_explain_reads_the_encoding_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "dedup.toml").write_text('encoding = "latin-1"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_bytes("Caf\u00e9 au lait, twice over here.\n".encode("latin-1"))
    result = invoke("explain", tmp_path / "a.txt")
    assert result.exit_code == 0, result.stderr


def test_explain_says_the_threshold_and_min_chars_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dedup]\nthreshold = 0.95\nmin-chars = 80\n", encoding="utf-8")
    text = "The storm closed three roads in the north.\n\nThe storm closed three roads in the south.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = invoke("explain", tmp_path / "a.txt")
    assert "threshold 0.95" in result.stdout and "min-chars 80" in result.stdout
    result = invoke("explain", "--threshold", "0.85", "--min-chars", "20", tmp_path / "a.txt")
    assert "threshold 0.85" in result.stdout and "min-chars 20" in result.stdout


def test_index_stats_and_clear_find_the_index_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dedup.toml").write_text('index = "custom.sqlite"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("A document of the corpus, long enough to be indexed here.\n", encoding="utf-8")
    assert invoke("index", "build").exit_code == 0
    assert (tmp_path / "custom.sqlite").exists() and not (tmp_path / ".dedup").exists()
    stats = invoke("index", "stats")
    assert stats.exit_code == 0 and json.loads(stats.stdout)["path"] == "custom.sqlite"
    assert invoke("index", "clear").stderr == "custom.sqlite: deleted\n"
    assert not (tmp_path / "custom.sqlite").exists()


def test_the_index_built_with_the_file_is_the_one_check_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The live bug: the index was built with 40 and refused by check, which read the file's value."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.dedup]\nmin-chars = 60\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    boiler = "Subscribe to our newsletter for the latest news, offers and updates from us every single week."
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"{name} opens in its own words.\n\n{boiler}\n", encoding="utf-8")
    built = invoke("index", "build")
    assert built.exit_code == 0, built.stderr
    result = invoke("check", "--scope", "corpus", "b.txt")
    assert result.exit_code == 1, result.stderr  # the boiler (over 60 characters) repeats a.txt's
    assert invoke("index", "build", "--rebuild").exit_code == 0
    assert invoke("check", "--scope", "corpus", "b.txt").exit_code == 1
    # Other settings on the command line: the index (built with 60) is refused.
    refused = invoke("check", "--scope", "corpus", "--min-chars", "100", "b.txt")
    assert refused.exit_code == 2 and "built with other settings" in refused.stderr


def test_the_readme_lists_every_settings_key() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Settings files", 1)[1].split("\n#", 1)[0]
    missing = [key for key in SETTINGS if f"`{key.replace('_', '-')}`" not in section]
    assert not missing, f"settings keys missing from README.md: {missing}"
