"""The compiled core, :mod:`dedup._native` (``native/``, Rust), when it may be used.

The Python modules of :mod:`dedup.text` are the readable reference; where the core has
a twin of one of their functions, they call it, and the two give the same result, byte
for byte (``tests/test_native.py``). ``DEDUP_ENGINE=python`` in the environment turns
the core off (for comparing, or for a build without it); so does a Python whose Unicode
tables are not the ones the core was built with (it is built from them).
"""

from __future__ import annotations

import os
import unicodedata
from types import ModuleType

ENGINES = ("native", "python")


def _load() -> ModuleType | None:
    if os.environ.get("DEDUP_ENGINE", "native").strip().lower() == "python":
        return None
    try:
        import dedup._native as _native
    except ImportError:
        return None
    nfkc = tuple(map(int, _native.NFKC_UNICODE_VERSION.split(".")))
    if unicodedata.unidata_version != _native.UNIDATA_VERSION or nfkc < _version(unicodedata.unidata_version):
        return None
    return _native


def _version(text: str) -> tuple[int, ...]:
    return tuple(map(int, text.split(".")))


core = _load()
"""The compiled core, or None: the Python engine does all the work."""

ENGINE = "native" if core is not None else "python"
"""The engine in use, as ``dedup --version`` reports it."""
