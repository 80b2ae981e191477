"""Progress counts documents and input bytes against the inputs' sizes, in every mode
(issue #16): a shard written with ``-o``/``-i`` counted nothing, ``check`` counted 1 MiB
chunks as documents, and a tiny run flashed a line. The counting is tested here, not
the timing: the clock and the timer are given."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any, ClassVar

import pytest

from dedup import batch
from dedup.inputs import lines as line_format
from dedup.progress import Meter, Progress

BOILER = "Members are reminded that the library closes early on the first Friday of each month."
BODY = "The orchard behind the school was planted by the first class to graduate, sixty years ago."


class Recorder:
    """A meter that keeps what it was told."""

    def __init__(self) -> None:
        self.total = -1
        self.documents = 0
        self.done = 0
        self.calls = 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, documents: int, size: int) -> None:
        assert documents >= 0 and size >= 0
        self.documents += documents
        self.done += size
        self.calls += 1


def _shard(path: Path, count: int) -> Path:
    lines = []
    for k in range(count):
        text = f"{BODY} ({k})\n\n{BOILER}\n\n{BOILER}\n" if k % 3 else f"Document {k}.\n"
        lines.append(json.dumps({"id": f"d{k}", "text": text}) + "\n")
    lines.insert(5, "\n")  # a blank line: passed through, not a document
    data = "".join(lines).encode()
    if path.suffix == ".gz":
        data = gzip.compress(data)
    elif path.suffix == ".zst":
        zstandard = pytest.importorskip("zstandard")
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def _run(paths: list[Path], **options: Any) -> Recorder:
    meter = Recorder()
    batch.run([str(p) for p in paths], meter=meter, **options)
    return meter


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
@pytest.mark.parametrize(
    "options",
    [
        {},  # check: the report only, in chunks
        {"output_dir": "out"},
        {"in_place": True, "jobs": 2},
        {"scope": "corpus"},  # chunks, two trips
        {"near_duplicate_docs": True},
        {"scope": "corpus", "index": "index.sqlite"},  # document by document
    ],
)
def test_a_shard_counts_its_documents_and_its_bytes_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, options: dict[str, Any]
) -> None:
    monkeypatch.setattr(line_format, "CHUNK_BYTES", 2000)  # many chunks
    shard = _shard(tmp_path / f"part{suffix}", 60)
    options = {k: str(tmp_path / v) if k in ("output_dir", "index") else v for k, v in options.items()}
    size = os.path.getsize(shard)  # -i makes it smaller
    meter = _run([shard], **options)
    assert meter.total == size
    assert meter.documents == 60
    assert meter.done == meter.total
    assert meter.calls > 2  # as the run goes, not once at the end


def test_files_count_every_input_read_or_not(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"{BOILER}\n\n{BOILER}\n")
    (tmp_path / "b.txt").write_text(f"{BODY}\n")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01 binary")  # skipped
    (tmp_path / "d.txt").write_bytes(b"caf\xe9, not utf-8\n")  # an error
    meter = _run([tmp_path])
    assert meter.total == sum(p.stat().st_size for p in tmp_path.iterdir())
    assert (meter.documents, meter.done) == (2, meter.total)


def test_an_unchanged_shard_in_the_index_counts_its_bytes(tmp_path: Path) -> None:
    shard = _shard(tmp_path / "part.jsonl", 10)
    index = str(tmp_path / "index.sqlite")
    _run([shard], scope="corpus", index=index)
    meter = _run([shard], scope="corpus", index=index, skip_unchanged=True)
    assert (meter.documents, meter.done, meter.total) == (0, shard.stat().st_size, shard.stat().st_size)


def test_standard_input_counts_what_was_read() -> None:
    meter = Meter(iter([0.0, 1.0, 1.0]).__next__)
    meter.start(0)
    meter.advance(1, 500)
    assert (meter.documents, meter.done, meter.total) == (1, 500, 500)


def test_the_line_says_documents_bytes_rate_and_time_left() -> None:
    times = iter([10.0, 14.0, 14.0])
    meter = Meter(times.__next__)
    meter.start(8_000_000)
    assert meter.line() == "0 documents, 0.0/8.0 MB, 0.0 MB/s, ? left"
    meter.advance(1, 2_000_000)
    assert meter.line() == "1 document, 2.0/8.0 MB, 0.5 MB/s, 0:12 left"


class FakeTimer:
    made: ClassVar[list[FakeTimer]] = []

    def __init__(self, delay: float, function: Any) -> None:
        self.delay, self.function = delay, function
        self.started = self.cancelled = False
        FakeTimer.made.append(self)

    def start(self) -> None:
        self.started = True

    def cancel(self) -> None:
        self.cancelled = True


def test_a_run_shorter_than_the_delay_shows_nothing() -> None:
    pytest.importorskip("rich")
    FakeTimer.made.clear()
    with Progress(True, delay=1.0, timer=FakeTimer) as progress:
        progress.start(100)
        progress.advance(1, 100)
    (timer,) = FakeTimer.made
    assert timer.delay == 1.0 and timer.started and timer.cancelled
    assert not progress._display.live.is_started
    timer.function()  # a timer that fired as the run ended
    assert not progress._display.live.is_started


def test_a_longer_run_shows_the_line_once_the_timer_fires() -> None:
    pytest.importorskip("rich")
    FakeTimer.made.clear()
    with Progress(True, timer=FakeTimer) as progress:
        progress.start(100)
        FakeTimer.made[0].function()
        assert progress._display.live.is_started
        progress.advance(2, 50)
        assert progress._display.tasks[0].fields["line"].startswith("2 documents, 0.0/0.0 MB")
    assert not progress._display.live.is_started


# ---- inputs whose size is known only from a store's listing, or not at all (issue #14)


@pytest.fixture
def bucket() -> Any:
    """A prefix of its own on fsspec's in-process memory store, removed afterwards."""
    fsspec = pytest.importorskip("fsspec")
    import uuid

    fs = fsspec.filesystem("memory")
    name = f"/progress-{uuid.uuid4().hex[:8]}"
    yield fs, name
    fs.rm(name, recursive=True)


def test_objects_under_a_prefix_count_the_sizes_their_listing_gave(bucket: Any, tmp_path: Path) -> None:
    fs, name = bucket
    shard = _shard(tmp_path / "part.jsonl.gz", 30).read_bytes()
    text = f"{BOILER}\n\n{BODY}\n\n{BOILER}\n".encode()
    fs.pipe_file(f"{name}/in/part.jsonl.gz", shard)
    fs.pipe_file(f"{name}/in/notes/a.txt", text)
    meter = Recorder()
    batch.run([f"memory:/{name}/in/"], meter=meter, output_dir=f"memory:/{name}/out/")
    assert meter.total == len(shard) + len(text)  # as stored: the shard compressed
    assert (meter.documents, meter.done) == (31, meter.total)


@pytest.mark.parametrize("named", ["object", "stdin"])
def test_an_input_of_unknown_size_leaves_the_total_unknown(bucket: Any, tmp_path: Path, named: str) -> None:
    fs, name = bucket
    local = tmp_path / "b.txt"
    local.write_text(f"{BODY}\n")
    text = f"{BOILER}\n\n{BOILER}\n".encode()
    fs.pipe_file(f"{name}/a.txt", text)
    first = f"memory:/{name}/a.txt" if named == "object" else "-"  # an object named alone is not listed
    meter = Recorder()
    batch.run([first, str(local)], meter=meter, read_stdin=lambda: text)
    assert meter.total is None
    assert (meter.documents, meter.done) == (2, len(text) + local.stat().st_size)


def test_without_a_total_the_line_says_it_does_not_know() -> None:
    meter = Meter(iter([0.0, 2.0, 2.0]).__next__)
    meter.start(None)
    meter.advance(3, 2_500_000)
    assert meter.left() is None
    assert meter.line() == "3 documents, 2.5/? MB, 1.2 MB/s, ? left"


def test_without_a_total_the_bar_has_no_end() -> None:
    pytest.importorskip("rich")
    FakeTimer.made.clear()
    with Progress(True, timer=FakeTimer) as progress:
        progress.start(None)
        progress.advance(1, 500)
        (task,) = progress._display.tasks
        assert task.total is None and task.completed == 500
        assert task.fields["line"].startswith("1 document, 0.0/? MB")
