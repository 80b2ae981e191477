"""Input formats go through one protocol (:mod:`dedup.inputs`): which format an input
is, is asked of the registry, and a new format is one class and one registry line.

A toy format, registered here only: one document per line, ``id<TAB>text``, with
``\\n`` and ``\\\\`` escaped in the text. It runs through ``dedup clean`` and
``dedup check`` end to end, in place, under ``-o`` and to stdout, with bad lines
passed through or failing the run as JSONL's do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import dedup.inputs
from dedup.cli import app
from dedup.inputs.lines import BadLine, LineFormat
from dedup.inputs.protocol import Entry, Fields, Passed

ENV: dict[str, str | None] = {"NO_COLOR": "1", "FORCE_COLOR": None, "DEDUP_DEBUG": None}
BOILER = "Every visitor must sign the register at the front desk before going upstairs."
STORY = "The ferry left the harbour late because of the fog over the northern channel."
OTHER = "Nothing is said twice in this one, which talks about the weather in spring."


@dataclass(frozen=True, slots=True)
class TabEntry:
    position: int
    name: str
    text: str
    raw: bytes


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _unescape(field: str) -> str:
    out, chars = [], iter(field)
    for char in chars:
        out.append({"n": "\n", "\\": "\\"}.get(next(chars, ""), "") if char == "\\" else char)
    return "".join(out)


class Tabbed(LineFormat):
    """The toy format: ``.tsv`` shards, ``id<TAB>text`` lines."""

    name = "tsv"
    suffixes = (".tsv",)

    def parse(self, path: str, number: int, raw: bytes, fields: Fields, *, check: bool = False) -> Entry | Passed:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        ident, tab, text = line.partition("\t")
        if not tab:
            return BadLine(f"{path}:{number}: no tab", raw)
        return TabEntry(number, ident, _unescape(text), raw)

    def write(self, entry: Entry, text: str) -> bytes:
        assert isinstance(entry, TabEntry)
        if text == entry.text:
            return entry.raw
        ending = entry.raw[len(entry.raw.rstrip(b"\r\n")) :]
        return f"{entry.name}\t{_escape(text)}".encode() + ending


TABBED = Tabbed()


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedup.inputs, "FORMATS", [*dedup.inputs.FORMATS, TABBED])  # its registry line


def invoke(args: Sequence[object]) -> Result:
    result = CliRunner().invoke(app, [*(str(a) for a in args), "--isolated"], env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"dedup raised {result.exception!r}") from result.exception
    return result


def _line(ident: str, text: str) -> bytes:
    return f"{ident}\t{_escape(text)}\n".encode()


def _shard(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A shard, and what cleaning it gives (written here by hand, line by line)."""
    doubled = f"{STORY}\n\n{BOILER}\n\n{BOILER}\n"
    data = _line("a", doubled) + b"no tab on this line\n" + _line("b", OTHER + "\n") + b"\n" + _line("c", f"{BOILER}\n")
    cleaned = _line("a", f"{STORY}\n\n{BOILER}\n") + data[len(_line("a", doubled)) :]
    shard = tmp_path / "part.tsv"
    shard.write_bytes(data)
    return shard, data, cleaned


def test_the_registry_says_which_format_an_input_is() -> None:
    assert dedup.inputs.shard_format("x/part.tsv") is TABBED
    assert dedup.inputs.shard_format("x/part.tsv.gz") is TABBED
    assert dedup.inputs.shard_format("x/part.jsonl") is not None and dedup.inputs.shard_format("x/part.jsonl").name == "jsonl"
    assert dedup.inputs.shard_format("x/notes.txt") is None
    assert dedup.inputs.shard_format("-", "tsv") is TABBED and dedup.inputs.shard_format("-", "text") is None


def test_the_package_formats_are_declared_as_they_are() -> None:
    """This package's formats are registry lines (:class:`dedup.inputs.Declared`), whose
    module is imported when a shard is met: each says what its format says."""
    lines = [line for line in dedup.inputs.FORMATS if isinstance(line, dedup.inputs.Declared)]
    assert [line.name for line in lines] == ["jsonl", "parquet"]
    names = ["a.jsonl", "A.NDJSON.GZ", "b.jsonl.zst", "c.parquet", "C.Parquet", "d.parquet.gz", "e.txt", "f.json", "jsonl"]
    for line in lines:
        found = line.load()
        assert (found.name, found.line_oriented) == (line.name, line.line_oriented)
        assert [found.claims(name) for name in names] == [line.claims(name) for name in names]
        assert dedup.inputs.shard_format(f"x/part{line.suffixes[0]}") is found  # the format itself, not its line
        assert dedup.inputs.shard_format("-", line.name) is found


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_new_format_is_cleaned_to_stdout(tmp_path: Path, jobs: str) -> None:
    shard, _data, cleaned = _shard(tmp_path)
    result = invoke(["clean", shard, "--on-error", "skip", "-j", jobs])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == cleaned


@pytest.mark.parametrize("scope", ["document", "corpus"])
def test_a_new_format_is_cleaned_in_place_and_under_o(tmp_path: Path, scope: str) -> None:
    """Under ``-o`` and in place, the toy shard's documents come out as the same
    documents in a JSONL shard do (the format does not change what is removed)."""
    shard, data, _cleaned = _shard(tmp_path)
    (tmp_path / "j").mkdir()
    jsonl = tmp_path / "j" / "part.jsonl"
    documents = [line.split(b"\t", 1) for line in data.splitlines() if b"\t" in line]
    jsonl.write_text("".join(json.dumps({"id": i.decode(), "text": _unescape(t.decode())}) + "\n" for i, t in documents))
    options = ["--on-error", "skip", "--scope", scope]
    for path, folder in ((shard, "out"), (jsonl, "out-j")):
        index = ["--index", path.parent / f"{folder}.sqlite"] if scope == "corpus" else []
        result = invoke(["clean", path, "-o", tmp_path / folder, *options, *index])
        assert result.exit_code == 0, result.stderr
    written = (tmp_path / "out" / "part.tsv").read_bytes()
    expected = [json.loads(line)["text"] for line in (tmp_path / "out-j" / "part.jsonl").read_bytes().splitlines()]
    assert [_unescape(line.split(b"\t", 1)[1].decode()) for line in written.splitlines() if b"\t" in line] == expected
    assert b"no tab on this line\n" in written and shard.read_bytes() == data
    result = invoke(["clean", "-i", shard, *options])
    assert result.exit_code == 0, result.stderr
    assert shard.read_bytes() == written


def test_a_new_format_is_checked_and_its_documents_named(tmp_path: Path) -> None:
    shard, _data, _cleaned = _shard(tmp_path)
    result = invoke(["check", shard, "--on-error", "skip", "--format", "json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    changed = [(f["path"], f["document"], len(f["removed"])) for f in report["files"] if f["changed"]]
    assert changed == [(str(shard), "a", 1)]
    assert f"{shard}:2: no tab; passed through unchanged" in result.stderr


def test_a_bad_line_of_a_new_format_fails_the_run_and_writes_nothing(tmp_path: Path) -> None:
    shard, data, _cleaned = _shard(tmp_path)
    result = invoke(["clean", "-i", shard])
    assert result.exit_code == 2
    assert f"{shard}:2: no tab (nothing written; --on-error skip to skip it)" in result.stderr
    assert shard.read_bytes() == data


def test_the_format_predicate_is_defined_once() -> None:
    """The format of an input is asked of the registry: no module decides by suffix
    that a shard is JSONL (``is_jsonl`` was defined or used in six places)."""
    sources = {path: path.read_text(encoding="utf-8") for path in Path(dedup.__file__).parent.rglob("*.py")}
    assert [path.name for path, text in sources.items() if "is_jsonl" in text or "JSONL_SUFFIXES" in text] == []
    readers = [path.relative_to(path.parents[1]).as_posix() for path, text in sources.items() if '".jsonl"' in text]
    assert sorted(readers) == ["inputs/__init__.py", "report/formats.py"]  # the shard format's line, the report's suffix
    assert [path.name for path, text in sources.items() if "def shard_format(" in text] == ["__init__.py"]
