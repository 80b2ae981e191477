"""The units Markdown marks: what :func:`scan` claims of a Markdown document.

One pass over the lines, in the spirit of CommonMark and GitHub tables, simplified
where that cannot cut a unit apart:

- ``front-matter``: YAML between a first line ``---`` and the next ``---`` or ``...``;
- ``code``: a fenced block (``````` or ``~~~``, at any indentation, to its closing
  fence or the end of the document) or an indented block (four spaces more than the
  list it is in, after a blank line), blank lines inside included;
- ``html``: an HTML block (a comment, ``<script>``/``<pre>``/``<style>``/``<textarea>``
  to its end tag; a block-level tag, or a line that is only a tag, to a blank line);
- ``table``: a header row with ``|``, a delimiter row (``| --- | :-: |``) and the rows
  up to a blank line;
- ``heading``: an ATX heading (``# ...``), or a setext heading (the paragraph lines
  above a ``===`` or ``---`` underline);
- ``item``: a list item (``-``, ``+``, ``*``, ``1.``, ``1)``) with its continuation
  lines up to a blank line, the next item or another block; a nested item is a unit
  of its own, and an item's later paragraphs are laid out as paragraphs.

Everything else (paragraphs, block quotes, thematic breaks) is left to the plain
layout. Each line is looked at a bounded number of times, so the scan is linear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int, str]

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|\s*$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)\s*$")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}\s*$")
_ITEM = re.compile(r"([ \t]*)([-+*]|(\d{1,9})[.)])([ \t]+|\s*$)")
_DELIMITER = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_HTML_END = [
    (re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)", re.I), re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r" {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r" {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">")),
]
_HTML_BLOCK = re.compile(
    r" {0,3}</?(?:address|article|aside|base|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div"
    r"|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li"
    r"|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td"
    r"|tfoot|th|thead|title|tr|track|ul)(?:\s|/?>|$)",
    re.I,
)
_HTML_TAG = re.compile(r" {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$")


def _indent(line: str) -> int:
    """Columns of leading whitespace, a tab to the next multiple of four."""
    column = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _html_end(lines: list[str], blank: Sequence[int], i: int, interrupts: bool) -> int:
    """The end of the HTML block starting at line ``i``, or 0 if none starts there."""
    line = lines[i]
    if "<" not in line[:4]:
        return 0
    for start, end in _HTML_END:
        if start.match(line):
            for k in range(i, len(lines)):
                if end.search(lines[k]):
                    return k + 1
            return _trim(blank, i, len(lines))
    if _HTML_BLOCK.match(line) or (not interrupts and _HTML_TAG.match(line)):
        k = i + 1
        while k < len(lines) and not blank[k]:
            k += 1
        return k
    return 0


def _trim(blank: Sequence[int], i: int, end: int) -> int:
    """``end``, less the blank lines before it (but never before ``i + 1``)."""
    while end > i + 1 and blank[end - 1]:
        end -= 1
    return end


def _starts_block(line: str) -> bool:
    """Whether a line opens a block that ends a list item's lazy continuation."""
    return bool(_FENCE.match(line) or _ATX.match(line) or _BREAK.match(line) or _ITEM.match(line) or _HTML_BLOCK.match(line))


def scan(lines: list[str], blank: Sequence[int]) -> list[Span]:
    """The units Markdown marks in a document, in order (the rest is left unclaimed).

    >>> scan(["# Title", "", "```", "a", "", "b", "```", "- item", "  more"], [False, True] + [False] * 7)
    [(0, 1, 'heading'), (2, 7, 'code'), (7, 9, 'item')]
    """
    n = len(lines)
    out: list[Span] = []
    i = 0
    if n and lines[0].rstrip() == "---":
        for k in range(1, n):
            if lines[k].rstrip() in ("---", "..."):
                out.append((0, k + 1, "front-matter"))
                i = k + 1
                break
    list_indent = -1  # the content column of the list we are in, if any
    may_code = True  # an indented line here would start a code block
    paragraph = -1  # the first line of the open paragraph, if any
    while i < n:
        line = lines[i]
        if blank[i]:
            may_code, paragraph = True, -1
            i += 1
            continue
        indent = _indent(line)
        item = _ITEM.match(line)
        if may_code and list_indent >= 0 and indent < list_indent and item is None:
            list_indent = -1  # an unindented paragraph after a blank line ends the list
        base = max(list_indent, 0)
        if may_code and paragraph < 0 and indent >= base + 4:
            end = i + 1
            for k in range(i + 1, n):
                if not blank[k] and _indent(lines[k]) < base + 4:
                    break
                if not blank[k]:
                    end = k + 1
            out.append((i, end, "code"))
            i = end
            continue
        fence = _FENCE.match(line)
        if fence is not None and (fence.group(1)[0] == "~" or "`" not in fence.group(2)):
            mark = fence.group(1)
            end = n
            for k in range(i + 1, n):
                stripped = lines[k].strip()
                if stripped.startswith(mark) and not stripped.strip(mark[0]):
                    end = k + 1
                    break
            end = _trim(blank, i, end)
            out.append((i, end, "code"))
            i, may_code, paragraph = end, True, -1
            continue
        if indent - base < 4 and _ATX.match(line[base:] if base else line):
            out.append((i, i + 1, "heading"))
            i, may_code, paragraph = i + 1, True, -1
            continue
        if paragraph >= 0 and _SETEXT.match(line):
            out.append((paragraph, i + 1, "heading"))
            i, may_code, paragraph = i + 1, True, -1
            continue
        if _BREAK.match(line):
            i, may_code, paragraph = i + 1, False, -1
            continue
        end = _html_end(lines, blank, i, paragraph >= 0)
        if end:
            out.append((i, end, "html"))
            i, may_code, paragraph = end, True, -1
            continue
        if "|" in line and i + 1 < n and "|" in lines[i + 1] and "-" in lines[i + 1] and _DELIMITER.match(lines[i + 1]):
            if paragraph >= 0:  # the header row interrupts a paragraph: the lines above stay
                paragraph = -1
            end = i + 2
            while end < n and not blank[end]:
                end += 1
            out.append((i, end, "table"))
            i, may_code = end, True
            continue
        if item is not None and not (
            paragraph >= 0 and ((item.group(3) is not None and item.group(3) != "1") or not line[item.end() :].strip())
        ):
            end = i + 1
            while end < n and not blank[end] and not _starts_block(lines[end]):
                end += 1
            out.append((i, end, "item"))
            list_indent = len(line[: item.end()].expandtabs(4)) if line[item.end() :].strip() else _indent(line) + 2
            i, may_code, paragraph = end, False, -1
            continue
        if paragraph < 0:
            paragraph = i
        i, may_code = i + 1, False
    return out
