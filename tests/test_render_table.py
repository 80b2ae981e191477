"""The table format (``--format table``): whole cells, aligned columns, an excerpt in
columns, every kind of row (issue #16: the table the terminal used to get, kept as a
format of its own)."""

from __future__ import annotations

from pathlib import Path

import dedup
from dedup.batch import Options, run
from dedup.report.formats import RENDERERS
from dedup.report.model import FileReport, Keep, Report, file_report
from dedup.report.render_table import EXCERPT, render_table
from dedup.sources import decode
from dedup.text.fixes import parse_fixes
from dedup.text.width import display_width

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"
WIDE = "北沢町で三年前に閉校した小学校の校舎を改装した図書館が、来月から夜九時まで開館することになった。\n"


def _file(name: str, text: str, **options: object) -> FileReport:
    document = decode(name, text.encode("utf-8"), None)
    return file_report(document, dedup.clean(text, **options))  # type: ignore[arg-type]


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("│")[1:-1]] for line in table.splitlines() if line.startswith("│")]


def test_it_is_a_registered_format() -> None:
    report = Report(files=[_file("a.txt", BODY + "\n" + BODY)])
    assert RENDERERS["table"](report) == render_table(report)


def test_a_long_path_is_whole_and_the_columns_line_up() -> None:
    long = "a/" + "very-long-folder-name/" * 6 + "document.txt"
    report = Report(files=[_file(long, BODY + "\n" + BODY), _file("b.txt", WIDE + "\n" + WIDE)])
    table = render_table(report)
    lines = table.splitlines()
    assert len(lines) == 6  # rule, header, rule, two rows, rule: nothing folded
    assert len({display_width(line) for line in lines}) == 1
    header, first, second = _rows(table)
    assert header == ["file", "lines", "found", "first occurrence", "excerpt"]
    assert first == [long, "3", "exact", "1", BODY.strip()[:EXCERPT - 1].rstrip() + "…"]
    assert second[:4] == ["b.txt", "3", "exact", "1"]
    assert display_width(second[4]) <= EXCERPT and second[4].endswith("…")  # wide characters take two columns


def test_a_near_repeat_an_empty_and_a_near_duplicate_document() -> None:
    typo = BODY.replace("approved", "aproved")
    near = _file("near.txt", BODY + "\n" + typo)
    report = Report(
        files=[
            near,
            FileReport("d.txt", "", "", 5, 0, (), empty=True, duplicate_of="c.txt", duplicate_similarity=0.875),
        ]
    )
    rows = _rows(render_table(report))
    assert rows[1][:4] == ["near.txt", "3", f"near {near.findings[0].finding.score:.2f}", "1"]
    assert rows[2][:4] == ["d.txt", "", "empty after cleaning", ""]
    assert rows[3][:4] == ["d.txt", "", "near-duplicate 0.88", "c.txt"]


def test_without_texts_there_is_no_excerpt_column() -> None:
    report = Report(keep=Keep(unchanged=False, changed=True, texts=False))
    report.add(_file("a.txt", BODY + "\n" + BODY))
    assert _rows(render_table(report)) == [["file", "lines", "found", "first occurrence"], ["a.txt", "3", "exact", "1"]]


def test_nothing_found_is_nothing_printed() -> None:
    assert render_table(Report(files=[_file("a.txt", BODY)])) == ""


def test_a_fix_shows_what_it_changed(tmp_path: Path) -> None:
    (tmp_path / "fx.txt").write_text("Caf\u00c3\u00a9 on the corner opens at nine.\n", encoding="utf-8")
    report = run([str(tmp_path / "fx.txt")], options=Options(fixes=parse_fixes(["unicode"])))
    (row,) = _rows(render_table(report))[1:]
    assert row[1:4] == ["1", "fix unicode (-2 +1)", ""]
    assert row[4] == "\u00c3\u00a9"  # the characters replaced
