"""Cleaning a corpus on a Dask cluster, with the findings and the cleaned bytes of a
local run, for any number of workers and any partitioning.

Three stages, each made of the stage functions the local run uses
(:mod:`dedup.corpus.stages`), which this module only schedules:

1. *Clean*, one task per input (a JSONL shard, or a group of other files): read it
   as the local run reads it, clean each document on its own, summarise its
   paragraphs and sign it (:func:`~dedup.corpus.stages.clean_unit`). The cleaned documents stay on the worker
   (Dask spills them to its disk under memory pressure). What leaves it is small:
   per hash partition of the 8-byte paragraph digests, the first occurrence in this
   input of each digest, and its pairs of consecutive digests.
2. *Shuffle*: one task per partition walks the inputs in corpus order and answers
   each input with the digests and pairs of its own that an *earlier* input already
   holds, with their first occurrence (a fold in corpus order, so the answer does
   not depend on how the work was split). Near-duplicate documents are decided in
   this process: the signatures (512 bytes a document) are fetched input by input
   in corpus order and placed by the same :class:`~dedup.corpus.neardup.NearDuplicates`
   as in a local run. This step stays sequential on purpose: whether a document
   starts a cluster depends on every decision before it, so LSH band keys grouped
   in parallel would not give the same clusters.
3. *Write*, one task per input, on the worker that holds its cleaned documents: a
   :class:`~dedup.corpus.scope.CorpusMemory` seeded with the input's answers holds,
   for every digest the input has, what the local run's memory holds when it gets
   to each of the input's documents (the earlier inputs' first occurrences, then the
   input's own earlier documents as they are remembered). So ``apply_memory`` cuts
   the same runs, and the input is written by the same code (``-o DIR`` or ``-i``).

Dask is imported only here; a lost worker's tasks run again (the scheduler keeps
their lineage), so the result is the same.
"""

from __future__ import annotations

import contextlib
import math
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from dedup.atomic import Stamp
from dedup.batch import Options, clean_group, groups, ordered_inputs
from dedup.corpus.context import Run, replay
from dedup.corpus.files import read_files
from dedup.corpus.scope import CorpusMemory, Occurrence
from dedup.corpus.shards import shard_documents
from dedup.corpus.stages import Order, Outcome, Replayed, Task, clean_unit
from dedup.errors import ConfigError
from dedup.inputs.protocol import ShardFormat
from dedup.report.model import Keep, Report, Sink
from dedup.sources import STDIN, Document

if TYPE_CHECKING:
    from distributed import Client, Future

    from dedup.corpus.neardup import Duplicate

INSTALL = "--executor dask needs Dask: pip install 'dedup-text[dask]'"
FILES_PER_TASK = 256  # plain files cleaned by one task
BYTES_PER_PARTITION = 2_000_000_000  # input bytes per shuffle partition, by default

Where = tuple[str, int, int, int, int]  # an Occurrence as a plain tuple (it is shuffled)
Piece = tuple[dict[bytes, Where], set[bytes]]  # first occurrences; consecutive pairs
OnTask = Callable[[str, int, int], None]  # (stage, input bytes, tasks in the stage)


@dataclass(frozen=True)
class _Input:
    index: int  # place in corpus order
    format: ShardFormat | None  # a shard's, or None for plain files
    paths: tuple[str, ...]
    size: int


@dataclass(frozen=True, slots=True)
class Done:
    """A document cleaned on its own in stage 1: its name and its outcome."""

    name: str
    outcome: Outcome


@dataclass
class _Cleaned:
    done: list[Done]
    pieces: list[Piece]
    stamps: dict[str, Stamp] = field(default_factory=dict)  # the inputs as stage 1 read them

    def __sizeof__(self) -> int:
        """About what it holds, so that Dask counts it (and spills it) as it should."""
        outcomes = [d.outcome for d in self.done]
        paragraphs = sum(len(o.summary.digests) for o in outcomes if o.summary is not None)
        texts = sum(2 * len(o.result.text) + 64 * len(o.result.findings) for o in outcomes)
        return texts + 120 * paragraphs + 160 * sum(len(firsts) + len(pairs) for firsts, pairs in self.pieces)


@contextlib.contextmanager
def connect(address: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``address`` (or ``DASK_SCHEDULER_ADDRESS``); with
    neither, of a ``LocalCluster`` of ``workers`` single-threaded processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(INSTALL) from None
    address = address or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    if address is not None:
        try:
            client = Client(address, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as error:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        with client:
            yield client
        return
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster,  # type: ignore[no-untyped-call]
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def refuse(paths: list[str], options: Options) -> None:
    """Raise :class:`ConfigError` for what the Dask executor does not do."""
    if STDIN in paths:
        raise ConfigError("--executor dask reads files, not standard input")
    if options.index is not None:
        raise ConfigError(
            "--executor dask compares the inputs with each other, not with an index: "
            "drop --index (and any .dedup/index.sqlite), or use --executor local"
        )


def dashboard(client: Client) -> str:
    """Where to watch the run: the dashboard's link, or the scheduler without one."""
    info = client.scheduler_info()
    if info.get("services", {}).get("dashboard"):
        return f"Dask dashboard: {client.dashboard_link}"
    return f"Dask scheduler at {info.get('address')} (no dashboard: pip install bokeh)"


def _one_by_one(tasks: Iterator[Task]) -> Iterator[Outcome]:
    return map(clean_unit, tasks)


def _reading(options: Options, explicit: frozenset[str]) -> Run:
    """Stage 1's run: it reads as a local run does, decides nothing, writes nothing."""
    options = replace(options, in_place=False, output_dir=None, jobs=1)
    report = Report(keep=Keep(False, False, False))
    return Run(options, report, Order(options.config), _one_by_one, explicit=set(explicit), keep_stamps=True)


def _documents(run: Run, item: _Input) -> Iterator[Document]:
    """An input's documents as stage 3 reads them again."""
    if item.format is not None:
        yield from shard_documents(run, item.format, item.paths[0])
        return
    for document, _place in read_files(run, list(item.paths), None, set()):
        yield document


def _partition(digest: bytes, partitions: int) -> int:
    return int.from_bytes(digest[:4], "little") % partitions


def _clean(item: _Input, options: Options, explicit: frozenset[str], partitions: int) -> _Cleaned:
    """Stage 1, one input: clean, summarise and sign each document; keep the outcomes."""
    run = _reading(options, explicit)
    done = [Done(document.name, clean_unit(run.task(document))) for document in _documents(run, item)]
    pieces: list[Piece] = []
    if options.scope == "corpus":
        pieces = [({}, set()) for _ in range(partitions)]
        for name, summary in ((d.name, d.outcome.summary) for d in done):
            if summary is None:
                continue
            digests = summary.digests
            for k, key in enumerate(digests):
                firsts = pieces[_partition(key, partitions)][0]
                if key not in firsts:
                    firsts[key] = (name, *summary.positions[k])
            for a, b in zip(digests, digests[1:], strict=False):
                pieces[_partition(a, partitions)][1].add(a + b)
    return _Cleaned(done, pieces, run.stamps)


def _piece(cleaned: _Cleaned, partition: int) -> Piece:
    return cleaned.pieces[partition]


def _signatures(cleaned: _Cleaned) -> list[tuple[str, bytes | None]]:
    return [(d.name, d.outcome.signature) for d in cleaned.done]


def _earlier(*pieces: Piece) -> list[Piece]:
    """Stage 2, one partition: for each input in corpus order, its digests and pairs
    that an earlier input holds, with their first occurrence."""
    seen: dict[bytes, Where] = {}
    seen_pairs: set[bytes] = set()
    answers: list[Piece] = []
    for firsts, pairs in pieces:
        answers.append(({k: seen[k] for k in firsts if k in seen}, {p for p in pairs if p in seen_pairs}))
        for key, where in firsts.items():
            seen.setdefault(key, where)
        seen_pairs |= pairs
    return answers


def _answer(answers: list[Piece], index: int) -> Piece:
    return answers[index]


def _write(
    item: _Input,
    options: Options,
    explicit: frozenset[str],
    targets: dict[str, str],
    cleaned: _Cleaned | None,
    answers: list[Piece],
    duplicates: list[Duplicate | None] | None,
) -> Report:
    memory = None
    if options.scope == "corpus":
        first: dict[bytes, Occurrence] = {}
        pairs: set[bytes] = set()
        for found, together in answers:
            first.update((key, Occurrence(*where)) for key, where in found.items())
            pairs |= together
        memory = CorpusMemory.seeded(first, pairs)
    """Stage 3, one input: stage 1's outcomes decided (with the input's answers from
    the shuffle and the near-duplicate decisions) and written, as a local run does."""
    options = replace(options, jobs=1)
    order = Order(options.config, memory, Replayed(duplicates) if duplicates is not None else None)
    clean = replay(d.outcome for d in cleaned.done) if cleaned is not None else _one_by_one
    run = Run(options, Report(keep=options.keep), order, clean, chunked=False)
    run.explicit, run.targets = set(explicit), {p: targets[p] for p in item.paths if p in targets}
    run.first_read = cleaned.stamps if cleaned is not None else {}
    clean_group(run, item.format, list(item.paths), None)
    return run.report


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _merge(report: Report, part: Report) -> None:
    for file in part.files:  # the task kept what keep asks for; the client's report may send it on
        report.add(file)
    report.errors.extend(part.errors)
    report.skipped.extend(part.skipped)
    report.omitted.merge(part.omitted)


def run(
    paths: Iterable[str],
    options: Options,
    client: Client,
    *,
    partitions: int | None = None,
    files_per_task: int = FILES_PER_TASK,
    on_task: OnTask | None = None,
    sink: Sink | None = None,
) -> Report:
    """Clean every input on the cluster behind ``client``; the same report (and the
    same files written) as :func:`dedup.batch.run` with these options.

    Args:
        paths: files, folders and JSONL shards (not standard input).
        options: as for a local run; ``--index`` is not supported.
        partitions: shuffle partitions (default: one per 2 GB of input, at most one
            per input); any number gives the same result.
        files_per_task: other files than shards cleaned by one task.
        on_task: called, from another thread, when a task ends, with its stage
            (``clean``, ``shuffle``, ``write``), the bytes of input it covered and the
            number of tasks in that stage.
        sink: as for :func:`dedup.batch.run`; the client's report sends the
            documents on as each write task's part is merged, in input order.
    """
    paths = list(paths)
    refuse(paths, options)
    inputs, targets = ordered_inputs(paths, options)
    items = [
        _Input(m, found, tuple(group), sum(_size(p) for p in group))
        for m, (found, group) in enumerate(groups(inputs, options, files_per_task))
    ]
    report = Report(settings=asdict(options.config), keep=options.keep, sink=sink)
    corpus = options.scope == "corpus"
    near = None
    if options.near_duplicate_docs or options.drop_duplicate_docs:
        from dedup.corpus.neardup import NearDuplicates

        near = NearDuplicates(options.doc_threshold, clusters=report.clusters)
    if not items:
        return report
    count = partitions or max(1, min(len(items), math.ceil(sum(i.size for i in items) / BYTES_PER_PARTITION)))
    token = uuid.uuid4().hex[:8]
    explicit = frozenset(paths)

    def submit(stage: str, key: str, size: int, total: int, function: Callable[..., Any], *args: Any) -> Future[Any]:
        future = client.submit(function, *args, key=f"dedup-{key}-{token}", pure=False)
        if on_task is not None:
            future.add_done_callback(lambda _done: on_task(stage, size, total))  # type: ignore[no-untyped-call]
        return future

    cleaned: list[Future[Any] | None] = [None] * len(items)
    if corpus or near is not None:
        cleaned = [
            submit("clean", f"clean-{i.index}", i.size, len(items), _clean, i, options, explicit, count) for i in items
        ]
    answers: list[list[Future[Any]]] = [[] for _ in items]
    if corpus:
        shuffle = 2 * len(items) * count + count
        earlier = []
        for p in range(count):
            pieces = [submit("shuffle", f"piece-{m}-{p}", 0, shuffle, _piece, cleaned[m], p) for m in range(len(items))]
            earlier.append(submit("shuffle", f"earlier-{p}", 0, shuffle, _earlier, *pieces))
        answers = [
            [submit("shuffle", f"answer-{m}-{p}", 0, shuffle, _answer, earlier[p], m) for p in range(count)]
            for m in range(len(items))
        ]
        del earlier, pieces  # the scheduler keeps what the later tasks still need
    signatures: list[Future[Any] | None] | None = None
    if near is not None:
        signatures = [client.submit(_signatures, c, key=f"dedup-signatures-{m}-{token}") for m, c in enumerate(cleaned)]
    written: list[Future[Any] | None] = []
    for item in items:
        duplicates = None
        if signatures is not None and near is not None:
            duplicates = [near.add(name, sig) for name, sig in signatures[item.index].result()]  # type: ignore[union-attr]
            signatures[item.index] = None
        written.append(
            submit(
                "write", f"write-{item.index}", item.size, len(items),
                _write, item, options, explicit, targets, cleaned[item.index], answers[item.index], duplicates,
            )
        )
        cleaned[item.index], answers[item.index] = None, []
    for m, future in enumerate(written):
        assert future is not None
        _merge(report, future.result())
        written[m] = None  # let the cluster forget it
    return report
