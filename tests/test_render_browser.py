"""The HTML report in a real browser: headless Chromium loads it and dumps the DOM.

Checks what only a browser can show: the page's own script runs under its
Content-Security-Policy, no script or handler from the input runs, the removed runs
are highlighted and linked, a link to a collapsed run opens it, and a report with
10 000 runs loads without hanging.

Skipped when ``chromium`` is not installed (Debian: ``apt-get install -y chromium``).
Set ``DEDUP_REQUIRE_BROWSER=1`` (as ``.ci/run`` should) to make that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_render_golden import CASES, pinned
from test_render_html import injected_report, many_findings

from dedup.report.render_html import OPEN_LIMIT, render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None and os.environ.get("DEDUP_REQUIRE_BROWSER"):
    raise RuntimeError("DEDUP_REQUIRE_BROWSER is set but chromium is not installed (apt-get install -y chromium)")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install -y chromium): the HTML report's browser test needs it",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def dump_dom(page: Path, profile: Path, fragment: str = "", timeout: float = 120) -> str:
    """The DOM after load, as Chromium serialises it."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri() + fragment],
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    dom = done.stdout.decode("utf-8")
    assert done.returncode == 0 and dom.strip(), done.stderr.decode("utf-8", "replace")[-2000:]
    return dom


def opening_tag(dom: str, element_id: str) -> str:
    match = re.search(rf'<[a-z]+ [^>]*id="{re.escape(element_id)}"[^>]*>', dom)
    assert match, element_id
    return match.group()


def test_injected_markup_stays_text_and_the_report_works(tmp_path: Path) -> None:
    report = injected_report()
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    dom = dump_dom(page, tmp_path / "profile")
    # The page's own script ran (the policy allows it by hash) ...
    assert re.search(r'<html [^>]*data-js="ready"', dom)
    # ... and nothing from the input did: no marker, no extra element, no handler.
    assert not re.search(r"<[a-z][^>]*\sdata-pwned=", dom)
    assert len(re.findall(r"<script\b", dom)) == 1
    assert not re.search(r"<(img|svg|iframe|object|embed|textarea)\b", dom)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", dom)
    assert "&lt;script&gt;document.documentElement.setAttribute('data-pwned','script')&lt;/script&gt;" in dom
    assert "<title>dedup report</title>" in dom
    # The removed runs are highlighted and linked both ways.
    assert len(re.findall(r'<mark class="rm">', dom)) >= report.runs
    for number in range(1, len(report.files[0].findings) + 1):
        assert f'href="#f1-{number}"' in dom and f'href="#d1-{number}"' in dom


def test_examples_report_renders(tmp_path: Path) -> None:
    with pinned():
        report = CASES["examples"]()
        html = render_html(report)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    dom = dump_dom(page, tmp_path / "profile")
    assert re.search(r'<html [^>]*data-js="ready"', dom)
    assert len(re.findall(r'<details class="finding"', dom)) == report.runs
    assert len(re.findall(r'<mark class="first">', dom)) >= report.runs
    assert len(re.findall(r'<mark class="chg">', dom)) >= 2  # the near copy's changed words


def test_a_link_to_a_collapsed_run_opens_it(tmp_path: Path) -> None:
    report = many_findings(OPEN_LIMIT + 10)
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    closed = dump_dom(page, tmp_path / "profile")
    assert " open" not in opening_tag(closed, "f1-30")
    dom = dump_dom(page, tmp_path / "profile", "#f1-30")
    assert "open" in opening_tag(dom, "f1-30")
    assert re.search(r'<section class="file" id="file-1"><details open', dom)
    assert " open" not in opening_tag(dom, "f1-29")
    # A tag in the text links to the collapsed run's first occurrence tag.
    dom = dump_dom(page, tmp_path / "profile", "#d1-30")
    assert re.search(r'<details class="doc" id="text-1" open', dom)


@pytest.mark.slow
def test_ten_thousand_runs_load_without_hanging(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_text(render_html(many_findings(10_000)), encoding="utf-8")
    dom = dump_dom(page, tmp_path / "profile", "#f1-5000", timeout=180)
    assert "open" in opening_tag(dom, "f1-5000")
    assert len(re.findall(r'<details class="finding"', dom)) == 10_000
