"""Standard input as a source: read once, whatever reads it how many times.

A shard on stdin is read twice (checked before anything is written, then cleaned),
and a line too long to hold is copied from a second reading: :func:`once` keeps the
bytes of the first reading for the others. Its format is ``--input-format``
(:func:`dedup.inputs.shard_format`), never its name.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO

from dedup.errors import DedupError

NAME = "<stdin>"  # standard input's name in reports


def once(read_stdin: Callable[[], bytes] | None) -> Callable[[], bytes]:
    """A reader of standard input that reads it at the first call only; an error
    (at the first call) if there is none here."""
    if read_stdin is None:
        raise DedupError("-: standard input is not available here")
    data = read_stdin()
    return lambda: data


def stream(read_stdin: Callable[[], bytes] | None) -> IO[bytes]:
    """Standard input's bytes as a stream."""
    if read_stdin is None:
        raise DedupError("-: standard input is not available here")
    return io.BytesIO(read_stdin())
