"""Settings from a file: ``[tool.dedup]`` in ``pyproject.toml``, or ``dedup.toml`` /
``.dedup.toml`` (the whole file, or its ``[tool.dedup]`` table).

The file is found as black finds its project root: from the common folder of the
inputs upwards, the first folder holding one of those files with dedup settings, or
stopping at a ``.git`` or ``.hg`` folder. Keys are the long command-line options,
with ``-`` and ``_`` alike; command-line flags win over the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dedup.errors import ConfigError

FILES = ("dedup.toml", ".dedup.toml", "pyproject.toml")
# Key -> the type its value must have.
KEYS: dict[str, type | tuple[type, ...]] = {
    "threshold": (int, float),
    "min_chars": int,
    "unit": str,
    "wrap_width": int,
    "keep_pattern": list,
    "include": list,
    "exclude": list,
    "scope": str,
    "jobs": int,
    "text_key": str,
    "id_key": str,
    "on_error": str,
    "encoding": str,
    "format": str,
    "near_duplicate_docs": bool,
    "documents_only": bool,
    "index": str,
    "baseline": str,
    "fix": list,
    "doc_threshold": (int, float),
}


@dataclass(frozen=True)
class FileSettings:
    """Settings read from a file, and the warnings about it."""

    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _table(path: str) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    tool = data.get("tool", {}).get("dedup")
    if tool is not None:
        return dict(tool)
    if os.path.basename(path) != "pyproject.toml":
        return data
    return None


def parse(path: str) -> FileSettings:
    """Read and check the settings in ``path``."""
    table = _table(path) or {}
    values: dict[str, Any] = {}
    warnings = []
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key == "keep_patterns":
            key = "keep_pattern"
        if key not in KEYS:
            warnings.append(f"{path}: unknown key {raw_key!r} in dedup settings (ignored)")
            continue
        if isinstance(value, str) and KEYS[key] is list:
            value = [value]
        if not isinstance(value, KEYS[key]) or (isinstance(value, bool) and KEYS[key] is not bool):
            raise ConfigError(f"{path}: {raw_key} = {value!r} has the wrong type")
        values[key] = value
    return FileSettings(path, values, warnings)


def find(inputs: Sequence[str]) -> str | None:
    """The settings file for ``inputs``, or None."""
    paths = [os.path.abspath(p) for p in inputs if p != "-"] or [os.getcwd()]
    folder = os.path.commonpath(paths)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    for directory in _upwards(folder):
        for name in FILES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate) and _table(candidate) is not None:
                return candidate
        if any(os.path.exists(os.path.join(directory, marker)) for marker in (".git", ".hg")):
            return None
    return None


def _upwards(folder: str) -> Iterable[str]:
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def load(inputs: Sequence[str], explicit: str | None = None, isolated: bool = False) -> FileSettings:
    """The settings that apply: ``explicit`` if given, none if ``isolated``, else found."""
    if isolated:
        return FileSettings()
    path = explicit or find(inputs)
    return parse(path) if path else FileSettings()


def project_root(inputs: Sequence[str]) -> str | None:
    """The first folder upwards from the inputs that holds ``.git``, ``.hg``, ``.dedup``
    or a settings file; None if there is none."""
    paths = [os.path.abspath(p) for p in inputs if p != "-"] or [os.getcwd()]
    folder = os.path.commonpath(paths)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    for directory in _upwards(folder):
        markers = (".git", ".hg", ".dedup", *FILES)
        if any(os.path.exists(os.path.join(directory, marker)) for marker in markers):
            return directory
    return None
