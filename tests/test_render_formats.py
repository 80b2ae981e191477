"""``RENDERERS``: every format by name, each loaded only when used."""

from __future__ import annotations

import subprocess
import sys

from test_render_golden import CASES, pinned

from dedup.report.formats import FORMATS, RENDERERS
from dedup.report.model import Report

RENDER_MODULES = [
    "dedup.report.render_text",
    "dedup.report.render_table",
    "dedup.report.render_json",
    "dedup.report.render_diff",
    "dedup.report.render_jsonl",
    "dedup.report.render_sarif",
    "dedup.report.render_github",
    "dedup.report.render_html",
]


def test_names() -> None:
    assert FORMATS == ("text", "table", "json", "diff", "jsonl", "sarif", "github", "html")
    assert list(RENDERERS) == list(FORMATS)


def test_each_renderer_is_the_module_function() -> None:
    import importlib

    with pinned():
        report = CASES["examples"]()
        for name in FORMATS:
            module = importlib.import_module(f"dedup.report.render_{name}")
            direct = getattr(module, f"render_{name}")(report)
            assert RENDERERS[name](report) == direct, name
            assert isinstance(direct, str)


def test_empty_report_in_every_format() -> None:
    for name, render in RENDERERS.items():
        out = render(Report())
        assert isinstance(out, str), name
        if name in ("text", "table", "diff", "jsonl", "github"):
            assert out == "", name


def test_importing_the_table_loads_no_renderer() -> None:
    code = (
        "import sys, dedup, dedup.report.formats\n"
        f"loaded = [m for m in {RENDER_MODULES!r} if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_each_format_declares_what_the_run_must_keep() -> None:
    """What a run keeps for a report comes from the formats' declarations, not from a
    list of names in the command line."""
    from dedup.cli.run_options import with_keep
    from dedup.corpus.context import Options
    from dedup.report.formats import REPORT_FORMATS
    from dedup.report.stream import layout

    for name, spec in REPORT_FORMATS.items():
        keep = with_keep(Options(), [name]).keep
        assert (keep.texts, keep.unchanged) == (spec.texts, spec.every_document), name
        assert (layout(name) is not None) == spec.streamable, name
    # the formats whose output shows texts are the ones that declare it
    assert sorted(n for n, s in REPORT_FORMATS.items() if s.texts) == ["diff", "html", "sarif", "table"]
