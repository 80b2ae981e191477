"""Writing a shard back: its pieces, in order, to a temporary file beside the
original, renamed over it at the end only if some piece changed (``-i``); or renamed
to its ``-o DIR`` target, where a shard with nothing changed is copied byte for byte.

As :func:`dedup.atomic.write_atomic` does: only a regular, writable file is
replaced; its owner, group and mode are kept; the temporary name fits NAME_MAX and
is swept; a link is not written through (unless it was named, with ``-i``); the
original is not replaced if it changed since it was read. A shard read from a URL
(:mod:`dedup.storage`) is copied as a new file is made (0666 less the umask).
"""

from __future__ import annotations

import os
import shutil

from dedup.atomic import Stamp, Temporary, check_target, create_temporary, open_temporary, sync_folder
from dedup.atomic import replace as replace_file
from dedup.corpus.outputs import make_folder, output_mode
from dedup.errors import OutputError
from dedup.inputs.protocol import ShardFormat
from dedup.storage import download, is_url


class ShardSink(Temporary):
    """The written pieces of the shard at ``path``, in its format (compressed as its
    name says), to ``path`` itself or, given, to ``target``."""

    def __init__(
        self,
        shard_format: ShardFormat,
        path: str,
        target: str | None = None,
        *,
        follow: bool = False,
        expect: Stamp | None = None,
        inside: str | None = None,
    ) -> None:
        self.source = path
        self.copy = target is not None
        self.follow = follow and not self.copy
        self.expect = expect
        self.path = target if target is not None else os.path.realpath(path) if follow else path
        if self.copy:
            make_folder(self.path, inside)
        self.info = check_target(self.path, follow=self.follow)
        if self.copy:
            self.info = None  # a copy takes its source's mode, not the old copy's
        try:
            # a copy of an object (a URL) is made as a new file is: 0666 less the umask
            handle, self.temporary = create_temporary(self.path, 0o666 if is_url(path) else 0o600)
        except OSError as error:
            raise OutputError(f"{self.path}: cannot write: {error.strerror or error}") from None
        self.stream = open_temporary(handle, self.temporary, lambda name: shard_format.open(name, "wb", like=self.path))
        self.changed = False

    def write(self, piece: bytes, changed: bool) -> None:
        with self.failing():  # a full disk: this shard's error, in one line, not the run's end
            self.stream.write(piece)
        self.changed = self.changed or changed

    def commit(self) -> None:
        with self.failing():
            self.stream.close()  # flushes, which a full disk refuses
            if not self.changed and not self.copy:
                self.abort()
                return
            if self.copy:
                if not self.changed:
                    (download if is_url(self.source) else shutil.copyfile)(self.source, self.temporary)
                if not is_url(self.source):
                    os.chmod(self.temporary, output_mode(self.source))
            with open(self.temporary, "rb") as written:
                os.fsync(written.fileno())
            if self.copy:
                os.replace(self.temporary, self.path)
            else:
                replace_file(self.temporary, self.path, self.info, expect=self.expect, follow=self.follow)
            self.done = True
        sync_folder(self.path)
