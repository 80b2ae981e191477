"""SARIF 2.1.0 for code scanning: one run, one result per removed run.

Each result has a stable rule id (``DUP001`` exact repeat, ``DUP002`` near repeat,
``DUP003`` cross-document repeat), the removed paragraphs' lines as its region, the
first occurrence as a related location (linked from the message), and
``partialFingerprints`` computed from the SHA-256 of the removed text's normal form
(``primaryLocationLineHash``, the one key GitHub code scanning reads, and
``dedupNormalizedText/v1``), so an alert keeps its identity across runs even when
lines move. The output is deterministic: no timestamps, no absolute paths for files
under the current directory. A document inside a JSONL shard is located by the shard
and, as a logical location, its id (its lines are not the shard's lines); a Parquet
row's location also has its ``row_group`` and ``row`` (from 0) as properties.

Regions use SARIF's default line breaks (``\\r\\n`` and ``\\n``, which are exactly
dedup's), and give ``charOffset``/``charLength`` only where every reading of
"character" agrees (no character outside the Basic Multilingual Plane before the
region's end); a byte order mark is not counted, as SARIF requires.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from dedup.report import render_json
from dedup.report.model import FileReport, Located, Report
from dedup.report.render_text import span
from dedup.text.layout import line_starts
from dedup.text.normalize import normalize

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/dedup-text/"
FINGERPRINT_KEY = "dedupNormalizedText/v1"
STDIN_NAME = "<stdin>"

EXACT, NEAR, CROSS, FIX = "DUP001", "DUP002", "DUP003", "DUP010"

RULES: tuple[dict[str, Any], ...] = (
    {
        "id": EXACT,
        "name": "ExactRepeat",
        "shortDescription": {"text": "Exact repeat of earlier text"},
        "fullDescription": {
            "text": "A run of paragraphs whose normal forms (NFKC, case, quotes, dashes, Arabic marks, "
            "digits and whitespace unified) equal an earlier run in the same document. "
            "`dedup clean` removes it and keeps the first occurrence."
        },
    },
    {
        "id": NEAR,
        "name": "NearRepeat",
        "shortDescription": {"text": "Near repeat of earlier text"},
        "fullDescription": {
            "text": "A run of paragraphs that matches an earlier run in the same document paragraph by "
            "paragraph, with the same numbers and identifiers, words that differ only by typos, and a "
            "similarity (1 - edits/length of the normal forms) at or above the threshold. `dedup clean` "
            "removes it and keeps the first occurrence."
        },
    },
    {
        "id": CROSS,
        "name": "CrossDocumentRepeat",
        "shortDescription": {"text": "Repeat of text in another document"},
        "fullDescription": {
            "text": "A run of paragraphs whose first occurrence is in an earlier document of the corpus. "
            "`dedup clean` removes the later copy and keeps the first occurrence."
        },
    },
    {
        "id": FIX,
        "name": "CleaningPass",
        "shortDescription": {"text": "A cleaning pass would change this text"},
        "fullDescription": {
            "text": "A cleaning pass asked for with --fix (unicode, invisible, nfc, nfkc, trailing-space, "
            "blank-lines, line-endings) would change these lines; `dedup clean --fix` applies it."
        },
    },
)


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    return {
        **rule,
        "helpUri": INFORMATION_URI,
        "help": {"text": rule["fullDescription"]["text"]},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["duplication", "text"]},
    }


def _is_inside(path: str, directory: str) -> bool:
    try:
        return os.path.commonpath([path, directory]) == directory
    except ValueError:  # different drives on Windows
        return False


def display_path(path: str, cwd: str | None = None) -> str:
    """``path`` relative to ``cwd`` with ``/`` separators when it is inside ``cwd``;
    otherwise the absolute path (POSIX separators). ``<stdin>`` stays as it is.

    Example:
        >>> display_path("/work/repo/docs/a.txt", cwd="/work/repo")
        'docs/a.txt'
        >>> display_path("./docs//a.txt", cwd="/work/repo")
        'docs/a.txt'
        >>> display_path("../other/b.txt", cwd="/work/repo")
        '/work/other/b.txt'
    """
    if path == STDIN_NAME:
        return path
    base = os.path.abspath(cwd if cwd is not None else os.getcwd())
    full = os.path.normpath(os.path.join(base, path))
    if _is_inside(full, base):
        return PurePath(os.path.relpath(full, base)).as_posix()
    return PurePath(full).as_posix()


def artifact_uri(path: str, cwd: str | None = None) -> str:
    """A URI for ``path``: a relative reference (percent-encoded) when the file is
    inside ``cwd``, else an absolute ``file:`` URI.

    Example:
        >>> artifact_uri("docs/café #1.txt", cwd="/work/repo")
        'docs/caf%C3%A9%20%231.txt'
        >>> artifact_uri("/tmp/x.txt", cwd="/work/repo")
        'file:///tmp/x.txt'
    """
    shown = display_path(path, cwd)
    if path != STDIN_NAME and PurePath(shown).is_absolute():
        return Path(shown).as_uri()
    return quote(shown, safe="/", errors="surrogateescape")


def document_name(file: FileReport) -> str:
    """The name other findings use for this document (``Finding.source_document``):
    the document id inside a JSONL shard, else the path."""
    return file.document if file.document is not None else file.path


def place_phrase(file: FileReport) -> str:
    """Where a Parquet row lies (`` (row group G, row R)``), else nothing."""
    return "" if file.position is None else f" (row group {file.position[0]}, row {file.position[1]})"


def first_document(located: Located) -> str | None:
    """The document holding the first occurrence, when it is not this one."""
    return located.finding.source_document


def rule_id(located: Located) -> str:
    if first_document(located) is not None:
        return CROSS
    return EXACT if located.finding.kind == "exact" else NEAR


def lines_phrase(start: int, end: int) -> str:
    """``line 5`` or ``lines 3-4``."""
    return f"line {start}" if start == end else f"lines {span(start, end)}"


def repeat_message(located: Located, *, link: bool = False) -> str:
    """``Repeat of lines 3-4 (near, similarity 0.90, 2 paragraphs, 333 bytes)``; with
    ``link``, the first occurrence is a SARIF embedded link to related location 1."""
    f = located.finding
    where = lines_phrase(f.source_line_start, f.source_line_end)
    if f.source_document is not None:
        where += f" of {f.source_document}"
    if link:
        where = f"[{_link_text(where)}](1)"
    kind = "exact" if f.kind == "exact" else f"near, similarity {f.score:.2f}"
    plural = "s" if f.paragraphs != 1 else ""
    return f"Repeat of {where} ({kind}, {f.paragraphs} paragraph{plural}, {located.byte_end - located.byte_start} bytes)"


def _link_text(text: str) -> str:
    """``text`` escaped for the inside of an embedded link's brackets."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def fingerprint(text: str) -> str:
    """SHA-256 (hex) of the normal form of ``text``: equal for texts that only differ in
    what normalisation absorbs (whitespace, case, quotes, line breaks...).

    Example:
        >>> fingerprint("Hello,  World\\r\\n") == fingerprint("hello, world")
        True
    """
    return hashlib.sha256(normalize(text).text.encode("utf-8", "surrogatepass")).hexdigest()


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


class _Lines:
    """Character offsets of lines in one text, to build SARIF text regions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        match = _BEYOND_BMP.search(text)
        self.first_wide = match.start() if match else len(text) + 1
        self.bom = text.startswith("\ufeff")

    def region(self, line_start: int, line_end: int) -> dict[str, int]:
        """Lines ``line_start..line_end`` whole, without the last line break."""
        if not 1 <= line_start <= line_end <= len(self.starts):
            return {"startLine": line_start, "endLine": line_end}
        start = self.starts[line_start - 1]
        end = self.starts[line_end] if line_end < len(self.starts) else len(self.text)
        if self.text.endswith("\r\n", start, end):
            end -= 2
        elif self.text.endswith("\n", start, end):
            end -= 1
        last = self.starts[line_end - 1]
        # Columns count code points (columnKind); a byte order mark is not counted.
        bom = 1 if self.bom and last == 0 and end > 0 else 0
        region = {"startLine": line_start, "startColumn": 1, "endLine": line_end, "endColumn": end - last - bom + 1}
        if end <= self.first_wide:
            offset = start - 1 if self.bom and start > 0 else start
            stop = end - 1 if self.bom and end > 0 else end
            region["charOffset"] = offset
            region["charLength"] = stop - offset
        return region


class _Run:
    """What the results of one report share: documents by name, line tables."""

    def __init__(self, report: Report, cwd: str | None) -> None:
        self.cwd = cwd
        self.documents: dict[str, FileReport] = {}
        for file in report.files:
            self.documents.setdefault(document_name(file), file)
        self._lines: dict[int, _Lines] = {}

    def _region(self, file: FileReport, line_start: int, line_end: int) -> dict[str, int]:
        key = id(file)
        if key not in self._lines:
            self._lines[key] = _Lines(file.original)
        return self._lines[key].region(line_start, line_end)

    def location(self, file: FileReport, line_start: int, line_end: int, **extra: Any) -> dict[str, Any]:
        """A location in ``file``; inside a JSONL shard, the shard with the document's
        id as a logical location (lines count in the document's text, not the shard's)."""
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(file.path, self.cwd)}}
        location: dict[str, Any] = {key: extra[key] for key in ("id",) if key in extra}
        location["physicalLocation"] = physical
        location |= {key: value for key, value in extra.items() if key != "id"}
        if file.document is None:
            physical["region"] = self._region(file, line_start, line_end)
        else:
            location["logicalLocations"] = [{"name": file.document}]
        if file.position is not None:  # a Parquet row: its row group and row (from 0)
            location["properties"] = {"row_group": file.position[0], "row": file.position[1]}
        return location

    def first_location(self, file: FileReport, located: Located) -> dict[str, Any]:
        f = located.finding
        name = first_document(located)
        holder = file if name is None else self.documents.get(name)
        message = {"text": "first occurrence (kept)"}
        if holder is None:  # an earlier document the report does not list (clean, or in an index)
            where = f"{name} {lines_phrase(f.source_line_start, f.source_line_end)}"
            found: dict[str, Any] = {"id": 1, "message": {"text": f"first occurrence (kept): {where}"}}
            if name is not None and file.document is None and os.path.isfile(name):
                # a file's name is its path (a JSONL document's is its id, which names no file):
                # its lines, without columns (its text is not in the report)
                region = {"startLine": f.source_line_start, "endLine": f.source_line_end}
                found["physicalLocation"] = {"artifactLocation": {"uri": artifact_uri(name, self.cwd)}, "region": region}
            return found
        return self.location(holder, f.source_line_start, f.source_line_end, id=1, message=message)

    def results(self, file: FileReport) -> list[dict[str, Any]]:
        seen: dict[str, int] = {}
        results = []
        for located in file.findings:
            f = located.finding
            digest = fingerprint(file.original[f.start : f.end])
            # The same passage removed twice from one document gets ...:1, ...:2, so
            # code scanning keeps the two alerts apart (as CodeQL's line hashes do).
            seen[digest] = seen.get(digest, 0) + 1
            count = seen[digest]
            message = repeat_message(located, link=True)
            if file.document is not None:
                message = f"Document {file.document}{place_phrase(file)}, {lines_phrase(f.line_start, f.line_end)}: {message}"
            results.append(
                {
                    "ruleId": rule_id(located),
                    "level": "warning",
                    "message": {"text": message},
                    "locations": [self.location(file, f.line_start, f.line_end)],
                    "relatedLocations": [self.first_location(file, located)],
                    "partialFingerprints": {
                        # GitHub code scanning matches alerts on this key only.
                        "primaryLocationLineHash": f"{digest[:16]}:{count}",
                        FINGERPRINT_KEY: f"{digest}:{count}",
                    },
                    "properties": render_json.finding_dict(located),
                }
            )
        for c in file.fixes:
            results.append(
                {
                    "ruleId": FIX,
                    "level": "note",
                    "message": {"text": f"fix {c.fix}: {c.counts}"},
                    "locations": [self.location(file, c.line_start, c.line_end)],
                    "properties": {"fix": c.fix, "passes": list(c.fixes), "chars": {"start": c.start, "end": c.end}},
                }
            )
        return results


def _notifications(errors: Sequence[tuple[str, str]], cwd: str | None) -> list[dict[str, Any]]:
    return [
        {
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path, cwd)}}}],
        }
        for path, message in errors
    ]


def sarif_dict(report: Report, *, cwd: str | None = None) -> dict[str, Any]:
    """The SARIF log as a dict; paths are made relative to ``cwd`` (default: the
    current directory)."""
    run = _Run(report, cwd)
    results = [result for file in report.files for result in run.results(file)]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = _notifications(report.errors, cwd)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dedup",
                        "version": render_json._tool_version(),
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "newlineSequences": ["\r\n", "\n"],
                "results": results,
                "properties": {"settings": report.settings},
            }
        ],
    }


def render_sarif(report: Report, *, cwd: str | None = None) -> str:
    """The report as a SARIF 2.1.0 log (indented JSON, ending in a newline).

    Example:
        >>> import json
        >>> log = json.loads(render_sarif(Report()))
        >>> log["version"], [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
        ('2.1.0', ['DUP001', 'DUP002', 'DUP003', 'DUP010'])
    """
    return json.dumps(sarif_dict(report, cwd=cwd), ensure_ascii=False, indent=2) + "\n"
