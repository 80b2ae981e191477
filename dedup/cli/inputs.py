"""The inputs of a command: the paths given, standard input, and the checks on them."""

from __future__ import annotations

import os
import sys

from dedup.cli.output import Out, fail
from dedup.errors import DedupError
from dedup.sources import STDIN
from dedup.storage import is_url, local, url_key


def inputs(paths: list[str] | None, written: dict[str, str | None], out: Out) -> list[str]:
    """The paths to read (standard input without any; a ``file://`` URL as its local
    path), refused where they cannot work: among them a file the command is to
    write (``written``, by flag: ``--report``, ``--write-baseline``)."""
    paths = [local(path) for path in paths or [STDIN]]
    refuse_empty(paths, out)
    if paths.count(STDIN) > 1:
        fail(out, "'-' (standard input) given more than once")
    if STDIN in paths:
        if sys.stdin is None:
            fail(out, "standard input is closed")
        if sys.stdin.isatty():
            fail(out, "no input: give a file, or pipe text in (dedup clean - < file.txt)")
    for flag, target in written.items():
        if target == "":  # (it would go to stdout, or fail once the work is done)
            fail(out, f"{flag} needs a path, not ''")
        if target not in (None, STDIN) and _among(target, paths):
            what = flag.removeprefix("--").removeprefix("write-")
            fail(out, f"{flag} {target} is one of the inputs; give the {what} another path")
    return paths


def _among(target: str, paths: list[str]) -> bool:
    """Whether the file or object ``target`` is one of ``paths``, however spelled."""
    if is_url(target):
        key = url_key(target)
        return key is not None and any(is_url(path) and url_key(path) == key for path in paths)
    return os.path.exists(target) and any(
        path != STDIN and not is_url(path) and os.path.exists(path) and os.path.samefile(path, target) for path in paths
    )


def check_stores(targets: list[str | None], out: Out) -> None:
    """Refuse an output URL no store takes (an unknown scheme, a missing package) now,
    not after every input's work."""
    from dedup.storage import check_store

    for target in targets:
        if target is not None and is_url(target):
            try:
                check_store(target)
            except DedupError as error:
                fail(out, str(error))


def refuse_empty(paths: list[str], out: Out) -> None:
    """Refuse ``''`` as a path: it names no file (and an index update would take it
    for the whole project, and drop every document as gone)."""
    if "" in paths:
        fail(out, "'' is not a path; give a file or a folder")


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
