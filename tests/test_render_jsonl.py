"""JSON Lines: one finding per line, the same fields as the JSON report's ``removed``."""

from __future__ import annotations

import json

from test_render_golden import CASES, pinned

from dedup.report.model import FileReport, Report
from dedup.report.render_json import report_dict
from dedup.report.render_jsonl import render_jsonl


def test_each_line_is_a_removed_entry_with_its_path() -> None:
    for case in CASES:
        with pinned():
            report = CASES[case]()
            out = render_jsonl(report)
            full = report_dict(report)
        records = [json.loads(line) for line in out.splitlines()]
        expected = [
            {"path": file["path"], "document": file["document"], **removed}
            for file in full["files"]
            for removed in file["removed"]
        ]
        assert records == expected, case
        assert len(records) == report.runs
        if records:
            assert out.endswith("}\n") and not out.endswith("\n\n")
            assert list(records[0])[:3] == ["path", "document", "kind"]
        else:
            assert out == ""


def test_one_object_per_line_whatever_the_path() -> None:
    # str.splitlines() also breaks at U+2028, U+2029 and U+0085: they are escaped.
    with pinned():
        file = CASES["examples"]().changed[0]
    odd = FileReport("a\u2028b\u2029c\x85d\ne\r.txt", file.original, file.cleaned, 1, 1, file.findings)
    out = render_jsonl(Report(files=[odd]))
    lines = out.splitlines()
    assert len(lines) == len(file.findings)
    assert json.loads(lines[0])["path"] == "a\u2028b\u2029c\x85d\ne\r.txt"
    assert "\u2028" not in out and "\\u2028" in out and "\x85" not in out


def test_non_ascii_is_kept_as_is() -> None:
    with pinned():
        file = CASES["examples"]().changed[0]
    out = render_jsonl(Report(files=[FileReport("مقال.txt", file.original, file.cleaned, 1, 1, file.findings)]))
    assert '"path":"مقال.txt"' in out


def test_empty_report() -> None:
    assert render_jsonl(Report()) == ""
