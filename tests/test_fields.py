"""Records of fields (dedup.text.fields): a run that takes some of a record's
`Name: value` lines stays; a whole record repeated goes. So for the lines of a log:
a run that takes some of them stays; a whole log repeated goes."""

from __future__ import annotations

import pytest
from reference import reference_passes

import dedup
from dedup.text.fields import is_field, log_mark

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


# A memory checker's log in a man page, each report of the same fault opening with
# the same line (written for these tests).
REPORTS = """\
==4242== Use of a value that was never set in the parser
==4242==    at 0x80484EA: parse_line (parse.c:6)
==4242==    by 0x80484EA: parse_block (parse.c:14)
==4242==    by 0x80484EA: parse_file (parse.c:20)
==4242==    by 0x80484EA: main (main.c:33)
==4242==
==4242== Use of a value that was never set in the parser
==4242==    at 0x8048550: parse_line (parse.c:6)
==4242==    by 0x8048550: read_all (parse.c:41)
==4242==    by 0x804850E: main (main.c:34)
==4242==
==4242== Use of a value that was never set in the parser
==4242==    at 0x8048520: parse_line (parse.c:6)
==4242==    by 0x8048520: main (main.c:35)
"""
PAGE = (
    "       --trace-inlined=<yes|no> [default: no]\n"
    "           With this, the checker reports the calls made through inlined\n"
    "           functions too. Here is a small program's log with it:\n\n"
    + "".join(" " * 15 + line + "\n" for line in REPORTS.splitlines())
    + "\n       --trace-children=<yes|no> [default: no]\n"
    "           When enabled, the checker follows the programs this one starts.\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("==4242==    at 0x80484EA: parse_line (parse.c:6)\n", "==4242=="),
        ("==4242==\n==4242== Use of a value\n", "==4242=="),  # every line opens with it
        ("$ make\n$ make install\n", "$"),
        (">>> print(1)\n", ">>>"),
        ("12:00:01 started\n", "12:00:01"),
        ("/org/example/Device/41: PropertiesChanged (0x5c,)\n", "/org/example/Device/41:"),  # a monitor's
        ("Copyright (C) 2004 A. Writer\n", None),  # a word: a list of holders is no log
        ("==4242== Use\n==4243== Use\n", None),  # two marks
        ("$ make\nmake: Nothing to be done.\n", None),  # a line without it
        ("  * Update the overrides\n", None),  # a list marker
        ("2. Run it\n", None),
        ("[1] See the notes\n", None),
        ("INFO: started\n", None),  # a letter: a word, not a mark
        ("", None),
    ],
)
def test_log_mark(raw: str, expected: str | None) -> None:
    assert log_mark(raw) == expected


def test_lines_of_a_log_stay() -> None:
    """The third report's first lines repeat the second's (valgrind(1) has such a log):
    taking them would leave the log with a report that has no first line."""
    assert dedup.clean(PAGE).text == PAGE
    assert reference_passes(PAGE)[0] == PAGE


def test_a_whole_log_repeated_goes_and_a_part_of_one_stays() -> None:
    once = "The run printed this log.\n\n" + REPORTS + "\nThat is all it printed.\n"
    assert dedup.clean(once).text == once
    assert reference_passes(once)[0] == once
    twice = (
        "The first run of the checker printed this log.\n\n" + REPORTS
        + "\nThe second run, on the same input, printed the same log again, below.\n\n" + REPORTS
        + "\nNothing else changed between the two runs.\n"
    )
    cleaned = dedup.clean(twice).text
    assert cleaned.count("parse_block") == 1 and cleaned.endswith("again, below.\n\nNothing else changed between the two runs.\n")
    assert reference_passes(twice)[0] == cleaned


# A bus monitor's output in a man page: the fourth signal repeats the second (written
# for these tests; gdbus(1) has such an example).
MONITOR = """\
       Watching one device on the bus:

           $ busctl monitor --system --object /org/example/Sensor/7
           Monitoring signals on object /org/example/Sensor/7 owned by org.example.Sensors
           The name org.example.Sensors is owned by :1.5
           /org/example/Sensor/7: org.example.Sensor.PropertiesChanged ({'Temperature': <byte 0x15>},)
           /org/example/Sensor/7: org.example.Sensor.PropertiesChanged ({'Temperature': <byte 0x16>},)
           /org/example/Sensor/7: org.example.Sensor.PropertiesChanged ({'Temperature': <byte 0x17>},)
           /org/example/Sensor/7: org.example.Sensor.PropertiesChanged ({'Temperature': <byte 0x16>},)

       Emitting a signal:

           $ busctl emit /org/example/Sensor/7 org.example.Sensor Reset
"""


def test_a_signal_seen_twice_in_a_monitors_log_stays() -> None:
    """Its lines open with the object's path, a mark with letters but no word."""
    assert dedup.clean(MONITOR).text == MONITOR
    assert reference_passes(MONITOR)[0] == MONITOR


# A command's synopsis with a grammar for each of its two subcommands (written for
# these tests; ip-xfrm(8) has such a page): the second grammar repeats RANGE and
# SPAN, and defines MODE as another thing.
GRAMMARS = """\
SYNOPSIS
       tool route { add | delete } RANGE [ mode MODE ] [ span SPAN ]

       RANGE := [ from ADDRESS[/LENGTH] ] [ to ADDRESS[/LENGTH] ] [ via
               DEVICE ]

       SPAN := { seconds | packets | bytes } COUNT [ soft | hard ]

       MODE := direct | relayed | mirrored

       tool rule { add | delete } RANGE [ mode MODE ] [ span SPAN ]

       RANGE := [ from ADDRESS[/LENGTH] ] [ to ADDRESS[/LENGTH] ] [ via
               DEVICE ]

       SPAN := { seconds | packets | bytes } COUNT [ soft | hard ]

       MODE := accept | reject

DESCRIPTION
       The tool keeps the routes and rules of the forwarding tables.
"""


def test_productions_repeated_in_another_grammar_stay() -> None:
    """Taking the second grammar's RANGE and SPAN would leave it defining MODE and
    nothing else."""
    assert dedup.clean(GRAMMARS).text == GRAMMARS
    assert reference_passes(GRAMMARS)[0] == GRAMMARS


def test_a_whole_grammar_repeated_goes() -> None:
    """The page doubled: its copy goes whole, grammars and all."""
    text = f"{GRAMMARS}\nExample Site. net\n\n{GRAMMARS}"
    assert dedup.clean(text).text == f"{GRAMMARS}\nExample Site. net\n"
    assert reference_passes(text)[0] == f"{GRAMMARS}\nExample Site. net\n"


# An option list whose two options take the same values, each listed under it
# (written for these tests; LLVM's tools list values so).
VALUES = """\
       --round-mode=<value>                                             -
              Choose how results are rounded

       =nearest  -   round to the nearest value

       =toward-zero
              -   drop the digits past the last one kept, whatever they are

       =upward
              -   round every result up to the next representable value

       --round-mode-f32=<value>                                         -
              Choose how results are rounded for single precision

       =nearest  -   round to the nearest value

       =toward-zero
              -   drop the digits past the last one kept, whatever they are

       =upward
              -   round every result up to the next representable value

       --verbose                                                        -
              Say more
"""


def test_the_same_values_under_two_options_stay() -> None:
    assert dedup.clean(VALUES).text == VALUES
    assert reference_passes(VALUES)[0] == VALUES


# An option that may be given more than once, shown given twice (written for these
# tests; gcloud's pages show repeatable options so).
SHORTHAND = """\
       --backup-window=BACKUP_WINDOW
          A window in which backups may run; give the option again for more.

          Shorthand Example:

            --backup-window=day=string,start={hours=int,minutes=int},duration=int,zone=string,kind=string
            --backup-window=day=string,start={hours=int,minutes=int},duration=int,zone=string,kind=string

          JSON Example:

            --backup-window='[{"day": "string", "start": {"hours": int}}]'
"""


def test_an_option_given_twice_in_an_example_stays() -> None:
    assert dedup.clean(SHORTHAND).text == SHORTHAND
    assert reference_passes(SHORTHAND)[0] == SHORTHAND
    # a paragraph pasted twice around it still goes
    notice = "Backups run in the window you give; the service picks a time inside it each day."
    text = f"{notice}\n\n{SHORTHAND}\n{notice}\n"
    assert dedup.clean(text).text == f"{notice}\n\n{SHORTHAND}"
