"""Reports written one document at a time (``dedup.report.stream``): the same bytes
as the renderers, a file replaced whole or not at all, and memory that does not grow
with the number of documents."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from test_render_golden import CASES, pinned
from test_render_json import reports

from dedup.atomic import AtomicFile
from dedup.batch import Options, run
from dedup.errors import OutputError
from dedup.inputs import lines as line_format
from dedup.report import render_json
from dedup.report.formats import RENDERERS
from dedup.report.model import FileReport, Keep, Report
from dedup.report.stream import Layout, Spool, StreamedReport, encode_report, layout

STREAMED = ["json", "jsonl"]


class Memory:
    """An output that keeps what it is given, and what became of it."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.writes: list[bytes] = []
        self.state = "open"
        self.fail_at = fail_at

    def write(self, data: bytes) -> None:
        if len(self.writes) == self.fail_at:
            raise OutputError("out: cannot write: No space left on device")
        self.writes.append(data)

    def commit(self) -> None:
        self.state = "committed"

    def abort(self) -> None:
        self.state = "aborted"


def _shape(fmt: str) -> Layout:
    shape = layout(fmt)
    assert shape is not None
    return shape


def streamed(report: Report, fmt: str) -> bytes:
    """``report`` sent through a sink document by document, as a run would."""
    out = Memory()
    stream = StreamedReport(_shape(fmt), lambda: out)
    copy = Report(settings=report.settings, keep=report.keep, sink=stream)
    copy.errors.extend(report.errors)
    copy.clusters.update(report.clusters)
    copy.omitted.merge(report.omitted)
    for file in report.files:
        copy.add(file)
    assert copy.files == []
    stream.finish(copy)
    assert out.state == "committed"
    return b"".join(out.writes)


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("case", list(CASES))
def test_same_bytes_as_the_renderer_on_the_golden_cases(case: str, fmt: str) -> None:
    with pinned():
        report = CASES[case]()
        assert streamed(report, fmt) == RENDERERS[fmt](report).encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(reports)
def test_same_bytes_as_the_renderer(report: Report) -> None:
    for fmt in STREAMED:
        assert streamed(report, fmt) == RENDERERS[fmt](report).encode("utf-8")


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("keep", [Keep(texts=False), Keep(unchanged=False, texts=False), Keep()], ids=["all", "changed", "texts"])
def test_a_run_with_the_sink_gives_the_report_without(fmt: str, keep: Keep) -> None:
    inputs = ["tests/data/shard.jsonl", "examples/en_news_doubled.txt", "examples/no_such_file.txt"]
    with pinned():
        whole = run(inputs, scope="corpus", index=None, keep=keep)
        out = Memory()
        stream = StreamedReport(_shape(fmt), lambda: out)
        report = run(inputs, scope="corpus", index=None, keep=keep, sink=stream)
        assert report.files == [] and report.totals() == whole.totals()
        stream.finish(report)
        assert b"".join(out.writes) == RENDERERS[fmt](whole).encode("utf-8")


def test_a_report_that_held_its_documents_is_written_whole() -> None:
    with pinned():
        report = CASES["shard"]()
        out = Memory()
        StreamedReport(_shape("json"), lambda: out).finish(report)
        assert b"".join(out.writes) == render_json.render_json(report).encode("utf-8")


def test_the_output_opens_with_the_first_document() -> None:
    opened: list[Memory] = []

    def open_output() -> Memory:
        opened.append(Memory())
        return opened[-1]

    stream = StreamedReport(_shape("json"), open_output)
    report = Report(sink=stream)
    assert opened == []
    report.add(FileReport("a.txt", "", "", 1, 1, ()))
    assert len(opened) == 1 and b"".join(opened[0].writes).startswith(b'{\n  "version": 1,')


def test_empty_jsonl_still_makes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "r.jsonl"
    StreamedReport(_shape("jsonl"), lambda: AtomicFile(str(target))).finish(Report())
    assert target.read_bytes() == b""


def test_a_write_failure_does_not_stop_the_run_and_is_raised_at_the_end() -> None:
    out = Memory(fail_at=2)
    stream = StreamedReport(_shape("json"), lambda: out)
    report = Report(sink=stream)
    for n in range(5):
        report.add(FileReport(f"{n}.txt", "", "", 1, 1, ()))  # no error here
    assert (len(out.writes), out.state) == (2, "aborted")
    with pytest.raises(OutputError, match="No space left"):
        stream.finish(report)
    assert len(out.writes) == 2


def test_a_folder_that_cannot_be_written_is_reported_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "r.json"
    stream = StreamedReport(_shape("json"), lambda: AtomicFile(str(target)))
    report = Report(sink=stream)
    report.add(FileReport("a.txt", "", "", 1, 1, ()))
    with pytest.raises(OutputError, match="cannot write in"):
        stream.finish(report)


def test_a_lone_surrogate_is_written_as_its_json_escape(tmp_path: Path) -> None:
    """A lone surrogate (from a JSONL id written ``\\ud800``) cannot be encoded in
    UTF-8; the report writes it as ``\\ud800``, JSON's escape, so the id reads back
    as it was (before: UnicodeEncodeError, and no report)."""
    target = tmp_path / "r.json"
    files = [FileReport("a.jsonl", "", "", 1, 1, (), document="a\ud800"), FileReport("a.jsonl", "", "", 1, 1, (), document="b")]
    stream = StreamedReport(_shape("json"), lambda: AtomicFile(str(target)))
    report = Report(sink=stream)
    for file in files:
        report.add(file)
    stream.finish(report)
    data = target.read_bytes()
    assert b'"a\\ud800"' in data
    assert [f["document"] for f in json.loads(data)["files"]] == ["a\ud800", "b"]
    assert data == encode_report(render_json.render_json(Report(files=files)))


def test_a_name_that_is_not_utf8_is_written_as_its_escape(tmp_path: Path) -> None:
    """A file name that is not UTF-8 (decoded with surrogateescape) is written as its
    escape, which in JSON reads back as the same string, and so as the same bytes."""
    target = tmp_path / "r.json"
    stream = StreamedReport(_shape("json"), lambda: AtomicFile(str(target)))
    report = Report(sink=stream)
    report.add(FileReport("a\udcff.jsonl", "", "", 1, 1, (), document="b"))
    stream.finish(report)
    files = json.loads(target.read_bytes())["files"]
    assert [f["path"] for f in files] == ["a\udcff.jsonl"]
    assert os.fsencode(files[0]["path"]) == b"a\xff.jsonl"  # the name's bytes again


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_run_leaves_the_old_report_and_no_temporary(tmp_path: Path, error: type[BaseException]) -> None:
    target = tmp_path / "r.json"
    target.write_bytes(b"old report\n")
    with pytest.raises(error), StreamedReport(_shape("json"), lambda: AtomicFile(str(target))) as stream:
        report = Report(sink=stream)
        report.add(FileReport("a.txt", "", "", 1, 1, ()))
        assert len(os.listdir(tmp_path)) == 2  # the report and its temporary file
        raise error
    assert os.listdir(tmp_path) == ["r.json"]
    assert target.read_bytes() == b"old report\n"


def test_a_spool_delivers_only_on_commit() -> None:
    delivered: list[bytes] = []
    spool = Spool(delivered.append)
    spool.PIECE = 4
    spool.write(b"0123456")
    spool.write(b"789")
    assert delivered == []
    spool.commit()
    assert delivered == [b"0123", b"4567", b"89"]
    dropped = Spool(delivered.append)
    dropped.write(b"never")
    dropped.abort()
    assert delivered == [b"0123", b"4567", b"89"]


# --- memory ---------------------------------------------------------------------------


def _shard(path: Path, documents: int) -> Path:
    """Small documents, every third one with a repeat, so that entries vary."""
    body = "Residents said the water was back on by noon, after three days without it, {}.\n"
    with path.open("w", encoding="utf-8") as out:
        for n in range(documents):
            text = body.format(n) + ("\n" + body.format(n) if n % 3 == 0 else "")
            out.write(json.dumps({"id": f"doc-{n}", "text": text}) + "\n")
    return path


def _peak(shard: Path, report_path: Path, sink: bool) -> int:
    """Peak bytes traced while cleaning ``shard`` and writing its JSON report."""
    stream = StreamedReport(_shape("json"), lambda: AtomicFile(str(report_path)))
    options = Options(jobs=1, keep=Keep(unchanged=True, changed=True, texts=False))
    tracemalloc.start()
    try:
        report = run([str(shard)], options=options, sink=stream if sink else None)
        stream.finish(report)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("sink", [True, False], ids=["streamed", "held"])
def test_memory_does_not_grow_with_the_number_of_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sink: bool
) -> None:
    # A shard is cleaned in chunks of lines, each chunk's listed documents held until
    # it is written: small chunks, so that both sizes span many of them.
    monkeypatch.setattr(line_format, "CHUNK_BYTES", 1 << 14)
    _peak(_shard(tmp_path / "warm.jsonl", 50), tmp_path / "warm.json", sink)  # imports, caches
    small, large = 1_000, 5_000
    peaks = {}
    for documents in (small, large):
        shard = _shard(tmp_path / f"{documents}.jsonl", documents)
        peaks[documents] = _peak(shard, tmp_path / f"{documents}.json", sink)
        with open(tmp_path / f"{documents}.json", encoding="utf-8") as written:
            assert json.load(written)["summary"]["files"] == documents
    growth = (peaks[large] - peaks[small]) / (large - small)  # bytes per added document
    if sink:
        # Nothing is kept per document (an entry is about 400 bytes of JSON and its
        # FileReport 300 more); a few bytes either way are buffers and caches.
        assert growth < 20, peaks
    else:
        # The measure can see growth: a report that holds its documents grows by
        # their FileReports, and its rendering by their text.
        assert growth > 150, peaks
