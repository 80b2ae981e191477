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
