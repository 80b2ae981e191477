"""What the HTML report knows of a report before it writes a line: each removed run
(:class:`PageFinding`), the file section that holds its first occurrence, the first
occurrences grouped per file, and which files get a section (:class:`Page`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dedup.report.html_text import Lines, excerpt
from dedup.report.model import Located, Report
from dedup.report.render_sarif import document_name


@dataclass
class PageFinding:
    """One removed run and where things about it live in the page."""

    file_index: int
    document: str  # the name of the document it was removed from
    number: int
    located: Located
    first_name: str
    same_document: bool  # the first occurrence is in the same document
    first_index: int | None  # the file section holding the first occurrence, if any
    group: int = 0  # anchor number of its first occurrence in that file's text

    @property
    def anchor(self) -> str:
        return f"f{self.file_index}-{self.number}"

    @property
    def label(self) -> str:
        return f"#{self.number}" if self.same_document else f"{excerpt(self.document, 30)} #{self.number}"


@dataclass
class Page:
    report: Report
    index_of: dict[str, int] = field(default_factory=dict)
    lines: dict[int, Lines] = field(default_factory=dict)
    findings: dict[int, list[PageFinding]] = field(default_factory=dict)
    # per file index: (source_start, source_end) -> the findings whose first occurrence it is
    firsts: dict[int, dict[tuple[int, int], list[PageFinding]]] = field(default_factory=dict)
    sections: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for i, file in enumerate(self.report.files, 1):
            self.index_of.setdefault(document_name(file), i)
        for i, file in enumerate(self.report.files, 1):
            rows = []
            for k, loc in enumerate(file.findings, 1):
                other = loc.finding.source_document
                first_index = i if other is None else self.index_of.get(other)
                name = document_name(file)
                row = PageFinding(i, name, k, loc, name if other is None else other, other is None, first_index)
                rows.append(row)
                if first_index is not None:
                    key = (loc.finding.source_start, loc.finding.source_end)
                    groups = self.firsts.setdefault(first_index, {})
                    groups.setdefault(key, []).append(row)
            self.findings[i] = rows
        for groups in self.firsts.values():
            for g, key in enumerate(sorted(groups), 1):
                for row in groups[key]:
                    row.group = g
        # Files with repeats or cleaning passes' changes, and files that hold the first
        # occurrence of another's.
        fixed = (i for i, file in enumerate(self.report.files, 1) if file.fixes)
        self.sections = sorted({*(i for i, rows in self.findings.items() if rows), *self.firsts, *fixed})

    def file_lines(self, index: int) -> Lines:
        if index not in self.lines:
            self.lines[index] = Lines(self.report.files[index - 1].original)
        return self.lines[index]

    def first_text(self, row: PageFinding) -> str | None:
        if row.first_index is None:
            return None
        f = row.located.finding
        return self.report.files[row.first_index - 1].original[f.source_start : f.source_end]
