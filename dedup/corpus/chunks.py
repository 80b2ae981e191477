"""A JSONL shard in chunks of lines, each parsed, cleaned and written back whole by a
worker, so that the parent process only reads bytes, writes bytes, counts, and makes
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

import io
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Any

from dedup.config import Config
from dedup.corpus.jsonl import BadLine, Oversized, Record, bounded_lines, records
from dedup.corpus.scope import Cross, Summary, apply_cross, summarize
from dedup.report.model import FileReport, Keep, Report, Tally, file_report, plain, with_extras
from dedup.result import Result
from dedup.sources import Document
from dedup.text.engine import clean_text, clean_with_forms
from dedup.text.normalize import normal_text

if TYPE_CHECKING:
    from dedup.corpus.neardup import Duplicate

# Bytes of lines in a chunk: large enough that a chunk's round trip to a worker is
# cheap next to cleaning it, small enough that a 10 MB shard still keeps two busy.
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Chunk:
    """Lines ``first, first + 1, ...`` (counted from 1) of a shard; or, with
    ``oversized``, the one line ``first`` that is over the size limit (not read)."""

    first: int
    lines: list[bytes]
    oversized: Oversized | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs to clean any chunk of one shard."""

    path: str  # where line numbers in messages point
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
    passthrough: Oversized | None = None  # a line over the limit, which the parent copies


def chunks(stream: IO[bytes], limit: int | None = None) -> Iterator[Chunk]:
    """The lines of a shard, about :data:`CHUNK_BYTES` at a time; a line over ``limit``
    bytes is a chunk of its own, which says where the line lies, without it."""
    if limit is None:
        lines: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
        first = 1
        while batch := lines.readlines(CHUNK_BYTES):
            yield Chunk(first, batch)
            first += len(batch)
        return
    batch, size, first = [], 0, 1
    for line in bounded_lines(stream, limit):
        if isinstance(line, Oversized):
            if batch:
                yield Chunk(first, batch)
            yield Chunk(line.number, [], line)
            batch, size, first = [], 0, line.number + 1
            continue
        batch.append(line)
        size += len(line)
        if size >= CHUNK_BYTES:
            yield Chunk(first, batch)
            first += len(batch)
            batch, size = [], 0
    if batch:
        yield Chunk(first, batch)


def check_chunk(task: tuple[Chunk, Job]) -> str | None:
    """The first bad line of a chunk, as an error message; None if every line is good."""
    chunk, job = task
    if chunk.oversized is not None:
        return chunk.oversized.message(job.path)
    for item in records(job.path, chunk.lines, first=chunk.first, text_key=job.text_key, id_key=job.id_key, spans=False):
        if isinstance(item, BadLine) and str(item):
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
        document = record_document(item)
        result, _, sig = work(document.text, job.config, False, job.sign, job.fixes, job.documents_only)
        file, line, changed = shard_line(item, document, result, job.name)
        if done.signatures is None:
            report.add(file)
        else:  # the parent adds it, once it knows whether it is a near duplicate
            done.files.append(file if job.keep.texts else replace(file, original="", cleaned=""))
            done.signatures.append(sig)
            done.spans.append((position, position + len(line)))
        out.append(line)
        position += len(line)
        done.changed = done.changed or changed
    done.data = b"".join(out)
    return done


def _lines(chunk: Chunk, job: Job, skipped: list[str]) -> Iterator[Record | bytes]:
    """A chunk's documents, and the lines passed through as they are (blank, or bad
    ones, whose messages go to ``skipped``)."""
    for item in records(job.path, chunk.lines, first=chunk.first, text_key=job.text_key, id_key=job.id_key):
        if isinstance(item, BadLine):
            if str(item):
                skipped.append(f"{item}; passed through unchanged")
            yield item.raw
        else:
            yield item


def summarize_chunk(task: tuple[Chunk, Job]) -> Summarized:
    """Clean, summarise and sign every document of a chunk (in a worker process)."""
    chunk, job = task
    items: list[Record | bytes] = []  # a record, or a line passed through
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
        result, summary, sig = work(item.text, job.config, job.corpus, job.sign, job.fixes, job.documents_only)
        items.append(item)
        results.append(result)
        summaries.append(summary)
        signatures.append(sig)
    names = [item.ident for item in items if isinstance(item, Record)]
    payload = pickle.dumps((items, results, summaries), pickle.HIGHEST_PROTOCOL)
    return Summarized(names, summaries, signatures, skipped, payload)


def finish_chunk(task: tuple[bytes, list[tuple[Cross, Duplicate | None]], Job]) -> Cleaned:
    """Apply the parent's decisions to a summarised chunk and write its lines back."""
    payload, decisions, job = task
    loaded = pickle.loads(payload)
    report = Report(keep=job.keep)
    if isinstance(loaded, Oversized):
        return Cleaned(b"", False, report.files, report.omitted, [], passthrough=loaded)
    items, results, summaries = loaded
    out: list[bytes] = []
    changed = False
    k = 0
    for item in items:
        if isinstance(item, bytes):
            out.append(item)
            continue
        (cross, duplicate), result, summary = decisions[k], results[k], summaries[k]
        k += 1
        document = record_document(item)
        if cross:
            result = apply_cross(document.text, result, summary, cross)
        file, line, line_changed = shard_line(item, document, result, job.name, duplicate, job.drop_duplicates)
        report.add(file)
        out.append(line)
        changed = changed or line_changed
    return Cleaned(b"".join(out), changed, report.files, report.omitted, [])


def work(
    text: str, config: Config, corpus: bool, sign: bool, fixes: tuple[Any, ...], documents_only: bool = False
) -> tuple[Result, Summary | None, bytes | None]:
    """Clean one document; for corpus scope, summarise its paragraphs; for
    near-duplicate documents, sign it. With cleaning passes, the result is a
    ``FixedResult`` (``text``, ``findings``, ``changes``, ``empty``). With
    ``documents_only``, the document is only signed, whole, and stays as it is."""
    if documents_only:
        from dedup.corpus.neardup import signature

        return Result(text, ()), None, signature(normal_text(text)) if sign else None
    if fixes or (not corpus and not sign):
        return clean_document(text, config, fixes), None, None
    result, lay, forms = clean_with_forms(text, config)
    summary = summarize(text, result, lay, forms, config) if corpus else None
    if not sign:
        return result, summary, None
    from dedup.corpus.neardup import signature

    return result, summary, signature("".join(f.text for f in forms))


def record_document(record: Record) -> Document:
    """A shard's line as a document (lone surrogates, valid JSON escapes, kept)."""
    text = record.text
    return Document(record.ident, text.encode("utf-8", "surrogatepass"), text, "utf-8", "surrogatepass")


def clean_document(text: str, config: Config, fixes: tuple[Any, ...]) -> Result:
    """One document cleaned, with the cleaning passes if any are asked for (then the
    result is a ``FixedResult``: ``text``, ``findings``, ``changes``, ``empty``)."""
    if fixes:
        from dedup.text.fixes_dedup import clean_and_fix

        return clean_and_fix(text, fixes, config)  # type: ignore[return-value]
    return clean_text(text, config)


def shard_line(
    record: Record,
    document: Document,
    result: Result,
    name: str,
    duplicate: Duplicate | None = None,
    drop_duplicate: bool = False,
) -> tuple[FileReport, bytes, bool]:
    """A cleaned line's report, the bytes it is written back as (none when it is
    dropped), and whether they differ from the line read."""
    file = with_extras(file_report(document, plain(result), path=name), duplicate, result)
    line = record.with_text(result.text)
    changed = result.text != document.text
    if (duplicate is not None and drop_duplicate) or file.empty:
        line, changed = b"", True
    return file, line, changed
