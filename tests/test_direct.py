"""The plain command lines of ``check`` and ``clean`` read without typer
(:mod:`dedup.cli.direct`): whatever it takes, it gives the body what typer gives it
(the values, where each came from, the settings file), and it leaves to typer
whatever typer would refuse. Every text here was written for this test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer._click.exceptions import ClickException

import dedup.cli.commands as commands
from dedup.cli.commands import COMMAND_LINE, DEFAULT, ENVIRONMENT, SETTINGS, Given
from dedup.cli.direct import read
from dedup.options import for_command

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"


def _by_typer(args: list[str]) -> Given | None:
    """What typer gives the command's body for ``args``; None for a usage error."""
    from dedup.cli.root import app

    seen: list[Given] = []

    def capture(_body: Any, found: Given) -> int:
        seen.append(found)
        return 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(commands, "invoke", capture)
        try:
            app(args=args, prog_name="dedup", standalone_mode=False)
        except ClickException:
            return None
    assert len(seen) == 1
    return seen[0]


def _same(direct: Given, typed: Given) -> None:
    assert direct.command == typed.command
    assert direct.values == typed.values
    assert {k: type(v) for k, v in direct.values.items()} == {k: type(v) for k, v in typed.values.items()}
    assert direct.sources == typed.sources
    assert (direct.settings, direct.settings_error) == (typed.settings, typed.settings_error)


# Values offered to each kind of option: plain ones direct takes, and others that
# typer converts, checks or refuses.
_TEXT = ["x", "a b", "-", "", "ünï", "-x", "report.json"]
_INT = ["0", "3", "40", "007", "-1", "1e3", "x", " 5", "+5", "٣", "1_000"]
_FLOAT = ["0.8", "1", "1.0", ".5", "0", "2", "nan", "1e-1", "-0.5", "x", "0.90"]


def _values(option: Any) -> st.SearchStrategy[str]:
    if option.choices:
        return st.sampled_from([*option.choices, "bogus", option.choices[0].upper()])
    return st.sampled_from(_INT if option.kind is int else _FLOAT if option.kind is float else _TEXT)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(["check", "clean"]))
    options = for_command(name)
    args = [name]
    for _ in range(draw(st.integers(0, 6))):
        option = draw(st.sampled_from(options))
        flag = draw(st.sampled_from([*option.names, "--" + option.name.replace("_", "-")]))
        if option.kind is bool:
            args += [draw(st.sampled_from([flag, flag + "=1"]))]
            continue
        value = draw(_values(option))
        args += [f"{flag}={value}"] if draw(st.booleans()) and flag.startswith("--") else [flag, value]
    paths = draw(st.lists(st.sampled_from(["a.txt", "b.md", "-", "--", "-qv", "-h", "dir"]), max_size=3))
    for path in paths:
        args.insert(draw(st.integers(1, len(args))), path)
    return args


_SETTINGS = {
    "threshold": [0.8, 1, 0.5, "0.8", 2.0, True],
    "min_chars": [10, 0, -1, 2.5, "10", True],
    "unit": ["line", "auto", "bogus", 3],
    "keep_pattern": [["^x"], "^x", [], [1]],
    "format": ["json", "sarif", "bogus"],
    "on_error": ["skip", "fail"],
    "jobs": [1, 2, 0],
    "scope": ["corpus", "document"],
    "near_duplicate_docs": [True, False, 1],
    "exclude": [["*.md"], ["a", "b"]],
}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return repr(value)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    args=command_lines(),
    table=st.dictionaries(st.sampled_from(sorted(_SETTINGS)), st.integers(0, 5), max_size=4),
    scheduler=st.sampled_from([None, "", "tcp://example.invalid:8786"]),
)
def test_direct_gives_what_typer_gives(args: list[str], table: dict[str, int], scheduler: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        Path("a.txt").write_text(BODY)
        Path("b.md").write_text(BODY)
        os.mkdir("dir")
        lines = [f"{key.replace('_', '-')} = {_toml(_SETTINGS[key][k % len(_SETTINGS[key])])}" for key, k in table.items()]
        Path("pyproject.toml").write_text("[tool.dedup]\n" + "\n".join(lines) + "\n")
        if scheduler is None:
            patch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
        else:
            patch.setenv("DASK_SCHEDULER_ADDRESS", scheduler)
        direct = read(args)
        event("read directly" if direct is not None else "left to typer")
        if direct is not None:
            typed = _by_typer(args)
            assert typed is not None, "direct took a command line typer refuses"
            _same(direct, typed)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "a.txt"],
        ["check", "-q", "a.txt", "b.md"],
        ["clean", "-", "--threshold", "0.85", "--min-chars=10"],
        ["clean", "-i", "a.txt", "--fix", "nfc", "--fix=trailing-space", "-j", "2"],
        ["check", "--format", "sarif", "--report", "-", "--keep-pattern", "^Copyright", "dir"],
        ["clean", "--unit", "line", "--config", "pyproject.toml", "a.txt"],
        ["check", "--isolated", "--scope", "corpus", "--near-duplicate-docs", "a.txt", "--threshold=1"],
        ["check"],
    ],
)
def test_plain_command_lines_are_read_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.md").write_text(BODY)
    (tmp_path / "dir").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.dedup]\nmin-chars = 20\nexclude = ["*.md"]\nthreshold = 1\n')
    direct = read(args)
    assert direct is not None
    typed = _by_typer(args)
    assert typed is not None
    _same(direct, typed)
    assert direct.sources["min_chars"] in ((COMMAND_LINE,) if "--min-chars=10" in args else (SETTINGS, DEFAULT))


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["explain", "a.txt"],
        ["index", "build"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "-qv", "a.txt"],
        ["check", "-j2", "a.txt"],
        ["check", "--", "a.txt"],
        ["check", "--threshold", "nan", "a.txt"],
        ["check", "--threshold", "2", "a.txt"],
        ["check", "--min-chars", "-1", "a.txt"],
        ["check", "--unit", "bogus", "a.txt"],
        ["check", "--quiet=1", "a.txt"],
        ["check", "--report"],
        ["check", "--thresh", "0.8", "a.txt"],
        ["check", "--in-place", "a.txt"],  # clean's flag, not check's
    ],
)
def test_the_rest_is_left_to_typer(args: list[str]) -> None:
    assert read(args) is None


def test_a_settings_value_typer_would_refuse_is_left_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "dedup.toml").write_text("threshold = 0.8\n")
    assert read(["check", "a.txt"]) is not None
    (tmp_path / "dedup.toml").write_text("unit = 'bogus'\n")  # (the settings file refuses it first)
    found = read(["check", "a.txt"])
    assert found is not None and found.settings_error is not None and "bogus" in found.settings_error
    _same(found, _by_typer(["check", "a.txt"]) or Given("none", {}))


def test_the_environment_gives_the_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(BODY)
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://example.invalid:8786")
    found = read(["check", "--isolated", "a.txt"])
    assert found is not None and (found["scheduler"], found.sources["scheduler"]) == ("tcp://example.invalid:8786", ENVIRONMENT)
    assert found.given("scheduler") and not found.from_file("scheduler")


def test_the_allocator_is_set_unless_the_inputs_are_a_few_small_files(tmp_path: Path) -> None:
    from dedup.cli.entry import SMALL, _small

    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(BODY)
    big.write_bytes(b"x" * SMALL)
    assert _small([str(small)]) and _small([str(small)] * 8)
    assert not _small([str(small)] * 9)  # many files: a long run
    assert not _small([str(big)]) and not _small([str(small), str(big)])
    assert not _small(["-"]) and not _small([str(tmp_path)]) and not _small([])  # size unknown
    assert not _small([str(tmp_path / "missing.txt")]) and not _small(["a\0b"])
