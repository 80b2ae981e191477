"""The compiled core's layout of plain text is the Python reference's, exactly.

:func:`dedup.text.layout.layout` hands plain text (syntax ``text`` or ``auto``) to the
core; :func:`dedup.text.layout.python_layout` is the reference. They are compared on
documents hypothesis builds from lines of the shapes the structure rules look at
(tables, rules, columns, underlines, bullets, numbers, continuations, ``%`` and `` .``
lines, wide text ending sentences), in every unit and at several wrap widths; the width
functions on every code point; the scanners of the structure rules on every code point
that one of their character classes holds; and on the project's examples. With
``DEDUP_ENGINE=python`` (or a build without the core) these tests skip.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import native
from dedup.text import charclasses
from dedup.text import layout as layout_module
from dedup.text import width as reference
from dedup.text.layout import Layout, Paragraph, python_layout

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

EXAMPLES = Path(__file__).parent.parent / "examples"
UNITS = ("auto", "paragraph", "line")
WIDTHS = (1, 10, 40, 72, 100)


def every() -> Iterator[str]:
    """Every code point but the surrogates, made on demand (a million strings kept for
    the whole run would weigh on every later test's subprocesses)."""
    return (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def core_layout(text: str, unit: str, width: int, syntax: str = "text") -> Layout:
    """What layout() gives with the core on, checked to be the core's work (not a fallback)."""
    assert core is not None and core.layout(text, unit, width) is not None
    return layout_module.layout(text, unit, width, syntax)


def reference_layout(text: str, unit: str, width: int, syntax: str = "text") -> Layout:
    """What layout() gives with the core off: all of it Python (line_starts too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout_module, "core", None)
        return python_layout(text, unit, width, syntax)


def assert_same(text: str, unit: str, width: int) -> None:
    found = core_layout(text, unit, width)
    expected = reference_layout(text, unit, width)
    # the core's bytes read in place, as machine integers
    assert isinstance(found.starts, memoryview) and found.starts.format == "I"  # 4 bytes a start
    assert all(type(p) is Paragraph for p in found.paragraphs)
    assert type(found.blank) is bytes and set(found.blank) <= {0, 1}
    assert (list(found.starts), found.blank) == (list(expected.starts), expected.blank), (unit, width)
    assert list(zip(found.paragraphs, found.kinds, strict=True)) == list(
        zip(expected.paragraphs, expected.kinds, strict=True)
    ), (unit, width)
    assert found == expected


# --- documents of adversarial lines --------------------------------------------------------------

# fmt: off
SHAPES = [
    # tables: pipes, grid borders, box drawing, aligned columns
    "| a | b |", "|x|y|", "a | b | c", "a|b", "|", "| only one", "+---+---+", "+===+:=:+", "+-+", "++", "+ - +", "+:+:+", "+++", " +::+ ",
    "│ x │ y │", "├──┼──┤", "────────", "──", "╔══╗", "name  value", "a\tb", "x   y   z", "a  b", "  a  b",
    "key\t\tvalue", "a \tb", "a\t b", "a  \u00a0b", "a\u3000\u3000b",
    # rules and underlines
    "===", "---", "~~~", "=", "-", "-----", "  ===  ", "= =", "==-", "___", "-=-", "--- ---", "+--", ":---:|",
    "=====\r", "\t---", "\x1c---", "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
    # bullets and numbers
    "- item", "* item", "• item", "‣ x", "◦ y", "-item", "-  spaced", "-\ttab", "- ", "-", "1. one", "12) twelve",
    "123. x", "1234. no", "1.x", "1 . x", "١. arabic", "٣٢) x", "  - nested", "\t* tab", "\x0b- vt", "- \x1cx",
    "1. \u00a0x", "99.  ninety",
    # continuations and plain words
    "   continued here", "\tmore", "  two", "    four spaces", "word", "Title", "A longer title line",
    # separators: % and indented .
    "%", " % ", "%%", "\t%\t", "% x", " .", "\t.", ".", "  . ", "\u00a0.", "\x1c.", " .x", "\r", "%\r",
    # wide text ending sentences, and wide and zero-width characters
    "这是一个句子。", "「引用。」", "他说：“好！”", "なに？", "漢字漢字漢字", "abc。", "漢字ab！", "漢。 ", "漢。」\u3000",
    "漢。\x1c", "全角！）", "ａｂｃ．", "e\u0301e\u0301", "\u200b\u200b", "soft\u00adhyphen", "\u3000x", "😀 emoji",
    # Markdown headings written in plain text (read when two levels or more stand)
    "# Title", "## Section", "### Sub", "###### six", "####### seven", "#no space", "#\tTab", "# ", "#", "## \u00a0x",
    " # indented", "# x\r", "#!/bin/sh",
    # special characters
    "crlf\r", "nul\x00", "\x1c\x1d\x1e\x1f", "sep\u2028line", "\x0c", "\x85", "\u00a0", "   ", "\t", "",
]
# fmt: on
WORDS = ["a", "an", "the", "ferry", "council", "winter", "x" * 12, "漢字", "ｗｉｄｅ", "e\u0301", "|", "--", "1.", "•"]
line_of_words = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join)
odd_text = st.text(st.sampled_from(list("ab |-=~+:*•1.%#\t \r\x1c\u2028\x00\u00a0\u3000漢。」─\u0301")), max_size=12)
lines = st.one_of(
    st.sampled_from(SHAPES),
    line_of_words,
    odd_text,
    st.tuples(
        st.sampled_from(["", " ", "  ", "\t", "   "]), st.sampled_from(SHAPES), st.sampled_from(["", "\r", " "])
    ).map("".join),
    st.integers(1, 400).map(lambda n: ("word " * n)[:n]),  # long lines
)
documents = st.tuples(st.lists(lines, max_size=24), st.sampled_from(["", "\n", "\n\n"])).map(
    lambda parts: "\n".join(parts[0]) + parts[1]
)


@settings(max_examples=500, deadline=None)
@given(documents)
def test_layout_agrees(text: str) -> None:
    for unit in UNITS:
        for width in WIDTHS:
            assert_same(text, unit, width)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(codec="utf-8") | st.sampled_from("\n\n\r \t|-=%.1•漢。"), max_size=80))
def test_layout_of_any_text_agrees(text: str) -> None:
    for unit in UNITS:
        assert_same(text, unit, 40)


@pytest.mark.parametrize(
    "text", ["", "\n", "\n\n\n", "   \n\t\n", " ", "\x1c\n\u2028", "%", "\n .\n", "a", "a\n", "a\r\nb\r\n", "\x00"]
)
def test_empty_and_blank_documents(text: str) -> None:
    for unit in UNITS:
        for width in WIDTHS:
            assert_same(text, unit, width)


def test_the_gate_of_the_separators() -> None:
    """An indented `.` first line separates only when the text has another sign of
    separators (a `%`, or a `.` line after a newline): the Python looks no further."""
    assert core_layout(" .\na\n", "auto", 100).blank == bytes([False, False])
    assert core_layout(" .\na\n%\n", "auto", 100).blank == bytes([True, False, True])
    for text in (" .\na\n", " .\na\n%\n", "\u00a0.\na\n", "\u00a0.\na\n\t.\n"):
        assert_same(text, "auto", 100)


def test_syntax_auto_is_text_and_markup_stays_python() -> None:
    text = "Title\n=====\n\n- one\n- two\n\n| a | b |\n| 1 | 2 |\n"
    assert core_layout(text, "auto", 100, "auto") == reference_layout(text, "auto", 100, "text")
    for syntax in ("markdown", "rst"):
        assert layout_module.layout(text, "auto", 100, syntax) == reference_layout(text, "auto", 100, syntax)


def test_lone_surrogates_are_left_to_python() -> None:
    text = "a | b\nc | d\n\udc80 x\n"
    assert core is not None and core.layout(text, "auto", 100) is None
    assert layout_module.layout(text) == reference_layout(text, "auto", 100)
    assert core.line_starts(text, True) is None
    assert layout_module.line_starts(text) == reference_line_starts(text, True)


def test_a_wrap_width_too_wide_for_the_core_is_left_to_python() -> None:
    text = "a\nb\nc\n"
    assert layout_module.layout(text, "auto", 1 << 70) == reference_layout(text, "auto", 1 << 70)


def test_line_starts_over_many_windows() -> None:
    """A non-ASCII text is read a window of code points at a time (not encoded whole):
    lines across the windows' edges, two-byte and four-byte characters, and a lone
    surrogate past the first window (left to Python)."""
    window = 1 << 20
    text = "é" * (window - 1) + "\n" + "𝔘\n" * 3 + "x" * window + "\n\n"
    for after in (True, False):
        found = core.line_starts(text, after)
        assert found is not None
        assert array("q", found) == reference_line_starts(text, after), after
    late = text + "\udc80\n"
    assert core.line_starts(late, True) is None
    assert layout_module.line_starts(late) == reference_line_starts(late, True)


def reference_line_starts(text: str, after_final_newline: bool) -> array[int]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout_module, "core", None)
        return layout_module.line_starts(text, after_final_newline=after_final_newline)


@settings(max_examples=300, deadline=None)
@given(st.one_of(documents, st.text(st.characters(codec="utf-8") | st.just("\n"), max_size=40)), st.booleans())
def test_line_starts_agree(text: str, after_final_newline: bool) -> None:
    assert core is not None and core.line_starts(text, after_final_newline) is not None
    found = layout_module.line_starts(text, after_final_newline=after_final_newline)
    assert found.typecode == "q"
    assert found == reference_line_starts(text, after_final_newline)


# --- the scanners, on every code point their classes hold -----------------------------------------


def interesting() -> list[str]:
    """The code points a scanner's class decides on: whitespace (``str.isspace`` and the
    regex module's ``\\s``), decimal digits, box drawing, the marks, bullets, sentence
    ends and closing quotes; and a sample of the rest. (Wide and zero-width characters
    are the width functions', checked on every code point below.)"""
    rx_space = re.compile(f"[{charclasses.RX_SPACE}]")
    marks = '-*•‣◦=~+:|_%.。．！？!?」』）)]"”’'
    return [
        c
        for c in every()
        if ord(c) < 0x100
        or c.isspace()
        or rx_space.match(c)
        or c.isdecimal()
        or "\u2500" <= c <= "\u257f"
        or c in marks
        or ord(c) % 997 == 0
    ]


# Lines in which a code point stands where a scanner decides: indents, after a bullet
# or a number, around a column gap, around a rule, after a sentence end, around % and .
# fmt: off
PLACES = [
    "{c}", "{c}x", "x{c}", "{c}- a", "-{c}a", "- {c}", "{c}1. a", "1{c}. a", "1.{c}a", "{c}{c}1) a", "a{c}{c}b",
    "a  {c}b", "a{c}  b", "{c}|{c}|", "{c}+--+{c}", "+-{c}-+", "{c}---{c}", "--{c}-", "{c}===", "==={c}", "{c}%{c}",
    "{c}.{c}", "漢。{c}", "漢。」{c}", "漢{c}。", "{c}漢字。",
]
# fmt: on


def test_layout_scanners_on_every_code_point_of_their_classes() -> None:
    chosen = interesting()
    for start in range(0, len(chosen), 1500):
        chunk = chosen[start : start + 1500]
        for block in (
            # each code point's shapes as blocks of their own, and after an item line (continuations)
            "\n\n".join("\n".join(p.format(c=c) for p in PLACES) for c in chunk),
            "\n\n".join(f"- item\n{p.format(c=c)}\n{p.format(c=c)}" for c in chunk for p in PLACES[:12]),
            "\n\n".join(f"Title {c}\n{p.format(c=c)}" for c in chunk for p in PLACES[14:21]),
        ):
            for unit in ("auto", "line"):
                assert_same(block, unit, 10)
            assert_same(block, "paragraph", 10)


# --- the width functions -------------------------------------------------------------------------


def test_widths_of_every_code_point() -> None:
    assert core is not None
    for c in every():
        line, end = f"a{c}b", f"\u4e00{c}"  # end: rstrip's whitespace and the cheap cases (top, soft hyphen)
        assert core.display_width(line) == reference.display_width(line), hex(ord(c))
        assert core.wrap_width(line) == reference.wrap_width(line), hex(ord(c))
        assert core.wrap_width(end) == reference.wrap_width(end), hex(ord(c))


line_texts = st.one_of(
    st.sampled_from(SHAPES), line_of_words, odd_text, st.text(st.characters(codec="utf-8"), max_size=30)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(line_texts, max_size=8), st.integers(-3, 120))
def test_width_functions_agree(block: list[str], width: int) -> None:
    assert core is not None
    for line in block:
        assert core.display_width(line) == reference.display_width(line)
        assert core.wrap_width(line) == reference.wrap_width(line)
        assert core.fits(line, width) == reference.fits(line, width)
    widths = reference.line_widths(block, width)
    assert core.line_widths(block, width) == widths
    assert core.sentence_lines(block) == reference.sentence_lines(block)
    if len(block) >= 2:
        assert core.short_lines(block, width) == reference.short_lines(block, width)
        if widths is not None:
            assert core.short_lines(block, width, widths) == reference.short_lines(block, width, widths)


@pytest.mark.parametrize(
    "block",
    [
        ["这是第一句。\n", "这是第二句！」", "end"],
        ["漢字漢字。」\u3000", "漢字？\r", "x"],
        ["漢字。\x1c", "x"],  # \x1c is str.isspace, not the regex module's \s
        ["漢字ab。", "x"],
        ["Share this", "Facebook", "Email", "Print"],
        ["a" * 30, "b", "c", "d"],
    ],
)
def test_sentence_and_short_lines_examples(block: list[str]) -> None:
    assert core is not None
    assert core.sentence_lines(block) == reference.sentence_lines(block)
    for width in (10, 40, 100):
        assert core.short_lines(block, width) == reference.short_lines(block, width)


# --- the project's examples ----------------------------------------------------------------------


def test_examples_lay_out_alike() -> None:
    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(EXAMPLES.rglob("*"))
        if path.is_file() and path.suffix in (".txt", ".md", ".rst", ".json", ".jsonl", ".html", ".py")
    ]
    assert len(texts) > 50
    for text in texts:
        for unit in UNITS:
            for width in (40, 72, 100):
                assert_same(text, unit, width)
