"""Keep patterns: paragraphs that match one are never removed (disclaimers, licence
lines, datelines).

Patterns are user regular expressions run on scraped text, so their time is bounded
twice: a pattern may spend at most :data:`MATCH_TIMEOUT` on one paragraph, and all
patterns together, over a whole run, at most :data:`RUN_ALLOWANCE` plus
:data:`ALLOWANCE_PER_SEARCH` for each paragraph a pattern searches and
:data:`ALLOWANCE_PER_CHAR` for each of its characters (1 s, plus 0.1 ms a paragraph
and 10 s per MB: a plain pattern searches 30 to 250 MB/s, so only one that
backtracks badly comes near it). Without the second bound, many paragraphs each
just under a second would add up without limit; with it, the time is linear in the
text. Either way the run stops with a clear error instead of hanging. The time
counted is the CPU time of the searches (a busy machine does not use up the
allowance); each process keeps its own account (workers search in parallel), from
the start of a run (:func:`new_run`; a worker pool lives for one run).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from functools import lru_cache

import regex

from dedup.errors import ConfigError

# Seconds one pattern may spend on one paragraph.
MATCH_TIMEOUT = 1.0
# Seconds all patterns may spend in this process: this, plus so much per paragraph
# each pattern searches and per character searched.
RUN_ALLOWANCE = 1.0
ALLOWANCE_PER_SEARCH = 1e-4
ALLOWANCE_PER_CHAR = 1e-5


class _Budget:
    """The time keep patterns have spent in this process, against what they may spend."""

    def __init__(self) -> None:
        self.spent = 0.0
        self.allowed = RUN_ALLOWANCE
        self._lock = threading.Lock()  # Dask workers may run tasks in threads

    def open(self, chars: int) -> float:
        """Allow for a search of ``chars`` characters; the seconds it may take."""
        with self._lock:
            self.allowed += ALLOWANCE_PER_SEARCH + chars * ALLOWANCE_PER_CHAR
            return min(MATCH_TIMEOUT, self.allowed - self.spent)

    def close(self, seconds: float) -> None:
        with self._lock:
            self.spent += seconds

    def overspent(self) -> bool:
        with self._lock:
            return self.spent > self.allowed

    def settle(self) -> None:
        """After the error that stops a run: no overdraft left to fail the next one."""
        with self._lock:
            self.spent = min(self.spent, self.allowed)


_BUDGET = _Budget()


def new_run() -> None:
    """Start a new account of the time keep patterns spend (at the start of a run)."""
    global _BUDGET
    _BUDGET = _Budget()


def pattern_error(pattern: str) -> str | None:
    """What is wrong with ``pattern`` as a keep pattern, or None.

    Example:
        >>> pattern_error("(")
        "'(' is not a valid regular expression: missing ) at position 1"
    """
    try:
        regex.compile(pattern, regex.V0)
    except regex.error as error:
        return f"{pattern!r} is not a valid regular expression: {error}"
    return None


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    for pattern in patterns:
        if (error := pattern_error(pattern)) is not None:
            raise ConfigError(f"--keep-pattern {error}")
    return tuple(regex.compile(pattern, regex.V0) for pattern in patterns)


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
            budget = _BUDGET
            timeout = budget.open(len(text))
            started = time.thread_time()
            found: bool | None = None
            try:
                found = timeout > 0 and pattern.search(text, timeout=timeout) is not None
            except TimeoutError:
                found = None
            finally:
                budget.close(time.thread_time() - started)
            if found is None or timeout <= 0 or budget.overspent():
                budget.settle()
                raise ConfigError(_too_slow(pattern.pattern, one_paragraph=found is None and timeout >= MATCH_TIMEOUT))
            if found:
                return True
        return False

    return keep


def _too_slow(pattern: str, *, one_paragraph: bool) -> str:
    if one_paragraph:
        return (
            f"--keep-pattern {pattern!r} took over {MATCH_TIMEOUT:g}s on one paragraph "
            "(catastrophic backtracking?); simplify it"
        )
    return (
        f"--keep-pattern {pattern!r} used up the time keep patterns may take in a run "
        f"({RUN_ALLOWANCE:g} s, plus {ALLOWANCE_PER_SEARCH * 1e3:g} ms a paragraph and {ALLOWANCE_PER_CHAR * 1e6:g} s per MB "
        "searched; catastrophic backtracking?); "
        "simplify it"
    )
