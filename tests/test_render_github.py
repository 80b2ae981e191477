"""GitHub Actions annotations: one workflow command per line, escaped as
``actions/toolkit`` escapes them (``packages/core/src/command.ts``)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from test_render_golden import CASES, pinned

import dedup
from dedup.report.model import Report, file_report
from dedup.report.render_github import escape_data, escape_property, render_github
from dedup.sources import decode
from dedup.text.engine import clean_text

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"
COMMAND = re.compile(r"^::(warning|error) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::([^\r\n]*)$")


def report_of(name: str, text: str) -> Report:
    document = decode(name, text.encode("utf-8"))
    return Report(files=[file_report(document, clean_text(document.text, dedup.Config()))])


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A command line back into its name, properties and message (unescaped)."""
    match = COMMAND.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: unquote(v) for k, v in properties.items()}, unquote(match.group(3))


def test_one_warning_per_removed_run() -> None:
    with pinned():
        report = CASES["examples"]()
        out = render_github(report)
    lines = out.splitlines()
    assert out.endswith("\n") and "\n\n" not in out
    assert len(lines) == report.runs
    located = [(file, loc) for file in report.files for loc in file.findings]
    for line, (file, loc) in zip(lines, located, strict=True):
        name, properties, message = parse(line)
        assert name == "warning"
        assert properties["file"] == file.path
        assert (int(properties["line"]), int(properties["endLine"])) == (loc.finding.line_start, loc.finding.line_end)
        assert properties["title"] in {"dedup DUP001 (exact repeat)", "dedup DUP002 (near repeat)"}
        assert message.startswith("Repeat of line")


def test_escaping_follows_the_toolkit() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("a:b,c") == "a:b,c"  # the message keeps : and ,
    # Escaping % first: a literal "%0A" in a name does not become a newline.
    assert escape_property("x%0A") == "x%250A"


def test_awkward_paths_stay_one_command() -> None:
    report = report_of("dir,1/a:b %0A\n.txt", BODY + "\n" + BODY)
    out = render_github(report, cwd="/nowhere")
    (line,) = out.splitlines()
    _name, properties, message = parse(line)
    assert properties["file"] == "dir,1/a:b %0A\n.txt"
    assert "line=3,endLine=3" in line and message.startswith("Repeat of line 1 ")


def test_errors_are_error_annotations() -> None:
    with pinned():
        out = render_github(CASES["errors"]())
    name, properties, message = parse(out.splitlines()[-1])
    assert name == "error"
    assert properties == {"file": "examples/no_such_file.txt", "title": "dedup (input failed)"}
    assert message == "examples/no_such_file.txt: no such file"
    stdin_error = render_github(Report(errors=[("-", "-: standard input is not available here")]))
    assert stdin_error == "::error title=dedup (input failed)::-: standard input is not available here\n"


def test_multiline_messages_are_escaped() -> None:
    report = Report(errors=[("a.txt", "first line\r\nsecond: 100%")])
    assert render_github(report) == "::error file=a.txt,title=dedup (input failed)::first line%0D%0Asecond: 100%25\n"


def test_cross_document_and_shard_documents() -> None:
    with pinned():
        corpus = render_github(CASES["corpus"]())
        shard = render_github(CASES["shard"]())
    (cross,) = [parse(line) for line in corpus.splitlines() if "DUP003" in line]
    assert re.search(r"^Repeat of lines \d+-\d+ of examples/en_news_doubled(\.expected)?\.txt ", cross[2])
    for line in shard.splitlines():
        _name, properties, message = parse(line)
        # Lines count in the document's text: the annotation names the document instead.
        assert set(properties) == {"file", "title"}
        assert message.startswith("Document news-")


def test_empty_report_prints_nothing() -> None:
    assert render_github(Report()) == ""
    with pinned():
        assert render_github(CASES["empty"]()) == ""
    clean = report_of("clean.txt", BODY)
    assert render_github(clean) == ""
