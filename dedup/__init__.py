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

TYPE_CHECKING = False  # not typing's: typing takes 2 ms to import (see __getattr__)
if TYPE_CHECKING:
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

# Imported on first use (PEP 562): the command imports this package before its entry
# point can catch a Ctrl-C, so the package itself loads nothing.
_HOME = {
    "Config": "dedup.config",
    "ConfigError": "dedup.errors",
    "DedupError": "dedup.errors",
    "InputError": "dedup.errors",
    "OutputError": "dedup.errors",
    "Finding": "dedup.result",
    "Result": "dedup.result",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'dedup' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def clean(text: str, config: Config | None = None, **options: Any) -> Result:
    """Remove repeated runs of paragraphs from one document.

    Args:
        text: the decoded document.
        config: the settings; the defaults when None.
        **options: fields of :class:`Config` to override, e.g. ``threshold=0.95``.

    Returns:
        A :class:`Result` with the cleaned ``text`` and the ``findings``.
    """
    from dedup.config import Config
    from dedup.text.engine import clean_text

    config = (config or Config()).with_options(**options)
    return clean_text(text, config)
