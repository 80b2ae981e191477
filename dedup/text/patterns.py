"""Regular expressions compiled on their first use, not when their module is imported.

The command imports the whole engine to clean one small file, and with the compiled
core (:mod:`dedup.native`) most of the engine's patterns are never used there: they
are the reference code's, and the fallback's. Compiling them all at import, and
importing the ``regex`` module for them, took over half of the engine's import time.

A pattern made here is compiled (``regex`` imported) the first time one of its
attributes is asked for; each attribute is then the compiled pattern's own (a bound
method: no indirection is left on later calls).

Example:
    >>> later_re(r"\\d+").findall("1 and 23")
    ['1', '23']
    >>> later_regex(r"(?V1)[\\p{L}--[a]]+").findall("banana")
    ['b', 'n', 'n']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import re

    import regex


class Later:
    """A pattern of the module ``engine`` (``re`` or ``regex``), compiled on first use."""

    def __init__(self, engine: str, pattern: str, flags: int = 0) -> None:
        self._source = (engine, pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only called for what the instance does not hold yet
        if name.startswith("_"):  # not a pattern's: copy and pickle look for __reduce_ex__ and such
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            engine, pattern, flags = self._source
            compiled = self.__dict__["_compiled"] = importlib.import_module(engine).compile(pattern, flags)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value


def later_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use."""
    return cast("re.Pattern[str]", Later("re", pattern, flags))


def later_regex(pattern: str) -> regex.Pattern[str]:
    """``regex.compile(pattern)``, done on first use (flags inline: ``(?V1)``)."""
    return cast("regex.Pattern[str]", Later("regex", pattern))
