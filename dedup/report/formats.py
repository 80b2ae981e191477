"""Every report format by name: ``RENDERERS[name](report) -> str``.

Each entry imports its renderer on first use, so importing this module (or
``dedup``) loads none of them.

Example:
    >>> from dedup.report.model import Report
    >>> sorted(RENDERERS)
    ['diff', 'github', 'html', 'json', 'jsonl', 'sarif', 'table', 'text']
    >>> RENDERERS["jsonl"](Report())
    ''
"""

from __future__ import annotations

from collections.abc import Callable

from dedup.report.model import Report

Renderer = Callable[[Report], str]


def _text(report: Report) -> str:
    from dedup.report.render_text import render_text

    return render_text(report)


def _table(report: Report) -> str:
    from dedup.report.render_table import render_table

    return render_table(report)


def _json(report: Report) -> str:
    from dedup.report.render_json import render_json

    return render_json(report)


def _diff(report: Report) -> str:
    from dedup.report.render_diff import render_diff

    return render_diff(report)


def _jsonl(report: Report) -> str:
    from dedup.report.render_jsonl import render_jsonl

    return render_jsonl(report)


def _sarif(report: Report) -> str:
    from dedup.report.render_sarif import render_sarif

    return render_sarif(report)


def _github(report: Report) -> str:
    from dedup.report.render_github import render_github

    return render_github(report)


def _html(report: Report) -> str:
    from dedup.report.render_html import render_html

    return render_html(report)


RENDERERS: dict[str, Renderer] = {
    "text": _text,
    "table": _table,
    "json": _json,
    "diff": _diff,
    "jsonl": _jsonl,
    "sarif": _sarif,
    "github": _github,
    "html": _html,
}

FORMATS: tuple[str, ...] = tuple(RENDERERS)
"""The format names, in the order ``--help`` should list them."""

SUFFIXES: dict[str, str] = {
    "text": ".txt",
    "table": ".txt",
    "json": ".json",
    "diff": ".diff",
    "jsonl": ".jsonl",
    "sarif": ".sarif",
    "github": ".txt",
    "html": ".html",
}
"""The suffix of a report file in each format (``-o DIR`` names its report so)."""

OTHER_SUFFIXES: dict[str, tuple[str, ...]] = {
    "jsonl": (".ndjson",),
    "diff": (".patch",),
    "sarif": (".json",),  # SARIF is JSON
    "github": (".log",),
    "html": (".htm",),
}
"""Other suffixes a report file in that format may have."""
