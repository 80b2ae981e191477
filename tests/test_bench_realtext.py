"""bench/realtext*.py: the issue-15 corpus builder and planting on files written here (no apt, no timing).

The builder's sources are a folder laid out like /usr/share/doc and a PO dump written
by hand; the plants are checked against the text they claim: the copy starts where
the label says, is the first copy byte for byte (exact) or differs from it only by
noise (noisy), and a near-duplicate document is a changed copy of the one it names.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"

WORDS = ("the", "archive", "keeps", "every", "version", "written", "carefully", "between", "releases", "while",
         "maintainers", "describe", "changes", "package", "behaviour", "configuration", "whenever", "someone",
         "reports", "problem", "through", "tracker")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


rc = _load("realtext_corpus")


def _prose(rng: random.Random, paragraphs: int) -> str:
    """Hard-wrapped paragraphs of invented prose, blank lines between, with some runs of blank lines."""
    parts = []
    for _ in range(paragraphs):
        words = [rng.choice(WORDS) for _ in range(rng.randint(14, 40))]
        sentence = " ".join(words).capitalize() + ", and so on."
        parts.append("\n".join(_wrap(sentence, rng.choice((60, 66, 72)))))
    return ("\n\n\n" if rng.random() < 0.5 else "\n\n").join(parts) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


def _close(a: str, b: str) -> bool:
    """Same paragraphs with the same words, but for at most two words per paragraph
    (a swapped pair of letters, a changed punctuation mark); line breaks free."""
    pairs = list(zip(a.split("\n\n"), b.split("\n\n")))
    return len(pairs) == a.count("\n\n") + 1 == b.count("\n\n") + 1 and all(
        len(x.split()) == len(y.split()) and sum(u != v for u, v in zip(x.split(), y.split())) <= 2
        for x, y in pairs)


def _doc_tree(root: Path, packages: int, big: bool = True) -> None:
    rng = random.Random(7)
    for i in range(packages):
        pkg = root / f"pkg{i}"
        pkg.mkdir(parents=True)
        (pkg / "README").write_text(_prose(rng, rng.randint(3, 6)), encoding="utf-8")
        (pkg / "changelog.Debian.gz").write_bytes(gzip.compress(_prose(rng, 4).encode("utf-8")))
        (pkg / "copyright").write_text("Files: *\nCopyright: 2020 Someone\n\n" + _prose(rng, 3), encoding="utf-8")
        (pkg / "notes.txt").write_text(_prose(rng, 5), encoding="utf-8")  # not a name the corpus takes
    (root / "pkg0" / "NEWS").write_text("Too short.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    (root / "pkg1" / "README.bin").write_bytes(b"\0\1\2" * 300)
    (root / "pkg9" / "README.copy").write_bytes((root / "pkg3" / "README").read_bytes())  # an exact duplicate
    if big:
        (root / "pkg4" / "README.big").write_text(_prose(rng, 1200), encoding="utf-8")  # over 64 KiB


def test_sources_are_tidied_capped_filtered_and_distinct(tmp_path: Path) -> None:
    _doc_tree(tmp_path / "doc", 12)
    tasks = rc.find_sources([], [], tmp_path / "doc")
    names = Counter(Path(path).name.split(".")[0] for _, path in tasks)
    assert "notes" not in names and names["README"] == 15 and names["NEWS"] == 1
    pool = list(rc.distinct(rc.collect(tasks)))
    paths = {Path(s.path).name for s in pool if Path(s.path).parent.name in ("pkg0", "pkg1", "pkg9")}
    assert "NEWS" not in paths and "README.bin" not in paths and "README.copy" not in paths
    assert len({s.text for s in pool}) == len(pool) == len(tasks) - 3
    for source in pool:
        text = source.text
        assert "\n\n\n" not in text and text == text.strip("\n")
        assert all(line == line.rstrip() for line in text.split("\n"))
        assert len(text.encode("utf-8")) <= 64 * 1024 and len(text) >= 400 and text.count("\n\n") >= 2
    big = next(s.text for s in pool if s.path.endswith("README.big"))
    original = (tmp_path / "doc" / "pkg4" / "README.big").read_text(encoding="utf-8").replace("\n\n\n", "\n\n")
    assert original.startswith(big + "\n\n") and len(big.encode("utf-8")) > 60 * 1024  # cut at a paragraph


def test_planted_labels_say_where_the_copy_is(tmp_path: Path) -> None:
    _doc_tree(tmp_path / "doc", 40, big=False)
    pool = list(rc.distinct(rc.collect(rc.find_sources([], [], tmp_path / "doc"))))
    corpus, labels_path = tmp_path / "c.jsonl", tmp_path / "c.labels.jsonl"
    counts = rc.write_corpus(pool, 400_000, 3, corpus, labels_path)
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    labels = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(labels) == counts["documents"] >= 200 and counts["rounds"] >= 2
    by_source = {s.path: s.text for s in pool}
    texts = {r["id"]: r["text"] for r in records}
    kinds: Counter[str] = Counter()
    for record, label in zip(records, labels):
        assert record["id"] == label["id"]
        text, kind = record["text"], label["kind"]
        kinds[kind] += 1
        original = by_source[label["source"]]
        if kind == "single":
            assert text == original
        elif kind in ("exact", "noisy"):
            start = label["copy_start"]
            first, copy = text[: label["first_chars"]], text[start:]
            assert first == original and text[len(first):start] == "\n\n" and len(copy) == label["copy_chars"]
            if kind == "exact":
                assert copy == first
            else:
                assert copy != first
                assert copy.count("\n\n") == first.count("\n\n")  # noise stays inside paragraphs
                assert " ".join(copy.split()) != " ".join(first.split())  # more than re-wrapping (all here are prose)
                assert _close(first, copy)
        else:
            assert kind == "near"
            source = texts[label["near_of"]]
            assert labels[[r["id"] for r in records].index(label["near_of"])]["kind"] == "single"
            assert text != source and text.count("\n\n") == source.count("\n\n")
            assert _close(source, text)
    n = len(records)
    assert 0.12 * n <= kinds["exact"] <= 0.18 * n and 0.12 * n <= kinds["noisy"] <= 0.18 * n
    assert kinds["near"] >= 3
    assert {k: counts[k] for k in kinds} == dict(kinds)


def test_po_dump_gives_one_message_per_paragraph() -> None:
    po = "\n".join([
        'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', "",
        "#: src/a.c:10", 'msgid "Open the file"', 'msgstr "Die Datei \\"öffnen\\""', "",
        'msgctxt "menu"', 'msgid "Quit"', 'msgstr ""', '"Beenden\\n"', '"und schließen"', "",
        'msgid "one file"', 'msgid_plural "%d files"', 'msgstr[0] "eine Datei"', 'msgstr[1] "%d Dateien"', "",
        'msgid "untranslated"', 'msgstr ""',
    ])
    assert rc.po_messages(po) == ['Die Datei "öffnen"', "Beenden\nund schließen", "eine Datei", "%d Dateien", ""]


def test_exact_pass_counts_the_same_over_any_byte_ranges(tmp_path: Path) -> None:
    tools = _load("realtext_tools")
    rng = random.Random(5)
    path = tmp_path / "c.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(60):
            paragraphs = [rng.choice(("Alpha  beta", "alpha beta", "Gamma\ndelta", "gamma delta", "é ü"))
                          for _ in range(rng.randint(1, 8))]
            out.write(json.dumps({"id": str(i), "text": "\n\n".join(paragraphs)}, ensure_ascii=False) + "\n")
    size = path.stat().st_size
    whole = tools.exact_range((str(path), 0, size))
    assert whole[0] == 60 and whole[2] > 0
    for cuts in ([size // 3, size // 2], [1, 2, size - 1], sorted(rng.sample(range(1, size), 7))):
        edges = [0, *cuts, size]
        parts = [tools.exact_range((str(path), a, b)) for a, b in zip(edges, edges[1:])]
        assert tuple(sum(p[k] for p in parts) for k in range(3)) == whole


def test_covered_counts_each_character_once() -> None:
    score = _load_score()
    assert score._covered([(0, 5), (3, 8), (20, 30)], 4, 25) == 4 + 5
    assert score._covered([], 0, 10) == 0


def _load_score() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        return _load("realtext_score")
    finally:
        sys.path.remove(str(BENCH))


def test_missing_tools_are_named_with_the_command_not_installed(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # no mandoc, col or msgunfmt
    run = subprocess.run([sys.executable, str(BENCH / "realtext.py"), "--size", "10MB"], env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "mandoc (apt-get install mandoc)" in run.stderr and "msgunfmt (apt-get install gettext)" in run.stderr
    assert "apt-get install -y mandoc" in run.stderr and not run.stdout
