"""Corpus text as HTML: escaped, with invisible and line-like characters shown as
visible symbols, cut to one-line excerpts, and laid out as a block of numbered lines
with marks over the removed runs and first occurrences (:func:`text_block`)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from dedup.report.formats import encode_report
from dedup.report.model import FileReport
from dedup.text.layout import line_starts

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
    elif 0xD800 <= code <= 0xDFFF:  # as every report shows one (dedup.report.formats.encode_report)
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
    ``\\udXXX`` as in every report (:func:`dedup.report.formats.encode_report`)."""
    return escape(encode_report(text).decode("utf-8"), quote=True)


def excerpt(text: str, limit: int = 140) -> str:
    """``text`` on one line, cut to about ``limit`` columns (wide characters count 2).

    Example:
        >>> excerpt("a  b\\n c"), excerpt("漢字かな", 5)
        ('a b c', '漢字…')
    """
    flat = " ".join(text.split())
    width = 0
    for k, char in enumerate(flat):
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width > limit - 1 and k < len(flat) - 1:
            return flat[:k].rstrip() + "\u2026"
    return flat


def name_html(file: FileReport) -> str:
    """The file's path, the document's id inside a shard, and a Parquet row's row
    group and row."""
    name = f'<span class="path">{attr(file.path)}</span>'
    if file.document is not None:
        name += f' <span class="doc-id">[{attr(file.document)}]</span>'
    if file.position is not None:
        group, row = file.position
        name += f' <span class="doc-pos">(row group {group}, row {row})</span>'
    return name


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
class Interval:
    start: int
    end: int
    cls: str


def text_block(
    lines: Lines,
    start: int,
    end: int,
    intervals: Iterable[Interval] = (),
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
