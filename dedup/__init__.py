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
    from collections.abc import Iterable, Mapping, Sequence
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
    "clean_batch",
    "clean_columns",
]

# Imported on first use (PEP 562): the command imports this package before its entry
# point can catch a Ctrl-C, so the package itself loads nothing (not even
# importlib.metadata, for __version__).
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
    if name == "__version__":
        value: Any = _version()
    elif name in _HOME:
        import importlib

        value = getattr(importlib.import_module(_HOME[name]), name)
    else:
        raise AttributeError(f"module 'dedup' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names only: not the module's helpers (``TYPE_CHECKING``,
    ``annotations``, ``_HOME``) nor the submodules that imports bound here."""
    return sorted([*__all__, "__version__"])


def _version() -> str:
    """The installed distribution's version; "0+unknown" when dedup runs from a
    source tree that was never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dedup-text")
    except PackageNotFoundError:
        return "0+unknown"


def clean(text: str, config: Config | None = None, **options: Any) -> Result:
    """Remove repeated runs of paragraphs from one document.

    Args:
        text: the decoded document.
        config: the settings; the defaults when None.
        **options: fields of :class:`Config` to override, e.g. ``threshold=0.95``.

    Returns:
        A :class:`Result` with the cleaned ``text`` and the ``findings``.

    Raises:
        TypeError: ``text`` is not a ``str`` (bytes must be decoded first, so that
            the encoding, and with it every byte, is the caller's choice), or
            ``config`` is not a :class:`Config`.
        ConfigError: an option is unknown or out of range.
    """
    from dedup.config import Config
    from dedup.text.engine import clean_text

    if not isinstance(text, str):
        hint = ": decode it first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"dedup.clean() takes the text as str, got {type(text).__name__}{hint}")
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"dedup.clean() takes config as a dedup.Config or None, got {type(config).__name__}")
    config = (config or Config()).with_options(**options)
    return clean_text(text, config)


def clean_batch(texts: Iterable[str], config: Config | None = None, **options: Any) -> list[Result]:
    """Clean each of ``texts`` on its own, as :func:`clean` does (repeats inside a
    text, not across texts: that is ``dedup clean --scope corpus``).

    Fits ``datasets.Dataset.map(..., batched=True)`` (see :func:`clean_columns`).

    Example:
        >>> import dedup
        >>> body = "The council approved the new budget on Tuesday evening.\\n"
        >>> [r.text == body for r in dedup.clean_batch([body + "\\n" + body, body])]
        [True, True]
    """
    from dedup.config import Config
    from dedup.text.engine import clean_text

    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError(f"dedup.clean_batch() takes a list of texts, got one {type(texts).__name__}: use dedup.clean")
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"dedup.clean_batch() takes config as a dedup.Config or None, got {type(config).__name__}")
    config = (config or Config()).with_options(**options)
    results = []
    for k, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"dedup.clean_batch() takes the texts as str, texts[{k}] is {type(text).__name__}")
        results.append(clean_text(text, config))
    return results


def clean_columns(
    batch: Mapping[str, Sequence[Any]], text_key: str = "text", config: Config | None = None, **options: Any
) -> dict[str, list[str]]:
    """A batch of columns (a dict of lists, as ``datasets.Dataset.map(...,
    batched=True)`` passes) with the texts in ``text_key`` cleaned: the column to
    update, ``{text_key: cleaned texts}``; the other columns stay as they are.

    Example:
        >>> import dedup
        >>> body = "The council approved the new budget on Tuesday evening.\\n"
        >>> dedup.clean_columns({"id": [7], "text": [body + "\\n" + body]}) == {"text": [body]}
        True
    """
    return {text_key: [result.text for result in clean_batch(batch[text_key], config, **options)]}
