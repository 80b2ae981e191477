"""JSON: one document with a ``version``, the settings, every file and its removed runs.

The schema is documented in the README ("Report schema"); ``version`` changes when a
field changes meaning or goes away.
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

from dedup.report.model import REPORT_VERSION, FileReport, Located, Report


def _tool_version() -> str:
    try:
        return metadata.version("dedup-text")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _range(start: int, end: int) -> dict[str, int]:
    return {"start": start, "end": end}


def finding_dict(located: Located) -> dict[str, Any]:
    f = located.finding
    return {
        "kind": f.kind,
        "score": round(f.score, 4),
        "paragraphs": f.paragraphs,
        "size": f.size,
        "lines": _range(f.line_start, f.line_end),
        "chars": _range(f.start, f.end),
        "bytes": _range(located.byte_start, located.byte_end),
        "first": {
            "document": f.source_document,
            "lines": _range(f.source_line_start, f.source_line_end),
            "chars": _range(f.source_start, f.source_end),
            "bytes": None
            if located.source_byte_start is None or located.source_byte_end is None
            else _range(located.source_byte_start, located.source_byte_end),
        },
    }


def file_dict(file: FileReport) -> dict[str, Any]:
    return {
        "path": file.path,
        "document": file.document,
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


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "dedup", "version": _tool_version()},
        "settings": report.settings,
        "files": [file_dict(f) for f in report.files],
        "errors": [{"path": path, "message": message} for path, message in report.errors],
        "clusters": [{"first": first, "members": members} for first, members in report.clusters.items()],
        "summary": _summary(report),
    }


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


def render_json(report: Report) -> str:
    """The report as indented JSON (non-ASCII text kept as is), ending in a newline."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
