"""Files dedup creates (reports, baselines) get the mode any program would give them:
0666 less the umask; a file it replaces keeps its own mode (issue #16)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.atomic import AtomicFile, write_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits and umask are POSIX")

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _dedup(*args: str, cwd: Path, umask: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args],
        cwd=cwd,
        env=env,
        umask=umask,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077], ids=["022", "027", "077"])
def test_reports_and_baselines_are_created_as_any_file_is(tmp_path: Path, umask: int) -> None:
    (tmp_path / "a.txt").write_text(BODY + "\n" + BODY, encoding="utf-8")
    expected = 0o666 & ~umask
    # json is written piece by piece (AtomicFile), text whole (write_atomic).
    for fmt, name in (("json", "report.json"), ("text", "report.txt")):
        done = _dedup("check", "-q", "--format", fmt, "--report", name, "a.txt", cwd=tmp_path, umask=umask)
        assert done.returncode == 1, done.stderr
        assert _mode(tmp_path / name) == expected, (fmt, oct(_mode(tmp_path / name)))
    done = _dedup("check", "-q", "--write-baseline", "baseline.json", "a.txt", cwd=tmp_path, umask=umask)
    assert done.returncode == 0, done.stderr
    assert _mode(tmp_path / "baseline.json") == expected
    done = _dedup("clean", "-q", "--report", "removed.json", "a.txt", cwd=tmp_path, umask=umask)
    assert done.returncode == 0, done.stderr
    assert _mode(tmp_path / "removed.json") == expected


def test_a_replaced_report_keeps_its_mode(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY + "\n" + BODY, encoding="utf-8")
    for name in ("report.json", "report.txt"):
        (tmp_path / name).write_text("old\n", encoding="utf-8")
        os.chmod(tmp_path / name, 0o640)
        fmt = name.rsplit(".", 1)[1].replace("txt", "text")
        done = _dedup("check", "-q", "--format", fmt, "--report", name, "a.txt", cwd=tmp_path, umask=0o022)
        assert done.returncode == 1, done.stderr
        assert (tmp_path / name).read_text(encoding="utf-8") != "old\n"
        assert _mode(tmp_path / name) == 0o640


def test_the_library_writers_follow_the_umask_and_an_explicit_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(str(tmp_path / "new.bin"), b"x")
        with AtomicFile(str(tmp_path / "streamed.bin")) as out:
            out.write(b"y")
            out.commit()
        write_atomic(str(tmp_path / "asked.bin"), b"z", mode=0o604)
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.bin") == 0o640
    assert _mode(tmp_path / "streamed.bin") == 0o640
    assert _mode(tmp_path / "asked.bin") == 0o604


def test_a_private_file_is_never_readable_while_it_is_replaced(tmp_path: Path) -> None:
    """The temporary file that replaces an existing file starts 0600, whatever the
    umask, and takes the old file's mode only at the rename."""
    target = tmp_path / "secret.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    old = os.umask(0o022)
    try:
        out = AtomicFile(str(target))
        try:
            out.write(b"new")
            assert _mode(Path(out.temporary)) == 0o600
            out.commit()
        finally:
            out.abort()
    finally:
        os.umask(old)
    assert target.read_bytes() == b"new" and _mode(target) == 0o600
