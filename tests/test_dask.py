"""``--executor dask``: the findings and the cleaned files are byte for byte those of
the local executor, for any number of workers, tasks and shuffle partitions, and
still when a worker is killed in the middle of a run.

One ``LocalCluster`` of two single-threaded worker processes serves the module; a
real ``dedup`` process starts its own cluster of one worker.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIET_ENV, invoke_dedup

from dedup.batch import Options, run
from dedup.report.render_json import render_json

ENV = {**QUIET_ENV, "DASK_SCHEDULER_ADDRESS": None}
WORDS = (
    "river market winter signal garden harbor engine mirror lantern canvas orbit meadow "
    "copper pilot thunder velvet archive beacon cipher dune ember falcon glacier hollow"
).split()
BOILERPLATE = [
    "Subscribe to our newsletter for the latest news, offers and updates from our team every week.",
    "Follow us on social media and share this article with your friends, family and colleagues.",
    "All rights reserved. Reproduction without written permission of the publisher is prohibited.",
]


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."


def document(rng: random.Random) -> str:
    body = [paragraph(rng) for _ in range(rng.randint(2, 6))]
    roll = rng.random()
    if roll < 0.25:
        body = body + body  # a doubled body
    elif roll < 0.6:
        body = body + BOILERPLATE  # boilerplate shared across documents and shards
    return "\n\n".join(body) + "\n"


def near_copy(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(2):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def make_corpus(root: Path) -> Path:
    """Five JSONL shards (one gzip, one with a malformed line) and a tree of text files."""
    rng = random.Random(7)
    corpus = root / "corpus"
    (corpus / "tree" / "deep").mkdir(parents=True)
    earlier: list[str] = []
    for s in range(5):
        lines = []
        for d in range(25):
            text = near_copy(rng, rng.choice(earlier)) if earlier and rng.random() < 0.15 else document(rng)
            if earlier and rng.random() < 0.1:
                text = rng.choice(earlier)  # a whole document again
            earlier.append(text)
            lines.append(json.dumps({"id": f"s{s}-{d}", "text": text, "meta": {"n": d}}, ensure_ascii=False))
        data = ("\n".join(lines) + "\n").encode()
        if s == 1:
            (corpus / "part-1.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (corpus / f"part-{s}.jsonl").write_bytes(data)
    (corpus / "part-5-bad.jsonl").write_text('{"id": "x", "text": "fine"}\n{not json\n')
    for f in range(7):
        folder = corpus / "tree" / ("deep" if f % 2 else "")
        (folder / f"doc{f}.txt").write_text(rng.choice(earlier) if f == 3 else document(rng))
    return corpus


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("dask"))


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def invoke(*args: object) -> Any:
    return invoke_dedup(args, env=ENV, isolated=True)


FLAGS = ["--scope", "corpus", "--near-duplicate-docs", "--drop-duplicate-docs", "--format", "json"]


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("local") / "out"
    result = invoke("clean", corpus, "-o", out, *FLAGS, "-j", "1")
    assert result.exit_code == 2, result.stderr  # the malformed shard is an error in both
    assert "part-5-bad.jsonl:2: malformed JSON line" in result.stderr
    found = files(out)
    report = json.loads(found["dedup-report.json"])
    assert report["summary"]["runs"] > 50 and report["summary"]["near_duplicates"] > 3
    assert any(f["removed"] and f["removed"][0]["first"]["document"] for f in report["files"])
    return found


def test_the_cli_on_a_cluster_gives_the_local_files_and_report(
    corpus: Path, local: dict[str, bytes], client: Any, tmp_path: Path
) -> None:
    result = invoke("clean", corpus, "-o", tmp_path / "out", *FLAGS, "--executor", "dask", "--scheduler", client.scheduler.address)
    assert result.exit_code == 2, result.stderr
    assert "dedup: Dask dashboard: http://" in result.stderr
    assert files(tmp_path / "out") == local


@pytest.mark.parametrize(("partitions", "files_per_task"), [(1, 1), (3, 2), (8, 256)])
@pytest.mark.parametrize("scope", ["corpus", "document"])
def test_any_partitioning_gives_the_local_result(
    corpus: Path, client: Any, tmp_path: Path, partitions: int, files_per_task: int, scope: str
) -> None:
    from dedup.corpus import distributed

    options = Options(scope=scope, near_duplicate_docs=True, output_dir=str(tmp_path / "local"))
    expected = run([str(corpus)], options=options)
    dask_options = Options(scope=scope, near_duplicate_docs=True, output_dir=str(tmp_path / "dask"))
    found = distributed.run([str(corpus)], dask_options, client, partitions=partitions, files_per_task=files_per_task)
    assert render_json(found) == render_json(expected)
    assert files(tmp_path / "dask") == files(tmp_path / "local")


def test_a_streamed_report_on_a_cluster_is_the_local_one(corpus: Path, client: Any, tmp_path: Path) -> None:
    """The client's report sends each write task's documents on to the sink as it
    merges them, in input order: the bytes of the report rendered whole."""
    from dedup.atomic import AtomicFile
    from dedup.corpus import distributed
    from dedup.report.stream import StreamedReport, layout

    options = Options(scope="corpus", near_duplicate_docs=True)
    expected = render_json(run([str(corpus)], options=options))
    shape = layout("json")
    assert shape is not None
    target = tmp_path / "r.json"
    stream = StreamedReport(shape, lambda: AtomicFile(str(target)))
    found = distributed.run([str(corpus)], options, client, partitions=2, files_per_task=2, sink=stream)
    assert found.files == []
    stream.finish(found)
    assert target.read_text(encoding="utf-8") == expected


def test_a_worker_killed_mid_run_changes_nothing(
    corpus: Path, local: dict[str, bytes], client: Any, tmp_path: Path
) -> None:
    from distributed import WorkerPlugin

    marker = tmp_path / "kill-once"
    marker.write_text("")

    class KillOnWrite(WorkerPlugin):  # defined here so that it is pickled by value
        name = "dedup-test-kill"

        def __init__(self, marker: str) -> None:
            self.marker = marker

        def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
            if finish == "executing" and str(key).startswith("dedup-write") and os.path.exists(self.marker):
                os.unlink(self.marker)  # the first write task kills its worker, once
                os.kill(os.getpid(), 9)

    client.register_plugin(KillOnWrite(str(marker)))
    try:
        result = invoke(
            "clean", corpus, "-o", tmp_path / "out", *FLAGS, "--executor", "dask", "--scheduler", client.scheduler.address
        )
    finally:
        client.unregister_worker_plugin(KillOnWrite.name)
    assert not marker.exists(), "no worker was killed"
    assert result.exit_code == 2, result.stderr
    assert files(tmp_path / "out") == local
    client.wait_for_workers(2, timeout=60)


def test_a_real_process_starts_its_own_cluster(corpus: Path, local: dict[str, bytes], tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG", "DASK_SCHEDULER_ADDRESS")}
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "clean", str(corpus), "-o", str(tmp_path / "out"), *FLAGS, "--executor", "dask", "-j", "1", "--isolated"],
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        timeout=240,
        check=False,
    )
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert "dedup: Dask dashboard: http://" in stderr
    assert "Traceback" not in stderr
    assert files(tmp_path / "out") == local


def test_without_dask_the_error_says_what_to_install(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = invoke("check", corpus, "--executor", "dask")
    assert result.exit_code == 2
    assert result.stderr == "dedup: error: --executor dask needs Dask: pip install 'dedup-text[dask]'\n"


def test_refusals(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    to_stdout = invoke("clean", corpus / "part-0.jsonl", "--executor", "dask")
    assert to_stdout.exit_code == 2
    assert "give -o DIR" in to_stdout.stderr
    index = invoke("check", corpus, "--executor", "dask", "--index", tmp_path / "index.sqlite", "--scheduler", "tcp://127.0.0.1:1")
    assert index.exit_code == 2


def test_the_command_line_imports_no_dask() -> None:
    code = "import sys, dedup.cli, dedup.batch; sys.exit(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_file_appended_to_between_the_stages_is_not_rewritten(client: Any, tmp_path: Path) -> None:
    """Stage 3 applies what stage 1 found: a file that changed in between (another
    process appended to it) must be refused, not rewritten from stage 1's text."""
    from distributed import WorkerPlugin

    body = "The ferry timetable changes on Monday, the harbour office said in a note.\n"
    target = tmp_path / "docs" / "a.txt"
    target.parent.mkdir()
    target.write_text(body + "\n" + body)
    appended = "\nA line another process appended between the stages.\n"
    marker = tmp_path / "append-once"
    marker.write_text("")

    class AppendOnWrite(WorkerPlugin):  # defined here so that it is pickled by value
        name = "dedup-test-append"

        def __init__(self, marker: str, target: str, text: str) -> None:
            self.marker, self.target, self.text = marker, target, text

        def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
            if finish == "executing" and str(key).startswith("dedup-write") and os.path.exists(self.marker):
                os.unlink(self.marker)
                with open(self.target, "a") as handle:
                    handle.write(self.text)

    client.register_plugin(AppendOnWrite(str(marker), str(target), appended))
    try:
        result = invoke(  # corpus scope: stage 3 uses what stage 1 found
            "clean", "-q", "-i", target.parent, "--scope", "corpus", "--executor", "dask", "--scheduler", client.scheduler.address
        )
    finally:
        client.unregister_worker_plugin(AppendOnWrite.name)
    assert not marker.exists(), "nothing was appended"
    assert target.read_text() == body + "\n" + body + appended
    assert result.exit_code == 2, result.stderr
    assert "a.txt: changed while it was being cleaned" in result.stderr
