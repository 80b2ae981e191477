"""The compiled core gives what the Python reference gives, byte for byte.

Each function of :mod:`dedup._native` is checked against its twin in
:mod:`dedup.text`: on every code point where a table is involved, on hypothesis's
strings (every script, combining marks, CRLF, NUL, empty), and on the project's
examples. With ``DEDUP_ENGINE=python`` (or a build without the core) these tests skip.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import native
from dedup.text import normalize as reference

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")


def every() -> Iterator[str]:
    """Every code point but the surrogates (made on demand: kept for the whole run, a
    million strings would weigh on every later test's subprocesses)."""
    return (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


EXAMPLES = Path(__file__).parent.parent / "examples"

# Text as it comes: any code point, with the ones the rule treats specially more likely.
SPECIAL = (
    "\r\n\t \x00\x1c\u00a0\u00ad\u200b\u2028\ufeff´`˝'\"“”«»—–-\u0301\u0308\u064b\u0640ـأإآةىی١٢٣۴０１ﬁ…Åß İ Σςΐǅẞŉ"
)
texts = st.text(st.characters(codec="utf-8") | st.sampled_from(SPECIAL), max_size=60)


def test_core_is_on_in_ci() -> None:
    """CI builds the core: a run that silently fell back to Python would test nothing here."""
    if os.environ.get("CI"):
        assert native.ENGINE == "native"


def test_unicode_tables_are_this_pythons() -> None:
    assert unicodedata.unidata_version == core.UNIDATA_VERSION


def test_nfkc_of_every_assigned_code_point() -> None:
    assigned = (c for c in every() if unicodedata.category(c) != "Cn")
    wrong = [c for c in assigned if core.nfkc(c) != unicodedata.normalize("NFKC", c)]
    assert wrong == []


@pytest.mark.parametrize("keep_case", [False, True])
def test_fold_of_every_code_point(keep_case: bool) -> None:
    wrong = []
    for c in every():
        found = core.fold(c, keep_case)
        if found is None:
            assert unicodedata.category(c) == "Cn", hex(ord(c))
        elif found != reference.fold(c, keep_case=keep_case):
            wrong.append(c)
    assert wrong == []


def test_squeeze_and_size_of_every_code_point() -> None:
    assert [c for c in every() if core.squeeze(f"a{c}b") != reference._squeeze(f"a{c}b")] == []
    assert [c for c in every() if core.size(f"a{c}") != reference.python_size(f"a{c}")] == []
    assert core.size("x\ud800") is None  # a lone surrogate: Python sizes it
    assert reference.size("x\ud800 \u00e9") == reference.python_size("x\ud800 \u00e9") == 2  # (a space weighs nothing)


def test_a_lone_surrogate_is_left_to_python() -> None:
    """A str from JSON may hold one; it has no UTF-8, so the core cannot read it."""
    raws = ["ok", "x\ud800 y"]
    assert core.normalize_many(raws)[1] is None
    assert core.normal_text(raws[1]) is None
    assert reference.normalize_many(raws) == [reference.normalize(raw) for raw in raws]


def test_a_code_point_python_does_not_assign_is_left_to_python() -> None:
    unassigned = next(c for c in every() if unicodedata.category(c) == "Cn" and ord(c) > 0x3000)
    raw = f"x{unassigned}\u0301 y"
    assert core.normalize_many([raw]) == [None]
    assert reference.normalize_many([raw]) == [reference.normalize(raw)]


@settings(max_examples=400)
@given(texts, st.booleans())
def test_fold_agrees(raw: str, keep_case: bool) -> None:
    found = core.fold(raw, keep_case)
    if found is not None:
        assert found == reference.fold(raw, keep_case=keep_case)


@settings(max_examples=400)
@given(st.lists(texts, max_size=8))
def test_normalize_agrees(raws: list[str]) -> None:
    assert reference.normalize_many(raws) == [reference.normalize(raw) for raw in raws]
    for raw, form in zip(raws, core.normalize_many(raws), strict=True):
        if form is not None:
            assert tuple(form) == tuple(reference.normalize(raw))
            assert core.size(form[0]) == reference.python_size(form[0]) == reference.size(form[0])


def _agree(raws: list[str]) -> list[str]:
    """The texts whose compiled form differs from the reference's (None: left to Python)."""
    forms = core.normalize_many(raws)
    return [raw for raw, form in zip(raws, forms, strict=True) if form is not None and tuple(form) != tuple(reference.normalize(raw))]


def test_normalize_of_every_code_point() -> None:
    # In a context with digit runs around it, whitespace and a quote (the one-pass
    # form reads numbers and squeezes as it folds).
    points = list(every())
    for start in range(0, len(points), 50_000):
        assert _agree([f"Ab0{c}07 {c}'x\u00e9" for c in points[start : start + 50_000]]) == []


def test_normalize_of_every_composing_pair() -> None:
    # Every canonical pair that NFKC composes (and what decomposes to it), alone and
    # between letters: the core folds a text in one pass only when no character of
    # it can compose with the one before.
    pairs = []
    for c in every():
        mapping = unicodedata.decomposition(c).split()
        if len(mapping) == 2 and not mapping[0].startswith("<"):
            pair = "".join(chr(int(code, 16)) for code in mapping)
            pairs += [pair, f"a{pair}b", unicodedata.normalize("NFD", c), f"x {pair}1"]
    hangul = [chr(0x1100 + k) + chr(0x1161 + k % 21) for k in range(19)]  # lead + vowel
    hangul += [chr(0xAC00 + 28 * k) + chr(0x11A8 + k % 27) for k in range(0, 11172 // 28, 7)]  # LV + trail
    assert len(pairs) > 2000
    assert _agree(pairs + hangul) == []


@settings(max_examples=200)
@given(st.lists(texts, max_size=6).map("\n".join))
def test_normal_text_agrees(raw: str) -> None:
    found = core.normal_text(raw)
    if found is not None:
        assert found == "".join(reference._squeeze(reference.fold(line)) for line in raw.split("\n"))


def test_examples_normalise_alike() -> None:
    paragraphs = [
        part
        for path in sorted(EXAMPLES.rglob("*"))
        if path.is_file()
        for part in path.read_text(encoding="utf-8", errors="replace").split("\n\n")
    ]
    assert len(paragraphs) > 100
    forms = core.normalize_many(paragraphs)
    assert [tuple(reference.normalize(p)) for p in paragraphs] == [
        tuple(f) if f is not None else tuple(reference.normalize(p)) for p, f in zip(paragraphs, forms, strict=True)
    ]
