"""Faithfulness: dedup removes whole runs and nothing else, for any Unicode text.

Hypothesis builds documents out of lines in every script, with combining marks, RTL
text, emoji sequences, NUL and other control characters, lone ``\\r``, ``\\r\\n``,
``\\u2028``, a byte order mark and no final newline, and repeats lines and blocks so
that there is something to remove. Properties:

* the output is the input with the union of the findings' spans deleted, each span
  being whole lines of the input;
* cleaning twice is cleaning once;
* when nothing is removed the output is the input, and ``clean -i`` does not rewrite
  the file (same inode, same ``mtime_ns``);
* ``clean -i`` keeps the file's permission bits and writes exactly the library's bytes,
  in the input's encoding (UTF-8 with or without BOM, UTF-16/32 with BOM);
* text decoded with ``surrogateescape`` (arbitrary bytes) and lone surrogates go
  through the library without error, byte for byte;
* invalid UTF-8 through the command line: exit 2, one line giving the position,
  nothing written.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke_dedup
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import dedup

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
# through the command line each example costs a few CliRunner calls: fewer of them
CLI_SETTINGS = settings(SETTINGS, max_examples=100)

SPECIMENS = [
    "The council approved the new budget of 12 million on Tuesday evening.",
    "the Council approved the new budget of 12 million on tuesday evening!",
    "Residents said the water was back on by noon, after 3 days without it.",
    "Городской совет утвердил новый бюджет во вторник вечером.",
    "أَعْلَنَتِ الْحُكُومَةُ عَنْ خُطَّةٍ جَدِيدَةٍ لِلتَّعْلِيمِ فِي عَامِ ٢٠٢٤",
    "اعلنت الحكــــومة عن خطة جديدة للتعليم في عام 2024",
    "הוועדה אישרה את התקציב החדש בישיבה של יום שלישי",
    "\u202bמשפט RTL עם embedding\u202c and a pop",
    "東京都は新しい計画を発表しました。予算は１２億円です。",
    "e\u0301te\u0301 a\u0300 la plage, n\u0303, a\u0328\u0301 stacked marks \u0363\u0364",
    "Family: 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵 skin 👍🏽 keycap 1️⃣ — all one line",
    "NUL\x00inside\x00the line, and other controls \x01\x07\x1b[0m\x7f",
    "carriage\rreturn alone inside one line that is long enough",
    "First half of a line\u2028second half of the same line, 4 times",
    "paragraph\u2029separator is not a line end either",
    "\ufeffa BOM in the middle of the text, zero\u200bwidth\u200djoiners",
    "tabs\tand\u00a0no-break\u3000ideographic spaces  ",
    "\u0000",
    "\u200b",
    "   ",
    "x",
    "----",
    "देवनागरी लिपि में लिखा गया एक वाक्य १२ शब्दों का",
    "ภาษาไทยไม่มีช่องว่างระหว่างคำในประโยคนี้",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕄𝕒𝕥𝕙 𝟙𝟚𝟛 and astral 𠜎𠜱𠝹",
]

# Every code point except lone surrogates (those have their own tests below).
ANY_CHAR = st.characters(exclude_categories=("Cs",))
LINE = st.one_of(
    st.sampled_from(SPECIMENS),
    st.text(ANY_CHAR, max_size=40).map(lambda s: s.replace("\n", " ")),
)
SEPARATORS = st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\n\t\n\n", "\r", "\u2028"])


@st.composite
def documents(draw: Any, line: st.SearchStrategy[str] = LINE) -> str:
    """A document whose lines are drawn from a small pool, so lines and blocks repeat."""
    pool = draw(st.lists(line, min_size=1, max_size=6))
    picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=2, max_size=16))
    parts: list[str] = []
    for k in picks:
        parts.append(pool[k])
        parts.append(draw(SEPARATORS))
    text = "".join(parts)
    if parts and draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final newline
    if draw(st.integers(0, 4)) == 0:
        text = "\ufeff" + text
    return text


OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "threshold": st.sampled_from([0.5, 0.8, 0.9, 0.95, 1.0]),
        "min_chars": st.integers(0, 60),
        "unit": st.sampled_from(["auto", "paragraph", "line"]),
        "wrap_width": st.integers(1, 120),
    },
)


def delete_spans(data: Any, spans: list[tuple[int, int]]) -> Any:
    """``data`` without the union of the half-open ``spans``."""
    kept = []
    position = 0
    for start, end in sorted(spans):
        if start > position:
            kept.append(data[position:start])
        position = max(position, end)
    kept.append(data[position:])
    return data[:0].join(kept)


def line_bounds(text: str) -> set[int]:
    """Offsets where a line starts, plus the end of the text."""
    return {0, len(text)} | {m.end() for m in re.finditer("\n", text)}


def assert_faithful(text: str, result: dedup.Result) -> None:
    spans = [(f.start, f.end) for f in result.findings]
    # the output is the input without the removed spans, nothing more, nothing less
    assert result.text == delete_spans(text, spans)
    assert result.changed == bool(result.findings) == (result.text != text)
    bounds = line_bounds(text)
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text)
        # whole lines of the input go, never part of a line
        assert f.start in bounds and f.end in bounds, (f, text)
        # the kept first occurrence comes earlier and is whole lines too
        assert f.source_start < f.source_end <= f.start + (f.end - f.start)
        assert f.source_start in bounds and f.source_end in bounds
        assert f.line_start <= f.line_end and f.source_line_start <= f.source_line_end
    # findings never partly overlap (a later pass may enclose an earlier one)
    for a in result.findings:
        for b in result.findings:
            if a is not b and a.start < b.end and b.start < a.end:
                assert (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


@SETTINGS
@given(documents(), OPTIONS)
@example("The council approved the new budget.\r\n\r\nThe council approved the new budget.", {"min_chars": 0})
@example("\ufeffA repeated line of text here.\n\nA repeated line of text here.\n", {"min_chars": 0})
@example("x\u2028A line with a separator.\n\nx\u2028A line with a separator.", {"min_chars": 0})
def test_output_is_input_minus_whole_runs(text: str, options: dict[str, Any]) -> None:
    result = dedup.clean(text, **options)
    assert_faithful(text, result)


@SETTINGS
@given(documents(), OPTIONS)
def test_clean_twice_is_clean_once(text: str, options: dict[str, Any]) -> None:
    once = dedup.clean(text, **options)
    twice = dedup.clean(once.text, **options)
    assert twice.text == once.text
    assert twice.findings == ()


@SETTINGS
@given(st.lists(LINE, min_size=0, max_size=12, unique_by=lambda s: s), SEPARATORS, OPTIONS)
def test_nothing_removed_means_identical(lines: list[str], separator: str, options: dict[str, Any]) -> None:
    # distinct lines can still match (near copies, normal forms), so only the
    # consequence is asserted: no finding, identical text; a finding, a changed text
    text = separator.join(lines)
    result = dedup.clean(text, **options)
    if not result.findings:
        assert result.text == text
    else:
        assert result.text != text
        assert_faithful(text, result)


# --- bytes that are not UTF-8: surrogateescape and lone surrogates ---------------------

BYTE_LINE = st.one_of(
    st.sampled_from([s.encode("utf-8") for s in SPECIMENS]),
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),
    st.sampled_from(
        [b"\xff\xfe broken \xc3", b"latin-1 caf\xe9 cr\xe8me br\xfbl\xe9e, 12 \xa9", b"\xed\xa0\x80 encoded surrogate"]
    ),
)


@st.composite
def byte_documents(draw: Any) -> bytes:
    pool = draw(st.lists(BYTE_LINE, min_size=1, max_size=5))
    picks = draw(st.lists(st.integers(0, len(pool) - 1), max_size=14))
    seps = st.sampled_from([b"\n", b"\n\n", b"\r\n", b"\r\n\r\n"])
    return b"".join(pool[k] + draw(seps) for k in picks)


@SETTINGS
@given(byte_documents(), OPTIONS)
def test_surrogateescape_text_is_cleaned_byte_for_byte(data: bytes, options: dict[str, Any]) -> None:
    text = data.decode("utf-8", "surrogateescape")
    result = dedup.clean(text, **options)
    assert_faithful(text, result)

    def at(offset: int) -> int:
        return len(text[:offset].encode("utf-8", "surrogateescape"))

    byte_spans = [(at(f.start), at(f.end)) for f in result.findings]
    assert result.text.encode("utf-8", "surrogateescape") == delete_spans(data, byte_spans)
    assert dedup.clean(result.text, **options).text == result.text


LONE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


@SETTINGS
@given(
    documents(st.one_of(LINE, st.text(st.one_of(ANY_CHAR, LONE), max_size=30).map(lambda s: s.replace("\n", " ")))),
    OPTIONS,
)
@example("\ud800 lone high surrogate in a long enough line\n\n\ud800 lone high surrogate in a long enough line\n", {})
@example("\udfff", {})
def test_lone_surrogates_do_not_crash_the_library(text: str, options: dict[str, Any]) -> None:
    result = dedup.clean(text, **options)
    assert_faithful(text, result)
    assert dedup.clean(result.text, **options).text == result.text


def test_lone_surrogates_are_cleaned_like_other_characters() -> None:
    line = "A line with a lone surrogate \ud83d in it, long enough to count.\n"
    result = dedup.clean(line + "\n" + line)
    assert result.text == line
    assert [(f.line_start, f.source_line_start, f.kind) for f in result.findings] == [(3, 1, "exact")]


# --- through the command line --------------------------------------------------------

ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
MODES = st.sampled_from([0o644, 0o600, 0o640, 0o755, 0o604, 0o660])  # read-only ones: test_bad_input.py
BOMS = {
    "utf-8-bom": ("utf-8", codecs.BOM_UTF8),
    "utf-16-le": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32-le": ("utf-32-le", codecs.BOM_UTF32_LE),
    "utf-32-be": ("utf-32-be", codecs.BOM_UTF32_BE),
}


def encode(text: str, encoding: str) -> tuple[str, bytes]:
    """The text as the CLI decodes it, and the file's bytes."""
    if encoding in BOMS:
        codec, bom = BOMS[encoding]
        text = text.removeprefix("\ufeff")
        return "\ufeff" + text, bom + text.encode(codec)
    return text, text.encode("utf-8")


def options_argv(options: dict[str, Any]) -> list[str]:
    return [arg for key, value in options.items() for arg in (f"--{key.replace('_', '-')}", str(value))]


def invoke(args: list[str], input: bytes | None = None) -> Any:
    return invoke_dedup(args, input)


@CLI_SETTINGS
@given(documents(), ENCODINGS, MODES, OPTIONS)
def test_in_place_writes_exactly_the_library_bytes(
    text: str, encoding: str, mode: int, options: dict[str, Any]
) -> None:
    text, data = encode(text, encoding)
    # a UTF-16-LE mark followed by U+0000 reads as a UTF-32-LE mark: ambiguous, not tested here
    assume(not (encoding == "utf-16-le" and text.startswith("\ufeff\x00")))
    codec = BOMS.get(encoding, ("utf-8", b""))[0]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(data)
        os.chmod(path, mode)
        before = path.stat()
        result = invoke(["clean", "-q", "-i", *options_argv(options), str(path)])
        if codec == "utf-8" and b"\x00" in data[:8192]:
            # a NUL byte without a UTF-16/32 byte order mark: taken for binary, refused
            assert result.exit_code == 2
            assert result.stderr.count("\n") == 1 and "looks binary" in result.stderr
            expected, changed = data, False
        else:
            assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
            cleaned = dedup.clean(text, **options)
            expected, changed = cleaned.text.encode(codec), cleaned.changed
        after = path.stat()
        assert path.read_bytes() == expected
        assert stat.S_IMODE(after.st_mode) == mode
        if not changed:
            # not rewritten at all: same inode, same modification time
            assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
                before.st_ino,
                before.st_mtime_ns,
                before.st_size,
            )
        assert os.listdir(folder) == ["doc.txt"]  # no temporary file left


@CLI_SETTINGS
@given(documents(), OPTIONS)
def test_stdout_and_check_agree_with_the_library(text: str, options: dict[str, Any]) -> None:
    data = text.encode("utf-8")
    if b"\x00" in data:
        data = data.replace(b"\x00", b"0")
        text = data.decode("utf-8")
    cleaned = dedup.clean(text, **options)
    out = invoke(["clean", "-q", *options_argv(options), "-"], input=data)
    assert (out.exit_code, out.stdout_bytes) == (0, cleaned.text.encode("utf-8"))
    found = invoke(["check", "-q", "--format", "json", *options_argv(options), "-"], input=data)
    assert found.exit_code == (1 if cleaned.changed else 0)


def test_file_mode_and_special_bits_are_kept_on_rewrite(tmp_path: Path) -> None:
    body = "The council approved the new budget on Tuesday evening, after a debate.\n"
    special = (0o2755, 0o1755) if os.geteuid() == 0 else ()  # others may not set them
    for mode in (0o600, 0o640, 0o755, 0o604, *special):
        path = tmp_path / f"m{mode:o}.txt"
        path.write_text(body + "\n" + body)
        os.chmod(path, mode)
        inode = path.stat().st_ino
        assert invoke(["clean", "-q", "-i", str(path)]).exit_code == 0
        assert path.read_text() == body
        assert path.stat().st_ino != inode  # replaced, not written over
        assert stat.S_IMODE(path.stat().st_mode) == mode, oct(mode)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
def test_owner_and_group_are_kept_on_rewrite(tmp_path: Path) -> None:
    body = "The council approved the new budget on Tuesday evening, after a debate.\n"
    path = tmp_path / "theirs.txt"
    path.write_text(body + "\n" + body)
    os.chown(path, 4321, 4321)
    assert invoke(["clean", "-q", "-i", str(path)]).exit_code == 0
    assert path.read_text() == body
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)
    # chown clears the set-user-ID bit; the mode is set after it
    os.chmod(path, 0o4755)
    path.write_text(body + "\n" + body)
    assert invoke(["clean", "-q", "-i", str(path)]).exit_code == 0
    assert (path.stat().st_uid, path.stat().st_gid, stat.S_IMODE(path.stat().st_mode)) == (4321, 4321, 0o4755)


@pytest.mark.skipif(os.name != "posix", reason="a folder is flushed on POSIX only")
def test_the_folder_is_flushed_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without it, a power cut after the rename can bring the old file back."""
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(*args: Any, **kwargs: Any) -> None:
        calls.append("replace")
        real_replace(*args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    body = "The council approved the new budget on Tuesday evening, after a debate.\n"
    path = tmp_path / "a.txt"
    path.write_text(body + "\n" + body)
    assert invoke(["clean", "-q", "-i", str(path)]).exit_code == 0
    assert calls == ["fsync file", "replace", "fsync folder"]


# --- invalid UTF-8 through the command line --------------------------------------------

INVALID = st.sampled_from(
    [b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf", b"\x80"]
)


@CLI_SETTINGS
@given(documents(), INVALID, st.data())
def test_invalid_utf8_is_an_error_with_its_position_and_nothing_is_written(text: str, bad: bytes, data: Any) -> None:
    good = text.encode("utf-8").replace(b"\x00", b"0")
    cut = data.draw(st.integers(0, len(good)))
    while cut and cut < len(good) and (good[cut] & 0xC0) == 0x80:  # not inside a character
        cut -= 1
    payload = good[:cut] + bad + good[cut:]
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError as error:
        position = error.start
    else:  # pragma: no cover - every INVALID piece breaks the text
        raise AssertionError(payload)
    line = payload.count(b"\n", 0, position) + 1
    column = position - (payload.rfind(b"\n", 0, position) + 1) + 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bad.txt"
        path.write_bytes(payload)
        before = path.stat()
        result = invoke(["clean", "-i", str(path)])
        assert result.exit_code == 2
        assert result.stderr == (
            f"dedup: error: {path}: not valid UTF-8 at byte {position} (line {line}, column {column}); "
            "pass --encoding to read another encoding\n"
        )
        after = path.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        assert path.read_bytes() == payload
        assert os.listdir(folder) == ["bad.txt"]


# --- encodings the command line accepts with --encoding --------------------------------


def test_kept_bytes_survive_a_codec_that_does_not_round_trip(tmp_path: Path) -> None:
    body = "東京都は新しい計画を発表しました。予算は１２億円です。\r\n".encode("cp932")
    kept = b"\x87\x90 \x87\x9a NEC special characters\r\n\r\n"  # '≒' and '∵' from NEC row 13
    path = tmp_path / "sjis.txt"
    path.write_bytes(kept + body + b"\r\n" + body)
    result = invoke(["clean", "-q", "-i", "--encoding", "cp932", "--min-chars", "10", str(path)])
    assert result.exit_code == 0
    assert path.read_bytes() == kept + body


SPLICED_BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"


@pytest.mark.parametrize(
    ("codec", "kept"),
    [
        ("cp932", b"\x87\x90 kept\n\n"),  # NEC '≒', encoded back as 0x81E0
        ("big5hkscs", b"\x88\x62 kept\n\n"),  # two characters from two bytes
        ("iso2022_jp", "東京 kept\n\n".encode("iso2022_jp")),  # stateful: escapes switch the character set
        ("unicode_escape", b"\\u00e9 kept\n\n"),  # written back as \xe9
    ],
)
def test_kept_bytes_are_cut_from_the_original(tmp_path: Path, codec: str, kept: bytes) -> None:
    """With a codec that does not round-trip, only the removed bytes change: the rest is
    copied, and the report's byte offsets are offsets in the original."""
    path = tmp_path / "a.txt"
    data = kept + (SPLICED_BODY + "\n" + SPLICED_BODY).encode(codec)
    path.write_bytes(data)
    result = invoke(["clean", "-q", "-i", "--report", "-", "--encoding", codec, str(path)])
    assert result.exit_code == 0, result.stderr
    [removed] = json.loads(result.stdout)["files"][0]["removed"]
    start, end = removed["bytes"]["start"], removed["bytes"]["end"]
    assert path.read_bytes() == data[:start] + data[end:] == kept + SPLICED_BODY.encode(codec)


def test_a_codec_whose_kept_bytes_cannot_be_cut_out_is_refused(tmp_path: Path) -> None:
    """UTF-7's '+AGE-' is 'a', which the report would count as one byte: refused, whole."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"+AGE- kept\n\n" + (SPLICED_BODY + "\n" + SPLICED_BODY).encode("utf-7"))
    before = path.read_bytes()
    result = invoke(["clean", "-q", "-i", "--encoding", "utf-7", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"dedup: error: {path}: as utf-7, the repeats cannot be cut out of the original bytes "
        "(the codec does not write the kept text back as it was); nothing written\n"
    )
    assert path.read_bytes() == before


REPEATED = "A paragraph long enough to be removed when it comes back a second time.\n"


def _shard(path: Path) -> bytes:
    line = json.dumps({"id": "1", "text": REPEATED + "\n" + REPEATED}) + "\n"
    data = line.encode() + b'{"id": "2", "text": "other"}\n'
    path.write_bytes(data)
    return data


def test_in_place_shard_with_a_name_near_name_max(tmp_path: Path) -> None:
    """A JSONL shard is rewritten through the same atomic path as a text file."""
    shard = tmp_path / ("s" * 243 + ".jsonl")  # 249 bytes: '.NAME.dedup-tmp-...' would not fit
    before = _shard(shard)
    result = invoke(["clean", "-i", str(shard)])
    assert result.exit_code == 0, result.stderr
    after = shard.read_bytes()
    assert after != before and json.loads(after.splitlines()[0])["text"] == REPEATED
    assert sorted(p.name for p in tmp_path.iterdir()) == [shard.name]


def test_in_place_read_only_shard_is_refused_and_kept(tmp_path: Path) -> None:
    shard = tmp_path / "ro.jsonl"
    before = _shard(shard)
    shard.chmod(0o444)
    result = invoke(["clean", "-i", str(shard)])
    assert result.exit_code == 2
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
    assert shard.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ro.jsonl"]
