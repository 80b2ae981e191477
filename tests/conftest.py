"""Settings for every test process, and the one way the test files run ``dedup``
in-process (:func:`invoke_dedup`)."""

from __future__ import annotations

import signal
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from typer.testing import CliRunner

if TYPE_CHECKING:
    from typer.testing import Result

# A background job of a non-interactive shell (``bash .ci/run &``, nohup) starts with
# SIGINT ignored, and every process it starts inherits that: the Ctrl-C tests' dedup
# would then never see their SIGINT. A handler (unlike SIG_IGN) is reset by exec, so
# installing Python's default one here gives each test's subprocess the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# --- running the command in-process ------------------------------------------------------------
#
# One CliRunner and one colourless environment for the test files that run `dedup`
# in-process (typer's CliRunner), instead of a copy in each: a file that needs more
# (a width, no colour override) extends QUIET_ENV, and its `invoke` is a thin wrapper
# of invoke_dedup with its own calling convention. (Test files import them with
# `from conftest import ...`, as tests/ is on sys.path.)

QUIET_ENV: dict[str, str | None] = {"NO_COLOR": "1", "FORCE_COLOR": None, "PY_COLORS": None, "DEDUP_DEBUG": None}
"""No colour and no debug tracebacks, whatever the developer's or CI's environment says."""

RUNNER = CliRunner()


def invoke_dedup(
    args: Sequence[object],
    input: bytes | str | None = None,
    *,
    env: Mapping[str, str | None] | None = None,
    isolated: bool = False,
    strict: bool = True,
) -> Result:
    """Run ``dedup ARGS`` in-process with ``QUIET_ENV`` (updated by ``env``); with
    ``isolated``, ``--isolated`` is added (settings files around tmp_path are
    ignored). ``strict``: fail on an exception other than the exit itself, and on a
    traceback or an internal error on stderr."""
    from dedup.cli import app

    argv = [str(a) for a in args] + (["--isolated"] if isolated else [])
    result = RUNNER.invoke(app, argv, input=input, env={**QUIET_ENV, **(env or {})})
    if strict:
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"dedup raised {result.exception!r}") from result.exception
        assert "Traceback" not in result.stderr, result.stderr
        assert "internal error" not in result.stderr, result.stderr
    return result
