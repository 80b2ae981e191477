"""Bounded fuzzing with hypothesis: the splitter, the normaliser, the library and the
command line never crash, and keep their invariants, on hostile input.

Each target runs ~200 examples (``deadline=None``); hypothesis keeps failing examples
in its database, and any crash found becomes an ``@example`` / regression test here.
"""

from __future__ import annotations

import json
import os
import re
import string
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import regex
from conftest import QUIET_ENV, RUNNER
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import dedup
from dedup.cli import app, main
from dedup.text.layout import display_width, layout, split_lines
from dedup.text.normalize import normalize

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Everything, with line structure and the characters that tend to break splitters and
# normalisers over-represented.
TRICKY = (
    "\n\n\n\r\r\n \t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\u00a0\u3000\u200b\u200d\ufeff\x00"
    "\u0301\u0651\u0640\u0623\u0660\u0669\u06f5\u0966\uff11\u00bd\u2460"
    "\"'`´“”„‘’«»—–‐-\u2212\u00ad\u202e\u2066\u0345\u0130\u00df\ufb03\u1e9e\u03a3"
    "가漢ｶ\U0001f600\U0001f1eb\U0001f1f7\U0001d7d9\U000e0041"
)
TEXT = st.text(st.one_of(st.characters(), st.sampled_from(TRICKY), st.sampled_from(string.printable)), max_size=300)
TEXT_SURROGATES = st.text(
    st.one_of(st.characters(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), st.sampled_from(TRICKY)),
    max_size=200,
)
UNITS = st.sampled_from(["auto", "paragraph", "line"])
WIDTHS = st.integers(1, 200)


# --- the splitter ----------------------------------------------------------------------


@SETTINGS
@given(st.one_of(TEXT, TEXT_SURROGATES), UNITS, WIDTHS)
@example("", "auto", 1)
@example("\n", "line", 1)
@example("a\r\nb\rc\u2028d\n\n \n\x1c\ne", "auto", 1)
@example("|a\n|b\n%\n c", "line", 1)
@example("a\n .\nb\n\t.\r\n.\nc", "auto", 1)
def test_layout_partitions_the_text(text: str, unit: str, width: int) -> None:
    lay = layout(text, unit, width)
    lines = split_lines(text)
    assert "".join(lines) == text
    assert all(line.endswith("\n") for line in lines[:-1])
    assert all(line.count("\n") <= 1 for line in lines)
    assert lay.starts[0] == 0 and lay.starts[-1] == len(text) and len(lay.starts) == len(lines) + 1
    # a blank line separates blocks; so does a "%" line of plain text (fortune files) and
    # an indented "." line (the empty line of a Debian copyright field)
    assert list(map(bool, lay.blank)) == [
        line.strip() in ("", "%") or re.fullmatch(r"[^\S\n]+\.[^\S\n]*\n?", line) is not None for line in lines
    ]
    covered: list[int] = []
    previous_end = 0
    for p in lay.paragraphs:
        assert p.first < p.last and p.start == lay.starts[p.first] and p.end == lay.starts[p.last]
        assert p.start >= previous_end
        previous_end = p.end
        assert not any(lay.blank[p.first : p.last])  # a paragraph never spans a blank line
        if unit == "line":  # a line, or a table kept whole
            assert p.last == p.first + 1 or lay.kinds[lay.paragraphs.index(p)] == "table"
        covered.extend(range(p.first, p.last))
    # every non-blank line is in exactly one paragraph, blank lines in none
    assert covered == [i for i, b in enumerate(lay.blank) if not b]
    if unit == "paragraph":  # a paragraph is a whole block
        for p in lay.paragraphs:
            assert p.first == 0 or lay.blank[p.first - 1]
            assert p.last == len(lines) or lay.blank[p.last]


@SETTINGS
@given(st.one_of(TEXT, TEXT_SURROGATES))
def test_display_width_is_sane(line: str) -> None:
    width = display_width(line)
    assert 0 <= width <= 2 * len(line)


# --- the normaliser --------------------------------------------------------------------

_LEFT_OVER = regex.compile(r"(?V1)[\s\p{Cf}\p{Dash}\p{Quotation_Mark}\u0640\u0622\u0623\u0625\u0671--[\-\"']]")


@SETTINGS
@given(st.one_of(TEXT, TEXT_SURROGATES))
@example("١٢٣ ٠٠٧ 0 00 ۵")
@example("ﬃ ẞ İ ς Σ")
def test_normalize_never_fails_and_keeps_its_promises(raw: str) -> None:
    normal = normalize(raw)
    assert isinstance(normal.text, str) and isinstance(normal.numbers, tuple)
    # no (Unicode White_Space) whitespace, no format character, two quotes (' and "), one dash, no
    # tatweel and no alef forms left; (Python's str.isspace also counts U+001C..U+001F,
    # which the normal form keeps: see the report of issue 5)
    assert not _LEFT_OVER.search(normal.text), ascii(normal.text)
    # digits of every script are ASCII
    assert not any(unicodedata.category(c) == "Nd" and not c.isascii() for c in normal.text)
    for number in normal.numbers:
        assert number.isascii() and number.isdigit() and (number == "0" or not number.startswith("0"))
    # comparing forms of equal text gives equal forms
    assert normalize(raw) == normal


# --- the library -----------------------------------------------------------------------

THRESHOLDS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0.0, max_value=1e-3),
    st.sampled_from([0.5, 0.9, 1.0, 0.0, -0.5, 1.0000001, 2.0, float("nan"), float("inf"), float("-inf")]),
)
CONFIGS = st.fixed_dictionaries(
    {},
    optional={
        "threshold": THRESHOLDS,
        "min_chars": st.integers(-5, 80),
        "unit": st.one_of(UNITS, st.sampled_from(["", "Line", "words"])),
        "wrap_width": st.integers(-2, 150),
    },
)


def _document(pieces: list[str], picks: list[int], separators: list[str]) -> str:
    return "".join(pieces[k % len(pieces)] + separators[i % len(separators)] for i, k in enumerate(picks))


DOCUMENTS_NO_SURROGATES = st.one_of(
    TEXT,
    st.builds(
        _document,
        st.lists(st.text(st.characters(), max_size=60), min_size=1, max_size=5),
        st.lists(st.integers(0, 10), max_size=20),
        st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", " \n\t\n", "\u2028"]), min_size=1, max_size=3),
    ),
)
DOCUMENTS = st.one_of(
    DOCUMENTS_NO_SURROGATES,
    TEXT_SURROGATES,
)


@SETTINGS
@given(DOCUMENTS, CONFIGS)
def test_clean_never_fails_on_any_text_and_setting(text: str, options: dict[str, Any]) -> None:
    try:
        config = dedup.Config().with_options(**options)
    except dedup.ConfigError:
        return  # a bad setting is refused, with the library's own error
    result = dedup.clean(text, config)
    kept, position = [], 0
    for start, end in sorted((f.start, f.end) for f in result.findings):
        kept.append(text[position:start] if start > position else "")
        position = max(position, end)
    kept.append(text[position:])
    assert result.text == "".join(kept)
    assert dedup.clean(result.text, config).findings == ()


# --- the command line ------------------------------------------------------------------

ENV = {**QUIET_ENV, "COLUMNS": "80"}

VALUES = st.sampled_from(
    [
        "0",
        "1",
        "-1",
        "0.5",
        "0.9",
        "1.5",
        "nan",
        "inf",
        "",
        "x",
        "1e400",
        "1e-9",
        "5e-324",
        "40",
        "100",
        "999999999999999999999",
    ]
)
ENCODINGS = st.sampled_from(
    [
        "punycode",
        "undefined",
        "idna",
        "iso2022_jp",
        "unicode_escape",
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-be",
        "utf-32",
        "latin-1",
        "cp1252",
        "cp932",
        "shift_jis",
        "big5",
        "utf-7",
        "ascii",
        "rot13",
        "hex",
        "base64",
        "zlib",
        "bogus",
        "",
        "mbcs",
    ]
)


@st.composite
def argvs(draw: Any, paths: list[str]) -> list[str]:
    """An argument list built from dedup's real options, values good and bad."""
    command = draw(st.sampled_from(["clean", "check", "clean", "check", "explain", "bogus", "--version", "--help"]))
    argv: list[str] = [command]
    options = [
        ["-i"],
        ["--in-place"],
        ["--write"],
        ["--diff"],
        ["-q"],
        ["--quiet"],
        ["-v"],
        ["--verbose"],
        ["--threshold", draw(VALUES)],
        ["--min-chars", draw(VALUES)],
        ["--wrap-width", draw(VALUES)],
        ["--unit", draw(st.sampled_from(["auto", "paragraph", "line", "LINE", "x"]))],
        ["--encoding", draw(ENCODINGS)],
        ["--format", draw(st.sampled_from(["text", "json", "diff", "html"]))],
        ["--color", draw(st.sampled_from(["auto", "always", "never", "sometimes"]))],
        ["--report", draw(st.sampled_from(["-", paths[-1], paths[0]]))],
        [
            "--keep-pattern",
            draw(st.sampled_from(["council", "(?i)^the", "(", "[", "\\", "^$", "(a+)+$", "\\p{Arabic}", ""])),
        ],
        ["--scope", draw(st.sampled_from(["document", "corpus", "x"]))],
        ["-j", draw(st.sampled_from(["1", "0", "-1", "x"]))],
        ["--include", draw(st.sampled_from(["*.txt", "*.jsonl", "[", "**"]))],
        ["--exclude", draw(st.sampled_from(["*.txt", "f0*", "["]))],
        ["--text-key", draw(st.sampled_from(["text", "body", "", "id"]))],
        ["--id-key", draw(st.sampled_from(["id", "text", "", "nope"]))],
        ["--on-error", draw(st.sampled_from(["fail", "skip", "x"]))],
        ["--input-format", draw(st.sampled_from(["auto", "text", "jsonl", "x"]))],
        ["--near-duplicate-docs"],
        ["--drop-duplicate-docs"],
        ["--doc-threshold", draw(VALUES)],
        ["--config", draw(st.sampled_from(paths[-3:-1] + ["missing.toml"]))],
        ["--isolated"],
        ["--help"],
        ["--"],
        ["--unknown-option"],
        ["-x"],
    ]
    for option in draw(st.lists(st.sampled_from(options), max_size=6)):
        argv.extend(option)
    inputs = draw(st.lists(st.sampled_from(["-", *paths[:-3], "missing.txt"]), max_size=3))
    argv.extend(inputs)
    if any(os.path.isdir(p) for p in inputs):
        argv[1:1] = ["-j", "1"]  # a folder would start a process pool in this process
    return argv


JSONL_LINE = st.one_of(
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.text(max_size=5), DOCUMENTS),
    st.sampled_from(['{"id": 1, "text": 5}', '{"text": null}', "{}", "[]", "not json", '{"text": "a"', "", '"text"']),
)
STDIN = st.one_of(
    st.binary(max_size=400),
    DOCUMENTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b""]),
        st.binary(max_size=200),
    ),
    st.lists(JSONL_LINE, max_size=5).map(lambda ls: "\n".join(ls).encode("utf-8")),
)
CONFIG_FILES = st.sampled_from(
    [
        b"",
        b"\xff\xfe",  # not UTF-8 (test_settings_file_not_utf8_is_a_clean_error)
        b"threshold = 0.95\n",
        b"[tool.dedup]\nmin_chars = 10\n",
        b"threshold = 'x'\n",
        b"bogus = 1\n",
        b"keep_patterns = ['(']\n",
        b"keep_patterns = ['x+']\n",
        b"not toml [[[\n",
        b"unit = 'line'\nwrap_width = 0\n",
    ]
)


def _files(folder: Path, contents: list[bytes], shard: bytes = b"", config: bytes = b"") -> list[str]:
    """Files to name on the command line: text files, a JSONL shard, a sub-folder; then
    two settings files and a place for --report (the last three)."""
    paths = []
    for i, data in enumerate(contents):
        path = folder / f"f{i}.txt"
        path.write_bytes(data)
        paths.append(str(path))
    (folder / "part.jsonl").write_bytes(shard)
    (folder / "sub").mkdir()
    (folder / "sub" / "g.txt").write_bytes(contents[0])
    paths += [str(folder / "part.jsonl"), str(folder / "sub")]
    (folder / "dedup.toml").write_bytes(config)
    (folder / "pyproject.toml").write_bytes(b"[tool.dedup]\n" + config)
    paths += [str(folder / "dedup.toml"), str(folder / "pyproject.toml")]
    paths.append(str(folder / "report.out"))  # a place for --report
    return paths


FILES = st.tuples(st.lists(STDIN, min_size=1, max_size=2), STDIN, CONFIG_FILES)


@SETTINGS
@given(st.data(), STDIN, FILES)
def test_cli_never_shows_a_traceback(data: Any, stdin: bytes, files: tuple[list[bytes], bytes, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = _files(Path(folder), *files)
        argv = data.draw(argvs(paths))
        result = RUNNER.invoke(app, argv, input=stdin, env=ENV)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"dedup {argv} raised {result.exception!r}") from result.exception
        assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (argv, result.stderr)
        leftovers = [n for _, _, names in os.walk(folder) for n in names if ".dedup-tmp-" in n]
        assert not leftovers, (argv, leftovers)


@SETTINGS
@given(st.data(), STDIN, FILES)
def test_cli_entry_point_never_crashes(data: Any, stdin: bytes, files: tuple[list[bytes], bytes, bytes]) -> None:
    """The same through ``dedup.cli.main``, the console script's entry point, which turns
    any unexpected exception into ``dedup: internal error: ...`` and exit 2: the fuzzer
    must not find one."""
    with tempfile.TemporaryDirectory() as folder:
        paths = _files(Path(folder), *files)
        argv = data.draw(argvs(paths))
        with RUNNER.isolation(input=stdin, env=ENV) as (_out, err, _mixed):
            code = main(argv)
            sys.stderr.flush()  # the runner's stream is buffered
            stderr = err.getvalue().decode("utf-8", "replace")
        assert code in (0, 1, 2), (argv, code, stderr)
        assert "Traceback" not in stderr and "internal error" not in stderr, (argv, stderr)


# --- regressions the fuzzer found (the fixed ones stay as plain tests) -------------------


def _within(seconds: int, call: Any) -> Any:
    """``call()``, failing (not hanging) if it takes longer than ``seconds``."""
    import signal

    def expired(*_: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        return call()
    except TimeoutError:
        raise AssertionError(f"still running after {seconds} s") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# typos only, the word rule lets it match (and long enough to go alone: sections.LONE_SLIP)
PAIR = (
    "The council approved the new budget for the harbour and the ferry on Tuesday evening.\n\n"
    "The council aproved teh new budget for the harbour and the ferry on Tuesday evening!\n"
)


@pytest.mark.skipif(os.name != "posix", reason="uses SIGALRM")
def test_small_threshold_does_not_hang() -> None:
    # found by test_clean_never_fails_on_any_text_and_setting: it used to hang
    # (ChunkIndex's longest partner, now match.longest_partner, counted down from length/threshold one by one)
    result = _within(10, lambda: dedup.clean(PAIR, threshold=1e-6, min_chars=0))
    assert result.findings  # at 1e-6 everything with the same numbers matches


def test_denormal_threshold_is_refused_or_works() -> None:
    # it used to raise OverflowError (length/threshold is infinite): 'internal error'
    try:
        dedup.clean(PAIR, threshold=5e-324)
    except dedup.ConfigError:
        pass
    except Exception as error:
        raise AssertionError(f"{type(error).__name__}: {error}") from None
    result = RUNNER.invoke(app, ["check", "--threshold", "5e-324", "-"], input=PAIR.encode(), env=ENV)
    assert "internal error" not in result.stderr and result.exit_code in (0, 1, 2), result.stderr


def test_invalid_keep_pattern_is_a_usage_error() -> None:
    # found by test_cli_never_shows_a_traceback: it used to end in 'internal error'
    result = RUNNER.invoke(app, ["clean", "--keep-pattern", "(", "-"], input=b"some text\n", env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("dedup: error: --keep-pattern '(' is not a valid regular expression")


def test_settings_file_not_utf8_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "dedup.toml").write_bytes(b"threshold = 0.9\n# caf\xe9\n")
    doc = tmp_path / "doc.txt"
    doc.write_text("some text\n")
    result = RUNNER.invoke(app, ["check", str(doc)], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dedup: error: {tmp_path / 'dedup.toml'}: ")
