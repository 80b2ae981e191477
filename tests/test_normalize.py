"""The comparison form (rule 3) and the numbers of a paragraph (rule 4)."""

from __future__ import annotations

import sys
import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.text.normalize import code_form, normalize, python_size, size

# --------------------------------------------------------------------------- table


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # casefold (not just lower) and NFKC
        ("Hello World", "helloworld"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
        ("ﬁne", "fine"),  # ligature
        ("①②", "12"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("x²", "x2"),
        # quotes
        ("“quoted” ‘single’ «guillemets» „low“ ‹one›", '"quoted"\'single\'"guillemets""low"\'one\''),
        ("don't don’t don`t", "don'tdon'tdon't"),
        ("'$HOME' \"$HOME\"", "'$home'\"$home\""),  # a single quote is not a double one
        ("「かぎ」『二重』", '"かぎ""二重"'),
        ("＂fullwidth＂", '"fullwidth"'),
        # dashes
        ("a-b‐c‑d‒e–f—g―h−i", "a-b-c-d-e-f-g-h-i"),
        ("x－y﹣z﹘w", "x-y-z-w"),
        ("2020–2021", "2020-2021"),
        # whitespace of every kind, and invisible format characters, are removed
        ("a b\tc\u00a0d\u3000e\u2028f\u2029g\r\nh", "abcdefgh"),
        ("a\x0bb\x0cc\x85d\u2009e\u202ff\u205fg", "abcdefg"),
        ("zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom", "zerowidthnonjoinerwordbom"),
        ("soft\u00adhyphen", "softhyphen"),
        (
            "bidi\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069marks",
            "bidimarks",
        ),
        ("   ", ""),
        ("", ""),
        # Arabic: harakat, tanwin, shadda, sukun removed
        ("مُحَمَّدٌ", "محمد"),
        ("كِتَابًا", "كتابا"),
        ("بٍ بٌ بْ بّ", "بببب"),
        ("ٱلرَّحْمَٰنِ", "الرحمان"),  # the superscript (dagger) alef is an alef
        # letter variants of the Arabic script: Persian and Urdu keyboards, spelling habits
        ("یک کتاب", "يككتاب"),  # Farsi yeh, keheh
        ("على", "علي"),  # alef maksura
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("ہے", "هي"),  # Urdu heh goal, yeh barree
        ("ھم", "هم"),  # heh doachashmee
        # tatweel removed
        ("كتـــاب", "كتاب"),
        ("الحكــــومة", "الحكومه"),  # (and teh marbuta as heh)
        # alef forms unified
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمن", "امن"),
        ("ٱلله", "الله"),
        ("ا\u0653من", "امن"),  # alef + maddah (NFD of آ)
        ("ا\u0654", "ا"),  # alef + hamza above (NFD of أ)
        # Quranic marks
        ("قال\u06d6 \u06d7\u06d8\u06d9\u06da\u06db\u06dc", "قال"),
        ("ربك\u06df\u06e0\u06e1\u06e2\u06e3\u06e4", "ربك"),
        ("\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061aن", "ن"),
        ("ن\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed", "ن"),
        # digits of other scripts become ASCII
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("०१२३४५६७८९", "0123456789"),
        ("০১২৩", "0123"),
        ("๐๑๒๓", "0123"),
        ("０１２３", "0123"),
        ("𝟎𝟏𝟐𝟑", "0123"),
        ("፩", "፩"),  # Ethiopic numerals are not decimal digits (No, not Nd): kept
    ],
)
def test_normal_text(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "numbers"),
    [
        ("no numbers here", ()),
        ("12 killed", ("12",)),
        ("007 times", ("7",)),
        ("0", ("0",)),
        ("000", ("0",)),
        ("0 and 00 and 000", ("0", "0", "0")),
        ("10 21", ("10", "21")),  # two numbers, although the normal text is 1021
        ("1021", ("1021",)),
        ("10\u00a021", ("10", "21")),
        ("10\u200b21", ("10", "21")),
        ("10\t21\r\n5", ("10", "21", "5")),
        ("v1.2.3", ("1", "2", "3")),
        ("1,000,000", ("1", "0", "0")),
        ("12abc34", ("12", "34")),
        ("١٢ قتيلا", ("12",)),
        ("١٠ ٢١", ("10", "21")),
        ("٠٠٧", ("7",)),
        ("۲۰۲۴", ("2024",)),
        ("１２億", ("12",)),
        ("a1٢3b", ("123",)),  # mixed scripts in one run of digits
        ("x²", ("2",)),
        ("2020–2021", ("2020", "2021")),
    ],
)
def test_numbers(raw: str, numbers: tuple[str, ...]) -> None:
    assert normalize(raw).numbers == numbers


def test_ten_twenty_one_is_not_one_thousand_twenty_one() -> None:
    a, b = normalize("Flight 10 21 was delayed"), normalize("Flight 1021 was delayed")
    assert a.text == b.text  # equal texts match whatever the numbers ...
    assert a.numbers != b.numbers  # ... but the numbers do differ


def test_leading_zeros_do_not_change_the_number() -> None:
    assert normalize("room 007").numbers == normalize("room 7").numbers
    assert normalize("room 007").text != normalize("room 7").text


# --------------------------------------------------------------------------- every quote, every dash

# Unicode's Quotation_Mark property, plus the ASCII backtick; the single ones (and the
# backtick and single primes) become ', the others "
SINGLE_QUOTES = {chr(c) for c in (0x27, 0x60, *range(0x2018, 0x201C), 0x2032, 0x2035, 0x2039, 0x203A, 0xFF07)}
QUOTES = [chr(c) for c in (0x22, 0x27, 0x60, 0xAB, 0xBB, *range(0x2018, 0x2020), 0x2039, 0x203A)]
QUOTES += [chr(c) for c in (*range(0x300C, 0x3010), 0x301D, 0x301E, 0x301F)]
QUOTES += [chr(c) for c in (*range(0xFE41, 0xFE45), 0xFF02, 0xFF07, 0xFF62, 0xFF63)]
MISSING_QUOTES: set[str] = set()  # U+2E42 was missing; fixed

# Unicode's Dash property
DASHES = [
    chr(c)
    for c in (
        0x2D, 0x58A, 0x5BE, 0x1400, 0x1806, *range(0x2010, 0x2016), 0x2053, 0x207B, 0x208B,
        0x2212, 0x2E17, 0x2E1A, 0x2E3A, 0x2E3B, 0x2E40, 0x2E5D, 0x301C, 0x3030, 0x30A0,
        0xFE31, 0xFE32, 0xFE58, 0xFE63, 0xFF0D, 0x10EAD,
    )
]  # fmt: skip
MISSING_DASHES: set[str] = set()  # all fixed by using the Dash property
FIXED_DASHES = {
    "\u058a",  # ARMENIAN HYPHEN
    "\u05be",  # HEBREW PUNCTUATION MAQAF
    "\u1400",  # CANADIAN SYLLABICS HYPHEN
    "\u2053",  # SWUNG DASH
    "\u2e17",  # DOUBLE OBLIQUE HYPHEN
    "\u2e1a",  # HYPHEN WITH DIAERESIS
    "\u2e40",  # DOUBLE HYPHEN
    "\u2e5d",  # OBLIQUE HYPHEN
    "\u301c",  # WAVE DASH
    "\u3030",  # WAVY DASH
    "\u30a0",  # KATAKANA-HIRAGANA DOUBLE HYPHEN
    "\U00010ead",  # YEZIDI HYPHENATION MARK
}


def _params(chars: list[str], missing: set[str], what: str) -> list[object]:
    return [
        pytest.param(
            c,
            id=f"U+{ord(c):04X}",
            marks=[
                pytest.mark.xfail(
                    strict=True, reason=f"engine bug: a Unicode {what} character is not unified"
                )
            ]
            if c in missing
            else [],
        )
        for c in chars
    ]


@pytest.mark.parametrize("quote", _params([*QUOTES, "\u2e42"], MISSING_QUOTES, "Quotation_Mark"))
def test_every_quotation_mark_is_a_plain_quote(quote: str) -> None:
    assert normalize(f"a{quote}b").text == ("a'b" if quote in SINGLE_QUOTES else 'a"b')


@pytest.mark.parametrize("dash", _params(DASHES, MISSING_DASHES, "Dash"))
def test_every_dash_is_a_hyphen_minus(dash: str) -> None:
    assert normalize(f"a{dash}b").text == "a-b"


def test_acute_accent_used_as_apostrophe() -> None:
    assert normalize("don´t").text == normalize("don't").text


# --------------------------------------------------------------------------- Arabic marks

ARABIC_BLOCKS = [(0x0600, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900), (0xFB50, 0xFE00)]
# every combining mark but the superscript (dagger) alef, which is a letter: an alef
ARABIC_MARKS = [
    chr(c)
    for a, b in ARABIC_BLOCKS
    for c in range(a, b)
    if unicodedata.category(chr(c)) == "Mn" and c != 0x0670
]
# Unicode 14 Quranic marks, and ARABIC SUKUN BELOW, that the engine's ranges leave out
MISSING_ARABIC: set[str] = set()  # U+0898-089F and U+08CA-08D2 were missing; fixed


@pytest.mark.parametrize(
    "mark",
    [
        pytest.param(
            m,
            id=f"U+{ord(m):04X}",
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    reason="engine bug: an Arabic combining mark (Quranic mark / sukun) is kept",
                )
            ]
            if m in MISSING_ARABIC
            else [],
        )
        for m in ARABIC_MARKS
    ],
)
def test_every_arabic_combining_mark_is_removed(mark: str) -> None:
    assert normalize(f"\u0628{mark}\u062a").text == "\u0628\u062a"


def test_the_dagger_alef_is_an_alef() -> None:
    assert normalize("\u0628\u0670\u062a").text == "\u0628\u0627\u062a"


def test_harakat_and_tatweel_do_not_change_the_normal_form() -> None:
    plain = "اعلنت الحكومة عن خطة جديدة للتعليم في عام 2024"
    marked = "أَعْلَنَتِ الْحُكُــــومَةُ عَنْ خُطَّةٍ جَدِيدَةٍ لِلتَّعْلِيمِ فِي عَامِ ٢٠٢٤"
    assert normalize(marked)[:2] == normalize(plain)[:2]  # text and numbers (spaced is the paragraph as written)


# --------------------------------------------------------------------------- digits of every script

DECIMAL_DIGITS = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd"]


def test_every_decimal_digit_becomes_ascii() -> None:
    assert len(DECIMAL_DIGITS) > 600
    wrong = {
        c: normalize(c)
        for c in DECIMAL_DIGITS
        if normalize(c)[:2] != (str(unicodedata.digit(c)), (str(unicodedata.digit(c)),))
    }
    assert wrong == {}


def _digit_unknown_to_python() -> str | None:
    """A character the ``regex`` module calls a decimal digit (\\p{Nd}) but this
    Python's ``unicodedata`` does not know (a newer Unicode version)."""
    for c in range(0x10000, sys.maxunicode + 1):
        ch = chr(c)
        if regex.match(r"\p{Nd}", ch) and unicodedata.digit(ch, None) is None:
            return ch
    return None


def test_digits_newer_than_python_do_not_crash() -> None:
    ch = _digit_unknown_to_python()
    if ch is None:
        pytest.skip("regex and unicodedata agree on this Python")
    text = f"A sentence with the digit {ch} in it, long enough to count.\n"
    assert normalize(ch).text  # no exception, and the digit is not dropped
    result = dedup.clean(text + "\n" + text)
    assert result.text == text


# --------------------------------------------------------------------------- properties

ACCENTED = "aeiouAEIOUcnsyzCNSYZ\u0301\u0300\u0302\u0308\u0327\u030c\u0303 \u00e9\u00c5\u1e9b\uac00\u1100\u1161\u11a8"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ACCENTED), max_size=30))
def test_nfd_nfc_nfkd_nfkc_normalise_alike(text: str) -> None:
    expected = normalize(unicodedata.normalize("NFC", text))
    for form in ("NFD", "NFKD", "NFKC"):
        assert normalize(unicodedata.normalize(form, text))[:2] == expected[:2]
    assert normalize(text)[:2] == expected[:2]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normal_text_holds_no_whitespace_or_format_character(text: str) -> None:
    # Unicode's White_Space (Python's str.isspace also counts U+001C..U+001F)
    normal = normalize(text)
    assert not regex.search(r"[\p{White_Space}\p{Cf}]", normal.text)
    assert all(n == "0" or (n.isascii() and n.isdigit() and n[0] != "0") for n in normal.numbers)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(["alpha", "ΒΕΤΑ", "gàmma", "دلتا", "東京"]), max_size=6),
    number=st.integers(0, 10**6),
    zeros=st.integers(0, 3),
    digits=st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９"]),
)
def test_a_number_in_any_script_reads_as_its_value(
    words: list[str], number: int, zeros: int, digits: str
) -> None:
    rendered = "".join(digits[int(d)] for d in "0" * zeros + str(number))
    normal = normalize(" ".join([*words, rendered, *words]))
    assert normal.numbers == (str(number),)
    assert normal[:2] == normalize(" ".join([*words, "0" * zeros + str(number), *words]))[:2]


@pytest.mark.parametrize("script", ["x", "é", "ж", "漢"])
def test_a_code_blocks_indentation_weighs_nothing_in_any_script(script: str) -> None:
    """A code form keeps its lines' indentation as spaces (code_form); a space is no
    letter, digit or mark, so the block weighs its characters alone, whether its text
    is ASCII or not (a separator had counted in text with any non-ASCII character)."""
    raw = f"    {script} = f(1)\n        {script}{script}\n"
    form = code_form(raw, normalize(raw))
    assert "        " in form.text
    assert size(form.text) == python_size(form.text) == 5
    assert size(f"a b{script}") == 3 and size("\u00a0\u2028\u3000") == 0
