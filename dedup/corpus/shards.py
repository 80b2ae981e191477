"""Shards (many documents in one input, in a format of :mod:`dedup.inputs`): read,
clean, decide and write back, in order.

A bad document fails the shard before anything is written (``--on-error fail``), or
is passed through unchanged with a note (``skip``). Written to stdout after another
shard that lacked a final newline, a line format's shard starts on a new line.

In document scope, and with no index, the shard goes to the workers in chunks
(:mod:`dedup.corpus.chunks`), and only the decisions that need the corpus in order
are made here; otherwise document by document (:func:`clean_by_document`).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

from dedup.atomic import Stamp, sweep
from dedup.atomic import stamp as stamp_of
from dedup.corpus.chunks import (
    Cleaned,
    Decisions,
    Job,
    Summarized,
    check_chunk,
    clean_chunk,
    entry_document,
    finish_chunk,
    shard_line,
    summarize_chunk,
)
from dedup.corpus.context import Run
from dedup.corpus.scope import Cross
from dedup.corpus.stages import Place
from dedup.errors import DedupError, InputError
from dedup.inputs import stdin
from dedup.inputs.protocol import Chunk, Entry, Passed, ShardFormat
from dedup.progress import input_bytes
from dedup.report.model import FileReport, with_extras
from dedup.sources import STDIN, Document
from dedup.storage import is_url
from dedup.storage import stamp as object_stamp

if TYPE_CHECKING:
    from dedup.corpus.neardup import Duplicate

Emit = Callable[[FileReport | None, Any, bool], None]  # a piece written back, or a document over the limit


def job_for(run: Run, shard_format: ShardFormat, path: str) -> Job:
    options = run.options
    return Job(
        path,
        path if path != STDIN else stdin.NAME,
        options.config,
        options.text_key,
        options.id_key,
        options.fixes,
        run.report.keep,
        corpus=options.corpus,
        sign=options.sign,
        drop_duplicates=options.drop_duplicate_docs,
        documents_only=options.documents_only,
        format=shard_format,
    )


def opener(shard_format: ShardFormat, path: str, read_stdin: Callable[[], bytes] | None) -> Callable[[], IO[bytes]]:
    """A function that opens the shard for reading (again), with a clear error."""

    def reopen() -> IO[bytes]:
        if path == STDIN:
            return stdin.stream(read_stdin)
        try:
            return shard_format.open(path, "rb")
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror or error}") from None

    return reopen


def _stamp(run: Run, path: str) -> Stamp:
    """The shard's state now (an object's: its size and version)."""
    return object_stamp(path) if is_url(path) else stamp_of(path, follow=path in run.explicit)


def check_shard(run: Run, job: Job, reopen: Callable[[], IO[bytes]]) -> bool:
    """With ``--on-error fail``, whether every document is good (if not, the error
    is in the report and nothing is to be written)."""
    if run.options.on_error != "fail":
        return True
    with reopen() as stream:
        checks = ((chunk, job) for chunk in job.format.chunks(stream, run.options.max_document_size))
        for message in run.map(check_chunk, checks, 1):
            if message is not None:
                hint = (
                    "nothing written; --on-error skip to skip it"
                    if run.options.writes
                    else "the shard is not checked; --on-error skip to skip such lines"
                )
                run.report.errors.append((job.path, f"{message} ({hint})"))
                return False
    return True


def clean_shard(run: Run, shard_format: ShardFormat, path: str, read_stdin: Callable[[], bytes] | None) -> None:
    """Clean every document of a shard; write the shard back or out. An error stops
    this shard alone."""
    counted = run.counted
    try:
        _clean_shard(run, shard_format, path, read_stdin)
    except DedupError as error:
        run.report.errors.append((path, str(error)))
    finally:  # the rest of the file: skipped, unchanged in the index, or its end
        run.advance(0, max(0, input_bytes([path]) - (run.counted - counted)))


def _clean_shard(run: Run, shard_format: ShardFormat, path: str, read_stdin: Callable[[], bytes] | None) -> None:
    options = run.options
    if path == STDIN:  # read it once: it is checked and then cleaned
        read_stdin = stdin.once(read_stdin)
    job = job_for(run, shard_format, path)
    reopen = opener(shard_format, path, read_stdin)
    # With -i, the shard as it was before it was first read: it must still be so
    # when the cleaned one is renamed over it.
    read_as = None
    if (options.in_place or run.keep_stamps) and path != STDIN:
        read_as = run.first_read.get(path) or _stamp(run, path)
        run.stamps[path] = read_as
    if not check_shard(run, job, reopen):
        return
    shard_key = None
    stat = (0, 0)
    if options.index is not None and path != STDIN:
        shard_key, stat, unchanged = run.indexed(path, shard=True)
        if unchanged:
            return
    sink = None
    if options.in_place and path != STDIN:
        follow = path in run.explicit
        sweep(os.path.realpath(path) if follow else path)
        sink = shard_format.sink(path, follow=follow, expect=read_as)
    if path in run.targets:
        if not is_url(run.targets[path]):
            sweep(run.targets[path])  # what a killed run (or a lost Dask worker) left there
        sink = shard_format.sink(path, run.targets[path], inside=options.output_dir)
    copier = shard_format.copier(path, reopen)
    fresh = [True]  # nothing of this shard written yet

    def emit(file: FileReport | None, data: Any, changed: bool) -> None:
        if not isinstance(data, bytes):  # a document over the limit: copied, in pieces
            if sink is not None or run.on_output is not None:
                copier.copy(data, lambda piece: emit(None, piece, False))
            return
        if sink is not None:
            sink.write(data, changed)
        elif run.on_output is not None and data:
            if fresh[0] and run.tail and not run.tail.endswith(b"\n") and shard_format.line_oriented:
                run.on_output(None, b"\n")  # the shard before ended without one
            fresh[0] = False
            run.on_output(file, data)
            run.tail = data[-1:]

    try:
        with reopen() as stream:
            if run.chunked and options.index is None:
                clean_in_chunks(run, job, stream, emit)
            else:
                clean_by_document(run, job, stream, emit, shard_key, stat)
        if sink is not None:
            sink.commit()
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    finally:
        copier.close()


def clean_in_chunks(run: Run, job: Job, stream: IO[bytes], emit: Emit) -> None:
    """Chunks cleaned whole by the workers, with the decisions that need corpus order
    made here: near-duplicate documents placed as each chunk comes back; across the
    corpus, between a chunk's two trips."""
    positions: deque[int] = deque()  # how far the file was read for each chunk in flight

    def tasks() -> Iterator[tuple[Chunk, Job]]:
        for chunk in job.format.chunks(stream, run.options.max_document_size):
            positions.append(job.format.consumed(stream))
            yield chunk, job

    last = 0
    if not job.corpus:  # with near-duplicate documents, placed here as they come back
        done = run.map(clean_chunk, tasks(), 1)
    else:
        decided = (_decide(run, s, job) for s in run.map(summarize_chunk, tasks(), 1))
        done = run.map(finish_chunk, decided, 1)
    for cleaned in done:
        run.report.skipped.extend((job.path, message) for message in cleaned.skipped)
        if cleaned.signatures is not None:
            _place(run, cleaned, job)
        for file in cleaned.files:
            run.report.add(file)
        run.report.omitted.merge(cleaned.omitted)
        emit(None, cleaned.data, cleaned.changed)
        if cleaned.passthrough is not None:
            emit(None, cleaned.passthrough, False)
        position = positions.popleft()
        run.advance(len(cleaned.files) + cleaned.omitted.documents, max(0, position - last))
        last = max(last, position)


def _place(run: Run, cleaned: Cleaned, job: Job) -> None:
    """Place a chunk's documents among the near-duplicate clusters: mark the near
    duplicates in their reports and, if they are to be dropped, cut them out."""
    assert cleaned.signatures is not None
    dropped = []
    for k, (file, sig) in enumerate(zip(cleaned.files, cleaned.signatures, strict=True)):
        duplicate = run.order.place(file.document or "", sig)
        if duplicate is not None:
            cleaned.files[k] = with_extras(file, duplicate)
            if job.drop_duplicates:
                dropped.append(cleaned.spans[k])
    if dropped:
        cleaned.data = job.format.drop(cleaned.data, dropped)
        cleaned.changed = True


def _decide(run: Run, summarized: Summarized, job: Job) -> Decisions:
    """The corpus memory's and the near-duplicate clusters' decisions on a chunk."""
    run.report.skipped.extend((job.path, message) for message in summarized.skipped)
    crosses: list[Cross] = []
    duplicates: list[Duplicate | None] = []
    for name, summary, sig in zip(summarized.names, summarized.summaries, summarized.signatures, strict=True):
        crosses.append(run.order.cross(name, summary))
        duplicates.append(run.order.place(name, sig))
    return Decisions(summarized.payload, crosses, duplicates, job)


def entries(run: Run, job: Job, stream: IO[bytes]) -> Iterator[tuple[Entry | Passed, int]]:
    """The reading stage: the shard's documents and what passes through, in order,
    each with how far the file had been read to get it."""
    for chunk in job.format.chunks(stream, run.options.max_document_size):
        position = job.format.consumed(stream)
        for item in job.items(chunk):
            yield item, position


def documents(
    run: Run, job: Job, stream: IO[bytes], passed: Callable[[Passed], None], shard_key: str | None, stat: tuple[int, int]
) -> Iterator[tuple[Entry, Document, Place | None, int]]:
    """The shard's documents, each with its place in the index and how far the file
    had been read to get it; what passes through goes to ``passed`` (its message to
    the report)."""
    for item, position in entries(run, job, stream):
        if isinstance(item, Passed):
            if str(item):
                run.report.skipped.append((job.path, f"{item}; passed through unchanged"))
            passed(item)
            continue
        place = None
        if shard_key is not None:
            place = (f"{shard_key}:{item.position}", f"{shard_key}\0{item.position:012d}", stat, item.name)
        yield item, entry_document(item), place, position


def clean_by_document(
    run: Run, job: Job, stream: IO[bytes], emit: Emit, shard_key: str | None, stat: tuple[int, int]
) -> None:
    """Document by document, for what needs the corpus in order: corpus scope, an
    index, near-duplicate documents (and the Dask executor, which keeps results)."""
    entries_read: deque[tuple[Entry, int]] = deque()
    passed: list[Any] = []  # what passes through unchanged before the next document
    before: deque[list[Any]] = deque()
    last = 0

    def read() -> Iterator[tuple[Document, Place | None]]:
        keep = passed.append
        for entry, document, place, position in documents(run, job, stream, lambda item: keep(item.oversized or item.raw), shard_key, stat):
            entries_read.append((entry, position))
            before.append(passed[:])
            passed.clear()
            yield document, place

    for document, place, outcome in run.cleaned(read()):
        entry, position = entries_read.popleft()
        run.advance(1, max(0, position - last))
        last = max(last, position)
        for raw in before.popleft():
            emit(None, raw, False)
        decided = run.order.decide(document, outcome, place)
        file, line, changed = shard_line(job, entry, document, decided.result, decided.duplicate)
        run.report.add(file)
        emit(file, line, changed)
    for raw in passed:
        emit(None, raw, False)



def shard_documents(run: Run, shard_format: ShardFormat, path: str) -> Iterator[Document]:
    """The reading stage alone: the shard's documents, in order, as a run that writes
    it reads them (checked first with ``--on-error fail``; with its stamp kept). An
    error ends them; it goes to the report."""
    try:
        job = job_for(run, shard_format, path)
        reopen = opener(shard_format, path, None)
        if run.keep_stamps:
            run.stamps[path] = _stamp(run, path)
        if not check_shard(run, job, reopen):
            return
        with reopen() as stream:
            for _entry, document, _place, _position in documents(run, job, stream, lambda _item: None, None, (0, 0)):
                yield document
    except DedupError as error:
        run.report.errors.append((path, str(error)))
