"""``dedup index build|update|stats|clear``: the SQLite index of a corpus."""

from __future__ import annotations

import time

import dedup.cli.reporting as reporting
import dedup.cli.run_options as run_options
import dedup.cli.running as running
from dedup.cli.commands import Given, command
from dedup.cli.output import Exit, fail, write_stdout
from dedup.cli.settings import start
from dedup.display import shown
from dedup.errors import DedupError
from dedup.options import BUILD, CLEAR, STATS, UPDATE


def _index(given: Given, *, rebuild: bool, update: bool) -> None:
    from dedup.cli.inputs import refuse_empty

    out = start(given)
    inputs = given.paths or ["."]
    refuse_empty(inputs, out)
    index = run_options.index_path(given["index"], inputs)
    options = run_options.options(
        given, inputs, out, scope="corpus", index=index, rebuild=rebuild, skip_unchanged=update, index_stats=True
    )
    started = time.perf_counter()
    with running.progress(out) as progress:
        report = running.execute(None, inputs, options, None, progress, None)
    for _path, message in report.errors:
        out.error(message)
    stats = report.index_stats
    out.info(
        f"{options.index}: {report.totals().documents} documents (re)indexed, {stats.get('dropped', 0)} dropped; "
        f"{stats.get('documents', 0)} documents, {stats.get('distinct_paragraphs', 0)} distinct paragraphs "
        f"in {time.perf_counter() - started:.2f} s"
    )
    raise Exit(reporting.outcome(report, found_fails=False))


@command(BUILD)
def index_build(given: Given) -> None:
    """Index every document under PATH (default: the current folder)."""
    _index(given, rebuild=given["rebuild"], update=False)


@command(UPDATE)
def index_update(given: Given) -> None:
    """Re-index only documents whose size or modification time changed; drop vanished ones."""
    _index(given, rebuild=False, update=True)


@command(STATS)
def index_stats(given: Given) -> None:
    """Print what the index holds, as JSON."""
    import json

    from dedup.corpus.index import inspect

    out = start(given)
    try:
        found = inspect(run_options.index_path(given["index"], given.paths or ["."]))
    except DedupError as error:
        fail(out, str(error))
    write_stdout((json.dumps(found, indent=2) + "\n").encode())


@command(CLEAR)
def index_clear(given: Given) -> None:
    """Delete the index."""
    import sys

    from dedup.corpus.index_file import clear

    start(given)
    path = run_options.index_path(given["index"], given.paths or ["."])
    sys.stderr.write(f"{shown(path)}: {'deleted' if clear(path) else 'no index here'}\n")
