"""The errors the library raises; the command line maps each kind to an exit code."""

from __future__ import annotations


class DedupError(Exception):
    """Base class: an expected failure with a one-line message meant for the user."""


class ConfigError(DedupError):
    """A setting is out of range or unknown."""


class InputError(DedupError):
    """An input cannot be read as text: missing, a directory, binary, or badly encoded."""


class OutputError(DedupError):
    """An output cannot be written."""


class BinaryInputError(InputError):
    """An input that is not text at all; skipped with a note when met inside a folder."""
