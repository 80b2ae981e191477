"""dedup explain: the library's evidence, and the command's view of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.cli import app
from dedup.config import Config
from dedup.explain import explain
from dedup.text.layout import layout

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


def test_header_counts_every_paragraph_not_only_the_pairs() -> None:
    """The header said "3 paragraphs compared" of a file of 6 paragraphs (it counted
    the pairs)."""
    path = EXAMPLES / "en_paraphrase_kept.txt"
    text = path.read_text(encoding="utf-8")
    units = len(layout(text).paragraphs)
    explanation = explain(text)
    assert units > len(explanation.pairs) > 0
    result = CliRunner().invoke(app, ["explain", "--color", "never", str(path)], env={"COLUMNS": "200"})
    assert result.stdout.splitlines()[0] == f"{path}: {units} paragraphs, {len(explanation.pairs)} with a similar earlier one"
    lone = "Nothing here is like anything else.\n\nA second paragraph, of its own kind.\n"
    assert explain(lone).summary() == "2 paragraphs, none with a similar earlier one"


OPENING = (
    "The harbour board met on Thursday to hear the plans for the new quay, and after a long "
    "discussion of the costs and of the tides it agreed that"
)


def test_excerpts_show_where_the_paragraphs_differ() -> None:
    """They showed both openings, which a near pair shares, so the two excerpts looked
    the same."""
    text = f"{OPENING} the work should start in spring.\n\n{OPENING} the work should begin in spring.\n"
    (pair,) = explain(text).pairs
    assert pair.why(0.9) == "word changed: 'start' / 'begin'"
    assert "begin in spring." in pair.excerpt and "start in spring." in pair.source_excerpt
    assert pair.excerpt.startswith("…") and len(pair.excerpt) <= 60
    # a little context before the difference, from a word's start
    assert pair.excerpt.split(" ")[0].lstrip("…") in OPENING.split(" ")
    (exact,) = explain(f"{OPENING}.\n\n{OPENING}.\n").pairs
    assert exact.excerpt == OPENING[:59] + "…"  # equal paragraphs: the opening


def test_a_pair_refused_only_by_the_threshold_gets_the_threshold_that_matches_it(tmp_path: Path) -> None:
    text = f"{OPENING} the work should start in spring.\n\n{OPENING} the wrok should strat in sprnig.\n"
    (pair,) = explain(text, Config(threshold=0.98)).pairs
    why = pair.why(0.98)
    assert why.startswith("below the threshold: --threshold ") and why.endswith(" would match it"), why
    suggested = why.split("--threshold ")[1].split(" ")[0]
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["check", "--threshold", suggested, str(path)]).exit_code == 1  # found
    higher = f"{float(suggested) + 0.01:.2f}"
    assert runner.invoke(app, ["check", "--threshold", higher, str(path)]).exit_code == 0  # not found
    shown = runner.invoke(app, ["explain", "--color", "never", "--threshold", "0.98", str(path)], env={"COLUMNS": "250"})
    assert f"--threshold {suggested} would match it" in shown.stdout


def test_a_pair_the_word_rule_refuses_says_which_words_below_the_threshold_too() -> None:
    text = f"{OPENING} the work should start in spring.\n\n{OPENING} the work should not start in spring.\n"
    (pair,) = explain(text).pairs
    assert pair.why(0.9) == "word added: 'not'"
    assert pair.why(0.99) == "below the threshold, and word added: 'not'"  # no threshold would match it
