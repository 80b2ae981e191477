"""Start-up of the ``dedup`` command: pre-commit runs ``dedup check`` on every commit
(issue #4), so one small file must not load what only other options need; and a
Ctrl-C while the command is still importing ends like any other (issue #5).

No timings here (bench/run.py measures them): what is imported is what regresses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dedup import native

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"

# Loaded by `dedup check FILE` on one small file, they would each cost milliseconds
# for an option or a kind of input that was not asked for.
NOT_NEEDED = {
    "pydantic": "typer 0.29 imports it for every call (pyproject asks for typer < 0.29)",
    "numpy": "--near-duplicate-docs",
    "sqlite3": "--index, --scope corpus",
    "concurrent.futures": "-j 2 or more",
    "multiprocessing": "-j 2 or more",
    "rapidfuzz": "paragraphs with a near (not equal) candidate",
    "zstandard": ".jsonl.zst shards",
    "dask": "--executor dask",
    "distributed": "--executor dask",
    "rich": "progress and tables at a terminal",
    "typer": "a command line other than a plain check or clean (dedup.cli.direct reads those)",
    "subprocess": "folders walked (git check-ignore)",
    # issue #15 (start-up): imported where the option or input that needs them is handled
    "dedup.corpus.scope": "--scope corpus, --index",
    "dedup.corpus.memory": "--scope corpus, --index",
    "dedup.corpus.summary": "--scope corpus, --index",
    "dedup.corpus.shards": "JSONL and Parquet shards",
    "dedup.corpus.chunks": "JSONL and Parquet shards",
    "pickle": "shards in chunks, process pools",
    "tempfile": "a spooled report, an upload to a URL",
    "hashlib": "a file written (-i, -o, --report)",
    "secrets": "a file written (-i, -o, --report)",
    "glob": "a file written (-i, -o, --report)",
    "tomllib": "a settings file (there is none here)",
    "json": "JSONL shards, JSON reports",
    "gzip": ".gz shards",
    "dedup.report.stream": "a report streamed while the run goes (JSON, JSON Lines)",
    "dedup.inputs.protocol": "shards (dedup.inputs declares the formats without loading them)",
    "dedup.inputs.lines": "JSONL shards",
    "dedup.inputs.jsonl": "JSONL shards",
    "dedup.inputs.parquet": "Parquet shards",
}
if native.core is not None:  # the Python engine compiles its patterns with it
    NOT_NEEDED["regex"] = "patterns the compiled core does not use on this text (dedup.text.patterns)"

# The console script's own code (see [project.scripts]), reporting what was loaded.
_RUN = textwrap.dedent(
    """
    import sys
    from dedup.__main__ import main
    code = main(sys.argv[2:])
    loaded = sorted(sys.modules)
    import json
    with open(sys.argv[1], "w") as out:
        json.dump(loaded, out)
    sys.exit(code)
    """
)


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("DEDUP_DEBUG", None)
    return env


@pytest.mark.parametrize(
    ("args", "code"),
    [(["check", "-q", "a.txt"], 1), (["clean", "a.txt"], 0), (["clean", "-"], 0)],
    ids=["check -q FILE", "clean FILE", "clean -"],
)
def test_one_small_file_loads_only_what_it_needs(tmp_path: Path, args: list[str], code: int) -> None:
    target = tmp_path / "a.txt"
    target.write_text("Budget\n\n" + BODY + "\n" + BODY)  # one exact repeat, no near candidate
    loaded = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(loaded), *args],
        input=target.read_bytes(),
        capture_output=True,
        env=_env(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == code, done.stderr
    assert b"78 bytes" in done.stdout + done.stderr  # the repeat was found (said), so the engine ran
    modules = set(json.loads(loaded.read_text()))
    not_needed = NOT_NEEDED if "-" in args else {**NOT_NEEDED, "ctypes": "inputs of a megabyte or more, or unknown"}
    found = {name: why for name, why in not_needed.items() if name in modules}
    assert found == {}, "loaded for what was not asked: " + "; ".join(f"{n} ({w})" for n, w in found.items())


_INTERRUPT_AT = textwrap.dedent(
    """
    import sys

    class Interrupt:
        # a Ctrl-C while the command line is still importing this module
        def find_spec(self, name, path=None, target=None):
            if name == sys.argv[1]:
                raise KeyboardInterrupt
            return None

    sys.meta_path.insert(0, Interrupt())
    from dedup.__main__ import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.parametrize("module", ["dedup.config", "dedup.cli.direct", "dedup.batch", "dedup.text.words", "dedup.config_file"])
def test_ctrl_c_while_importing_is_one_line(tmp_path: Path, module: str) -> None:
    target = tmp_path / "a.txt"
    target.write_text(BODY + "\n" + BODY)
    before = target.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_AT, module, "clean", "-q", "-i", str(target)],
        capture_output=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (130, b"dedup: interrupted\n")
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["a.txt"]


# The command as [project.scripts] runs it, with an exit handler and an object that only
# the interpreter's teardown would free.
_ENDED = textwrap.dedent(
    """
    import atexit, sys
    from dedup.__main__ import run

    class Freed:
        def __del__(self):
            sys.stderr.write("torn down\\n")

    kept = Freed()
    atexit.register(sys.stderr.write, "exit handler ran\\n")
    run()
    """
)


def test_the_command_ends_without_the_teardown_but_runs_the_exit_handlers(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("Budget\n\n" + BODY + "\n" + BODY)
    done = subprocess.run(
        [sys.executable, "-c", _ENDED, "clean", "a.txt"], capture_output=True, env=_env(), cwd=tmp_path, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("Budget\n\n" + BODY).encode()  # flushed, whole
    assert done.stderr.endswith(b"exit handler ran\n")
    assert b"torn down" not in done.stderr  # os._exit: the teardown's ~15 ms were skipped


def test_a_command_line_that_names_a_command_builds_that_one_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer.main

    from dedup.cli import app, main

    built: list[str | None] = []
    real = typer.main.get_command_from_info

    def spy(command_info: typer.models.CommandInfo, **kwargs: object) -> object:
        built.append(command_info.name)
        return real(command_info, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(typer.main, "get_command_from_info", spy)
    target = tmp_path / "a.txt"
    target.write_text(BODY)
    registered = list(app.registered_commands)
    assert main(["check", "-q", "--isolated", "--", str(target)]) == 0  # (typer reads a command line with --)
    assert built == ["check"]  # typer made a click command of it alone
    assert app.registered_commands == registered  # and the group has them all again
    built.clear()
    assert main(["chek"]) == 2  # not a command's name: the whole group, which knows the others
    assert "Did you mean 'check'?" in capsys.readouterr().err
    assert sorted(name for name in built if name) == ["build", "check", "clean", "clear", "explain", "stats", "update"]
