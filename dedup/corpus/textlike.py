"""Which files found in a folder are text to read: not the reports, pages and data
files that sit beside the text (``dedup check .`` in a project that holds its own
``report.json``, ``results.sarif`` or ``report.html``).

A file is passed over by its suffix (:data:`NOT_TEXT`), or by its first bytes: an
HTML page or an XML document, or a JSON document (it opens with ``{`` or ``[`` and
ends with ``}`` or ``]``). The walk (:mod:`dedup.corpus.walk`) asks only about files
that are not JSONL shards, and not about a path named on the command line or a folder
walked with ``--include``: those are read anyway.
"""

from __future__ import annotations

import os

NOT_TEXT = frozenset(
    {".json", ".sarif", ".html", ".htm", ".xhtml", ".xml", ".svg", ".ipynb", ".map", ".sqlite", ".db", ".lock"}
)
_SNIFF = 512  # bytes read at each end of a file


def _markup(head: bytes, tail: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    end = tail.rstrip(b" \t\r\n")
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return True
    return start[:1] in (b"{", b"[") and end[-1:] in (b"}", b"]")


def text_like_name(path: str) -> bool:
    """Whether a file's suffix lets it be text (an object found under a URL prefix is
    chosen by this alone: its bytes are not fetched to sniff them)."""
    return os.path.splitext(path)[1].lower() not in NOT_TEXT


def text_like(path: str) -> bool:
    """Whether a file found in a folder is read as text (see the module's docstring)."""
    if not text_like_name(path):
        return False
    try:
        with open(path, "rb") as stream:
            head = stream.read(_SNIFF)
            size = os.fstat(stream.fileno()).st_size
            if size > _SNIFF:
                stream.seek(max(size - _SNIFF, _SNIFF))
            tail = stream.read(_SNIFF) if size > _SNIFF else head
    except OSError:
        return True  # reading it says what is wrong
    return not _markup(head, tail)
