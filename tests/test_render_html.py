"""The HTML report, read back with ``html.parser``: structure, links, escaping, size.

The golden file pins the bytes; these tests say what must hold whatever the bytes:
every removed run is highlighted and linked to its first occurrence, the text shown
is the input's text, nothing from the input becomes markup, nothing is loaded from
the network, and 10 000 runs stay usable.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_golden import CASES, cross_document, pinned

import dedup
from dedup.report.model import FileReport, Report, file_report
from dedup.report.render_html import PANE_LIMIT, render_html
from dedup.sources import Document
from dedup.text.engine import clean_text

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "area", "base", "col", "embed", "track"}
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "section", "main",
    "dl", "dt", "dd", "div", "button", "ol", "ul", "li", "a", "q", "table", "thead", "tbody", "tr", "th", "td",
    "details", "summary", "span", "mark", "i", "script",
}  # fmt: skip
BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def text(self, skip: frozenset[str] = frozenset()) -> str:
        """The text inside, without elements whose tag or class is in ``skip``."""
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif child.tag not in skip and not (child.classes & skip):
                out.append(child.text(skip))
        return "".join(out)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.errors.append(f"comment: {data[:40]!r}")


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert not builder.errors, builder.errors[:5]
    assert [n.tag for n in builder.stack] == ["#document"], "unclosed elements"
    return builder.root


def by_id(root: Node) -> dict[str, Node]:
    ids: dict[str, Node] = {}
    for node in root.walk():
        if "id" in node.attrs:
            assert node.attrs["id"] not in ids, f"duplicate id {node.attrs['id']}"
            ids[node.attrs["id"]] = node
    return ids


def union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def shown(text: str) -> str:
    """How the page shows corpus text: a lone CR and U+2028/2029 are visible symbols."""
    text = re.sub("\r(?!\n)", "\u240d", text)
    return text.replace("\u2028", "\u21b5").replace("\u2029", "\u21b5")


def report_of(name: str, text: str, **options: object) -> Report:
    document = Document(name, text.encode("utf-8", "surrogatepass"), text, "utf-8")
    result = clean_text(document.text, dedup.Config().with_options(**options))
    return Report(files=[file_report(document, result)], settings={})


@pytest.fixture(scope="module")
def examples() -> tuple[Report, str, Node]:
    with pinned():
        report = CASES["examples"]()
        page = render_html(report)
    return report, page, parse(page)


def test_self_contained_one_script_one_style_and_a_strict_policy(examples: tuple[Report, str, Node]) -> None:
    _, _, root = examples
    tags = {node.tag for node in root.walk()} - {"#document"}
    assert tags <= ALLOWED, tags - ALLOWED
    (script,) = [n for n in root.walk() if n.tag == "script"]
    (style,) = [n for n in root.walk() if n.tag == "style"]
    assert not script.attrs and not style.attrs
    (csp,) = [n for n in root.walk() if n.tag == "meta" and n.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = csp.attrs["content"]
    assert "default-src 'none'" in policy

    def digest(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"

    assert f"script-src {digest(script.text())}" in policy
    assert f"style-src {digest(style.text())}" in policy
    for node in root.walk():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            if name in ("href", "src", "action", "srcset", "formaction", "poster"):
                assert name == "href" and value.startswith("#"), (node.tag, name, value)
    assert "url(" not in style.text() and "@import" not in style.text()


def test_every_link_has_a_target(examples: tuple[Report, str, Node]) -> None:
    _, _, root = examples
    ids = by_id(root)
    links = [n.attrs["href"][1:] for n in root.walk() if n.tag == "a"]
    assert links
    assert not [target for target in links if target not in ids]


def test_every_run_is_highlighted_and_linked_to_its_first_occurrence(examples: tuple[Report, str, Node]) -> None:
    report, _, root = examples
    ids = by_id(root)
    sections = [n for n in root.walk() if n.tag == "section" and "file" in n.classes]
    assert len(sections) == len(report.changed)
    for index, file in enumerate(report.files, 1):
        if not file.changed:
            assert f"file-{index}" not in ids
            continue
        text_view = ids[f"text-{index}"]
        assert text_view.tag == "details" and "doc" in text_view.classes
        for number, located in enumerate(file.findings, 1):
            f = located.finding
            details = ids[f"f{index}-{number}"]
            assert details.tag == "details" and details.attrs["data-kind"] == f.kind
            summary = next(c for c in details.children if isinstance(c, Node) and c.tag == "summary")
            assert f"#d{index}-{number}" in {n.attrs.get("href") for n in summary.walk()}
            badge = "exact" if f.kind == "exact" else f"near \u00b7 similarity {f.score:.2f}"
            assert badge in summary.text()
            removed, first = (n for n in details.walk() if "pane" in n.classes)
            first_links = [n.attrs["href"] for n in first.walk() if n.tag == "a"]
            assert len(first_links) == 1 and first_links[0].startswith(f"#s{index}-")
            # The kept first occurrence, tagged in the text with a link back to this run.
            tag = ids[first_links[0][1:]]
            assert text_view in tag.ancestors()
            assert f"#f{index}-{number}" in {n.attrs.get("href") for n in tag.walk()}
            # The tag in the text that marks the removed run links to this run.
            anchor = ids[f"d{index}-{number}"]
            assert anchor.attrs["href"] == f"#f{index}-{number}" and text_view in anchor.ancestors()
            # The two panes show the removed lines and the first occurrence's lines.
            lines = file.original.split("\n")
            for pane, (a, b) in ((removed, (f.line_start, f.line_end)), (first, (f.source_line_start, f.source_line_end))):
                numbers = [int(n.text()) for n in pane.walk() if n.tag == "i"]
                assert numbers == list(range(a, b + 1))
                # (the last line without its "\n" or "\r\n")
                expected = "\n".join(lines[a - 1 : b]).removeprefix("\ufeff").removesuffix("\r")
                got = pane_text(pane).removeprefix("\ufeff").removesuffix("\n").removesuffix("\r")
                assert got == shown(expected)


def pane_text(pane: Node) -> str:
    (block,) = [n for n in pane.walk() if "text" in n.classes]
    return block.text(skip=frozenset({"i", "tag"}))


def test_the_text_view_shows_the_input_and_marks_exactly_what_goes(examples: tuple[Report, str, Node]) -> None:
    report, _, root = examples
    ids = by_id(root)
    for index, file in enumerate(report.files, 1):
        if not file.changed:
            continue
        (block,) = [n for n in ids[f"text-{index}"].walk() if "text" in n.classes]
        assert block.text(skip=frozenset({"i", "tag"})) == shown(file.original)
        lines = [n for n in block.children if isinstance(n, Node)]
        assert all(n.tag == "p" and n.attrs == {"dir": "auto"} for n in lines)
        numbers = [int(p.children[0].text()) for p in lines if isinstance(p.children[0], Node)]
        assert numbers == list(range(1, len(numbers) + 1))
        marks = [n for n in block.walk() if n.tag == "mark"]
        removed = "".join(n.text(skip=frozenset({"tag"})) for n in marks if "rm" in n.classes)
        spans = union([(loc.finding.start, loc.finding.end) for loc in file.findings])
        assert removed == shown("".join(file.original[a:b] for a, b in spans))
        kept = "".join(n.text(skip=frozenset({"tag"})) for n in marks if "first" in n.classes)
        spans = union([(loc.finding.source_start, loc.finding.source_end) for loc in file.findings])
        assert kept == shown("".join(file.original[a:b] for a, b in spans))


def test_summary(examples: tuple[Report, str, Node]) -> None:
    report, _, root = examples
    ids = by_id(root)
    stats = {
        dt.text(): dd.text()
        for div in ids["summary"].walk()
        if div.tag == "div" and div.parent is not None and "stats" in div.parent.classes
        for dt, dd in [[c for c in div.children if isinstance(c, Node)]]
    }
    assert stats == {
        "files read": str(len(report.files)),
        "files with repeats": str(len(report.changed)),
        "runs removed": str(report.runs),
        "bytes removed": str(sum(f.bytes_removed for f in report.files)),
    }
    (top,) = [n for n in ids["summary"].walk() if n.tag == "ol" and "top" in n.classes]
    items = [n for n in top.children if isinstance(n, Node)]
    assert 1 <= len(items) <= 10
    for item in items:
        link = next(n for n in item.walk() if n.tag == "a")
        assert ids[link.attrs["href"][1:]].tag == "details"
    rows = [n for n in ids["summary"].walk() if n.tag == "tr"][1:]
    assert len(rows) == len(report.files)


def test_small_reports_open_large_ones_start_collapsed() -> None:
    small = report_of("a.txt", BODY + "\n" + BODY)
    assert all("open" in n.attrs for n in parse(render_html(small)).walk() if n.tag == "details")


def test_near_copy_marks_the_words_that_differ() -> None:
    with pinned():
        page = render_html(dedup.batch.run(["examples/en_light_edit.txt"], dedup.Config()))
    root = parse(page)
    (details,) = [n for n in root.walk() if n.tag == "details" and "finding" in n.classes]
    removed, first = (n for n in details.walk() if "pane" in n.classes)
    changed_removed = [n.text() for n in removed.walk() if n.tag == "mark" and "chg" in n.classes]
    changed_first = [n.text() for n in first.walk() if n.tag == "mark" and "chg" in n.classes]
    assert "sqaure;" in changed_removed and "square," in changed_first
    assert "programme" not in " ".join(changed_removed + changed_first)


def test_exact_copy_that_differs_only_in_normalisation_marks_nothing() -> None:
    with pinned():
        page = render_html(dedup.batch.run(["examples/en_curly_quotes_copy.txt"], dedup.Config()))
    assert 'class="chg"' not in page


INJECTIONS = [
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    '<img src=x onerror="document.documentElement.setAttribute(\'data-pwned\',\'img\')">',
    "</textarea></div></details></body><svg onload=alert(1)>",
    "<!-- comment --> <![CDATA[ x ]]> &amp; &lt; &#60;script&#62;",
    "\" onmouseover=\"alert(1)\" x=' y",
]


def injected_report() -> Report:
    hostile = "\n".join(INJECTIONS) + "\n"
    text = "Title <b>bold</b>\n\n" + hostile + "\n" + BODY + "\nSource\n\n" + hostile + "\n" + BODY
    report = report_of('<script>alert("path")</script>.txt', text)
    file = replace(report.files[0], document='id"><script>alert(1)</script>')
    return replace(
        report,
        files=[file],
        errors=[("x<b>.txt", "x<b>.txt: <script>alert('error')</script>")],
        settings={"keep_patterns": ["<script>alert('setting')</script>"], "unit": "<i>"},
    )


def test_corpus_text_stays_text() -> None:
    report = injected_report()
    assert report.runs >= 1
    page = render_html(report, title="<script>alert('title')</script>")
    root = parse(page)
    tags = {node.tag for node in root.walk()} - {"#document"}
    assert tags <= ALLOWED, tags - ALLOWED
    assert sum(1 for node in root.walk() if node.tag == "script") == 1
    assert not [name for node in root.walk() for name in node.attrs if name.startswith("on") or name == "x"]
    all_text = root.text()
    for payload in INJECTIONS:
        assert payload.replace("\n", "") in all_text.replace("\n", "")
    assert '<script>alert("path")</script>.txt' in all_text
    assert "<script>alert('error')</script>" in all_text
    assert "<script>alert('setting')</script>" in all_text
    assert "<script>alert('title')</script>" in all_text


def test_control_characters_and_line_separators_are_visible() -> None:
    text = "Title\x00 with\x0b odd\x1b chars\u2028and a separator\rcr\n\n" + BODY + "\n" + BODY
    page = render_html(report_of("ctl.txt", text))
    root = parse(page)
    controls = [n for n in root.walk() if "ctl" in n.classes]
    titles = {n.attrs["title"] for n in controls}
    assert {
        "U+0000 control character",
        "U+000B control character",
        "U+001B control character",
        "U+2028 LINE SEPARATOR",
        "U+000D CARRIAGE RETURN",
    } <= titles
    assert "\x00" not in page and "\x0b" not in page and "\u2028" not in page


def test_lone_surrogates_do_not_break_the_page() -> None:
    file = report_of("a.txt", BODY + "\n" + BODY).files[0]
    odd = replace(file, path="bad\udcff.txt", original="\ud800" + file.original[1:])
    page = render_html(Report(files=[odd]))
    page.encode("utf-8")


def test_right_to_left_lines_get_their_own_direction() -> None:
    with pinned():
        page = render_html(dedup.batch.run(["examples/ar_harakat_tatweel_copy.txt"], dedup.Config()))
    root = parse(page)
    texts = [n for n in root.walk() if "text" in n.classes]
    assert texts
    for block in texts:
        assert "dir" not in block.attrs  # never on the block: see text_block()
        assert all(isinstance(p, Node) and p.attrs.get("dir") == "auto" for p in block.children)
    # Tags inside the text are left-to-right and do not count for the line's direction.
    tags = [n for block in texts for n in block.walk() if "tag" in n.classes]
    assert tags and all(n.attrs.get("dir") == "ltr" for n in tags)


def test_cross_document_first_occurrence_is_shown_in_the_other_file() -> None:
    with pinned():
        report = CASES["corpus"]()
        root = parse(render_html(report))
    ids = by_id(root)
    index, number, source = cross_document(report)
    details = ids[f"f{index}-{number}"]
    assert "other document" in details.text()
    _, first = (n for n in details.walk() if "pane" in n.classes)
    (link,) = [n.attrs["href"] for n in first.walk() if n.tag == "a"]
    assert ids[link[1:]] in ids[f"text-{source}"].walk()
    assert f"#f{index}-{number}" in {n.attrs.get("href") for n in ids[link[1:]].walk()}
    assert report.files[source - 1].path in first.text()
    f = report.files[index - 1].findings[number - 1].finding
    lines = report.files[source - 1].original.split("\n")
    assert pane_text(first).startswith(lines[f.source_line_start - 1])


def test_long_panes_are_cut() -> None:
    long_paragraph = " ".join(f"Sentence {i} of a very long paragraph goes on." for i in range(400)) + "\n"
    report = report_of("long.txt", long_paragraph + "\n" + long_paragraph)
    root = parse(render_html(report))
    panes = [n for n in root.walk() if "pane" in n.classes]
    assert len(panes) == 2
    for pane in panes:
        assert len(pane_text(pane)) == PANE_LIMIT
        assert "more characters" in pane.text()


def test_no_repeats() -> None:
    page = render_html(report_of("clean.txt", BODY))
    assert "No repeats found." in page
    parse(page)


def many_findings(n: int) -> Report:
    paragraphs = [f"Paragraph {i} talks about item {i} in its own words, long enough to count." for i in range(n)]
    fillers = [f"Filler {i}: {'x' * (i % 7)} {i * 7}." for i in range(n)]
    text = "\n\n".join(paragraphs) + "\n\n" + "\n\n".join(p + "\n\n" + u for p, u in zip(paragraphs, fillers)) + "\n"
    return report_of("big.txt", text)


@pytest.mark.slow
def test_ten_thousand_runs_render_quickly_and_start_collapsed() -> None:
    report = many_findings(10_000)
    assert report.runs == 10_000
    started = time.perf_counter()
    page = render_html(report)
    elapsed = time.perf_counter() - started
    text_size = len(report.files[0].original)
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert len(page) < 4 * text_size + 1000 * report.runs, f"{len(page)} characters"
    # (html.parser on 13 MB takes long; the structure is checked on small reports.)
    assert len(re.findall(r'<details class="finding" id="f1-\d+" data-kind="exact">', page)) == 10_000
    assert not re.findall(r"<details[^>]* open", page)


def test_a_file_report_built_by_hand() -> None:
    # The renderer only needs the model: a FileReport with no findings and odd sizes.
    file = FileReport("empty.txt", "", "", 0, 0, ())
    page = render_html(Report(files=[file]))
    assert "No repeats found." in page


POOL = [
    "The regional orchestra will play its last concert of the season on 28 June.",
    "The regional orchestra will play its final concert of the season on 28 June.",
    "Tickets went on sale this morning and 600 of the 900 seats were sold.",
    "Subscribe to our newsletter for more stories like this one, every week.",
    "المكتبة العامة تمدد ساعات العمل مساء كل خميس حتى الساعة العاشرة ليلا.",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=12),
    gaps=st.lists(st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\n \n"]), min_size=12, max_size=12),
    unit=st.sampled_from(["auto", "line", "paragraph"]),
)
def test_any_document_is_shown_whole_with_exactly_its_runs_marked(
    picks: list[int], gaps: list[str], unit: str
) -> None:
    text = "".join(POOL[p] + gap for p, gap in zip(picks, gaps))
    report = report_of("doc.txt", text, unit=unit)
    file = report.files[0]
    root = parse(render_html(report))
    ids = by_id(root)
    assert not [n.attrs["href"] for n in root.walk() if n.tag == "a" and n.attrs["href"][1:] not in ids]
    if not file.findings:
        assert "text-1" not in ids
        return
    (block,) = [n for n in ids["text-1"].walk() if "text" in n.classes]
    assert block.text(skip=frozenset({"i", "tag"})) == shown(text)
    marks = [n for n in block.walk() if n.tag == "mark"]
    for cls, spans in (
        ("rm", [(loc.finding.start, loc.finding.end) for loc in file.findings]),
        ("first", [(loc.finding.source_start, loc.finding.source_end) for loc in file.findings]),
    ):
        marked = "".join(n.text(skip=frozenset({"tag"})) for n in marks if cls in n.classes)
        assert marked == shown("".join(text[a:b] for a, b in union(spans)))
    assert len([n for n in root.walk() if n.tag == "details" and "finding" in n.classes]) == len(file.findings)
