"""Baselines: accepted findings stop failing, moved text stays accepted, new ones fail."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import invoke_dedup

BODY = "The council approved the new budget on Tuesday evening after a long debate.\n"
NOTICE = "Subscribe to our newsletter for the latest local news, every single morning.\n"


def invoke(*args: str) -> object:
    return invoke_dedup(args)


def test_write_then_check_against_the_baseline(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(f"Opening.\n\n{BODY}\nMiddle paragraph, unique.\n\n{BODY}", encoding="utf-8")
    base = tmp_path / "base.json"
    result = invoke("check", "--write-baseline", str(base), str(doc))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["fingerprints"]) == 1
    result = invoke("check", "--baseline", str(base), str(doc))
    assert (result.exit_code, result.stdout) == (0, "")  # type: ignore[attr-defined]
    assert "1 finding(s) accepted by" in result.stderr  # type: ignore[attr-defined]


def test_moving_accepted_text_does_not_trigger_but_a_new_repeat_does(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(f"Opening.\n\n{BODY}\nMiddle paragraph, unique.\n\n{BODY}", encoding="utf-8")
    base = tmp_path / "base.json"
    invoke("check", "--write-baseline", str(base), str(doc))
    # The repeat moves down and is re-wrapped: still the same finding.
    doc.write_text(
        f"Opening.\n\n{BODY}\nMiddle paragraph, unique.\n\nAnother new paragraph.\n\n{BODY.replace(' on ', chr(10) + 'on ')}",
        encoding="utf-8",
    )
    result = invoke("check", "--baseline", str(base), str(doc))
    assert (result.exit_code, result.stdout) == (0, "")  # type: ignore[attr-defined]
    doc.write_text(doc.read_text(encoding="utf-8") + f"\n{NOTICE}\n{NOTICE}", encoding="utf-8")
    result = invoke("check", "--baseline", str(base), str(doc))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout.count("\n") == 1 and "repeat of line" in result.stdout  # type: ignore[attr-defined]


def test_a_missing_or_bad_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(BODY, encoding="utf-8")
    result = invoke("check", "--baseline", str(tmp_path / "none.json"), str(doc))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1  # type: ignore[attr-defined]
    assert "--write-baseline" in result.stderr  # type: ignore[attr-defined]
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = invoke("check", "--baseline", str(bad), str(doc))
    assert result.exit_code == 2 and "not a dedup baseline" in result.stderr  # type: ignore[attr-defined]
