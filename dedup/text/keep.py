"""Keep patterns: paragraphs that match one are never removed (disclaimers, licence
lines, datelines).

Patterns are user regular expressions run on scraped text, so each match is given a
time limit: a pattern that backtracks catastrophically stops with a clear error
instead of hanging the run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import regex

from dedup.errors import ConfigError

# Seconds one pattern may spend on one paragraph.
MATCH_TIMEOUT = 1.0


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(regex.compile(pattern, regex.V0))
        except regex.error as error:
            raise ConfigError(f"--keep-pattern {pattern!r} is not a valid regular expression: {error}") from None
    return tuple(compiled)


def keeper(patterns: Sequence[str]) -> Callable[[str], bool]:
    """A predicate telling whether a paragraph matches any of ``patterns``.

    Example:
        >>> keep = keeper([r"^All rights reserved", r"(?i)\\bdisclaimer\\b"])
        >>> keep("All rights reserved, 2026.\\n"), keep("DISCLAIMER: none.\\n"), keep("News.\\n")
        (True, True, False)
    """
    compiled = _compile(tuple(patterns))

    def keep(text: str) -> bool:
        for pattern in compiled:
            try:
                if pattern.search(text, timeout=MATCH_TIMEOUT):
                    return True
            except TimeoutError:
                raise ConfigError(
                    f"--keep-pattern {pattern.pattern!r} took over {MATCH_TIMEOUT:g}s on one paragraph "
                    "(catastrophic backtracking?); simplify it"
                ) from None
        return False

    return keep
