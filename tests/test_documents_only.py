"""``--documents-only``: near-duplicate documents alone, paragraphs left as they are."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RUNNER
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.cli import app
from dedup.text.layout import layout
from dedup.text.normalize import normal_text, normalize

DOUBLED = (
    "The council met on Tuesday to discuss the new bridge over the river.\n\n"
    "It voted to fund the repairs before the winter storms arrive.\n\n"
) * 2
BODY = (
    "A library opened in the old station, with books for every age and a garden.\n"
    "Volunteers painted the walls and built the shelves over three weekends.\n"
    "The mayor thanked them at the opening and promised a reading room for children.\n"
)
LINES = [
    json.dumps({"id": "a", "text": DOUBLED}) + "\n",
    json.dumps({"id": "b", "text": BODY}) + "\n",
    json.dumps({"id": "c", "text": BODY.replace("garden.", "garden!")}) + "\n",
    json.dumps({"id": "d", "text": "Something else altogether, about the harbour and its ships.\n"}) + "\n",
]


@pytest.fixture
def shard(tmp_path: Path) -> Path:
    path = tmp_path / "s.jsonl"
    path.write_text("".join(LINES), encoding="utf-8")
    return path


def test_check_reports_the_near_duplicate_and_not_the_doubled_body(shard: Path) -> None:
    result = RUNNER.invoke(app, ["check", "--near-duplicate-docs", "--documents-only", str(shard)])
    assert result.exit_code == 1
    assert f"{shard}[c]: near-duplicate of b (similarity" in result.stdout
    assert "[a]" not in result.stdout  # its repeated paragraphs are not looked at
    full = RUNNER.invoke(app, ["check", "--near-duplicate-docs", str(shard)])
    assert f"{shard}[a]" in full.stdout and f"{shard}[c]: near-duplicate of b" in full.stdout


def test_clean_drops_the_near_duplicate_and_keeps_every_other_byte(shard: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "clean", "--drop-duplicate-docs", "--documents-only", "-q", str(shard)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == LINES[0] + LINES[1] + LINES[3]
    assert done.stderr == b""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--documents-only"], "--documents-only needs --near-duplicate-docs"),
        (["check", "--near-duplicate-docs", "--documents-only", "--scope", "corpus"], "does not go with --scope corpus"),
        (["clean", "--drop-duplicate-docs", "--documents-only", "--fix", "nfc"], "does not go with --scope corpus, --index or --fix"),
    ],
)
def test_what_it_does_not_go_with_is_a_one_line_error(shard: Path, args: list[str], message: str) -> None:
    result = RUNNER.invoke(app, [*args, str(shard)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


_ALPHABET = st.sampled_from(list("ab cdé\n\n\t1٣ـَ“”—Ａﬁ") + ["\r\n", "ß", "İ", "\u200b"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_a_documents_normal_text_is_its_paragraphs_normal_texts_joined(text: str) -> None:
    """What documents-only signs is what the full run would sign if it removed nothing."""
    lay = layout(text)
    assert normal_text(text) == "".join(normalize(lay.paragraph_text(p)).text for p in lay.paragraphs)
