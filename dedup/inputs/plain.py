"""Plain files: one document each, read whole and decoded (:mod:`dedup.sources`),
written back atomically in place (``-i``) or as a copy under ``-o DIR``; a URL is
read and written through :mod:`dedup.storage` (not in place)."""

from __future__ import annotations

import os

from dedup.atomic import Stamp, sweep, write_atomic
from dedup.corpus.outputs import write_output
from dedup.sources import Document, decode, read_stamped
from dedup.storage import is_url, refuse_in_place


def read(path: str, *, follow: bool, limit: int | None, encoding: str | None) -> tuple[Document, Stamp]:
    """The file as a document, and the stamp of what was read (to tell, before a
    rewrite, whether it changed since)."""
    if is_url(path):
        from dedup.storage import read as read_object

        data, stamp = read_object(path, limit)
        return decode(path, data, encoding), stamp
    data, info = read_stamped(path, follow=follow, limit=limit)
    return decode(path, data, encoding), Stamp.of(info)


def write_in_place(path: str, cleaned: bytes, changed: bool, *, follow: bool, expect: Stamp | None) -> None:
    """Replace the file with its cleaned bytes (if they changed), unless it changed
    since it was read; first sweep what a killed run left beside it."""
    if is_url(path):
        raise refuse_in_place(path)
    sweep(os.path.realpath(path) if follow else path)
    if changed:
        write_atomic(path, cleaned, follow=follow, expect=expect)


def write_copy(target: str, cleaned: bytes, source: str, inside: str | None) -> None:
    """``-o DIR``: the cleaned copy of ``source`` at ``target``."""
    if is_url(target):
        from dedup.storage import write_bytes

        write_bytes(target, cleaned)
        return
    write_output(target, cleaned, source, inside)
