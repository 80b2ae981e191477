"""SARIF 2.1.0: valid against the official schema, and what code scanning relies on.

The schema is the OASIS file shipped in ``tests/data/`` (see ``tests/data/README.md``),
so validation runs offline.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema  # in the test extras: the schema check must not be skipped
import pytest
from test_render_golden import CASES, cross_document, pinned

import dedup
from dedup.report.model import Report, file_report
from dedup.report.render_sarif import (
    FINGERPRINT_KEY,
    artifact_uri,
    display_path,
    fingerprint,
    render_sarif,
    repeat_message,
)
from dedup.sources import decode
from dedup.text.engine import clean_text

DATA = Path(__file__).resolve().parent / "data"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

BODY = "The council approved the new budget on Tuesday evening, after a long debate.\n"


def schema() -> dict[str, Any]:
    data = (DATA / "sarif-schema-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256, "the shipped schema was changed"
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def validate(log: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(schema())
    validator = validator_class(schema())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def report_of(name: str, text: str, encoding: str = "utf-8", **options: Any) -> Report:
    document = decode(name, text.encode(encoding), None if encoding == "utf-8" else encoding)
    result = clean_text(document.text, dedup.Config().with_options(**options))
    return Report(files=[file_report(document, result)], settings={})


def sarif(report: Report, cwd: str = "/repo") -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_sarif(report, cwd=cwd))
    return log


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = log["runs"][0]["results"]
    return found


def region_text(text: str, region: dict[str, int]) -> str:
    """What a region's charOffset/charLength select, in a text without its BOM."""
    body = text.removeprefix("\ufeff")
    return body[region["charOffset"] : region["charOffset"] + region["charLength"]]


def line_text(text: str, start: int, end: int) -> str:
    """Lines start..end (1-based) without the last line break, as SARIF's defaults select."""
    body = text.removeprefix("\ufeff")
    lines = body.split("\n")
    # Only "\n" and "\r\n" end lines (newlineSequences); the split keeps "\r" at line ends.
    chosen = "\n".join(lines[start - 1 : end])
    return chosen.removesuffix("\r")


@pytest.mark.parametrize("case", list(CASES))
def test_golden_cases_are_valid_sarif(case: str) -> None:
    with pinned():
        validate(json.loads(render_sarif(CASES[case]())))


def test_log_shape_for_code_scanning() -> None:
    with pinned():
        log = json.loads(render_sarif(CASES["examples"]()))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dedup" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == ["DUP001", "DUP002", "DUP003", "DUP010"]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["newlineSequences"] == ["\r\n", "\n"]
    assert {r["ruleId"] for r in run["results"]} == {"DUP001", "DUP002"}
    for result in run["results"]:
        assert result["level"] == "warning"
        assert "[" in result["message"]["text"] and "](1)" in result["message"]["text"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("examples/") and "\\" not in uri
        region = location["physicalLocation"]["region"]
        assert 1 <= region["startLine"] <= region["endLine"]
        (related,) = result["relatedLocations"]
        assert related["id"] == 1
        assert related["physicalLocation"]["artifactLocation"]["uri"] == uri
        assert related["physicalLocation"]["region"]["startLine"] == result["properties"]["first"]["lines"]["start"]
        assert set(result["partialFingerprints"]) == {"primaryLocationLineHash", FINGERPRINT_KEY}


def test_output_has_no_timestamp_or_absolute_path() -> None:
    with pinned():
        text = render_sarif(CASES["examples"]())
    assert str(Path.cwd()) not in text and "file://" not in text
    for key in ("startTimeUtc", "endTimeUtc", "timeUtc"):
        assert key not in text


def test_regions_select_exactly_the_removed_paragraphs() -> None:
    with pinned():
        report = CASES["examples"]()
    checked = 0
    for file in report.files:
        log = sarif(Report(files=[file]))
        for result, located in zip(results(log), file.findings, strict=True):
            f = located.finding
            for where, (start, end) in (
                (result["locations"][0], (f.line_start, f.line_end)),
                (result["relatedLocations"][0], (f.source_line_start, f.source_line_end)),
            ):
                region = where["physicalLocation"]["region"]
                assert (region["startLine"], region["endLine"]) == (start, end)
                if "charOffset" in region:
                    assert region_text(file.original, region) == line_text(file.original, start, end)
                    checked += 1
                last = line_text(file.original, end, end)
                assert region["startColumn"] == 1 and region["endColumn"] == len(last) + 1
    assert checked > 20


def test_crlf_and_byte_order_mark() -> None:
    text = "\ufeffTitle\r\n\r\n" + BODY.replace("\n", "\r\n") + "\r\nSource\r\n\r\n" + BODY.replace("\n", "\r\n")
    report = report_of("bom.txt", text)
    (result,) = results(sarif(report))
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region_text(text, region) == BODY.rstrip("\n")
    related = result["relatedLocations"][0]["physicalLocation"]["region"]
    assert region_text(text, related) == BODY.rstrip("\n")
    # Line 1 holds the BOM; its columns do not count it.
    first_line = report_of("bom1.txt", "\ufeff" + BODY + "\n" + BODY)
    (result,) = results(sarif(first_line))
    related = result["relatedLocations"][0]["physicalLocation"]["region"]
    assert related["charOffset"] == 0 and related["endColumn"] == len(BODY)


def test_no_char_offsets_after_a_character_beyond_the_bmp() -> None:
    # Code points and UTF-16 code units disagree after U+1F600, so offsets are left out
    # (lines and columns stay: columnKind says they count code points).
    text = "Emoji \U0001f600 title\n\n" + BODY + "\n" + BODY
    (result,) = results(sarif(report_of("emoji.txt", text)))
    region = result["locations"][0]["physicalLocation"]["region"]
    assert "charOffset" not in region and region["startLine"] == 5
    clean = "Plain title\n\n" + BODY + "\n" + BODY + "\nThe end \U0001f600\n"  # (after both copies)
    (result,) = results(sarif(report_of("emoji_after.txt", clean)))
    assert "charOffset" in result["relatedLocations"][0]["physicalLocation"]["region"]


def test_a_lone_carriage_return_is_not_a_line_break() -> None:
    text = "Title\rsame line\n\n" + BODY + "\n" + BODY
    (result,) = results(sarif(report_of("cr.txt", text)))
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 5
    assert region_text(text, region) == BODY.rstrip("\n")


def test_fingerprints_are_stable_and_follow_the_normal_form() -> None:
    text = "Title\n\n" + BODY + "\nSource\n\n" + BODY + "\nMore\n\n" + BODY
    first = sarif(report_of("a.txt", text))
    moved = sarif(report_of("a.txt", "Another title\n\nAn intro line.\n\n" + text))
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results(first)]
    assert prints == [r["partialFingerprints"][FINGERPRINT_KEY] for r in results(moved)]
    # The same passage removed twice from one file: two alerts, told apart by a counter.
    digest = fingerprint(BODY)
    assert prints == [f"{digest}:1", f"{digest}:2"]
    assert [r["partialFingerprints"]["primaryLocationLineHash"] for r in results(first)] == [
        f"{digest[:16]}:1",
        f"{digest[:16]}:2",
    ]
    # The normal form absorbs spacing, case, quotes and line breaks.
    assert fingerprint("The “council”  approved\r\nit") == fingerprint('the "council" approved it')
    assert fingerprint("Budget of 12 million") != fingerprint("Budget of 21 million")


def test_near_repeat_is_dup002_and_keeps_its_score() -> None:
    with pinned():
        log = json.loads(render_sarif(dedup.batch.run(["examples/en_light_edit.txt"], dedup.Config())))
    (result,) = results(log)
    assert result["ruleId"] == "DUP002"
    assert result["properties"]["kind"] == "near" and 0.9 <= result["properties"]["score"] < 1
    assert "near, similarity 0.92" in result["message"]["text"]


def test_cross_document_repeat_is_dup003_with_the_other_file_as_related_location() -> None:
    with pinned():
        report = CASES["corpus"]()
        log = json.loads(render_sarif(report))
    index, number, source = cross_document(report)
    file, first = report.files[index - 1], report.files[source - 1]
    (result,) = [r for r in results(log) if r["ruleId"] == "DUP003"]
    f = file.findings[number - 1].finding
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == file.path
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == f.line_start
    related = result["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == first.path
    lines = (related["region"]["startLine"], related["region"]["endLine"])
    assert lines == (f.source_line_start, f.source_line_end)
    assert region_text(first.original, related["region"]) == line_text(first.original, *lines)
    where = f"{'line' if lines[0] == lines[1] else 'lines'} {lines[0]}-{lines[1]} of {first.path}"
    assert f"[{where}](1)" in result["message"]["text"]  # only [ ] \ are escaped in links


def test_documents_in_a_jsonl_shard_are_logical_locations() -> None:
    with pinned():
        log = json.loads(render_sarif(CASES["shard"]()))
    validate(log)
    for result in results(log):
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "tests/data/shard.jsonl"
        # Lines count in the document's text, not in the shard: no region for the shard.
        assert "region" not in location["physicalLocation"]
        assert location["logicalLocations"][0]["name"] in {"news-1", "news-2", "news-3"}
        assert result["message"]["text"].startswith("Document news-")


def test_first_occurrence_in_a_document_outside_the_report() -> None:
    # With an index, the first occurrence can be in a document of an earlier run.
    file = report_of("b.txt", BODY + "\n" + BODY).files[0]
    located = file.findings[0]
    elsewhere = replace(located, finding=replace(located.finding, source_document="earlier.txt"))
    log = sarif(Report(files=[replace(file, findings=(elsewhere,))]))
    validate(log)
    (result,) = results(log)
    assert result["ruleId"] == "DUP003"
    related = result["relatedLocations"][0]
    assert "physicalLocation" not in related
    assert "earlier.txt line 1" in related["message"]["text"]


def test_errors_become_tool_execution_notifications() -> None:
    with pinned():
        log = json.loads(render_sarif(CASES["errors"]()))
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "no such file" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/no_such_file.txt"


def test_uris_are_relative_posix_and_percent_encoded() -> None:
    assert artifact_uri("docs/a b.txt", cwd="/repo") == "docs/a%20b.txt"
    assert artifact_uri("/repo/docs/ü[1].txt", cwd="/repo") == "docs/%C3%BC%5B1%5D.txt"
    assert artifact_uri("./docs/../x%.txt", cwd="/repo") == "x%25.txt"
    assert artifact_uri("/elsewhere/x.txt", cwd="/repo") == "file:///elsewhere/x.txt"
    assert artifact_uri("../x.txt", cwd="/repo/sub") == "file:///repo/x.txt"
    assert artifact_uri("<stdin>", cwd="/repo") == "%3Cstdin%3E"
    assert display_path("/repo", cwd="/repo") == "."
    assert display_path("/repository/x", cwd="/repo") == "/repository/x"  # not inside /repo


def test_paths_are_relative_to_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "docs" / "a.txt"
    doc.parent.mkdir()
    doc.write_text(BODY + "\n" + BODY, encoding="utf-8")
    report = dedup.batch.run([str(doc)], dedup.Config())
    monkeypatch.chdir(tmp_path)
    (result,) = results(json.loads(render_sarif(report)))
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/a.txt"


def test_message_wording() -> None:
    report = report_of("a.txt", BODY + "\n" + BODY)
    located = report.files[0].findings[0]
    assert repeat_message(located) == "Repeat of line 1 (exact, 1 paragraph, 78 bytes)"
    assert repeat_message(located, link=True) == "Repeat of [line 1](1) (exact, 1 paragraph, 78 bytes)"
    odd = replace(located, finding=replace(located.finding, source_document="dir/[draft] a\\b.txt"))
    linked = repeat_message(odd, link=True)
    assert linked == "Repeat of [line 1 of dir/\\[draft\\] a\\\\b.txt](1) (exact, 1 paragraph, 78 bytes)"


def test_empty_report() -> None:
    log = json.loads(render_sarif(Report()))
    validate(log)
    assert log["runs"][0]["results"] == []


def test_the_schema_check_catches_an_invalid_log() -> None:
    with pinned():
        log = json.loads(render_sarif(CASES["examples"]()))
    del results(log)[0]["message"]
    results(log)[1]["level"] = "fatal"
    with pytest.raises(AssertionError, match=r"message|fatal"):
        validate(log)


def test_a_parquet_row_has_its_row_group_and_row_in_both_locations() -> None:
    notice = "The tide tables for the harbour are posted by the door of the harbour office each Monday."
    report = report_of("shard.parquet", f"{notice}\n\nThe pier is closed.\n\n{notice}\n")
    row = replace(report.files[0], document="doc-4", position=(1, 1))
    log = sarif(Report(files=[row], settings={}))
    validate(log)
    (result,) = results(log)
    for location in (result["locations"][0], result["relatedLocations"][0]):
        assert location["logicalLocations"] == [{"name": "doc-4"}]
        assert location["properties"] == {"row_group": 1, "row": 1}
    assert result["message"]["text"].startswith("Document doc-4 (row group 1, row 1), ")
