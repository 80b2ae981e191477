"""Names and excerpts as diagnostics show them: control characters made visible.

File names, document ids and corpus text reach stderr, the table at a terminal and
GitHub annotations. Raw, an escape sequence in them (``\\x1b[2J`` clears the screen,
``\\x1b]0;...\\x07`` retitles the window, ``\\x1b]8;;URL\\x1b\\\\`` makes a link) would
act on the reader's terminal, and a newline would forge a line. So every place that
shows such text passes it through :func:`shown` first. Data (the cleaned text, diffs,
JSON, SARIF) is never passed through it.

The rule, one for all: a C0 control, DEL, a C1 control (``\\x9b`` is a CSI on some
terminals) and the line and paragraph separators become Python-style escapes
(``\\t``, ``\\n``, ``\\r``, ``\\x1b``, ``\\u2028``); a lone surrogate in the range
Python gives an undecodable byte of a file name (``os.fsdecode``: U+DC80..U+DCFF)
becomes that byte, ``\\xff``; any other lone surrogate (a JSON escape in an id)
becomes ``\\udXXX``. Everything else, backslashes included, is shown as it is.
"""

from __future__ import annotations

import re

_SHOWN_AS_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` with its control characters and lone surrogates visibly escaped.

    Example:
        >>> shown("a\\x1b[2Jb.txt")
        'a\\\\x1b[2Jb.txt'
        >>> shown("m\\udcffbad.txt"), shown("tab\\there"), shown("plain, [/] and ü")
        ('m\\\\xffbad.txt', 'tab\\\\there', 'plain, [/] and ü')
    """
    if _SHOWN_AS_ESCAPE.search(text) is None:
        return text
    return _SHOWN_AS_ESCAPE.sub(_escape, text)
