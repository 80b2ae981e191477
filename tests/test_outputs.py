"""``clean -o DIR``: one cleaned copy per input under its own name, unchanged inputs
copied byte for byte, the report beside them, and names that never leave DIR."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import invoke_dedup

from dedup.corpus.outputs import targets
from dedup.errors import ConfigError

PARA = "Subscribe to our newsletter for the latest news, offers and updates from our team."
DOUBLED = f"Title\n\n{PARA}\n\n{PARA}\n\nEnd of the story.\n"


def invoke(*args: object, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return invoke_dedup(["clean", *args], input, isolated=True, strict=False)


def tree(root: Path) -> Path:
    (root / "in" / "sub").mkdir(parents=True)
    (root / "in" / "a.txt").write_text(DOUBLED)
    (root / "in" / "sub" / "b.txt").write_text("Nothing repeats here.\n")
    lines = [json.dumps({"id": "d1", "text": DOUBLED}), json.dumps({"id": "d2", "text": "once"})]
    (root / "in" / "sub" / "s.jsonl").write_text("\n".join(lines) + "\n")
    (root / "in" / "same.jsonl.gz").write_bytes(gzip.compress(b'{"id": "x", "text": "short and unique"}\n', mtime=123))
    return root / "in"


def test_each_input_is_written_under_its_name_and_unchanged_ones_are_copied(tmp_path: Path) -> None:
    folder = tree(tmp_path)
    result = invoke(folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == ["a.txt", "dedup-report.json", "same.jsonl.gz", "sub/b.txt", "sub/s.jsonl"]
    assert (out / "a.txt").read_text() == f"Title\n\n{PARA}\n\nEnd of the story.\n"
    assert (out / "sub" / "b.txt").read_bytes() == (folder / "sub" / "b.txt").read_bytes()
    assert (out / "same.jsonl.gz").read_bytes() == (folder / "same.jsonl.gz").read_bytes()
    first = json.loads((out / "sub" / "s.jsonl").read_text().splitlines()[0])
    assert first["text"] == f"Title\n\n{PARA}\n\nEnd of the story.\n"
    report = json.loads((out / "dedup-report.json").read_text())
    assert report["summary"]["changed"] == 2
    assert result.stdout == ""
    assert (folder / "a.txt").read_text() == DOUBLED  # the inputs are not touched


def test_files_named_explicitly_keep_their_base_name_and_the_report_can_go_elsewhere(tmp_path: Path) -> None:
    folder = tree(tmp_path)
    result = invoke(folder / "a.txt", folder / "sub" / "s.jsonl", "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "s.jsonl"]
    assert (tmp_path / "r.json").exists()


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ([("x/a.txt", "a.txt"), ("y/a.txt", "a.txt")], "would both be written to"),
        ([("-", "-")], "needs files, not standard input"),
        ([("x/../a", "../a")], "has no name inside it"),
        ([("/etc/passwd", "/etc/passwd")], "has no name inside it"),
        ([("r/dedup-report.json", "dedup-report.json")], "the report's name"),
    ],
)
def test_names_that_would_leave_or_collide_are_refused(named: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        targets(named, "out")


def test_refusals_are_one_line_errors(tmp_path: Path) -> None:
    folder = tree(tmp_path)
    itself = invoke(folder / "a.txt", "-o", folder)
    assert itself.exit_code == 2
    assert itself.stderr.strip().endswith("is the input itself; give another folder")
    assert (folder / "a.txt").read_text() == DOUBLED
    both = invoke(folder / "a.txt", "-i", "-o", tmp_path / "out")
    assert both.exit_code == 2
    assert "excludes -i/--in-place" in both.stderr
    stdin = invoke("-", "-o", tmp_path / "out", input=DOUBLED.encode())
    assert stdin.exit_code == 2
    assert "not standard input" in stdin.stderr
