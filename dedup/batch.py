"""Cleaning many inputs: files, directories and JSONL shards, one document at a time
or across the corpus, on all cores, with results in input order.

A bad input does not stop the others: it becomes an error entry in the report. A
file with nothing removed is never rewritten.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import IO, TYPE_CHECKING, Any

from dedup.atomic import Stamp, check_target, create_temporary, stamp, sweep, sync_folder, write_atomic
from dedup.atomic import replace as replace_file
from dedup.config import Config
from dedup.corpus.chunks import Cleaned, Job, Summarized, check_chunk, chunks, clean_chunk, finish_chunk, record_document, shard_line, summarize_chunk, work
from dedup.corpus.executors import Workers
from dedup.corpus.jsonl import BadLine, LineCopier, Oversized, Record, open_shard, read_records
from dedup.corpus.outputs import make_folder, output_mode, targets, write_output
from dedup.corpus.scope import Cross, CorpusMemory, Summary, apply_memory, decide
from dedup.corpus.walk import Selection, expand_named, is_jsonl
from dedup.errors import BinaryInputError, DedupError, InputError, OutputError
from dedup.report.model import FileReport, Keep, Report, Sink, file_report, plain, with_extras
from dedup.result import Result
from dedup.sources import MAX_DOCUMENT_SIZE, STDIN, Document, decode, read_stamped
from dedup.text.rewrite import cut


@dataclass(frozen=True)
class Options:
    """How to run over many inputs (the rule's own settings are in ``config``)."""

    config: Config = field(default_factory=Config)
    encoding: str | None = None
    in_place: bool = False
    output_dir: str | None = None  # -o DIR: a cleaned copy of each input, under its own name
    scope: str = "document"
    jobs: int = 1
    text_key: str = "text"
    id_key: str = "id"
    on_error: str = "fail"
    input_format: str = "auto"
    max_document_size: int = MAX_DOCUMENT_SIZE  # bytes of a file, or of a shard's line (newline included)
    selection: Selection = field(default_factory=Selection)
    near_duplicate_docs: bool = False
    documents_only: bool = False  # only near-duplicate documents: paragraphs are left alone
    doc_threshold: float = 0.8
    drop_duplicate_docs: bool = False
    index: str | None = None
    rebuild: bool = False
    skip_unchanged: bool = False
    index_stats: bool = False  # count what the index holds at the end (a full scan)
    fixes: tuple[Any, ...] = ()  # dedup.text.fixes.FixSpec, the cleaning passes asked for
    keep: Keep = field(default_factory=Keep)  # what the report holds of each document


if TYPE_CHECKING:  # neardup imports NumPy: only runs that sign documents load it
    from dedup.corpus.neardup import Duplicate, NearDuplicates

Output = Callable[[FileReport | None, bytes], None]
# A document's unique key in the index, its place in corpus order, (size, mtime_ns),
# and the name findings in other documents give it.
Place = tuple[str, str, tuple[int, int], str]


def _work(task: tuple[str, Config, bool, bool, tuple[Any, ...], bool]) -> tuple[Result, Summary | None, bytes | None]:
    """:func:`dedup.corpus.chunks.work` on one task (runs in a worker process)."""
    return work(*task)


class _Runner:
    # Whether a shard in document scope may go to the workers in chunks of lines
    # (the Dask stages, which keep per-document results, say no).
    chunked = True

    def __init__(self, options: Options, report: Report, on_output: Output | None) -> None:
        self.options = options
        self.workers = Workers(options.jobs)
        self.report = report
        self.on_output = on_output
        self.memory: Any = CorpusMemory() if options.scope == "corpus" else None
        self.root = os.getcwd()
        if options.index is not None:
            from dedup.corpus.index import IndexMemory

            settings = asdict(options.config)
            self.memory = IndexMemory(options.index, settings, rebuild=options.rebuild)
            folder = os.path.dirname(os.path.abspath(options.index))
            self.root = os.path.dirname(folder) if os.path.basename(folder) == ".dedup" else folder
        self.explicit: set[str] = set()  # paths named by the user: a link among them is followed
        self.stamps: dict[str, Stamp] = {}  # with -i (or keep_stamps): each file as it was read
        self.keep_stamps = False  # record them without -i (the Dask stage that reads first)
        self.first_read: dict[str, Stamp] = {}  # as an earlier stage read them: they must still be so
        self.targets: dict[str, str] = {}  # with -o DIR: where each input goes
        self.seen_keys: set[str] = set()
        self._tail = b""  # the last byte a shard wrote to the output
        self.near: NearDuplicates | None = None
        if options.near_duplicate_docs or options.drop_duplicate_docs:
            from dedup.corpus.neardup import NearDuplicates

            self.near = NearDuplicates(options.doc_threshold, clusters=report.clusters)

    def key(self, path: str) -> str:
        """A file's name in the index: its path below the index's project, with ``/``."""
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")

    def indexed(self, path: str, *, shard: bool = False) -> tuple[str, tuple[int, int], bool]:
        """A file's index key, its (size, mtime_ns), and whether the index holds it as
        it is (then an incremental run skips it); a shard is asked about as ``KEY:``,
        all of its documents."""
        key = self.key(path)
        self.seen_keys.add(key)
        try:
            info = os.stat(path)
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
        stat = (info.st_size, info.st_mtime_ns)
        asked = f"{key}:" if shard else key
        return key, stat, self.options.skip_unchanged and self.memory.unchanged(asked, stat)

    def clean_all(
        self, documents: Iterable[tuple[Document, Place | None]]
    ) -> Iterator[tuple[Document, Result, Duplicate | None]]:
        """Clean documents in order: in parallel, then across the corpus in order."""
        config, corpus, sign = self.options.config, self.memory is not None, self.near is not None
        pending: deque[tuple[Document, Place | None]] = deque()

        fixes = self.options.fixes

        def tasks() -> Iterator[tuple[str, Config, bool, bool, tuple[Any, ...], bool]]:
            for item in documents:
                pending.append(item)
                yield item[0].text, config.for_path(item[0].name), corpus, sign, fixes, self.options.documents_only

        for result, summary, sig in self.work(tasks()):
            document, place = pending.popleft()
            if self.memory is not None and summary is not None:
                result = apply_memory(self.memory, document.name, document.text, result, summary, config, place)
            duplicate = self.near.add(document.name, sig) if self.near is not None else None
            yield document, result, duplicate

    def work(
        self, tasks: Iterator[tuple[str, Config, bool, bool, tuple[Any, ...], bool]]
    ) -> Iterator[tuple[Result, Summary | None, bytes | None]]:
        """Each document cleaned on its own, summarised and signed, in order (the Dask
        executor's last stage gives back what its first stage computed)."""
        return self.workers.map(_work, tasks)

    def run_group(self, shard: bool, paths: list[str], read_stdin: Callable[[], bytes] | None) -> None:
        """Clean a JSONL shard (an error stops it alone) or some other files."""
        if not shard:
            self.run_files(paths, read_stdin)
            return
        try:
            self.run_shard(paths[0], read_stdin)
        except DedupError as error:
            self.report.errors.append((paths[0], str(error)))

    def run_files(self, paths: list[str], read_stdin: Callable[[], bytes] | None) -> None:
        options = self.options
        moved: set[str] = set()  # changed since an earlier stage read them

        def documents() -> Iterator[tuple[Document, Place | None]]:
            for path in paths:
                try:
                    if path == STDIN:
                        if read_stdin is None:
                            raise DedupError("-: standard input is not available here")
                        yield decode("<stdin>", read_stdin(), options.encoding), None
                    else:
                        if os.path.isdir(path):
                            raise InputError(f"{path}: is a directory; pass the files in it")
                        place = None
                        if options.index is not None:
                            key, stat, unchanged = self.indexed(path)
                            if unchanged:
                                continue
                            place = (key, key, stat, key)
                        data, info = read_stamped(path, follow=path in self.explicit, limit=options.max_document_size)
                        if options.in_place or self.keep_stamps or path in self.first_read:
                            # what the result will have been made from: an earlier stage's read
                            self.stamps[path] = self.first_read.get(path) or Stamp.of(info)
                            if self.stamps[path] != Stamp.of(info):
                                moved.add(path)
                        yield decode(path, data, options.encoding), place
                except BinaryInputError as error:
                    (self.report.errors if path in self.explicit else self.report.skipped).append((path, str(error)))
                except DedupError as error:
                    self.report.errors.append((path, str(error)))

        for document, result, duplicate in self.clean_all(documents()):
            changed = result.text != document.text
            read_as = self.stamps.pop(document.name, None)
            if document.name in moved:
                self.report.errors.append((document.name, _changed(document.name)))
                continue
            try:  # cut from the original bytes if the codec does not round-trip
                removed = [(f.start, f.end) for f in result.findings]
                cleaned = document.encode(result.text, removed) if changed else document.data
            except DedupError as error:
                self.report.errors.append((document.name, str(error)))
                continue
            file = with_extras(file_report(document, plain(result), len(cleaned)), duplicate, result)
            try:
                if options.in_place and document.name != "<stdin>":
                    follow = document.name in self.explicit
                    sweep(os.path.realpath(document.name) if follow else document.name)  # what a killed run left
                    if file.changed:
                        write_atomic(document.name, cleaned, follow=follow, expect=read_as)
                elif document.name in self.targets:
                    write_output(self.targets[document.name], cleaned, document.name, options.output_dir)
            except DedupError as error:
                self.report.errors.append((document.name, str(error)))
                continue
            self.report.add(file)
            if self.on_output is not None:
                self.on_output(file, cleaned)

    def run_shard(self, path: str, read_stdin: Callable[[], bytes] | None) -> None:
        """Clean every document of a JSONL shard; write the shard back or out.

        A bad line fails the shard before anything is written (``--on-error fail``), or
        is passed through unchanged with a note (``skip``). Written to stdout after
        another shard that lacked a final newline, a shard starts on a new line.
        """
        options = self.options
        if path == STDIN:  # read it once: it is validated and then cleaned
            if read_stdin is None:
                raise DedupError("-: standard input is not available here")
            data = read_stdin()
            read_stdin = lambda: data  # noqa: E731
        name = path if path != STDIN else "<stdin>"
        job = Job(
            path,
            name,
            options.config,
            options.text_key,
            options.id_key,
            options.fixes,
            self.report.keep,
            corpus=self.memory is not None,
            sign=self.near is not None,
            drop_duplicates=options.drop_duplicate_docs,
            documents_only=options.documents_only,
        )
        # With -i, the shard as it was before it was first read: it must still be so
        # when the cleaned one is renamed over it.
        read_as = None
        if (options.in_place or self.keep_stamps) and path != STDIN:
            read_as = self.first_read.get(path) or stamp(path, follow=path in self.explicit)
            self.stamps[path] = read_as
        if options.on_error == "fail":
            with self._open(path, read_stdin) as stream:
                checks = ((chunk, job) for chunk in chunks(stream, options.max_document_size))  # type: ignore[arg-type]
                for message in self.workers.map(check_chunk, checks, 1):
                    if message is not None:
                        self.report.errors.append((path, f"{message} (nothing written; --on-error skip to skip it)"))
                        return
        shard_key = None
        stat = (0, 0)
        if options.index is not None and path != STDIN:
            shard_key, stat, unchanged = self.indexed(path, shard=True)
            if unchanged:
                return
        writer = None
        if options.in_place and path != STDIN:
            follow = path in self.explicit
            sweep(os.path.realpath(path) if follow else path)
            writer = _ShardWriter(path, follow=follow, expect=read_as)
        if path in self.targets:
            sweep(self.targets[path])  # what a killed run (or a lost Dask worker) left there
            writer = _ShardWriter(path, self.targets[path], inside=options.output_dir)

        def reopen() -> IO[bytes]:  # a second reading, for the lines over the size limit
            stream: IO[bytes] = self._open(path, read_stdin).__enter__()  # type: ignore[assignment]
            return stream

        copier = LineCopier(path, reopen)
        fresh = [True]  # nothing of this shard written yet

        def emit(file: FileReport | None, data: bytes | Oversized, changed: bool) -> None:
            if isinstance(data, Oversized):  # a line over the limit: copied, in pieces
                if writer is not None or self.on_output is not None:
                    copier.copy(data, lambda piece: emit(None, piece, False))
                return
            if writer is not None:
                writer.write(data, changed)
            elif self.on_output is not None and data:
                if fresh[0] and not self._tail.endswith(b"\n") and self._tail:
                    self.on_output(None, b"\n")  # the shard before ended without one
                fresh[0] = False
                self.on_output(file, data)
                self._tail = data[-1:]

        try:
            with self._open(path, read_stdin) as stream:
                if self.chunked and options.index is None:
                    self._clean_chunks(stream, job, emit)  # type: ignore[arg-type]
                else:
                    self._clean_lines(stream, job, emit, shard_key, stat)  # type: ignore[arg-type]
            if writer is not None:
                writer.commit()
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        finally:
            copier.close()

    def _clean_chunks(self, stream: IO[bytes], job: Job, emit: Callable[[FileReport | None, bytes | Oversized, bool], None]) -> None:
        """Chunks of lines cleaned whole by the workers, with the decisions that need
        corpus order made here: near-duplicate documents placed as each chunk comes
        back; across the corpus, between a chunk's two trips."""
        tasks = ((chunk, job) for chunk in chunks(stream, self.options.max_document_size))
        if not job.corpus:  # with near-duplicate documents, placed here as they come back
            done = self.workers.map(clean_chunk, tasks, 1)
        else:
            done = self.workers.map(finish_chunk, (self._decide(s, job) for s in self.workers.map(summarize_chunk, tasks, 1)), 1)
        for cleaned in done:
            self.report.skipped.extend((job.path, message) for message in cleaned.skipped)
            if cleaned.signatures is not None:
                self._place(cleaned, job)
            for file in cleaned.files:
                self.report.add(file)
            self.report.omitted.merge(cleaned.omitted)
            emit(None, cleaned.data, cleaned.changed)
            if cleaned.passthrough is not None:
                emit(None, cleaned.passthrough, False)

    def _place(self, cleaned: Cleaned, job: Job) -> None:
        """Place a chunk's documents among the near-duplicate clusters: mark the near
        duplicates in their reports and, if they are to be dropped, cut their lines."""
        assert self.near is not None and cleaned.signatures is not None
        dropped = []
        for k, (file, sig) in enumerate(zip(cleaned.files, cleaned.signatures, strict=True)):
            duplicate = self.near.add(file.document or "", sig)
            if duplicate is not None:
                cleaned.files[k] = with_extras(file, duplicate)
                if job.drop_duplicates:
                    dropped.append(cleaned.spans[k])
        if dropped:
            cleaned.data = cut(cleaned.data, dropped)
            cleaned.changed = True

    def _decide(self, summarized: Summarized, job: Job) -> tuple[bytes, list[tuple[Cross, Duplicate | None]], Job]:
        """The corpus memory's and the near-duplicate clusters' decisions on a chunk."""
        self.report.skipped.extend((job.path, message) for message in summarized.skipped)
        decisions: list[tuple[Cross, Duplicate | None]] = []
        config = self.options.config
        for name, summary, sig in zip(summarized.names, summarized.summaries, summarized.signatures, strict=True):
            cross = decide(self.memory, name, summary, config) if self.memory is not None and summary is not None else []
            decisions.append((cross, self.near.add(name, sig) if self.near is not None else None))
        return summarized.payload, decisions, job

    def _clean_lines(
        self,
        stream: IO[bytes],
        job: Job,
        emit: Callable[[FileReport | None, bytes | Oversized, bool], None],
        shard_key: str | None,
        stat: tuple[int, int],
    ) -> None:
        """Document by document, for what needs the corpus in order: corpus scope, an
        index, near-duplicate documents."""
        records: deque[Record] = deque()
        passed: list[bytes | Oversized] = []  # lines passed through unchanged before the next record
        before: deque[list[bytes | Oversized]] = deque()
        limit = self.options.max_document_size

        def documents() -> Iterator[tuple[Document, Place | None]]:
            for item in read_records(job.path, stream, text_key=job.text_key, id_key=job.id_key, limit=limit):
                if isinstance(item, BadLine):
                    if str(item):
                        self.report.skipped.append((job.path, f"{item}; passed through unchanged"))
                    passed.append(item.oversized or item.raw)
                    continue
                records.append(item)
                before.append(passed[:])
                passed.clear()
                place = None
                if shard_key is not None:
                    place = (f"{shard_key}:{item.number}", f"{shard_key}\0{item.number:012d}", stat, item.ident)
                yield record_document(item), place

        for document, result, duplicate in self.clean_all(documents()):
            record = records.popleft()
            for raw in before.popleft():
                emit(None, raw, False)
            file, line, changed = shard_line(
                record, document, result, job.name, duplicate, self.options.drop_duplicate_docs
            )
            self.report.add(file)
            emit(file, line, changed)
        for raw in passed:
            emit(None, raw, False)

    def _open(self, path: str, read_stdin: Callable[[], bytes] | None) -> contextlib.AbstractContextManager[object]:
        if path == STDIN:
            import io

            assert read_stdin is not None
            return contextlib.nullcontext(io.BytesIO(read_stdin()))
        try:
            return open_shard(path, "rb")
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def _changed(path: str) -> str:
    return f"{path}: changed while it was being cleaned; not rewritten (run dedup again)"


class _ShardWriter:
    """Writes a cleaned shard to a temporary file beside the original and renames it
    over the original at the end, only if some line changed; or, given a ``target``
    (``-o DIR``), renames it to the target, where a shard with no line changed is
    copied byte for byte."""

    def __init__(
        self,
        path: str,
        target: str | None = None,
        *,
        follow: bool = False,
        expect: Stamp | None = None,
        inside: str | None = None,
    ) -> None:
        self.source = path
        self.copy = target is not None
        self.follow = follow and not self.copy
        self.expect = expect
        self.path = target if target is not None else os.path.realpath(path) if follow else path
        if self.copy:
            make_folder(self.path, inside)
        # As write_atomic does: only a regular, writable file is replaced; its owner,
        # group and mode are kept; the temporary name fits NAME_MAX and is swept; a
        # link is not written through (unless it was named, with -i).
        self.info = check_target(self.path, follow=self.follow)
        if self.copy:
            self.info = None  # a copy takes its source's mode, not the old copy's
        try:
            handle, self.temporary = create_temporary(self.path)
        except OSError as error:
            raise OutputError(f"{self.path}: cannot write: {error.strerror or error}") from None
        try:  # the temporary file exists: a Ctrl-C from here on must remove it
            os.close(handle)
            self.stream = open_shard(self.temporary, "wb", like=self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
            raise
        self.changed = False

    def write(self, line: bytes, changed: bool) -> None:
        self.stream.write(line)
        self.changed = self.changed or changed

    def commit(self) -> None:
        self.stream.close()
        if not self.changed and not self.copy:
            self.abort()
            return
        try:
            if self.copy:
                if not self.changed:
                    shutil.copyfile(self.source, self.temporary)
                os.chmod(self.temporary, output_mode(self.source))
            with open(self.temporary, "rb") as written:
                os.fsync(written.fileno())
            if self.copy:
                os.replace(self.temporary, self.path)
            else:
                replace_file(self.temporary, self.path, self.info, expect=self.expect, follow=self.follow)
        except BaseException as error:
            self.abort()
            if isinstance(error, OSError):
                raise OutputError(f"{self.path}: cannot write: {error.strerror or error}") from None
            raise
        sync_folder(self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.stream.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def ordered_inputs(paths: list[str], options: Options) -> tuple[list[str], dict[str, str]]:
    """The inputs in the order they are cleaned, and with ``-o DIR`` where each goes.

    Corpus order is sorted path order, whatever order the paths were given in.
    """
    named = expand_named(paths, options.selection)
    if options.scope == "corpus":
        named.sort(key=lambda item: (item[0] == STDIN, os.path.normpath(item[0])))
    found = targets(named, options.output_dir) if options.output_dir is not None else {}
    return [path for path, _name in named], found


def groups(inputs: list[str], options: Options, most: int = 0) -> Iterator[tuple[bool, list[str]]]:
    """``(shard, paths)``: each JSONL shard alone, consecutive other files together
    (at most ``most`` of them, if given)."""
    batch: list[str] = []
    for path in inputs:
        if is_jsonl(path) or (path == STDIN and options.input_format == "jsonl"):
            if batch:
                yield False, batch
                batch = []
            yield True, [path]
            continue
        batch.append(path)
        if len(batch) == most:
            yield False, batch
            batch = []
    if batch:
        yield False, batch


def run(
    paths: Iterable[str],
    config: Config | None = None,
    *,
    options: Options | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    on_output: Output | None = None,
    sink: Sink | None = None,
    **overrides: object,
) -> Report:
    """Clean every input and collect the report.

    Args:
        paths: files, directories (walked) and JSONL shards; ``-`` reads ``read_stdin()``.
        config: the rule's settings (or ``options.config``).
        options: how to run; keyword ``overrides`` change its fields
            (``encoding``, ``in_place``, ``scope``, ``jobs``, ...).
        read_stdin: where ``-`` comes from.
        on_output: called, in input order, with each document's report and the bytes
            to write out (a file's cleaned bytes, or a cleaned JSONL line).
        sink: where the documents the report lists go, in input order as they are
            cleaned, instead of its ``files``: a report written while the run goes on
            (:class:`dedup.report.stream.StreamedReport`).
    """
    options = options or Options()
    if config is not None:
        overrides["config"] = config
    if overrides:
        from dataclasses import replace

        options = replace(options, **overrides)  # type: ignore[arg-type]
    report = Report(settings=asdict(options.config), keep=options.keep, sink=sink)
    if options.config.keep_patterns:  # their time is bounded per run (in this process; workers are new)
        from dedup.text.keep import new_run

        new_run()
    runner = _Runner(options, report, on_output)
    paths = list(paths)
    runner.explicit = set(paths)
    inputs, runner.targets = ordered_inputs(paths, options)
    with runner.workers:
        for shard, group in groups(inputs, options):
            runner.run_group(shard, group, read_stdin)
    if options.index is not None:
        given = {runner.key(path) for path in paths if path != STDIN}  # drop only what is under these
        dropped = runner.memory.forget_missing(runner.seen_keys, given) if options.skip_unchanged else 0
        if options.index_stats:
            report.index_stats.update(runner.memory.stats(), dropped=dropped)
        runner.memory.close()
    return report
