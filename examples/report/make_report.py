"""Write the example HTML report (and its screenshot, when Chromium is installed).

Run from anywhere: ``python examples/report/make_report.py``. Once ``dedup check``
has ``--format html``, the same report is::

    dedup check --format html --report examples/report/report.html \\
        examples/en_light_edit.txt examples/ar_harakat_tatweel_copy.txt examples/ja_news_doubled.txt
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
INPUTS = ["examples/en_light_edit.txt", "examples/ar_harakat_tatweel_copy.txt", "examples/ja_news_doubled.txt"]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)  # paths in the report are relative to the repository root
    import dedup
    from dedup.batch import run
    from dedup.report.render_html import render_html

    page = HERE / "report.html"
    page.write_text(render_html(run(INPUTS, dedup.Config())), encoding="utf-8", newline="")
    print(page.relative_to(ROOT))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed: screenshot not updated")
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                f"--user-data-dir={profile}", f"--screenshot={HERE / 'report.png'}", "--window-size=1200,900",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
    print((HERE / "report.png").relative_to(ROOT))


if __name__ == "__main__":
    main()
