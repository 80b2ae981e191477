"""Golden files: every report format, byte for byte, on reports built from ``examples/``.

Each case is a report (the example corpus, one example with options, an input that
fails, no input at all), and each is rendered in every format of
``dedup.report.formats.RENDERERS`` and compared with
``tests/data/golden/CASE.SUFFIX``. The tool version is pinned to ``GOLDEN_VERSION``
and paths are relative to the repository root, so the files do not change with the
version or the machine.

When a change to a renderer, the engine or the examples is intended, rewrite the
files and review the diff::

    python tests/test_render_golden.py

(or ``DEDUP_REGEN_GOLDEN=1 pytest tests/test_render_golden.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as a script
    sys.path.insert(0, str(ROOT))

import dedup  # noqa: E402
import dedup.report.render_json  # noqa: E402
from dedup.batch import run  # noqa: E402
from dedup.report.formats import RENDERERS  # noqa: E402
from dedup.report.model import Report  # noqa: E402

EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "data" / "golden"
GOLDEN_VERSION = "0.0.0+golden"
SUFFIXES = {
    "text": "txt",
    "json": "json",
    "diff": "diff",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "github": "github.txt",
    "html": "html",
    "table": "table.txt",
}


def example_inputs() -> list[str]:
    """Every example input that uses the default options, as a repo-relative path."""
    return sorted(
        f"examples/{path.name}"
        for path in EXAMPLES.glob("*.txt")
        if not path.name.endswith(".expected.txt")
        and path.with_name(path.stem + ".expected.txt").is_file()
        and not path.with_name(path.stem + ".options.json").exists()
    )


def _with_options(name: str) -> Report:
    options = json.loads((EXAMPLES / f"{name}.options.json").read_text(encoding="utf-8"))
    return run([f"examples/{name}.txt"], dedup.Config().with_options(**options))


CASES: dict[str, Callable[[], Report]] = {
    "examples": lambda: run(example_inputs(), dedup.Config()),
    "unit_line": lambda: _with_options("en_list_unit_line"),
    "errors": lambda: run(["examples/en_light_edit.txt", "examples/no_such_file.txt"], dedup.Config()),
    # cross-document repeats (DUP003): the second file is the first one's cleaned copy
    "corpus": lambda: run(
        ["examples/en_news_doubled.txt", "examples/en_news_doubled.expected.txt", "examples/es_paragraph_thrice.txt"],
        dedup.Config(),
        scope="corpus",
    ),
    # documents inside a JSONL shard: a repeat within one, across two, in Arabic, and a <script>
    "shard": lambda: run(["tests/data/shard.jsonl"], dedup.Config(), scope="corpus"),
    "empty": lambda: run([], dedup.Config()),
}


@contextlib.contextmanager
def pinned() -> Iterator[None]:
    """Run with the repository root as the current directory and the golden version."""
    module = dedup.report.render_json
    saved_version, saved_cwd = module._tool_version, os.getcwd()
    module._tool_version = lambda: GOLDEN_VERSION  # type: ignore[assignment]
    os.chdir(ROOT)
    try:
        yield
    finally:
        module._tool_version = saved_version  # type: ignore[assignment]
        os.chdir(saved_cwd)


def render(case: str, fmt: str) -> bytes:
    with pinned():
        return RENDERERS[fmt](CASES[case]()).encode("utf-8")


def golden_path(case: str, fmt: str) -> Path:
    return GOLDEN / f"{case}.{SUFFIXES[fmt]}"


def regenerate() -> list[Path]:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        for fmt in RENDERERS:
            path = golden_path(case, fmt)
            path.write_bytes(render(case, fmt))
            written.append(path)
    return written


def cross_document(report: Report) -> tuple[int, int, int]:
    """(index of the file with the one cross-document repeat, its number, index of the
    file holding the first occurrence), 1-based; corpus order decides which is which."""
    (found,) = [
        (i, k, loc.finding.source_document)
        for i, file in enumerate(report.files, 1)
        for k, loc in enumerate(file.findings, 1)
        if loc.finding.source_document is not None
    ]
    source = next(i for i, file in enumerate(report.files, 1) if file.path == found[2])
    return found[0], found[1], source


def test_every_format_has_a_suffix() -> None:
    assert set(SUFFIXES) == set(RENDERERS)


@pytest.mark.parametrize("fmt", list(RENDERERS))
@pytest.mark.parametrize("case", list(CASES))
def test_golden(case: str, fmt: str) -> None:
    actual = render(case, fmt)
    path = golden_path(case, fmt)
    if os.environ.get("DEDUP_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.is_file(), f"missing {path}; run: python tests/test_render_golden.py"
    expected = path.read_bytes()
    if actual != expected:
        # Show the first differing line, not megabytes of HTML.
        for number, (a, e) in enumerate(zip(actual.splitlines(), expected.splitlines(), strict=False), 1):
            if a != e:
                pytest.fail(f"{path.name} line {number} differs:\n  got:      {a[:300]!r}\n  expected: {e[:300]!r}")
        pytest.fail(f"{path.name}: lengths differ ({len(actual)} != {len(expected)} bytes)")


def test_rendering_is_deterministic() -> None:
    for fmt in RENDERERS:
        assert render("examples", fmt) == render("examples", fmt), fmt


def test_no_golden_file_is_stale() -> None:
    expected = {golden_path(case, fmt).name for case in CASES for fmt in RENDERERS}
    present = {path.name for path in GOLDEN.iterdir() if path.is_file() and not path.name.startswith(".")}
    assert present <= expected, f"files no case produces: {sorted(present - expected)}"


def test_golden_cases_cover_what_they_should() -> None:
    with pinned():
        examples = CASES["examples"]()
        errors = CASES["errors"]()
    kinds = {loc.finding.kind for file in examples.files for loc in file.findings}
    assert kinds == {"exact", "near"}
    assert any(not file.changed for file in examples.files)  # hard negatives are in
    assert any(file.original.startswith("\ufeff") or "\r\n" in file.original for file in examples.files)
    assert errors.errors and errors.files
    with pinned():
        corpus, shard = CASES["corpus"](), CASES["shard"]()
    for report in (corpus, shard):
        assert any(loc.finding.source_document for file in report.files for loc in file.findings)
    assert all(file.document is not None for file in shard.files)


if __name__ == "__main__":
    for written in regenerate():
        print(written.relative_to(ROOT))
