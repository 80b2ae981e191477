"""Records of fields (dedup.text.fields): a run that takes some of a record's
`Name: value` lines stays; a whole record repeated goes."""

from __future__ import annotations

import pytest
from reference import reference_passes

import dedup
from dedup.text.fields import is_field

STANZAS = """\
Types: deb
URIs: http://mirror.example.invalid/archive
Suites: stable
Components: main

The same source again, this time for two architectures only, is the stanza below.

Types: deb
URIs: http://mirror.example.invalid/archive
Suites: stable
Components: main
Architectures: amd64 arm64
"""

@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Types: deb\n", True),
        ("    URIs: http://mirror.example.invalid/archive\r\n", True),
        ("X-Mailer: Example 1.0", True),
        ("Signed-By: /usr/share/keyrings/example.gpg\n", True),
        ("Types:\n", False),  # no value
        ("Types: deb\nURIs: http://x.invalid\n", False),  # two lines: a unit of its own kind
        ("http://mirror.example.invalid/archive\n", False),  # no space after the colon
        ("A sentence: with a colon later on it.\n", False),  # a space in the name
        ("12: a numbered line\n", False),  # a name opens with a letter
    ],
)
def test_is_field(raw: str, expected: bool) -> None:
    assert is_field(raw) is expected


def test_a_record_that_opens_with_another_records_fields_stays() -> None:
    """The second stanza's first four fields repeat the first stanza's, and it has a
    fifth: taking the four would leave the fifth alone under the sentence before."""
    assert dedup.clean(STANZAS).text == STANZAS
    assert reference_passes(STANZAS)[0] == STANZAS
    # its own field first: the four after it are still that record's
    second = STANZAS.rindex("Types: deb")
    moved = STANZAS[:second] + "Architectures: amd64 arm64\n" + STANZAS[second : STANZAS.rindex("Architectures")]
    assert dedup.clean(moved).text == moved
    assert reference_passes(moved)[0] == moved


def test_a_whole_record_repeated_goes() -> None:
    """The same stanza twice, each a block of its own, is a repeat."""
    doubled = STANZAS[: STANZAS.rindex("Architectures")]
    cleaned = dedup.clean(doubled).text
    assert cleaned == doubled[: doubled.rindex("\nTypes")]
    assert reference_passes(doubled)[0] == cleaned


def test_a_field_after_a_blank_line_is_another_record() -> None:
    """A blank line ends a record: the fifth field in a block of its own does not hold
    the four back."""
    apart = STANZAS.replace("Components: main\nArchitectures", "Components: main\n\nArchitectures")
    cleaned = dedup.clean(apart).text
    assert "Architectures: amd64 arm64" in cleaned
    assert cleaned.count("Suites: stable") == 1
    assert reference_passes(apart)[0] == cleaned
