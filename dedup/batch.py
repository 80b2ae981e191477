"""Cleaning many inputs: files, directories and shards, one document at a time or
across the corpus, on all cores, with results in input order (the local executor).

The work is done by stage functions (:mod:`dedup.corpus.stages`): each document is
cleaned on its own in a process pool, the decisions that need corpus order are made
here, in order, and each input is written back by :mod:`dedup.corpus.files` or
:mod:`dedup.corpus.shards`. A bad input does not stop the others: it becomes an
error entry in the report. A file with nothing removed is never rewritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from dedup.corpus.context import Options, Output, Run
from dedup.corpus.executors import Workers
from dedup.corpus.files import clean_files
from dedup.corpus.stages import Order, clean_unit
from dedup.corpus.walk import expand_named
from dedup.inputs import shard_format
from dedup.report.model import Report
from dedup.sources import STDIN
from dedup.storage import is_url

if TYPE_CHECKING:  # the rest is imported where a run needs it: one plain file loads no more
    from dedup.config import Config
    from dedup.corpus.stages import Outcome, Task
    from dedup.inputs.protocol import ShardFormat
    from dedup.progress import Advance
    from dedup.report.model import Sink

__all__ = ["Options", "Output", "groups", "ordered_inputs", "run"]

# Whether a shard in document scope may go to the workers in chunks (the per-document
# path gives the same bytes and report: tests compare the two).
CHUNKED = True


def ordered_inputs(paths: list[str], options: Options) -> tuple[list[str], dict[str, str]]:
    """The inputs in the order they are cleaned, and with ``-o DIR`` where each goes.

    Corpus order is sorted path order, whatever order the paths were given in, and
    however they are spelled (``b.txt``, ``./b.txt``, ``../proj/b.txt`` or
    ``/home/me/proj/b.txt``: sorted as absolute paths, as the index's names, relative
    to its root, are).
    """
    selection = options.selection
    if options.output_dir is not None:  # its copies are no inputs of the next run
        selection = replace(selection, skip=(*selection.skip, options.output_dir))
    named = expand_named(paths, selection)
    if options.scope == "corpus":
        named.sort(key=lambda item: (item[0] == STDIN, _place(item[0])))
    found: dict[str, str] = {}
    if options.output_dir is not None:
        from dedup.corpus.outputs import targets

        found = targets(named, options.output_dir)
    return [path for path, _name in named], found


def _place(path: str) -> str:
    """Where a path stands in corpus order: absolute (a URL as it is)."""
    return path if is_url(path) else os.path.abspath(path)


def groups(inputs: list[str], options: Options, most: int = 0) -> Iterator[tuple[ShardFormat | None, list[str]]]:
    """``(format, paths)``: each shard alone, with its format; consecutive plain files
    together (at most ``most`` of them, if given), with None."""
    batch: list[str] = []
    for path in inputs:
        found = shard_format(path, options.input_format)
        if found is not None:
            if batch:
                yield None, batch
                batch = []
            yield found, [path]
            continue
        batch.append(path)
        if len(batch) == most:
            yield None, batch
            batch = []
    if batch:
        yield None, batch


def clean_group(run: Run, found: ShardFormat | None, paths: list[str], read_stdin: Callable[[], bytes] | None) -> None:
    """Read, clean, decide and write one group of inputs."""
    if found is None:
        clean_files(run, paths, read_stdin)
    else:
        from dedup.corpus.shards import clean_shard

        clean_shard(run, found, paths[0], read_stdin)


def order_for(options: Options, report: Report) -> tuple[Order, str]:
    """The decisions in corpus order this run makes (corpus memory, or an index;
    near-duplicate clusters), and the index's project folder."""
    memory: Any = None
    if options.scope == "corpus":
        from dedup.corpus.scope import CorpusMemory

        memory = CorpusMemory()
    root = os.getcwd()
    if options.index is not None:
        from dedup.corpus.index import IndexMemory

        memory = IndexMemory(options.index, asdict(options.config), rebuild=options.rebuild)
        folder = os.path.dirname(os.path.abspath(options.index))
        root = os.path.dirname(folder) if os.path.basename(folder) == ".dedup" else folder
    near = None
    if options.near_duplicate_docs or options.drop_duplicate_docs:
        from dedup.corpus.neardup import NearDuplicates

        near = NearDuplicates(options.doc_threshold, clusters=report.clusters)
    return Order(options.config, memory, near), root


def run(
    paths: Iterable[str],
    config: Config | None = None,
    *,
    options: Options | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    on_output: Output | None = None,
    sink: Sink | None = None,
    meter: Advance | None = None,
    **overrides: object,
) -> Report:
    """Clean every input and collect the report.

    Args:
        paths: files, directories (walked) and shards; ``-`` reads ``read_stdin()``.
        config: the rule's settings (or ``options.config``).
        options: how to run; keyword ``overrides`` change its fields
            (``encoding``, ``in_place``, ``scope``, ``jobs``, ...).
        read_stdin: where ``-`` comes from.
        on_output: called, in input order, with each document's report and the bytes
            to write out (a file's cleaned bytes, or a shard's cleaned lines).
        sink: where the documents the report lists go, in input order as they are
            cleaned, instead of its ``files``: a report written while the run goes on
            (:class:`dedup.report.stream.StreamedReport`).
        meter: told the total of input bytes (the files' sizes), then the documents
            and bytes done as the run goes (:class:`dedup.progress.Meter`).
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
    order, root = order_for(options, report)
    workers = Workers(options.jobs)

    def clean(tasks: Iterator[Task]) -> Iterator[Outcome]:
        return workers.map(clean_unit, tasks)

    paths = list(paths)
    state = Run(options, report, order, clean, on_output, chunked=CHUNKED, map=workers.map, root=root, meter=meter)
    state.explicit = set(paths)
    inputs, state.targets = ordered_inputs(paths, options)
    if paths and not inputs:  # a folder empty, or of files --include / --exclude leave out: said, not silent
        chosen = " that --include and --exclude leave" if options.selection.include or options.selection.exclude else ""
        report.skipped.append(("", f"no files{chosen} to read in {', '.join(paths)}"))
    if meter is not None:
        from dedup.progress import input_total

        meter.start(input_total(inputs))
    with workers:
        for found, group in groups(inputs, options):
            clean_group(state, found, group, read_stdin)
    if options.index is not None:
        memory = order.memory
        given = {state.key(path) for path in paths if path != STDIN}  # drop only what is under these
        dropped = memory.forget_missing(state.seen_keys, given) if options.skip_unchanged else 0
        if options.index_stats:
            report.index_stats.update(memory.stats(), dropped=dropped)
        memory.close()
    return report
