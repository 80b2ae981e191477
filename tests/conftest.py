"""Settings for every test process."""

from __future__ import annotations

import signal

# A background job of a non-interactive shell (``bash .ci/run &``, nohup) starts with
# SIGINT ignored, and every process it starts inherits that: the Ctrl-C tests' dedup
# would then never see their SIGINT. A handler (unlike SIG_IGN) is reset by exec, so
# installing Python's default one here gives each test's subprocess the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
