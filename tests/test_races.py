"""Races with the file system and with other processes (issue 14, items 1, 2, 3, 16, 17).

- A file changed between the read and the rename of ``clean -i`` (appended to,
  turned into a link) is refused with one line and exit 2: newer bytes are never
  replaced by bytes made from older ones, and a link is never written through.
- ``-o DIR`` never writes through a link it finds in DIR (an output, a folder, the report).
- SIGINT or SIGTERM to the parent alone, with worker processes, ends with one line
  and 130 / 143, at once, with no temporary file left.
- A run's sweep of leftover temporary files spares those of a run still going on.

The races are made deterministic: a real ``python -m dedup`` whose library function
is wrapped, so that the other writer acts exactly between the read and the write.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

import dedup.batch
import dedup.inputs.sink
from dedup.atomic import STALE_AFTER, TMP_INFIX, create_temporary

POSIX = os.name == "posix"
LINUX = sys.platform.startswith("linux")
pytestmark = pytest.mark.skipif(not POSIX, reason="needs POSIX links and signals")

BODY = "The harbour committee met again to discuss the ferry timetable and the new pier.\n"
DOUBLED = BODY + "\n" + BODY
APPENDED = b"\nA line another process appended while dedup was cleaning.\n"


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("FORCE_COLOR", None)
    env.pop("DEDUP_DEBUG", None)
    return env


# A real dedup process with one function the run calls wrapped (where the run's
# modules import it from): ``{hook}`` runs when it is called (with its first argument
# as ``path``), ``{after}`` when it returns.
_WRAPPED = textwrap.dedent(
    """
    import importlib, os, runpy, sys

    module = importlib.import_module({module!r})
    real = getattr(module, {name!r})

    def wrapped(*args, **kwargs):
        path = str(args[0])
        {hook}
        result = real(*args, **kwargs)
        {after}
        return result

    setattr(module, {name!r}, wrapped)
    sys.argv[0] = "dedup"
    runpy.run_module("dedup", run_name="__main__", alter_sys=True)
    """
)


def _dedup_with(name: str, hook: str, *argv: str, cwd: Path, after: str = "") -> subprocess.CompletedProcess[bytes]:
    module = {"write_atomic": "dedup.inputs.plain", "replace_file": "dedup.inputs.sink"}.get(name, "dedup.batch")
    script = _WRAPPED.format(module=module, name=name, hook=hook or "pass", after=after or "pass")
    return subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, env=_env(), cwd=cwd, timeout=60, check=False
    )


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- 1. a file written to between the read and the rename ------------------------------


@pytest.mark.parametrize("walked", [False, True], ids=["named", "walked"])
def test_lines_appended_while_cleaning_are_not_lost(tmp_path: Path, walked: bool) -> None:
    """Another process appends to the file after dedup read it and before the rename:
    the file is refused (one line, exit 2) and keeps every byte, the appended ones too.
    (It used to be rewritten from the old bytes: the appended lines were gone, exit 0.)"""
    folder = tmp_path / "docs"
    folder.mkdir()
    target = folder / "a.txt"
    target.write_text(DOUBLED)
    other = folder / "b.txt"
    other.write_text(DOUBLED)
    hook = f"if path.endswith('a.txt'): open(path, 'ab').write({APPENDED!r})"
    done = _dedup_with("write_atomic", hook, "clean", "-q", "-i", str(folder if walked else target), cwd=tmp_path)
    assert target.read_bytes() == DOUBLED.encode() + APPENDED
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().splitlines() == [
        f"dedup: error: {target if walked else os.path.realpath(target)}: changed while it was being cleaned; "
        "not rewritten (run dedup again)"
    ]
    if walked:  # the others are still cleaned
        assert other.read_text() == BODY
    assert _names(folder) == ["a.txt", "b.txt"]


def _append_to_shard(path: str, line: bytes) -> None:
    opener: Any = gzip.open if path.endswith(".gz") else open
    with opener(path, "ab") as handle:  # a gzip file may hold several members
        handle.write(line)


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_a_shard_appended_to_while_cleaning_is_not_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    shard = tmp_path / f"part{suffix}"
    line = json.dumps({"id": "a", "text": DOUBLED}).encode() + b"\n"
    _append_to_shard(str(shard), line)
    late = json.dumps({"id": "late", "text": "Written while dedup was cleaning.\n"}).encode() + b"\n"
    real = dedup.inputs.sink.replace_file

    def racing(temporary: str, path: str, *args: Any, **kwargs: Any) -> None:
        _append_to_shard(str(shard), late)  # the other writer, just before the rename
        real(temporary, path, *args, **kwargs)

    monkeypatch.setattr(dedup.inputs.sink, "replace_file", racing)
    report = dedup.batch.run([str(tmp_path)], in_place=True)
    monkeypatch.undo()
    with (gzip.open if suffix.endswith(".gz") else open)(shard, "rb") as handle:
        assert handle.read() == line + late
    assert [message for _path, message in report.errors] == [
        f"{shard}: changed while it was being cleaned; not rewritten (run dedup again)"
    ]
    assert _names(tmp_path) == [shard.name]


def test_an_unchanged_file_is_still_rewritten(tmp_path: Path) -> None:
    """The check does not refuse a file nobody touched (the stamp taken at the read is
    the one found before the rename)."""
    target = tmp_path / "a.txt"
    target.write_text(DOUBLED)
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(json.dumps({"id": "a", "text": DOUBLED}).encode() + b"\n")
    report = dedup.batch.run([str(tmp_path)], in_place=True)
    assert report.errors == []
    assert target.read_text() == BODY
    assert json.loads(shard.read_bytes())["text"] == BODY


# --- 3. a walked file turned into a link -------------------------------------------------


_SWAP = "if path.endswith('{name}'): os.replace(path, path + '.moved'); os.symlink({outside!r}, path)"


@pytest.mark.parametrize("name", ["a.txt", "s.jsonl"])
@pytest.mark.parametrize("moment", ["before-the-read", "before-the-write"])
def test_a_walked_file_turned_into_a_link_is_not_written_through(tmp_path: Path, name: str, moment: str) -> None:
    """The walk found a regular file; it is swapped for a link to a file outside the
    folder before dedup reads it (after the walk) or before it writes it back. The
    file outside keeps its bytes, the link stays a link, and the run says so."""
    folder = tmp_path / "docs"
    folder.mkdir()
    target = folder / name
    content = DOUBLED.encode() if name.endswith(".txt") else json.dumps({"id": "a", "text": DOUBLED}).encode() + b"\n"
    target.write_bytes(content)
    outside = tmp_path / f"outside-{name}"
    outside.write_bytes(content)
    swap = _SWAP.format(name=name, outside=str(outside))
    if moment == "before-the-read":  # just after the walk
        after = f"path = {str(target)!r}\n    {swap}"
        done = _dedup_with("expand_named", "", "clean", "-q", "-i", str(folder), cwd=tmp_path, after=after)
    elif name.endswith(".txt"):
        done = _dedup_with("write_atomic", swap, "clean", "-q", "-i", str(folder), cwd=tmp_path)
    else:  # a shard is renamed over its name by replace_file (args: temporary, path, ...)
        done = _dedup_with("replace_file", f"path = {str(target)!r}\n    {swap}", "clean", "-q", "-i", str(folder), cwd=tmp_path)
    assert outside.read_bytes() == content
    assert target.is_symlink()
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.decode().splitlines()
    assert line.startswith(f"dedup: error: {target}: ") and "symbolic link" in line, line
    assert _names(folder) == sorted([name, name + ".moved"])


def test_a_link_named_on_the_command_line_is_followed(tmp_path: Path) -> None:
    """What the README promises for a link the user names: its target is rewritten,
    the link stays."""
    real = tmp_path / "real.txt"
    real.write_text(DOUBLED)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    report = dedup.batch.run([str(link)], in_place=True)
    assert report.errors == []
    assert real.read_text() == BODY and link.is_symlink()


# --- 2. -o DIR and links inside it --------------------------------------------------------


def _run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dedup", *argv], capture_output=True, env=_env(), cwd=cwd, timeout=60, check=False
    )


@pytest.mark.parametrize("kind", ["file", "shard", "report", "folder"])
def test_output_dir_never_writes_through_a_link(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "a.txt").write_text(DOUBLED)
    (source / "s.jsonl").write_bytes(json.dumps({"id": "a", "text": DOUBLED}).encode() + b"\n")
    (source / "sub" / "b.txt").write_text(DOUBLED)
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    keep = b"not dedup's to overwrite\n"
    (outside / "kept").write_bytes(keep)
    planted = {"file": "a.txt", "shard": "s.jsonl", "report": "dedup-report.json", "folder": "sub"}[kind]
    (out / planted).symlink_to(outside if kind == "folder" else outside / "kept")
    done = _run("clean", "-q", "-o", "out", "in", cwd=tmp_path)
    assert (outside / "kept").read_bytes() == keep
    assert _names(outside) == ["kept"]
    assert (out / planted).is_symlink()
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.decode().splitlines()
    assert line.startswith(f"dedup: error: out/{planted}: ") and "symbolic link" in line, line
    # the other outputs are written
    written = {"a.txt", "s.jsonl", "sub", "dedup-report.json"} - {planted}
    assert written <= set(_names(out))


def test_output_dir_given_as_a_link_is_used(tmp_path: Path) -> None:
    """DIR itself may be a link (the user named it); only links inside it are refused."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DOUBLED)
    (tmp_path / "real-out").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real-out")
    done = _run("clean", "-q", "-o", "out", "in", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "real-out" / "a.txt").read_text() == BODY


# --- 17. another run's temporary file ------------------------------------------------------


def test_the_sweep_spares_a_live_run_s_temporary_file(tmp_path: Path) -> None:
    """This test process stands for another ``clean -i`` run with a temporary file in
    flight beside the file: a second run cleans the file and leaves that file alone.
    (The sweep used to delete it, and the first run then failed with "cannot write".)"""
    target = tmp_path / "a.txt"
    target.write_text(DOUBLED)
    handle, in_flight = create_temporary(str(target))
    try:
        os.write(handle, b"the other run's bytes")
        done = _run("clean", "-q", "-i", "a.txt", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert target.read_text() == BODY
        assert os.path.exists(in_flight)
    finally:
        os.close(handle)
        os.unlink(in_flight)


def test_the_sweep_removes_a_stale_one_whatever_its_pid(tmp_path: Path) -> None:
    """A pid can be given to another process: a temporary file untouched for longer
    than STALE_AFTER is a leftover even if its pid is alive."""
    target = tmp_path / "a.txt"
    target.write_text(DOUBLED)
    handle, old = create_temporary(str(target))
    os.close(handle)
    long_ago = time.time() - STALE_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    done = _run("clean", "-q", "-i", "a.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _names(tmp_path) == ["a.txt"]


def test_temporary_names_say_whose_they_are(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250)  # a name near NAME_MAX: the temporary one still fits
    handle, temporary = create_temporary(str(target))
    os.close(handle)
    os.unlink(temporary)
    name = os.path.basename(temporary)
    assert len(os.fsencode(name)) <= 255
    assert name.split(TMP_INFIX)[1].split("_")[0] == str(os.getpid())


# --- 16. SIGINT and SIGTERM to the parent alone -------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    found.append(int(entry))
    return found


def _blocked_in_a_pipe(pid: int) -> bool:
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/wchan") as handle:
            if "pipe_write" in handle.read():
                return True
    return False


@pytest.fixture(scope="module")
def busy_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough text that the work sent to two workers fills the pipe to them."""
    folder = tmp_path_factory.mktemp("busy")
    block = "".join(f"Line {k} of the harbour report, on the ferry, the pier and the weather.\n" for k in range(40))
    for i in range(300):
        (folder / f"f{i:04d}.txt").write_text(f"Title {i}\n\n{block}\n{block}")
    return folder


@pytest.mark.skipif(not LINUX, reason="reads /proc")
@pytest.mark.parametrize(("sig", "line", "code"), [(signal.SIGINT, "interrupted", 130), (signal.SIGTERM, "terminated", 143)])
def test_a_signal_to_the_parent_alone_ends_the_run_at_once(
    tmp_path: Path, busy_corpus: Path, sig: int, line: str, code: int
) -> None:
    """Made deterministic with SIGSTOP: the workers stop taking work (as when they are
    busy with big documents), the pipe to them fills and the parent's feeder thread
    blocks writing to it; then the signal reaches the parent alone. It used to hang
    there for ever after ``dedup: interrupted`` (SIGINT), or die without a word (SIGTERM)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in busy_corpus.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    process = subprocess.Popen(
        [sys.executable, "-m", "dedup", "clean", "-q", "-i", "-j", "2", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            time.sleep(0.002)
        assert len(workers) >= 2, "the workers did not start"
        for worker in workers:
            os.kill(worker, signal.SIGSTOP)
        deadline = time.monotonic() + 10
        while not _blocked_in_a_pipe(process.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, sig)
        try:
            _, err = process.communicate(timeout=30)  # well under a second once it works
        except subprocess.TimeoutExpired:
            raise AssertionError("dedup hung after the signal") from None
        assert (process.returncode, err) == (code, f"dedup: {line}\n".encode())
        assert not [n for n in os.listdir(folder) if TMP_INFIX in n]
        for worker in workers:
            assert not os.path.exists(f"/proc/{worker}") or _children(process.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def test_sigterm_while_a_temporary_file_is_open_removes_it(tmp_path: Path) -> None:
    """SIGTERM while a shard is being cleaned into its temporary file: one line, 143,
    the shard as it was, and no temporary file (it used to be left behind)."""
    shard = tmp_path / "big.jsonl"
    lines = [json.dumps({"id": i, "text": f"Paragraph {i} about the pier.\n\n" + DOUBLED}) for i in range(30000)]
    shard.write_text("\n".join(lines) + "\n")
    before = shard.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "dedup", "clean", "-q", "-i", "-j", "1", str(shard)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if any(TMP_INFIX in name for name in os.listdir(tmp_path)):
                process.send_signal(signal.SIGTERM)
                break
            time.sleep(0.001)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert (process.returncode, err) == (143, b"dedup: terminated\n")
    assert shard.read_bytes() == before
    assert _names(tmp_path) == ["big.jsonl"]


_SIGNAL_AT_FORK = textwrap.dedent(
    """
    import os, runpy, signal, sys

    def signal_in_the_fork():
        # the signal lands while the parent runs Python code just after a fork
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass

    os.register_at_fork(after_in_parent=signal_in_the_fork)
    sys.argv[0] = "dedup"
    runpy.run_module("dedup", run_name="__main__", alter_sys=True)
    """
)


def test_a_ctrl_c_during_the_fork_of_a_worker_is_not_lost(tmp_path: Path) -> None:
    """A Ctrl-C raised inside an at-fork hook is "ignored" by Python: the run went on
    and exited 0 as if nothing had happened. Signals are held back while workers are
    started, so it now ends the run as any Ctrl-C does."""
    for i in range(4):
        (tmp_path / f"f{i}.txt").write_text(f"Title {i}\n\n" + DOUBLED)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    done = subprocess.run(
        [sys.executable, "-c", _SIGNAL_AT_FORK, "clean", "-q", "-i", "-j", "2", str(tmp_path)],
        capture_output=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (130, b"dedup: interrupted\n")
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(after) == set(before)  # no temporary file
    assert all(after[n] in (before[n], before[n].replace(DOUBLED.encode(), BODY.encode())) for n in after)


FINALIZER_SCRIPT = """
import gc, os, signal, sys
from dedup import interrupts
interrupts.install()

class Finalized:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(10000):  # the handler runs here, inside the finalizer
            pass

import time
try:
    Finalized()
    gc.collect()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        pass
except KeyboardInterrupt as stop:
    print(type(stop).__name__)
else:
    print("lost")
"""


def test_a_signal_that_lands_in_a_finalizer_is_not_lost() -> None:
    """Python swallows an exception raised in a finalizer (printing 'Exception ignored
    in ...'): a SIGTERM that lands there used to be lost, and a run waiting on its
    workers hung for ever. It is raised again after the finalizer, silently."""
    done = subprocess.run([sys.executable, "-c", FINALIZER_SCRIPT], capture_output=True, timeout=60)
    assert (done.stdout, done.stderr) == (b"Terminated\n", b"")
