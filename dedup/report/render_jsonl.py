"""JSON Lines: one compact JSON object per removed run, one run per line.

Each object is ``{"path": ..., "document": ...}`` (``document`` is the id of a
document inside a JSONL shard, else null) followed by the fields of a ``removed`` entry of the
JSON report (``kind``, ``score``, ``paragraphs``, ``size``, ``lines``, ``chars``,
``bytes``, ``first``), so ``jq``/``grep`` can work finding by finding. Non-ASCII text
is kept as is, except the characters that some readers take for line breaks
(U+0085, U+2028, U+2029), which are escaped so that every object stays on its line.
"""

from __future__ import annotations

import json
from typing import Any

from dedup.report.model import FileReport, Report
from dedup.report.render_json import finding_dict

# json.dumps escapes C0 controls already; these end a line for str.splitlines().
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def finding_records(file: FileReport) -> list[dict[str, Any]]:
    """The file's removed runs, then its cleaning passes' changes (``"kind": "fix"``)."""
    records = [{"path": file.path, "document": file.document, **finding_dict(loc)} for loc in file.findings]
    records += [
        {
            "path": file.path,
            "document": file.document,
            "kind": "fix",
            "fix": c.fix,
            "passes": list(c.fixes),
            "lines": {"start": c.line_start, "end": c.line_end},
            "chars": {"start": c.start, "end": c.end},
            "removed": c.removed,
            "added": c.added,
        }
        for c in file.fixes
    ]
    return records


def dumps_line(record: dict[str, Any]) -> str:
    """One record as one line of compact JSON, with its newline.

    Example:
        >>> dumps_line({"path": "a\\u2028b.txt", "n": 1})
        '{"path":"a\\\\u2028b.txt","n":1}\\n'
    """
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).translate(_LINE_BREAKS) + "\n"


def render_jsonl(report: Report) -> str:
    """Every finding of every file, one JSON object per line; empty when there are none.

    Example:
        >>> render_jsonl(Report())
        ''
    """
    return "".join(dumps_line(record) for file in report.files for record in finding_records(file))
