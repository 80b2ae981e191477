"""Real-file precision check (issue 13): what dedup removes from files other people wrote.

Builds a corpus from files already on a Debian machine or in installable packages,
runs ``dedup.clean`` with the default settings on every file, and reports per
category how many files lost something, how many runs and bytes went, and what kind
of text each removed run was (decoration, table, code, heading, changelog trailer,
other; exact or near). Then a "doubled documents" check: each Markdown README (and a
sample of changelogs and man pages) is doubled, exactly and with noise in the second
copy, and must come back as its first copy.

Usage::

    python bench/realfiles.py                                  # build (or reuse) and run
    python bench/realfiles.py --json /tmp/removals.json --sample 10
    python bench/realfiles.py --rebuild --limit-per-category 100 --seed 2

The corpus goes to ``--out`` (default ``bench/data/realfiles/``, gitignored): the
project ships this script, never the text. It is built once and reused while its
``manifest.json`` says the same limit and seed, so runs with different interpreters
(``dedup`` before and after a change) measure the same files. Sources:

- ``/usr/share/doc/*/changelog.Debian.gz`` (gunzipped)      changelog
- ``/usr/share/doc/*/copyright``                           copyright
- ``/usr/share/common-licenses/*``                         licence
- ``pci.ids``, ``usb.ids``, ``pnp.ids`` (hwdata, pciutils, usbutils)  ids-table
- the long description in ``*.dist-info/METADATA`` of installed Python packages,
  by ``Description-Content-Type``                         readme-md, readme-rst
- man pages rendered with ``mandoc -Tutf8 | col -bx``, at most 3 of a name's family
  (``gcloud_*``, ``git-*``)                                 manpage

Nothing is installed by the script; missing sources are named on stderr with the
package that provides them. ``dedup`` is whatever this interpreter imports (its
path is printed on stderr). Nothing here is asserted in tests beyond a smoke test.
"""

from __future__ import annotations

import argparse
import dataclasses
import email.parser
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data" / "realfiles"
CORPUS_VERSION = 3
CATEGORIES = ("changelog", "copyright", "licence", "ids-table", "readme-md", "readme-rst", "manpage")
SYNTAX_BY_SUFFIX = {".md": "markdown", ".rst": "rst"}
SOURCE_LINE = "Example Site. net"
MAN_PER_FAMILY = 3

# ----------------------------------------------------------------------------- corpus


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _python_sites() -> list[Path]:
    """site-packages of this interpreter (and its base), then the Debian dist-packages."""
    import site
    import sysconfig

    found = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    base = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    found += [str(base), "/usr/lib/python3/dist-packages"]
    seen: list[Path] = []
    for name in found:
        path = Path(name)
        if path.is_dir() and path.resolve() not in [p.resolve() for p in seen]:
            seen.append(path)
    return seen


def _long_description(metadata: str) -> tuple[str, str]:
    """The (content type, long description) of a METADATA file."""
    message = email.parser.Parser().parsestr(metadata)
    kind = (message.get("Description-Content-Type") or "").split(";")[0].strip().lower()
    body = message.get_payload()
    text = body if isinstance(body, str) else ""
    if not text.strip():  # metadata 1.x: a folded Description header
        folded = message.get("Description") or ""
        lines = folded.splitlines()
        text = "\n".join(lines[:1] + [re.sub(r"^( {8}|\s*\|)", "", line) for line in lines[1:]])
    return kind, text.strip("\n") + "\n"


def _readmes() -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
    """name -> text for Markdown and reStructuredText long descriptions, first site wins."""
    by_kind: dict[str, dict[str, str]] = {"readme-md": {}, "readme-rst": {}}
    sites = _python_sites()
    for site_dir in sites:
        for info in sorted(site_dir.glob("*.dist-info")):
            meta = info / "METADATA"
            if not meta.is_file():
                continue
            kind, text = _long_description(_decode(meta.read_bytes()))
            category = {"text/markdown": "readme-md", "text/x-rst": "readme-rst"}.get(kind)
            name = info.name.removesuffix(".dist-info").split("-")[0].lower().replace("_", "-")
            if category and len(text) >= 200 and name not in by_kind[category]:
                by_kind[category][name] = text
    return {k: sorted(v.items()) for k, v in by_kind.items()}, [str(s) for s in sites]


def _render_man(page: Path) -> str | None:
    mandoc = subprocess.run(["mandoc", "-Tutf8", str(page)], capture_output=True, timeout=30, check=False)
    if mandoc.returncode > 1 or not mandoc.stdout:  # 1 = warnings only
        return None
    col = subprocess.run(["col", "-bx"], input=mandoc.stdout, capture_output=True, timeout=30, check=False)
    text = _decode(col.stdout)
    return text if len(text) >= 500 else None


def _pick(items: list[Any], limit: int, rng: random.Random) -> list[Any]:
    """``limit`` of ``items`` chosen by ``rng``, in their given (sorted) order."""
    if len(items) <= limit:
        return items
    return [items[i] for i in sorted(rng.sample(range(len(items)), limit))]


def _distinct(paths: list[Path], read: Any) -> list[Path]:
    """``paths`` without later ones whose bytes equal an earlier one's (and without unreadable ones)."""
    seen: set[str] = set()
    kept: list[Path] = []
    for path in paths:
        try:
            digest = hashlib.sha256(read(path)).hexdigest()
        except OSError:
            continue
        if digest not in seen:
            seen.add(digest)
            kept.append(path)
    return kept


def build(out: Path, limit: int, seed: int) -> dict[str, Any]:
    """Write the corpus under ``out`` and its manifest; say on stderr what was missing."""
    if out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        print(f"realfiles: error: {out} is not empty and holds no manifest.json; give another --out", file=sys.stderr)
        raise SystemExit(2)
    for stale in [out / c for c in CATEGORIES] + [out / "manifest.json"]:
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    out.mkdir(parents=True, exist_ok=True)
    files: list[dict[str, str]] = []
    missing: list[str] = []

    seen: set[str] = set()  # packages share doc folders: the same changelog comes under five names

    def write(category: str, name: str, text: str, source: str) -> None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen:
            return
        seen.add(digest)
        rel = Path(category) / re.sub(r"[^A-Za-z0-9._+-]", "_", name)
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8", newline="")
        files.append({"path": rel.as_posix(), "category": category, "source": source})

    doc = Path("/usr/share/doc")
    changelogs = sorted(doc.glob("*/changelog.Debian.gz"))
    copyrights = sorted(p for p in doc.glob("*/copyright") if p.is_file())
    if not changelogs or not copyrights:
        missing.append("/usr/share/doc/*/changelog.Debian.gz, copyright: none found (docs excluded by "
                       "/etc/dpkg/dpkg.cfg.d? reinstall packages without path-exclude)")
    changelogs = _distinct(changelogs, lambda p: gzip.decompress(p.read_bytes()))
    copyrights = _distinct(copyrights, Path.read_bytes)
    for path in _pick(changelogs, limit, random.Random(f"{seed}:changelog")):
        write("changelog", path.parent.name + ".txt", _decode(gzip.decompress(path.read_bytes())), str(path))
    for path in _pick(copyrights, limit, random.Random(f"{seed}:copyright")):
        write("copyright", path.parent.name + ".txt", _decode(path.read_bytes()), str(path))

    licences = sorted({p.resolve() for p in Path("/usr/share/common-licenses").glob("*") if p.is_file()})
    if not licences:
        missing.append("/usr/share/common-licenses (apt-get install base-files)")
    for path in _pick(licences, limit, random.Random(f"{seed}:licence")):
        write("licence", path.name + ".txt", _decode(path.read_bytes()), str(path))

    tables: list[Path] = []
    for name, package in (("pci.ids", "hwdata pciutils"), ("usb.ids", "hwdata usbutils"), ("pnp.ids", "hwdata")):
        where = [Path(d) / name for d in ("/usr/share/misc", "/usr/share/hwdata", "/var/lib/usbutils")]
        found = next((p for p in where if p.is_file()), None)
        if found is None:
            missing.append(f"{name} (apt-get install {package})")
        else:
            tables.append(found)
    for path in _pick(tables, limit, random.Random(f"{seed}:ids-table")):
        write("ids-table", path.name, _decode(path.read_bytes()), str(path))

    readmes, sites = _readmes()
    for category, suffix in (("readme-md", ".md"), ("readme-rst", ".rst")):
        if not readmes[category]:
            missing.append(f"{category}: no such long description in {', '.join(sites)}")
        for name, text in _pick(readmes[category], limit, random.Random(f"{seed}:{category}")):
            write(category, name + suffix, text, f"{name} METADATA")

    if shutil.which("mandoc") is None or shutil.which("col") is None:
        missing.append("man pages: mandoc or col not installed (apt-get install mandoc bsdextrautils)")
    else:
        pages = sorted({p.resolve() for p in Path("/usr/share/man").glob("man[1-8]/*") if p.is_file()})
        random.Random(f"{seed}:manpage").shuffle(pages)
        taken: Counter[str] = Counter()  # per family (gcloud ships thousands of pages): a few each
        for page in pages:
            if sum(taken.values()) >= limit:
                break
            family = re.split(r"[-_.]", page.name, maxsplit=1)[0]
            if taken[family] >= MAN_PER_FAMILY:
                continue
            text = _render_man(page)
            if text is not None:
                write("manpage", page.name.removesuffix(".gz") + ".txt", text, str(page))
                taken[family] += 1
        if not pages:
            missing.append("/usr/share/man: no man pages (apt-get install man-db manpages)")

    for line in missing:
        print(f"realfiles: missing {line}", file=sys.stderr)
    manifest = {"version": CORPUS_VERSION, "limit": limit, "seed": seed, "missing": missing,
                "files": sorted(files, key=lambda f: f["path"])}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def corpus(out: Path, limit: int, seed: int, rebuild: bool) -> dict[str, Any]:
    """The manifest under ``out``, rebuilt only if asked or if it was made otherwise."""
    manifest_path = out / "manifest.json"
    if not rebuild and manifest_path.is_file():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (manifest.get("version"), manifest.get("limit"), manifest.get("seed")) == (CORPUS_VERSION, limit, seed):
            print(f"realfiles: reusing {out} ({len(manifest['files'])} files; --rebuild to remake)", file=sys.stderr)
            for line in manifest.get("missing", []):
                print(f"realfiles: missing {line}", file=sys.stderr)
            return manifest
    start = time.perf_counter()
    manifest = build(out, limit, seed)
    print(f"realfiles: built {out} ({len(manifest['files'])} files) in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    return manifest


# ----------------------------------------------------------------------------- classify

BOX = re.compile("[\u2500-\u257f]")
TRAILER = re.compile(r"^ -- .+<[^>]*>\s+\S")
CHANGELOG_HEAD = re.compile(r"^\S+ \([^)]*\) [^;]*; ?urgency=")
ID_ROW = re.compile(r"^\t+[0-9a-fA-F]{4}\s")
RST_GRID = re.compile(r"^\s*\+[-=+]+\+\s*$")
UNDERLINE = re.compile(r"^\s*([=\-~^\"'*+#`:.])\1{2,}\s*$")
FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")
LITERAL_OPENER = re.compile(r"(::\s*$)|(^\s*\.\. (code-block|code|sourcecode)::)")
WORD = re.compile(r"\w+")
CLASSES = ("decoration", "code", "table", "trailer", "heading", "other")


def code_lines(lines: list[str]) -> set[int]:
    """0-based indexes of lines inside Markdown fences or reStructuredText literal blocks."""
    inside: set[int] = set()
    fence: str | None = None
    literal_indent: int | None = None  # after a `::` line: the indented block that follows
    opener_indent = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if fence is not None:
            inside.add(i)
            if stripped.startswith(fence):
                fence = None
            continue
        match = FENCE.match(line)
        if match:
            fence = match.group(1)[:3]
            inside.add(i)
            continue
        indent = len(line) - len(line.lstrip())
        if literal_indent is not None:
            if not stripped:
                continue
            if indent > opener_indent:
                inside.add(i)
                continue
            literal_indent = None
        if LITERAL_OPENER.search(line.rstrip("\r\n")):
            literal_indent, opener_indent = 1, indent
    return inside


def classify(lines: list[str], first: int, last: int, code: set[int], category: str) -> str:
    """The class of the removed lines ``first..last`` (0-based, inclusive)."""
    body = [lines[i] for i in range(first, last + 1)]
    if not any(ch.isalnum() for line in body for ch in line):
        return "decoration"
    if any(i in code for i in range(first, last + 1)):
        return "code"
    if any("|" in line or BOX.search(line) or RST_GRID.match(line) or ID_ROW.match(line) for line in body):
        return "table"
    if any(TRAILER.match(line) for line in body):
        return "trailer"
    for i in range(first, last + 1):
        line = lines[i].rstrip("\r\n")
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if (re.match(r"^\s{0,3}#{1,6}\s", line) or CHANGELOG_HEAD.match(line)
                or (any(ch.isalnum() for ch in line) and UNDERLINE.match(after))
                or (category == "manpage" and re.fullmatch(r"[A-Z][A-Z0-9 ,/&-]+", line))):
            return "heading"
    return "other"


def _tokens(text: str) -> set[str]:
    """Casefolded words, and identifiers whole (tokens with a digit, ``/``, ``_``, ``@`` or an inner dot)."""
    words = {w.casefold() for w in WORD.findall(text)}
    for token in text.split():
        token = token.strip(".,;:!?()[]{}<>\"'`*")
        if re.search(r"[\d/_@]|\w\.\w", token):
            words.add(token.casefold())
    return words


def excerpt(text: str, limit: int = 400) -> str:
    text = text.strip("\r\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------------- run


def _syntax_supported() -> bool:
    import dedup

    return "syntax" in {f.name for f in dataclasses.fields(dedup.Config)}


def clean(text: str, suffix: str, use_syntax: bool) -> Any:
    import dedup

    if use_syntax and suffix in SYNTAX_BY_SUFFIX:
        return dedup.clean(text, syntax=SYNTAX_BY_SUFFIX[suffix])
    return dedup.clean(text)


def measure(
    out: Path, manifest: dict[str, Any], use_syntax: bool
) -> tuple[list[dict[str, Any]], dict[str, Counter[str]]]:
    """Every removal of every file, and per category the counts of the table."""
    removals: list[dict[str, Any]] = []
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in manifest["files"]:
        path = out / entry["path"]
        category = entry["category"]
        text = path.read_text(encoding="utf-8")
        result = clean(text, path.suffix, use_syntax)
        lines = text.splitlines(keepends=True)
        code = code_lines(lines)
        row = stats[category]
        row["files"] += 1
        row["bytes"] += len(text.encode("utf-8"))
        row["with removals"] += bool(result.findings)
        for f in result.findings:
            removed, kept = text[f.start:f.end], text[f.source_start:f.source_end]
            klass = classify(lines, f.line_start - 1, f.line_end - 1, code, category)
            new_words = sorted(_tokens(removed) - _tokens(kept))
            row["runs"] += 1
            row["removed bytes"] += len(removed.encode("utf-8"))
            row[f.kind] += 1
            row[klass] += 1
            row["near, lost words"] += f.kind == "near" and bool(new_words)
            removals.append({
                "file": entry["path"], "category": category, "lines": [f.line_start, f.line_end],
                "source_lines": [f.source_line_start, f.source_line_end], "kind": f.kind, "class": klass,
                "score": round(f.score, 4), "size": f.size, "lost_words": new_words[:20],
                "removed": excerpt(removed), "kept": excerpt(kept),
            })
    return removals, stats


# ----------------------------------------------------------------------------- doubled documents

PROSE_START = re.compile(r"^[A-Za-z\"'(“‘]")
NOT_PROSE = re.compile(  # pipes, box drawing, aligned columns, rST markup, list items, link definitions, code
    r"(\|)|([\u2500-\u257f])|(\S\s{2,}\S)|(::\s*$)|(^\s*\.\. )|(^\s*[-*+>#]\s)|(^\s*\d+[.)]\s)"
    r"|(^\s*\[[^]]*\]:)|(`)|(\s{2}$)"
)


def _prose_blocks(lines: list[str], code: set[int]) -> list[tuple[int, int, str]]:
    """(first, last, indent) of blocks that are plain wrapped prose: safe to re-wrap."""
    blocks: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].strip():
            j += 1
        block = [line.rstrip("\n") for line in lines[i:j + 1]]
        indent = block[0][: len(block[0]) - len(block[0].lstrip())]
        prose = (
            not any(k in code for k in range(i, j + 1))
            and all(line.startswith(indent) and not line[len(indent):][:1].isspace() for line in block)
            and all(PROSE_START.match(line.strip()) and not NOT_PROSE.search(line) for line in block)
            and all(len(line) <= 100 for line in block[:-1])  # already one paragraph under `auto`
            and (j + 1 >= len(lines) or not UNDERLINE.match(lines[j + 1]))
            and sum(len(line) for line in block) >= 60
        )
        if prose:
            blocks.append((i, j, indent))
        i = j + 1
    return blocks


def _typo(paragraph: str, rng: random.Random) -> str:
    """Swap two inner letters of one long word (a typo-sized edit). Only a plain word:
    a typo inside a URL, a path or a CamelCase name changes what it names (the rule
    keeps such a copy, rightly), which is not the noise this check is about."""
    words = list(re.finditer(r"(?<![\w/.@-])[a-z]?[a-z]{6,}(?=[\s,;:!?)]|\.(?:\s|$)|$)", paragraph))
    if not words:
        return paragraph
    m = rng.choice(words)
    w = m.group()
    k = rng.randrange(1, len(w) - 2)
    return paragraph[: m.start()] + w[:k] + w[k + 1] + w[k] + w[k + 2:] + paragraph[m.end():]


def _curly(paragraph: str) -> str:
    paragraph = re.sub(r'"([^"\n]*)"', "“\\1”", paragraph)
    return re.sub(r"(?<=\w)'(?=\w)", "’", paragraph)


def noisy(text: str, rng: random.Random, syntax: str | None = None) -> str:
    """The noisy second copy: prose re-wrapped, curly quotes, two typos, CRLF; code and
    tables untouched (with ``syntax``, also what dedup's own parser reads as code: an
    indented block inside a Markdown list item, which :func:`code_lines` does not see)."""
    lines = text.splitlines(keepends=True)
    code = code_lines(lines)
    if syntax is not None:
        from dedup.text.layout import layout

        lay = layout(text, "auto", 100, syntax)
        for p, kind in zip(lay.paragraphs, lay.kinds, strict=True):
            if kind == "code":
                code.update(range(p.first, p.last))
    blocks = _prose_blocks(lines, code)
    typo_at = set(rng.sample(range(len(blocks)), min(2, len(blocks))))
    for n, (first, last, indent) in reversed(list(enumerate(blocks))):
        paragraph = " ".join(line.strip() for line in lines[first:last + 1])
        paragraph = _curly(paragraph)
        if n in typo_at and len(paragraph) >= 80:
            paragraph = _typo(paragraph, rng)
        width = rng.choice((56, 64, 72))
        wrapped = textwrap.wrap(paragraph, width=width, initial_indent=indent, subsequent_indent=indent,
                                break_long_words=False, break_on_hyphens=False)
        lines[first:last + 1] = [line + "\n" for line in wrapped]
    return "".join(lines).replace("\r\n", "\n").replace("\n", "\r\n")


def doubled(out: Path, manifest: dict[str, Any], sample: int, seed: int, use_syntax: bool) -> dict[str, Counter[str]]:
    """Per category: how many doubled documents come back as their first copy."""
    by_category: dict[str, list[dict[str, str]]] = defaultdict(list)
    for entry in manifest["files"]:
        by_category[entry["category"]].append(entry)
    chosen: list[dict[str, str]] = list(by_category.get("readme-md", []))
    for category in ("changelog", "manpage"):
        chosen += _pick(by_category.get(category, []), sample, random.Random(f"{seed}:doubled:{category}"))
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in chosen:
        path = out / entry["path"]
        first = path.read_text(encoding="utf-8").rstrip() + "\n"
        tail = "\n" + SOURCE_LINE + "\n"
        alone = clean(first, path.suffix, use_syntax).text
        row = stats[entry["category"]]
        row["documents"] += 1
        row["first copy alone unchanged"] += alone == first
        syntax = SYNTAX_BY_SUFFIX.get(path.suffix) if use_syntax else None
        second_noisy = noisy(first, random.Random(f"{seed}:{entry['path']}"), syntax)
        for variant, second in (("exact", first), ("noisy", second_noisy)):
            got = clean(first + tail + "\n" + second, path.suffix, use_syntax).text
            row[f"{variant}: first copy"] += got == first + tail
            row[f"{variant}: second copy gone"] += got == alone + tail
    return stats


# ----------------------------------------------------------------------------- report


def table(stats: dict[str, Counter[str]], columns: tuple[str, ...], first: str) -> str:
    rows = [f"| {first} | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    total: Counter[str] = Counter()
    for category in [c for c in CATEGORIES if c in stats] + sorted(set(stats) - set(CATEGORIES)):
        total.update(stats[category])
        rows.append(f"| {category} | " + " | ".join(str(stats[category][c]) for c in columns) + " |")
    rows.append("| **all** | " + " | ".join(f"**{total[c]}**" for c in columns) + " |")
    return "\n".join(rows)


def side_by_side(left: str, right: str, width: int = 78, height: int = 14) -> str:
    def cut(text: str) -> list[str]:
        out: list[str] = []
        for line in text.replace("\t", "    ").replace("\r", "").split("\n"):
            out += textwrap.wrap(line, width, replace_whitespace=False, drop_whitespace=False) or [""]
        return out[:height] + (["…"] if len(out) > height else [])

    a, b = cut(left), cut(right)
    a += [""] * (max(len(a), len(b)) - len(a))
    b += [""] * (len(a) - len(b))
    return "\n".join(f"{x:<{width}} │ {y}" for x, y in zip(a, b))


def samples(removals: list[dict[str, Any]], n: int, seed: int) -> str:
    parts: list[str] = []
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for removal in removals:
        by_category[removal["category"]].append(removal)
    for category in sorted(by_category):
        pool = by_category[category]
        picked = random.Random(f"{seed}:sample:{category}").sample(range(len(pool)), min(n, len(pool)))
        for index in sorted(picked):
            r = pool[index]
            a, b = r["lines"]
            s, t = r["source_lines"]
            parts.append(f"#### {category} · {r['file']}:{a}-{b} (kept {s}-{t}) · {r['kind']} {r['score']} · "
                         f"{r['class']}" + (f" · lost: {' '.join(r['lost_words'])}" if r["lost_words"] else ""))
            parts.append("```\n" + side_by_side("REMOVED\n" + r["removed"], "KEPT\n" + r["kept"]) + "\n```\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpus folder (default bench/data/realfiles)")
    parser.add_argument("--limit-per-category", type=int, default=300, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="remake the corpus even if its manifest matches")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write every removal here")
    parser.add_argument("--sample", type=int, default=0, metavar="N", help="print N removals per category")
    parser.add_argument("--doubled-sample", type=int, default=100, metavar="N",
                        help="changelogs and man pages doubled (every Markdown README is; 0: none)")
    parser.add_argument("--no-syntax", action="store_true", help="never pass syntax= even if dedup has it")
    args = parser.parse_args(argv)
    if args.limit_per_category < 1:
        parser.error("--limit-per-category must be at least 1")

    import dedup

    use_syntax = _syntax_supported() and not args.no_syntax
    print(f"realfiles: dedup from {Path(dedup.__file__).parent}; syntax= "
          f"{'passed by file type' if use_syntax else 'not passed (unsupported or --no-syntax)'}", file=sys.stderr)
    manifest = corpus(args.out, args.limit_per_category, args.seed, args.rebuild)

    start = time.perf_counter()
    removals, stats = measure(args.out, manifest, use_syntax)
    measured = time.perf_counter() - start
    print("## Removals per category\n")
    print(table(stats, ("files", "bytes", "with removals", "runs", "removed bytes", "exact", "near",
                        "near, lost words", *CLASSES), "category"))
    print(f"\n{len(manifest['files'])} files cleaned in {measured:.1f} s; classes: decoration = no letter or digit; "
          "code = a line in a Markdown fence or rST literal block; table = a line with |, box drawing, an rST "
          "grid border or an ids row; trailer = ` -- Name <mail>  date`; heading = Markdown/setext/rST title, "
          "changelog entry head or man section; first that applies wins. near, lost words = a near run whose "
          "removed text has a word or identifier (path, version, hex id...) the kept text lacks.\n")
    start = time.perf_counter()
    twice = doubled(args.out, manifest, args.doubled_sample, args.seed, use_syntax)
    print("## Doubled documents\n")
    print(table(twice, ("documents", "first copy alone unchanged", "exact: first copy", "exact: second copy gone",
                        "noisy: first copy", "noisy: second copy gone"), "category"))
    print(f"\nIn {time.perf_counter() - start:.1f} s. Each document D becomes D + blank + `{SOURCE_LINE}` + "
          "blank + copy. *first copy*: the output is exactly D + the source line. *second copy gone*: the output "
          "is clean(D) + the source line (what the tool does to D alone is not counted against it). noisy: "
          "the copy has its prose paragraphs re-wrapped, curly quotes, two letter swaps in long words, CRLF; "
          "code, tables and lists are untouched.\n")
    if args.sample:
        print(f"## Sample: {args.sample} removals per category (seed {args.seed})\n")
        print(samples(removals, args.sample, args.seed))
    if args.json:
        args.json.write_text(json.dumps({"dedup": str(Path(dedup.__file__).parent), "syntax": use_syntax,
                                         "files": len(manifest["files"]), "removals": removals},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"realfiles: wrote {len(removals)} removals to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
