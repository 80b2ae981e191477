"""Running the engine for a command: on this machine or a Dask cluster, with progress."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import dedup.cli.inputs as given_inputs
from dedup.batch import Options, run
from dedup.cli.output import Out
from dedup.report.model import Report


def progress(out: Out) -> Any:
    from dedup.progress import Progress

    wanted = not out.quiet and not os.environ.get("PRE_COMMIT") and sys.stderr is not None and sys.stderr.isatty()
    return Progress(wanted)


@contextlib.contextmanager
def cluster(executor: str, scheduler: str | None, jobs: int | None, inputs: list[str], options: Options, out: Out) -> Iterator[Any]:
    """No cluster for the local executor; for Dask, a client (of a LocalCluster of -j
    workers without --scheduler), its dashboard said on stderr."""
    if executor == "local":
        yield None
        return
    from dedup.corpus.distributed import connect, dashboard, refuse
    from dedup.corpus.executors import default_jobs

    refuse(inputs, options)
    with connect(scheduler, jobs or default_jobs()) as client:
        out.info(f"dedup: {dashboard(client)}")
        yield client


def execute(client: Any, inputs: list[str], options: Options, on_output: Any, shown: Any, sink: Any) -> Report:
    """Run over ``inputs``: locally without a client, else on its cluster."""
    if client is None:
        return run(inputs, options=options, read_stdin=given_inputs.read_stdin, on_output=on_output, sink=sink, meter=shown)
    from dedup.corpus.distributed import run as run_dask

    return run_dask(inputs, options, client, on_task=shown.stage, sink=sink)
