"""The report every renderer reads: per input, what was removed, in lines, characters
and bytes, with the first occurrence of each removed run.

Byte offsets are computed here, once, from the original text and its encoding.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, Protocol

from dedup.pickling import by_fields
from dedup.result import Finding, Result
from dedup.sources import Document

if TYPE_CHECKING:
    from dedup.corpus.neardup import Duplicate

REPORT_VERSION = 1


@by_fields
@dataclass(frozen=True, slots=True)
class Located:
    """A finding with the byte offsets of its removed span and of its first occurrence."""

    finding: Finding
    byte_start: int
    byte_end: int
    source_byte_start: int | None  # None when the first occurrence is in another document
    source_byte_end: int | None


@by_fields
@dataclass(frozen=True, slots=True)
class FileReport:
    """What happened to one document: a file, or one line of a JSONL shard (then
    ``document`` is its id and offsets refer to its text value)."""

    path: str
    original: str
    cleaned: str
    bytes_in: int
    bytes_out: int
    findings: tuple[Located, ...]
    document: str | None = None
    duplicate_of: str | None = None  # a near-duplicate of this earlier document
    duplicate_similarity: float | None = None
    fixes: tuple[Any, ...] = ()  # dedup.text.fixes.FixChange, in the original's coordinates
    empty: bool = False  # left empty or whitespace-only (the empty-docs pass)
    position: tuple[int, int] | None = None  # a Parquet row's row group and row in it (from 0)
    encoding: str = "utf-8"  # the file's, which its diff is written in (a shard's documents: UTF-8)

    @property
    def changed(self) -> bool:
        """Whether the output differs: a finding, a pass's change, or the document
        dropped as empty (``empty-docs``: also one that came in empty)."""
        return bool(self.findings or self.fixes or self.empty)

    @property
    def bytes_removed(self) -> int:
        return self.bytes_in - self.bytes_out


@dataclass(frozen=True, slots=True)
class Keep:
    """What a report holds of each document. A run over a large corpus that only
    needs counts keeps neither, so its memory does not grow with the corpus.

    Attributes:
        unchanged: list documents with nothing found, not only the changed ones.
        changed: list the changed documents (and near duplicates) at all.
        texts: keep each listed document's original and cleaned text (diffs,
            excerpts, line maps and baselines need them).
    """

    unchanged: bool = True
    changed: bool = True
    texts: bool = True


@dataclass(slots=True)
class Tally:
    """Counts over documents: of those a report does not list, or of all of them."""

    documents: int = 0
    shard_documents: int = 0  # documents that are JSONL lines rather than files
    bytes_in: int = 0
    changed: int = 0
    bytes_removed: int = 0  # by the changed documents
    runs: int = 0
    across: int = 0  # runs whose first occurrence is in another document
    fixes: int = 0
    duplicates: int = 0
    emptied: int = 0  # documents dropped as empty (empty-docs)

    def count(self, file: FileReport) -> None:
        self.documents += 1
        self.shard_documents += file.document is not None
        self.bytes_in += file.bytes_in
        if file.changed:
            self.changed += 1
            self.bytes_removed += file.bytes_removed
        self.runs += len(file.findings)
        self.across += sum(1 for loc in file.findings if loc.finding.source_document is not None)
        self.fixes += len(file.fixes)
        self.duplicates += file.duplicate_of is not None
        self.emptied += file.empty

    def merge(self, other: Tally) -> None:
        """Add the counts of ``other`` (of other documents) to these."""
        for count in fields(self):
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))


class Sink(Protocol):
    """Where a report sends the documents it lists, instead of holding them in
    ``files``: a report written while the run goes on (:mod:`dedup.report.stream`)."""

    def add(self, report: Report, file: FileReport) -> None: ...


@dataclass(frozen=True, slots=True)
class Report:
    """The files processed, the inputs that failed, and the settings used.

    ``files`` lists the documents ``keep`` asks for; ``omitted`` counts the others,
    and :meth:`totals` counts all of them. With a ``sink``, the listed documents go
    to it as they are added and only ``sent`` counts them: ``files`` stays empty, so
    memory does not grow with the number of documents.
    """

    files: list[FileReport] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)
    clusters: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # binary files met in folders
    index_stats: dict[str, int] = field(default_factory=dict)
    keep: Keep = field(default_factory=Keep)
    omitted: Tally = field(default_factory=Tally)
    sink: Sink | None = field(default=None, repr=False, compare=False)
    sent: Tally = field(default_factory=Tally)

    def add(self, file: FileReport) -> None:
        """List a document (in ``files``, or to the ``sink``), or only count it, as
        ``keep`` says."""
        wanted = self.keep.changed if file.changed or file.duplicate_of is not None else self.keep.unchanged
        if not wanted:
            self.omitted.count(file)
            return
        if not self.keep.texts and (file.original or file.cleaned):
            file = replace(file, original="", cleaned="")
        if self.sink is None:
            self.files.append(file)
            return
        self.sink.add(self, file)
        self.sent.count(file)

    def totals(self) -> Tally:
        """Counts over every document, listed or not.

        >>> report = Report(keep=Keep(unchanged=False))
        >>> report.add(FileReport("a.txt", "x", "x", 1, 1, ()))
        >>> report.files, report.totals().documents
        ([], 1)
        """
        tally = replace(self.omitted)
        tally.merge(self.sent)
        for file in self.files:
            tally.count(file)
        return tally

    @property
    def runs(self) -> int:
        return sum(len(f.findings) for f in self.files)

    @property
    def changed(self) -> list[FileReport]:
        return [f for f in self.files if f.changed]

    @property
    def duplicates(self) -> list[FileReport]:
        return [f for f in self.files if f.duplicate_of is not None]


def _byte_offsets(text: str, encoding: str, offsets: Sequence[int], errors: str = "strict") -> dict[int, int]:
    """Byte offset of each character offset, encoding each stretch of text once."""
    result: dict[int, int] = {}
    position = count = 0
    # An incremental encoder writes a byte order mark once, as encoding the whole does.
    encoder = codecs.getincrementalencoder(encoding)(errors)
    for offset in sorted(set(offsets)):
        count += len(encoder.encode(text[position:offset]))
        position = offset
        result[offset] = count
    return result


def file_report(
    document: Document, result: Result, cleaned_bytes: int | None = None, *, path: str | None = None
) -> FileReport:
    """Locate ``result``'s findings in ``document`` (bytes included)."""
    points = [p for f in result.findings for p in (f.start, f.end)]
    points += [p for f in result.findings if f.source_document is None for p in (f.source_start, f.source_end)]
    at = _byte_offsets(document.text, document.encoding, points, document.errors)
    located = tuple(
        Located(f, at[f.start], at[f.end], at.get(f.source_start), at.get(f.source_end))
        if f.source_document is None
        else Located(f, at[f.start], at[f.end], None, None)
        for f in result.findings
    )
    bytes_out = cleaned_bytes if cleaned_bytes is not None else len(document.encode(result.text))
    if path is None:
        return FileReport(
            document.name, document.text, result.text, document.read_size(), bytes_out, located,
            encoding=document.encoding,
        )
    return FileReport(
        path, document.text, result.text, document.read_size(), bytes_out, located, document=document.name
    )


def with_extras(file: FileReport, duplicate: Duplicate | None, result: Result | None = None) -> FileReport:
    """The report with what else is known of the document: a near duplicate, and the
    cleaning passes' changes."""
    changes = getattr(result, "changes", ())
    if changes or getattr(result, "empty", False):
        file = replace(file, fixes=tuple(changes), empty=bool(getattr(result, "empty", False)))
    if duplicate is None:
        return file
    return replace(file, duplicate_of=duplicate.of, duplicate_similarity=duplicate.similarity)


def plain(result: Result) -> Result:
    """A cleaning passes' result as a plain :class:`Result` (its findings and text)."""
    return result if isinstance(result, Result) else Result(result.text, tuple(result.findings))
