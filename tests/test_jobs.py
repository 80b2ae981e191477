"""How many processes a run may start (``dedup.jobs``; issue #14, item 7): ``-j`` and
``jobs`` in a settings file are cut down to the cores here, with one line saying so,
and refused below 1 with one line and exit code 2.

The run itself is replaced by one that only records the options it was given, so a
million asked-for workers are never started, whatever the code under test does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import invoke_dedup
from typer.testing import Result

import dedup.cli
from dedup.jobs import available_cores, checked_jobs
from dedup.report.model import Report

MANY = 1_000_000


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ``jobs`` of every run the command starts (none is really started)."""
    asked: list[int] = []

    def run(paths: Any, *, options: Any, **_: Any) -> Report:
        asked.append(options.jobs)
        return Report()

    monkeypatch.setattr(dedup.cli.running, "run", run)
    return asked


def doc(tmp_path: Path, settings: str | None = None) -> Path:
    if settings is not None:
        (tmp_path / "dedup.toml").write_text(settings, encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text("One small file.\n", encoding="utf-8")
    return path


def invoke(*args: object) -> Result:
    return invoke_dedup(args, strict=False)


def cores_phrase(n: int) -> str:
    return f"{n} core{'' if n == 1 else 's'}"


@pytest.mark.parametrize("command", [["check"], ["clean"], ["index", "build"]])
def test_more_jobs_than_cores_are_cut_down_with_one_line(tmp_path: Path, runs: list[int], command: list[str]) -> None:
    path = doc(tmp_path)
    isolated = [] if command[0] == "index" else ["--isolated"]
    result = invoke(*command, *isolated, "-j", MANY, path)
    assert result.exit_code == 0, result.stderr
    cores = available_cores()
    assert runs == [cores]
    note = f"dedup: -j {MANY} is more than the {cores_phrase(cores)} here; using {cores}"
    assert result.stderr.splitlines()[0] == note


def test_more_jobs_than_cores_in_a_settings_file_are_cut_down(tmp_path: Path, runs: list[int]) -> None:
    path = doc(tmp_path, f"jobs = {MANY}\n")
    result = invoke("check", path)
    assert result.exit_code == 0, result.stderr
    cores = available_cores()
    assert runs == [cores]
    settings = tmp_path / "dedup.toml"
    assert result.stderr.splitlines() == [
        f"dedup: jobs = {MANY} in {settings} is more than the {cores_phrase(cores)} here; using {cores}"
    ]


def test_the_note_is_quiet_under_q_and_the_cores_are_allowed(tmp_path: Path, runs: list[int]) -> None:
    path = doc(tmp_path)
    assert invoke("check", "--isolated", "-q", "-j", MANY, path).stderr == ""
    cores = available_cores()
    result = invoke("check", "--isolated", "-j", cores, path)
    assert result.stderr == ""
    assert runs == [cores, cores]


@pytest.mark.parametrize("jobs", [0, -1])
@pytest.mark.parametrize("command", [["check", "--isolated"], ["clean", "--isolated"], ["index", "update"]])
def test_fewer_than_one_job_is_refused_in_one_line(tmp_path: Path, runs: list[int], jobs: int, command: list[str]) -> None:
    result = invoke(*command, f"--jobs={jobs}", doc(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"dedup: error: -j {jobs}: the number of jobs must be at least 1"]
    assert runs == []


@pytest.mark.parametrize("jobs", [0, -1])
def test_fewer_than_one_job_in_a_settings_file_is_refused(tmp_path: Path, runs: list[int], jobs: int) -> None:
    path = doc(tmp_path, f"jobs = {jobs}\n")
    result = invoke("clean", path)
    assert result.exit_code == 2
    settings = tmp_path / "dedup.toml"
    assert result.stderr.splitlines() == [f"dedup: error: jobs = {jobs} in {settings}: the number of jobs must be at least 1"]
    assert runs == []


def test_the_command_line_wins_over_the_settings_file(tmp_path: Path, runs: list[int]) -> None:
    path = doc(tmp_path, "jobs = 0\n")
    assert invoke("check", "-j", "1", path).exit_code == 0
    assert runs == [1]


@pytest.mark.parametrize(("jobs", "cores", "expected"), [(1, 1, 1), (2, 8, 2), (8, 8, 8), (9, 8, 8), (MANY, 1, 1)])
def test_checked_jobs(jobs: int, cores: int, expected: int) -> None:
    said: list[str] = []
    assert checked_jobs(jobs, f"-j {jobs}", said.append, cores=cores) == expected
    assert len(said) == (1 if jobs > cores else 0)


def test_available_cores_is_at_least_one() -> None:
    assert available_cores() >= 1
