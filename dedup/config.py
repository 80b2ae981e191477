"""The settings of a run: one frozen dataclass with documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from numbers import Integral, Real
from typing import Any, Literal, cast

from dedup.errors import ConfigError

Unit = Literal["auto", "paragraph", "line"]
UNITS: tuple[str, ...] = ("auto", "paragraph", "line")
Syntax = Literal["auto", "text", "markdown", "rst"]
SYNTAXES: tuple[str, ...] = ("auto", "text", "markdown", "rst")


@dataclass(frozen=True)
class Config:
    """How dedup decides what is a repeat.

    Attributes:
        threshold: two paragraphs with the same numbers match when their similarity
            ``1 - levenshtein / max(len)`` (on the normalised text) is at least this.
            Lower finds looser copies and risks removing paraphrases.
        min_chars: a repeated run is removed only if its normalised size is at least
            this many characters, so that short lines that legitimately repeat
            (``---``, ``Note:``, a signature) stay.
        unit: ``auto`` decides per block whether it is one wrapped paragraph or one
            paragraph per line; ``paragraph`` and ``line`` force one reading.
        wrap_width: in ``auto``, a block whose lines (all but the last) are at most
            this many display columns wide is hard-wrapped prose, one paragraph.
        keep_patterns: regular expressions; a paragraph that matches one is never
            removed (it may still be the first occurrence of a removed repeat).
        syntax: how to find the structure a removal must not cut (code blocks,
            tables, headings, list items): ``markdown``, ``rst`` or ``text``; ``auto``
            decides by file name (see :meth:`for_path`) and is ``text`` without one.

    Example:
        >>> Config(threshold=0.95).min_chars
        40
    """

    threshold: float = 0.90
    min_chars: int = 40
    unit: Unit = "auto"
    wrap_width: int = 100
    keep_patterns: tuple[str, ...] = ()
    syntax: Syntax = "auto"

    def __post_init__(self) -> None:
        self._check_types()
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.min_chars < 0:
            raise ConfigError(f"min_chars must be >= 0, got {self.min_chars}")
        if self.unit not in UNITS:
            raise ConfigError(f"unit must be one of {', '.join(UNITS)}, got {self.unit!r}")
        if self.syntax not in SYNTAXES:
            raise ConfigError(f"syntax must be one of {', '.join(SYNTAXES)}, got {self.syntax!r}")
        if self.wrap_width < 1:
            raise ConfigError(f"wrap_width must be >= 1, got {self.wrap_width}")
        if self.keep_patterns:  # a pattern that does not compile is a ConfigError now, not mid-run
            from dedup.text.keep import keeper

            keeper(self.keep_patterns)

    def _check_types(self) -> None:
        """A value of the wrong type is a :class:`ConfigError` naming the field (a
        comparison would fail with a bare ``TypeError``, or, for a str of keep
        patterns, take each of its characters for one); one str of keep patterns is
        that one pattern."""
        if isinstance(self.keep_patterns, str):
            object.__setattr__(self, "keep_patterns", (self.keep_patterns,))
        elif not isinstance(self.keep_patterns, tuple):
            try:
                object.__setattr__(self, "keep_patterns", tuple(self.keep_patterns))
            except TypeError:
                raise ConfigError(f"keep_patterns must be strings, got {self.keep_patterns!r}") from None
        wrong = [p for p in self.keep_patterns if not isinstance(p, str)]
        if wrong:
            raise ConfigError(f"keep_patterns must be strings, got {wrong[0]!r}")
        for name, kind, what in (("threshold", Real, "a number"), ("min_chars", Integral, "an integer"),
                                 ("wrap_width", Integral, "an integer")):
            value = getattr(self, name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ConfigError(f"{name} must be {what}, got {value!r}")
        for name in ("unit", "syntax"):
            if not isinstance(getattr(self, name), str):
                raise ConfigError(f"{name} must be a string, got {getattr(self, name)!r}")

    def for_path(self, name: str | os.PathLike[str]) -> Config:
        """This config for the document named ``name``: ``auto`` syntax resolved by its
        extension (``.md``, ``.markdown``, ``.mdown``, ``.mkd``: markdown; ``.rst``: rst;
        anything else: text).

        >>> Config().for_path("docs/README.md").syntax, Config(syntax="text").for_path("a.md").syntax
        ('markdown', 'text')
        """
        if self.syntax != "auto":
            return self
        from dedup.text.structure import syntax_for

        return replace(self, syntax=cast(Syntax, syntax_for(os.fspath(name))))

    def with_options(self, **options: Any) -> Config:
        """A copy with the given fields changed; ``None`` values are ignored."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(f"unknown option(s): {', '.join(unknown)}")
        changed = {k: v for k, v in options.items() if v is not None}
        return replace(self, **changed)  # (keep_patterns made a tuple by __post_init__)
