"""Inputs, ``-o`` and ``--report`` named by URL (:mod:`dedup.storage`): the output of
a run on ``memory://`` or on S3 is byte for byte that of the same run on local
files; what cannot work on a URL is refused with one line; a local run never
imports fsspec.

``memory://`` is a store inside one process, so those runs are in-process. The S3
runs are real ``dedup`` processes against moto's S3 server on loopback.
"""

from __future__ import annotations

import gzip
import json
import os
import shlex
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIET_ENV, invoke_dedup

fsspec = pytest.importorskip("fsspec")

BODY = "The harbour reopened on Monday after the storm, and the first ferries ran again by noon.\n\n"
NOTICE = "Sign up for the morning letter: the news of the coast, in your inbox before breakfast.\n\n"


def corpus() -> dict[str, bytes]:
    """Name below the folder -> bytes: two JSONL shards (one gzipped), a plain text
    file in a subfolder, and a shard where nothing is removed."""
    docs = [{"id": f"d{i}", "lang": "en", "text": BODY + NOTICE + f"Item {i}: the market stays open late.\n\n" + NOTICE} for i in range(4)]
    first = "".join(json.dumps(d) + "\n" for d in docs).encode()
    second = "".join(json.dumps({"id": f"e{i}", "text": NOTICE + BODY + BODY}) + "\n" for i in range(3)).encode()
    untouched = b'{"id": "u1", "text": "Nothing here repeats at all."}\n{"id": "u2", "text": "Nor here."}\n'
    return {
        "a.jsonl": first,
        "b.jsonl.gz": gzip.compress(second, mtime=0),
        "notes/c.txt": (BODY + "A line of its own.\n\n" + BODY).encode(),
        "z.jsonl": untouched,
    }


def local_run(tmp_path: Path, files: dict[str, bytes], *extra: str) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The cleaned files and the JSON report of the same run on local files."""
    source = tmp_path / "local-in"
    for name, data in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(data)
    out = tmp_path / "local-out"
    result = invoke_dedup(["clean", source, "-o", out, *extra], isolated=True)
    assert result.exit_code == 0, result.stderr
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return written, json.loads(written.pop("dedup-report.json"))


def totals(report: dict[str, Any]) -> list[tuple[str, Any]]:
    """What a report found, without where the files were."""
    return [(f["path"].rsplit("in/", 1)[-1], f.get("findings")) for f in report["files"]]


@pytest.fixture
def memory() -> Iterator[tuple[Any, str]]:
    """The memory file system and a bucket of its own, removed afterwards."""
    fs = fsspec.filesystem("memory")
    bucket = f"bucket-{uuid.uuid4().hex[:8]}"
    yield fs, bucket
    fs.rm(f"/{bucket}", recursive=True)


def put(fs: Any, prefix: str, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        fs.pipe_file(f"{prefix}/{name}", data)


def test_memory_prefix_cleaned_to_memory_as_a_local_run(memory: tuple[Any, str], tmp_path: Path) -> None:
    fs, bucket = memory
    files = corpus()
    put(fs, f"/{bucket}/in", files)
    result = invoke_dedup(["clean", f"memory://{bucket}/in/", "-o", f"memory://{bucket}/out/"], isolated=True)
    assert result.exit_code == 0, result.stderr
    written = {key.split("/out/", 1)[1]: fs.cat_file(key) for key in fs.find(f"/{bucket}/out")}
    report = json.loads(written.pop("dedup-report.json"))
    expected, expected_report = local_run(tmp_path, files)
    assert written == expected
    assert written["z.jsonl"] == files["z.jsonl"]  # nothing removed: the same bytes
    assert written["a.jsonl"] != files["a.jsonl"]
    assert totals(report) == totals(expected_report)
    assert report["files"][0]["path"].startswith(f"memory://{bucket}/in/")
    assert fs.find(f"/{bucket}/in") == sorted(f"/{bucket}/in/{name}" for name in files)  # inputs untouched


def test_memory_to_local_and_local_to_memory(memory: tuple[Any, str], tmp_path: Path) -> None:
    """Either side may be the URL: objects cleaned to a local folder (new files, made
    as any program makes them), local files cleaned to a prefix."""
    fs, bucket = memory
    files = corpus()
    put(fs, f"/{bucket}/in", files)
    expected, _report = local_run(tmp_path, files)
    out = tmp_path / "from-memory"
    result = invoke_dedup(["clean", f"memory://{bucket}/in/", "-o", out], isolated=True)
    assert result.exit_code == 0, result.stderr
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    written.pop("dedup-report.json")
    assert written == expected
    umask = os.umask(0o022)
    os.umask(umask)
    assert {p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()} == {0o666 & ~umask}
    result = invoke_dedup(["clean", tmp_path / "local-in", "-o", f"memory://{bucket}/back/"], isolated=True)
    assert result.exit_code == 0, result.stderr
    back = {key.split("/back/", 1)[1]: fs.cat_file(key) for key in fs.find(f"/{bucket}/back")}
    back.pop("dedup-report.json")
    assert back == expected


def test_memory_report_and_check(memory: tuple[Any, str], tmp_path: Path) -> None:
    fs, bucket = memory
    files = corpus()
    put(fs, f"/{bucket}/in", files)
    for fmt in ("json", "html"):  # json is streamed as the run goes; html rendered at the end
        target = f"memory://{bucket}/reports/check.{fmt}"
        result = invoke_dedup(["check", f"memory://{bucket}/in/a.jsonl", "--report", target], isolated=True)
        assert result.exit_code == 1, result.stderr  # found
        assert fs.cat_file(f"/{bucket}/reports/check.{fmt}")
    report = json.loads(fs.cat_file(f"/{bucket}/reports/check.json"))
    assert {f["path"] for f in report["files"]} == {f"memory://{bucket}/in/a.jsonl"}  # one entry a document


def test_memory_plain_object_to_stdout(memory: tuple[Any, str], tmp_path: Path) -> None:
    fs, bucket = memory
    files = corpus()
    put(fs, f"/{bucket}/in", files)
    result = invoke_dedup(["clean", f"memory://{bucket}/in/notes/c.txt"], isolated=True)
    assert result.exit_code == 0, result.stderr
    (tmp_path / "c.txt").write_bytes(files["notes/c.txt"])
    expected = invoke_dedup(["clean", tmp_path / "c.txt"], isolated=True)
    assert result.stdout_bytes == expected.stdout_bytes
    assert len(result.stdout_bytes) < len(files["notes/c.txt"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clean", "-i", "memory://{bucket}/in/a.jsonl"], "-i/--in-place rewrites local files only"),
        (["clean", "memory://{bucket}/in/missing.jsonl", "-o", "memory://{bucket}/out/"], "missing.jsonl: no such file"),
        (["clean", "memory://{bucket}/in/t.parquet", "-o", "memory://{bucket}/out/"], "not a readable Parquet file"),
        (["check", "nosuch://{bucket}/a.txt"], "nosuch://"),
        (["clean", "memory://{bucket}/in/", "-o", "memory://{bucket}/in/"], "is the input itself"),
        (["check", "--index", "{index}", "memory://{bucket}/in/notes/c.txt"], "--index works on local files only"),
    ],
)
def test_what_a_url_cannot_do_is_one_line(memory: tuple[Any, str], args: list[str], message: str, tmp_path: Path) -> None:
    fs, bucket = memory
    put(fs, f"/{bucket}/in", {**corpus(), "t.parquet": b"PAR1 not really PAR1"})
    before = {key: fs.cat_file(key) for key in fs.find(f"/{bucket}")}
    result = invoke_dedup([a.format(bucket=bucket, index=tmp_path / "index.sqlite") for a in args], isolated=True)
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("dedup: error:")]
    assert len(errors) == 1 and message in errors[0], result.stderr
    after = {key: fs.cat_file(key) for key in fs.find(f"/{bucket}") if not key.endswith("/dedup-report.json")}
    assert after == before  # nothing written for it (-o DIR's report, as a local run's, says what failed)


def test_file_url_is_the_local_path(tmp_path: Path) -> None:
    files = corpus()
    expected, _report = local_run(tmp_path, files)
    out = tmp_path / "url-out"
    result = invoke_dedup(["clean", (tmp_path / "local-in").as_uri() + "/", "-o", out.as_uri()], isolated=True)
    assert result.exit_code == 0, result.stderr
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    written.pop("dedup-report.json")
    assert written == expected


def test_a_local_run_never_imports_fsspec(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(corpus()["a.jsonl"])
    code = (
        "import sys, dedup\n"
        "from dedup.cli import main\n"
        f"code = main(['clean', {str(tmp_path / 'a.jsonl')!r}, '-o', {str(tmp_path / 'out')!r}, '--isolated'])\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fsspec', 's3fs', 'botocore')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "out" / "a.jsonl").exists()


# ---- a real S3 endpoint on loopback (moto's server), through real dedup processes


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, str]]:
    """Moto's S3 server on a free loopback port; the environment that points a
    process's s3fs at it."""
    pytest.importorskip("s3fs")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "FSSPEC_S3_ENDPOINT_URL": f"http://{host}:{port}",
    }
    yield env
    server.stop()


def s3fs_for(env: dict[str, str]) -> Any:
    import s3fs

    return s3fs.S3FileSystem(
        key=env["AWS_ACCESS_KEY_ID"],
        secret=env["AWS_SECRET_ACCESS_KEY"],
        endpoint_url=env["FSSPEC_S3_ENDPOINT_URL"],
        skip_instance_cache=True,
    )


def run_dedup(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in {**os.environ, **QUIET_ENV, **env}.items() if v is not None}
    return subprocess.run([sys.executable, "-m", "dedup", *args, "--isolated"], capture_output=True, env=full, timeout=120, check=False)


def readme_commands() -> list[list[str]]:
    """The ``dedup`` command lines of the README's section on object storage."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Corpora on object storage", 1)[1].split("\n#", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("dedup ")]


def test_s3_readme_commands_as_a_local_run(s3: dict[str, str], tmp_path: Path) -> None:
    fs = s3fs_for(s3)
    bucket = f"corpus-{uuid.uuid4().hex[:8]}"
    fs.mkdir(bucket)
    files = corpus()
    put(fs, f"{bucket}/in", files)
    (clean, check) = [[a.replace("s3://bucket/", f"s3://{bucket}/") for a in args] for args in readme_commands()]
    assert clean[:2] == ["clean", f"s3://{bucket}/in/"] and check[0] == "check"
    done = run_dedup(clean, s3)
    assert done.returncode == 0, done.stderr.decode()
    fs.invalidate_cache()
    written = {key.split("/out/", 1)[1]: fs.cat_file(key) for key in fs.find(f"{bucket}/out")}
    report = json.loads(written.pop("dedup-report.json"))
    expected, expected_report = local_run(tmp_path, files)
    assert written == expected
    assert totals(report) == totals(expected_report)
    assert not any(".dedup-tmp-" in key for key in fs.find(bucket))

    # a report of its own, rendered whole (html), under another prefix
    done = run_dedup(check, s3)
    assert done.returncode == 1, done.stderr.decode()
    fs.invalidate_cache()
    assert fs.cat_file(f"{bucket}/reports/run.html").lstrip().lower().startswith(b"<!doctype html")


def test_s3_missing_bucket_is_one_line_and_not_made(s3: dict[str, str]) -> None:
    fs = s3fs_for(s3)
    bucket, missing = f"corpus-{uuid.uuid4().hex[:8]}", f"missing-{uuid.uuid4().hex[:8]}"
    fs.mkdir(bucket)
    put(fs, f"{bucket}/in", corpus())
    runs = [
        (["check", f"s3://{missing}/in/a.jsonl"], "s3://{missing}/in/a.jsonl: "),
        (["clean", f"s3://{bucket}/in/", "-o", f"s3://{missing}/out/", "--report", f"s3://{bucket}/r.json"], "s3://{missing}/out/a.jsonl: cannot write"),
        (["check", f"s3://{bucket}/in/", "--report", f"s3://{missing}/r.html"], "s3://{missing}/r.html: cannot write"),
    ]
    for args, message in runs:
        done = run_dedup(args, s3)
        stderr = done.stderr.decode()
        assert done.returncode == 2, stderr
        assert "Traceback" not in stderr and "internal error" not in stderr, stderr
        assert any(line.startswith("dedup: error: " + message.format(missing=missing)) for line in stderr.splitlines()), stderr
        fs.invalidate_cache()
        assert not fs.exists(missing)  # a run does not create a bucket


def test_s3_with_the_dask_executor_as_a_local_run(s3: dict[str, str], tmp_path: Path) -> None:
    """Dask workers (a LocalCluster's processes) read and write the shards on S3
    themselves: no file system is shared."""
    pytest.importorskip("distributed")
    fs = s3fs_for(s3)
    bucket = f"corpus-{uuid.uuid4().hex[:8]}"
    fs.mkdir(bucket)
    files = corpus()
    put(fs, f"{bucket}/in", files)
    args = ["clean", f"s3://{bucket}/in/", "--scope", "corpus", "-o", f"s3://{bucket}/out/", "--executor", "dask", "-j", "2"]
    done = run_dedup(args, {**s3, "DASK_SCHEDULER_ADDRESS": ""})
    assert done.returncode == 0, done.stderr.decode()
    fs.invalidate_cache()
    written = {key.split("/out/", 1)[1]: fs.cat_file(key) for key in fs.find(f"{bucket}/out")}
    report = json.loads(written.pop("dedup-report.json"))
    expected, expected_report = local_run(tmp_path, files, "--scope", "corpus")
    assert written == expected
    assert written["b.jsonl.gz"] != files["b.jsonl.gz"]  # cleaned, and recompressed
    assert totals(report) == totals(expected_report)
