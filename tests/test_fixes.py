"""The opt-in cleaning passes of ``dedup.text.fixes``: a table per pass, the records
they give, parsing, the example corpus in ``examples/fixes``, and properties
(idempotence, untouched lines, spans that rebuild the output, composition with dedup)."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import dedup
from dedup.errors import ConfigError
from dedup.text.fixes import (
    CHOICES,
    PASSES,
    FixChange,
    FixedResult,
    FixResult,
    FixSpec,
    FixSummary,
    apply_fixes,
    parse_fix,
    parse_fixes,
    summarize,
)
from dedup.text.fixes_dedup import clean_and_fix
from dedup.text.fixes_passes import INVISIBLE, lines
from dedup.text.layout import split_lines

try:
    import ftfy  # noqa: F401

    HAVE_FTFY = True
except ImportError:
    HAVE_FTFY = False
needs_ftfy = pytest.mark.skipif(not HAVE_FTFY, reason="the unicode pass needs ftfy (pip install ftfy)")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "fixes"

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

def NFD(text: str) -> str:
    return unicodedata.normalize("NFD", text)

# --------------------------------------------------------------------------- tables

# (fixes, input, expected)
TABLE: dict[str, list[tuple[str, str]]] = {
    "unicode": [
        ("caf\u00c3\u00a9 cr\u00c3\u00a8me\n", "café crème\n"),
        ("l’été “quoted” ﬁne ＡＢ &amp;\n", "l’été “quoted” ﬁne ＡＢ &amp;\n"),  # only mojibake
        ("مرحبا بالعالم".encode().decode("cp1252", "replace") + "\r\n", "مرحبا بالعالم\r\n"),
        ("日本語のテキスト".encode().decode("latin-1") + "\n", "日本語のテキスト\n"),
        ("Привет, мир".encode().decode("cp1251") + "\n", "Привет, мир\n"),
        ("שלום עולם\nمرحبا بالعالم\n中文，句子。", "שלום עולם\nمرحبا بالعالم\n中文，句子。"),
        ("na\u00c3\u00afve", "naïve"),  # no final newline
        ("ok\r\nna\u00c3\u00afve\r\n", "ok\r\nnaïve\r\n"),  # CRLF kept
        ("price 5\x80 net\n", "price 5€ net\n"),  # C1 control from windows-1252
        ("\u200bplain ascii \x07\n", "\u200bplain ascii \x07\n"),  # not its business
    ],
    "invisible": [
        ("zero\u200bwidth soft\u00adhyphen\n", "zerowidth softhyphen\n"),
        ("bell\x07 nul\x00 esc\x1b[0m del\x7f nel\x85\n", "bell nul esc[0m del nel\n"),
        ("\ufeffkeep the first BOM\n\ufeffnot this one\n", "\ufeffkeep the first BOM\nnot this one\n"),
        ("tab\tand\rcr and\r\ncrlf stay\n", "tab\tand\rcr and\r\ncrlf stay\n"),
        ("می\u200cخواهم\n", "می\u200cخواهم\n"),  # Persian ZWNJ is spelling
        ("👨\u200d👩\u200d👧 family\n", "👨\u200d👩\u200d👧 family\n"),  # ZWJ sequence
        ("\u200fשלום\u200e abc \u2067عربي\u2069\n", "\u200fשלום\u200e abc \u2067عربي\u2069\n"),  # bidi
        ("العربية\u200b والعبرية\u2060 עברית\n", "العربية والعبرية עברית\n"),
        ("中文\u200b字符\x0c", "中文字符"),  # no final newline
        ("word\u2062joiner\ufffbx\n", "wordjoinerx\n"),
    ],
    "nfc": [
        (NFD("café crème\n"), "café crème\n"),
        ("already café\n" + NFD("but not é here\n"), "already café\nbut not é here\n"),
        (NFD("Tiếng Việt có dấu\r\n"), "Tiếng Việt có dấu\r\n"),
        ("\u1112\u1161\u11ab\u1100\u1173\u11af", "한글"),  # conjoining jamo, no final newline
        ("مَرْحَبًا\nשָׁלוֹם\n", "مَرْحَبًا\nשָׁלוֹם\n"),  # already NFC
        ("\u0627\u0653 \u0648\u0654\n", "\u0622 \u0624\n"),  # Arabic madda/hamza compose
        ("ﬁ ＡＢ ①\n", "ﬁ ＡＢ ①\n"),  # compatibility characters stay in NFC
        ("a\u0328\u0301 a\u0301\u0328\n", "\u0105\u0301 \u0105\u0301\n"),  # mark order
    ],
    "nfkc": [
        ("ﬁne ＡＢＣ１２３ ①\n", "fine ABC123 1\n"),
        ("ｶﾀｶﾅ ｶﾞ\n", "カタカナ ガ\n"),
        ("\ufefb \ufe8d\ufedf\n", "\u0644\u0627 \u0627\u0644\n"),  # Arabic presentation forms
        ("中文，句子！\r\n", "中文,句子!\r\n"),  # fullwidth punctuation folds: that is NFKC
        ("日本語の文章。", "日本語の文章。"),
        (NFD("café\n"), "café\n"),
        ("x\u00a0y\u3000z\n", "x y z\n"),
    ],
    "trailing-space": [
        ("a  \nb\t\t\nc \t \n", "a\nb\nc\n"),
        ("keep  inner  spaces\n", "keep  inner  spaces\n"),
        ("crlf \t\r\nline\r\n", "crlf\r\nline\r\n"),
        ("last line ", "last line"),  # no final newline
        ("مرحبا \nשלום\t\n中文  \n", "مرحبا\nשלום\n中文\n"),
        ("   \n\t\n", "\n\n"),
        ("nbsp\u00a0\nideographic\u3000\n", "nbsp\u00a0\nideographic\u3000\n"),  # spaces and tabs only
        ("cr cr \r\r\n", "cr cr\r\r\n"),
        ("lone cr \r", "lone cr \r"),  # \r alone is content, not an ending
    ],
    "blank-lines": [
        ("\n\n  \na\n\n\n\nb\n\n\n", "a\n\nb\n"),
        ("a\n \t \n\n\nb", "a\n \t \nb"),  # the first blank line of a run stays as it was
        ("a\r\n\r\n\r\n\r\nb\r\n\r\n", "a\r\n\r\nb\r\n"),
        ("a\n\n  ", "a\n"),  # only whole blank lines go
        ("مرحبا\n\n\n\nשלום\n\n\n中文\n", "مرحبا\n\nשלום\n\n中文\n"),
        ("\ufeff\n\nbom stays\n", "\ufeffbom stays\n"),
        ("\n \n\t\n", ""),
        ("no blank lines\nat all", "no blank lines\nat all"),
        ("a\n\u3000\n\u00a0\nb\n", "a\n\u3000\nb\n"),  # Unicode spaces are blank too
    ],
    "line-endings=lf": [
        ("a\r\nb\r\nc", "a\nb\nc"),
        ("a\nb\r\nc\r\r\n", "a\nb\nc\n"),
        ("lone\rcr\r\n", "lone\rcr\n"),
        ("مرحبا\r\nשלום\r\n中文\r\n", "مرحبا\nשלום\n中文\n"),
        ("already\nlf\n", "already\nlf\n"),
    ],
    "line-endings=crlf": [
        ("a\nb\nc", "a\r\nb\r\nc"),
        ("a\r\nb\nc\r\r\n", "a\r\nb\r\nc\r\n"),
        ("lone\rcr\n", "lone\rcr\r\n"),
        ("مرحبا\nשלום\n中文\n", "مرحبا\r\nשלום\r\n中文\r\n"),
        ("\n\n", "\r\n\r\n"),
    ],
    "empty-docs": [
        ("  \n\t\n", "  \n\t\n"),  # a flag only: the text stays
        ("text\n", "text\n"),
    ],
}

TABLE_CASES = [
    pytest.param(fix, before, after, id=f"{fix}-{i}", marks=[needs_ftfy] if fix == "unicode" else [])
    for fix, rows in TABLE.items()
    for i, (before, after) in enumerate(rows)
]


def rebuild(text: str, changes: Sequence[FixChange]) -> str:
    """Replace every change's span; checks they are sorted, disjoint and self-consistent."""
    parts, pos = [], 0
    for c in changes:
        assert pos <= c.start <= c.end <= len(text), (pos, c)
        assert c.removed == c.end - c.start and c.added == len(c.replacement)
        assert c.fix in c.fixes and list(c.fixes) == sorted(set(c.fixes), key=PASSES.index)
        assert text[c.start : c.end] != c.replacement
        parts += [text[pos : c.start], c.replacement]
        pos = c.end
    return "".join(parts) + text[pos:]


def line_of(text: str, pos: int) -> int:
    """1-based line holding offset ``pos`` (the last line for the end of the text)."""
    count = max(len(split_lines(text)), 1)
    return min(text.count("\n", 0, pos) + 1, count)


def check_result(text: str, result: FixResult) -> None:
    assert rebuild(text, result.changes) == result.text
    for c in result.changes:
        assert c.line_start == line_of(text, c.start)
        assert c.line_end == line_of(text, max(c.start, c.end - 1))


@pytest.mark.parametrize(("fix", "before", "after"), TABLE_CASES)
def test_table(fix: str, before: str, after: str) -> None:
    result = apply_fixes(before, [fix])
    assert result.text == after
    check_result(before, result)
    assert bool(result.changes) == (before != after)
    assert apply_fixes(after, [fix]).changes == ()
    for start, content_end, end in lines(before):  # only lines with a reason are touched
        touched = any(c.start < end and start < max(c.end, c.start + 1) for c in result.changes)
        assert not touched or has_reason(fix, before, start, content_end, end), before[start:end]


# ------------------------------------------------------------------ what a reason is


def has_reason(fix: str, text: str, start: int, content_end: int, end: int) -> bool:
    """Whether ``fix`` (applied alone) has a reason to change this line of ``text``."""
    line, content, ending = text[start:end], text[start:content_end], text[content_end:end]
    if fix == "unicode":
        import ftfy

        from dedup.text.fixes_passes import FTFY_CONFIG

        return bool(ftfy.fix_text(content, ftfy.TextFixerConfig(**FTFY_CONFIG)) != content)
    if fix == "invisible":
        return INVISIBLE.search(text, max(start, 1 if text.startswith("\ufeff") else 0), end) is not None
    if fix == "nfc":
        return not unicodedata.is_normalized("NFC", content)
    if fix == "nfkc":
        return not unicodedata.is_normalized("NFKC", content)
    if fix == "trailing-space":
        return content.endswith((" ", "\t"))
    if fix == "blank-lines":
        return not line.replace("\ufeff", "").strip()
    if fix == "line-endings=lf":
        return "\r" in ending
    if fix == "line-endings=crlf":
        return ending not in ("", "\r\n")
    return False


# ------------------------------------------------------------------------ records


def test_change_records() -> None:
    text = "caf" + NFD("é") + " \u00a0 \r\n\r\n\r\n\u200bend\r\n"
    result = apply_fixes(text, ["line-endings=lf", "blank-lines", "trailing-space", "nfkc", "invisible"])
    assert result.text == "café\n\nend\n"
    got = [(c.fix, c.fixes, c.line_start, c.line_end, c.start, c.end, c.replacement) for c in result.changes]
    assert got == [
        ("nfkc", ("nfkc",), 1, 1, 3, 5, "é"),
        ("trailing-space", ("nfkc", "trailing-space"), 1, 1, 5, 8, ""),  # NBSP became a space
        ("line-endings", ("line-endings",), 1, 1, 8, 9, ""),
        ("line-endings", ("line-endings",), 2, 2, 10, 11, ""),
        ("blank-lines", ("blank-lines",), 3, 3, 12, 14, ""),
        ("invisible", ("invisible",), 4, 4, 14, 15, ""),
        ("line-endings", ("line-endings",), 4, 4, 18, 19, ""),
    ]
    check_result(text, result)
    assert summarize(result.changes) == (
        FixSummary("invisible", 1, 1, 1, 0),
        FixSummary("nfkc", 1, 1, 2, 1),
        FixSummary("trailing-space", 1, 1, 3, 0),
        FixSummary("blank-lines", 1, 1, 2, 0),
        FixSummary("line-endings", 3, 3, 3, 0),
    )


def test_blank_lines_swallow_earlier_edits() -> None:
    text = "a\n  \n\t\u200b\nb\n"
    result = apply_fixes(text, ["trailing-space", "invisible", "blank-lines"])
    assert result.text == "a\n\nb\n"
    assert [(c.fix, c.fixes, c.start, c.end) for c in result.changes] == [
        ("trailing-space", ("trailing-space",), 2, 4),
        ("blank-lines", ("invisible", "trailing-space", "blank-lines"), 5, 8),
    ]


def test_crlf_insertion_next_to_a_deletion() -> None:
    result = apply_fixes("a  \nb\n", ["line-endings=crlf", "trailing-space"])
    assert result.text == "a\r\nb\r\n"
    assert [(c.fix, c.start, c.end, c.replacement, c.line_start) for c in result.changes] == [
        ("trailing-space", 1, 3, "", 1),
        ("line-endings", 3, 3, "\r", 1),
        ("line-endings", 5, 5, "\r", 2),
    ]


def test_order_given_does_not_matter() -> None:
    text = NFD("é") + "\u200b  \n\n\n" + "x\r\n"
    names = ["invisible", "nfc", "trailing-space", "blank-lines", "line-endings=lf", "empty-docs"]
    rng = random.Random(7)
    expected = apply_fixes(text, names)
    for _ in range(10):
        rng.shuffle(names)
        assert apply_fixes(text, names) == expected


@pytest.mark.parametrize(
    ("text", "fixes", "empty"),
    [
        ("", ["empty-docs"], True),
        ("  \n\t\r\n", ["empty-docs"], True),
        ("\ufeff\n", ["empty-docs"], True),
        ("\u200b\n", ["empty-docs"], False),  # a ZWSP is not whitespace ...
        ("\u200b\n", ["empty-docs", "invisible"], True),  # ... unless invisible removes it
        ("x\n", ["empty-docs"], False),
        ("  \n", ["trailing-space"], False),  # not asked for: never set
        ("\n\n  \n", ["blank-lines", "empty-docs"], True),
    ],
)
def test_empty_docs(text: str, fixes: list[str], empty: bool) -> None:
    result = apply_fixes(text, fixes)
    assert result.empty is empty
    if fixes == ["empty-docs"]:
        assert result.text == text and result.changes == ()


def test_result_shape() -> None:
    result = apply_fixes("a \n", [FixSpec("trailing-space")])
    assert result.changed and not apply_fixes("a\n", []).changed
    assert apply_fixes("abc", []) == FixResult("abc", (), False)


# ------------------------------------------------------------------------ parsing


def test_parse_fix() -> None:
    assert parse_fix("nfc") == FixSpec("nfc")
    assert parse_fix(" line-endings = crlf ") == FixSpec("line-endings", "crlf")
    assert str(FixSpec("line-endings", "lf")) == "line-endings=lf"
    assert [str(parse_fix(choice)) for choice in CHOICES] == list(CHOICES)
    assert len(CHOICES) == len(PASSES) + 1


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nfd", "unknown fix 'nfd' (did you mean 'nfc'?); choose from unicode, invisible,"),
        ("trailing_space", "did you mean 'trailing-space'?"),
        ("", "unknown fix ''; choose from"),
        ("zzz", "unknown fix 'zzz'; choose from"),
        ("line-endings", "fix line-endings needs a value: line-endings=lf or line-endings=crlf"),
        ("line-endings=cr", "line-endings=lf or line-endings=crlf, got 'cr'"),
        ("nfc=yes", "fix nfc takes no value, got 'nfc=yes'"),
    ],
)
def test_parse_fix_errors(spec: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_fix(spec)
    assert message in str(info.value)
    assert isinstance(info.value, dedup.DedupError)


def test_parse_fixes() -> None:
    assert parse_fixes(["empty-docs,trailing-space", "nfc", "nfc", FixSpec("unicode")]) == (
        FixSpec("unicode"),
        FixSpec("nfc"),
        FixSpec("trailing-space"),
        FixSpec("empty-docs"),
    )
    assert parse_fixes([]) == ()
    with pytest.raises(ConfigError, match="conflicting fixes: line-endings=lf and line-endings=crlf"):
        parse_fixes(["line-endings=lf", "line-endings=crlf"])
    with pytest.raises(ConfigError, match="unknown fix"):
        apply_fixes("x", ["bogus"])
    with pytest.raises(ConfigError, match="unknown fix 'bogus'"):
        parse_fixes([FixSpec("bogus")])


def test_import_is_lazy() -> None:
    import subprocess

    code = "import dedup, dedup.text.fixes, sys; print('ftfy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------- example corpus


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_dedup_make_fix_examples", EXAMPLES / "make_fix_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def _example_cases() -> list[Any]:
    return [
        pytest.param(path, id=path.name.removesuffix(".fixes.json"))
        for path in sorted(EXAMPLES.glob("*.fixes.json"))
    ]


@pytest.mark.parametrize("path", _example_cases())
def test_fix_example(path: Path) -> None:
    stem = path.name.removesuffix(".fixes.json")
    options = json.loads(path.read_text(encoding="utf-8"))
    if "unicode" in options["fixes"] and not HAVE_FTFY:
        pytest.skip("the unicode pass needs ftfy")
    before = (EXAMPLES / f"{stem}.txt").read_bytes().decode("utf-8")
    after = (EXAMPLES / f"{stem}.expected.txt").read_bytes().decode("utf-8")
    if options["dedup"]:
        fixed = clean_and_fix(before, options["fixes"])
        assert fixed.text == after and fixed.findings
        assert fixed.empty is options["empty"]
        check_fixed(before, fixed)
        assert not clean_and_fix(after, options["fixes"]).changed
        return
    result = apply_fixes(before, options["fixes"])
    assert result.text == after
    assert result.empty is options["empty"]
    check_result(before, result)
    assert apply_fixes(after, options["fixes"]).changes == ()


def test_fix_examples_cover_every_choice_and_are_listed() -> None:
    used = {f for path in EXAMPLES.glob("*.fixes.json") for f in json.loads(path.read_text())["fixes"]}
    assert set(CHOICES) <= used
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    stems = [p.name.removesuffix(".fixes.json") for p in EXAMPLES.glob("*.fixes.json")]
    assert stems and all(f"`{stem}`" in readme for stem in stems)


def test_make_fix_examples_regenerates_identical_files(tmp_path: Path) -> None:
    written = _load_generator().generate(tmp_path)
    assert written
    on_disk = {p.name for p in EXAMPLES.iterdir() if p.name.endswith((".txt", ".json"))}
    assert {p.name for p in tmp_path.iterdir()} == on_disk
    for name in sorted(on_disk):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name


# --------------------------------------------------------------------- properties

CHUNKS = [
    "a", "b", "word", "The cat sat. ", "x", " ", "  ", "\t", "\n", "\n", "\n", "\r\n", "\r", "\r\r\n",
    "\u00a0", "\u3000", "\u2028", "\x0c", "\x00", "\x07", "\x85", "\x9d", "\u200b", "\u200c", "\u200d",
    "\u00ad", "\u2060", "\ufeff", "\u200f", "\u202e", "e\u0301", "\u0301", "\u0328", "é", "ﬁ", "Ａ", "①",
    "ｶﾞ", "\u1100", "\u1161", "\u11a8", "한", "مرحبا", "\u064e", "\u0651", "\u0640", "\u0627\u0653",
    "\ufefb", "שָׁלוֹם", "中文", "，", "。", "日本語", "😀", "👨\u200d👩", "Ã©", "Ã", "©", "â€", "™", "Ã¯",
    "Ù…", "Ø±", "æ—¥", "Ð¿", "\u00c3\u00a9\u00c3", "1", "٢",
]
texts = st.one_of(
    st.lists(st.sampled_from(CHUNKS), max_size=40).map("".join),
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from(" \t\n\r\u3000a\u0301é\ufeff\u200b"), max_size=40),
)
SINGLE = [c for c in CHOICES if c != "unicode" or HAVE_FTFY]
ALL_LF = [c for c in SINGLE if c != "line-endings=crlf"]
ALL_CRLF = [c for c in SINGLE if c != "line-endings=lf"]


@SETTINGS
@given(text=texts, fix=st.sampled_from(SINGLE))
@example(text="e\u200b\u0301", fix="invisible")
@example(text="\n\ufeff\n", fix="blank-lines")
def test_each_pass_is_idempotent_and_touches_only_lines_with_a_reason(text: str, fix: str) -> None:
    result = apply_fixes(text, [fix])
    check_result(text, result)
    assert apply_fixes(result.text, [fix]).changes == ()
    for c in result.changes:  # a change lies in lines the pass had a reason to change
        for start, content_end, end in lines(text):
            if c.start < end and start < max(c.end, c.start + 1):
                assert has_reason(fix, text, start, content_end, end), (c, text[start:end])
    if fix != "blank-lines":  # line-local: same lines, and lines without a reason byte-identical
        before, after = split_lines(text), split_lines(result.text)
        if len(after) == len(before) - 1:  # the last line, without a newline, became empty
            after.append("")
        assert len(before) == len(after)
        for (start, content_end, end), new in zip(lines(text), after):
            if not has_reason(fix, text, start, content_end, end):
                assert new == text[start:end]
    else:  # blank-lines deletes whole blank lines only
        def content(doc: str) -> list[str]:
            return [ln.replace("\ufeff", "") for ln in split_lines(doc) if ln.replace("\ufeff", "").strip()]

        assert content(result.text) == content(text)
        assert result.text.startswith("\ufeff") >= text.startswith("\ufeff")


@SETTINGS
@given(text=texts, crlf=st.booleans(), data=st.data())
@example(text="e\u200b\u0301  \r\r\n\n", crlf=False, data=None)
@example(text="\u00c3\x81\u00a9\n", crlf=False, data=None)
@example(text="\x85\u00c3\u00af\x85", crlf=False, data=None)  # two nfkc edits in one unicode edit
def test_all_passes_together(text: str, crlf: bool, data: Any) -> None:
    names = ALL_CRLF if crlf else ALL_LF
    if data is not None:
        names = data.draw(st.lists(st.sampled_from(names), unique=True), label="fixes")
    result = apply_fixes(text, names)
    check_result(text, result)
    again = apply_fixes(result.text, names)
    assert again.changes == () and again.text == result.text
    if "line-endings=lf" in names:
        assert "\r\n" not in result.text
    if "trailing-space" in names:
        assert all(not content.endswith((" ", "\t")) for content in _contents(result.text))
    if "empty-docs" in names:
        assert result.empty == (not result.text.replace("\ufeff", "").strip())


def _contents(text: str) -> list[str]:
    return [text[s:ce] for s, ce, _ in lines(text)]


PARAGRAPHS = [
    "The council approved the new budget of 12 million on Tuesday evening.\n",
    "The council approved the new budget of 12 million on Tuesday evening.  \n",
    "Residents said the water was back on by noon, after 3 days without it.  \n",
    NFD("Le café crème de la résidence était fermé à 18 h.\n"),
    "Le caf\u00c3\u00a9 cr\u00c3\u00a8me de la r\u00c3\u00a9sidence \u00c3\u00a9tait ferm\u00c3\u00a9 \u00c3\u00a0 18 h.\n",
    "أعلنت الحكومة عن خطة جديدة للتعليم في عام ٢٠٢٤\u200b\r\n",
    "東京都は新しい計画を発表しました。予算は１２億円です。\n",
    "x" * 110 + "\n",
    "Short\n",
    "\n",
    "\n",
    "  \n",
    "\u00a0\n",
    "\u200b\n",
]
PIPELINE = ALL_LF


def _merged(findings: Sequence[dedup.Finding]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], f.end))
        else:
            out.append((f.start, f.end))
    return out


def check_fixed(source: str, result: FixedResult) -> None:
    """Findings and changes are in ``source``'s coordinates, disjoint, and rebuild the text."""
    spans = sorted(
        [(start, end, "", None) for start, end in _merged(result.findings)]
        + [(c.start, c.end, c.replacement, c) for c in result.changes],
        key=lambda s: (s[0], s[1]),
    )
    out, pos = [], 0
    for start, end, rep, c in spans:
        assert pos <= start <= end, spans
        out += [source[pos:start], rep]
        pos = end
        if c is not None:
            assert (c.line_start, c.line_end) == (line_of(source, start), line_of(source, max(start, end - 1)))
            assert c.removed == end - start and c.added == len(rep) and source[start:end] != rep
    assert "".join(out) + source[pos:] == result.text
    for f in result.findings:
        assert line_of(source, f.start) <= f.line_start <= f.line_end <= line_of(source, f.end - 1)
        assert f.source_line_start == line_of(source, f.source_start)
        assert f.source_line_end == line_of(source, f.source_end - 1)
        assert f.source_end <= f.start


@SETTINGS
@given(
    parts=st.lists(st.sampled_from(PARAGRAPHS), max_size=14),
    tail=st.sampled_from(["", "\n", "end without newline", "\n\n"]),
    names=st.lists(st.sampled_from(PIPELINE), unique=True),
)
def test_clean_and_fix(parts: list[str], tail: str, names: list[str]) -> None:
    source = "".join(parts) + tail
    result = clean_and_fix(source, names)
    check_fixed(source, result)
    first = apply_fixes(source, names)
    cleaned = dedup.clean(first.text)
    tidy = [n for n in names if n in ("blank-lines", "empty-docs")]
    assert result.text == apply_fixes(cleaned.text, tidy).text
    assert len(result.findings) == len(cleaned.findings)
    assert result.empty == ("empty-docs" in names and not result.text.replace("\ufeff", "").strip())
    again = clean_and_fix(result.text, names)  # the whole is idempotent
    assert again.text == result.text and again.findings == () and again.changes == ()
    if not names:
        assert result.findings == dedup.clean(source).findings and result.changes == ()


def test_clean_and_fix_example() -> None:
    body = "The council approved the new budget on Tuesday evening."
    source = f"{body}  \r\n\r\n\r\n\r\n{NFD('Café')}.\u200b\r\n\r\n{body}\r\n\r\n\r\n"
    result = clean_and_fix(source, ["trailing-space", "nfc", "invisible", "blank-lines", "line-endings=lf"])
    assert result.text == f"{body}\n\nCafé.\n"
    check_fixed(source, result)
    (finding,) = result.findings
    assert (finding.line_start, finding.line_end, finding.source_line_start) == (7, 7, 1)
    assert source[finding.start : finding.end] == f"\r\n{body}\r\n"  # the blank line in front goes too
    got = [(c.fix, c.fixes, c.line_start, c.line_end, source[c.start : c.end], c.replacement) for c in result.changes]
    assert got == [
        ("trailing-space", ("trailing-space",), 1, 1, "  ", ""),
        ("line-endings", ("line-endings",), 1, 1, "\r", ""),
        ("line-endings", ("line-endings",), 2, 2, "\r", ""),
        ("blank-lines", ("blank-lines",), 3, 4, "\r\n\r\n", ""),
        ("nfc", ("nfc",), 5, 5, "e\u0301", "é"),
        ("invisible", ("invisible",), 5, 5, "\u200b", ""),
        ("line-endings", ("line-endings",), 5, 5, "\r", ""),
        ("blank-lines", ("blank-lines",), 8, 9, "\r\n\r\n", ""),
    ]


@needs_ftfy
def test_clean_and_fix_finds_a_repaired_copy() -> None:
    body = "Городской совет утвердил новый бюджет во вторник вечером."
    broken = body.encode().decode("cp1251")  # UTF-8 read as Windows-1251
    source = f"{body}\n\nИсточник: Вечерние новости\n\n{broken}\n"
    assert dedup.clean(source).findings == ()  # dedup alone cannot see it
    result = clean_and_fix(source, ["unicode"])
    assert result.text == f"{body}\n\nИсточник: Вечерние новости\n"
    check_fixed(source, result)
    assert [(f.line_start, f.source_line_start) for f in result.findings] == [(5, 1)]
    assert result.changes == ()  # the repaired line went with the copy


def test_clean_and_fix_tidies_what_dedup_leaves() -> None:
    long = "x" * 120
    source = f"{long}\n\u200b\n{long}\n{long}\n"
    assert dedup.clean(source.replace("\u200b", "")).text == f"{long}\n\n"  # dedup's debris
    result = clean_and_fix(source, ["invisible", "blank-lines"])
    assert result.text == f"{long}\n"
    check_fixed(source, result)
    assert [(c.fix, c.fixes, c.line_start) for c in result.changes] == [("blank-lines", ("invisible", "blank-lines"), 2)]
    assert clean_and_fix(result.text, ["invisible", "blank-lines"]).changed is False


@st.composite
def edit_rounds(draw: Any) -> tuple[str, list[tuple[str, list[tuple[int, int, str]]]]]:
    """A text and passes of random edits, each pass on the text the previous ones left."""
    from dedup.text.fixes_compose import apply_edits as _apply

    text = draw(st.text(alphabet="ab\n", max_size=20))
    current, rounds = text, []
    for _ in range(draw(st.integers(1, 4))):
        fix = draw(st.sampled_from(["unicode", "nfc", "trailing-space", "blank-lines", "line-endings"]))
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=6)))
        edits: list[tuple[int, int, str]] = []
        for start, end in zip(cuts[::2], cuts[1::2]):
            if edits and start == edits[-1][1] and edits[-1][0] == edits[-1][1] == start:
                continue
            rep = draw(st.text(alphabet="xyz\n", max_size=3))
            if current[start:end] != rep:
                edits.append((start, end, rep))
        rounds.append((fix, edits))
        current = _apply(current, edits)
    return text, rounds


@SETTINGS
@given(edit_rounds())
def test_composing_any_edits_keeps_spans_exact(case: tuple[str, list[tuple[str, list[tuple[int, int, str]]]]]) -> None:
    from dedup.text.fixes_compose import Net as _Net
    from dedup.text.fixes_compose import apply_edits as _apply
    from dedup.text.fixes_compose import compose as _compose

    text, rounds = case
    net: list[_Net] = []
    current = text
    for fix, edits in rounds:
        net = _compose(net, edits, current, text, fix)
        current = _apply(current, edits)
    pos = 0
    for e in net:
        assert pos <= e.start <= e.end and e.fix in e.fixes
        assert text[e.start : e.end] != e.out
        pos = e.end
    assert _apply(text, [(e.start, e.end, e.out) for e in net]) == current


def test_unicode_without_ftfy_is_a_config_error() -> None:
    import subprocess

    code = (
        "import sys; sys.modules['ftfy'] = None\n"
        "from dedup.text.fixes import apply_fixes\n"
        "from dedup.errors import ConfigError\n"
        "assert apply_fixes('a \\n', ['trailing-space']).text == 'a\\n'\n"
        "try:\n"
        "    apply_fixes('caf\\u00c3\\u00a9', ['unicode'])\n"
        "except ConfigError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("fix unicode needs the ftfy package (pip install ftfy)")
