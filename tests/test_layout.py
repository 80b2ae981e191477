"""Lines, blank lines, blocks and paragraphs (rules 1 and 2)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dedup.text.layout import display_width, is_wrapped, layout, line_starts, split_lines

# --------------------------------------------------------------------------- lines


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a\n\r\u2028", max_size=30))
def test_line_starts_are_where_the_lines_of_split_lines_start(text: str) -> None:
    """One helper for every caller (layout, findings, fixes, the SARIF and HTML
    reports): the starts of the lines, and the end after a final newline or not."""
    lines = split_lines(text)
    starts = [sum(map(len, lines[:k])) for k in range(len(lines))] or [0]
    ends_in_newline = text.endswith("\n")
    assert list(line_starts(text, after_final_newline=False)) == starts
    assert list(line_starts(text)) == starts + ([len(text)] if ends_in_newline else [])
    assert list(layout(text).starts) == (starts + [len(text)] if text else [0])  # and where the text ends


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("a", ["a"]),
        ("\n", ["\n"]),
        ("a\n", ["a\n"]),
        ("a\nb", ["a\n", "b"]),
        ("\n\n", ["\n", "\n"]),
        ("a\r\nb\r\n", ["a\r\n", "b\r\n"]),
        ("a\r\n\r\nb", ["a\r\n", "\r\n", "b"]),
        # \r alone, U+2028 and the other characters str.splitlines would cut at do not end a line
        ("a\rb\n", ["a\rb\n"]),
        ("a\u2028b\n", ["a\u2028b\n"]),
        ("a\u2029b\x85c\x0bd\x0ce\x1cf\n", ["a\u2029b\x85c\x0bd\x0ce\x1cf\n"]),
        ("a\n\r", ["a\n", "\r"]),
        ("a\r", ["a\r"]),
        ("\r\r\n", ["\r\r\n"]),
    ],
)
def test_split_lines(text: str, expected: list[str]) -> None:
    assert split_lines(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\r\n\u2028\u0085\x0b\x0c漢\u0301"), max_size=40))
def test_split_lines_round_trips(text: str) -> None:
    lines = split_lines(text)
    assert "".join(lines) == text
    assert all(lines)  # no empty line
    for line in lines[:-1]:
        assert line.endswith("\n")
    for line in lines:
        assert "\n" not in line[:-1]
    assert len(lines) == text.count("\n") + (0 if text.endswith("\n") or not text else 1)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\r\n\u2028\u3000\u200b"), max_size=40))
def test_layout_starts_are_line_offsets(text: str) -> None:
    lay = layout(text, "line")
    lines = split_lines(text)
    assert lay.starts[-1] == len(text)
    assert [text[a:b] for a, b in zip(lay.starts, lay.starts[1:])] == lines
    assert list(map(bool, lay.blank)) == [not line.strip() for line in lines]


# --------------------------------------------------------------------------- blank lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n\nb", [False, True, False]),
        ("a\n \n\t\n\u3000\n\u00a0\nb", [False, True, True, True, True, False]),
        ("\u2028\n\u2029\n\x0c\n\x0b\n\x85\n", [True] * 5),  # whitespace that is not \n
        ("\r\n", [True]),
        ("a\n\r", [False, True]),  # a lone \r is a blank last line
        ("  ", [True]),
        # format characters are not whitespace: such a line is not blank
        ("\u200b\n", [False]),
        ("\ufeff\n", [False]),
        ("\u200d\n", [False]),
        ("x\n", [False]),
    ],
)
def test_blank_lines(text: str, expected: list[bool]) -> None:
    assert list(map(bool, layout(text, "line").blank)) == expected


# --------------------------------------------------------------------------- display width


@pytest.mark.parametrize(
    ("line", "width"),
    [
        ("", 0),
        ("abc", 3),
        ("abc  \t\r\n", 3),  # trailing whitespace is ignored
        ("  abc", 5),  # leading whitespace is not
        ("漢字", 4),
        ("ＡＢ", 4),  # fullwidth
        ("ｱｲ", 2),  # halfwidth katakana
        ("한국", 4),
        ("😀", 2),
        ("e\u0301", 1),  # combining acute accent
        ("\u0628\u064e\u0651", 1),  # Arabic letter with fatha and shadda
        ("a\u200bb", 2),  # zero-width space is a format character
        ("a\u200db\ufeff", 2),
        ("\u3000a", 3),  # the ideographic space is fullwidth
        ("a\u3000", 1),  # ... and whitespace, so trailing it is ignored
    ],
)
def test_display_width(line: str, width: int) -> None:
    assert display_width(line) == width


# --------------------------------------------------------------------------- paragraphs

X100 = "x" * 100
X101 = "x" * 101


def spans(text: str, unit: str = "auto", wrap_width: int = 100) -> list[tuple[int, int]]:
    return [(p.first, p.last) for p in layout(text, unit, wrap_width).paragraphs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("\n\n \n", []),
        ("a", [(0, 1)]),
        ("a\nb\n\nc\n", [(0, 2), (3, 4)]),
        ("\n\na\nb\n\n\n", [(2, 4)]),
        ("a\n  \nb", [(0, 1), (2, 3)]),  # a line of spaces separates blocks
        (f"{X100}\n\u200b\nb", [(0, 3)]),  # a zero-width space does not
        ("a\rb\nc", [(0, 2)]),  # \r alone ends no line
        ("a\u2028b\nc", [(0, 2)]),
        ("a\r\nb\r\n\r\nc\r\n", [(0, 2), (3, 4)]),
        # a one-line block is one paragraph, however long
        (X101 * 3, [(0, 1)]),
        # every line but the last at most 100 columns: wrapped, one paragraph
        (f"{X100}\n{X100}\n{X101 * 2}", [(0, 3)]),
        # one line (not the last) over 100 columns: every line is its own paragraph
        (f"{X101}\ny\nz", [(0, 1), (1, 2), (2, 3)]),
        (f"a\n{X101}\nz", [(0, 1), (1, 2), (2, 3)]),
        # trailing whitespace (and the line end) do not count
        (f"{X100}   \t\ny", [(0, 2)]),
        (f"{X100}\r\ny", [(0, 2)]),
        (f"{X100}\u3000\ny", [(0, 2)]),
        # a line mostly of wide characters counts one column a character (so Chinese or
        # Japanese wrapped at 72 characters is wrapped too) ...
        ("漢" * 100 + "\ny", [(0, 2)]),
        ("漢" * 101 + "\ny", [(0, 1), (1, 2)]),
        ("漢" * 50 + "a" * 50 + "\ny", [(0, 2)]),
        ("Ａ" * 100 + "\ny", [(0, 2)]),
        ("😀" * 101 + "\ny", [(0, 1), (1, 2)]),
        # ... any other line counts wide and fullwidth characters two columns
        ("漢" * 40 + "a" * 21 + "\ny", [(0, 2)]),
        ("漢" * 40 + "a" * 41 + "\ny", [(0, 1), (1, 2)]),
        ("Ａ" * 30 + "a" * 40 + "\ny", [(0, 2)]),
        ("Ａ" * 30 + "a" * 41 + "\ny", [(0, 1), (1, 2)]),
        # wide text whose every line but the last ends a sentence: one paragraph a line
        ("漢" * 30 + "。\n" + "字" * 30 + "。\n" + "字", [(0, 1), (1, 2), (2, 3)]),
        ("漢" * 30 + "。」\n" + "字", [(0, 1), (1, 2)]),
        ("漢" * 30 + "。\n" + "字" * 30 + "\n" + "字", [(0, 3)]),
        ("ｱ" * 100 + "\ny", [(0, 2)]),  # halfwidth: one column
        # combining marks and format characters take none
        ("e\u0301" * 100 + "\ny", [(0, 2)]),
        ("e\u0301" * 101 + "\ny", [(0, 1), (1, 2)]),
        ("x" * 99 + "\u200b" * 30 + "x\ny", [(0, 2)]),
        ("x" * 100 + "\u200bx\ny", [(0, 1), (1, 2)]),
        ("بَ" * 100 + "\ny", [(0, 2)]),
        # each block is decided on its own
        (f"a\nb\n\n{X101}\nc\n\nd\ne", [(0, 2), (3, 4), (4, 5), (6, 8)]),
    ],
)
def test_auto_paragraphs(text: str, expected: list[tuple[int, int]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "unit", "wrap_width", "expected"),
    [
        (f"{X101}\ny\nz\n\na\nb", "paragraph", 100, [(0, 3), (4, 6)]),
        (f"{X101}\ny\nz\n\na\nb", "line", 100, [(0, 1), (1, 2), (2, 3), (4, 5), (5, 6)]),
        (f"{X101}\ny\nz\n\na\nb", "auto", 100, [(0, 1), (1, 2), (2, 3), (4, 6)]),
        ("a\nb\n \nc", "line", 100, [(0, 1), (1, 2), (3, 4)]),
        ("a\nb\n \nc", "paragraph", 100, [(0, 2), (3, 4)]),
        # wrap_width moves the boundary
        ("x" * 10 + "\ny", "auto", 10, [(0, 2)]),
        ("x" * 11 + "\ny", "auto", 10, [(0, 1), (1, 2)]),
        ("漢" * 10 + "\ny", "auto", 10, [(0, 2)]),
        ("漢" * 10 + "a\ny", "auto", 10, [(0, 1), (1, 2)]),
        ("漢" * 4 + "a" * 5 + "\ny", "auto", 10, [(0, 1), (1, 2)]),
        (f"{X101}\ny", "auto", 101, [(0, 2)]),
        ("x" * 200 + "\ny", "auto", 200, [(0, 2)]),
    ],
)
def test_units_and_wrap_width(
    text: str, unit: str, wrap_width: int, expected: list[tuple[int, int]]
) -> None:
    assert spans(text, unit, wrap_width) == expected


@pytest.mark.parametrize(
    ("lines", "width", "expected"),
    [
        ([X101], 100, True),  # the last line never counts
        ([X100, X101], 100, True),
        ([X101, "a"], 100, False),
        (["a", "b", X101, "c"], 100, False),
        (["x" * 50 + "\n", "y"], 50, True),
        (["x" * 51 + "\n", "y"], 50, False),
    ],
)
def test_is_wrapped(lines: list[str], width: int, expected: bool) -> None:
    assert is_wrapped(lines, width) is expected


def test_paragraph_offsets_and_text() -> None:
    text = "\r\nab\r\ncd\r\n\r\n  \r\nef"
    lay = layout(text)
    assert [(p.start, p.end) for p in lay.paragraphs] == [(2, 10), (16, 18)]
    assert [lay.paragraph_text(p) for p in lay.paragraphs] == ["ab\r\ncd\r\n", "ef"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(["a", "漢", " ", "\n", "\r\n", "x" * 60]), max_size=30).map(
        "".join
    ),
    unit=st.sampled_from(["auto", "paragraph", "line"]),
)
@example(text="a  a\na  a", unit="line")  # two rows of a table: one unit, lines or not
def test_paragraphs_cover_exactly_the_non_blank_lines(text: str, unit: str) -> None:
    lay = layout(text, unit)
    covered = [k for p in lay.paragraphs for k in range(p.first, p.last)]
    assert covered == [k for k, blank in enumerate(lay.blank) if not blank]
    for p, kind in zip(lay.paragraphs, lay.kinds, strict=True):
        assert (p.start, p.end) == (lay.starts[p.first], lay.starts[p.last])
        assert p.first < p.last
        if unit == "line" and kind not in ("table", "code"):  # (a table or code block stays whole)
            assert p.last == p.first + 1
        if unit == "paragraph":
            # a paragraph is a whole block: blank or nothing on either side
            assert p.first == 0 or lay.blank[p.first - 1]
            assert p.last == len(lay.blank) or lay.blank[p.last]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab\n\r "), max_size=60), st.lists(st.integers(-3, 70), max_size=12))
def test_lines_of_counts_what_line_starts_gives(text: str, offsets: list[int]) -> None:
    """The engine counts its findings' lines in one pass (no array of every line's
    start held through the passes): the lines that ``line_starts`` gives."""
    from bisect import bisect_right

    from dedup.text.engine import lines_of

    starts = line_starts(text)
    kept = [o for o in offsets if o <= len(text)]
    assert lines_of(text, kept) == {o: bisect_right(starts, o) for o in kept}


def test_markdown_headings_in_plain_text() -> None:
    """A line of ``#`` marks, a space and text is a heading when the text has such
    lines of two levels: on its own, or in a block read line by line (over a list);
    a script's comment over its commands, and a catalogue's ``# Users=%lu`` alone
    at one level, are not."""
    notes = "## tool 2.0\n### Highlights:\n- faster\n- smaller\n\nThanks to all.\n\n## tool 1.9\n\nFixes only.\n"
    lay = layout(notes)
    assert lay.kinds == ["heading", "heading", "item", "item", "prose", "heading", "prose"]
    one_level = "# Users=%lu\n\nNo such user.\n\n# Files=%lu\n"
    assert "heading" not in layout(one_level).kinds
    script = "## Setup\n\n### Build\n# fetch the sources\ngit clone x\ncd x\n"
    assert layout(script).kinds == ["heading", "short", "short", "short", "short"]  # a block with no list
    assert layout(notes, unit="line").kinds.count("heading") == 0  # a line a unit: lines


def test_a_repeated_list_under_two_releases_stays_in_plain_text() -> None:
    """Each release's notes list what it needs: the same list under two releases'
    headings is each release's (release notes read from a corpus without a file name,
    so without Markdown's syntax)."""
    import dedup

    needs = "### Build requirements\n- a compiler for the C language, C11 or newer\n- the meson build system\n- gettext\n"
    notes = f"## tool 2.0\n\n{needs}\nThanks to everyone who tested it.\n\n## tool 1.9\n\n{needs}\nThanks to everyone who tested it.\n"
    assert dedup.clean(notes).text == notes
    doubled = f"{notes}\nExample Site. net\n\n{notes}"
    assert dedup.clean(doubled).text == f"{notes}\nExample Site. net\n"
