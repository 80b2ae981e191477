"""JSONL shards: plain, gzip and zstd; lines spliced, not re-serialised; bad lines.

Every cleaned line is compared byte for byte with the original line in which only
the text value's JSON literal was replaced. Bugs found are marked ``xfail(strict)``
with their reproduction in the reason.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIET_ENV, invoke_dedup
from typer.testing import Result

ENV: dict[str, str | None] = {**QUIET_ENV, "COLUMNS": "80"}

BOILER = "Subscribe to our newsletter for the latest news, offers and updates from our team every week."
REPEATED = "Ünïcödé opening: the harvest festival in the village drew a record crowd this year.\n\n" + (
    BOILER + "\n\n" + BOILER + "\n"
)
CLEANED = "Ünïcödé opening: the harvest festival in the village drew a record crowd this year.\n\n" + BOILER + "\n"
UNIQUE = "Café naïve — a short note with nothing repeated in it at all, really.\n"


def invoke(args: Sequence[object], input: bytes | None = None) -> Result:
    """Run ``dedup`` in-process, ignoring settings files found around tmp_path."""
    return invoke_dedup(args, input, env=ENV, isolated=True)


def lines_word(text: str) -> str:
    """``repeat of line 3`` read as ``repeat of lines 3``: the text report's wording for
    a one-line first occurrence is not pinned here (it is the report's own tests' job)."""
    return re.sub(r"(repeat of (?:\S+ )?)line (\d+ )", r"\1lines \2", text)


def line(obj: dict[str, Any], *, ascii_only: bool = True) -> bytes:
    return (json.dumps(obj, ensure_ascii=ascii_only) + "\n").encode("utf-8")


def spliced(raw: bytes, old: str, new: str, *, ascii_only: bool) -> bytes:
    """``raw`` with the JSON literal of ``old`` replaced by that of ``new``."""
    old_literal = json.dumps(old, ensure_ascii=ascii_only).encode("utf-8")
    assert raw.count(old_literal) == 1
    return raw.replace(old_literal, json.dumps(new, ensure_ascii=ascii_only).encode("utf-8"))


def write_shard(path: Path, data: bytes) -> Path:
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    elif path.name.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        path.write_bytes(zstandard.ZstdCompressor().compress(data))
    else:
        path.write_bytes(data)
    return path


def read_shard(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.name.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return data


def report_of(result: Result) -> dict[str, Any]:
    return json.loads(result.stdout)


SUFFIXES = [".jsonl", ".jsonl.gz", ".jsonl.zst"]

# Line 2 changes; lines 1 and 3 do not.
RAW_LINES = [
    line({"id": "u1", "text": UNIQUE, "source": "web"}),
    line({"id": "r1", "text": REPEATED, "meta": {"lang": "en", "score": 0.5}}),
    line({"id": "u2", "text": "Nothing to see here.\n"}),
]


# --- plain, gzip, zstd -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_clean_a_shard_to_stdout(tmp_path: Path, suffix: str) -> None:
    shard = write_shard(tmp_path / f"part{suffix}", b"".join(RAW_LINES))
    result = invoke(["clean", shard])
    assert result.exit_code == 0, result.stderr
    expected = [RAW_LINES[0], spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True), RAW_LINES[2]]
    assert result.stdout_bytes == b"".join(expected)
    # (the summary's noun, files or documents, is not pinned here)
    assert re.search(r"^3 \w+ cleaned, 1 with repeats: 1 run, 95 bytes removed$", result.stderr, re.M), result.stderr


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_check_a_shard_names_the_document(tmp_path: Path, suffix: str) -> None:
    shard = write_shard(tmp_path / f"part{suffix}", b"".join(RAW_LINES))
    result = invoke(["check", shard])
    assert result.exit_code == 1, result.stderr
    assert lines_word(result.stdout) == f"{shard}[r1]:5: repeat of lines 3 (exact, 1 paragraph, 95 bytes)\n"
    report = report_of(invoke(["check", "--format", "json", shard]))
    assert [(f["path"], f["document"], f["changed"]) for f in report["files"]] == [
        (str(shard), "u1", False),
        (str(shard), "r1", True),
        (str(shard), "u2", False),
    ]
    removed = report["files"][1]["removed"][0]
    # Offsets refer to the text value, not to the line.
    text = REPEATED
    assert text[removed["chars"]["start"] : removed["chars"]["end"]] == "\n" + BOILER + "\n"
    encoded = text.encode("utf-8")
    assert encoded[removed["bytes"]["start"] : removed["bytes"]["end"]] == ("\n" + BOILER + "\n").encode()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_in_place_keeps_compression_and_mode(tmp_path: Path, suffix: str) -> None:
    shard = write_shard(tmp_path / f"part{suffix}", b"".join(RAW_LINES))
    os.chmod(shard, 0o640)
    result = invoke(["clean", "-q", "-i", shard])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    data = shard.read_bytes()
    magic = {".jsonl.gz": b"\x1f\x8b", ".jsonl.zst": b"\x28\xb5\x2f\xfd"}.get(suffix)
    if magic is not None:
        assert data.startswith(magic)
    assert read_shard(shard) == RAW_LINES[0] + spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True) + RAW_LINES[2]
    assert os.stat(shard).st_mode & 0o7777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [shard.name]  # no temporary file left


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_in_place_leaves_an_unchanged_shard_alone(tmp_path: Path, suffix: str) -> None:
    shard = write_shard(tmp_path / f"part{suffix}", RAW_LINES[0] + RAW_LINES[2])
    os.utime(shard, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = os.stat(shard)
    data = shard.read_bytes()
    result = invoke(["clean", "-i", shard])
    assert result.exit_code == 0, result.stderr
    after = os.stat(shard)
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert shard.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == [shard.name]


def test_in_place_gzip_header_does_not_name_the_temporary_file(tmp_path: Path) -> None:
    shard = write_shard(tmp_path / "part.jsonl.gz", b"".join(RAW_LINES))
    assert invoke(["clean", "-q", "-i", shard]).exit_code == 0
    data = shard.read_bytes()
    flags = data[3]
    name = data[10 : data.index(b"\0", 10)] if flags & 0x08 else b""
    assert name in (b"", b"part.jsonl")


# --- lines spliced, not re-serialised ------------------------------------------------------


def test_key_order_and_other_fields_are_kept_byte_for_byte(tmp_path: Path) -> None:
    literal = json.dumps(REPEATED)
    raw = (
        '{"meta" : {"b": 1.50, "a": [1, 2, 1e3], "s": "caf\\u00e9"},\t"text":' + literal + ' ,"id":"k", "z": null}\n'
    ).encode()
    shard = write_shard(tmp_path / "odd.jsonl", raw)
    result = invoke(["clean", shard])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == raw.replace(literal.encode(), json.dumps(CLEANED).encode())
    assert list(json.loads(result.stdout)) == ["meta", "text", "id", "z"]


def test_unchanged_lines_are_byte_identical(tmp_path: Path) -> None:
    odd = [
        b'{ "id" : "a" ,"text":"caf\\u00e9 \\/ slash \\"quoted\\" \\t tab"  }\r\n',
        '{"text": "raw é and ü", "id": 7}\n'.encode(),
        b'{"text":"duplicate key","text":"no repeats here either","id":"dup"}\n',
        b'   {"text": "leading and trailing spaces"}   \n',
        b'{"text": "no final newline"}',
    ]
    shard = write_shard(tmp_path / "odd.jsonl", b"".join(odd))
    result = invoke(["clean", shard])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b"".join(odd)


@pytest.mark.parametrize("ascii_only", [True, False], ids=["escaped", "raw"])
def test_a_changed_text_keeps_its_escaping_style(tmp_path: Path, ascii_only: bool) -> None:
    raw = line({"id": "x", "text": REPEATED}, ascii_only=ascii_only)
    shard = write_shard(tmp_path / "s.jsonl", raw)
    result = invoke(["clean", shard])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == spliced(raw, REPEATED, CLEANED, ascii_only=ascii_only)
    assert result.stdout_bytes.isascii() is ascii_only
    assert json.loads(result.stdout)["text"] == CLEANED


def test_a_changed_line_with_crlf_keeps_its_ending(tmp_path: Path) -> None:
    raw = json.dumps({"id": "x", "text": REPEATED}).encode() + b"\r\n"
    shard = write_shard(tmp_path / "s.jsonl", raw + RAW_LINES[0])
    result = invoke(["clean", shard])
    assert result.stdout_bytes == spliced(raw, REPEATED, CLEANED, ascii_only=True) + RAW_LINES[0]


def test_an_escaped_lone_surrogate_passes_through(tmp_path: Path) -> None:
    raw = b'{"id": "s", "text": "a lone surrogate \\ud800 in scraped text"}\n'
    shard = write_shard(tmp_path / "s.jsonl", raw + RAW_LINES[1])
    result = invoke(["clean", shard])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == raw + spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True)


# --- ids ---------------------------------------------------------------------------------


def test_a_missing_id_becomes_path_and_line(tmp_path: Path) -> None:
    data = line({"text": UNIQUE}) + b"\n" + line({"id": "named", "text": UNIQUE}) + line({"text": REPEATED})
    shard = write_shard(tmp_path / "s.jsonl", data)
    report = report_of(invoke(["check", "--format", "json", shard]))
    assert [f["document"] for f in report["files"]] == [f"{shard}:1", "named", f"{shard}:4"]
    result = invoke(["check", shard])
    assert lines_word(result.stdout).startswith(f"{shard}[{shard}:4]:5: repeat of lines 3 ")


def test_text_key_and_id_key(tmp_path: Path) -> None:
    data = line({"doc": "d1", "body": REPEATED, "text": "not this one"})
    shard = write_shard(tmp_path / "s.jsonl", data)
    result = invoke(["clean", "--text-key", "body", "--id-key", "doc", "--report", tmp_path / "r.json", shard])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == spliced(data, REPEATED, CLEANED, ascii_only=True)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["files"][0]["document"] == "d1"


# --- malformed lines -----------------------------------------------------------------------

BAD_LINES = [
    pytest.param(b"not json at all\n", "malformed JSON line", id="not-json"),
    pytest.param(b'{"id": "t", "text": "unterminated\n', "malformed JSON line", id="truncated"),
    pytest.param(b'["text", "an array"]\n', "malformed JSON line", id="array"),
    pytest.param(b'{"id": "g", "text": "x"} trailing\n', "malformed JSON line", id="trailing-garbage"),
    pytest.param(b'{"id": "n", "text": 5}\n', "'text' is int, not a string", id="text-int"),
    pytest.param(b'{"id": "n", "text": null}\n', "'text' is NoneType, not a string", id="text-null"),
    pytest.param(b'{"id": "k", "body": "no text key"}\n', "no 'text' key", id="missing-key"),
    pytest.param(b'{"id": "u", "text": "\xff\xfe"}\n', "not valid UTF-8", id="not-utf8"),
    # Deeper than Python's recursion limit: was a RecursionError that stopped the run.
    pytest.param(b'{"id": "d", "text": "x", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
                 "malformed JSON line (nested too deeply", id="deep-nesting"),
    pytest.param(b'{"id": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b', "text": "x"}\n', "malformed JSON line (nested too deeply",
                 id="deep-id"),
    pytest.param(b'\xef\xbb\xbf{"id": "b", "text": "a BOM is accepted on line 1 only"}\n', "malformed JSON line", id="bom-not-first"),
]


def bad_shard(tmp_path: Path, bad: bytes, suffix: str = ".jsonl") -> Path:
    # The bad line is line 2, after a line that would change.
    return write_shard(tmp_path / f"s{suffix}", RAW_LINES[1] + bad + RAW_LINES[0])


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_on_error_fail_writes_nothing_and_names_file_and_line(tmp_path: Path, bad: bytes, message: str) -> None:
    shard = bad_shard(tmp_path, bad)
    result = invoke(["clean", shard])
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"dedup: error: {shard}:2: {message}")
    assert "--on-error skip" in errors[0]
    assert not any(e.startswith("dedup: error:") for e in errors[1:])
    assert invoke(["clean", "--on-error", "fail", shard]).stdout_bytes == b""


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_on_error_fail_in_place_leaves_the_shard_untouched(tmp_path: Path, suffix: str) -> None:
    shard = bad_shard(tmp_path, b"not json\n", suffix)
    data, before = shard.read_bytes(), os.stat(shard)
    result = invoke(["clean", "-i", shard])
    assert result.exit_code == 2
    assert f"{shard}:2: malformed JSON line" in result.stderr
    assert shard.read_bytes() == data and os.stat(shard).st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == [shard.name]


def test_a_failed_shard_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = bad_shard(tmp_path, b"not json\n")
    good = write_shard(tmp_path / "t.jsonl", b"".join(RAW_LINES))
    bad_data = bad.read_bytes()
    result = invoke(["clean", "-i", "-q", bad, good])
    assert result.exit_code == 2
    assert bad.read_bytes() == bad_data
    assert good.read_bytes() == RAW_LINES[0] + spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True) + RAW_LINES[2]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_on_error_skip_passes_the_line_through(tmp_path: Path, bad: bytes, message: str) -> None:
    """A skipped line is not cleaned but kept, unchanged and in place, with a note;
    skipping was asked for, so the exit code stays 0."""
    shard = bad_shard(tmp_path, bad)
    result = invoke(["clean", "--on-error", "skip", shard])
    assert result.exit_code == 0
    assert result.stdout_bytes == spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True) + bad + RAW_LINES[0]
    assert f"dedup: note: {shard}:2: {message}" in result.stderr
    assert "passed through unchanged" in result.stderr


def test_on_error_skip_in_place(tmp_path: Path) -> None:
    shard = bad_shard(tmp_path, b"not json\n", ".jsonl.gz")
    invoke(["clean", "-q", "-i", "--on-error", "skip", shard])
    assert read_shard(shard) == spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True) + b"not json\n" + RAW_LINES[0]


def test_deep_nesting_with_skip_does_not_stop_later_shards(tmp_path: Path) -> None:
    deep = b'{"id": "d", "text": "x", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    first = write_shard(tmp_path / "a.jsonl", deep + RAW_LINES[0])
    later = write_shard(tmp_path / "b.jsonl", RAW_LINES[1])
    for scope in ("document", "corpus"):
        result = invoke(["check", "--on-error", "skip", "--scope", scope, "--format", "json", first, later])
        assert result.exit_code == 1, result.stderr
        assert [f["document"] for f in report_of(result)["files"]] == ["u1", "r1"]
        assert f"dedup: note: {first}:1: malformed JSON line (nested too deeply" in result.stderr


def test_a_byte_order_mark_on_the_first_line_is_accepted_and_kept(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    data = bom + RAW_LINES[1] + RAW_LINES[0]
    for suffix in (".jsonl", ".jsonl.gz"):
        shard = write_shard(tmp_path / f"s{suffix}", data)
        result = invoke(["check", "--format", "json", shard])
        assert result.exit_code == 1, result.stderr  # before: line 1 was a malformed line
        assert [f["document"] for f in report_of(result)["files"]] == ["r1", "u1"]
        assert invoke(["clean", "-q", "-i", shard]).exit_code == 0
        assert read_shard(shard) == bom + spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True) + RAW_LINES[0]
        # An unchanged first line keeps its mark too, byte for byte.
        write_shard(shard, bom + RAW_LINES[0])
        assert invoke(["clean", shard]).stdout_bytes == bom + RAW_LINES[0]


def test_an_integer_id_of_more_than_4300_digits_names_its_document(tmp_path: Path) -> None:
    digits = "7" * 5000
    data = b'{"id": ' + digits.encode() + b', "text": ' + json.dumps(REPEATED).encode() + b"}\n"
    shard = write_shard(tmp_path / "s.jsonl", data + RAW_LINES[0])
    result = invoke(["check", "--format", "json", shard])
    assert result.exit_code == 1, result.stderr  # before: a malformed line
    assert [f["document"] for f in report_of(result)["files"]] == [digits, "u1"]
    cleaned = invoke(["clean", shard])
    assert cleaned.stdout_bytes == spliced(data, REPEATED, CLEANED, ascii_only=True) + RAW_LINES[0]
    # A text that is such a number is still not a text.
    bad = write_shard(tmp_path / "t.jsonl", b'{"id": "n", "text": ' + digits.encode() + b"}\n")
    assert f"{bad}:1: 'text' is int, not a string" in invoke(["check", bad]).stderr


def test_check_reports_malformed_lines_too(tmp_path: Path) -> None:
    shard = bad_shard(tmp_path, b'{"text": 1}\n')
    result = invoke(["check", "--format", "json", shard])
    assert result.exit_code == 2
    report = report_of(result)
    assert report["files"] == []
    assert [e["path"] for e in report["errors"]] == [str(shard)]
    assert f"{shard}:2:" in report["errors"][0]["message"]


# --- standard input -------------------------------------------------------------------------


def test_stdin_as_jsonl_with_on_error_skip() -> None:
    result = invoke(["clean", "--input-format", "jsonl", "--on-error", "skip", "-"], input=b"".join(RAW_LINES))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout_bytes == RAW_LINES[0] + spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True) + RAW_LINES[2]
    )


@pytest.mark.parametrize("args", [["clean", "--input-format", "jsonl"], ["clean", "--input-format", "jsonl", "-"]])
def test_stdin_as_jsonl(args: list[str]) -> None:
    result = invoke(args, input=b"".join(RAW_LINES))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout_bytes == RAW_LINES[0] + spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True) + RAW_LINES[2]
    )


def test_check_stdin_as_jsonl() -> None:
    result = invoke(["check", "--input-format", "jsonl", "--format", "json"], input=b"".join(RAW_LINES))
    assert result.exit_code == 1, result.stderr
    report = report_of(result)
    assert [(f["path"], f["document"]) for f in report["files"]] == [
        ("<stdin>", "u1"),
        ("<stdin>", "r1"),
        ("<stdin>", "u2"),
    ]


def test_stdin_as_jsonl_bad_line_fails() -> None:
    result = invoke(["clean", "--input-format", "jsonl"], input=RAW_LINES[1] + b"oops\n")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "-:2: malformed JSON line" in result.stderr or "<stdin>:2: malformed JSON line" in result.stderr


def test_stdin_is_text_by_default() -> None:
    data = b"".join(RAW_LINES)
    result = invoke(["clean"], input=data)
    assert (result.exit_code, result.stdout_bytes) == (0, data)


# --- several shards to stdout --------------------------------------------------------------


def test_several_shards_go_to_stdout_in_order(tmp_path: Path) -> None:
    first = write_shard(tmp_path / "a.jsonl", RAW_LINES[0])
    second = write_shard(tmp_path / "b.jsonl.gz", RAW_LINES[1])
    result = invoke(["clean", first, second])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == RAW_LINES[0] + spliced(RAW_LINES[1], REPEATED, CLEANED, ascii_only=True)


def test_several_shards_to_stdout_stay_one_document_per_line(tmp_path: Path) -> None:
    first = write_shard(tmp_path / "a.jsonl", RAW_LINES[0].rstrip(b"\n"))
    second = write_shard(tmp_path / "b.jsonl", RAW_LINES[2])
    result = invoke(["clean", first, second])
    assert [json.loads(x)["id"] for x in result.stdout_bytes.splitlines()] == ["u1", "u2"]


def test_ndjson_suffix_is_a_shard(tmp_path: Path) -> None:
    shard = write_shard(tmp_path / "s.ndjson", b"".join(RAW_LINES))
    result = invoke(["check", shard])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{shard}[r1]:5:")
