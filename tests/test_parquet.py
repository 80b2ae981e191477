"""Parquet shards (``dedup.inputs.parquet``): round trips keep the schema, the other
columns, the row order, the codec and the row groups; bad files are refused whole;
pyarrow is imported only when a Parquet file is read. And ``dedup.clean_batch`` /
``dedup.clean_columns`` for ``datasets.Dataset.map(batched=True)``."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import dedup
from dedup.cli import app

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parent.parent
ENV: dict[str, str | None] = {"NO_COLOR": "1", "FORCE_COLOR": None, "DEDUP_DEBUG": None, "COLUMNS": "80"}

BOILER = "Sign up for the weekly letter from the allotment society: seeds, swaps and dates."
STORY = "The ferry to the island ran late again on Friday because of the wind from the west."


def repeated(k: int) -> str:
    return f"Notice {k}: the hall is booked for the autumn fair this year.\n\n{BOILER}\n\n{BOILER}\n"


def unique(k: int) -> str:
    return f"Entry {k} of the log: {'calm sea' if k % 2 else 'a heron on the jetty'}, nothing else to say.\n"


def invoke(args: Sequence[object]) -> Result:
    result = CliRunner().invoke(app, [*(str(a) for a in args), "--isolated"], env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"dedup raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.stderr
    return result


def table(texts: list[Any], *, ids: bool = True) -> Any:
    n = len(texts)
    columns: dict[str, Any] = {}
    if ids:
        columns["id"] = [f"doc-{k}" for k in range(n)]
    columns["text"] = pa.array(texts, type=pa.string())
    columns["score"] = [k / 4 for k in range(n)]
    columns["tags"] = [[f"t{k}", "x"] if k % 3 else None for k in range(n)]
    columns["meta"] = [{"lang": "en", "len": k} for k in range(n)]
    return pa.table(columns).replace_schema_metadata({"made_by": "test_parquet"})


def write(path: Path, rows: Any, *, group: int = 3, codec: str = "zstd") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(rows, path, row_group_size=group, compression=codec)
    return path


def groups(path: Path) -> list[int]:
    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]


def codecs(path: Path) -> set[str]:
    meta = pq.ParquetFile(path).metadata
    return {meta.row_group(g).column(c).compression for g in range(meta.num_row_groups) for c in range(meta.num_columns)}


def test_nothing_removed_is_value_identical_and_copied(tmp_path: Path) -> None:
    source = write(tmp_path / "in" / "log.parquet", table([unique(k) for k in range(8)]))
    result = invoke(["clean", source, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "log.parquet"
    assert pq.read_table(out).equals(pq.read_table(source))
    assert out.read_bytes() == source.read_bytes()  # nothing changed: a copy


@pytest.mark.parametrize("codec", ["zstd", "gzip", "snappy", "none"])
def test_clean_keeps_schema_columns_order_codec_and_row_groups(tmp_path: Path, codec: str) -> None:
    texts = [repeated(k) if k % 2 else unique(k) for k in range(10)]
    source = write(tmp_path / "in" / "mixed.parquet", table(texts), group=4, codec=codec)
    result = invoke(["clean", source, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "mixed.parquet"
    before, after = pq.read_table(source), pq.read_table(out)
    assert after.schema.equals(before.schema, check_metadata=True)
    assert after.drop_columns(["text"]).equals(before.drop_columns(["text"]))
    assert after.column("text").to_pylist() == [dedup.clean(t).text for t in texts]
    assert after.column("text").to_pylist() != texts
    assert groups(out) == groups(source)
    assert codecs(out) == codecs(source)


def test_in_place_is_atomic_and_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    texts = [repeated(k) for k in range(5)]
    shard = write(tmp_path / "a.parquet", table(texts))
    calm = write(tmp_path / "b.parquet", table([unique(k) for k in range(5)]))
    calm_before = (calm.read_bytes(), calm.stat().st_mtime_ns)
    result = invoke(["clean", "-i", tmp_path])
    assert result.exit_code == 0, result.output
    assert pq.read_table(shard).column("text").to_pylist() == [dedup.clean(t).text for t in texts]
    assert pq.read_table(shard).column("id").to_pylist() == [f"doc-{k}" for k in range(5)]
    assert (calm.read_bytes(), calm.stat().st_mtime_ns) == calm_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet", "b.parquet"]  # no temporary left


def test_corpus_scope_across_shards_and_near_duplicate_rows_dropped(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.parquet", table([f"{BOILER}\n\nFirst {STORY}\n", STORY + "\n"]))
    write(tmp_path / "in" / "b.parquet", table([f"Second one.\n\n{BOILER}\n", STORY + "!\n", unique(3)]))
    found = invoke(["check", "--scope", "corpus", tmp_path / "in"])
    assert found.exit_code == 1, found.output
    assert re.search(r"b\.parquet\[doc-0\]:3: repeat of doc-0 line", found.stdout), found.stdout
    dropped = invoke(["clean", "--drop-duplicate-docs", "--documents-only", tmp_path / "in", "-o", tmp_path / "out"])
    assert dropped.exit_code == 0, dropped.output
    kept = pq.read_table(tmp_path / "out" / "b.parquet")
    assert kept.column("id").to_pylist() == ["doc-0", "doc-2"]  # its near copy of a.parquet's doc-1 is gone
    assert kept.schema.equals(pq.read_table(tmp_path / "in" / "b.parquet").schema)


def test_worker_processes_write_what_one_process_writes(tmp_path: Path) -> None:
    texts = [repeated(k) if k % 3 else unique(k) for k in range(30)]
    source = write(tmp_path / "in" / "big.parquet", table(texts), group=5)
    for jobs in ("1", "2"):
        result = invoke(["clean", "-j", jobs, source, "-o", tmp_path / jobs])
        assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "2" / "big.parquet").equals(pq.read_table(tmp_path / "1" / "big.parquet"))


def test_report_names_file_row_group_and_row(tmp_path: Path) -> None:
    source = write(tmp_path / "noid.parquet", table([unique(0), unique(1), unique(2), repeated(3)], ids=False))
    report = tmp_path / "report.json"
    result = invoke(["check", source, "--format", "json", "--report", report])
    assert result.exit_code == 1, result.output
    names = [f.get("document") for f in json.loads(report.read_text())["files"]]
    assert f"{source}:rg1:0" in names  # row 3 of the file: row 0 of row group 1


def test_reports_give_each_row_its_row_group_and_row(tmp_path: Path) -> None:
    # Rows 0-2 are row group 0, rows 3-5 row group 1: the repeat is row 1 of row group 1.
    texts = [unique(0), unique(1), unique(2), unique(3), repeated(4), unique(5)]
    source = write(tmp_path / "ids.parquet", table(texts), group=3)
    out: dict[str, str] = {}
    for kind in ("json", "sarif", "html"):
        report = tmp_path / f"report.{kind}"
        result = invoke(["check", source, "--format", kind, "--report", report])
        assert result.exit_code == 1, result.output
        out[kind] = report.read_text(encoding="utf-8")
    files = json.loads(out["json"])["files"]
    places = {f["document"]: f["position"] for f in files}
    assert places == {f"doc-{k}": {"row_group": k // 3, "row": k % 3} for k in range(6)}
    (changed,) = [f for f in files if f["changed"]]
    assert changed["document"] == "doc-4" and changed["position"] == {"row_group": 1, "row": 1}
    (result,) = json.loads(out["sarif"])["runs"][0]["results"]
    (location,) = result["locations"]
    assert location["logicalLocations"] == [{"name": "doc-4"}]
    assert location["properties"] == {"row_group": 1, "row": 1}
    assert "doc-4 (row group 1, row 1)" in result["message"]["text"]
    assert "[doc-4]</span> <span class=\"doc-pos\">(row group 1, row 1)</span>" in out["html"]


def test_a_jsonl_document_has_no_position(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"id": "a", "text": repeated(0)}) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert invoke(["check", source, "--format", "json", "--report", report]).exit_code == 1
    (file,) = json.loads(report.read_text())["files"]
    assert file["document"] == "a" and "position" not in file


def rebuilt(source: Path, target: Path, pieces: list[bytes], *, unused: bool = False) -> list[int]:
    """Feed ``pieces`` to a RowWriter of ``source``; the row groups it read."""
    from dedup.inputs.parquet import RowWriter

    writer = RowWriter(str(source), str(target))
    reads: list[int] = []
    original = writer.original

    class Spy:
        def read_row_group(self, group: int) -> Any:
            reads.append(group)
            return original.read_row_group(group)

    writer.original = Spy()
    for piece in pieces:
        writer.write(piece)
    writer.unused = unused
    writer.close()
    return reads


def test_row_writer_puts_off_unchanged_groups_and_drops_rows(tmp_path: Path) -> None:
    from dedup.inputs.parquet import frame

    source = write(tmp_path / "s.parquet", table([unique(k) for k in range(6)]), group=2)
    kept = [frame(r) for r in range(6)]
    assert rebuilt(source, tmp_path / "unused.parquet", kept, unused=True) == []  # nothing read: not needed
    assert rebuilt(source, tmp_path / "same.parquet", kept) == [0, 1, 2]
    assert pq.read_table(tmp_path / "same.parquet").equals(pq.read_table(source))
    # Row group 0 dropped whole, row 3 dropped, row 4's text changed: groups 1 and 2 rebuilt.
    pieces = [frame(2), frame(4, "new text", "text"), frame(5)]
    assert rebuilt(source, tmp_path / "cut.parquet", pieces) == [1, 2]
    out = pq.read_table(tmp_path / "cut.parquet")
    assert out.column("id").to_pylist() == ["doc-2", "doc-4", "doc-5"]
    assert out.column("text").to_pylist() == [unique(2), "new text", unique(5)]
    assert groups(tmp_path / "cut.parquet") == [1, 2]


def test_the_parent_reads_the_footer_only(tmp_path: Path) -> None:
    """A chunk says which row group to read, and holds none of its rows: the process
    that reads the shard holds its footer, whatever the size of its row groups."""
    from dedup.inputs.parquet import PARQUET

    source = write(tmp_path / "s.parquet", table([repeated(k) * 20 for k in range(7)]), group=3)
    with PARQUET.open(str(source)) as stream:
        chunks = list(PARQUET.chunks(stream, None))
    assert [c.first for c in chunks] == [1, 4, 7]
    assert all(sum(len(line) for line in c.lines) <= 24 for c in chunks)


def write_bad(path: Path, kind: str) -> None:
    if kind == "missing column":
        pq.write_table(pa.table({"body": [unique(1)]}), path)
    elif kind == "number column":
        pq.write_table(pa.table({"text": [1, 2]}), path)
    elif kind == "null text":
        pq.write_table(pa.table({"text": [repeated(1), None]}), path)
    elif kind == "corrupt footer":
        pq.write_table(table([repeated(1)]), path)
        data = path.read_bytes()
        path.write_bytes(data[:-12] + b"\xff" * 4 + data[-8:])
    else:  # not Parquet at all
        path.write_bytes(b"PAR1 this is not a parquet file\n")


BAD = ["missing column", "number column", "null text", "corrupt footer", "not parquet"]


@pytest.mark.parametrize("kind", BAD)
def test_bad_file_one_line_exit_2_nothing_written(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "bad.parquet"
    write_bad(source, kind)
    before = source.read_bytes()
    (tmp_path / "out").mkdir()  # (a missing -o DIR hides the input's error behind the report's: JSONL too)
    for args in (["clean", source, "-o", tmp_path / "out"], ["clean", "-i", source], ["check", source]):
        result = invoke(args)
        assert result.exit_code == 2, (args, result.output)
        errors = [line for line in result.stderr.splitlines() if line.startswith("dedup: error:")]
        assert len(errors) == 1 and "bad.parquet" in errors[0], result.stderr
    assert source.read_bytes() == before
    assert not (tmp_path / "out" / "bad.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "out") == ["bad.parquet"]


def test_on_error_skip_passes_bad_rows_through(tmp_path: Path) -> None:
    source = write(tmp_path / "nulls.parquet", pa.table({"text": [repeated(0), None, repeated(2)], "n": [0, 1, 2]}))
    result = invoke(["clean", "--on-error", "skip", source, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    assert "row group 0, row 1" in result.stderr
    out = pq.read_table(tmp_path / "out" / "nulls.parquet")
    assert out.column("text").to_pylist() == [dedup.clean(repeated(0)).text, None, dedup.clean(repeated(2)).text]
    assert out.column("n").to_pylist() == [0, 1, 2]


def test_a_row_over_the_size_limit_is_a_bad_row(tmp_path: Path) -> None:
    source = write(tmp_path / "long.parquet", pa.table({"text": [repeated(0), "x" * 5000]}))
    refused = invoke(["check", "--max-document-size", "1000", source])
    assert refused.exit_code == 2 and "row group 0, row 1: a text of 5000 bytes" in refused.stderr
    skipped = invoke(["clean", "--max-document-size", "1000", "--on-error", "skip", source, "-o", tmp_path / "out"])
    assert skipped.exit_code == 0, skipped.output
    assert pq.read_table(tmp_path / "out" / "long.parquet").column("text").to_pylist()[1] == "x" * 5000


def test_not_written_to_stdout(tmp_path: Path) -> None:
    source = write(tmp_path / "a.parquet", table([repeated(0)]))
    result = invoke(["clean", source])
    assert result.exit_code == 2 and "-o DIR or -i" in result.stderr and result.stdout == ""


def test_text_and_id_keys(tmp_path: Path) -> None:
    rows = pa.table({"key": ["k0", "k1"], "body": [repeated(0), unique(1)]})
    source = write(tmp_path / "keys.parquet", rows)
    result = invoke(["check", "--text-key", "body", "--id-key", "key", source])
    assert result.exit_code == 1 and "keys.parquet[k0]:" in result.stdout, result.output


def test_hub_dataset_folder(tmp_path: Path) -> None:
    hub = tmp_path / "dataset"
    write(hub / "data" / "train-00000-of-00002.parquet", table([f"{BOILER}\n\n{unique(0)}", unique(1)]))
    write(hub / "data" / "train-00001-of-00002.parquet", table([f"{unique(2)}\n{BOILER}\n", unique(3)]))
    write(hub / "data" / "test-00000-of-00001.parquet", table([unique(4)]))
    (hub / "README.md").write_text("---\nlicense: cc0\n---\n# A dataset\n")
    result = invoke(["clean", "--scope", "corpus", "--include", "*.parquet", hub, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "data"
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in (hub / "data").iterdir())
    second = pq.read_table(out / "train-00001-of-00002.parquet").column("text").to_pylist()
    assert BOILER not in second[0] and second[1] == unique(3)


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_pyarrow_is_imported_only_for_parquet(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(repeated(0))
    code = (
        "import sys\n"
        "import dedup, dedup.inputs\n"
        "dedup.clean_batch(['a'])\n"
        "from dedup.__main__ import main\n"
        "code = main(['clean', '--isolated', 'a.txt', '-o', 'out'])\n"
        "print(code, 'pyarrow' in sys.modules)\n"
    )
    done = run_python(code, tmp_path)
    assert done.stdout.split() == ["0", "False"], done.stderr


def test_without_pyarrow_one_line_names_the_extra(tmp_path: Path) -> None:
    write(tmp_path / "a.parquet", table([repeated(0)]))
    code = (
        "import sys\n"
        "sys.modules['pyarrow'] = None  # as if it were not installed\n"
        "from dedup.__main__ import main\n"
        "sys.exit(main(['check', '--isolated', 'a.parquet']))\n"
    )
    done = run_python(code, tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "dedup: error: a.parquet: reading Parquet needs pyarrow (pip install 'dedup-text[parquet]')"
    ]


def test_clean_batch_is_clean_on_each() -> None:
    texts = [repeated(0), unique(1), ""]
    assert dedup.clean_batch(texts) == [dedup.clean(t) for t in texts]
    assert dedup.clean_batch(texts, min_chars=10_000) == [dedup.clean(t, min_chars=10_000) for t in texts]
    with pytest.raises(TypeError, match=r"takes the texts as str, texts\[1\] is NoneType"):
        dedup.clean_batch([unique(0), None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"takes a list of texts, got one str: use dedup.clean"):
        dedup.clean_batch(unique(0))
    with pytest.raises(TypeError, match=r"takes config as a dedup\.Config or None, got dict"):
        dedup.clean_batch([unique(0)], {"threshold": 0.95})  # type: ignore[arg-type]


def test_clean_columns_in_datasets_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    texts = [repeated(k) if k % 2 else unique(k) for k in range(6)]
    ds = datasets.Dataset.from_dict({"id": list(range(6)), "text": texts})
    cleaned = ds.map(dedup.clean_columns, batched=True, batch_size=4)
    assert cleaned["text"] == [dedup.clean(t).text for t in texts]
    assert cleaned["id"] == list(range(6))


def readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("#### Corpora in Parquet", 1)[1].split("\n#", 1)[0]


def test_readme_parquet_commands_run(tmp_path: Path) -> None:
    """The section's console commands, on a dataset laid out as the Hub serves it."""
    hub = tmp_path / "dataset"
    write(hub / "data" / "train-00000-of-00002.parquet", table([repeated(0), unique(1)]))
    write(hub / "data" / "train-00001-of-00002.parquet", table([f"{unique(2)}\n{BOILER}\n", unique(3)]))
    commands = re.findall(r"^dedup (.*)$", readme_section(), flags=re.MULTILINE)
    assert len(commands) >= 2
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for command in commands:
            result = invoke(shlex.split(command))
            assert result.exit_code in (0, 1), (command, result.output)
    finally:
        os.chdir(cwd)
    assert (tmp_path / "deduped" / "data" / "train-00001-of-00002.parquet").exists()
