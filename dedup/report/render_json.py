"""JSON: one document with a ``version``, the settings, every file and its removed runs.

The schema is documented in the README ("Report schema"); ``version`` changes when a
field changes meaning or goes away.
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

from dedup.report.model import REPORT_VERSION, FileReport, Located, Report
from dedup.result import Finding


def _tool_version() -> str:
    try:
        return metadata.version("dedup-text")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _range(start: int, end: int) -> dict[str, int]:
    return {"start": start, "end": end}


def finding_data(f: Finding, located: Located | None = None) -> dict[str, Any]:
    """A finding in the JSON report's shape; its byte offsets only with ``located``
    (the datatrove step records findings without them)."""
    data: dict[str, Any] = {
        "kind": f.kind,
        "score": round(f.score, 4),
        "paragraphs": f.paragraphs,
        "size": f.size,
        "lines": _range(f.line_start, f.line_end),
        "chars": _range(f.start, f.end),
    }
    first: dict[str, Any] = {
        "document": f.source_document,
        "lines": _range(f.source_line_start, f.source_line_end),
        "chars": _range(f.source_start, f.source_end),
    }
    if located is not None:
        data["bytes"] = _range(located.byte_start, located.byte_end)
        first["bytes"] = (
            None
            if located.source_byte_start is None or located.source_byte_end is None
            else _range(located.source_byte_start, located.source_byte_end)
        )
    data["first"] = first
    return data


def finding_dict(located: Located) -> dict[str, Any]:
    return finding_data(located.finding, located)


def file_dict(file: FileReport) -> dict[str, Any]:
    where = {} if file.position is None else {"position": {"row_group": file.position[0], "row": file.position[1]}}
    return {
        "path": file.path,
        "document": file.document,
        **where,
        "changed": file.changed,
        "bytes_in": file.bytes_in,
        "bytes_out": file.bytes_out,
        "removed": [finding_dict(loc) for loc in file.findings],
        "near_duplicate_of": None
        if file.duplicate_of is None
        else {"document": file.duplicate_of, "similarity": file.duplicate_similarity},
        "fixes": [
            {
                "fix": c.fix,
                "passes": list(c.fixes),
                "lines": _range(c.line_start, c.line_end),
                "chars": _range(c.start, c.end),
                "removed": c.removed,
                "added": c.added,
            }
            for c in file.fixes
        ],
        "empty": file.empty,
    }


def _head(report: Report) -> dict[str, Any]:
    """The members before ``files``."""
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "dedup", "version": _tool_version()},
        "settings": report.settings,
    }


def _rest(report: Report) -> dict[str, Any]:
    """The members after ``files``."""
    return {
        "errors": [{"path": path, "message": message} for path, message in report.errors],
        "clusters": [{"first": first, "members": members} for first, members in report.clusters.items()],
        "summary": _summary(report),
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {**_head(report), "files": [file_dict(f) for f in report.files], **_rest(report)}


def _summary(report: Report) -> dict[str, int]:
    totals = report.totals()
    return {
        "files": totals.documents,
        "changed": totals.changed,
        "runs": totals.runs,
        "bytes_removed": totals.bytes_removed,
        "errors": len(report.errors),
        "near_duplicates": totals.duplicates,
        "fixes": totals.fixes,
    }


def _dumps(value: Any, indent: str) -> str:
    """``value`` as it reads nested ``indent`` deep in the indented report. JSON
    escapes every line break inside a string, so each one in the text is between
    tokens, and indenting it gives what one ``json.dumps`` of the whole would."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _members(values: dict[str, Any]) -> str:
    return ",\n  ".join(f"{json.dumps(key)}: {_dumps(value, '  ')}" for key, value in values.items())


def head(report: Report) -> str:
    """The report's text up to its first ``files`` entry: ``head``, then each
    :func:`entry`, then :func:`tail` is :func:`render_json`, written one document at
    a time.

    Example:
        >>> from dedup.report.model import FileReport
        >>> file = FileReport("a.txt", "", "", 0, 0, ())
        >>> report = Report(files=[file])
        >>> head(report) + entry(file, first=True) + tail(report, empty=False) == render_json(report)
        True
    """
    return "{\n  " + _members(_head(report)) + ',\n  "files": ['


def entry(file: FileReport, *, first: bool) -> str:
    """One ``files`` entry, with the separator before it."""
    return ("\n    " if first else ",\n    ") + _dumps(file_dict(file), "    ")


def tail(report: Report, *, empty: bool) -> str:
    """The rest after the last entry (``empty``: there was none), with the final
    newline; the summary counts every document the report saw."""
    return ("]" if empty else "\n  ]") + ",\n  " + _members(_rest(report)) + "\n}\n"


def render_json(report: Report) -> str:
    """The report as indented JSON (non-ASCII text kept as is), ending in a newline."""
    entries = "".join(entry(f, first=i == 0) for i, f in enumerate(report.files))
    return head(report) + entries + tail(report, empty=not report.files)
