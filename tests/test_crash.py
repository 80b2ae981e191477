"""Crash safety of ``dedup clean -i``: kill it, interrupt it, and check that no byte is lost.

A real ``python -m dedup clean -q -i`` process rewrites a corpus of 1 200 small files (a
third with repeats; several scripts, CRLF, BOM, no final newline, various permission
bits). It is killed with SIGKILL at seeded random moments, again and again on the same
corpus, as a user would re-run it. After each kill every file must be exactly its
original bytes or exactly its fully cleaned bytes (computed with :func:`dedup.clean` in
this process) with its permission bits, and the only debris allowed is
``.NAME.dedup-tmp-*`` temporary files beside existing files. A later run finishes the
job and sweeps them (:func:`dedup.atomic.sweep`).

SIGINT (Ctrl-C) during the work must end with exit code 130 and exactly one line,
``dedup: interrupted``, with the same guarantee for the files. Ctrl-C at other moments
(start-up, argument parsing, with worker processes) and a killed parent's workers have
their own tests.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.atomic import TMP_INFIX, sweep

POSIX = os.name == "posix"
pytestmark = pytest.mark.skipif(not POSIX, reason="needs POSIX signals")

N_FILES = 1200
SEED = 20240905
TMP_NAME = re.compile(r"^\.(?P<name>.+)" + re.escape(TMP_INFIX) + r"[A-Za-z0-9_]+$")

SENTENCES = [
    "The harbour committee met again to discuss the ferry timetable and the new pier.",
    "Residents said the water was back on by noon, after 3 days without it.",
    "Le café crème de la résidence était fermé à 18 h, comme chaque dimanche.",
    "Городской совет утвердил новый бюджет на заседании во вторник вечером.",
    "أعلنت الحكومة عن خطة جديدة للتعليم في عام ٢٠٢٤ تشمل جميع المدارس.",
    "東京都は新しい計画を発表しました。予算は１２億円で、来年から始まります。",
    "הוועדה אישרה את התקציב החדש בישיבה שנערכה ביום שלישי בערב.",
    "Great news everyone 🎉 the launch is confirmed for 3 May 👍🏽 see you there.",
    "e\u0301te\u0301 en Provence : les cigales chantent de 9 h a\u0300 19 h.",
    "Subscribe to our newsletter to get the stories that matter, every morning.",
]

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_COLOR="1")
    env.pop("FORCE_COLOR", None)
    env.pop("DEDUP_DEBUG", None)
    return env


def _document(rng: random.Random, i: int) -> bytes:
    """One small file; one in three has something to remove."""
    paragraphs = [
        " ".join(rng.sample(SENTENCES, rng.randint(1, 3))) + f" Item {i}-{k}." for k in range(rng.randint(2, 4))
    ]
    if i % 3 == 1:
        paragraphs.append(paragraphs[rng.randrange(len(paragraphs))])
        if i % 7 == 0:
            paragraphs.append(paragraphs[0])
    newline = "\r\n" if i % 5 == 0 else "\n"
    text = (newline * 2).join(paragraphs)
    if i % 4:
        text += newline
    if i % 11 == 0:
        text = "\ufeff" + text
    return text.encode("utf-8")


# no 0o444 here: whether -i may replace a read-only file is an open question (test_bad_input.py)
MODES = (0o644, 0o600, 0o640, 0o755, 0o604, 0o664)


class Corpus:
    """The files, their original bytes, their cleaned bytes and their modes."""

    def __init__(self, folder: Path, seed: int = SEED) -> None:
        rng = random.Random(seed)
        self.folder = folder
        self.paths = [folder / f"doc{i:04d}.txt" for i in range(N_FILES)]
        self.original = {p: _document(rng, i) for i, p in enumerate(self.paths)}
        self.modes = {p: MODES[i % len(MODES)] for i, p in enumerate(self.paths)}
        self.cleaned = {p: dedup.clean(data.decode("utf-8")).text.encode("utf-8") for p, data in self.original.items()}
        self.changing = [p for p in self.paths if self.cleaned[p] != self.original[p]]
        assert len(self.changing) >= N_FILES // 4

    def write(self) -> None:
        for path in self.folder.iterdir():
            path.unlink()
        for path in self.paths:
            path.write_bytes(self.original[path])
            os.chmod(path, self.modes[path])

    def argv(self) -> list[str]:
        return [sys.executable, "-m", "dedup", "clean", "-q", "-i", *map(str, self.paths)]

    def check(self) -> tuple[int, int, list[Path]]:
        """Every file is its original or its cleaned bytes, with its mode; the only other
        entries are temporary files beside existing files. Returns (original, cleaned, tmp)."""
        names = {p.name for p in self.paths}
        leftovers = []
        for entry in self.folder.iterdir():
            if entry.name in names:
                continue
            match = TMP_NAME.match(entry.name)
            assert match and match.group("name") in names, f"unexpected debris: {entry.name}"
            assert entry.is_file() and not entry.is_symlink()
            leftovers.append(entry)
        n_original = n_cleaned = 0
        for path in self.paths:
            data = path.read_bytes()
            assert data in (self.original[path], self.cleaned[path]), f"{path.name}: neither original nor cleaned"
            if data == self.original[path]:
                n_original += 1
            if data == self.cleaned[path] and path in self.changing:
                n_cleaned += 1
            assert stat.S_IMODE(path.stat().st_mode) == self.modes[path], f"{path.name}: mode changed"
        return n_original, n_cleaned, leftovers

    def assert_done(self) -> None:
        for path in self.paths:
            assert path.read_bytes() == self.cleaned[path], path.name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    # On the real disk: fsync makes the window between the temporary file and the
    # rename wide enough that kills leave temporary files behind, as they would.
    return Corpus(tmp_path_factory.mktemp("corpus"))


def _full_run(corpus: Corpus) -> None:
    done = subprocess.run(corpus.argv(), capture_output=True, env=_env(), timeout=300, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def _start_and_signal(corpus: Corpus, target: Path | None, delay: float, sig: int) -> tuple[int, bytes, bytes]:
    """Start ``dedup clean -i`` on the corpus; once ``target`` has been replaced (or
    at once), wait ``delay`` seconds and send ``sig``. Returns the exit code and output."""
    inode = target.stat().st_ino if target else None
    process = subprocess.Popen(corpus.argv(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        if target is not None:
            deadline = time.monotonic() + 120
            while target.stat().st_ino == inode and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(sig)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode, out, err


def _pending(corpus: Corpus) -> list[Path]:
    return [p for p in corpus.changing if p.read_bytes() != corpus.cleaned[p]]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(corpus: Corpus) -> None:
    """Killed again and again on the same corpus, as a user would re-run it: the kill
    lands just after a random file was replaced (plus a random few milliseconds), or,
    once, at a random moment of the start-up."""
    corpus.write()
    rng = random.Random(SEED)
    outcomes = []
    for attempt in range(6):
        pending = _pending(corpus)
        if attempt == 0:  # during start-up or the first files
            target, delay = None, rng.uniform(0.0, 0.3)
        else:  # somewhere in the first two thirds of what is left to do
            target, delay = pending[rng.randrange(max(1, 2 * len(pending) // 3))], rng.uniform(0.0, 0.004)
        code, _, _ = _start_and_signal(corpus, target, delay, signal.SIGKILL)
        n_original, n_cleaned, leftovers = corpus.check()
        outcomes.append((code, n_original, n_cleaned, len(leftovers)))

    # The kills must have landed in the middle of the work, or this test proves
    # nothing: some files rewritten, others not yet.
    assert (
        sum(code == -signal.SIGKILL and 0 < cleaned < len(corpus.changing) for code, _, cleaned, _ in outcomes) >= 3
    ), outcomes

    # A later run on the half-done corpus finishes the job (cleaned files are left as
    # they are: cleaning is idempotent) and sweeps the temporary files the kills left.
    left = corpus.check()[2]
    _full_run(corpus)
    corpus.assert_done()
    assert corpus.check()[2] == []
    assert all(not p.exists() for p in left)
    print(f"SIGKILL outcomes (rc, original, cleaned, tmp): {outcomes}")


@pytest.mark.slow
def test_sigint_during_the_work_exits_130_with_one_line(corpus: Corpus) -> None:
    corpus.write()
    rng = random.Random(SEED + 1)
    interrupted = 0
    results = []
    for _ in range(3):
        pending = _pending(corpus)
        # wait until the work has begun (a changed file was replaced), so that the
        # signal lands in the command and not in the interpreter's start-up
        target = pending[rng.randrange(max(1, len(pending) // 2))]
        code, out, err = _start_and_signal(corpus, target, rng.uniform(0.0, 0.01), signal.SIGINT)
        n_original, n_cleaned, leftovers = corpus.check()
        results.append((code, n_original, n_cleaned, len(leftovers)))
        if code == 0:  # it finished before the signal arrived
            corpus.assert_done()
            continue
        interrupted += 1
        assert (code, out, err) == (130, b"", b"dedup: interrupted\n")
        # unlike a kill, a Ctrl-C leaves no temporary file, even one that lands as the
        # temporary file is made (test_ctrl_c_inside_mkstemp_leaves_no_temporary)
        assert results[-1][3] == 0, results
    assert interrupted, results
    _full_run(corpus)
    corpus.assert_done()
    assert corpus.check()[2] == []
    print(f"SIGINT outcomes (rc, original, cleaned, tmp): {results}")


def test_ctrl_c_inside_mkstemp_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from dedup.cli import app

    real_open = os.open

    def interrupted_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_open(path, flags, *args, **kwargs)
        if TMP_INFIX in str(path) and flags & os.O_CREAT:
            os.close(fd)
            raise KeyboardInterrupt  # as the signal handler does when the call returns
        return fd

    target = tmp_path / "a.txt"
    target.write_text(BODY + "\n" + BODY)
    monkeypatch.setattr(os, "open", interrupted_open)
    result = CliRunner().invoke(app, ["clean", "-q", "-i", str(target)], env={"NO_COLOR": "1"})
    monkeypatch.undo()
    assert (result.exit_code, result.stderr) == (130, "dedup: interrupted\n")
    assert target.read_text() == BODY + "\n" + BODY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("where", ["fdopen", "write"])
def test_ctrl_c_just_after_the_temporary_is_made_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The steps between making the temporary file and being ready to remove it on an
    interrupt (opening a stream on it, the first write) are where a Ctrl-C used to
    leave one behind (a CI run of the SIGINT test above caught it)."""
    from dedup import atomic

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    target = tmp_path / "a.txt"
    target.write_text("old")
    if where == "fdopen":
        monkeypatch.setattr(atomic.os, "fdopen", interrupted)
    else:
        monkeypatch.setattr(atomic.AtomicFile, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(str(target), b"new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_ctrl_c_as_a_shard_s_temporary_is_opened_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.inputs import lines, sink
    from dedup.inputs.jsonl import JSONL

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    shard = tmp_path / "s.jsonl"
    data = json.dumps({"id": "a", "text": BODY + "\n" + BODY}).encode() + b"\n"
    shard.write_bytes(data)
    monkeypatch.setattr(lines, "open_compressed", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sink.ShardSink(JSONL, str(shard))
    monkeypatch.undo()
    assert shard.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.jsonl"]


# --- several processes (-j 2): a terminal's Ctrl-C reaches the whole process group -----


def _live_children(pid: int) -> list[int]:
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            children.append(int(entry))
    return children


def _start_pool(corpus: Corpus) -> tuple[subprocess.Popen[bytes], list[int]]:
    """``dedup clean -i -j 2 FOLDER`` in a session of its own; returns it once its
    workers are up and it has begun writing."""
    first = corpus.changing[0]
    inode = first.stat().st_ino
    process = subprocess.Popen(
        [sys.executable, "-m", "dedup", "clean", "-q", "-i", "-j", "2", str(corpus.folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and process.poll() is None:
        workers = _live_children(process.pid)
        if len(workers) >= 2 and first.stat().st_ino != inode:
            break
        time.sleep(0.005)
    return process, workers


def _wchan(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/wchan") as handle:
            return handle.read()
    except OSError:
        return ""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_with_worker_processes_is_one_line_and_does_not_hang(corpus: Corpus) -> None:
    """Made deterministic with SIGSTOP: the parent stops reading (as when it is busy
    writing files), the workers fill the result pipe and block or go idle; then the
    terminal's Ctrl-C reaches everyone."""
    corpus.write()
    process, workers = _start_pool(corpus)
    try:
        assert workers, "the workers did not start"
        os.kill(process.pid, signal.SIGSTOP)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not any("pipe_write" in _wchan(w) for w in workers):
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGINT)
        os.kill(process.pid, signal.SIGCONT)
        try:
            _, err = process.communicate(timeout=8)  # it takes well under a second
        except subprocess.TimeoutExpired:
            raise AssertionError("dedup hung after Ctrl-C") from None
        corpus.check()
        assert (process.returncode, err) == (130, b"dedup: interrupted\n")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_run_leaves_no_worker_processes(corpus: Corpus) -> None:
    corpus.write()
    process, workers = _start_pool(corpus)
    try:
        assert workers, "the workers did not start"
        process.send_signal(signal.SIGKILL)  # the parent only, as the OOM killer does
        process.wait(timeout=60)
        deadline = time.monotonic() + 3
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.05)
            alive = [w for w in workers if os.path.exists(f"/proc/{w}") and _state(w) != "Z"]
        corpus.check()
        assert alive == [], f"worker processes {alive} outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.stderr is not None:
            process.stderr.close()


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


# --- Ctrl-C outside the command's body -------------------------------------------------

_IMPORT_HOOK = textwrap.dedent(
    """
    import runpy, sys

    class Interrupt:
        # Ctrl-C while the command line is still importing its modules
        def find_spec(self, name, path=None, target=None):
            if name == {module!r}:
                raise KeyboardInterrupt
            return None

    sys.meta_path.insert(0, Interrupt())
    sys.argv[0] = "dedup"
    runpy.run_module("dedup", run_name="__main__", alter_sys=True)
    """
)


@pytest.mark.parametrize(
    ("module", "flags"),
    [("dedup.text.engine", ["-q", "-i"]), ("typer", ["-qi"])],  # (combined flags: typer reads them)
    ids=["direct", "typer"],
)
def test_sigint_during_start_up_is_one_line(tmp_path: Path, module: str, flags: list[str]) -> None:
    target = tmp_path / "a.txt"
    body = "The council approved the new budget on Tuesday evening.\n"
    target.write_text(body + "\n" + body)
    before = target.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_HOOK.format(module=module), "clean", *flags, str(target)],
        capture_output=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert target.read_bytes() == before
    assert (done.returncode, done.stderr) == (130, b"dedup: interrupted\n")


def _interrupted_while_parsing(monkeypatch: pytest.MonkeyPatch, direct: bool = False) -> tuple[int, bytes]:
    """``main(["clean", "--", "-"])`` (typer reads it) with a Ctrl-C after parsing,
    before the command's body; ``direct``: ``main(["clean", "-"])``, which
    :mod:`dedup.cli.direct` reads, with a Ctrl-C while it reads the settings."""
    from typer.testing import CliRunner

    import dedup.cli.direct
    from dedup.cli import app, main

    def interrupted() -> None:  # (typer reads a callback's parameters: none)
        raise KeyboardInterrupt

    if direct:
        monkeypatch.setattr(dedup.cli.direct, "read_settings", lambda *_: interrupted())
    else:  # the group's callback runs after parsing and before the command: the same window
        monkeypatch.setattr(app.registered_callback, "callback", interrupted)
    with CliRunner().isolation(input=b"text\n", env={"NO_COLOR": "1"}) as (_out, err, _mixed):
        code = main(["clean", "-"] if direct else ["clean", "--", "-"])
        sys.stderr.flush()  # the runner's stream is buffered
        stderr = err.getvalue()
    monkeypatch.undo()
    return code, stderr


def test_sigint_during_argument_parsing_says_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    # It used to exit 130 silently (typer turns KeyboardInterrupt into Exit(130) itself).
    import dedup.cli

    # (reset what an earlier Ctrl-C in this process left: see the next test)
    monkeypatch.setattr(dedup.cli.commands, "interrupted_said", False)
    assert _interrupted_while_parsing(monkeypatch) == (130, b"dedup: interrupted\n")
    assert _interrupted_while_parsing(monkeypatch, direct=True) == (130, b"dedup: interrupted\n")


def test_every_interrupted_call_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import dedup.cli

    def interrupted() -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(dedup.cli.inputs, "read_stdin", interrupted)
    with CliRunner().isolation(input=b"text\n", env={"NO_COLOR": "1"}) as (_out, err, _mixed):
        first = dedup.cli.main(["clean", "-"])  # interrupted in the command's body
        sys.stderr.flush()
        assert (first, err.getvalue()) == (130, b"dedup: interrupted\n")
    monkeypatch.undo()
    assert _interrupted_while_parsing(monkeypatch) == (130, b"dedup: interrupted\n")


# --- leftovers of a killed run ---------------------------------------------------------


def _left_by_a_finished_process(path: Path) -> str:
    """The name of a temporary file made beside ``path`` by a process that has ended
    (as a killed run leaves one)."""
    code = "import os, sys; from dedup.atomic import create_temporary; h, t = create_temporary(sys.argv[1]); print(t)"
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, check=True, timeout=60)
    return os.fsdecode(done.stdout.rstrip(b"\n"))


@pytest.mark.parametrize("changed", [True, False], ids=["rewritten-file", "unchanged-file"])
def test_sweep_removes_only_leftovers(tmp_path: Path, changed: bool) -> None:
    target = tmp_path / "a.txt"
    target.write_text(BODY + "\n" + BODY if changed else BODY)
    leftover = tmp_path / f".a.txt{TMP_INFIX}k1ll3d"
    leftover.write_bytes(b"partial")
    other = tmp_path / f".b.txt{TMP_INFIX}x"  # beside another file: not ours to remove
    other.write_bytes(b"x")
    assert sweep(str(target)) == [str(leftover)]
    assert not leftover.exists() and other.exists() and target.exists()


def test_sweep_finds_the_leftover_of_a_name_near_name_max(tmp_path: Path) -> None:
    """A temporary name is cut short (with a hash of the whole name) to fit in 255
    bytes; the sweep finds it, and not the one of a file with the same beginning."""
    target = tmp_path / ("é" * 123 + ".txt")  # 250 bytes in UTF-8
    twin = tmp_path / ("é" * 123 + ".txx")
    made = []
    for path in (target, twin):
        path.write_text(BODY)
        temporary = _left_by_a_finished_process(path)
        assert len(os.fsencode(os.path.basename(temporary))) <= 255
        assert os.path.basename(temporary).startswith("." + "é" * 100) and TMP_INFIX in temporary
        made.append(temporary)
    assert sweep(str(target)) == [made[0]]
    assert sorted(os.listdir(tmp_path)) == sorted([target.name, twin.name, os.path.basename(made[1])])


@pytest.mark.parametrize("changed", [True, False], ids=["rewritten-file", "unchanged-file"])
def test_a_later_in_place_run_sweeps_leftovers(tmp_path: Path, changed: bool) -> None:
    from typer.testing import CliRunner

    from dedup.cli import app

    target = tmp_path / "a.txt"
    target.write_text(BODY + "\n" + BODY if changed else BODY)
    leftover = tmp_path / f".a.txt{TMP_INFIX}k1ll3d"
    leftover.write_bytes(b"partial")
    result = CliRunner().invoke(app, ["clean", "-q", "-i", str(target)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert target.read_text() == BODY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
