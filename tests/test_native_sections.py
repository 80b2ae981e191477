"""The compiled core's structure marks (``unit_marks``, ``parents``) are the Python reference's.

:func:`dedup.text.heads.marker_level` and :func:`~dedup.text.width.indent` of
each unit, checked on every code point in each place where a class of ``re`` decides
(``\\s``, ``\\d``, ``\\w`` of ``\\b``, the IGNORECASE letters of ``copyright`` and
``(c)``, the line breaks of ``str.splitlines``), on hypothesis's adversarial units
(notices in many spellings, labels at their length limits, CRLF, tabs, ``\\x1c``,
non-ASCII), and on the whole engine's output for the project's examples. With
``DEDUP_ENGINE=python`` (or a build without the core) these tests skip.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import native
from dedup.text import heads as reference
from dedup.text import nesting

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

EXAMPLES = Path(__file__).parent.parent / "examples"
CHUNK = 1 << 16
# One code point without any property (unassigned) and one private-use one: no class
# or case of re holds either (test_no_class_holds_a_code_point_without_properties),
# so the reference on them stands for every other such code point.
BARE = ("\U000e0fff", "\ue000")


def _kind(code: int) -> int:
    """0: a surrogate (no str of the core); 1: no property; 2: any other."""
    if 0xD800 <= code < 0xE000:
        return 0
    return 1 if unicodedata.category(chr(code)) in ("Cn", "Co") else 2


def _reference(units: list[str]) -> list[tuple[int | None, int, bool]]:
    return [(reference.marker_level(unit), reference.indent(unit), reference.tagged(unit)) for unit in units]


def _disagreements(template: str, every: bool) -> list[str]:
    """The units ``template.format(c)`` whose marks the core and the reference give
    differently: for every code point c with a property, and for every other one if
    ``every`` (the core's tables are read there), else for BARE (made chunk by chunk,
    to keep memory small)."""
    fmt = template.format
    bare = set(_reference([fmt(c) for c in BARE]))
    assert len(bare) == 1, template
    wrong: list[str] = []
    kinds = _kinds()
    for low in range(0, 0x110000, CHUNK):
        codes = [c for c in range(low, min(low + CHUNK, 0x110000)) if kinds[c] == 2 or (every and kinds[c])]
        units = [fmt(chr(c)) for c in codes]
        marks, indents, unknown, tags = core.unit_marks(units)
        assert unknown == []
        found = list(zip(marks, indents, tags, strict=True))
        has_property = [kinds[c] == 2 for c in codes]
        checked = list(itertools.compress(units, has_property))
        got = itertools.compress(found, has_property)
        wrong += [unit for unit, e, g in zip(checked, _reference(checked), got, strict=True) if e != g]
        others = itertools.compress(zip(units, found), [not p for p in has_property])
        wrong += [unit for unit, g in others if g not in bare]
    marks, indents, _, tags = core.unit_marks([fmt(c) for c in BARE])
    return wrong + [fmt(c) for c, g in zip(BARE, zip(marks, indents, tags)) if g not in bare]


@functools.cache
def _kinds() -> bytes:
    """Each code point's :func:`_kind` (1 MB, made once, when a test needs it)."""
    return bytes(_kind(c) for c in range(0x110000))


def test_no_class_holds_a_code_point_without_properties() -> None:
    bare = "".join(chr(c) for c in range(0x110000) if _kinds()[c] == 1)
    assert BARE[0] in bare and BARE[1] in bare
    assert re.search(r"[\s\w]", bare) is None
    assert re.search(r"(?i:[a-z©])", bare) is None


# Each template puts the code point where a class of re decides the unit's mark; True
# where the core reads a table there (every code point goes through it then).
CLASS_PLACES = [
    ("{}Files: a", True),  # lstrip (\s), and the indent
    ("{}Copyright 2004", False),
    ("{}", False),
    ("Copyright{}", True),  # \b: the word characters
    ("Copyright{}x", False),
    ("lib - copyright{}2004", True),  # \s* between a notice's parts
    ("lib (c){}2004", False),
    ("lib © 20{}4", True),  # \d
    ("jQuery v3{}Copyright Example", False),  # str.splitlines: a short unit with a line opening with a notice
    ("a/b:{}c/d:", False),  # two labels, or one line that is none
    ("a{}b/c:", True),  # [^\s:]
    ("a/b:{}", False),  # strip
    ("[{}]", False),  # [^\]\s]
    ("({}) Name", True),  # \d
    ("(1{}) Name", False),  # [a-z]
    ("(1){}Name", False),  # [ \t]
    ("  {}  text", True),  # a tagged paragraph's tag: \S
    ("  x{}  text", True),
    ("  x{}text", True),  # its gap: [ \t], or a space ending the tag
    ("  x  {}", True),  # the text after the gap: \S
    ("  x\t{}y", True),
    ("a\n{} b", True),  # lines hanging from the first: the indent, and a blank line (str.strip)
    ("  a\n    b\n{}\n    c", True),
    ("  -x {}y  text", True),  # an option's tag, words one space apart
    ("  -{}x y  text", True),
    ("  x\t{}\ty", True),  # a gap of tabs
    ("{}x(): text", True),  # a function's description: its name, \w and [$>:.-]
    ("x{}(): text", True),
    ("x({}): text", True),  # its arguments: [^()\n]
    ("x(){} text", True),  # the colon
    ("x():{}text", True),  # the gap: [ \t]+
    ("x(): {}", True),  # the text after it: \S
    ("-{}-\nCopyright 2004\nb\nc\nd", True),  # a delimiter line over the first words: ASCII, no alnum
    ("---\n{}Copyright 2004\nb\nc\nd", True),  # the first words' line: lstrip
    ("---{}Copyright 2004\nb\nc\nd", True),  # where a line ends: only at \n
    ("---\n{}", True),  # a delimiter over nothing but spaces stays the first line
    ("Title\n{}\nCopyright 2004\nb", True),  # a rule under a title is no line of words (a short unit)
    ("Fil{}: a.sh", True),  # a File: or Files: field
]


@pytest.mark.parametrize(("template", "every"), CLASS_PLACES)
def test_every_code_point_where_a_class_decides(template: str, every: bool) -> None:
    assert _disagreements(template, every) == []


# The letters of the notices under IGNORECASE (re takes for "i" also U+0130 and U+0131),
# where a unit opens with one, and inside a line.
WORDS = [f"{'copyright'[:k]}{{}}{'copyright'[k + 1 :]}" for k in range(9)]
LETTER_PLACES = (
    [f"{word} 2004" for word in WORDS] + [f"lib - {word} 2004" for word in WORDS] + ["({}) 2004", "x ({}) 2004"]
)


@pytest.mark.parametrize("template", LETTER_PLACES)
def test_every_code_point_for_each_letter_of_a_notice(template: str) -> None:
    """(No table is read for a letter: BARE stands for the code points without a property.)"""
    assert _disagreements(template, every=False) == []


def test_a_lone_surrogate_is_left_to_python() -> None:
    units = ["Copyright 2004", " Copyright \ud800", "\t[x\udfff]", "\ud800Copyright"]
    assert core.unit_marks(units)[2] == [1, 2, 3]
    assert reference.unit_marks(units) == ([8, 8, 7, None], [0, 1, 8, 0], [False] * 4)


# Units as they come, with the pieces the marks read made likely.
# fmt: off
PIECES = [
    "Copyright", "COPYRIGHT", "copyright", "CopyrIght", "copyr\u0130ght", "copyr\u0131ght", "Copyrights",
    "copyright_", "©", "(c)", "(C)", "(c) ", "( c)", "2004", " 1996-2003", "١٩٩٦", "\U0001d7ce", "Files:",
    "Files: *", "files:", "scsi: qedf:", "libgm2/libmin/:", "a*b:", "src/*.c:", "[1b]", "[", "]", "[ ]",
    "(24) Name", "(1a)\tx", "(1234) x", "(7b) ", "(", ")", " ", "  ", "\t", "\x1c", "\x1f", "\r\n", "\n",
    "\r", "\x0b", "\x0c", "\u2028", "\u2029", "\x85", "\u00a0", "\u3000", "_", "x", "é", "Σ", "\u212a",
    "\u017f", ":", "/", "*", "-", "Example Labs", "Usage:", "\x00", "   ", "-v", "^l", "<Esc>", "x.", "\n  ", "-G, --groups G", "\t\t", "- ", '"""\n', "---\n",
]
# fmt: on
units = st.lists(st.sampled_from(PIECES) | st.text(st.characters(codec="utf-8"), max_size=4), max_size=14).map("".join)
# Labels at their limits: up to 60 around a / or *, 1 to 12 in brackets, 1 to 60 after a number.
labels = st.one_of(
    st.builds(
        lambda a, s, b: f"{'a' * a}{s}{'b' * b}:", st.integers(0, 64), st.sampled_from("/*:x"), st.integers(0, 64)
    ),
    st.builds(lambda n, c: f"[{c * n}]", st.integers(0, 15), st.sampled_from("x]é\t")),
    st.builds(
        lambda d, x, sep, n: f"({'7' * d}{x}){sep}{'y' * n}",
        st.integers(0, 4),
        st.sampled_from(["", "b", "B", "é"]),
        st.sampled_from([" ", "\t", "", "  ", "\x1c"]),
        st.integers(0, 64),
    ),
)
label_units = st.lists(
    st.tuples(labels, st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\n\n", " \n\t"])), max_size=10
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=300)
@given(st.lists(units | label_units, max_size=8))
def test_marks_agree(raws: list[str]) -> None:
    marks, indents, unknown, tags = core.unit_marks(raws)
    assert unknown == []
    assert list(zip(marks, indents, tags, strict=True)) == _reference(raws)


# Every label at and around its limits: 60 on either side of a / or *, 1 to 12 in
# brackets, 1 to 3 digits and 1 to 60 after a numbered title.
LIMITS = (
    [f"{'a' * a}{sign}{'b' * b}:" for a in (0, 59, 60, 61) for b in (0, 59, 60, 61) for sign in "/*"]
    + [f"[{'x' * n}]" for n in range(15)]
    + [f"({'7' * d}{x}) {'y' * n}" for d in range(5) for x in ("", "b") for n in (0, 1, 59, 60, 61)]
)


def test_labels_at_their_limits() -> None:
    raws = [f"{indent}{label}{end}" for label in LIMITS for indent in ("", " \t") for end in ("", "\n", "\r\nx/y:")]
    marks, indents, _, tags = core.unit_marks(raws)
    assert list(zip(marks, indents, tags, strict=True)) == _reference(raws)
    assert None in marks and 7 in marks


def test_every_indentation_of_up_to_five() -> None:
    pieces = [" ", "\t", "\x1c", "\u00a0", "x"]
    raws = ["".join(p) + "Copyright 2004" for n in range(6) for p in itertools.product(pieces, repeat=n)]
    marks, indents, _, tags = core.unit_marks(raws)
    assert list(zip(marks, indents, tags, strict=True)) == _reference(raws)
    assert len(set(indents)) > 10


@settings(max_examples=300)
@given(st.lists(st.integers(-3, 12) | st.integers(-(2**70), 2**70), max_size=40))
def test_parents_agree(indents: list[int]) -> None:
    with mock.patch.object(nesting, "core", None):
        expected = nesting.parents(indents)
    assert nesting.parents(indents) == expected
    if all(abs(width) < 2**63 for width in indents):
        assert core.parents(indents) == expected


def _paragraphs() -> list[str]:
    return [
        part
        for path in sorted(EXAMPLES.rglob("*.txt"))
        for part in path.read_text(encoding="utf-8", errors="replace").split("\n\n")
    ]


def test_examples_marks_alike() -> None:
    paragraphs = _paragraphs()
    assert len(paragraphs) > 100
    marks, indents, _, tags = core.unit_marks(paragraphs)
    assert list(zip(marks, indents, tags, strict=True)) == _reference(paragraphs)
    assert any(marks) and any(indents)


def test_examples_clean_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    with_core = [dedup.clean(text) for text in texts]
    monkeypatch.setattr(reference, "core", None)
    without = [dedup.clean(text) for text in texts]
    assert [r.text for r in with_core] == [r.text for r in without]
    assert [r.findings for r in with_core] == [r.findings for r in without]
