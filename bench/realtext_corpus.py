"""The issue-15 benchmark corpus: real text on this machine, with planted doubled bodies.

Two steps, each a pure function of its inputs so a test can run them on a few files:

1. :func:`collect` gathers *source documents*: every man page rendered with
   ``mandoc -Tutf8 | col -bx``; every gettext catalogue dumped with ``msgunfmt``
   (its translated messages, one message per paragraph); and
   ``/usr/share/doc/*/{copyright,changelog*,NEWS*,README*}`` (``.gz``, ``.bz2``,
   ``.xz`` decompressed). :func:`tidy` trims each one (trailing blanks, blank-line
   runs collapsed to one, leading and trailing blank lines), caps it at 64 KiB at a
   paragraph boundary, and keeps it if it has at least 3 paragraphs and 400
   characters; exact duplicates are dropped.
2. :func:`plant` writes a JSONL corpus of a given size from them: documents in a
   seeded order, and in each block of 100 documents 15 get a doubled body (the text,
   a blank line, the same text again), 15 a doubled body whose copy has noise
   (re-wrapped lines, typos in long plain words, punctuation changes), and 3 are
   near-duplicate documents (a copy of an earlier single document with noise in one
   or two paragraphs). Each document's label says which, where the copy starts (in
   characters) and, for a near copy, of which document.

The project ships this script, never the text. Nothing is installed here: :func:`missing_tools`
names what is absent and the command that brings it.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import json
import lzma
import random
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realfiles import _curly, _decode, _typo

CAP = 64 * 1024          # bytes of a document at most (at a paragraph boundary)
MIN_PARAGRAPHS = 3
MIN_CHARS = 400
BLOCK = 100              # planting pattern per block of documents
EXACT, NOISY, NEAR = 15, 15, 3
DOC_NAMES = re.compile(r"^(copyright|changelog.*|NEWS.*|README.*)$")
TOOLS = {"mandoc": "mandoc", "col": "bsdextrautils", "msgunfmt": "gettext"}


@dataclass(frozen=True)
class Source:
    kind: str   # manpage, gettext, doc
    path: str
    text: str


def missing_tools() -> list[str]:
    """The tools the corpus needs that are not on PATH, with their Debian package."""
    return [f"{tool} (apt-get install {package})" for tool, package in TOOLS.items() if shutil.which(tool) is None]


# ----------------------------------------------------------------------------- sources


def render_man(page: str) -> str:
    """``mandoc -Tutf8 PAGE | col -bx`` (empty when mandoc fails outright)."""
    mandoc = subprocess.run(["mandoc", "-Tutf8", page], capture_output=True, timeout=60, check=False)
    if mandoc.returncode > 2 or not mandoc.stdout:  # 1, 2: warnings and errors it rendered through
        return ""
    col = subprocess.run(["col", "-bx"], input=mandoc.stdout, capture_output=True, timeout=60, check=False)
    return _decode(col.stdout)


_ESCAPES = {"n": "\n", "t": "\t", "r": "", '"': '"', "\\": "\\", "a": "", "b": "", "f": "", "v": ""}


def _unquote(literal: str) -> str:
    body = literal.strip()[1:-1]
    return re.sub(r"\\([0-7]{1,3}|.)", lambda m: _ESCAPES.get(m.group(1), m.group(1) if not m.group(1).isdigit()
                                                               else chr(int(m.group(1), 8))), body)


def po_messages(po: str) -> list[str]:
    """The translated strings of a PO dump (``msgstr`` and ``msgstr[N]``), header entry left out."""
    entries: list[dict[str, list[str]]] = []
    entry: dict[str, list[str]] = {}
    field: str | None = None
    for line in po.splitlines():
        head = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$", line)
        if head:
            field = head.group(1)
            if field == "msgctxt" or (field == "msgid" and "msgid" in entry):
                entries.append(entry)
                entry = {}
            entry[field] = [_unquote(head.group(2))]
        elif line.startswith('"') and field is not None:
            entry[field].append(_unquote(line))
        else:
            field = None
    entries.append(entry)
    return ["".join(v) for e in entries if "".join(e.get("msgid", [])) for k, v in e.items() if k.startswith("msgstr")]


def dump_catalogue(mo: str) -> str:
    """A gettext catalogue as text: one translated message per paragraph (empty on failure)."""
    run = subprocess.run(["msgunfmt", "--no-wrap", mo], capture_output=True, timeout=60, check=False)
    if run.returncode != 0:
        return ""
    messages = [re.sub(r"\n\s*\n", "\n", m).strip() for m in po_messages(_decode(run.stdout))]
    return "\n\n".join(m for m in messages if m)


def read_doc(path: str) -> str:
    """A /usr/share/doc file, decompressed; empty if it looks binary."""
    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.endswith(".bz2"):
        data = bz2.decompress(data)
    elif path.endswith(".xz"):
        data = lzma.decompress(data)
    return "" if b"\0" in data[:8192] else _decode(data)


def _load(task: tuple[str, str]) -> Source:
    kind, path = task
    try:
        text = {"manpage": render_man, "gettext": dump_catalogue, "doc": read_doc}[kind](path)
    except (OSError, EOFError, ValueError, lzma.LZMAError, subprocess.SubprocessError):
        text = ""
    return Source(kind, path, text)


def _unique_files(paths: Iterable[Path]) -> list[str]:
    seen: dict[Path, str] = {}
    for path in sorted(paths):
        try:
            real = path.resolve()
        except OSError:
            continue
        if real.is_file() and real not in seen:
            seen[real] = str(path)
    return sorted(seen.values())


def find_sources(man_roots: Iterable[Path], locale_roots: Iterable[Path], doc_root: Path | None) -> list[tuple[str, str]]:
    """(kind, path) of every input, sorted, each real file once."""
    tasks: list[tuple[str, str]] = []
    for root in man_roots:
        tasks += [("manpage", p) for p in _unique_files(q for q in root.glob("**/man[1-9]*/*"))]
    for root in locale_roots:
        tasks += [("gettext", p) for p in _unique_files(root.glob("**/*.mo"))]
    if doc_root is not None and doc_root.is_dir():
        tasks += [("doc", p) for p in _unique_files(q for q in doc_root.glob("*/*") if DOC_NAMES.match(q.name))]
    return tasks


def collect(tasks: list[tuple[str, str]], jobs: int = 1) -> Iterator[Source]:
    """Each source read or rendered (in ``jobs`` processes), in the order of ``tasks``."""
    if jobs <= 1:
        yield from map(_load, tasks)
        return
    with Pool(jobs) as pool:
        yield from pool.imap(_load, tasks, chunksize=16)


# ----------------------------------------------------------------------------- tidy


def tidy(text: str) -> str | None:
    """Trimmed, blank-line runs collapsed, capped at 64 KiB at a paragraph boundary;
    ``None`` if it has NUL, fewer than 3 paragraphs or fewer than 400 characters."""
    if "\0" in text:
        return None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    kept: list[str] = []
    size = 0
    for paragraph in text.split("\n\n"):
        cost = len(paragraph.encode("utf-8")) + (2 if kept else 0)
        if size + cost > CAP:
            break
        kept.append(paragraph)
        size += cost
    if len(kept) < MIN_PARAGRAPHS:
        return None
    text = "\n\n".join(kept)
    return text if len(text) >= MIN_CHARS else None


def distinct(sources: Iterable[Source]) -> Iterator[Source]:
    """Tidied sources, exact duplicates (after tidying) dropped, first kept."""
    seen: set[bytes] = set()
    for source in sources:
        text = tidy(source.text)
        if text is None:
            continue
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if digest not in seen:
            seen.add(digest)
            yield Source(source.kind, source.path, text)


# ----------------------------------------------------------------------------- noise

PROSE = re.compile(r"^\s*[A-Za-z\"'(\u00c0-\u024f\u0370-\u04ff]")
NOT_PROSE = re.compile(  # tables, box drawing, aligned columns, list items, code, tabs, "Field: value" lines
    r"(\|)|([\u2500-\u257f])|(\S {3,}\S)|(^\s*[-*+>#]\s)|(`)|(\t)|(^\s*[A-Z][\w-]*:(\s|$))")


def _prose(paragraph: str) -> bool:
    lines = paragraph.split("\n")
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())]
    return (len(paragraph) >= 60 and all(PROSE.match(line) and not NOT_PROSE.search(line) for line in lines)
            and all(line.startswith(indent) and not line[len(indent):][:1].isspace() for line in lines))


def _punctuate(paragraph: str, rng: random.Random) -> str:
    """One punctuation change, the first of a shuffled list that applies."""
    changes: list[Callable[[str], str]] = [
        _curly,
        lambda p: p[:-1] if p.endswith(".") else p,
        lambda p: p.replace(", ", "; ", 1),
        lambda p: p.replace(" - ", " \u2014 ", 1),
        lambda p: re.sub(r"(\w)\.(\s|$)", r"\1!\2", p, count=1),
    ]
    rng.shuffle(changes)
    for change in changes:
        changed = str(change(paragraph))
        if changed != paragraph:
            return changed
    return paragraph


def noisy_paragraph(paragraph: str, rng: random.Random) -> str:
    """Re-wrapped (prose only), perhaps a typo in a long plain word, perhaps a punctuation change."""
    if not _prose(paragraph):
        return paragraph
    first = paragraph.split("\n", 1)[0]
    indent = first[: len(first) - len(first.lstrip())]
    flat = " ".join(line.strip() for line in paragraph.split("\n"))
    if len(flat) >= 80 and rng.random() < 0.6:
        flat = _typo(flat, rng)
    if rng.random() < 0.5:
        flat = _punctuate(flat, rng)
    width = rng.choice((56, 64, 72, 80))
    lines = textwrap.wrap(flat, width=width, initial_indent=indent, subsequent_indent=indent,
                          break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) if lines else paragraph


def noisy(text: str, rng: random.Random) -> str:
    """``text`` with noise in its prose paragraphs; if that changed only line breaks,
    one prose paragraph also gets a punctuation change."""
    paragraphs = [noisy_paragraph(p, rng) for p in text.split("\n\n")]
    if " ".join("".join(paragraphs).split()) == " ".join(text.replace("\n\n", "").split()):
        prose = [i for i, p in enumerate(paragraphs) if _prose(p)]
        if prose:
            i = rng.choice(prose)
            paragraphs[i] = _punctuate(paragraphs[i], rng)
    return "\n\n".join(paragraphs)


def near_copy(text: str, rng: random.Random) -> str:
    """``text`` with noise in one or two of its prose paragraphs."""
    paragraphs = text.split("\n\n")
    prose = [i for i, p in enumerate(paragraphs) if _prose(p)]
    for i in rng.sample(prose, min(len(prose), rng.randint(1, 2))):
        paragraphs[i] = noisy_paragraph(paragraphs[i], rng)
    return "\n\n".join(paragraphs)


# ----------------------------------------------------------------------------- plant


def _pattern(rng: random.Random) -> list[str]:
    slots = ["exact"] * EXACT + ["noisy"] * NOISY + ["near"] * NEAR
    slots += ["single"] * (BLOCK - len(slots))
    rng.shuffle(slots)
    return slots


def plant(pool: list[Source], size: int, seed: int) -> Iterator[tuple[dict[str, str], dict[str, object]]]:
    """(JSONL record, label) pairs until their JSONL lines reach ``size`` bytes.

    A label has ``id``, ``kind`` (single, exact, noisy, near), ``source`` (the file it
    came from); for exact and noisy, ``copy_start`` (the character offset where the
    second copy begins, after the blank line), ``first_chars`` and ``copy_chars`` (the
    lengths of the two copies); for near, ``near_of`` (the id of the document it copies). When the
    pool runs out it is used again in a new order (``round`` counts from 0), so
    corpora larger than the pool repeat documents exactly across rounds.
    """
    if not pool:
        raise ValueError("no source documents")
    rng = random.Random(f"realtext:{seed}")
    written = 0
    n = 0
    singles: list[tuple[str, str]] = []   # (id, text) of single documents so far
    deferred: list[str] = []             # noisy or near slots whose document took no noise
    round_ = 0
    while True:
        order = list(range(len(pool)))
        rng.shuffle(order)
        slots: list[str] = []
        for index in order:
            if not slots:
                slots = _pattern(rng)
            slot = deferred.pop(0) if deferred else slots.pop()
            source = pool[index]
            ident = f"rt{seed}-{n}"
            label: dict[str, object] = {"id": ident, "kind": slot, "source": source.path, "round": round_}
            text = source.text
            if slot == "near" and singles:
                near_of, original = rng.choice(singles)
                copy = near_copy(original, rng)
                if copy == original:
                    deferred.append("near")
                    label["kind"] = "single"
                else:
                    text = copy
                    label["near_of"] = near_of
            elif slot == "near":  # no single document yet to copy
                deferred.append("near")
                label["kind"] = "single"
            elif slot in ("exact", "noisy"):
                second = text if slot == "exact" else noisy(text, rng)
                if second == text and slot == "noisy":  # nothing to put noise in: the next document takes it
                    deferred.append("noisy")
                    label["kind"] = "single"
                else:
                    label["first_chars"] = len(text)
                    label["copy_start"] = len(text) + 2
                    label["copy_chars"] = len(second)
                    text = text + "\n\n" + second
            if label["kind"] == "single":
                singles.append((ident, text))
            record = {"id": ident, "text": text}
            written += len(json.dumps(record, ensure_ascii=False).encode("utf-8")) + 1
            n += 1
            yield record, label
            if written >= size:
                return
        round_ += 1


def write_corpus(pool: list[Source], size: int, seed: int, path: Path, labels: Path) -> dict[str, int]:
    """Write the JSONL corpus and its labels (one JSON line per document); the counts by kind."""
    counts: dict[str, int] = {"documents": 0, "single": 0, "exact": 0, "noisy": 0, "near": 0, "rounds": 1}
    tmp, tmp_labels = path.with_suffix(".tmp"), labels.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as out, \
            open(tmp_labels, "w", encoding="utf-8", newline="\n") as side:
        for record, label in plant(pool, size, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            side.write(json.dumps(label, ensure_ascii=False) + "\n")
            counts["documents"] += 1
            counts[str(label["kind"])] += 1
            counts["rounds"] = max(counts["rounds"], int(str(label["round"])) + 1)
    tmp.replace(path)
    tmp_labels.replace(labels)
    return counts
