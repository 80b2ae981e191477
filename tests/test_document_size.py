"""The bound on a document (``--max-document-size``, issue 14, item 8): a file, or a
line of a JSONL shard, over it is one line of bad input; a shard's line is measured
as it streams by, never read whole, so a decompression bomb costs no memory."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_bad_input import LINUX, MB, run_measured

BOILER = "Subscribe to our newsletter for the latest news, offers and updates from our team every week."
REPEATED = f"An opening of its own.\n\n{BOILER}\n\n{BOILER}\n"
CLEANED = f"An opening of its own.\n\n{BOILER}\n"
GOOD = b'{"id": "g", "text": ' + json.dumps(REPEATED).encode() + b"}\n"
GOOD_CLEANED = b'{"id": "g", "text": ' + json.dumps(CLEANED).encode() + b"}\n"
LIMIT = 10_000  # low, so that the test's lines stay small


def long_line(size: int) -> bytes:
    """A JSONL line of ``size`` bytes, newline included: one long run of one byte."""
    head, tail = b'{"id": "big", "text": "', b'"}\n'
    return head + b"a" * (size - len(head) - len(tail)) + tail


def compress(path: Path, data: bytes) -> Path:
    if path.name.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        path.write_bytes(zstandard.ZstdCompressor().compress(data))
    elif path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def decompress(path: Path) -> bytes:
    if path.name.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        return zstandard.ZstdDecompressor().decompressobj().decompress(path.read_bytes())
    if path.name.endswith(".gz"):
        return gzip.decompress(path.read_bytes())
    return path.read_bytes()


def dedup(*args: object, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    env["NO_COLOR"] = "1"
    command = [sys.executable, "-m", "dedup", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)


SHARDS = ["s.jsonl", "s.jsonl.gz", "s.jsonl.zst"]
# The per-document path (an index), the chunked one, and both across the corpus.
WAYS = [[], ["--scope", "corpus"], ["--index", "i.sqlite"], ["--near-duplicate-docs"]]


@pytest.mark.parametrize("name", SHARDS)
def test_a_line_over_the_limit_fails_its_shard_with_nothing_written(tmp_path: Path, name: str) -> None:
    line = long_line(20 * LIMIT)
    shard = compress(tmp_path / name, GOOD + line + GOOD)
    before = shard.read_bytes()
    done = dedup("clean", "-i", "--isolated", "--max-document-size", LIMIT, name, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines()[0] == (
        f"dedup: error: {name}:2: a line of {len(line)} bytes, more than --max-document-size ({LIMIT} bytes) "
        "(nothing written; --on-error skip to skip it)"
    )
    assert shard.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("name", SHARDS)
@pytest.mark.parametrize("way", WAYS, ids=["document", "corpus", "index", "near-duplicates"])
def test_a_line_over_the_limit_is_skipped_and_passed_through(tmp_path: Path, name: str, way: list[str]) -> None:
    line = long_line(20 * LIMIT)
    shard = compress(tmp_path / name, GOOD + line + GOOD.replace(b'"g"', b'"h"'))
    done = dedup("clean", "-i", "--isolated", "--on-error", "skip", "--max-document-size", LIMIT, *way, name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"dedup: note: {name}:2: a line of {len(line)} bytes, more than --max-document-size" in done.stderr.decode()
    written = decompress(shard)
    assert written.split(b"\n")[1] + b"\n" == line  # copied byte for byte, never cleaned
    assert written.startswith(GOOD_CLEANED + line)
    # To stdout too, after a shard without a final newline.
    (tmp_path / "a.jsonl").write_bytes(GOOD.rstrip(b"\n"))
    shard = compress(tmp_path / name, GOOD + line)
    out = dedup("clean", "-q", "--isolated", "--on-error", "skip", "--max-document-size", LIMIT, "a.jsonl", name, cwd=tmp_path)
    assert out.stdout == GOOD_CLEANED + GOOD_CLEANED + line


def test_a_line_at_the_limit_is_a_document(tmp_path: Path) -> None:
    line = long_line(LIMIT)
    compress(tmp_path / "s.jsonl", line + GOOD)
    done = dedup("check", "--isolated", "--format", "json", "--max-document-size", LIMIT, "s.jsonl", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert [f["document"] for f in json.loads(done.stdout)["files"]] == ["big", "g"]
    done = dedup("check", "--isolated", "--max-document-size", LIMIT - 1, "s.jsonl", cwd=tmp_path)
    assert done.returncode == 2 and b"s.jsonl:1: a line of" in done.stderr


def test_a_file_over_the_limit_is_one_line_and_the_others_go_on(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(REPEATED.encode() * 100)
    (tmp_path / "ok.txt").write_bytes(REPEATED.encode())
    done = dedup("check", "--isolated", "--max-document-size", LIMIT, "big.txt", "ok.txt", cwd=tmp_path)
    assert done.returncode == 2
    errors = [e for e in done.stderr.decode().splitlines() if e.startswith("dedup: error:")]
    assert errors == [f"dedup: error: big.txt: {len(REPEATED) * 100} bytes, more than --max-document-size ({LIMIT} bytes); skipped"]
    assert done.stdout.startswith(b"ok.txt:5: repeat of line")


def test_the_bound_comes_from_a_settings_file_too(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(REPEATED.encode() * 100)
    (tmp_path / "dedup.toml").write_text(f"max-document-size = {LIMIT}\n", encoding="utf-8")
    done = dedup("check", "big.txt", cwd=tmp_path)
    assert done.returncode == 2 and b"more than --max-document-size" in done.stderr
    (tmp_path / "dedup.toml").write_text("max-document-size = 0\n", encoding="utf-8")
    done = dedup("check", "big.txt", cwd=tmp_path)
    message = f"dedup: error: {tmp_path / 'dedup.toml'}: max-document-size = 0 must be at least 1\n"
    assert (done.returncode, done.stderr) == (2, message.encode())


@pytest.mark.skipif(not LINUX, reason="RLIMIT_DATA and ru_maxrss in KiB are Linux's")
@pytest.mark.parametrize("name", ["bomb.jsonl.zst", "bomb.jsonl.gz"])
def test_a_decompression_bomb_is_refused_in_bounded_memory(tmp_path: Path, name: str) -> None:
    """A shard of 10 KB (zstd) or 1.4 MB (gzip) whose one line decompresses to 320 MiB, under the
    default bound (64 MiB) and a 250 MB memory cap: before, the line was read whole
    (an internal error, MemoryError, under the cap)."""
    size = 320 * MB
    piece = b"a" * MB
    with open(tmp_path / name, "wb") as raw:
        if name.endswith(".zst"):
            zstandard = pytest.importorskip("zstandard")
            stream = zstandard.ZstdCompressor(level=1).stream_writer(raw, closefd=False)
        else:
            stream = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1)  # type: ignore[assignment]
        stream.write(GOOD + b'{"id": "big", "text": "')
        for _ in range(size // MB):
            stream.write(piece)
        stream.write(b'"}\n' + GOOD)
        stream.close()
    code, err, peak, seconds = run_measured(["check", "--isolated", "--on-error", "skip", tmp_path / name], 250 * MB, tmp_path / "out")
    print(f"{name}: {os.path.getsize(tmp_path / name)} bytes, exit {code}, peak {peak / MB:.0f} MB, {seconds:.1f} s")
    assert code == 1, err  # the two good documents were checked; the bomb line was skipped
    assert err.decode().splitlines()[0].startswith(f"dedup: note: {tmp_path / name}:2: a line of {size + 26} bytes, more than")
    assert (tmp_path / "out").read_bytes().count(b"repeat of line") == 2
