"""dedup: find repeated and near-repeated blocks of text, remove them, say what went.

The library is pure: it takes and returns text and data, never prints or exits.

Example:
    >>> import dedup
    >>> body = "The council approved the new budget on Tuesday evening.\\n"
    >>> result = dedup.clean(body + "\\nSource: Example News\\n\\n" + body)
    >>> result.text == body + "\\nSource: Example News\\n"
    True
    >>> [(f.line_start, f.line_end, f.source_line_start, f.kind) for f in result.findings]
    [(5, 5, 1, 'exact')]
"""

from __future__ import annotations

from typing import Any

from dedup.config import Config
from dedup.errors import ConfigError, DedupError, InputError, OutputError
from dedup.result import Finding, Result

__all__ = [
    "Config",
    "ConfigError",
    "DedupError",
    "Finding",
    "InputError",
    "OutputError",
    "Result",
    "clean",
]


def clean(text: str, config: Config | None = None, **options: Any) -> Result:
    """Remove repeated runs of paragraphs from one document.

    Args:
        text: the decoded document.
        config: the settings; the defaults when None.
        **options: fields of :class:`Config` to override, e.g. ``threshold=0.95``.

    Returns:
        A :class:`Result` with the cleaned ``text`` and the ``findings``.
    """
    from dedup.text.engine import clean_text

    config = (config or Config()).with_options(**options)
    return clean_text(text, config)
