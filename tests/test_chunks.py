"""The chunked shard path (document scope) gives what the per-document path gives:
the same bytes out, the same report, the same errors, for any chunk size and jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import batch
from dedup.config import Config
from dedup.corpus.chunks import Chunk, Job, check_chunk, clean_chunk
from dedup.inputs import lines as line_format
from dedup.inputs.jsonl import Record
from dedup.report.model import Keep, Tally

DOUBLED = "A paragraph long enough to be removed when it repeats.\n\nAnother one, also long enough to count as a repeat here.\n\n"
PARAGRAPHS = [
    "A paragraph long enough to be removed when it repeats.",
    "Another one, also long enough to count as a repeat here.",
    "Short.",
    "Un paragraphe en français, assez long pour compter ici.",
    "مقطع عربي طويل بما يكفي ليُحسب هنا في الاختبار.",
]
LINES = [
    json.dumps({"id": "a", "text": DOUBLED * 2}).encode() + b"\n",
    json.dumps({"id": "b", "text": "nothing repeats here\n"}).encode() + b"\n",
    b"\n",
    b"{not json}\n",
    json.dumps({"id": 3, "text": "x"}).encode() + b"\r\n",
    json.dumps({"text": DOUBLED + "between\n\n" + DOUBLED, "id": "d", "n": [1, 2]}, ensure_ascii=False).encode() + b"\n",
    b'{"id": "e", "text": 5}\n',
    json.dumps({"id": "f", "text": "\u00e9t\u00e9\n" + DOUBLED * 3}).encode(),
]


def _run(paths: list[str], monkeypatch: pytest.MonkeyPatch, *, chunked: bool, size: int = 1 << 20, **options: object) -> tuple[bytes, object]:
    monkeypatch.setattr(batch, "CHUNKED", chunked)
    monkeypatch.setattr(line_format, "CHUNK_BYTES", size)
    out: list[bytes] = []
    report = batch.run(paths, on_output=lambda _file, data: out.append(data), **options)  # type: ignore[arg-type]
    return b"".join(out), report


def _summary(report: object) -> tuple[object, ...]:
    r = report  # a Report
    files = [(f.path, f.document, f.cleaned, f.bytes_in, f.bytes_out, f.findings, f.fixes, f.empty) for f in r.files]  # type: ignore[attr-defined]
    return files, r.errors, r.skipped, r.totals()  # type: ignore[attr-defined]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("size", [1, 200, 1 << 20])
@pytest.mark.parametrize("keep", [Keep(), Keep(False, True, False), Keep(False, False, False)])
def test_chunked_shard_equals_the_per_document_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, size: int, keep: Keep
) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(b"".join(LINES))
    want_out, want = _run([str(shard)], monkeypatch, chunked=False, on_error="skip", keep=keep)
    got_out, got = _run([str(shard)], monkeypatch, chunked=True, size=size, on_error="skip", jobs=jobs, keep=keep)
    assert got_out == want_out
    assert _summary(got) == _summary(want)
    assert b"between" in got_out and got_out.count(b"also long enough") == 3  # once in each of a, d and f


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("size", [1, 300, 1 << 20])
@pytest.mark.parametrize(
    "options",
    [
        {"scope": "corpus"},
        {"near_duplicate_docs": True},
        {"scope": "corpus", "near_duplicate_docs": True, "drop_duplicate_docs": True},
        {"scope": "corpus", "config": Config(keep_patterns=("^Another",))},
        {"near_duplicate_docs": True, "documents_only": True, "drop_duplicate_docs": True},
    ],
)
def test_corpus_scope_and_near_duplicates_in_two_trips_equal_the_per_document_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, size: int, options: dict[str, object]
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(b"".join(LINES))
    # documents that repeat paragraphs of earlier ones, and a near copy of a whole one
    later = [
        json.dumps({"id": "g", "text": "Fresh opening line here.\n\n" + DOUBLED + "A fresh ending."}).encode() + b"\n",
        json.dumps({"id": "h", "text": "\n\n".join(PARAGRAPHS) + "\n"}).encode() + b"\n",
        json.dumps({"id": "i", "text": "\n\n".join(PARAGRAPHS).replace("count", "matter") + "\n"}).encode() + b"\n",
    ]
    second.write_bytes(b"".join(later * 3))
    paths = [str(first), str(second)]
    want_out, want = _run(paths, monkeypatch, chunked=False, on_error="skip", **options)
    got_out, got = _run(paths, monkeypatch, chunked=True, size=size, on_error="skip", jobs=jobs, **options)
    assert got_out == want_out
    assert _summary(got) == _summary(want)
    assert [(f.document, f.duplicate_of, f.duplicate_similarity) for f in got.files] == [  # type: ignore[attr-defined]
        (f.document, f.duplicate_of, f.duplicate_similarity) for f in want.files  # type: ignore[attr-defined]
    ]
    assert got.clusters == want.clusters  # type: ignore[attr-defined]
    if options.get("scope") == "corpus":  # something was found across documents
        assert any(loc.finding.source_document for f in got.files for loc in f.findings)  # type: ignore[attr-defined]
    if options.get("near_duplicate_docs"):
        assert any(f.duplicate_of for f in got.files)  # type: ignore[attr-defined]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bad_line_in_a_later_chunk_fails_the_shard_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(LINES[0] * 50 + b"{oops\n" + LINES[0])
    out, report = _run([str(shard)], monkeypatch, chunked=True, size=300, jobs=jobs)
    assert out == b""
    assert report.errors == [(str(shard), f"{shard}:51: malformed JSON line (Expecting property name enclosed in double quotes) (nothing written; --on-error skip to skip it)")]  # type: ignore[attr-defined]


def test_in_place_with_fixes_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.text.fixes import parse_fixes

    shard = tmp_path / "s.jsonl"
    data = b"".join(LINES[:2] + [json.dumps({"id": "t", "text": "trailing   \n" + DOUBLED * 2}).encode() + b"\n"])
    shard.write_bytes(data)
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(data)
    fixes = parse_fixes(["trailing-space", "empty-docs"])
    _run([str(copy)], monkeypatch, chunked=False, in_place=True, fixes=fixes)
    _run([str(shard)], monkeypatch, chunked=True, size=1, in_place=True, fixes=fixes, jobs=2)
    assert shard.read_bytes() == copy.read_bytes() != data


def test_check_chunk_numbers_lines_from_the_chunk_start() -> None:
    job = Job("s.jsonl", "s.jsonl")
    assert check_chunk((Chunk(7, [LINES[1], b"[1]\n"]), job)) == "s.jsonl:8: malformed JSON line (not a JSON object)"
    assert check_chunk((Chunk(7, [LINES[1], b"\n"]), job)) is None


def test_clean_chunk_counts_what_the_report_does_not_list() -> None:
    job = Job("s.jsonl", "s.jsonl", keep=Keep(False, False, False))
    cleaned = clean_chunk((Chunk(1, LINES[:2]), job))
    assert cleaned.files == []
    assert cleaned.changed
    assert cleaned.omitted.documents == 2 and cleaned.omitted.changed == 1 and cleaned.omitted.runs == 1
    assert cleaned.data == LINES[0].replace(json.dumps(DOUBLED * 2).encode(), json.dumps(DOUBLED).encode()) + LINES[1]


def test_tally_merge_adds_every_count() -> None:
    a, b = Tally(1, 2, 3, 4, 5, 6, 7, 8, 9), Tally(10, 20, 30, 40, 50, 60, 70, 80, 90)
    a.merge(b)
    assert a == Tally(11, 22, 33, 44, 55, 66, 77, 88, 99)


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(PARAGRAPHS), min_size=0, max_size=6).map(lambda ps: "\n".join(ps) + "\n"),
        min_size=1,
        max_size=12,
    ),
    size=st.integers(1, 2000),
)
def test_chunk_boundaries_never_change_the_result(texts: list[str], size: int) -> None:
    lines = [json.dumps({"id": str(k), "text": t}, ensure_ascii=k % 2 == 0).encode() + b"\n" for k, t in enumerate(texts)]
    job = Job("s.jsonl", "s.jsonl", Config())
    whole = clean_chunk((Chunk(1, lines), job))
    pieces, first, start = [], 1, 0
    while start < len(lines):  # cut where chunks() would for this size
        end = start + 1
        while end < len(lines) and sum(map(len, lines[start:end])) < size:
            end += 1
        pieces.append(clean_chunk((Chunk(first, lines[start:end]), job)))
        first += end - start
        start = end
    assert b"".join(p.data for p in pieces) == whole.data
    assert [f for p in pieces for f in p.files] == whole.files


def test_the_objects_sent_between_processes_pickle_whole() -> None:
    import pickle

    from dedup.corpus.scope import Occurrence, Summary
    from dedup.corpus.stages import Outcome, Task
    from dedup.report.model import FileReport, Located
    from dedup.result import Finding, Result
    from dedup.text.runs import Run

    finding = Finding(1, 2, 0, 5, 3, 4, 6, 9, 1, 5, 0.95, "near", source_document="x")
    objects = [
        finding,
        Result("text", (finding,)),
        Occurrence("d", 1, 2, 3, 4),
        Summary([b"12345678"], [5], [(1, 1, 0, 5)], [True], [(0, 0, 5, True)], b"h"),
        Run(1, 2, 0),
        FileReport("p", "a", "b", 3, 2, (Located(finding, 0, 5, None, None),), "doc", "other", 0.9, (), True),
        Record(7, b'{"text": "x"}\n', "s.jsonl:7", "x", "text"),
        Task("text", Config(min_chars=10), True, True, (), False),
        Outcome(Result("text", (finding,)), Summary([b"12345678"], [5], [(1, 1, 0, 5)], None), b"sig"),
    ]
    for obj in objects:
        assert pickle.loads(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)) == obj
