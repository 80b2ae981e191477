"""Bad input and failing output: each case gets the documented exit code, at most one
line per problem on stderr, never a traceback, and nothing written for the bad part.

In-process cases go through typer's ``CliRunner``; I/O faults (no permission to create
the temporary file, read-only file system, disk full during the write or the flush,
``chmod`` refused) are simulated by patching the ``os`` calls that
:func:`dedup.atomic.write_atomic` makes, failing only for the file named ``bad...``
so that the good files beside it show that the others are still processed. A real
``EFBIG`` (file-size limit, what a full quota looks like) and the large inputs run in
a child process, whose peak memory is measured with ``wait4``.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import pytest
from conftest import QUIET_ENV as ENV
from conftest import RUNNER, invoke_dedup

import dedup
import dedup.errors
import dedup.sources
from dedup.cli import app

POSIX = os.name == "posix"
LINUX = sys.platform.startswith("linux")

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"
DOUBLED = BODY + "\n" + BODY
UNIQUE = "Residents said the water was back on by noon, after three days without it.\n"


def invoke(args: list[object], input: bytes | None = None) -> Any:
    return invoke_dedup(args, input)


def lines(text: str) -> list[str]:
    return text.splitlines()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int, int]]:
    """Every entry of ``folder``: bytes, inode, mtime_ns and mode."""
    result = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and not entry.is_symlink():
            st = entry.stat()
            result[entry.name] = (entry.read_bytes(), st.st_ino, st.st_mtime_ns, st.st_mode)
    return result


def env() -> dict[str, str]:
    variables = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    variables["NO_COLOR"] = "1"
    return variables


# --- empty, blank ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", b"\n", b"\n\n\n", b" \t \r\n\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n"],
    ids=["empty", "one-newline", "newlines", "whitespace-crlf", "bom-only", "bom-blank"],
)
def test_empty_or_blank_file_is_passed_through_and_never_rewritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    before = snapshot(tmp_path)
    out = invoke(["clean", path])
    assert (out.exit_code, out.stdout_bytes, out.stderr) == (0, content, "")
    checked = invoke(["check", path])
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, "", "1 file checked, no repeats found\n")
    rewritten = invoke(["clean", "-i", "-v", path])
    assert rewritten.exit_code == 0
    assert f"{path}: clean" in rewritten.stderr and "Traceback" not in rewritten.stderr
    assert snapshot(tmp_path) == before


def test_empty_stdin() -> None:
    out = invoke(["clean", "-"], input=b"")
    assert (out.exit_code, out.stdout_bytes, out.stderr) == (0, b"", "")


# --- encodings -------------------------------------------------------------------------


def test_invalid_utf8_among_good_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(DOUBLED.encode() + b"caf\xe9\n")
    good = tmp_path / "good.txt"
    good.write_text(DOUBLED)
    before = snapshot(tmp_path)["bad.txt"]
    result = invoke(["clean", "-q", "-i", bad, good])
    assert result.exit_code == 2
    position = len(DOUBLED.encode()) + 3
    assert lines(result.stderr) == [
        (
            f"dedup: error: {bad}: not valid UTF-8 at byte {position} (line 4, column 4); "
            "pass --encoding to read another encoding"
        )
    ]
    assert snapshot(tmp_path)["bad.txt"] == before
    assert good.read_text() == BODY
    assert sorted(os.listdir(tmp_path)) == ["bad.txt", "good.txt"]


@pytest.mark.parametrize(
    "codec, bom",
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_byte_order_mark_files_are_cleaned_byte_for_byte(tmp_path: Path, codec: str, bom: bytes, newline: str) -> None:
    text = "Заголовок\n\n" + DOUBLED + "\n" + UNIQUE + "\n" + BODY + "end, no final newline"
    text = text.replace("\n", newline)
    data = bom + text.encode(codec)
    expected = bom + dedup.clean(text).text.encode(codec)
    assert expected != data
    path = tmp_path / "wide.txt"
    path.write_bytes(data)
    out = invoke(["clean", path])
    assert (out.exit_code, out.stdout_bytes) == (0, expected)
    report = json.loads(invoke(["check", "--format", "json", path]).stdout)
    kept = b"".join(data[a:b] for a, b in _kept_byte_spans(report["files"][0]["removed"], len(data)))
    assert kept == expected  # the report's byte offsets cut the file exactly
    assert invoke(["clean", "-q", "-i", path]).exit_code == 0
    assert path.read_bytes() == expected


def _kept_byte_spans(removed: list[dict[str, Any]], size: int) -> list[tuple[int, int]]:
    kept, position = [], 0
    for span in sorted((r["bytes"]["start"], r["bytes"]["end"]) for r in removed):
        if span[0] > position:
            kept.append((position, span[0]))
        position = max(position, span[1])
    kept.append((position, size))
    return kept


# --- binary ----------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4


def test_binary_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(PNG + b"\n\n" + bytes(range(1, 60)) * 2 + b"\n\n" + bytes(range(1, 60)) * 2 + b"\n")
    good = tmp_path / "good.txt"
    good.write_text(DOUBLED)
    before = snapshot(tmp_path)["bad.png"]
    result = invoke(["clean", "-q", "-i", bad, good])
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        f"dedup: error: {bad}: looks binary (NUL byte at byte 8 (line 3, column 1)); skipped"
    ]
    assert snapshot(tmp_path)["bad.png"] == before
    assert good.read_text() == BODY
    checked = invoke(["check", bad])
    assert checked.exit_code == 2 and len(lines(checked.stderr)) == 1


def test_binary_without_nul_is_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "noise.bin"
    path.write_bytes(bytes(range(1, 256)) * 10)
    result = invoke(["clean", path])
    assert result.exit_code == 2 and result.stdout == ""
    assert lines(result.stderr) == [
        (
            f"dedup: error: {path}: not valid UTF-8 at byte 127 (line 2, column 118); "
            "pass --encoding to read another encoding"
        )
    ]


@pytest.mark.parametrize(
    ("encoding", "data", "binary"),
    [
        ("latin-1", b"text\x00more", True),
        ("cp1252", b"\x00", True),
        ("cp932", "東京\x00".encode("cp932"), True),
        ("utf-16-le", "text".encode("utf-16-le"), False),
        ("utf-16", "text".encode("utf-16"), False),
        ("utf-32-be", "text".encode("utf-32-be"), False),
    ],
)
def test_nul_bytes_mean_binary_in_every_encoding_but_utf16_and_utf32(encoding: str, data: bytes, binary: bool) -> None:
    if binary:
        with pytest.raises(dedup.errors.BinaryInputError, match="looks binary"):
            dedup.sources.decode("f", data, encoding)
    else:
        assert dedup.sources.decode("f", data, encoding).text.lstrip("\ufeff") == "text"  # a BOM is kept


def test_binary_file_is_refused_with_a_single_byte_encoding_too(tmp_path: Path) -> None:
    block = bytes(range(1, 10)) + bytes(range(14, 70))  # no \n, no \r
    path = tmp_path / "image.png"
    path.write_bytes(PNG[:16] + b"\n\n" + block + b"\n\n" + block + b"\n")
    before = snapshot(tmp_path)
    result = invoke(["clean", "-q", "-i", "--encoding", "latin-1", path])
    assert snapshot(tmp_path) == before
    assert result.exit_code == 2 and len(lines(result.stderr)) == 1


# --- large inputs, in a child process with its memory measured ---------------------------

MB = 1 << 20


# The figure the tests hold dedup to (README, "Guarantees"): the peak memory of cleaning
# a file stays under 10 times its size plus 100 MB for the interpreter and modules.
def memory_bound(size: int) -> int:
    return 10 * size + 100 * MB


_CAPPED = textwrap.dedent(
    """
    import atexit, resource, runpy, sys
    cap, peak = int(sys.argv.pop(1)), sys.argv.pop(1)

    def said():  # this process's own peak (VmHWM): the kernel's count for a child
        try:     # starts from the RSS of the process that forked it (a big pytest)
            with open("/proc/self/status") as status, open(peak, "w") as out:
                out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
        except (OSError, StopIteration):
            pass

    atexit.register(said)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    sys.argv[0] = "dedup"
    runpy.run_module("dedup", run_name="__main__", alter_sys=True)
    """
)


def run_measured(args: list[object], cap: int, stdout: Path, timeout: float = 120) -> tuple[int, bytes, int, float]:
    """Run dedup with its data segment capped at ``cap`` bytes; return the exit code,
    stderr, the peak resident memory in bytes and the wall time."""
    started = time.monotonic()
    peak = stdout.with_name(stdout.name + ".peak")
    with open(stdout, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", _CAPPED, str(cap), str(peak), *map(str, args)],
            stdout=out, stderr=subprocess.PIPE, env=env(),
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            assert process.stderr is not None
            err = process.stderr.read()
            process.stderr.close()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            timer.cancel()
    said = peak.read_text() if peak.exists() else ""  # (none if killed)
    return process.returncode, err, int(said) * 1024 if said else usage.ru_maxrss * 1024, time.monotonic() - started


def _words(size: int, seed: int = 5) -> bytes:
    import random

    rng = random.Random(seed)
    vocabulary = [bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(4000)]
    chunk = b" ".join(rng.choices(vocabulary, k=20000))
    data = (chunk + b" ") * (size // (len(chunk) + 1) + 1)
    return data[:size]


@pytest.mark.skipif(not LINUX, reason="RLIMIT_DATA and ru_maxrss in KiB are Linux's")
def test_large_file_without_newline_in_bounded_memory(tmp_path: Path) -> None:
    size = 20 * MB
    path = tmp_path / "big.txt"
    path.write_bytes(_words(size))
    code, err, peak, seconds = run_measured(["clean", "-q", path], memory_bound(size), tmp_path / "out")
    print(f"20 MB, no newline: exit {code}, peak {peak / MB:.0f} MB, {seconds:.1f} s, {err!r}")
    assert (code, err) == (0, b"")
    assert (tmp_path / "out").read_bytes() == path.read_bytes()
    # one line is one paragraph, with nothing to compare it to: it is passed through
    # (its bytes and its text, and a copy to a worker process and back)
    assert peak <= 5 * size + 100 * MB


@pytest.mark.skipif(not LINUX, reason="RLIMIT_DATA and ru_maxrss in KiB are Linux's")
def test_ten_megabyte_line_in_bounded_memory(tmp_path: Path) -> None:
    line = _words(10 * MB, seed=6)
    data = BODY.encode() + b"\n" + line + b"\n\n" + BODY.encode()
    path = tmp_path / "line.txt"
    path.write_bytes(data)
    code, err, peak, seconds = run_measured(["clean", "-q", path], memory_bound(len(data)), tmp_path / "out")
    print(f"10 MB line: exit {code}, peak {peak / MB:.0f} MB, {seconds:.1f} s, {err!r}")
    assert (code, err) == (0, b"")
    assert (tmp_path / "out").read_bytes() == BODY.encode() + b"\n" + line + b"\n"
    assert peak <= memory_bound(len(data))


@pytest.mark.skipif(not LINUX or not os.path.exists("/dev/zero"), reason="needs Linux and /dev/zero")
@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_dev_null_reads_as_an_empty_file() -> None:
    result = invoke(["check", "/dev/null"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "1 file checked, no repeats found\n")


def test_endless_device_is_refused_quickly(tmp_path: Path) -> None:
    code, err, peak, seconds = run_measured(["check", "/dev/zero"], 300 * MB, tmp_path / "out", timeout=60)
    print(f"/dev/zero: exit {code}, peak {peak / MB:.0f} MB, {seconds:.1f} s, {err!r}")
    assert code == 2
    assert err.count(b"\n") == 1 and err.startswith(b"dedup: error: /dev/zero: ")


# --- paths: directories, loops, FIFOs, long names ------------------------------------


@pytest.fixture
def looped(tmp_path: Path) -> Path:
    """tree/sub/up -> .. : a directory loop through a symbolic link; a -> b -> a: a link cycle."""
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)
    (tree / "sub" / "self").symlink_to(".", target_is_directory=True)
    (tree / "doc.txt").write_text(DOUBLED)
    (tree / "sub" / "unique.txt").write_text(UNIQUE)
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    return tmp_path


@pytest.mark.parametrize("name", ["tree", "tree/sub/up", "tree/sub/up/sub/up"])
def test_directory_with_a_symlink_loop_is_walked_once(looped: Path, name: str) -> None:
    """A folder is walked without following links to folders, so a loop cannot trap it:
    each file is seen once, through the path given."""
    root = looped / name
    checked = invoke(["check", "-j", "1", root])
    assert checked.exit_code == 1
    found = lines(checked.stdout)
    assert len(found) == 1 and found[0].startswith(f"{root / 'doc.txt'}:3: repeat of line"), found
    before = snapshot(looped / "tree" / "sub")
    cleaned = invoke(["clean", "-q", "-i", "-j", "1", root])
    assert (cleaned.exit_code, cleaned.stderr) == (0, "")
    assert (looped / "tree" / "doc.txt").read_text() == BODY
    assert snapshot(looped / "tree" / "sub") == before
    assert (looped / "tree" / "sub" / "up").is_symlink() and (looped / "tree" / "sub" / "self").is_symlink()


def test_walk_following_links_stops_at_a_loop(looped: Path) -> None:
    from dedup.corpus.walk import Selection, expand

    found = expand([str(looped / "tree")], Selection(follow_links=True, respect_gitignore=False))
    assert sorted(os.path.realpath(p) for p in found) == sorted(
        os.path.realpath(looped / "tree" / n) for n in ("doc.txt", "sub/unique.txt")
    )


def test_symlink_cycle_is_a_clean_error(looped: Path) -> None:
    result = invoke(["clean", "-i", looped / "a"])
    assert result.exit_code == 2
    assert lines(result.stderr) == [f"dedup: error: {looped / 'a'}: cannot read: Too many levels of symbolic links"]
    assert (looped / "a").is_symlink() and (looped / "b").is_symlink()


def test_file_reached_through_the_loop_is_cleaned_in_place(looped: Path) -> None:
    result = invoke(["clean", "-q", "-i", looped / "tree/sub/up/sub/up/doc.txt"])
    assert result.exit_code == 0
    assert (looped / "tree" / "doc.txt").read_text() == BODY
    assert (looped / "tree" / "sub" / "up").is_symlink()


def test_path_below_a_file_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text(DOUBLED)
    result = invoke(["clean", "-i", tmp_path / "plain.txt" / "x.txt"])
    assert result.exit_code == 2
    assert lines(result.stderr) == [f"dedup: error: {tmp_path / 'plain.txt' / 'x.txt'}: cannot read: Not a directory"]
    assert (tmp_path / "plain.txt").read_text() == DOUBLED


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_in_place_never_replaces_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:  # a writer, for as long as someone reads
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                time.sleep(0.01)
                continue
            try:
                os.write(fd, DOUBLED.encode())
            finally:
                os.close(fd)
            return

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dedup", "clean", "-q", "-i", str(fifo)],
            capture_output=True,
            env=env(),
            timeout=60,
            check=False,
        )
    finally:
        stop.set()
        writer.join(5)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1


def test_in_place_with_a_long_file_name(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 246 + ".txt")
    path.write_text(DOUBLED)
    result = invoke(["clean", "-q", "-i", path])
    assert (result.exit_code, result.stderr) == (0, "")
    assert path.read_text() == BODY


# --- read-only and unwritable targets --------------------------------------------------


def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "frozen.txt"
    path.write_text(DOUBLED)
    os.chmod(path, 0o444)
    before = snapshot(tmp_path)
    result = invoke(["clean", "-q", "-i", path])
    assert snapshot(tmp_path) == before
    assert result.exit_code == 2 and len(lines(result.stderr)) == 1


Fault = Callable[[pytest.MonkeyPatch, Callable[[], OSError]], None]


def _creates_bad_temporary(path: Any, flags: int) -> bool:
    return "/.bad" in str(path) and bool(flags & os.O_CREAT)


def _fail_mkstemp(monkeypatch: pytest.MonkeyPatch, error: Callable[[], OSError]) -> None:
    """The temporary file for ``bad...`` cannot be created."""
    real = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if _creates_bad_temporary(path, flags):
            raise error()
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


def _bad_fds(monkeypatch: pytest.MonkeyPatch) -> set[int]:
    """Record the descriptors of the temporary files made for ``bad...`` files."""
    fds: set[int] = set()
    real = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real(path, flags, *args, **kwargs)
        if _creates_bad_temporary(path, flags):
            fds.add(fd)
        return fd

    monkeypatch.setattr(os, "open", open_)
    return fds


def _fail_write(monkeypatch: pytest.MonkeyPatch, error: Callable[[], OSError]) -> None:
    """The disk fills up half-way through the write: some bytes land, then ENOSPC."""
    fds = _bad_fds(monkeypatch)
    real = os.fdopen

    class Filling:
        def __init__(self, fd: int) -> None:
            self.fd = fd

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

        def close(self) -> None:
            if self.fd >= 0:
                os.close(self.fd)
                self.fd = -1

        def write(self, data: bytes) -> int:
            os.write(self.fd, data[: len(data) // 2])
            raise error()

        def flush(self) -> None:  # pragma: no cover - never reached
            pass

        def fileno(self) -> int:  # pragma: no cover - never reached
            return self.fd

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        if fd in fds:
            fds.discard(fd)  # descriptors are reused once closed
            return Filling(fd)
        return real(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, error: Callable[[], OSError]) -> None:
    fds = _bad_fds(monkeypatch)
    real = os.fsync

    def fsync(fd: int) -> None:
        if fd in fds:
            fds.discard(fd)  # descriptors are reused once closed
            raise error()
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _fail_by_path(name: str) -> Fault:
    def install(monkeypatch: pytest.MonkeyPatch, error: Callable[[], OSError]) -> None:
        real = getattr(os, name)

        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if "/.bad" in str(path):
                raise error()
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, call)

    return install


FAULTS: dict[str, tuple[Fault, int, str]] = {
    "mkstemp-EACCES": (_fail_mkstemp, errno.EACCES, "cannot write in {folder}: Permission denied"),
    "mkstemp-EROFS": (_fail_mkstemp, errno.EROFS, "cannot write in {folder}: Read-only file system"),
    "mkstemp-ENOSPC": (_fail_mkstemp, errno.ENOSPC, "cannot write in {folder}: No space left on device"),
    "write-ENOSPC": (_fail_write, errno.ENOSPC, "cannot write: No space left on device"),
    "write-EDQUOT": (_fail_write, errno.EDQUOT, "cannot write: Disk quota exceeded"),
    "fsync-ENOSPC": (_fail_fsync, errno.ENOSPC, "cannot write: No space left on device"),
    "fsync-EIO": (_fail_fsync, errno.EIO, "cannot write: Input/output error"),
    "chmod-EPERM": (_fail_by_path("chmod"), errno.EPERM, "cannot write: Operation not permitted"),
    "replace-EROFS": (_fail_by_path("replace"), errno.EROFS, "cannot write: Read-only file system"),
    "replace-EACCES": (_fail_by_path("replace"), errno.EACCES, "cannot write: Permission denied"),
    "replace-EBUSY": (_fail_by_path("replace"), errno.EBUSY, "cannot write: Device or resource busy"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_output_fault_keeps_the_original_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    install, code, message = FAULTS[fault]
    install(monkeypatch, lambda: OSError(code, os.strerror(code)))
    good_before = tmp_path / "a_good.txt"
    bad = tmp_path / "bad.txt"
    good_after = tmp_path / "z_good.txt"
    for path in (good_before, bad, good_after):
        path.write_text(DOUBLED)
    os.chmod(bad, 0o640)
    before = snapshot(tmp_path)["bad.txt"]
    result = invoke(["clean", "-q", "-i", good_before, bad, good_after])
    assert result.exit_code == 2
    # one line; it names the file (resolved) and says why
    real = os.path.realpath(bad)
    assert lines(result.stderr) == [f"dedup: error: {real}: " + message.format(folder=os.path.dirname(real))]
    assert snapshot(tmp_path)["bad.txt"] == before  # same bytes, inode, mtime and mode
    assert good_before.read_text() == BODY and good_after.read_text() == BODY
    assert sorted(os.listdir(tmp_path)) == ["a_good.txt", "bad.txt", "z_good.txt"]  # no temporary left


def test_output_fault_is_in_the_json_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_write(monkeypatch, lambda: OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    bad = tmp_path / "bad.txt"
    bad.write_text(DOUBLED)
    result = invoke(["clean", "-q", "-i", "--report", "-", bad])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [e["path"] for e in report["errors"]] == [str(bad)]
    assert report["summary"]["errors"] == 1
    assert bad.read_text() == DOUBLED


@pytest.mark.skipif(not LINUX, reason="RLIMIT_FSIZE and EFBIG as on Linux")
def test_file_size_limit_during_the_write_in_a_real_process(tmp_path: Path) -> None:
    """A real failing write(2): the child may not write files over 4 KiB (EFBIG, the
    same path as a full disk). The big file keeps its bytes, the small one is cleaned."""
    big_body = "".join(f"Paragraph {i}: the harbour committee met again about the ferry.\n\n" for i in range(100))
    big = tmp_path / "big.txt"
    big.write_text(big_body + big_body)
    small = tmp_path / "small.txt"
    small.write_text(DOUBLED)
    before = snapshot(tmp_path)["big.txt"]
    done = _clean_in_place_writing_at_most_4_kib(big, small)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [f"dedup: error: {os.path.realpath(big)}: cannot write: File too large"]
    assert snapshot(tmp_path)["big.txt"] == before
    assert small.read_text() == BODY
    assert sorted(os.listdir(tmp_path)) == ["big.txt", "small.txt"]


def test_permission_denied_input_among_good_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any file, so the refusal is simulated where dedup opens the file."""
    bad = tmp_path / "secret.txt"
    bad.write_text(DOUBLED)
    good = tmp_path / "good.txt"
    good.write_text(DOUBLED)
    real_open = open

    def guarded_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path) == str(bad):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(dedup.sources, "open", guarded_open, raising=False)
    before = snapshot(tmp_path)["secret.txt"]
    result = invoke(["clean", "-q", "-i", bad, good])
    assert result.exit_code == 2
    assert lines(result.stderr) == [f"dedup: error: {bad}: permission denied"]
    assert snapshot(tmp_path)["secret.txt"] == before
    assert good.read_text() == BODY


# --- every codec Python has, through --encoding ------------------------------------------


def _codecs() -> list[str]:
    import encodings
    import pkgutil

    return sorted({m.name for m in pkgutil.iter_modules(encodings.__path__)} - {"aliases", "mbcs", "oem", "cp65001"})


CODEC_INPUTS = [
    b"x",
    b"a..b",
    b"\xff\xfe\x00",
    b"\\N{bogus}",
    b"\x80\x81\x82",
    DOUBLED.encode(),
    b"-" * 45 + b"\n\n" + b"-" * 45 + b"\n",
    # kept bytes that some codecs decode to a character they encode differently
    *(
        piece + b" kept\n\n" + DOUBLED.encode()
        for piece in (b"\x87\x90", b"\xa1\xfe", b"+AGE-", b"\\u00e9", b"\xb5\xc0")
    ),
]
# Codecs whose failures are bugs, each with its reproduction.
# Codecs whose failures were bugs: a plain UnicodeError was an internal error (fixed).
CODEC_BUGS: dict[str, str] = {}
# Codecs that wrote kept bytes back differently (cp932, big5, mac_arabic, utf-7, the
# escape codecs): now refused when the input does not round-trip (fixed).
CODEC_UNFAITHFUL: dict[str, str] = {}


def _codec_param(name: str) -> Any:
    reason = CODEC_BUGS.get(name) or CODEC_UNFAITHFUL.get(name)
    marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)] if reason else []
    return pytest.param(name, marks=marks)


@pytest.mark.parametrize("codec", [_codec_param(name) for name in _codecs()])
def test_every_codec_works_byte_for_byte_or_fails_cleanly(tmp_path: Path, codec: str) -> None:
    paths = []
    for i, data in enumerate(CODEC_INPUTS):
        path = tmp_path / f"in{i}.txt"
        path.write_bytes(data)
        paths.append(path)
    before = snapshot(tmp_path)
    result = RUNNER.invoke(
        app, ["clean", "-q", "-i", "--min-chars", "0", "--report", "-", "--encoding", codec, *map(str, paths)], env=ENV
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.exit_code in (0, 2)
    assert all(line.startswith("dedup: error: ") for line in lines(result.stderr))
    report = json.loads(result.stdout)
    removed = {entry["path"]: entry["removed"] for entry in report["files"]}
    for path in paths:
        original = before[path.name][0]
        if str(path) not in removed:  # refused: untouched
            assert snapshot(tmp_path)[path.name] == before[path.name]
            continue
        # what was not removed is copied byte for byte
        spans = _kept_byte_spans(removed[str(path)], len(original))
        assert path.read_bytes() == b"".join(original[a:b] for a, b in spans), (path.name, original)


# --- JSONL shards ------------------------------------------------------------------------

GOOD_RECORD = json.dumps({"id": "a", "text": DOUBLED}) + "\n"
OTHER_RECORD = json.dumps({"id": "b", "text": UNIQUE}) + "\n"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("not json", "malformed JSON line (not a JSON object)"),
        ('{"id": "x", "text": "unterminated"', "malformed JSON line (Expecting ',' delimiter)"),
        ("[1, 2]", "malformed JSON line (not a JSON object)"),
        ('{"id": "c", "text": 5}', "'text' is int, not a string"),
        ('{"id": "c", "text": null}', "'text' is NoneType, not a string"),
        ('{"id": "d"}', "no 'text' key"),
    ],
    ids=["not-json", "truncated", "array", "int-text", "null-text", "missing-key"],
)
def test_malformed_jsonl_line_fails_its_shard_and_writes_nothing(tmp_path: Path, bad: str, message: str) -> None:
    shard = tmp_path / "part.jsonl"
    shard.write_text(GOOD_RECORD + bad + "\n" + OTHER_RECORD)
    good = tmp_path / "good.txt"
    good.write_text(DOUBLED)
    before = snapshot(tmp_path)["part.jsonl"]
    result = invoke(["clean", "-q", "-i", shard, good])
    assert result.exit_code == 2
    assert lines(result.stderr) == [f"dedup: error: {shard}:2: {message} (nothing written; --on-error skip to skip it)"]
    assert snapshot(tmp_path)["part.jsonl"] == before
    assert good.read_text() == BODY  # the other inputs are still cleaned
    assert sorted(os.listdir(tmp_path)) == ["good.txt", "part.jsonl"]


def test_jsonl_text_with_a_lone_surrogate_escape(tmp_path: Path) -> None:
    shard = tmp_path / "part.jsonl"
    shard.write_text(json.dumps({"id": "s", "text": "\ud800 lone\n\n" + DOUBLED}) + "\n" + OTHER_RECORD)
    good = tmp_path / "z_good.txt"
    good.write_text(DOUBLED)
    result = RUNNER.invoke(app, ["check", str(shard), str(good)], env=ENV)
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code in (1, 2)
    assert str(good) in result.stdout  # the other input is still checked


# --- a user regex that backtracks catastrophically ----------------------------------------


def test_catastrophic_keep_pattern_stops_with_a_clear_error(tmp_path: Path) -> None:
    paragraph = "x" * 3000 + "!"
    path = tmp_path / "doc.txt"
    path.write_text(paragraph + "\n\n" + paragraph + "\n")
    before = snapshot(tmp_path)
    started = time.monotonic()
    result = RUNNER.invoke(app, ["clean", "-i", "--keep-pattern", "(x+x+)+y", str(path)], env=ENV)
    assert time.monotonic() - started < 30
    assert snapshot(tmp_path) == before  # nothing written
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        (
            "dedup: error: --keep-pattern '(x+x+)+y' took over 1s on one paragraph "
            "(catastrophic backtracking?); simplify it"
        )
    ]


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("café\r\nthe same line twice\n".encode(), None),
        (codecs.BOM_UTF8 + b"with a mark\n", None),
        (codecs.BOM_UTF16_LE + "wide\n".encode("utf-16-le"), None),
        ("latin ÿ\n".encode("latin-1"), "latin-1"),
    ],
)
def test_a_text_that_encodes_back_does_not_keep_its_bytes(data: bytes, encoding: str | None) -> None:
    """The bytes of a document whose text gives them back are not held beside it (once
    more the file's size through the cleaning): made again, they are the same."""
    document = dedup.sources.decode("x.txt", data, encoding)
    assert document.data is None and document.round_trips
    assert document.original() == data and document.read_size() == len(data)


def test_a_text_that_does_not_encode_back_keeps_its_bytes() -> None:
    data = b"\x87\x90\n"  # NEC's double wave in cp932, which encodes it as 0x81E0
    document = dedup.sources.decode("x.txt", data, "cp932")
    assert not document.round_trips and document.data == data
    assert document.original() == data and document.read_size() == len(data)


# --- a shard's failing output ---------------------------------------------------------


@pytest.mark.skipif(not LINUX, reason="RLIMIT_FSIZE and EFBIG as on Linux")
def test_a_shard_over_the_file_size_limit_is_its_own_error_in_a_real_process(tmp_path: Path) -> None:
    """A real failing write(2) into a shard's temporary file (EFBIG, as on a full
    disk): one line naming the shard, the run goes on to the next one. It ended the
    run as an internal error (a bare OSError from the shard's sink)."""
    paragraphs = "".join(f"Paragraph {i}: the harbour committee met again about the ferry.\n\n" for i in range(100))
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"id": k, "text": paragraphs + paragraphs}) + "\n" for k in range(3)))
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": 0, "text": DOUBLED}) + "\n")
    before = snapshot(tmp_path)["big.jsonl"]
    done = _clean_in_place_writing_at_most_4_kib(big, small)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [f"dedup: error: {os.path.realpath(big)}: cannot write: File too large"]
    assert snapshot(tmp_path)["big.jsonl"] == before
    assert [json.loads(line)["text"] for line in small.read_text().splitlines()] == [BODY]
    assert sorted(os.listdir(tmp_path)) == ["big.jsonl", "small.jsonl"]  # no temporary left


def _clean_in_place_writing_at_most_4_kib(*paths: Path) -> subprocess.CompletedProcess[bytes]:
    """``dedup clean -q -i PATHS`` in a real process that may not write files over 4 KiB
    (a failing write(2), EFBIG, the same path as a full disk)."""
    limited = textwrap.dedent(
        """
        import resource, runpy, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        sys.argv[0] = "dedup"
        runpy.run_module("dedup", run_name="__main__", alter_sys=True)
        """
    )
    command = [sys.executable, "-c", limited, "clean", "-q", "-i", *map(str, paths)]
    return subprocess.run(command, capture_output=True, env=env(), timeout=60, check=False)
