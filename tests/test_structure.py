"""Units (rule 2): what a removal takes whole, by syntax; and the ``--syntax`` option."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.config import Config
from dedup.errors import ConfigError
from dedup.text.layout import layout
from dedup.text.structure import ATOMS, KINDS, syntax_for

DATA = Path(__file__).parent / "data" / "structure"
LONG = "a note that is long enough to push this table row well past the hundred column wrap width"


def units(text: str, syntax: str = "text", unit: str = "auto") -> list[tuple[int, int, str]]:
    lay = layout(text, unit, 100, syntax)
    return [(p.first, p.last, kind) for p, kind in zip(lay.paragraphs, lay.kinds, strict=True)]


# (syntax, text, expected units (first, last, kind))
CASES = [
    # --- Markdown
    (
        "markdown",
        "# Title\n\nSome prose that is\nwrapped by hand.\n",
        [(0, 1, "heading"), (2, 4, "prose")],
    ),
    ("markdown", "Title\n=====\n\nBody\n", [(0, 2, "heading"), (3, 4, "prose")]),
    ("markdown", "One line\nand another\n---\n", [(0, 3, "heading")]),  # setext over a paragraph
    ("markdown", "---\ntitle: Notes\ntags: [a]\n---\n\nText\n", [(0, 4, "front-matter"), (5, 6, "prose")]),
    (
        "markdown",
        f"| Name | Note |\n| --- | :-: |\n| a | {LONG} |\n| b | {LONG} |\n\nAfter\n",
        [(0, 4, "table"), (5, 6, "prose")],
    ),
    # a table right under a paragraph line: the line stays a unit of its own
    ("markdown", "Results:\n| a | b |\n|---|---|\n| 1 | 2 |\n", [(0, 1, "prose"), (1, 4, "table")]),
    # fenced code: blank lines inside do not split it, an over-long line does not cut it
    (
        "markdown",
        "Intro\n\n```json\n{\n  \"a\": 1,\n\n  \"a\": 1,\n  \"long\": \"" + "x" * 120 + "\"\n}\n```\nAfter\n",
        [(0, 1, "prose"), (2, 10, "code"), (10, 11, "prose")],
    ),
    ("markdown", "~~~\ncode\n~~~~\n", [(0, 3, "code")]),
    ("markdown", "```\nnever closed\n\nstill code\n\n", [(0, 4, "code")]),  # to the end, less trailing blanks
    ("markdown", "Para\n\n    indented code\n\n    more code\n\nPara\n", [(0, 1, "prose"), (2, 5, "code"), (6, 7, "prose")]),
    (
        "markdown",
        "- one\n- two\n  continued\n  - nested\n\n1. first\n2) second\n",
        [(0, 1, "item"), (1, 3, "item"), (3, 4, "item"), (5, 6, "item"), (6, 7, "item")],
    ),
    # a later paragraph of an item is a paragraph, not an indented code block
    ("markdown", "- item\n\n  more about it\n", [(0, 1, "item"), (2, 3, "prose")]),
    ("markdown", "- item\n\n      code in the item\n", [(0, 1, "item"), (2, 3, "code")]),
    # an ordered list other than 1. does not interrupt a paragraph
    ("markdown", "In the year\n2024. It rained.\n", [(0, 2, "prose")]),
    ("markdown", "<div align=\"center\">\n  <img src=\"logo.png\">\n</div>\n\nText\n", [(0, 3, "html"), (4, 5, "prose")]),
    ("markdown", "<!--\na comment\n\nstill the comment\n-->\nText\n", [(0, 5, "html"), (5, 6, "prose")]),
    ("markdown", "***\nText\n", [(0, 2, "prose")]),  # a thematic break is left to the plain layout
    # --- reStructuredText
    ("rst", "=====\nTitle\n=====\n\nSection\n-------\n\nText\n", [(0, 3, "heading"), (4, 6, "heading"), (7, 8, "prose")]),
    (
        "rst",
        "Run this::\n\n    make all\n\n    make install\n\nDone.\n",
        [(0, 1, "prose"), (2, 5, "code"), (6, 7, "prose")],
    ),
    (
        "rst",
        ".. note::\n\n   Mind the gap.\n\n   Twice.\n\nText\n",
        [(0, 5, "directive"), (6, 7, "prose")],
    ),
    (
        "rst",
        "+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n+-----+-----+\n",
        [(0, 5, "table")],
    ),
    (
        "rst",
        "=====  =====\nA      B\n=====  =====\n1      2\n\n3      4\n=====  =====\n\nText\n",
        [(0, 7, "table"), (8, 9, "prose")],
    ),
    ("rst", "- one\n  more\n- two\n\n#. three\n", [(0, 2, "item"), (2, 3, "item"), (4, 5, "item")]),
    # --- plain text
    ("text", "Title\n=====\nBody text\n", [(0, 2, "heading"), (2, 3, "prose")]),
    ("text", "A title\n---------------------------------\n", [(0, 2, "prose")]),  # not about its length
    ("text", "Fixed:\n- one\n- two\n  and more\n", [(0, 1, "prose"), (1, 2, "item"), (2, 4, "item")]),
    ("text", "1. First\n2. Second\n", [(0, 1, "item"), (1, 2, "item")]),
    # one dash inside a wrapped paragraph is not a list
    (
        "text",
        "We left the house early in the morning, long\n- well before dawn - and walked to the harbour\nwhere the boats were.\n",
        [(0, 3, "prose")],
    ),
    ("text", "Name     Age   City\n-------  ----  -----\nAlice    30    Paris\n", [(0, 3, "table")]),
    (
        "text",
        f"Totals:\n| north | {LONG} |\n| south | {LONG} |\n",
        [(0, 1, "prose"), (1, 3, "table")],
    ),
    ("text", "┌────┬────┐\n│ a  │ b  │\n└────┴────┘\n", [(0, 3, "table")]),
    ("text", "A fortune.\n%\nAnother one.\n%\n", [(0, 1, "prose"), (2, 3, "prose")]),
    (
        "text",
        "Share this article\nFacebook\nX\nLinkedIn\nEmail\nCopy link\n",
        [(k, k + 1, "short") for k in range(6)],
    ),
    (
        "text",
        "The ferry will run through the winter for\nthe first time this year, after the island\ncouncil agreed to pay for its fuel.\n",
        [(0, 3, "prose")],
    ),
    ("text", "x" * 101 + "\nshort\n", [(0, 1, "line"), (1, 2, "line")]),
    # in plain text Markdown marks are plain lines
    ("text", "# Not a heading\nbut a line\n", [(0, 2, "prose")]),
]


@pytest.mark.parametrize(("syntax", "text", "expected"), CASES)
def test_units(syntax: str, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert units(text, syntax) == expected


def test_code_blank_lines_are_not_separators() -> None:
    lay = layout("```\na\n\nb\n```\n\nc\n", syntax="markdown")
    assert list(map(bool, lay.blank)) == [False, False, False, False, False, True, False]


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        # line: every line a unit, but the table and the code block stay whole
        ("line", [(0, 1, "line"), (1, 2, "line"), (3, 6, "table"), (7, 12, "code")]),
        # paragraph: every block one unit (a block that is one atom keeps its kind)
        ("paragraph", [(0, 2, "prose"), (3, 6, "table"), (7, 12, "code")]),
    ],
)
def test_units_under_unit_options(unit: str, expected: list[tuple[int, int, str]]) -> None:
    text = "# Title\nSome words\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx\n\ny\n```\n"
    assert units(text, "markdown", unit) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["", "  ", "text", "# h", "===", "---", "- item", "  more", "1. one", "```", "~~~", "    code",
             "| a | b |", "|---|---|", "<div>", "-->", "<!--", ".. note::", "::", "para::", "+---+", "=====  ===",
             "%", "a  b  c", "┌─┐", "x" * 120]
        ),
        max_size=25,
    ).map("\n".join),
    st.sampled_from(["text", "markdown", "rst"]),
    st.sampled_from(["auto", "line", "paragraph"]),
)
def test_units_partition_the_lines(text: str, syntax: str, unit: str) -> None:
    lay = layout(text, unit, 100, syntax)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert len(lay.kinds) == len(lay.paragraphs)
    assert all(kind in KINDS for kind in lay.kinds)
    covered: list[int] = []
    for p, kind in zip(lay.paragraphs, lay.kinds, strict=True):
        assert p.first < p.last and (p.start, p.end) == (lay.starts[p.first], lay.starts[p.last])
        assert not covered or covered[-1] < p.first  # in order, never overlapping
        covered.extend(range(p.first, p.last))
        assert not any(lay.blank[p.first : p.last])  # no separator inside a unit
        assert not lay.blank[p.first] and not lay.blank[p.last - 1]
        if kind not in ATOMS and unit != "paragraph":  # only atoms hold whitespace-only lines
            assert all(lines[k].strip() for k in range(p.first, p.last))
    # every line is in exactly one unit or is a separator
    assert covered == [k for k, blank in enumerate(lay.blank) if not blank]
    for k, line in enumerate(lines):
        if lay.blank[k]:
            assert line.strip() == "" or (syntax == "text" and line.strip() == "%")


# --------------------------------------------------------------------------- cleaning


def test_fortune_entry_goes_with_the_separator_before_it() -> None:
    a = "A watched pot never boils, but an unwatched one boils over.\n"
    b = "The early bird gets the worm; the second mouse gets the cheese.\n"
    result = dedup.clean(f"{a}%\n{b}%\n{a}%\n")
    assert result.text == f"{a}%\n{b}%\n"


def test_short_lines_run_is_found_inside_other_blocks() -> None:
    widget = "Share this article\nFacebook\nLinkedIn\nWhatsApp\nEmail\nPrint\nCopy link\n"
    text = f"Published on Monday morning\n{widget}\nBody of the story.\n\nRelated stories\n{widget}"
    lay = layout(text)
    assert lay.kinds.count("short") == 16  # both blocks are short lines, every line a unit


def test_wide_text_rewrapped_is_one_paragraph_as_its_first_copy() -> None:
    body = "外婆家的院子里有一棵老枣树是她年轻时亲手种下的每年秋天枣子熟了她总是先摘下一篮分给左右的邻居" * 3
    rewrapped = "\n".join(body[k : k + 72] for k in range(0, len(body), 72))
    text = f"{body}\n\n出处：例子\n\n{rewrapped}\n"
    assert layout(text).kinds == ["prose", "prose", "prose"]
    assert dedup.clean(text).text == f"{body}\n\n出处：例子\n"


def test_markdown_table_and_code_lines_stay() -> None:
    header = "| Station on the mast | Note from the last visit |\n| --- | --- |\n"
    table = f"{header}| north | {LONG} |\n| south | {LONG} |\n"
    code = "```\n" + "echo the same line that repeats in the script\n" * 3 + f"echo {LONG} {LONG}\n```\n"
    text = f"{table}\n{code}\n## Again\n\n{header}| east | {LONG} |\n"
    assert dedup.clean(text, syntax="markdown").text == text


def test_repeated_code_block_goes_whole() -> None:
    code = "```sh\nmake clean && make firmware BOARD=mast\n./sign build/firmware.bin\n```\n"
    text = f"Build:\n\n{code}\nThen build it once more.\n\n{code}"
    result = dedup.clean(text, syntax="markdown")
    assert result.text == f"Build:\n\n{code}\nThen build it once more.\n"
    # introduced by a colon, as its copy is by another, it is a second example and stays
    introduced = f"Build:\n\n{code}\nAgain:\n\n{code}"
    assert dedup.clean(introduced, syntax="markdown").text == introduced


def test_a_code_block_laid_out_otherwise_is_another_example() -> None:
    """The same tokens broken over other lines or indented otherwise: another program,
    or another example of one (a README showing how a tool prints multi-line code;
    whitespace was squeezed away before and the second block went, session 10)."""
    one = "```python\ndef total(rows):\n    return sum(\n        row.price for row in rows\n    )\n```\n"
    other = "```python\ndef total(rows):\n    return sum(row.price for row in rows)\n```\n"
    text = f"The function:\n\n{other}\nThe same, printed over several lines:\n\n{one}"
    assert dedup.clean(text, syntax="markdown", min_chars=10).text == text
    # trailing spaces, a blank line and CRLF are still noise
    again = one.replace("rows):", "rows):  ").replace("\n    )", "\n\n    )")
    doubled = f"The function:\n\n{one}\nOnce more.\n\n{again}"
    assert dedup.clean(doubled, syntax="markdown", min_chars=10).text == f"The function:\n\n{one}\nOnce more.\n"


# --------------------------------------------------------------------------- the option


@pytest.mark.parametrize(
    ("name", "syntax"),
    [("README.md", "markdown"), ("a/b.MARKDOWN", "markdown"), ("x.mdown", "markdown"), ("x.mkd", "markdown"),
     ("docs/index.rst", "rst"), ("notes.txt", "text"), ("Makefile", "text"), ("<stdin>", "text"),
     ("dir.md/file", "text"), ("data.jsonl:3", "text")],
)
def test_syntax_for_path(name: str, syntax: str) -> None:
    assert syntax_for(name) == syntax
    assert Config().for_path(name).syntax == syntax
    assert Config(syntax="rst").for_path(name).syntax == "rst"  # only auto is decided by name


def test_bad_syntax_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="syntax must be one of"):
        Config(syntax="html")  # type: ignore[arg-type]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
    )


def test_cli_diff_keeps_tables_and_code_whole(tmp_path: Path) -> None:
    """Golden: two tables whose rows pass 100 columns, a JSON block with repeated lines,
    a code block pasted twice in one section; only the second copy goes, whole."""
    (tmp_path / "release.md").write_bytes((DATA / "release.md").read_bytes())
    done = _run("clean", "--diff", "release.md", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout == (DATA / "release.md.diff").read_text(encoding="utf-8")


def test_cli_syntax_option_and_settings_key(tmp_path: Path) -> None:
    text = "```\n" + "print('the same line of the program, repeated twice in a row here')\n" * 2 + "x " * 60 + "\n```\n"
    (tmp_path / "notes.txt").write_text(text, encoding="utf-8")
    # as plain text the block (a line of words over the wrap width) is cut into lines
    # and the repeated line goes
    assert _run("check", "--isolated", "notes.txt", cwd=tmp_path).returncode == 1
    assert _run("check", "--isolated", "--syntax", "markdown", "notes.txt", cwd=tmp_path).returncode == 0
    (tmp_path / "dedup.toml").write_text('syntax = "markdown"\n', encoding="utf-8")
    assert _run("check", "notes.txt", cwd=tmp_path).returncode == 0
    (tmp_path / "dedup.toml").write_text('syntax = "html"\n', encoding="utf-8")
    bad = _run("check", "notes.txt", cwd=tmp_path)
    assert bad.returncode == 2 and "syntax" in bad.stderr and "Traceback" not in bad.stderr


def test_a_debian_copyright_field_s_paragraphs_are_paragraphs() -> None:
    """In a Debian copyright file a multi-line field writes an empty line as ' .': a
    licence text's paragraphs are units of their own (before, the whole field was one
    block, laid out a line a unit as soon as one of its lines passed the wrap width)."""
    licence = (
        "License: Example-1\n"
        " Permission is granted to copy and share this work, provided that this notice\n"
        " stands in every copy and in the documentation that goes with it.\n"
        " .\n"
        " This line of the licence is written long on purpose, so that it passes one hundred columns.\n"
        " Permission is granted to copy and share this work, provided that this notice\n"
        " stands in every copy and in the documentation that goes with it.\n"
    )
    lay = layout(licence)
    assert [(p.first, p.last, kind) for p, kind in zip(lay.paragraphs, lay.kinds)] == [(0, 3, "prose"), (4, 7, "prose")]
    assert dedup.clean(licence).text == licence  # no line goes from the middle of a paragraph
