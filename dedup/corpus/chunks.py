"""A shard in chunks (:meth:`dedup.inputs.protocol.ShardFormat.chunks`: about a
megabyte of JSONL lines), each parsed, cleaned and written back whole by a worker, so that the parent process only reads bytes, writes bytes, counts, and makes
the decisions that need the corpus in order.

In document scope a document depends on nothing else, so about a megabyte of lines is
a unit of work of its own (:func:`clean_chunk`): the parent does no JSON parsing and
no per-document work (only the documents a report lists, as its
:class:`~dedup.report.model.Keep` says, come back one by one). With near-duplicate
documents every document's report comes back with its signature, and the parent
places it among the clusters and marks it (or cuts its line) before adding it.

Across the corpus a chunk makes two trips, since what is cut from a document depends
on the memory: :func:`summarize_chunk` cleans each document on its own and sends
back what the corpus memory and the clusters need (paragraph digests, signatures)
along with the rest, pickled, as one opaque blob; the parent decides, in corpus
order, and sends the blob back with the decisions to :func:`finish_chunk`, which
cuts the cross-document runs and writes the lines. Each line goes through
:func:`shard_line`, as on the per-document path.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from dedup.config import Config
from dedup.corpus.scope import Cross, Summary, apply_cross
from dedup.corpus.stages import Task, clean_unit
from dedup.inputs.jsonl import JSONL
from dedup.inputs.protocol import Chunk, Entry, Fields, Passed, ShardFormat
from dedup.report.model import (
    FileReport,
    Keep,
    Report,
    Tally,
    file_report,
    plain,
    with_extras,
)
from dedup.result import Result
from dedup.sources import Document

if TYPE_CHECKING:
    from dedup.corpus.neardup import Duplicate


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs to clean any chunk of one shard."""

    path: str  # where positions in messages point
    name: str  # the shard's name in reports
    config: Config = field(default_factory=Config)
    text_key: str = "text"
    id_key: str = "id"
    fixes: tuple[Any, ...] = ()
    keep: Keep = field(default_factory=Keep)
    corpus: bool = False  # summarise each document for the corpus memory
    sign: bool = False  # sign each document for near-duplicate clusters
    drop_duplicates: bool = False  # leave near-duplicate documents out
    documents_only: bool = False  # leave paragraphs alone: only sign documents
    format: ShardFormat = JSONL

    def task(self, text: str) -> Task:
        return Task(text, self.config, self.corpus, self.sign, self.fixes, self.documents_only)

    def items(self, chunk: Chunk) -> Iterator[Entry | Passed]:
        return self.format.entries(self.path, chunk, Fields(self.text_key, self.id_key))


@dataclass(slots=True)
class Summarized:
    """A chunk cleaned document by document: the names, summaries and signatures the
    parent decides on, the bad lines passed through, and the rest (lines, results,
    summaries) pickled for :func:`finish_chunk`."""

    names: list[str]
    summaries: list[Summary | None]
    signatures: list[bytes | None]
    skipped: list[str]
    payload: bytes


@dataclass(slots=True)
class Cleaned:
    """A chunk cleaned: its lines as written back (cleaned, unchanged or dropped),
    the documents the report lists, the others counted, and the bad lines passed
    through.

    For near-duplicate documents (``signatures`` not None) the chunk comes back once,
    before the parent places it among the clusters: ``files`` then holds every
    document's report, in order, not yet added to the report, with its signature and
    where its line lies in ``data`` (``spans``)."""

    data: bytes
    changed: bool
    files: list[FileReport]
    omitted: Tally
    skipped: list[str]
    signatures: list[bytes | None] | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    passthrough: Any = None  # a document over the limit (where it lies), which the parent copies


def check_chunk(task: tuple[Chunk, Job]) -> str | None:
    """The first bad line of a chunk, as an error message; None if every line is good."""
    chunk, job = task
    for item in job.items(chunk):
        if isinstance(item, Passed) and str(item):
            return str(item)
    return None


def clean_chunk(task: tuple[Chunk, Job]) -> Cleaned:
    """Clean every document of a chunk (runs in a worker process)."""
    chunk, job = task
    report = Report(keep=job.keep)
    done = Cleaned(b"", False, report.files, report.omitted, [], [] if job.sign else None)
    if chunk.oversized is not None:
        done.skipped.append(f"{chunk.oversized.message(job.path)}; passed through unchanged")
        done.passthrough = chunk.oversized
        return done
    out: list[bytes] = []
    position = 0
    for item in _lines(chunk, job, done.skipped):
        if isinstance(item, bytes):
            out.append(item)
            position += len(item)
            continue
        document = entry_document(item)
        outcome = clean_unit(Task(document.text, job.config, False, job.sign, job.fixes, job.documents_only))
        file, line, changed = shard_line(job, item, document, outcome.result)
        if done.signatures is None:
            report.add(file)
        else:  # the parent adds it, once it knows whether it is a near duplicate
            done.files.append(file if job.keep.texts else replace(file, original="", cleaned=""))
            done.signatures.append(outcome.signature)
            done.spans.append((position, position + len(line)))
        out.append(line)
        position += len(line)
        done.changed = done.changed or changed
    done.data = b"".join(out)
    return done


def _lines(chunk: Chunk, job: Job, skipped: list[str]) -> Iterator[Entry | bytes]:
    """A chunk's documents, and the lines passed through as they are (blank, or bad
    ones, whose messages go to ``skipped``)."""
    for item in job.items(chunk):
        if isinstance(item, Passed):
            if str(item):
                skipped.append(f"{item}; passed through unchanged")
            yield item.raw
        else:
            yield item


def summarize_chunk(task: tuple[Chunk, Job]) -> Summarized:
    """Clean, summarise and sign every document of a chunk (in a worker process)."""
    chunk, job = task
    items: list[Entry | bytes] = []  # an entry, or a line passed through
    results: list[Result] = []
    summaries: list[Summary | None] = []
    signatures: list[bytes | None] = []
    skipped: list[str] = []
    if chunk.oversized is not None:  # finish_chunk hands it on to the parent
        skipped.append(f"{chunk.oversized.message(job.path)}; passed through unchanged")
        payload = pickle.dumps(chunk.oversized, pickle.HIGHEST_PROTOCOL)
        return Summarized([], [], [], skipped, payload)
    for item in _lines(chunk, job, skipped):
        if isinstance(item, bytes):
            items.append(item)
            continue
        outcome = clean_unit(job.task(item.text))
        items.append(item)
        results.append(outcome.result)
        summaries.append(outcome.summary)
        signatures.append(outcome.signature)
    names = [item.name for item in items if not isinstance(item, bytes)]
    payload = pickle.dumps((items, results, summaries), pickle.HIGHEST_PROTOCOL)
    return Summarized(names, summaries, signatures, skipped, payload)


@dataclass(frozen=True, slots=True)
class Decisions:
    """A summarised chunk (its payload) on its second trip, with the parent's decisions
    on each of its documents, in order."""

    payload: bytes
    crosses: list[Cross]  # the runs earlier documents hold
    duplicates: list[Duplicate | None]  # the earlier document each is a near copy of
    job: Job


def finish_chunk(task: Decisions) -> Cleaned:
    """Apply the parent's decisions to a summarised chunk and write its lines back."""
    job = task.job
    loaded = pickle.loads(task.payload)
    report = Report(keep=job.keep)
    if not isinstance(loaded, tuple):  # a document over the limit
        return Cleaned(b"", False, report.files, report.omitted, [], passthrough=loaded)
    items, results, summaries = loaded
    out: list[bytes] = []
    changed = False
    k = 0
    for item in items:
        if isinstance(item, bytes):
            out.append(item)
            continue
        cross, duplicate, result, summary = task.crosses[k], task.duplicates[k], results[k], summaries[k]
        k += 1
        document = entry_document(item)
        if cross:
            result = apply_cross(document.text, result, summary, cross)
        file, line, line_changed = shard_line(job, item, document, result, duplicate)
        report.add(file)
        out.append(line)
        changed = changed or line_changed
    return Cleaned(b"".join(out), changed, report.files, report.omitted, [])


def entry_document(entry: Entry) -> Document:
    """A shard's document as a document (lone surrogates, valid JSON escapes, kept)."""
    text = entry.text
    return Document(entry.name, None, text, "utf-8", "surrogatepass")


def shard_line(
    job: Job, entry: Entry, document: Document, result: Result, duplicate: Duplicate | None = None
) -> tuple[FileReport, bytes, bool]:
    """A cleaned document's report, the bytes it is written back as (none when it is
    dropped), and whether they differ from those read."""
    file = with_extras(file_report(document, plain(result), path=job.name), duplicate, result)
    place = getattr(entry, "place", None)  # a Parquet row's row group and row
    if place is not None:
        file = replace(file, position=place)
    line = job.format.write(entry, result.text)
    changed = result.text != document.text
    if (duplicate is not None and job.drop_duplicates) or file.empty:
        line, changed = b"", True
    return file, line, changed
