"""dedup explain: the library's evidence, and the command's view of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from typer.testing import CliRunner

from dedup.cli import app
from dedup.explain import explain

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_pairs_name_the_nearest_earlier_paragraph() -> None:
    text = (EXAMPLES / "en_light_edit.txt").read_text(encoding="utf-8")
    explanation = explain(text)
    weakest = explanation.weakest_matches()
    assert [(p.line, p.source_line) for p in weakest] == [(8, 3), (9, 4)]
    assert all(0.9 <= p.similarity < 1.0 and p.same_numbers for p in weakest)
    assert sum(explanation.histogram()) == len(explanation.pairs)


def test_a_miss_on_numbers_is_a_near_miss_however_similar() -> None:
    text = "Twelve people, 12 in all, were hurt in the fire.\n\nTwelve people, 21 in all, were hurt in the fire.\n"
    (pair,) = explain(text).pairs
    assert pair.similarity > 0.9 and not pair.same_numbers
    assert explain(text).near_misses() == [pair]
    assert explain(text).weakest_matches() == []


def test_a_stricter_threshold_turns_weak_matches_into_misses() -> None:
    text = (EXAMPLES / "en_light_edit.txt").read_text(encoding="utf-8")
    from dedup.config import Config

    strict = explain(text, Config(threshold=0.95))
    assert strict.weakest_matches() == []
    assert {p.line for p in strict.near_misses()} >= {8, 9}


def test_command_shows_histogram_and_tables() -> None:
    result = CliRunner().invoke(
        app, ["explain", "--color", "never", str(EXAMPLES / "en_light_edit.txt")], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0
    assert "Nearest misses" in result.stdout and "Weakest matches" in result.stdout
    assert "0.916" in result.stdout and "0.941" in result.stdout
    assert "\x1b[" not in result.stdout


def test_a_paraphrase_is_a_miss_that_says_which_word_changed() -> None:
    text = (EXAMPLES / "en_paraphrase_kept.txt").read_text(encoding="utf-8")
    explanation = explain(text)
    assert explanation.weakest_matches() == []
    misses = {p.line: p for p in explanation.near_misses()}
    assert misses[8].similarity >= 0.9 and misses[8].same_numbers
    assert misses[8].why(0.9) == "word changed: 'permitting' / 'allowing'"
    assert misses[9].why(0.9) == "word changed: 'about' / 'roughly'"
    result = CliRunner().invoke(app, ["explain", "--color", "never", str(EXAMPLES / "en_paraphrase_kept.txt")], env={"COLUMNS": "200"})
    assert "word changed: 'about' / 'roughly'" in result.stdout


def test_an_identifier_change_is_a_miss() -> None:
    text = "mytool (5.1~beta1-1) unstable; urgency=medium, built on the usual machines\n\n" \
        "mytool (5.1~rc1-1) unstable; urgency=medium, built on the usual machines\n"
    (pair,) = explain(text).pairs
    assert pair.same_numbers and pair.similarity > 0.9
    assert pair.why(0.9) == "identifier changed: '5.1~beta1-1' / '5.1~rc1-1'"


def test_command_reports_a_missing_file() -> None:
    result = CliRunner().invoke(app, ["explain", "missing-file.txt"])
    assert result.exit_code == 2
    assert result.stderr == "dedup: error: missing-file.txt: no such file\n"


def test_work_per_paragraph_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every earlier candidate was scored: 2,000 near-identical lines took 3.5 s,
    4,000 took 20 s. Now a paragraph looks at the latest CANDIDATES only, as the
    engine does."""
    from dedup import explain as module
    from dedup.text.fingerprint import CANDIDATES

    calls = []
    real = module.distance

    def counting(a: str, b: str, limit: int | None = None) -> int:
        calls.append(1)
        return real(a, b, limit)

    monkeypatch.setattr(module, "distance", counting)
    letters = "abcdefghijklmnopqrstuvwxyz"
    count = 400
    text = "\n\n".join(
        f"A line of the service log that comes back often, ending {letters[k % 26]}{letters[k // 26 % 26]}"
        for k in range(count)
    )
    explanation = explain(text)
    assert len(explanation.pairs) == count - 1
    assert len(calls) <= CANDIDATES * count
