"""HTML: one self-contained page to read what was removed and why.

The page has a summary at the top (files, runs, bytes removed, the most repeated
passages, a table of files), then one section per file with repeats: each removed
run beside its first occurrence (exact or near, with the similarity and, for a near
copy, the words that differ), and the whole text with the removed runs highlighted
and linked to their first occurrences.

Safety and size:

- Everything that comes from the corpus or the command line (text, paths, error
  messages) goes through :func:`html.escape`; control characters, a lone ``\\r`` and
  U+2028/U+2029 are shown as visible symbols (they do not end a line for dedup).
  A ``Content-Security-Policy`` allows only this page's own style and script (by
  hash) and no network access at all.
- Sections are ``<details>``: with more than :data:`OPEN_LIMIT` runs everything
  starts collapsed, and a long pane is cut at :data:`PANE_LIMIT` characters (the
  full text is still in the file's text view), so 10 000 runs open without freezing.
- ``dir="auto"`` and ``unicode-bidi: plaintext`` give each line its own direction,
  so Arabic and Hebrew lines read right to left next to left-to-right ones.

The output is deterministic (no timestamps); the only script expands the sections
that hold a linked target, and offers expand/collapse buttons.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape

from dedup.report import render_json
from dedup.report.model import FileReport, Located, Report
from dedup.report.render_sarif import document_name, lines_phrase
from dedup.report.stream import encode_report
from dedup.text.layout import line_starts
from dedup.text.normalize import normalize

OPEN_LIMIT = 50
"""Reports with at most this many runs start with every section open."""
PANE_LIMIT = 4000
"""Characters shown in one side of a side-by-side pair before it is cut."""
TEXT_OPEN_LIMIT = 100_000
"""Characters above which a file's full text starts collapsed, even in a small report."""
DIFF_LIMIT = 3000
"""Words per side above which a near pair is shown without its word differences."""
TOP_PASSAGES = 10
FILE_ROWS = 500
"""Files listed in the summary table; above this, only files with something to show."""
TAG_LINKS = 8

CSS = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;
--rm:#ffd7d5;--rm-edge:#cf222e;--first:#d3f5dc;--first-edge:#1a7f37;--chg:#ffec99;--tag:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--panel:#151b23;--rm:#5c1d1d;--rm-edge:#ff7b72;--first:#173d26;--first-edge:#3fb950;--chg:#5a4a0a;--tag:#4493f8}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:1rem 1.5rem 4rem;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK JP","Noto Sans Arabic","DejaVu Sans",sans-serif}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:0}h3{font-size:1.05rem;margin:1rem 0 .5rem}
h4{font-size:.9rem;margin:0 0 .25rem;color:var(--muted);font-weight:600}
a{color:var(--tag)}.muted{color:var(--muted)}code,.path,.doc-id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.92em}
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:.75rem 0;padding:0}
.stats div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:8rem}
.stats dt{font-size:.8rem;color:var(--muted)}.stats dd{margin:0;font-size:1.2rem;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:start;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}
ol.top li{margin:.3rem 0}.excerpt{unicode-bidi:isolate}
details{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;background:var(--bg)}
details>summary{cursor:pointer;padding:.4rem .75rem;list-style-position:inside}
details[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
details>.body{padding:.5rem .75rem}
section.file{margin:1.5rem 0}
section.file>details>summary h2{display:inline}
.badge{display:inline-block;border-radius:1em;padding:0 .55em;font-size:.8rem;font-weight:600;border:1px solid}
.badge.exact{color:var(--rm-edge)}.badge.near{color:#9a6700}.badge.cross{color:var(--tag)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}@media (max-width:800px){.pair{grid-template-columns:1fr}}
.pane{border-inline-start:4px solid var(--rm-edge);padding-inline-start:.5rem;min-width:0}.pane.first{border-color:var(--first-edge)}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;line-height:1.55}
.text>p{position:relative;margin:0;padding-inline-start:3.6em;unicode-bidi:plaintext;text-align:start;min-height:1.55em}
.text>p>i{position:absolute;inset-inline-start:0;width:3em;color:var(--muted);font-style:normal;font-size:.75rem;
line-height:2.05;text-align:end;user-select:none;unicode-bidi:isolate}
mark{color:inherit;background:none}mark.rm{background:var(--rm)}mark.first{background:var(--first)}
mark.rm.first{background:linear-gradient(var(--rm),var(--first))}mark.chg{background:var(--chg);outline:1px solid #bf8700}
.ctl{color:var(--muted);border:1px dotted var(--muted);border-radius:2px;font-size:.8em}
a.tag,span.tag{font-size:.72rem;font-weight:600;text-decoration:none;user-select:none;unicode-bidi:isolate;
border-radius:3px;padding:0 .3em;margin-inline-end:.25em;vertical-align:.15em}
a.tag{background:var(--rm-edge);color:var(--bg)}span.tag{background:var(--first-edge);color:var(--bg)}span.tag a{color:inherit}
.cut{color:var(--muted);font-style:italic}
:target{outline:3px solid var(--tag);outline-offset:2px}
.controls button{font:inherit;font-size:.85rem;margin-inline-end:.5rem}
html:not([data-js]) .controls{display:none}
""".strip()

JS = """
(function(){
var root=document.documentElement;root.setAttribute("data-js","ready");
function reveal(){
var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);if(!el)return;
for(var p=el;p;p=p.parentElement){if(p.tagName==="DETAILS")p.open=true;}
el.scrollIntoView({block:"center"});}
window.addEventListener("hashchange",reveal);reveal();
var buttons=document.querySelectorAll("button[data-open]");
for(var i=0;i<buttons.length;i++){buttons[i].addEventListener("click",function(){
var open=this.getAttribute("data-open")==="1";var all=document.querySelectorAll("details");
for(var j=0;j<all.length;j++)all[j].open=open;});}
})();
""".strip()


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_csp_hash(CSS)}; script-src {_csp_hash(JS)}; "
    "base-uri 'none'; form-action 'none'"
)

# Characters that do not end a line for dedup but could look like a break, and
# characters that would be invisible or invalid in HTML: shown as visible symbols.
_SPECIAL = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMES = {"\r": "CARRIAGE RETURN", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR", "\x85": "NEXT LINE"}


def _symbol(char: str) -> str:
    code = ord(char)
    if char in "\u2028\u2029\x85":
        shown = "\u21b5"
    elif code < 0x20:
        shown = chr(0x2400 + code)
    elif code == 0x7F:
        shown = "\u2421"
    elif 0xD800 <= code <= 0xDFFF:  # as every report shows one (dedup.report.stream.encode_report)
        shown = f"\\u{code:04x}"
    else:
        shown = "\ufffd"
    name = _NAMES.get(char, "control character" if code < 0xD800 else "lone surrogate")
    return f'<span class="ctl" title="U+{code:04X} {name}">{shown}</span>'


def text_html(text: str) -> str:
    """Corpus text as HTML text: escaped, with invisible and line-like controls shown.

    Example:
        >>> text_html("<script>x</script> a\\rb\\r\\n")
        '&lt;script&gt;x&lt;/script&gt; a<span class="ctl" title="U+000D CARRIAGE RETURN">␍</span>b\\r\\n'
    """
    escaped = escape(text, quote=False)
    if _SPECIAL.search(escaped) is None:
        return escaped
    return _SPECIAL.sub(lambda m: _symbol(m.group()), escaped)


def attr(text: str) -> str:
    """An attribute value, escaped (quotes included), a lone surrogate written as
    ``\\udXXX`` as in every report (:func:`dedup.report.stream.encode_report`)."""
    return escape(encode_report(text).decode("utf-8"), quote=True)


def _bytes(n: int) -> str:
    """``512 bytes``, ``12.3 KB``, ``4.5 MB``."""
    if n < 1000:
        return f"{n} byte{'s' if n != 1 else ''}"
    for unit, size in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if n < size * 1000 or unit == "GB":
            return f"{n / size:.1f} {unit}"
    raise AssertionError  # pragma: no cover


def _excerpt(text: str, limit: int = 140) -> str:
    """``text`` on one line, cut to about ``limit`` columns (wide characters count 2).

    Example:
        >>> _excerpt("a  b\\n c"), _excerpt("漢字かな", 5)
        ('a b c', '漢字…')
    """
    flat = " ".join(text.split())
    width = 0
    for k, char in enumerate(flat):
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width > limit - 1 and k < len(flat) - 1:
            return flat[:k].rstrip() + "\u2026"
    return flat


def _setting(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_setting(v) for v in value) + "]" if value else "none"
    return str(value)


class Lines:
    """Line starts of one text (lines end after ``\\n``, as dedup's do)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text, after_final_newline=False)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of lines ``first..last`` (1-based, inclusive)."""
        first = max(1, min(first, len(self.starts)))
        last = max(first, min(last, len(self.starts)))
        end = self.starts[last] if last < len(self.starts) else len(self.text)
        return self.starts[first - 1], end


@dataclass
class _Interval:
    start: int
    end: int
    cls: str


def text_block(
    lines: Lines,
    start: int,
    end: int,
    intervals: Iterable[_Interval] = (),
    tags: dict[int, list[str]] | None = None,
) -> str:
    """``text[start:end]`` as a ``div.text`` holding one ``<p dir="auto">`` per line
    (each with its own direction, and its number in an ``<i>``), ``<mark class=...>``
    over the intervals (they may overlap; a mark never crosses a line), and the HTML
    snippets of ``tags`` inserted before the character at their offset."""
    text = lines.text
    tags = tags or {}
    events: dict[int, list[tuple[int, str]]] = {}
    for iv in intervals:
        a, b = max(iv.start, start), min(iv.end, end)
        if a < b:
            events.setdefault(a, []).append((1, iv.cls))
            events.setdefault(b, []).append((-1, iv.cls))
    first_line = lines.line_of(start) - 1
    last_line = lines.line_of(max(start, end - 1))
    line_set = {p for p in lines.starts[first_line:last_line] if p >= start}
    points = sorted({start, end, *events, *(p for p in tags if start <= p < end), *line_set})
    active: dict[str, int] = {}
    # dir="auto" on each line, never on the block: Chromium re-reads a dir="auto"
    # element's whole text as children are added, which is quadratic on long texts.
    out = ['<div class="text">']
    if start not in line_set:
        out.append('<p dir="auto">')
    for k, point in enumerate(points):
        if point >= end:
            break
        for delta, cls in events.get(point, ()):
            active[cls] = active.get(cls, 0) + delta
        if point in line_set:
            if point != start:
                out.append("</p>")
            out.append(f'<p dir="auto"><i>{lines.line_of(point)}</i>')
        out.extend(tags.get(point, ()))
        chunk = text_html(text[point : points[k + 1]])
        classes = " ".join(sorted(cls for cls, n in active.items() if n > 0))
        out.append(f'<mark class="{classes}">{chunk}</mark>' if classes else chunk)
    out.append("</p></div>" if start < end else "</div>")
    return "".join(out)


@dataclass
class _Finding:
    """One removed run and where things about it live in the page."""

    file_index: int
    document: str  # the name of the document it was removed from
    number: int
    located: Located
    first_name: str
    same_document: bool  # the first occurrence is in the same document
    first_index: int | None  # the file section holding the first occurrence, if any
    group: int = 0  # anchor number of its first occurrence in that file's text

    @property
    def anchor(self) -> str:
        return f"f{self.file_index}-{self.number}"

    @property
    def label(self) -> str:
        return f"#{self.number}" if self.same_document else f"{_excerpt(self.document, 30)} #{self.number}"


@dataclass
class _Page:
    report: Report
    index_of: dict[str, int] = field(default_factory=dict)
    lines: dict[int, Lines] = field(default_factory=dict)
    findings: dict[int, list[_Finding]] = field(default_factory=dict)
    # per file index: (source_start, source_end) -> the findings whose first occurrence it is
    firsts: dict[int, dict[tuple[int, int], list[_Finding]]] = field(default_factory=dict)
    sections: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for i, file in enumerate(self.report.files, 1):
            self.index_of.setdefault(document_name(file), i)
        for i, file in enumerate(self.report.files, 1):
            rows = []
            for k, loc in enumerate(file.findings, 1):
                other = loc.finding.source_document
                first_index = i if other is None else self.index_of.get(other)
                name = document_name(file)
                row = _Finding(i, name, k, loc, name if other is None else other, other is None, first_index)
                rows.append(row)
                if first_index is not None:
                    key = (loc.finding.source_start, loc.finding.source_end)
                    groups = self.firsts.setdefault(first_index, {})
                    groups.setdefault(key, []).append(row)
            self.findings[i] = rows
        for groups in self.firsts.values():
            for g, key in enumerate(sorted(groups), 1):
                for row in groups[key]:
                    row.group = g
        # Files with repeats or cleaning passes' changes, and files that hold the first
        # occurrence of another's.
        fixed = (i for i, file in enumerate(self.report.files, 1) if file.fixes)
        self.sections = sorted({*(i for i, rows in self.findings.items() if rows), *self.firsts, *fixed})

    def file_lines(self, index: int) -> Lines:
        if index not in self.lines:
            self.lines[index] = Lines(self.report.files[index - 1].original)
        return self.lines[index]

    def first_text(self, row: _Finding) -> str | None:
        if row.first_index is None:
            return None
        f = row.located.finding
        return self.report.files[row.first_index - 1].original[f.source_start : f.source_end]


def _kind_badge(located: Located, cross: bool) -> str:
    f = located.finding
    if f.kind == "exact":
        badge = '<span class="badge exact">exact</span>'
    else:
        badge = f'<span class="badge near">near \u00b7 similarity {f.score:.2f}</span>'
    if cross:
        badge += ' <span class="badge cross">other document</span>'
    return badge


def _summary_section(page: _Page) -> str:
    report = page.report
    files = report.files
    bytes_in = sum(f.bytes_in for f in files)
    removed = sum(f.bytes_removed for f in files)
    share = f" ({removed / bytes_in:.1%} of {_bytes(bytes_in)})" if bytes_in else ""
    noun = "documents" if any(f.document is not None for f in files) else "files"
    stats = [
        (f"{noun} read", str(len(files))),
        (f"{noun} with repeats", str(len(report.changed))),
        ("runs removed", str(report.runs)),
        ("bytes removed", f"{removed}"),
    ]
    if report.duplicates:
        stats.append(("near-duplicate documents", str(len(report.duplicates))))
    if report.errors:
        stats.append(("inputs failed", str(len(report.errors))))
    out = ['<section id="summary">', '<dl class="stats">']
    out += [f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in stats]
    out.append("</dl>")
    out.append(f'<p class="muted">{_bytes(removed)} removed{share}.</p>')
    out.append(
        '<p class="controls"><button type="button" data-open="1">Expand all</button>'
        '<button type="button" data-open="0">Collapse all</button></p>'
    )
    out.append(_top_passages(page))
    out.append(_file_table(page))
    if report.errors:
        out.append('<h3>Inputs that failed</h3><ul class="errors">')
        out += [f'<li><span class="path">{attr(p)}</span>: {text_html(m)}</li>' for p, m in report.errors]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _top_passages(page: _Page) -> str:
    """The passages whose copies took the most bytes, grouped by the normal form of
    their first occurrence (so copies of one passage in several files count together)."""
    groups: dict[str, list[_Finding]] = {}
    texts: dict[str, str] = {}
    for index in sorted(page.findings):
        file = page.report.files[index - 1]
        for row in page.findings[index]:
            f = row.located.finding
            first = page.first_text(row)
            if first is None:
                first = file.original[f.start : f.end]
            key = normalize(first).text
            groups.setdefault(key, []).append(row)
            texts.setdefault(key, first)
    if not groups:
        return ""

    def removed(rows: list[_Finding]) -> int:
        return sum(r.located.byte_end - r.located.byte_start for r in rows)

    # sorted() is stable: ties keep the order of first appearance.
    top = sorted(groups.items(), key=lambda item: (-removed(item[1]), -len(item[1])))[:TOP_PASSAGES]
    out = ["<h3>Most repeated passages</h3>", '<ol class="top">']
    for key, rows in top:
        files = len({r.file_index for r in rows})
        copies = f"{len(rows)} cop{'ies' if len(rows) != 1 else 'y'} removed"
        where = f" in {files} files" if files > 1 else ""
        out.append(
            f'<li><a href="#{rows[0].anchor}">{copies}{where}</a>, {_bytes(removed(rows))}: '
            f'<q class="excerpt" dir="auto">{text_html(_excerpt(texts[key]))}</q></li>'
        )
    out.append("</ol>")
    return "\n".join(out)


def _name(file: FileReport) -> str:
    """The file's path, and the document's id inside a JSONL shard."""
    name = f'<span class="path">{attr(file.path)}</span>'
    if file.document is not None:
        name += f' <span class="doc-id">[{attr(file.document)}]</span>'
    return name


def _file_table(page: _Page) -> str:
    files = page.report.files
    notable = [
        (i, f) for i, f in enumerate(files, 1) if f.changed or f.duplicate_of is not None or i in page.firsts
    ]
    rows = list(enumerate(files, 1)) if len(files) <= FILE_ROWS else notable
    out = [
        "<h3>Files</h3>",
        '<table class="files"><thead><tr><th>file</th><th class="n">runs</th>'
        + '<th class="n">bytes in</th><th class="n">bytes removed</th></tr></thead><tbody>',
    ]
    for i, file in rows:
        name = _name(file)
        if i in page.sections:
            name = f'<a href="#file-{i}">{name}</a>'
        if file.duplicate_of is not None:
            similarity = "" if file.duplicate_similarity is None else f", similarity {file.duplicate_similarity:.2f}"
            name += f' <span class="muted">near-duplicate of {attr(file.duplicate_of)}{similarity}</span>'
        out.append(
            f'<tr><td>{name}</td><td class="n">{len(file.findings)}</td>'
            f'<td class="n">{file.bytes_in}</td><td class="n">{file.bytes_removed}</td></tr>'
        )
    out.append("</tbody></table>")
    if len(rows) < len(files):
        out.append(f'<p class="muted">{len(files) - len(rows)} more files without repeats are not listed.</p>')
    return "\n".join(out)


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]


def _differences(a: str, b: str) -> tuple[list[_Interval], list[_Interval]] | None:
    """Intervals of the words that differ between ``a`` and ``b`` (compared in normal
    form, so case, quotes and spacing do not count), or None if they are too long."""
    words_a, words_b = _word_spans(a), _word_spans(b)
    if max(len(words_a), len(words_b)) > DIFF_LIMIT:
        return None

    def keys(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        return [normalize(text[s:e]).text if not text[s:e].isascii() else text[s:e].lower() for s, e in spans]

    matcher = SequenceMatcher(None, keys(a, words_a), keys(b, words_b), autojunk=False)
    marks_a: list[_Interval] = []
    marks_b: list[_Interval] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            marks_a.append(_Interval(words_a[i1][0], words_a[i2 - 1][1], "chg"))
        if j1 < j2:
            marks_b.append(_Interval(words_b[j1][0], words_b[j2 - 1][1], "chg"))
    return marks_a, marks_b


def _pane(lines: Lines | None, first: int, last: int, marks: list[_Interval], heading: str, cls: str) -> str:
    out = [f'<div class="pane {cls}"><h4>{heading}</h4>']
    if lines is None:
        out.append('<p class="cut">The text of this document is not in the report.</p>')
    else:
        start, end = lines.span(first, last)
        stop = min(end, start + PANE_LIMIT)
        out.append(text_block(lines, start, stop, marks))
        if stop < end:
            out.append(f'<p class="cut">\u2026 {end - stop} more characters: see the full text.</p>')
    out.append("</div>")
    return "".join(out)


def _finding_details(page: _Page, row: _Finding, open_: bool) -> str:
    loc = row.located
    f = loc.finding
    lines = page.file_lines(row.file_index)
    first_lines = page.file_lines(row.first_index) if row.first_index is not None else None
    where = "" if row.same_document else f' of <span class="path">{attr(row.first_name)}</span>'
    summary = (
        f'<a class="tag" href="#d{row.file_index}-{row.number}">#{row.number}</a>'
        f"{lines_phrase(f.line_start, f.line_end).capitalize()} "
        f"repeat{'s' if f.line_start == f.line_end else ''} {lines_phrase(f.source_line_start, f.source_line_end)}"
        f"{where} {_kind_badge(loc, not row.same_document)} "
        f'<span class="muted">{f.paragraphs} paragraph{"s" if f.paragraphs != 1 else ""}, '
        f"{loc.byte_end - loc.byte_start} bytes</span>"
    )
    marks_rm: list[_Interval] = []
    marks_first: list[_Interval] = []
    if f.kind == "near" and first_lines is not None:
        a_start, a_end = lines.span(f.line_start, f.line_end)
        b_start, b_end = first_lines.span(f.source_line_start, f.source_line_end)
        diff = _differences(lines.text[a_start:a_end], first_lines.text[b_start:b_end])
        if diff is not None:
            marks_rm = [_Interval(iv.start + a_start, iv.end + a_start, iv.cls) for iv in diff[0]]
            marks_first = [_Interval(iv.start + b_start, iv.end + b_start, iv.cls) for iv in diff[1]]
    first_link = (
        f' <a href="#s{row.first_index}-{row.group}">in the text</a>' if row.first_index is not None else ""
    )
    first_name = "" if row.same_document else f'<span class="path">{attr(row.first_name)}</span> '
    removed_pane = _pane(
        lines, f.line_start, f.line_end, marks_rm,
        f"Removed copy \u00b7 {lines_phrase(f.line_start, f.line_end)}",
        "rm",
    )
    first_pane = _pane(
        first_lines, f.source_line_start, f.source_line_end, marks_first,
        f"First occurrence (kept) \u00b7 {first_name}{lines_phrase(f.source_line_start, f.source_line_end)}"
        f"{first_link}",
        "first",
    )
    return (
        f'<details class="finding" id="{row.anchor}" data-kind="{f.kind}"{" open" if open_ else ""}>'
        f"<summary>{summary}</summary>"
        f'<div class="body pair">{removed_pane}{first_pane}</div></details>'
    )


def _document(page: _Page, index: int, open_: bool) -> str:
    lines = page.file_lines(index)
    intervals: list[_Interval] = []
    tags: dict[int, list[str]] = {}
    for row in page.findings.get(index, ()):
        f = row.located.finding
        intervals.append(_Interval(f.start, f.end, "rm"))
        tags.setdefault(f.start, []).append(
            f'<a class="tag" dir="ltr" id="d{index}-{row.number}" href="#{row.anchor}">#{row.number}</a>'
        )
    for (start, end), rows in sorted(page.firsts.get(index, {}).items()):
        intervals.append(_Interval(start, end, "first"))
        links = " ".join(f'<a href="#{r.anchor}">{r.label}</a>' for r in rows[:TAG_LINKS])
        more = f" +{len(rows) - TAG_LINKS}" if len(rows) > TAG_LINKS else ""
        tags.setdefault(start, []).append(
            f'<span class="tag" dir="ltr" id="s{index}-{rows[0].group}">kept: {links}{more}</span>'
        )
    body = text_block(lines, 0, len(lines.text), intervals, tags)
    return (
        f'<details class="doc" id="text-{index}"{" open" if open_ else ""}>'
        '<summary>Full text: <mark class="rm">removed</mark> (#n links to the pair), '
        '<mark class="first">first occurrence, kept</mark></summary>'
        f'<div class="body">{body}</div></details>'
    )


def span_text(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}-{end}"


def _file_section(page: _Page, index: int, open_: bool) -> str:
    file = page.report.files[index - 1]
    rows = page.findings.get(index, [])
    head = (
        f"<h2>{_name(file)}</h2> <span class=\"muted\">"
        f"{len(rows)} run{'s' if len(rows) != 1 else ''} removed, "
        f"{file.bytes_removed} of {file.bytes_in} bytes</span>"
    )
    parts = [_finding_details(page, row, open_) for row in rows]
    if file.fixes:
        items = "".join(
            f"<li>{attr(span_text(c.line_start, c.line_end))}: fix {attr('+'.join(c.fixes))} "
            f"({c.counts})</li>"
            for c in file.fixes
        )
        parts.append(
            f'<details class="fixes"{" open" if open_ else ""}><summary>{len(file.fixes)} change'
            f'{"s" if len(file.fixes) != 1 else ""} by cleaning passes</summary><ul dir="ltr">{items}</ul></details>'
        )
    parts.append(_document(page, index, open_ and len(file.original) <= TEXT_OPEN_LIMIT))
    return (
        f'<section class="file" id="file-{index}"><details{" open" if open_ else ""}>'
        f'<summary>{head}</summary><div class="body">{"".join(parts)}</div></details></section>'
    )


def render_html(report: Report, *, title: str = "dedup report") -> str:
    """The report as one self-contained HTML page.

    Example:
        >>> page = render_html(Report())
        >>> page.startswith("<!DOCTYPE html>"), "No repeats found." in page
        (True, True)
    """
    page = _Page(report)
    open_ = report.runs <= OPEN_LIMIT
    settings = " \u00b7 ".join(f"{key} {_setting(value)}" for key, value in report.settings.items())
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{attr(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{attr(title)}</h1>",
        f'<p class="muted">dedup {attr(render_json._tool_version())}'
        + (f" \u00b7 {attr(settings)}" if settings else "")
        + "</p></header>",
        _summary_section(page),
    ]
    if page.sections:
        out.append('<main id="files">')
        out += [_file_section(page, i, open_) for i in page.sections]
        out.append("</main>")
    else:
        out.append('<p id="files">No repeats found.</p>')
    out += [f"<script>{JS}</script>", "</body>", "</html>", ""]
    return "\n".join(out)
