"""Settings from a file: ``[tool.dedup]`` in ``pyproject.toml``, or ``dedup.toml`` /
``.dedup.toml`` (the whole file, or its ``[tool.dedup]`` table).

The file is found as black finds its project root: from the common folder of the
inputs upwards, the first folder holding one of those files with dedup settings, or
stopping at a ``.git`` or ``.hg`` folder. Keys are the long command-line options,
with ``-`` and ``_`` alike; command-line flags win over the file.

A settings file is read only if it is a regular file of at most :data:`MAX_BYTES`
(``--config /dev/zero`` or a FIFO is a one-line error, not an endless read or a
hang), and every value must have its key's type, down to the items of a list.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dedup.errors import ConfigError
from dedup.options import KEYS, SETTINGS

FILES = ("dedup.toml", ".dedup.toml", "pyproject.toml")
# A settings file is a few lines; this bounds what a wrong --config can make us read.
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class FileSettings:
    """Settings read from a file, and the warnings about it."""

    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _read(path: str) -> bytes:
    """The bytes of a settings file: a regular file of at most :data:`MAX_BYTES`."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):  # (before fdopen, which refuses a folder itself)
        os.close(handle)
        raise ConfigError(f"{path}: not a regular file; a settings file is a TOML file")
    with os.fdopen(handle, "rb") as stream:
        try:
            data = stream.read(MAX_BYTES + 1)
        except OSError as error:
            raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: more than {MAX_BYTES >> 20} MiB; a settings file is a few lines of TOML")
    return data


def _table(path: str) -> dict[str, Any] | None:
    import tomllib  # here: a run with no settings file does not load it

    data = _read(path)
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    tool = document.get("tool")
    if tool is not None and not isinstance(tool, dict):
        raise ConfigError(f"{path}: tool = {_shown(tool)} has the wrong type; it must be a table")
    dedup = (tool or {}).get("dedup")
    if dedup is not None and not isinstance(dedup, dict):
        raise ConfigError(f"{path}: [tool] dedup = {_shown(dedup)} has the wrong type; it must be a table ([tool.dedup])")
    if dedup is not None:
        return dict(dedup)
    if os.path.basename(path) != "pyproject.toml":
        return document
    return None


def _shown(value: object) -> str:
    """A value as a message shows it: on one line, cut short."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


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
            raise ConfigError(f"{path}: {raw_key} = {_shown(value)} has the wrong type")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{path}: {raw_key} = {_shown(value)} has the wrong type; it must be a list of strings")
        _check_value(path, raw_key, key, value)
        values[key] = value
    return FileSettings(path, values, warnings)


def _check_value(path: str, raw_key: str, key: str, value: Any) -> None:
    """Refuse a value the command line would refuse: a choice not offered, a number out of range."""
    option = SETTINGS[key]
    if key == "keep_pattern":  # (the regex module loaded only for a file that has some)
        from dedup.text.keep import pattern_error

        for pattern in value:
            if (error := pattern_error(pattern)) is not None:
                raise ConfigError(f"{path}: {raw_key}: {error}")
    if option.choices and value not in option.choices:
        raise ConfigError(f"{path}: {key} = {value!r} is not one of {', '.join(option.choices)}")
    if not isinstance(value, list) and not option.within(value):
        low = "" if option.low is None else f"at least {_number(option.low)}"
        high = "" if option.high is None else f"at most {_number(option.high)}"
        raise ConfigError(f"{path}: {raw_key} = {value} must be {' and '.join(filter(None, (low, high)))}")


def _number(bound: float) -> str:
    return str(int(bound)) if bound == int(bound) else str(bound)


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
