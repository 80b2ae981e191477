"""Scopes: each document on its own (the default), or across the corpus; keep
patterns in both; and the same results for any number of jobs.

Small hand-made corpora pin the exact findings; a generated corpus of files and
JSONL shards (plain and gzip) checks that ``-j 1`` and ``-j 2`` give the same bytes
and the same JSON reports, in both scopes.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIET_ENV, invoke_dedup
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

ENV: dict[str, str | None] = {**QUIET_ENV, "COLUMNS": "80"}

B1 = "Subscribe to our newsletter for the latest news, offers and updates from our team every week."
B2 = "Follow us on social media and share this article with your friends, family and colleagues."
RIGHTS = "All rights reserved. Reproduction without written permission of the publisher is prohibited."


def invoke(args: Sequence[object], input: bytes | None = None) -> Result:
    """Run ``dedup`` in-process, ignoring settings files found around tmp_path."""
    return invoke_dedup(args, input, env=ENV, isolated=True)


def lines_word(text: str) -> str:
    """``repeat of line 3`` read as ``repeat of lines 3``: the text report's wording for
    a one-line first occurrence is not pinned here (it is the report's own tests' job)."""
    return re.sub(r"(repeat of (?:\S+ )?)line (\d+ )", r"\1lines \2", text)


def dedup_process(args: Sequence[str], cwd: Path, *, strict: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run ``dedup`` in a real process; ``strict``: no traceback or internal error."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DEDUP_DEBUG")}
    done = subprocess.run(
        [sys.executable, "-m", "dedup", *args, "--isolated"],
        cwd=cwd,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        timeout=300,
        check=False,
    )
    if strict:
        assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, done.stderr
    return done


def doc(intro: str, *middle: str, outro: str) -> str:
    return "\n\n".join([intro, *middle, outro]) + "\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


A = doc(
    "Alpha opens with an original paragraph about gardens and the weather.",
    B1,
    B2,
    outro="Alpha closes with a remark about tomatoes.",
)
B = doc(
    "Beta is about something else entirely: trains and their timetables.",
    B1,
    B2,
    outro="Beta closes with the late train on Monday morning.",
)
C = doc(
    "Gamma reports on the harbour and the new ferry service to the islands.",
    B1,
    outro="Gamma closes with the ferry prices for next summer.",
)
B_CLEANED = doc(
    "Beta is about something else entirely: trains and their timetables.",
    outro="Beta closes with the late train on Monday morning.",
)
C_CLEANED = doc(
    "Gamma reports on the harbour and the new ferry service to the islands.",
    outro="Gamma closes with the ferry prices for next summer.",
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """corpus/a.txt, b.txt, c.txt: b repeats a's two boilerplate paragraphs, c the first.
    Written in reverse order: corpus order is the sorted walk, not creation order."""
    root = tmp_path / "corpus"
    write(root / "c.txt", C)
    write(root / "b.txt", B)
    write(root / "a.txt", A)
    return root


def removed_bytes(text: str, *paragraphs: str) -> int:
    """Bytes of a removed run of ``paragraphs`` that takes the blank line before it."""
    return len(("\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8"))


# --- document scope ------------------------------------------------------------------------


@pytest.mark.parametrize("scope", [[], ["--scope", "document"]], ids=["default", "explicit"])
def test_document_scope_is_the_default(corpus: Path, scope: list[str]) -> None:
    result = invoke(["check", *scope, corpus])
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    assert "3 files checked, no repeats found\n" in result.stderr


def test_document_scope_still_removes_repeats_within_a_document(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", A)
    write(tmp_path / "d.txt", doc("Delta opens.", B1, "A paragraph in between the copies.", B1, outro="Delta."))
    result = invoke(["check", tmp_path])
    assert result.exit_code == 1
    size = removed_bytes("", B1)
    assert (
        lines_word(result.stdout) == f"{tmp_path / 'd.txt'}:7: repeat of lines 3 (exact, 1 paragraph, {size} bytes)\n"
    )


# --- corpus scope --------------------------------------------------------------------------


def test_corpus_scope_names_the_earlier_file_and_lines(corpus: Path) -> None:
    result = invoke(["check", "--scope", "corpus", corpus])
    assert result.exit_code == 1, result.stderr
    assert lines_word(result.stdout) == (
        f"{corpus / 'b.txt'}:3-5: repeat of {corpus / 'a.txt'} lines 3-5 "
        f"(exact, 2 paragraphs, {removed_bytes(B, B1, B2)} bytes)\n"
        f"{corpus / 'c.txt'}:3: repeat of {corpus / 'a.txt'} lines 3 (exact, 1 paragraph, {removed_bytes(C, B1)} bytes)\n"
    )


def test_corpus_scope_json_report_names_the_first_document(corpus: Path) -> None:
    result = invoke(["check", "--scope", "corpus", "--format", "json", corpus])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert [Path(f["path"]).name for f in report["files"]] == ["a.txt", "b.txt", "c.txt"]
    assert files["a.txt"]["removed"] == []
    (run,) = files["b.txt"]["removed"]
    assert (run["kind"], run["score"], run["paragraphs"]) == ("exact", 1.0, 2)
    assert run["lines"] == {"start": 3, "end": 5}
    first = run["first"]
    assert first["document"] == str(corpus / "a.txt")
    assert first["lines"] == {"start": 3, "end": 5}
    assert first["bytes"] is None
    assert A[first["chars"]["start"] : first["chars"]["end"]].strip() == B1 + "\n\n" + B2
    # The removed span, in the later document's own coordinates.
    assert B.encode()[run["bytes"]["start"] : run["bytes"]["end"]] == ("\n" + B1 + "\n\n" + B2 + "\n").encode()
    (run,) = files["c.txt"]["removed"]
    assert run["first"]["document"] == str(corpus / "a.txt")
    assert run["first"]["lines"] == {"start": 3, "end": 3}
    assert report["summary"]["runs"] == 2


def test_corpus_scope_clean_keeps_the_first_occurrence(corpus: Path) -> None:
    result = invoke(["clean", "-i", "--scope", "corpus", corpus])
    assert result.exit_code == 0, result.stderr
    assert (corpus / "a.txt").read_text(encoding="utf-8") == A
    assert (corpus / "b.txt").read_text(encoding="utf-8") == B_CLEANED
    assert (corpus / "c.txt").read_text(encoding="utf-8") == C_CLEANED
    again = invoke(["check", "--scope", "corpus", corpus])
    assert (again.exit_code, again.stdout) == (0, "")


def test_corpus_scope_diff_changes_nothing(corpus: Path) -> None:
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    result = invoke(["clean", "--diff", "--scope", "corpus", corpus])
    assert result.exit_code == 1
    assert f"--- {corpus / 'b.txt'}\n" in result.stdout and f"-{B2}\n" in result.stdout
    assert f"--- {corpus / 'a.txt'}\n" not in result.stdout
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_corpus_order_is_the_sorted_walk(tmp_path: Path) -> None:
    # z.txt is written first, but a walk reads sub/ ... z.txt in sorted order.
    write(tmp_path / "z.txt", B)
    write(tmp_path / "sub" / "m.txt", A)
    result = invoke(["check", "--scope", "corpus", tmp_path])
    assert lines_word(result.stdout).startswith(
        f"{tmp_path / 'z.txt'}:3-5: repeat of {tmp_path / 'sub' / 'm.txt'} lines 3-5 "
    )


def test_short_cross_document_repeats_stay(tmp_path: Path) -> None:
    """The size limit applies across documents too: a short shared line stays."""
    write(tmp_path / "a.txt", doc("First.", "Read more:", outro="The end of a."))
    write(tmp_path / "b.txt", doc("Second.", "Read more:", outro="The end of b."))
    result = invoke(["check", "--scope", "corpus", tmp_path])
    assert (result.exit_code, result.stdout) == (0, "")
    assert invoke(["check", "--scope", "corpus", "--min-chars", "5", tmp_path]).exit_code == 1


def test_cross_document_runs_need_paragraphs_that_stood_together(tmp_path: Path) -> None:
    """B1 and B2 each occurred before, but never next to each other: two runs, not one."""
    write(tmp_path / "a.txt", doc("Alpha has the first boilerplate.", B1, outro="Alpha ends."))
    write(tmp_path / "b.txt", doc("Beta has the second boilerplate.", B2, outro="Beta ends."))
    write(tmp_path / "c.txt", doc("Gamma has both, together.", B1, B2, outro="Gamma ends."))
    report = json.loads(invoke(["check", "--scope", "corpus", "--format", "json", tmp_path]).stdout)
    runs = report["files"][2]["removed"]
    assert [(r["paragraphs"], Path(r["first"]["document"]).name) for r in runs] == [(1, "a.txt"), (1, "b.txt")]


# --- corpus scope over JSONL ------------------------------------------------------------------


def jsonl(*objects: dict[str, Any]) -> bytes:
    return b"".join((json.dumps(o) + "\n").encode() for o in objects)


def test_corpus_scope_across_jsonl_documents(tmp_path: Path) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(jsonl({"id": "d1", "text": A}, {"id": "d2", "text": B}, {"text": C}))
    result = invoke(["check", "--scope", "corpus", shard])
    assert result.exit_code == 1
    assert lines_word(result.stdout).splitlines() == [
        f"{shard}[d2]:3-5: repeat of d1 lines 3-5 (exact, 2 paragraphs, {removed_bytes(B, B1, B2)} bytes)",
        f"{shard}[{shard}:3]:3: repeat of d1 lines 3 (exact, 1 paragraph, {removed_bytes(C, B1)} bytes)",
    ]
    report = json.loads(invoke(["check", "--scope", "corpus", "--format", "json", shard]).stdout)
    firsts = [[r["first"]["document"] for r in f["removed"]] for f in report["files"]]
    assert firsts == [[], ["d1"], ["d1"]]
    cleaned = invoke(["clean", "--scope", "corpus", shard])
    assert [json.loads(x)["text"] for x in cleaned.stdout_bytes.splitlines()] == [A, B_CLEANED, C_CLEANED]


def test_corpus_scope_across_shards_and_files(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", A)
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(jsonl({"id": "doc-b", "text": B})))
    write(tmp_path / "c.txt", C)
    report = json.loads(invoke(["check", "--scope", "corpus", "--format", "json", tmp_path]).stdout)
    rows = [
        (Path(f["path"]).name, f["document"], [r["first"]["document"] for r in f["removed"]]) for f in report["files"]
    ]
    assert rows == [
        ("a.txt", None, []),
        ("b.jsonl.gz", "doc-b", [str(tmp_path / "a.txt")]),
        ("c.txt", None, [str(tmp_path / "a.txt")]),
    ]


def test_a_missing_id_is_named_path_and_line_as_first_occurrence(tmp_path: Path) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(b"\n" + jsonl({"text": A}, {"id": "later", "text": B}))
    report = json.loads(invoke(["check", "--scope", "corpus", "--format", "json", shard]).stdout)
    assert report["files"][1]["removed"][0]["first"]["document"] == f"{shard}:2"


# --- keep patterns ----------------------------------------------------------------------------


def test_keep_pattern_keeps_a_repeat_within_a_document(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.txt",
        doc("An opening paragraph of its own.", RIGHTS, "Some text between.", RIGHTS, outro="The end."),
    )
    assert invoke(["check", path]).exit_code == 1
    result = invoke(["check", "--keep-pattern", "^All rights reserved", path])
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    cleaned = invoke(["clean", "--keep-pattern", "(?i)reproduction without", path])
    assert cleaned.stdout_bytes == path.read_bytes()


def test_keep_pattern_keeps_a_repeat_across_documents(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", doc("Alpha opens.", B1, RIGHTS, outro="Alpha ends."))
    write(tmp_path / "b.txt", doc("Beta opens.", RIGHTS, outro="Beta ends."))
    write(tmp_path / "c.txt", doc("Gamma opens.", B1, RIGHTS, outro="Gamma ends."))
    without = invoke(["check", "--scope", "corpus", tmp_path])
    assert without.exit_code == 1 and without.stdout.count("\n") == 2
    result = invoke(["check", "--scope", "corpus", "--keep-pattern", "^All rights", "--format", "json", tmp_path])
    report = json.loads(result.stdout)
    # b's rights line stays; c's B1 still goes, alone, and its rights line stays.
    assert [[(r["lines"], r["paragraphs"]) for r in f["removed"]] for f in report["files"]] == [
        [],
        [],
        [({"start": 3, "end": 3}, 1)],
    ]
    assert invoke(["clean", "-i", "--scope", "corpus", "--keep-pattern", "^All rights", tmp_path]).exit_code == 0
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == doc("Gamma opens.", RIGHTS, outro="Gamma ends.")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == doc("Beta opens.", RIGHTS, outro="Beta ends.")


def test_keep_pattern_in_corpus_scope_over_jsonl(tmp_path: Path) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(
        jsonl(
            {"id": "1", "text": doc("One.", RIGHTS, outro="End one.")},
            {"id": "2", "text": doc("Two.", RIGHTS, outro="End two.")},
        )
    )
    assert invoke(["check", "--scope", "corpus", shard]).exit_code == 1
    result = invoke(["check", "--scope", "corpus", "--keep-pattern", "^All rights", shard])
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(("command", "scope"), [("check", "document"), ("clean", "corpus")])
def test_an_invalid_keep_pattern_is_one_line_and_exit_2(corpus: Path, scope: str, command: str) -> None:
    # A real process: in-process, the exception would reach the runner, not main().
    done = dedup_process([command, "--scope", scope, "--keep-pattern", "(unclosed", "a.txt"], corpus, strict=False)
    assert done.returncode == 2
    assert done.stdout == b""
    stderr = done.stderr.decode()
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert "(unclosed" in stderr and "regular expression" in stderr


def test_an_invalid_keep_pattern_is_a_usage_error_not_an_internal_one(corpus: Path) -> None:
    """Regression: it used to say ``dedup: internal error: ConfigError: ...`` (the error
    was raised lazily inside the run, outside the command's error handling)."""
    done = dedup_process(["check", "--keep-pattern", "(unclosed", "a.txt"], corpus, strict=False)
    assert done.stderr.decode().startswith(
        "dedup: error: --keep-pattern '(unclosed' is not a valid regular expression"
    ), done.stderr


# --- the same results for any number of jobs ----------------------------------------------------

WORDS = [
    "harbour", "ferry", "council", "budget", "river", "bridge", "market", "school", "library", "garden",
    "museum", "station", "weather", "festival", "village", "tomato", "railway", "timetable", "island",
    "summer", "winter", "report", "committee", "street",
]  # fmt: skip
BOILERS = [
    B1,
    B2,
    RIGHTS,
    "Photo: the local archive, reproduced with the kind permission of the family.",
    "This article was first published in the weekend edition of the regional paper.",
]


def generated_docs(rng: random.Random, count: int, tag: str) -> list[str]:
    docs = []
    for n in range(count):
        paragraphs = [
            f"{tag} {n} part {k}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + "."
            for k in range(rng.randint(2, 6))
        ]
        for _ in range(rng.randint(0, 3)):  # boilerplate, sometimes as a pair
            at = rng.randint(0, len(paragraphs))
            first = rng.randrange(len(BOILERS))
            paragraphs[at:at] = BOILERS[first : first + rng.randint(1, 2)]
        if rng.random() < 0.3:  # an exact repeat within the document
            paragraphs.append(rng.choice(paragraphs))
        if rng.random() < 0.2:  # a near repeat within the document (one letter changed)
            source = max(paragraphs, key=len)
            i = rng.randrange(len(source) // 2, len(source) - 1)
            paragraphs.append(source[:i] + ("x" if source[i] != "x" else "y") + source[i + 1 :])
        docs.append("\n\n".join(paragraphs) + "\n")
    return docs


def generate_corpus(root: Path) -> None:
    rng = random.Random(20260125)
    for n, text in enumerate(generated_docs(rng, 30, "File")):
        write(root / f"sub{n % 3}" / f"doc{n:03d}.txt", text)
    shard = generated_docs(rng, 80, "Row")
    lines = [json.dumps({"id": f"row-{n}", "text": t, "n": n}) + "\n" for n, t in enumerate(shard)]
    (root / "rows.jsonl").write_bytes("".join(lines).encode())
    more = generated_docs(rng, 40, "Gz")
    gz = [json.dumps({"text": t, "lang": "en"}, ensure_ascii=False) + "\n" for t in more]
    (root / "more.jsonl.gz").write_bytes(gzip.compress("".join(gz).encode(), mtime=0))


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root``, decompressed, by relative path."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(root).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


@pytest.mark.parametrize("scope", ["document", "corpus"])
def test_results_are_the_same_for_one_and_two_jobs(tmp_path: Path, scope: str) -> None:
    original = tmp_path / "original"
    generate_corpus(original / "corpus")
    cleaned, reports = {}, {}
    for jobs in ("1", "2"):
        work = tmp_path / f"j{jobs}"
        shutil.copytree(original, work)
        args = ["clean", "-i", "-q", "--scope", scope, "-j", jobs, "--report", "report.json", "corpus"]
        done = dedup_process(args, work)
        assert done.returncode == 0, done.stderr
        cleaned[jobs] = tree(work / "corpus")
        reports[jobs] = (work / "report.json").read_bytes()
    assert cleaned["1"] == cleaned["2"]
    assert reports["1"] == reports["2"]

    report = json.loads(reports["1"])
    assert len(report["files"]) == 30 + 80 + 40  # the plain shard alone is 3 batches of 32
    runs = [r for f in report["files"] for r in f["removed"]]
    assert any(r["kind"] == "near" for r in runs)
    crossing = [r for r in runs if r["first"]["document"] is not None]
    assert bool(crossing) is (scope == "corpus")
    assert cleaned["1"] != tree(original / "corpus")
    # Nothing is left for check to find, with either number of jobs.
    again = dedup_process(["check", "--format", "json", "--scope", scope, "-j", "2", "corpus"], tmp_path / "j2")
    assert again.returncode == 0, again.stdout
    assert json.loads(again.stdout)["summary"]["runs"] == 0


@pytest.mark.parametrize("scope", ["document", "corpus"])
def test_a_counts_only_report_counts_what_a_full_report_lists(
    tmp_path: Path, scope: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Keep`` only changes what the report holds (and so its memory), never the counts."""
    from dedup.batch import run
    from dedup.report.model import Keep

    generate_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    full = run(["corpus"], scope=scope, index=None)
    lean = run(["corpus"], scope=scope, index=None, keep=Keep(unchanged=False, changed=False, texts=False))
    changed_only = run(["corpus"], scope=scope, index=None, keep=Keep(unchanged=False, texts=False))
    assert full.files and not lean.files
    assert lean.totals() == full.totals() == changed_only.totals()
    assert full.totals().documents == 30 + 80 + 40 and full.totals().changed > 0
    assert [f.path for f in changed_only.files] == [f.path for f in full.files if f.changed]
    assert all(f.original == f.cleaned == "" for f in changed_only.files)
    assert [f.findings for f in changed_only.files] == [f.findings for f in full.files if f.changed]


def test_clean_without_a_report_says_the_same_counts(tmp_path: Path) -> None:
    """The closing summary of ``clean -i`` (which keeps only counts) and the counts of
    ``check --format json`` (which lists every document) agree."""
    generate_corpus(tmp_path / "corpus")
    checked = invoke(["check", "--format", "json", str(tmp_path / "corpus")])
    summary = json.loads(checked.stdout)["summary"]
    cleaned = invoke(["clean", "-i", "-v", str(tmp_path / "corpus")])
    assert cleaned.exit_code == 0, cleaned.stderr
    expected = f"{summary['files']} documents cleaned, {summary['changed']} with repeats: {summary['runs']} runs, {summary['bytes_removed']} bytes removed"
    assert expected in cleaned.stderr
    assert f"{summary['files']} documents, " in cleaned.stderr


_PIECES = [
    "A boilerplate notice that every page of the site carries at its foot.",
    "Une phrase en français, reprise d'un document à l'autre sans changement.",
    "短い行",
    "A line that is\nhard-wrapped over\ntwo short lines.",
    "x" * 120,
    "   ",
    "",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.sampled_from(["\n", "\n\n", "\r\n"]), st.booleans())
def test_the_workers_edges_are_those_of_the_cleaned_text(pieces: list[str], joint: str, final: bool) -> None:
    """apply_memory cuts cross-document runs with the edges the worker found; they must
    be those of the cleaned text laid out afresh, as removal_span would use."""
    from dedup.config import Config
    from dedup.corpus.scope import summarize
    from dedup.text.engine import clean_with_forms
    from dedup.text.layout import layout
    from dedup.text.rewrite import edge

    text = joint.join(pieces) + (joint if final else "")
    config = Config(min_chars=10)
    result, lay, forms = clean_with_forms(text, config)
    fresh = layout(result.text, config.unit, config.wrap_width)
    assert summarize(text, result, lay, forms, config).edges == [edge(fresh, p) for p in fresh.paragraphs]
