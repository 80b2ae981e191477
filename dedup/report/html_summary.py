"""The top of the HTML report: the figures, the most repeated passages, the table of
files and the inputs that failed."""

from __future__ import annotations

from dedup.report.html_model import Page, PageFinding
from dedup.report.html_text import attr, excerpt, name_html, text_html
from dedup.text.normalize import normalize

TOP_PASSAGES = 10
FILE_ROWS = 500
"""Files listed in the summary table; above this, only files with something to show."""


def _bytes(n: int) -> str:
    """``512 bytes``, ``12.3 KB``, ``4.5 MB``."""
    if n < 1000:
        return f"{n} byte{'s' if n != 1 else ''}"
    for unit, size in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if n < size * 1000 or unit == "GB":
            return f"{n / size:.1f} {unit}"
    raise AssertionError  # pragma: no cover


def summary_section(page: Page) -> str:
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


def _top_passages(page: Page) -> str:
    """The passages whose copies took the most bytes, grouped by the normal form of
    their first occurrence (so copies of one passage in several files count together)."""
    groups: dict[str, list[PageFinding]] = {}
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

    def removed(rows: list[PageFinding]) -> int:
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
            f'<q class="excerpt" dir="auto">{text_html(excerpt(texts[key]))}</q></li>'
        )
    out.append("</ol>")
    return "\n".join(out)


def _file_table(page: Page) -> str:
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
        name = name_html(file)
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
