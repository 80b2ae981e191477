"""Structure a removal may not break (issue #13, class 4: exact repeats that belong
where they stand). Every text here was written for this test."""

from __future__ import annotations

import pytest

import dedup
from dedup.text.nesting import parents
from dedup.text.sections import Structure
from dedup.text.width import indent

CHANGELOG = """\
mytool (2.1-1) unstable; urgency=medium

  * New upstream release, with the long awaited support for the new format.
  * Fix the build on big-endian machines where the tests used to time out.

 -- Ada Example <ada@example.org>  Mon, 02 Mar 2026 10:00:00 +0000

mytool (2.1~rc1-1) experimental; urgency=medium

  * New upstream release, with the long awaited support for the new format.
  * Fix the build on big-endian machines where the tests used to time out.

 -- Ada Example <ada@example.org>  Mon, 09 Feb 2026 10:00:00 +0000
"""

IDS = """\
1a2b  Example Devices Corporation of the Northern Coast
\t0001  Storage controller, first series with the wide bus
\t\t1a2b 0101  Storage controller, first series, 2 ports and a fan
\t0002  Storage controller, second series with the wide bus
\t\t1a2b 0101  Storage controller, first series, 2 ports and a fan
"""

MANPAGE = """\
NAME
       tool - does a thing with files that are given to it

COMMANDS
   copy
       --verbose
              Print every file name as it is handled, and a summary at the end.

   move
       --verbose
              Print every file name as it is handled, and a summary at the end.
"""

LICENCES = """\
Files: src/*
Copyright: 2020 Ada Example
License: Example-1
 Redistribution and use in source and binary forms are permitted provided
 that the above notice is kept in every copy of the work and its parts.

Files: lib/*
Copyright: 2021 Other Example
License: Example-1
 Redistribution and use in source and binary forms are permitted provided
 that the above notice is kept in every copy of the work and its parts.
"""


@pytest.mark.parametrize("text", [CHANGELOG, IDS, MANPAGE, LICENCES], ids=["changelog", "ids", "manpage", "licences"])
def test_a_child_repeated_under_another_parent_stays(text: str) -> None:
    assert dedup.clean(text).text == text


@pytest.mark.parametrize("text", [CHANGELOG, IDS, MANPAGE, LICENCES], ids=["changelog", "ids", "manpage", "licences"])
def test_a_whole_doubled_structured_file_still_goes(text: str) -> None:
    doubled = text + "\nExample Site. net\n\n" + text
    assert dedup.clean(doubled).text == text + "\nExample Site. net\n"


def test_a_parent_does_not_go_without_its_children() -> None:
    # the vendor line repeats, each time with other devices under it
    text = (
        "1a2b  Example Devices Corporation of the Northern Coast\n"
        "\t0001  Storage controller\n"
        "1a2b  Example Devices Corporation of the Northern Coast\n"
        "\t0002  Network controller\n"
    )
    assert dedup.clean(text, unit="line").text == text


def test_an_entry_does_not_lose_its_head_and_first_items_to_an_earlier_copy() -> None:
    """The same version's header and first item stand twice (a second upload of it),
    each with its own trailer: removing the second header and item left its other
    item and trailer under the entry before (seen in a Debian changelog, session 10)."""
    text = (
        "mytool (2.1-2) unstable; urgency=medium\n\n"
        "  * Disable the optional plugins on the slow architectures for now.\n"
        "  * Ship the shell completion files in the main package again.\n\n"
        " -- Ada Example <ada@example.org>  Tue, 03 Mar 2026 10:00:00 +0000\n\n"
        "mytool (2.1-1) unstable; urgency=medium\n\n"
        "  * New upstream release, with the long awaited support for the new format.\n\n"
        " -- Ada Example <ada@example.org>  Mon, 02 Mar 2026 10:00:00 +0000\n\n"
        "mytool (2.1-2) unstable; urgency=medium\n\n"
        "  * Disable the optional plugins on the slow architectures for now.\n\n"
        " -- Other Example <other@example.org>  Sun, 01 Mar 2026 10:00:00 +0000\n"
    )
    assert dedup.clean(text).text == text
    # the whole entry twice, trailer and all, still goes
    entry = text[: text.index("mytool (2.1-1)")]
    assert dedup.clean(entry + entry).text == entry


MANUAL_STEPS = """\
       The start function performs the following:

       *    Checks that the widget is a subclass of the shell class it needs.

       *    Generates an error if the popped_up field of the shell is already set.

       *    Calls the procedures on the callback list of the shell, in order.

       *    Maps the window of the widget and raises it above its siblings.

       When the widget is started from a key press, the following actions occur:

       *    Checks that the widget is a subclass of the shell class it needs.

       *    Generates an error if the popped_up field of the shell is already set.

       *    Calls the procedures on the callback list of the shell, in order.

       *    Grabs the keyboard until the widget is released by the caller.
"""


def test_the_first_steps_of_another_procedure_stay() -> None:
    """The steps one function performs are not a repeat of another's, though their
    first three are the same (seen in a man page, XtPopup(3), session 10)."""
    assert dedup.clean(MANUAL_STEPS).text == MANUAL_STEPS


def test_a_whole_list_pasted_after_other_text_still_goes() -> None:
    menu = "- Home page of the example site\n- Archive of every past issue\n- Contact the editors here\n"
    text = f"First paragraph of the story, long enough to be one.\n\n{menu}\nSecond paragraph, other words.\n\n{menu}"
    assert dedup.clean(text).text == f"First paragraph of the story, long enough to be one.\n\n{menu}\nSecond paragraph, other words.\n"


KEYS = """\
       In the search menu these keys can be used:

       <Tab>  Move to the next field of the search form.

       ^b     Go back to the field before and search again.

       !      Open a shell in the current folder (type exit to come back).

       ^l     Draw the whole screen again.

       ?      Show the help page for the keys of this menu.

       When marking lines to change, these keys can be used:

       <Space>
              Show the next page of marked lines.

       a      Mark every line on this page, or unmark them all.

       !      Open a shell in the current folder (type exit to come back).

       ^l     Draw the whole screen again.

       ?      Show the help page for the keys of this menu.
"""


def test_the_same_keys_of_another_menu_stay() -> None:
    """Tagged paragraphs (a man page's keys or options) are list items: the last keys
    of one menu are not a repeat of another menu's (seen in cscope(1), session 11)."""
    assert dedup.clean(KEYS).text == KEYS
    # the whole menu pasted again still goes
    assert dedup.clean(KEYS + "\n" + KEYS).text == KEYS


# Two grants of one licence, each quoted between lines of three quotes; the second's
# notice shares its unit with the grant (no blank line between them).
GRANTS = '''The first part is yours on these terms:

"""
Copyright Example Labs. All rights reserved.

Permission is granted to anyone to use this program for any purpose, subject to the
conditions below:

Keep this notice, the list of conditions and the disclaimer with every copy you make.

THE PROGRAM COMES WITH NO WARRANTY OF ANY KIND, AND NO AUTHOR IS LIABLE FOR ANYTHING.
"""

The second part is theirs:

"""
Copyright Sample Works and other contributors.
Permission is granted to anyone to use this program for any purpose, subject to the
conditions below:

Keep this notice, the list of conditions and the disclaimer with every copy you make.

THE PROGRAM COMES WITH NO WARRANTY OF ANY KIND, AND NO AUTHOR IS LIABLE FOR ANYTHING.
"""
'''


def test_a_licence_quoted_under_another_notice_stays() -> None:
    """A unit that opens with a delimiter line (three quotes) and then a copyright
    notice heads what follows it: the second grant's conditions and disclaimer are
    that holder's, not a repeat (seen in a Debian copyright file, session 13)."""
    assert dedup.clean(GRANTS).text == GRANTS
    assert dedup.clean(GRANTS + "\n" + GRANTS).text == GRANTS


TITLED = """\
Licence of the tools
----------------------------------------------------------------
 Copyright (C) 2001 Example Labs. All Rights Reserved.

Anyone may use, copy and change these files, as long as this notice stays with them.

THE FILES COME WITH NO WARRANTY OF ANY KIND, AND NO AUTHOR IS LIABLE FOR ANYTHING.

Licence of the library
----------------------------------------------------------------
 Copyright (C) 2003 Sample Works and Example Labs.
 All Rights Reserved.

Anyone may use, copy and change these files, as long as this notice stays with them.

THE FILES COME WITH NO WARRANTY OF ANY KIND, AND NO AUTHOR IS LIABLE FOR ANYTHING.
"""


def test_a_licence_under_a_titled_notice_stays() -> None:
    """A title, a rule of dashes and a notice of two lines is a short unit that opens
    with a notice (the rule is no line of words): it heads its licence (seen in a
    Debian copyright file, session 13)."""
    assert dedup.clean(TITLED).text == TITLED


INTRODUCED = """\
To build the program:

Run the configure script, then make, then make install as root.

To build the documentation instead:

Run the configure script, then make, then make install as root.
"""


def test_a_run_two_colons_introduce_stays() -> None:
    """A unit that ends with a colon introduces the one after it: the same steps under
    two introductions are two lists of steps, and taking the second would leave its
    introduction over nothing."""
    assert dedup.clean(INTRODUCED).text == INTRODUCED
    # introduced the same way as its copy, it goes; and a document whose last
    # paragraph ends with a colon, doubled, comes back whole
    steps = "To build it:\n\nRun the configure script, then make, then make install as root.\n"
    assert dedup.clean(steps + "\nThen.\n\n" + steps).text == steps + "\nThen.\n"
    doubled = "Run the configure script, then make, then make install as root.\n\nWarning:\n"
    assert dedup.clean(doubled + "\n" + doubled).text == doubled


BOARDS = """\
Options for the first board:

-EB\t\tbuild the code and the data for a processor with the big-endian byte order

-EL\t\tbuild the code and the data for a processor with the little-endian byte order

Options for the second board:

-D, --debug LEVEL       print the debugging messages of the assembler at this level

-EB                     build the code and the data for a processor with the big-endian byte order
"""


# The same options under two boards (the repeat is what the test is about).
BOARD = """\
The following options are available on the {} board.

-fpic
-fPIC
    Make position-independent code.

-fno-pic
    Make no position-independent code (the default).
"""
PIC = (
    BOARD.format("first")
    + "\n"
    + BOARD.format("second")
    + "\n-march=ISA\n    Choose the instruction set of the code that the assembler writes.\n"
)


def test_the_same_option_alone_under_another_board_stays() -> None:
    """A copy's list is its opening even when it lists one item: -fno-pic, the only
    tagged option under the first board (its -fpic and -fPIC are short lines), is
    another board's under the second (seen in as(1), session 13)."""
    assert dedup.clean(PIC).text == PIC
    assert dedup.clean(PIC + "\n" + PIC).text == PIC


def test_the_same_option_of_another_list_stays() -> None:
    """An option list laid out with tabs, or with an option's argument before the gap,
    is a list too: the same option under another program or board is structure (seen
    in assembler and useradd help texts of real catalogues, session 12)."""
    assert dedup.clean(BOARDS).text == BOARDS
    assert dedup.clean(BOARDS + "\n" + BOARDS).text == BOARDS


METHODS = """\
       get_mode(): This method asks the converter which mode it is in, and
       returns its name, or undef if the converter was never set up.

       This method should be considered experimental.

       set_mode(): This method sets the mode of the converter, which then
       holds until the converter is freed or the mode is set again.

       This method should be considered experimental.
"""


def test_a_sentence_under_another_function_stays() -> None:
    """A paragraph that opens with a function's name and a colon heads the paragraphs
    describing it: the same sentence under another function is that function's (seen
    in Text::Iconv(3pm), session 11)."""
    assert dedup.clean(METHODS).text == METHODS
    # the whole description pasted again still goes
    assert dedup.clean(METHODS + "\n" + METHODS).text == METHODS


def test_unindented_boilerplate_still_goes() -> None:
    notice = "We use cookies to remember your settings and to understand which pages are read."
    text = f"First paragraph of the story, long enough to be a paragraph.\n\n{notice}\n\nSecond one.\n\n{notice}\n"
    assert dedup.clean(text).text == f"First paragraph of the story, long enough to be a paragraph.\n\n{notice}\n\nSecond one.\n"


def test_indents_and_parents() -> None:
    assert [indent(x) for x in ("a", "  a", "\ta", " \ta", "\t\ta")] == [0, 2, 8, 8, 16]
    assert parents([0, 4, 8, 4, 0, 4]) == [-1, 0, 1, 0, -1, 4]
    assert parents([3, 3, 3]) == [-1, -1, -1]  # an indented document has no parents


@pytest.mark.parametrize(
    ("kinds", "start", "length", "source", "expected"),
    [
        (["heading", "prose", "heading", "prose"], 3, 1, 1, True),  # under another heading
        (["heading", "prose", "prose", "heading"], 2, 1, 1, False),  # a duplicate in its own section
        (["heading", "prose", "heading", "prose"], 2, 2, 0, False),  # heading and section go together
        (["prose", "heading", "prose", "heading"], 3, 1, 1, True),  # a heading alone
        (["short"] * 6, 3, 2, 0, True),  # two short lines
        (["short"] * 6, 3, 3, 0, False),  # three go
        (["prose", "prose"], 1, 1, 0, False),  # no heading: no section
        (["heading", "prose", "prose", "heading", "prose", "prose"], 3, 2, 0, True),  # the section's rest left
        (["prose", "item", "item", "item", "prose", "item", "item", "item"], 5, 2, 1, True),  # part of another list
        (["prose", "item", "item", "prose", "item", "item"], 4, 2, 1, False),  # a whole list again
        (["prose", "item", "item", "item", "item"], 3, 2, 1, False),  # items twice in one list
        (["prose", "item", "item", "prose", "item", "item"], 3, 2, 1, True),  # an opening without its items
    ],
)
def test_structure_rules(kinds: list[str], start: int, length: int, source: int, expected: bool) -> None:
    assert Structure(kinds).refuses(start, length, source) is expected


def test_a_duplicate_under_the_same_parent_goes() -> None:
    item = "  * Fix the build on big-endian machines where the tests used to time out."
    entry = "mytool (2.1-1) unstable; urgency=medium\n\n  * New upstream release.\n{}\n{}\n"
    assert dedup.clean(entry.format(item, item), unit="line").text == entry.format(item, "")[:-1]


def test_the_same_answer_under_each_heading_stays() -> None:
    answer = "Dial the short number and ask for the roaming desk; they reset it within the hour."
    faq = f"# Roaming\n\n## First Operator\n\n{answer}\n\n## Second Operator\n\n{answer}\n"
    assert dedup.clean(faq, syntax="markdown").text == faq
    kinds = ["heading", "heading", "prose", "heading", "prose"]
    structure = Structure(kinds)
    assert structure.refuses(4, 1, 2)  # what the engine asks once the layout marks headings



def test_a_body_doubled_below_a_rule_goes() -> None:
    body = (
        "The ferry will run through the winter for the first time this year, the council said.\n\n"
        "Islanders on the northern half no longer need to drive around the bay to reach the school.\n"
    )
    text = body + "\n* * *\n\n" + body
    assert dedup.clean(text).text == body + "\n* * *\n"


def test_a_subheading_and_its_text_under_another_version_stay() -> None:
    raws = ["# Changes", "## 2.1", "### Added", "Support for the new format.", "## 2.0", "### Added", "Support for the new format."]
    kinds = ["heading", "heading", "heading", "prose", "heading", "heading", "prose"]
    structure = Structure(kinds, raws)
    assert structure.refuses(5, 2, 2)  # its parent is "## 2.0", its copy's "## 2.1"
    assert not structure.refuses(4, 3, 1)  # the whole version section, heading and all


def test_a_refrain_stays_where_it_stands() -> None:
    refrain = "And the river keeps its promise to the valley, year after year."
    verses = [f"Verse {word}: the {word} of the morning came down to the water." for word in ("one", "two", "three")]
    text = "".join(f"{verse}\n\n{refrain}\n\n" for verse in verses)
    assert dedup.clean(text).text == text
    # a paragraph pasted three times side by side is no refrain
    pasted = f"{verses[0]}\n\n{refrain}\n\n{refrain}\n\n{refrain}\n\n{verses[1]}\n"
    assert dedup.clean(pasted).text == f"{verses[0]}\n\n{refrain}\n\n{verses[1]}\n"
    # and twice is a repeat (a notice pasted between paragraphs)
    twice = "".join(f"{verse}\n\n{refrain}\n\n" for verse in verses[:2])
    assert dedup.clean(twice).text == f"{verses[0]}\n\n{refrain}\n\n{verses[1]}\n\n"


# Short messages that differ by a letter making another word, as real catalogues'
# messages do (session 16: setuid / setgid, au-dessus / au-dessous, Alle / Alte,
# standaardinvoer / standaarduitvoer: input / output).
LONE_SLIPS = [
    ("Could not drop the setgid bit of the new file.", "Could not drop the setuid bit of the new file."),
    ("La légende est placée au-dessus de la photo.", "La légende est placée au-dessous de la photo."),
    ("Alle Dateien des Projekts wurden gelöscht.", "Alte Dateien des Projekts wurden gelöscht."),
    ("Kan het standaardinvoer van dit proces niet lezen.", "Kan het standaarduitvoer van dit proces niet lezen."),
]
BETWEEN = "A message in between, of other words entirely."


@pytest.mark.parametrize(("first", "second"), LONE_SLIPS)
def test_a_short_near_copy_alone_with_a_word_slipped_stays(first: str, second: str) -> None:
    text = f"{first}\n\n{BETWEEN}\n\n{second}\n"
    assert dedup.clean(text, min_chars=20).text == text
    raws = [first, BETWEEN, second]
    assert Structure(["prose"] * 3, raws, [r.lower() for r in raws]).refuses(2, 1, 0)


def test_short_near_copies_with_the_same_word_changed_in_each_stay() -> None:
    """Two short messages whose copies have ``codes`` for ``cores``, each: the same
    change twice is another word; two typos in two places are a copy."""
    body = "Each of the cores reports its load.\n\nOne of the cores stopped reporting.\n"
    changed = body.replace("cores", "codes")
    text = f"{body}\n{BETWEEN}\n\n{changed}"
    assert dedup.clean(text).text == text
    typos = body.replace("cores reports", "croes reports").replace("stopped", "stoped")
    assert dedup.clean(f"{body}\n{BETWEEN}\n\n{typos}").text == f"{body}\n{BETWEEN}\n"
    # a long paragraph with a word changed so, twice, is still a copy
    long = "The cores report their load every second, and the scheduler moves the waiting work to the idle ones."
    body = f"{long}\n\n{long.replace('second', 'minute')}\n"
    assert dedup.clean(f"{body}\n{BETWEEN}\n\n{body.replace('cores', 'codes')}").text == f"{body}\n{BETWEEN}\n"


def test_a_short_near_copy_with_its_words_or_in_a_run_goes() -> None:
    notice = "We use cookies to make this site work; see the policy."
    # the same words, punctuation aside: a copy
    text = f"{notice}\n\nThe article goes on here, in other words.\n\n{notice[:-1]}!\n"
    assert dedup.clean(text).text == f"{notice}\n\nThe article goes on here, in other words.\n"
    # a slip with a neighbour matching exactly: a run of two, a copy
    body = f"{notice}\n\nThe ferry runs through the winter this year, the council says.\n"
    slipped = body.replace("cookies", "cokoies")
    assert dedup.clean(f"{body}\n{slipped}").text == body
    # a longer paragraph alone with a slip: a copy
    long = "Rain is expected across the north of the country on Saturday, with 20 mm in places."
    assert dedup.clean(f"{long}\n\n{long.replace('across', 'acros')}\n").text == f"{long}\n"


COPYRIGHTS = """\
Copyright 1991 Example Group

Permission to use, copy and share this software is granted, provided that this
notice stands in every copy and in the documentation that goes with it.

Copyright 1996 Other Example Labs

Permission to use, copy and share this software is granted, provided that this
notice stands in every copy and in the documentation that goes with it.
"""


def test_a_licence_under_another_copyright_line_stays() -> None:
    assert dedup.clean(COPYRIGHTS).text == COPYRIGHTS
    doubled = COPYRIGHTS + "\nExample Site. net\n\n" + COPYRIGHTS
    assert dedup.clean(doubled).text == COPYRIGHTS + "\nExample Site. net\n"


@pytest.mark.parametrize(
    "notice",
    [
        "The examplelib library is licensed under these terms:\n\n    examplelib - Copyright (c) 1998 Other Labs",
        "    Other Widgets v 2.1\n    Copyright Other Widgets Foundation and contributors",
    ],
)
def test_a_licence_under_a_notice_inside_a_line_stays(notice: str) -> None:
    # the notice is not the line's opening words, but it still heads the licence under it
    text = COPYRIGHTS.split("\n\nCopyright 1996")[0] + "\n\n" + notice + "\n\n" + (
        "    Permission to use, copy and share this software is granted, provided that this\n"
        "    notice stands in every copy and in the documentation that goes with it.\n"
    )
    assert dedup.clean(text).text == text


@pytest.mark.parametrize("label", ["lib/other/src/:\nlib/other/doc/:", "(12) Other Example Labs (one board only)", "[2b]"])
def test_a_licence_under_another_label_stays(label: str) -> None:
    # a list of paths, a numbered title or a bracketed tag heads the notice under it
    notice = COPYRIGHTS.split("\n\nCopyright 1996")[0]
    first = "lib/example/src/:" if "/" in label else "(11) Example Group" if "(" in label else "[2a]"
    text = f"{first}\n\n{notice}\n\n{label}\n\n{notice}\n"
    assert dedup.clean(text).text == text


def test_the_same_fields_under_another_files_stanza_stay() -> None:
    """Debian copyright stanzas whose long lines lay them out one unit a line: the same
    Copyright and License lines under another Files field belong to those files."""
    holder = "Copyright: Copyright (c) 2009 The Example Authors. All rights reserved. Use of this source is governed by a licence."
    stanzas = "".join(f"Files: src/part{k}/*\n{holder}\nLicense: BSD-3-clause\n\n" for k in range(3))
    assert dedup.clean(stanzas).text == stanzas
    doubled = stanzas + "Example Site. net\n\n" + stanzas
    assert dedup.clean(doubled).text == stanzas + "Example Site. net\n\n"


# A catalogue's plural forms, one message a line (a Serbian catalogue, session 18):
# "параметар" / "параметра" is a swap of the last two letters, "параметра" /
# "параметара" a letter put in: each alone a slip, the three together forms of one word.
FORMS = [
    "У смерници број %u, дато је превише параметара; очекивах највише %u параметар.",
    "У смерници број %u, дато је превише параметара; очекивах највише %u параметра.",
    "У смерници број %u, дато је превише параметара; очекивах највише %u параметара.",
]


def test_three_forms_of_a_word_in_one_message_stay() -> None:
    text = "\n\n".join([BETWEEN, *FORMS, "Обавештајни излаз:"]) + "\n"
    assert dedup.clean(text).text == text
    raws = [BETWEEN, *FORMS]
    structure = Structure(["prose"] * 4, raws, [r.lower() for r in raws])
    assert structure.refuses(2, 1, 1) and structure.refuses(3, 1, 2)
    # two forms alone are a copy with a slip: the rule asks for the third
    assert not Structure(["prose"] * 3, raws[:3], [r.lower() for r in raws[:3]]).refuses(2, 1, 1)


def test_a_third_message_with_another_word_there_is_no_form() -> None:
    """Typos of a word in two messages beside a third with another word in its place
    (no shared stem): the typo'd copy still goes."""
    first = "The archive holds the settings of every profile on this machine, and the keys of each."
    typo = first.replace("settings", "setitngs")
    other = first.replace("settings", "pictures")
    text = f"{first}\n\n{typo}\n\n{other}\n"
    assert dedup.clean(text).text == f"{first}\n\n{other}\n"


SENTENCE_AROUND = """\
EXAMPLES
       To give a user the view role, run:

         $ mytool grant --role=view --user=ada@example.org PROJECT

       and the user can read every bucket of the project.

       ---

       To take the role back from a user who also holds the edit role, run:

         $ mytool revoke --role=view --user=ada@example.org PROJECT

       ---

       The same command:

         $ mytool revoke --role=view --user=ada@example.org PROJECT

       assuming the user holds no other role, also removes the user's bindings.

       ---

       The same command:

         $ mytool revoke --role=view --user=ada@example.org PROJECT

       assuming the user holds the owner role, leaves the user's bindings in place.
"""


def test_the_head_of_a_sentence_around_a_display_stays_with_its_tail() -> None:
    """A sentence that runs around a command ("The same command: <command> assuming
    ...") is one sentence: taking its head and the command, a copy of another
    example's, would leave "assuming the user holds the owner role" to the sentence
    before it."""
    assert dedup.clean(SENTENCE_AROUND).text == SENTENCE_AROUND
    # the whole example, its tail too, goes when it repeats
    twice = SENTENCE_AROUND.replace("holds the owner role, leaves the user's bindings in place", "holds no other role, also removes the user's bindings")
    cleaned = dedup.clean(twice).text
    assert cleaned.count("The same command:") == 1 and cleaned.count("assuming") == 1


@pytest.mark.parametrize(
    ("head", "tail"),
    [
        ("The same command.", "assuming the user holds the owner role, leaves the bindings."),  # no colon
        ("The same command:", "Assuming the user holds the owner role, it leaves the bindings."),  # a new sentence
    ],
)
def test_a_display_between_two_sentences_goes(head: str, tail: str) -> None:
    """Without a colon before the display, or with a capital after it, the text
    around the display is two sentences: the repeated head and command go."""
    example = f"       {head}\n\n         $ mytool revoke --role=view --user=ada@example.org PROJECT\n\n"
    other = "       Something else entirely is said here, at some length.\n\n"
    text = "EXAMPLES\n" + other + example + other.replace("Something", "Another thing") + example + f"       {tail}\n"
    assert dedup.clean(text).text.count("mytool revoke") == 1


def test_structure_beheads_only_with_the_tail_staying() -> None:
    raws = ["Run:", "  $ make", "then install it.", "Run:", "  $ make", "then install it."]
    kinds = ["prose", "line", "prose", "prose", "line", "prose"]
    structure = Structure(kinds, raws, [r.strip() for r in raws])
    assert structure.refuses(3, 2, 0)  # "then install it." left after the run
    assert not structure.refuses(3, 3, 0)  # the whole sentence
    structure.remove(5, 1)
    assert not structure.refuses(3, 2, 0)  # its tail taken before
