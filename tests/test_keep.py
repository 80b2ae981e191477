"""Keep patterns (``dedup.text.keep``): their time is bounded per paragraph and per run
(issue #14, item 10). With only the 1 s per paragraph, many paragraphs each just under
it added up without limit (30 slow paragraphs took 7 s, N of them N times that).

The arithmetic of the run's allowance is tested with a clock that moves as the test
says; the command, with a pattern that really backtracks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import QUIET_ENV as ENV
from conftest import RUNNER

import dedup.text.keep as keep_module
from dedup.cli import app
from dedup.errors import ConfigError
from dedup.text.keep import keeper, new_run

RUN_MESSAGE = "used up the time keep patterns may take in a run"


class Clock:
    """``time.thread_time`` for keep.py: each search takes ``cost`` seconds."""

    def __init__(self, cost: float) -> None:
        self.now, self.cost, self.calls = 0.0, cost, 0

    def thread_time(self) -> float:
        self.calls += 1
        if self.calls % 2 == 0:  # the second call of a search: it has ended
            self.now += self.cost
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock(0.0)
    monkeypatch.setattr(keep_module, "time", fake)
    new_run()
    yield fake
    new_run()


def test_searches_under_the_paragraph_limit_add_up_to_the_run_limit(clock: Clock) -> None:
    clock.cost = 0.3  # each well under the 1 s a paragraph may take
    keep = keeper([r"^never"])
    paragraph = "A short paragraph.\n"
    allowed = keep_module.RUN_ALLOWANCE
    searches = 0
    with pytest.raises(ConfigError, match=RUN_MESSAGE):
        while True:
            keep(paragraph)
            searches += 1
    # The run may spend its allowance (plus a little for each short paragraph), no more.
    assert searches == int(allowed / 0.3)


def test_the_allowance_grows_with_the_text_searched(clock: Clock) -> None:
    """A plain pattern (here: 1 MB/s, far slower than any real one) never runs out."""
    keep = keeper([r"^never"])
    paragraph = "word " * 2000 + "\n"  # 10 kB
    clock.cost = len(paragraph) * 1e-6
    for _ in range(2000):  # 20 MB: 20 s by that clock, much more than the 1 s to start with
        assert keep(paragraph) is False


def test_an_exhausted_run_does_not_fail_the_next_search_in_the_process(clock: Clock) -> None:
    """The library has no run to start again: after the error, a good pattern works."""
    clock.cost = 0.6
    slow = keeper([r"^slow"])
    with pytest.raises(ConfigError, match=RUN_MESSAGE):
        for _ in range(10):
            slow("A short paragraph.\n")
    clock.cost = 1e-6
    assert keeper([r"^All rights"])("All rights reserved.\n") is True


def test_many_slow_paragraphs_stop_the_run_with_one_line(tmp_path: Path) -> None:
    """80 paragraphs on which the pattern backtracks for about 0.1 s each (under the
    1 s a paragraph may take): the code before took them all (8 s and more). One
    paragraph repeats, over --min-chars: patterns are only searched where something
    could be removed."""
    path = tmp_path / "doc.txt"
    closing = "A closing paragraph, said twice, long enough to be removed.\n\n"
    text = "".join(f"{'x' * 250} {k}!\n\n" for k in range(80)) + closing * 2
    path.write_text(text, encoding="utf-8")
    result = RUNNER.invoke(app, ["clean", "-i", "--isolated", "--keep-pattern", "(x+x+)+y", str(path)], env=ENV)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "dedup: error: --keep-pattern '(x+x+)+y' used up the time keep patterns may take in a run "
        "(1 s, plus 0.1 ms a paragraph and 10 s per MB searched; catastrophic backtracking?); simplify it"
    ]
    assert path.read_text(encoding="utf-8") == text  # nothing written
    # The next run starts a new account.
    again = RUNNER.invoke(app, ["check", "--isolated", "--keep-pattern", "^never", str(path)], env=ENV)
    assert again.exit_code in (0, 1), again.stderr
