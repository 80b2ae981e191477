"""How a run over many inputs is set up (:class:`Options`), and what its stages
share while it goes (:class:`Run`): the report, the decisions in corpus order,
where each input goes, and how documents are cleaned (on a pool, or given back)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dedup.config import Config
from dedup.corpus.stages import Outcome, Task
from dedup.corpus.walk import Selection
from dedup.errors import InputError
from dedup.report.model import FileReport, Keep
from dedup.sources import MAX_DOCUMENT_SIZE

if TYPE_CHECKING:
    from dedup.atomic import Stamp
    from dedup.corpus.stages import Order, Place
    from dedup.inputs.protocol import Fields
    from dedup.progress import Advance
    from dedup.report.model import Report
    from dedup.sources import Document


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
    writes: bool = True  # the run writes documents (clean), or only reports (check)

    @property
    def fields(self) -> Fields:
        from dedup.inputs.protocol import Fields  # shards only: a run over text files does not load it

        return Fields(self.text_key, self.id_key)

    @property
    def corpus(self) -> bool:
        """Whether documents are summarised for a corpus memory (or an index)."""
        return self.scope == "corpus" or self.index is not None

    @property
    def sign(self) -> bool:
        """Whether documents are signed for near-duplicate clusters."""
        return self.near_duplicate_docs or self.drop_duplicate_docs


Output = Callable[[FileReport | None, bytes], None]
# Stage 1 over a stream of tasks, outcomes in the same order.
Cleaner = Callable[[Iterator[Task]], Iterator[Outcome]]


@dataclass
class Run:
    """What the stages of one run (or of one Dask task) share."""

    options: Options
    report: Report
    order: Order  # stage 2
    clean: Cleaner  # stage 1, as this executor schedules it
    on_output: Output | None = None
    chunked: bool = True  # a shard in document scope may go to the workers in chunks
    map: Callable[..., Iterator[Any]] = field(default=lambda function, items, batch_size=1: map(function, items))
    # the executor's ordered map (function, items, batch size), for chunks: here, in this process
    root: str = field(default_factory=os.getcwd)  # the index's project
    explicit: set[str] = field(default_factory=set)  # named by the user: a link among them is followed
    targets: dict[str, str] = field(default_factory=dict)  # with -o DIR: where each input goes
    stamps: dict[str, Stamp] = field(default_factory=dict)  # each file as it was read (-i, or keep_stamps)
    keep_stamps: bool = False  # record them without -i (the Dask stage that reads first)
    first_read: dict[str, Stamp] = field(default_factory=dict)  # as an earlier stage read them
    seen_keys: set[str] = field(default_factory=set)
    tail: bytes = b""  # the last byte a shard wrote to the output
    meter: Advance | None = None  # told the documents and input bytes done
    counted: int = 0  # input bytes told so far

    def advance(self, documents: int, size: int) -> None:
        """Tell the meter that ``documents`` more are done, and ``size`` more bytes of
        input (as on disk) read."""
        self.counted += size
        if self.meter is not None:
            self.meter.advance(documents, size)

    def key(self, path: str) -> str:
        """A file's name in the index: its path below the index's project, with ``/``."""
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")

    def indexed(self, path: str, *, shard: bool = False) -> tuple[str, tuple[int, int], bool]:
        """A file's index key, its (size, mtime_ns), and whether the index holds it as
        it is (then an incremental run skips it); a shard is asked about as ``KEY:``,
        all of its documents."""
        from dedup.storage import is_url

        if is_url(path):
            raise InputError(f"{path}: --index works on local files only, not URLs")
        key = self.key(path)
        self.seen_keys.add(key)
        try:
            info = os.stat(path)
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
        stat = (info.st_size, info.st_mtime_ns)
        asked = f"{key}:" if shard else key
        return key, stat, self.options.skip_unchanged and self.order.memory.unchanged(asked, stat)

    def task(self, document: Document) -> Task:
        options = self.options
        return Task(
            document.text,
            options.config.for_path(document.name),
            options.corpus,
            options.sign,
            options.fixes,
            options.documents_only,
        )

    def cleaned(
        self, documents: Iterable[tuple[Document, Place | None]]
    ) -> Iterator[tuple[Document, Place | None, Outcome]]:
        """Stage 1 over documents, in order, each with its outcome."""
        pending: deque[tuple[Document, Place | None]] = deque()

        def tasks() -> Iterator[Task]:
            for item in documents:
                pending.append(item)
                yield self.task(item[0])

        for outcome in self.clean(tasks()):
            document, place = pending.popleft()
            yield document, place, outcome


def replay(outcomes: Iterable[Outcome]) -> Cleaner:
    """Stage 1 done already: its outcomes given back, one per task, in order."""

    def clean(tasks: Iterator[Task]) -> Iterator[Outcome]:
        return (outcome for _task, outcome in zip(tasks, outcomes, strict=True))

    return clean
