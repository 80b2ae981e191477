"""Write the examples of the cleaning passes (``dedup.text.fixes``), one or more per pass.

Each case is ``NAME.txt`` (the input), ``NAME.expected.txt`` (the text the passes must
give back, byte for byte) and ``NAME.fixes.json`` (``{"fixes": [...], "empty": bool,
"dedup": bool}``: the passes, as given to ``--fix``, whether ``empty-docs`` flags the
result, and whether dedup runs too, as in ``clean_and_fix``). The
expected texts below are written by hand, not taken from the code. Run
``python examples/fixes/make_fix_examples.py [OUTDIR]`` to rewrite the files;
``tests/test_fixes.py`` checks that this regenerates every file exactly.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path


def sloppy_1252(text: str) -> str:
    """``text`` as UTF-8 bytes read as Windows-1252 (undefined bytes as Latin-1): mojibake."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def as_1251(text: str) -> str:
    """``text`` as UTF-8 bytes read as Windows-1251 (Cyrillic mojibake)."""
    return text.encode("utf-8").decode("cp1251")


def NFD(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@dataclass(frozen=True)
class Case:
    name: str
    fixes: list[str]
    before: str
    after: str
    empty: bool = False
    dedup: bool = False  # through clean_and_fix: the passes, dedup, then blank-lines again


FR = "Le café de la gare a rouvert ses portes à 7 h."
RU = "Привет из Москвы, погода ясная."
AR = "مرحبا بكم في المدينة القديمة"
JA = "東京の天気は晴れです。"
RU_NEWS = "Городской совет утвердил новый бюджет во вторник вечером."
WIDE = "A table row that is wider than one hundred columns, so that each line of its block is a paragraph of its own."

CASES = [
    Case(
        "unicode_mojibake",
        ["unicode"],
        f"{sloppy_1252(FR)}\n"
        f"{sloppy_1252(RU)}\r\n"
        f"{as_1251(RU)}\n"
        f"{sloppy_1252(AR)}\n"
        f"{sloppy_1252(JA)}\n"
        "Clean lines stay: שלום עולם, “curly quotes”, ﬁ, ＦＵＬＬ, &amp; and a\x07bell.\n"
        f"{sloppy_1252('naïve — déjà vu')}",
        f"{FR}\n{RU}\r\n{RU}\n{AR}\n{JA}\n"
        "Clean lines stay: שלום עולם, “curly quotes”, ﬁ, ＦＵＬＬ, &amp; and a\x07bell.\n"
        "naïve — déjà vu",
    ),
    Case(
        "invisible_characters",
        ["invisible"],
        "\ufeffThe BOM at offset 0 stays; zero\u200bwidth space, soft\u00adhyphen and word\u2060joiner go.\n"
        "A bell\x07, a NUL\x00, an escape\x1b[1m and a stray BOM\ufeff in the middle go.\n"
        "العربية\u200b مع\u00ad مسافة صفرية\n"
        "Persian ZWNJ stays: کتاب\u200cها\n"
        "Bidi marks stay: \u200fשלום\u200e and \u2067عربي\u2069\n"
        "An emoji ZWJ sequence stays: 👩\u200d💻\n"
        "Tab\tand CRLF stay\r\n",
        "\ufeffThe BOM at offset 0 stays; zerowidth space, softhyphen and wordjoiner go.\n"
        "A bell, a NUL, an escape[1m and a stray BOM in the middle go.\n"
        "العربية مع مسافة صفرية\n"
        "Persian ZWNJ stays: کتاب\u200cها\n"
        "Bidi marks stay: \u200fשלום\u200e and \u2067عربي\u2069\n"
        "An emoji ZWJ sequence stays: 👩\u200d💻\n"
        "Tab\tand CRLF stay\r\n",
    ),
    Case(
        "nfc_decomposed",
        ["nfc"],
        NFD("Déjà vu au café, à Noël.\n")
        + "Already composed: élève, Müller.\n"
        + NFD("Tiếng Việt có dấu.\r\n")
        + "\u1112\u1161\u11ab\u1100\u1173\u11af \u110b\u1175\u11b8\u1102\u1175\u1103\u1161.\n"
        + "\u0627\u0654\u0646\u0627 \u0648\u0654\u0645\u0646\n"
        + "NFC keeps compatibility characters: ﬁ ＡＢ ① ｶ",
        "Déjà vu au café, à Noël.\n"
        "Already composed: élève, Müller.\n"
        "Tiếng Việt có dấu.\r\n"
        "한글 입니다.\n"
        "\u0623\u0646\u0627 \u0624\u0645\u0646\n"
        "NFC keeps compatibility characters: ﬁ ＡＢ ① ｶ",
    ),
    Case(
        "nfkc_compatibility",
        ["nfkc"],
        "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３, the ﬁrst ligature, ① and x².\n"
        "ﾊﾝｶｸ ｶﾀｶﾅ and ｶﾞ\n"
        "\ufefb \ufe8d\ufedf\ufee3\ufeaa\ufef3\ufee8\ufe94\n"
        "中文，全角标点！\n"
        "Plain text and 日本語の文章。 stay.\n",
        "Fullwidth ABC 123, the first ligature, 1 and x2.\n"
        "ハンカク カタカナ and ガ\n"
        "\u0644\u0627 \u0627\u0644\u0645\u062f\u064a\u0646\u0629\n"
        "中文,全角标点!\n"
        "Plain text and 日本語の文章。 stay.\n",
    ),
    Case(
        "trailing_space",
        ["trailing-space"],
        "Spaces at the end go.   \r\n"
        "Tabs too.\t\t\r\n"
        "Inner  spaces  stay.\r\n"
        "مرحبا بكم \r\n"
        "שלום עולם\t \r\n"
        "中文句子。  \r\n"
        "   \r\n"
        "A no-break space is not a space here:\u00a0\r\n"
        "No final newline.  ",
        "Spaces at the end go.\r\n"
        "Tabs too.\r\n"
        "Inner  spaces  stay.\r\n"
        "مرحبا بكم\r\n"
        "שלום עולם\r\n"
        "中文句子。\r\n"
        "\r\n"
        "A no-break space is not a space here:\u00a0\r\n"
        "No final newline.",
    ),
    Case(
        "blank_lines",
        ["blank-lines"],
        "\n  \n"
        "مرحبا بكم في المدينة\n"
        "\n\n\n"
        "東京の天気は晴れです。\n"
        " \t \n\n"
        "שלום עולם\n"
        "Two lines of one paragraph\n"
        "stay together.\n"
        "\n\n  \n",
        "مرحبا بكم في المدينة\n"
        "\n"
        "東京の天気は晴れです。\n"
        " \t \n"
        "שלום עולם\n"
        "Two lines of one paragraph\n"
        "stay together.\n",
    ),
    Case(
        "line_endings_lf",
        ["line-endings=lf"],
        "Windows line\r\nUnix line\nConverted twice\r\r\nA lone\rCR stays inside its line\r\nمرحبا\r\n中文\r\nlast",
        "Windows line\nUnix line\nConverted twice\nA lone\rCR stays inside its line\nمرحبا\n中文\nlast",
    ),
    Case(
        "line_endings_crlf",
        ["line-endings=crlf"],
        "Unix line\nWindows line\r\nConverted twice\r\r\nA lone\rCR stays inside its line\nשלום\n中文\n\n",
        "Unix line\r\nWindows line\r\nConverted twice\r\nA lone\rCR stays inside its line\r\nשלום\r\n中文\r\n\r\n",
    ),
    Case(
        "empty_docs",
        ["invisible", "trailing-space", "blank-lines", "empty-docs"],
        "\n  \n\u200b\n\t\u00a0\n\n",
        "",
        empty=True,
    ),
    Case(
        "empty_docs_kept",
        ["empty-docs"],
        "\u200b\n",
        "\u200b\n",
        empty=False,
    ),
    Case(
        "all_passes",
        ["unicode", "invisible", "nfc", "trailing-space", "blank-lines", "line-endings=lf", "empty-docs"],
        "\r\n"
        f"{sloppy_1252('Le café')} de la gare\u200b  \r\n"
        "\r\n\r\n"
        + NFD("Déjà vu, à Noël.\t\r\n")
        + "\u00a0\r\n"
        "مرحبا بكم\u00ad \r\n"
        "\r\n",
        "Le café de la gare\n\nDéjà vu, à Noël.\n\u00a0\nمرحبا بكم\n",  # a kept blank line stays as it was
    ),
    Case(
        "dedup_repaired_copy",
        ["unicode", "blank-lines"],
        f"{RU_NEWS}\n\nИсточник: Вечерние новости\n\n\n{as_1251(RU_NEWS)}\n\n",
        f"{RU_NEWS}\n\nИсточник: Вечерние новости\n",
        dedup=True,
    ),
    Case(
        "dedup_leaves_a_blank_line",
        ["invisible", "blank-lines"],
        f"{WIDE}\n\u200b\n{WIDE}\n{WIDE}\n",
        f"{WIDE}\n",
        dedup=True,
    ),
]


def generate(outdir: Path) -> list[Path]:
    """Write every case into ``outdir``; return the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        files = {
            f"{case.name}.txt": case.before.encode("utf-8"),
            f"{case.name}.expected.txt": case.after.encode("utf-8"),
            f"{case.name}.fixes.json": (
                json.dumps({"fixes": case.fixes, "empty": case.empty, "dedup": case.dedup}, ensure_ascii=False) + "\n"
            ).encode("utf-8"),
        }
        for name, data in files.items():
            path = outdir / name
            path.write_bytes(data)
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in generate(target):
        print(path)
