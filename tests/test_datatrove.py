"""The datatrove pipeline step (dedup.integrations.datatrove), run by datatrove's own
LocalPipelineExecutor on JSONL built here: the texts are dedup.clean's (or, with an
index, `dedup clean --scope corpus`'s), the findings are in the metadata, and
``import dedup`` does not load datatrove."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import dedup

pytest.importorskip("datatrove")
pytest.importorskip("orjson")  # datatrove's JSONL reader and writer need it

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from dedup.integrations.datatrove import DedupRepeats

BUDGET = "The district council approved next year's budget on Tuesday evening after a long debate.\n"
LIBRARY = "Residents may comment on the plan at the central library until the end of the month.\n"
FERRY = "The morning ferry to the islands will not run on Sunday because of the expected storm.\n"
FERRY_TYPO = "The morning ferry to the islands will not run on Sunday because of the expectd storm!\n"

TEXTS = {
    "d0": BUDGET + "\n" + LIBRARY,  # nothing repeated
    "d1": "Local news, Wednesday.\n\n" + FERRY + "\n" + LIBRARY + "\n" + FERRY + "\n" + LIBRARY,  # a run of two
    "d2": FERRY + "\nWeather follows.\n\n" + FERRY_TYPO,  # a near copy
    "d3": BUDGET + "\n" + LIBRARY,  # d0 again: empty across documents
    "d4": "Sports results are on page 12.\n",  # one line
}


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def write_jsonl(folder: Path, texts: dict[str, str], name: str = "news.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": key, "text": text}) + "\n" for key, text in texts.items()]
    (folder / name).write_text("".join(lines), encoding="utf-8")
    return folder


def run_pipeline(tmp_path: Path, step: DedupRepeats, name: str = "out") -> list[dict[str, Any]]:
    """JsonlReader -> step -> JsonlWriter, one task; the documents written, in order.
    (The reader skips documents without text, so none of TEXTS is empty.)"""
    source = write_jsonl(tmp_path / "in", TEXTS)
    out = tmp_path / name
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(source)), step, JsonlWriter(str(out), compression=None)],
        tasks=1,
        logging_dir=str(tmp_path / f"logs-{name}"),
    ).run()
    [written] = sorted(out.iterdir())
    return [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]


def expected_metadata(original: str, result: dedup.Result) -> dict[str, Any]:
    return {
        "runs": len(result.findings),
        "removed_chars": len(original) - len(result.text),
        "findings": [
            {
                "kind": f.kind,
                "score": round(f.score, 4),
                "paragraphs": f.paragraphs,
                "size": f.size,
                "lines": {"start": f.line_start, "end": f.line_end},
                "chars": {"start": f.start, "end": f.end},
                "first": {
                    "document": f.source_document,
                    "lines": {"start": f.source_line_start, "end": f.source_line_end},
                    "chars": {"start": f.source_start, "end": f.source_end},
                },
            }
            for f in result.findings
        ],
    }


def test_pipeline_cleans_each_document_as_dedup_clean(tmp_path: Path) -> None:
    docs = run_pipeline(tmp_path, DedupRepeats())
    assert [d["id"] for d in docs] == list(TEXTS)
    for doc in docs:
        original = TEXTS[doc["id"]]
        result = dedup.clean(original)
        assert doc["text"] == result.text
        assert doc["metadata"]["dedup"] == expected_metadata(original, result)
    kinds = {d["id"]: [f["kind"] for f in d["metadata"]["dedup"]["findings"]] for d in docs}
    assert kinds == {"d0": [], "d1": ["exact"], "d2": ["near"], "d3": [], "d4": []}
    [run] = docs[1]["metadata"]["dedup"]["findings"]
    assert run["paragraphs"] == 2
    assert TEXTS["d1"][run["chars"]["start"] : run["chars"]["end"]] == "\n" + FERRY + "\n" + LIBRARY


def test_config_and_options_reach_the_rule(tmp_path: Path) -> None:
    docs = run_pipeline(tmp_path, DedupRepeats(dedup.Config(threshold=0.99), metadata_key="repeats"))
    assert [d["text"] for d in docs] == [dedup.clean(t, threshold=0.99).text for t in TEXTS.values()]
    assert docs[2]["text"] == TEXTS["d2"]  # the near copy stays under a stricter threshold
    assert docs[1]["metadata"]["repeats"]["runs"] == 1
    assert "dedup" not in docs[1]["metadata"]


def corpus_scope_texts(tmp_path: Path) -> list[str]:
    """What `dedup clean --scope corpus` makes of the same JSONL (a real process)."""
    source = write_jsonl(tmp_path / "cli-in", TEXTS) / "news.jsonl"
    out = tmp_path / "cli-out"
    subprocess.run(
        [sys.executable, "-m", "dedup", "clean", "--scope", "corpus", str(source), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    lines = (out / "news.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


def test_index_removes_repeats_across_documents_as_corpus_scope(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    docs = run_pipeline(tmp_path, DedupRepeats(index=index, drop_empty=True))
    corpus = dict(zip(TEXTS, corpus_scope_texts(tmp_path)))
    assert corpus["d3"] == ""  # d3 repeats d0 whole, so it is left empty: dropped
    assert [d["id"] for d in docs] == ["d0", "d1", "d2", "d4"]
    assert {d["id"]: d["text"] for d in docs} == {k: v for k, v in corpus.items() if k != "d3"}
    assert docs[0]["metadata"]["dedup"] == expected_metadata(TEXTS["d0"], dedup.clean(TEXTS["d0"]))
    # A second run over the same index: each document is compared with those before
    # it, not with its own earlier entry, so the answer is the same.
    again = run_pipeline(tmp_path, DedupRepeats(index=index, drop_empty=True), name="again")
    assert again == docs


def test_index_finding_names_the_earlier_document(tmp_path: Path) -> None:
    docs = run_pipeline(tmp_path, DedupRepeats(index=tmp_path / "index.sqlite"))
    d3 = docs[3]
    assert d3["id"] == "d3"
    assert "text" not in d3  # left empty (datatrove's writer leaves empty fields out)
    [finding] = d3["metadata"]["dedup"]["findings"]
    assert finding["first"]["document"] == "d0"
    assert finding["chars"] == {"start": 0, "end": len(TEXTS["d3"])}
    assert d3["metadata"]["dedup"]["removed_chars"] == len(TEXTS["d3"])


def test_index_built_with_other_settings_is_refused(tmp_path: Path) -> None:
    from dedup.corpus.index_file import IndexUnusable

    index = tmp_path / "index.sqlite"
    list(DedupRepeats(index=index).run(iter([])))
    with pytest.raises(IndexUnusable, match="built with other settings"):
        list(DedupRepeats(index=index, threshold=0.95).run(iter([])))


def test_step_is_picklable_and_opens_the_index_only_when_run(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    step = pickle.loads(pickle.dumps(DedupRepeats(index=index, min_chars=10)))
    assert not index.exists()
    assert step.config == dedup.Config(min_chars=10)
    assert list(step.run(None)) == []


def test_bad_settings_fail_when_the_step_is_made() -> None:
    with pytest.raises(dedup.ConfigError, match="threshold must be in"):
        DedupRepeats(threshold=2)
    with pytest.raises(TypeError, match=r"takes config as a dedup\.Config or None, got dict"):
        DedupRepeats({"threshold": 0.9})  # type: ignore[arg-type]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}, check=False
    )


def test_import_dedup_does_not_import_datatrove() -> None:
    code = (
        "import sys, dedup, dedup.integrations\n"
        "dedup.clean('a\\n\\na\\n'); dedup.clean_batch(['b'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('datatrove', 'loguru')))\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_datatrove_the_error_names_the_extra() -> None:
    code = "import sys\nsys.modules['datatrove'] = None\nimport dedup.integrations.datatrove\n"
    done = run_python(code)
    assert done.returncode == 1
    assert "pip install 'dedup-text[datatrove]'" in done.stderr.splitlines()[-1]


def test_tasks_at_the_same_time_share_the_index(tmp_path: Path) -> None:
    """Two tasks in two processes on one index: each paragraph keeps a copy somewhere
    (a first occurrence never goes), and a second run over the index gives what
    `dedup clean --scope corpus` gives, however the first run's tasks interleaved."""
    shards = {"a": dict(list(TEXTS.items())[:2]), "b": dict(list(TEXTS.items())[2:])}
    source = tmp_path / "in"
    for shard, texts in shards.items():  # ids in corpus order: shard, then line
        write_jsonl(source, {f"{shard}-{key}": text for key, text in texts.items()}, f"{shard}.jsonl")
    index = tmp_path / "index.sqlite"

    def run(name: str) -> dict[str, str]:
        steps = [
            JsonlReader(str(source), glob_pattern="*.jsonl"),
            DedupRepeats(index=index),
            JsonlWriter(str(tmp_path / name), compression=None),
        ]
        LocalPipelineExecutor(pipeline=steps, tasks=2, workers=2, logging_dir=str(tmp_path / f"logs-{name}")).run()
        lines = [
            line
            for path in sorted((tmp_path / name).iterdir())
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        return {doc["id"]: doc.get("text", "") for doc in map(json.loads, lines)}

    first = run("first")
    assert sorted(first) == ["a-d0", "a-d1", "b-d2", "b-d3", "b-d4"]
    for paragraph in (BUDGET, LIBRARY, FERRY):
        assert any(paragraph in text for text in first.values())
    corpus = corpus_scope_texts(tmp_path)
    second = run("second")
    assert list(second) == sorted(second) and list(second.values()) == corpus
