"""``-o DIR``: each input's cleaned copy, under the name it has below the folder it
was found in (a path named explicitly: its base name).

A name never leaves DIR, two inputs never share one, no output is an input, and
the report's own name (``dedup-report.*``) is kept free. An input with nothing
removed is copied byte for byte, so DIR holds one file per input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from dedup.atomic import write_atomic
from dedup.errors import ConfigError, OutputError
from dedup.sources import STDIN

REPORT_NAME = "dedup-report"


def targets(named: Iterable[tuple[str, str]], folder: str) -> dict[str, str]:
    """Where each input goes: ``{input: DIR/name}``, in input order.

    >>> targets([("in/a.txt", "a.txt"), ("in/sub/b.txt", "sub/b.txt")], "out")
    {'in/a.txt': 'out/a.txt', 'in/sub/b.txt': 'out/sub/b.txt'}
    >>> targets([("x/a.txt", "a.txt"), ("y/a.txt", "a.txt")], "out")
    Traceback (most recent call last):
    ...
    dedup.errors.ConfigError: -o out: x/a.txt and y/a.txt would both be written to out/a.txt; give their folder instead
    """
    found: dict[str, str] = {}
    owners: dict[str, str] = {}
    for path, name in named:
        if path == STDIN:
            raise ConfigError("-o/--output-dir needs files, not standard input")
        parts = name.replace("\\", "/").split("/")
        if not name or os.path.isabs(name) or any(p in ("", ".", "..") for p in parts):
            raise ConfigError(f"-o {folder}: {path} has no name inside it ({name!r})")
        if len(parts) == 1 and parts[0].startswith(f"{REPORT_NAME}."):
            raise ConfigError(f"-o {folder}: {path} would take the report's name; rename it or give --report PATH")
        target = os.path.join(folder, *parts)
        if target in owners:
            raise ConfigError(
                f"-o {folder}: {owners[target]} and {path} would both be written to {target}; give their folder instead"
            )
        if os.path.exists(target) and os.path.exists(path) and os.path.samefile(target, path):
            raise ConfigError(f"-o {folder}: {target} is the input itself; give another folder")
        owners[target] = path
        found[path] = target
    return found


def make_folder(target: str) -> None:
    """Create the folders an output file goes in."""
    folder = os.path.dirname(target)
    try:
        os.makedirs(folder or ".", exist_ok=True)
    except OSError as error:
        raise OutputError(f"{folder}: cannot create: {error.strerror or error}") from None


def output_mode(source: str) -> int:
    return stat.S_IMODE(os.stat(source).st_mode) | stat.S_IWUSR


def write_output(target: str, data: bytes, source: str) -> None:
    """Write ``data`` to ``target`` atomically, with the permission bits of ``source``
    (writable by its owner, so that the next run can replace it)."""
    make_folder(target)
    write_atomic(target, data)
    try:
        os.chmod(target, output_mode(source))
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
