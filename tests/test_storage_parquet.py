"""Parquet shards named by URL (``memory://``, ``s3://``): read through
:mod:`dedup.storage` (the footer and each row group from a seekable object file) and
written to ``-o URL`` as one upload; the values written are those of the same run on
local files, and a shard with nothing removed is stored as a copy of its bytes."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke_dedup
from test_storage import memory, put, run_dedup, s3, s3fs_for  # noqa: F401  # fixtures shared with the JSONL cases

pytest.importorskip("fsspec")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

NOTICE = "Members may borrow the long ladder from the shed on Saturdays only, and must sign it out."


def shard(texts: list[str], group: int = 2) -> bytes:
    """A Parquet file of ``texts`` (with ids and another column), ``group`` rows a row group."""
    rows = pa.table({"id": [f"r{k}" for k in range(len(texts))], "text": texts, "n": list(range(len(texts)))})
    out = io.BytesIO()
    pq.write_table(rows, out, row_group_size=group, compression="zstd")
    return out.getvalue()


def files() -> dict[str, bytes]:
    """One shard with a paragraph repeated inside rows, one where nothing repeats."""
    texts = [f"Row {k} of the garden log: the beans are up.\n\n{NOTICE}\n\n{NOTICE}\n" for k in range(3)]
    texts.append("The pond froze over on Tuesday night and thawed by lunch.\n")
    calm = ["Seed potatoes arrive in March.\n", "The compost bins were turned last week.\n"]
    return {"log.parquet": shard(texts), "calm.parquet": shard(calm)}


def values(data: bytes) -> dict[str, list[Any]]:
    return pq.read_table(io.BytesIO(data)).to_pydict()  # type: ignore[no-any-return]


def local_run(tmp_path: Path, shards: dict[str, bytes]) -> dict[str, bytes]:
    source = tmp_path / "local-in"
    source.mkdir()
    for name, data in shards.items():
        (source / name).write_bytes(data)
    out = tmp_path / "local-out"
    result = invoke_dedup(["clean", source, "-o", out], isolated=True)
    assert result.exit_code == 0, result.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".parquet"}


@pytest.mark.parametrize("to", ["memory", "local"])
def test_memory_parquet_cleaned_as_a_local_run(memory: tuple[Any, str], tmp_path: Path, to: str) -> None:  # noqa: F811
    fs, bucket = memory
    shards = files()
    put(fs, f"/{bucket}/in", shards)
    target = f"memory://{bucket}/out/" if to == "memory" else str(tmp_path / "url-out")
    result = invoke_dedup(["clean", f"memory://{bucket}/in/", "-o", target], isolated=True)
    assert result.exit_code == 0, result.stderr
    if to == "memory":
        written = {key.rsplit("/", 1)[1]: fs.cat_file(key) for key in fs.find(f"/{bucket}/out") if key.endswith(".parquet")}
    else:
        written = {p.name: p.read_bytes() for p in (tmp_path / "url-out").iterdir() if p.suffix == ".parquet"}
    expected = local_run(tmp_path, shards)
    assert sorted(written) == sorted(expected) == ["calm.parquet", "log.parquet"]
    assert {name: values(data) for name, data in written.items()} == {name: values(data) for name, data in expected.items()}
    assert values(written["log.parquet"])["text"] != values(shards["log.parquet"])["text"]  # a repeat was removed
    assert written["calm.parquet"] == shards["calm.parquet"]  # nothing removed: the object's bytes


def test_memory_parquet_check_finds_what_a_local_check_finds(memory: tuple[Any, str], tmp_path: Path) -> None:  # noqa: F811
    fs, bucket = memory
    shards = files()
    put(fs, f"/{bucket}/in", shards)
    (tmp_path / "log.parquet").write_bytes(shards["log.parquet"])
    found = invoke_dedup(["check", f"memory://{bucket}/in/log.parquet", "--format", "json"], isolated=True)
    expected = invoke_dedup(["check", tmp_path / "log.parquet", "--format", "json"], isolated=True)
    assert found.exit_code == expected.exit_code == 1, found.stderr
    ours, theirs = json.loads(found.stdout), json.loads(expected.stdout)
    assert [f.get("findings") for f in ours["files"]] == [f.get("findings") for f in theirs["files"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clean", "-i", "memory://{bucket}/in/log.parquet"], "-i/--in-place rewrites local files only"),
        (["clean", "memory://{bucket}/in/bad.parquet", "-o", "memory://{bucket}/out/"], "not a readable Parquet file"),
    ],
)
def test_memory_parquet_refusals_are_one_line(memory: tuple[Any, str], args: list[str], message: str) -> None:  # noqa: F811
    fs, bucket = memory
    put(fs, f"/{bucket}/in", {**files(), "bad.parquet": b"PAR1 not really PAR1"})
    before = {key: fs.cat_file(key) for key in fs.find(f"/{bucket}")}
    result = invoke_dedup([a.format(bucket=bucket) for a in args], isolated=True)
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("dedup: error:")]
    assert len(errors) == 1 and message in errors[0], result.stderr
    after = {key: fs.cat_file(key) for key in fs.find(f"/{bucket}") if not key.endswith("/dedup-report.json")}
    assert after == before


def test_s3_parquet_cleaned_as_a_local_run(s3: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    fs = s3fs_for(s3)
    bucket = f"pq-{uuid.uuid4().hex[:8]}"
    fs.mkdir(bucket)
    shards = files()
    put(fs, f"{bucket}/in", shards)
    done = run_dedup(["clean", f"s3://{bucket}/in/", "-o", f"s3://{bucket}/out/"], s3)
    assert done.returncode == 0, done.stderr.decode()
    fs.invalidate_cache()
    written = {key.rsplit("/", 1)[1]: fs.cat_file(key) for key in fs.find(f"{bucket}/out") if key.endswith(".parquet")}
    expected = local_run(tmp_path, shards)
    assert {name: values(data) for name, data in written.items()} == {name: values(data) for name, data in expected.items()}
    assert written["calm.parquet"] == shards["calm.parquet"]
