"""The settings of a run: one frozen dataclass with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
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

    def for_path(self, name: str) -> Config:
        """This config for the document named ``name``: ``auto`` syntax resolved by its
        extension (``.md``, ``.markdown``, ``.mdown``, ``.mkd``: markdown; ``.rst``: rst;
        anything else: text).

        >>> Config().for_path("docs/README.md").syntax, Config(syntax="text").for_path("a.md").syntax
        ('markdown', 'text')
        """
        if self.syntax != "auto":
            return self
        from dedup.text.structure import syntax_for

        return replace(self, syntax=cast(Syntax, syntax_for(name)))

    def with_options(self, **options: Any) -> Config:
        """A copy with the given fields changed; ``None`` values are ignored."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(f"unknown option(s): {', '.join(unknown)}")
        changed = {k: v for k, v in options.items() if v is not None}
        if "keep_patterns" in changed:
            changed["keep_patterns"] = tuple(changed["keep_patterns"])
        return replace(self, **changed)
