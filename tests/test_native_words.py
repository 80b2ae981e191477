"""The compiled core's word rule gives what the Python reference gives.

``identifiers`` and ``joined_words`` of :mod:`dedup._native` are checked against
:func:`dedup.text.words._identifiers` and :func:`dedup.text.words.words` on every
code point in each place the rule's classes look at it, on hypothesis's paragraphs
(paths, URLs, addresses, names, options, versions, tags, typos, plurals, case,
unspaced scripts, marks, format characters, newlines) and on the examples; and the
rule's answers (:func:`refusal`, :func:`case_refusal`, the engine's output) are the
same with the core as with the Python engine. With ``DEDUP_ENGINE=python`` (or a
build without the core) these tests skip.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import native
from dedup.text import marks, words

core = native.core
pytestmark = pytest.mark.skipif(core is None, reason="the compiled core is off or not built")

EXAMPLES = Path(__file__).parent.parent / "examples"
# One token a place where a class decides: edges and format characters, a letter
# after a digit, a number after a letter, both sides of a dot, three dotted parts
# in capitals, an acronym, CamelCase
# (lower-case by the regex's class and by str.islower), an option, an unspaced script.
TOKENS = "{c}ab.cd{c} x{c} a.{c} {c}.a {c}{c} {c}B{c} xB{c} -{c} {c}1a A.B{c}.C {c}.Q.{c} W.{c}{c}.Z"
# In a paragraph written in capitals (a long upper-case word outweighs the chunk's
# lower-case letters), acronyms and CamelCase are not identifiers.
SHOUTED = "{c}{c} {c}B{c}"
CAPITALS = "Z" * 5000


def assigned() -> Iterator[str]:
    """Every code point this Python assigns (a Cn one in an identifier makes the core
    leave the paragraph to Python: see test_unassigned_is_left_to_python)."""
    return (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and unicodedata.category(chr(c)) != "Cn")


def chunks(size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for c in assigned():
        chunk.append(c)
        if len(chunk) == size:
            yield chunk
            chunk = []
    yield chunk


def agree(text: str) -> bool:
    return core.identifiers(text) == words._identifiers(text)


@pytest.mark.parametrize(("prefix", "tokens"), [("", TOKENS), (CAPITALS, SHOUTED)])
def test_identifiers_of_every_code_point(prefix: str, tokens: str) -> None:
    """Each chunk of code points in one paragraph (fast); a chunk that disagrees is
    asked again code point by code point, to name them."""
    wrong = []
    for chunk in chunks(1000):
        if not agree(" ".join([prefix, *(tokens.format(c=c) for c in chunk)])):
            wrong += [c for c in chunk if not agree(f"{prefix} {tokens.format(c=c)}")]
    assert [hex(ord(c)) for c in wrong] == []
    assert words._identifiers(f"{CAPITALS} SPR iPhone") == () and words._identifiers("SPR iPhone") == ("spr", "iphone")


def test_list_markers_of_every_code_point() -> None:
    """A list marker keeps the tags after it: ``1. tag:``; the regex's ``\\d`` is any
    decimal digit."""
    wrong = []
    for c in assigned():
        paragraph = f"{c}. t:"
        marker = marks.MARKER.match(paragraph.split()[0]) is not None
        if (core.identifiers(paragraph) == ("t",)) != marker:
            wrong.append(c)
    assert [hex(ord(c)) for c in wrong] == []
    for paragraph in ("[x] t:", "[a]b] t:", "123) t:", "1234) t:", "٣. t:", "- t:", "• t:", "– t:", "-- t:"):
        assert core.identifiers(paragraph) == words._identifiers(paragraph), paragraph


def test_shouting_of_every_code_point() -> None:
    """A paragraph is in capitals when most of its letters (str.isalpha) are upper
    case (str.isupper): ``CD`` is then not an acronym. Five of ten letters are."""
    wrong = []
    for c in assigned():
        shouting = c.isalpha() and c.isupper()
        if ("cd" in core.identifiers(f"xyzwv TAG CD {c}")) == shouting:
            wrong.append(c)
    assert [hex(ord(c)) for c in wrong] == []
    assert words._identifiers("xyzwv TAG CD É") == () and words._identifiers("xyzwv TAG CD é") == ("tag", "cd")


def test_words_of_every_code_point() -> None:
    wrong = []
    for chunk in chunks(2000):
        paragraph = " ".join(f"a{c}b{c}" for c in chunk)
        if core.joined_words(paragraph) != "\0".join(words.words(paragraph)):
            wrong += [c for c in chunk if core.joined_words(f"a{c}b{c}") != "\0".join(words.words(f"a{c}b{c}"))]
    assert [hex(ord(c)) for c in wrong] == []


def test_unassigned_is_left_to_python() -> None:
    """fold() of a code point this Python does not assign is Python's to decide."""
    unassigned = next(chr(c) for c in range(0x3000, 0x110000) if unicodedata.category(chr(c)) == "Cn")
    assert core.identifiers(f"see v1{unassigned}") is None and core.joined_words(unassigned) is None
    assert core.identifiers(f"just {unassigned} prose") == words._identifiers(f"just {unassigned} prose") == ()
    with python_engine():
        assert words.identifiers(f"see v1{unassigned}") == words._identifiers(f"see v1{unassigned}")


def test_a_lone_surrogate_is_left_to_python() -> None:
    assert core.identifiers("x\ud800 v1") is None and core.joined_words("x\ud800") is None
    assert words.identifiers("see v1\ud800") == words._identifiers("see v1\ud800")


@contextmanager
def python_engine() -> Iterator[None]:
    """The word rule without the core (its caches emptied either side)."""
    saved = words._core
    cached = (words.identifiers, words.named, words._joined_words, words.refusal)
    words._core = None
    for function in cached:
        function.cache_clear()
    try:
        yield
    finally:
        words._core = saved
        for function in cached:
            function.cache_clear()


# Paragraphs of the tokens the rule treats specially, and their near copies.
NAMES = [
    "/usr/share/doc", "C:\\Temp\\x.log", "https://example.org/a_b?x=1", "Me@Example.org", "snake_case_name",
    "libxt_CONNMARK.c", "BlockdevOptionsCurlHttps", "iPhone", "nginx.service", "example.com", "It.The", "SPR",
    "CODEC", "ABCDEFG", "-S", "-s", "--force", "--", "-1", "GPL-2+", "(5.1~beta1-1)", "rc1", "005a", "20mm", "20",
    "mm", "scsi:", "qedf:", "ALSA:", "hdspm:", "std::vec", "-", "*", "•", "1.", "12)", "[note]", "[a]b]", "x:",
    "error", "errors", "across", "acros", "people", "peo", "ple", "peeple", "teh", "the", "not", "start", "stop",
    "women's", "men's", "Don’t", "STOP", "Ünïcödé", "ǅemal", "ΣΊΣΥΦΟΣ", "straße", "İstanbul", "予算は12億円",
    "東京都", "ภาษาไทย", "ພາສາລາວ", "e\u0301te\u0301", "a\u200bb", "\u00adsoft", "x\ufeffy", "word\u2028line",
    "\x1cfs", "١٢٣", "٣.", "Ⅻ", "ﬁle", "①", "a_\u0301", "x.\u0301y", "—", "…", "«quoted»", "'single'", "`tick`",
]
token = st.sampled_from(NAMES) | st.text(st.characters(codec="utf-8"), min_size=1, max_size=8)
separator = st.sampled_from([" ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\x1f", ""])
paragraph = st.lists(st.tuples(token, separator), max_size=14).map(lambda parts: "".join(t + s for t, s in parts))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A paragraph and a near copy: tokens changed, dropped, added, re-cased or split."""
    a = draw(paragraph)
    parts = a.split(" ")
    for _ in range(draw(st.integers(0, 3))):
        k = draw(st.integers(0, max(0, len(parts) - 1)))
        edit = draw(st.sampled_from(["swap", "drop", "add", "upper", "lower", "split", "typo"]))
        if not parts:
            parts = [draw(token)]
        elif edit == "swap":
            parts[k] = draw(token)
        elif edit == "drop":
            del parts[k]
        elif edit == "add":
            parts.insert(k, draw(token))
        elif edit == "upper":
            parts[k] = parts[k].upper()
        elif edit == "lower":
            parts[k] = parts[k].lower()
        elif edit == "split" and len(parts[k]) > 1:
            cut = draw(st.integers(1, len(parts[k]) - 1))
            parts[k] = parts[k][:cut] + " " + parts[k][cut:]
        elif edit == "typo" and len(parts[k]) > 1:
            cut = draw(st.integers(0, len(parts[k]) - 2))
            parts[k] = parts[k][:cut] + parts[k][cut + 1] + parts[k][cut] + parts[k][cut + 2 :]
    return a, " ".join(parts)


def spaced(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_the_rule_agrees_on_pairs(pair: tuple[str, str]) -> None:
    a, b = pair
    for text in (a, b, spaced(a), spaced(b)):
        found = core.identifiers(text)
        assert found is None or found == words._identifiers(text)
        joined = core.joined_words(text)
        assert joined is None or joined == "\0".join(words.words(text))
    a, b = spaced(a), spaced(b)
    answers = (words.refusal(a, b), words.refusal(b, a), words.case_refusal(a, b), words.named(a))
    with python_engine():
        assert (words.refusal(a, b), words.refusal(b, a), words.case_refusal(a, b), words.named(a)) == answers


def test_examples_agree() -> None:
    paragraphs = [
        spaced(part)
        for path in sorted(EXAMPLES.rglob("*"))
        if path.suffix in (".txt", ".md")
        for part in path.read_text(encoding="utf-8", errors="replace").split("\n\n")
    ]
    assert len(paragraphs) > 100
    for text in paragraphs:
        assert core.identifiers(text) in (None, words._identifiers(text))
        assert core.joined_words(text) in (None, "\0".join(words.words(text)))
    near = [(a, b) for a, b in zip(paragraphs, paragraphs[1:], strict=False)]
    answers = [(words.refusal(a, b), words.case_refusal(a, b)) for a, b in near]
    with python_engine():
        assert [(words.refusal(a, b), words.case_refusal(a, b)) for a, b in near] == answers


def test_the_engine_cleans_the_examples_alike() -> None:
    texts = [
        path.read_text(encoding="utf-8")
        for path in sorted(EXAMPLES.glob("*.txt"))
        if not path.name.endswith(".expected.txt")
    ]
    assert len(texts) > 20
    found = [dedup.clean(text) for text in texts]
    with python_engine():
        assert [dedup.clean(text) for text in texts] == found
