"""Every report format, declared once: its name, its renderer, its file suffixes, and
what it needs of a run (the documents' texts, every document or only the changed
ones, the whole report or one document at a time); and how every rendered report
becomes bytes (:func:`encode_report`).

The command line takes its ``--format`` choices, the format a ``--report`` name
implies and what the run must keep from here. Each renderer is imported on first
use, so importing this module (or ``dedup``) loads none of them.

Example:
    >>> from dedup.report.model import Report
    >>> sorted(RENDERERS)
    ['diff', 'github', 'html', 'json', 'jsonl', 'sarif', 'table', 'text']
    >>> RENDERERS["jsonl"](Report())
    ''
    >>> REPORT_FORMATS["sarif"].suffix, REPORT_FORMATS["sarif"].texts
    ('.sarif', True)
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from dedup.report.model import Report

Renderer = Callable[[Report], str]


@dataclass(frozen=True, slots=True)
class ReportFormat:
    """A report format.

    Attributes:
        name: what ``--format`` calls it.
        module: the module of its renderer, ``render_<name>(report) -> str``.
        suffix: a report file's suffix (``-o DIR`` names its report so).
        other_suffixes: other suffixes a report file in this format may have.
        texts: it shows the documents' texts (a diff, excerpts), which the run then
            keeps; otherwise only counts and positions are kept.
        every_document: it lists every document, changed or not.
        streamable: it is written one document at a time
            (:func:`dedup.report.stream.layout`), not after the whole run.
    """

    name: str
    module: str
    suffix: str
    other_suffixes: tuple[str, ...] = ()
    texts: bool = False
    every_document: bool = False
    streamable: bool = False

    def render(self, report: Report) -> str:
        renderer: Renderer = getattr(importlib.import_module(self.module), f"render_{self.name}")
        return renderer(report)


_ALL = (
    ReportFormat("text", "dedup.report.render_text", ".txt"),
    ReportFormat("table", "dedup.report.render_table", ".txt", texts=True),  # its excerpts
    ReportFormat("json", "dedup.report.render_json", ".json", every_document=True, streamable=True),
    ReportFormat("diff", "dedup.report.render_diff", ".diff", (".patch",), texts=True),
    ReportFormat("jsonl", "dedup.report.render_jsonl", ".jsonl", (".ndjson",), streamable=True),
    ReportFormat("sarif", "dedup.report.render_sarif", ".sarif", (".json",), texts=True),  # SARIF is JSON
    ReportFormat("github", "dedup.report.render_github", ".txt", (".log",)),
    ReportFormat("html", "dedup.report.render_html", ".html", (".htm",), texts=True, every_document=True),
)

REPORT_FORMATS: dict[str, ReportFormat] = {f.name: f for f in _ALL}
"""The formats by name, in the order ``--help`` lists them."""

FORMATS: tuple[str, ...] = tuple(REPORT_FORMATS)
"""The format names, in the order ``--help`` should list them."""

RENDERERS: dict[str, Renderer] = {f.name: f.render for f in _ALL}
"""``RENDERERS[name](report)``: the report in that format."""

SUFFIXES: dict[str, str] = {f.name: f.suffix for f in _ALL}
"""The suffix of a report file in each format (``-o DIR`` names its report so)."""

OTHER_SUFFIXES: dict[str, tuple[str, ...]] = {f.name: f.other_suffixes for f in _ALL if f.other_suffixes}
"""Other suffixes a report file in that format may have."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_report(text: str) -> bytes:
    """A rendered report as UTF-8, every lone surrogate written as the six characters
    ``\\udXXX``.

    A JSON escape may hold a lone surrogate (``{"id": "\\ud800"}``), which UTF-8
    cannot; a document's id or text can carry one into any report. One rule for every
    format: in JSON, JSON Lines and SARIF the six characters are JSON's own escape, so
    a JSON reader gets the same string back; in the other formats they show it.

    Example:
        >>> encode_report('{"document": "a\\ud800b"}')
        b'{"document": "a\\\\ud800b"}'
        >>> import json; json.loads(_) == {"document": "a\\ud800b"}
        True
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
