"""``-o DIR``: each input's cleaned copy, under the name it has below the folder it
was found in (a path named explicitly: its base name).

A name never leaves DIR, two inputs never share one, no output is an input, and
the report's own name (``dedup-report.*``) is kept free. An input with nothing
removed is copied byte for byte, so DIR holds one file per input.

Nothing is written through a symbolic link inside DIR: a link where an output or one
of its folders should be is refused with one line (DIR itself may be a link).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from dedup.atomic import write_atomic
from dedup.errors import ConfigError, OutputError
from dedup.sources import STDIN
from dedup.storage import is_url, url_key

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
        if (is_url(target) and is_url(path) and url_key(target) == url_key(path)) or (
            os.path.exists(target) and os.path.exists(path) and os.path.samefile(target, path)
        ):
            raise ConfigError(f"-o {folder}: {target} is the input itself; give another folder")
        owners[target] = path
        found[path] = target
    return found


def make_folder(target: str, inside: str | None = None) -> None:
    """Create the folders an output file goes in; below the folder ``inside`` (DIR),
    refuse one that is a symbolic link, which would take the output elsewhere."""
    folder = os.path.dirname(target)
    if inside is not None:
        check_no_link(folder, inside)
    try:
        os.makedirs(folder or ".", exist_ok=True)
    except OSError as error:
        raise OutputError(f"{folder}: cannot create: {error.strerror or error}") from None


def check_no_link(folder: str, inside: str) -> None:
    """An :class:`OutputError` if a folder on the way from ``inside`` down to
    ``folder`` is a symbolic link (the ones that do not exist yet are made by
    :func:`make_folder`, as folders)."""
    relative = os.path.relpath(folder, inside)
    if relative == os.curdir:
        return
    path = inside
    for part in relative.split(os.sep):
        path = os.path.join(path, part)
        if os.path.islink(path):
            raise OutputError(f"{path}: is a symbolic link inside {inside}; not written through (remove it)")
        if not os.path.lexists(path):
            return


def output_mode(source: str) -> int:
    return stat.S_IMODE(os.stat(source).st_mode) | stat.S_IWUSR


def write_output(target: str, data: bytes, source: str, inside: str | None = None) -> None:
    """Write ``data`` to ``target`` (in the folder ``inside``) atomically, with the
    permission bits of ``source`` (writable by its owner, so that the next run can
    replace it); a symbolic link there is refused, never written through."""
    make_folder(target, inside)
    try:
        mode = None if is_url(source) else output_mode(source)  # an object's copy: as a new file
    except OSError as error:
        raise OutputError(f"{source}: cannot read: {error.strerror or error}") from None
    write_atomic(target, data, mode=mode)  # refuses a link at target
