"""Bounded work per paragraph (issue 14, item 6; README, "The rule", "Bounded work").

Over the caps the result is the documented one (a near match only among a paragraph's
latest CANDIDATES earlier candidates; a run's source only among the first SOURCES
looked at) and the work counted per paragraph stays under a constant; below the caps
the engine equals the brute-force reference (tests/test_properties.py, whose
documents stay below them: at most 31 paragraphs).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from reference import reference_clean

import dedup
from dedup.text import fingerprint, pairs, runs
from dedup.text import matches as relation
from dedup.text.matches import Matches
from dedup.text.normalize import normalize
from dedup.text.runs import plan

CANDIDATES = getattr(__import__("dedup.text.fingerprint").text.fingerprint, "CANDIDATES", 32)
SOURCES = getattr(runs, "SOURCES", 64)

BASE = (
    "Every morning the ferry leaves the harbour when the fishermen come back, and the "
    "market opens beside the water while gulls circle over the boats and the nets dry "
    "on the stone wall of the old customs house"
)


def near_identical(count: int) -> list[str]:
    """``count`` distinct paragraphs, each BASE with one letter of a long word changed
    (a typo): every two are within the threshold's edits and pass the word rule."""
    positions = [k for k, c in enumerate(BASE) if c.isalpha() and k > 0 and BASE[k - 1].isalpha()]
    found: list[str] = []
    seen = set()
    for k in range(count):
        at = positions[k % len(positions)]
        letter = "qxz"[k // len(positions)]
        assert (at, letter) not in seen
        seen.add((at, letter))
        found.append(BASE[:at] + letter + BASE[at + 1 :])
    return found


def counted(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple[object, ...]]:
    """The arguments of every call to ``owner.name`` from now on (the function still
    answers): what a test of bounded work counts."""
    calls: list[tuple[object, ...]] = []
    real = getattr(owner, name)

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_near_match_only_among_latest_candidates() -> None:
    texts = near_identical(200)
    normals = [normalize(t) for t in texts]
    # 200 paragraphs of one length: the direct check goes over its budget, so the
    # chunk index answers, with its caps.
    assert pairs.near_pairs(enumerate(normals), 0.9) is None
    asked: list[tuple[int, int]] = []

    def allowed(a: int, b: int) -> bool:
        asked.append((a, b))
        return True

    matches = Matches(normals, 0.9, allowed)
    assert not matches.complete
    last = len(texts) - 1
    # all within edits of each other, but the last one is compared only with the
    # CANDIDATES paragraphs just before it
    assert matches.score(last - CANDIDATES, last) is not None
    assert matches.score(last - CANDIDATES - 1, last) is None
    assert matches.score(0, last) is None
    assert matches.score(0, 1) is not None
    # symmetric, and the same for every occurrence
    assert matches.score(last, last - 1) == matches.score(last - 1, last)
    # the word rule is asked lazily, of pairs within the caps only
    assert all(b - a <= CANDIDATES for a, b in asked)


@pytest.mark.parametrize("engine", ["compiled", "python"])
def test_long_paragraphs_keep_fewer_candidates(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph whose band of edits takes w 64-bit words keeps the CANDIDATES // w
    latest of its candidates (checking one costs its length times w): on text of two
    letters, paragraphs of thousands of characters each checked against 32 others
    grew the work faster than the document. Both engines keep the same."""
    if engine == "python":
        monkeypatch.setattr(relation, "core", None)
    texts = [" ".join([t] * 4) for t in near_identical(200)]  # about 660 letters each
    normals = [normalize(t) for t in texts]
    [kept] = {fingerprint.candidates_kept(len(n.text), 0.9) for n in normals}
    assert kept == CANDIDATES // 3  # a band of 147 diagonals: 3 words
    matches = Matches(normals, 0.9)  # (too many near pairs for the direct check)
    assert not matches.complete
    last = len(texts) - 1
    assert matches.score(last - kept, last) is not None
    assert matches.score(last - kept - 1, last) is None


def test_candidate_work_is_bounded_per_paragraph() -> None:
    """Before the caps, every pair of these 300 paragraphs was a candidate and got an
    entry in the score table (the n^2 memory)."""
    texts = near_identical(300)
    matches = Matches([normalize(t) for t in texts], 0.9)
    for p in range(len(texts)):
        matches.popularity(p)
        for q in matches.matching(p):
            matches.score(q, p)
    assert len(matches._scores) <= CANDIDATES * len(texts)
    assert matches._earlier is not None and len(matches._earlier) <= CANDIDATES * len(texts)


def test_run_search_looks_at_most_at_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two paragraphs in random order: every paragraph matches half the document and
    runs are short, so the search at each paragraph used to walk every earlier copy."""
    rng = random.Random(7)
    lines = ["The first of two lines that keep coming back", "and the second one of them, also back"]
    texts = [rng.choice(lines) for _ in range(1500)]
    looked: list[int] = []
    original = Matches.matching

    def counting(self: Matches, p: int, limit: int | None = None) -> Iterator[int]:
        looked.append(0)
        for position in original(self, p) if limit is None else original(self, p, limit):
            looked[-1] += 1
            yield position

    monkeypatch.setattr(Matches, "matching", counting)
    monkeypatch.setattr(runs, "core", None)  # the Python planner, the reference the compiled one follows
    monkeypatch.setattr(relation, "core", None)
    result = plan([normalize(t) for t in texts], 0.9, 40)
    assert looked and max(looked) <= SOURCES + 1
    # the runs found are still runs of the rule: every paragraph of one matches its source
    for run in result.runs:
        assert run.source + run.length <= run.start
        for k in range(run.length):
            assert texts[run.source + k] == texts[run.start + k]


def test_no_search_where_no_run_can_weigh_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules with no letters weigh nothing: the search at each of them was a run as
    long as what came before, quadratic in all."""
    texts = ["---", "***"] * 1000 + ["A closing paragraph that is long enough to count, said once."]
    calls = counted(monkeypatch, runs, "_longest_run")
    result = plan([normalize(t) for t in texts], 0.9, 40)
    assert result.runs == []
    assert result.kept_with_match  # "---" matched an earlier "---": worth a second pass
    assert calls == []


@pytest.mark.parametrize("count", [20, 33])
def test_below_the_caps_the_index_equals_the_reference(count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Near-identical paragraphs with a doubled stretch, through the chunk index (the
    direct check switched off): the engine gives the reference's output, which knows
    no caps, as long as no paragraph has more than CANDIDATES earlier candidates."""
    texts = near_identical(count)
    doubled = [*texts, "A line in between, to be kept as it is.", *texts[: count // 2]]
    text = "\n\n".join(doubled) + "\n"
    monkeypatch.setattr(pairs, "PAIRS_BASE", -(10**9))
    assert dedup.clean(text).text == reference_clean(text)


@pytest.mark.parametrize("count", [6, 200])  # the direct check, then the chunk index
@pytest.mark.parametrize("compiled", [True, False])
def test_units_that_match_only_exactly_take_no_part_in_the_near_search(count: int, compiled: bool) -> None:
    """A table or code block matches only exactly (the word rule refuses its near
    pairs): its representative is no near partner, so it takes no candidate's place;
    the others' near matches are the same as without it."""
    texts = near_identical(count)
    normals = [normalize(t) for t in texts]
    kinds = ["table" if k % 2 else "prose" for k in range(count)]
    saved = relation.core
    if not compiled:
        relation.core = None
    try:
        with_kinds = Matches(normals, 0.9, kinds=kinds)
        prose_only = Matches([normals[k] for k in range(0, count, 2)], 0.9)
    finally:
        relation.core = saved
    for p in range(count):
        matching = list(with_kinds.matching(p))
        if kinds[p] == "table":
            assert matching == [p]  # (no two texts are equal)
        else:
            assert [k // 2 for k in matching] == list(prose_only.matching(p // 2))


def test_a_table_of_near_rows_beside_near_paragraphs_is_the_reference() -> None:
    """Rows of a table one letter apart stay (a table matches only exactly); the
    paragraph pasted again with a typo goes, as the brute-force reference says."""
    rows = "".join(f"| {word}  | ferry   | harbour  | open |\n" for word in ("north", "norht", "nroth"))
    text = f"{BASE}.\n\n{rows}\n{BASE.replace('market', 'makret')}.\n\n{rows}"
    assert dedup.clean(text).text == reference_clean(text)
    assert dedup.clean(text).text.count("| ferry") == 3


def joining(levels: int) -> str:
    """A document whose removals each join the next repeat: pairs of short notes
    (each under --min-chars, a pair over it) stand side by side early on, and at the
    end nested around a paragraph that repeats an earlier one, ``a3 a2 a1 W b1 b2 b3``:
    removing W joins a1 b1, removing those joins a2 b2, and so on, a pass each."""
    notes = [(f"Note a{k} holds the value {1000 + k}.", f"Note b{k} holds the value {5000 + k}.") for k in range(levels)]
    repeat = "This paragraph stands twice in the document, and is long enough to go alone."
    early = [part for k, (a, b) in enumerate(notes) for part in (a, b, f"Between them stands separator number {k}.")]
    late = [a for a, _ in reversed(notes)] + [repeat] + [b for _, b in notes]
    return "\n\n".join([*early, repeat, "The middle of the document.", *late]) + "\n"


def test_passes_that_remove_something_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """README, rule 7: at most MAX_PASSES passes remove something; each reads the whole
    document, and a document built so that each removal joins the next repeat would
    otherwise take a pass a removal (quadratic). Below the bound, cleaning is
    idempotent."""
    from dedup.text import engine

    planned: list[int] = []
    real_plan = engine.plan

    def counting(*args: object, **kwargs: object) -> runs.Plan:
        found = real_plan(*args, **kwargs)  # type: ignore[arg-type]
        planned.append(len(found.runs))
        return found

    monkeypatch.setattr(engine, "plan", counting)
    short = dedup.clean(joining(engine.MAX_PASSES - 2))
    assert planned[: engine.MAX_PASSES - 1] == [1] * (engine.MAX_PASSES - 1)  # W, then a pair a pass
    assert sum(planned) == len(short.findings) == engine.MAX_PASSES - 1
    assert dedup.clean(short.text).findings == ()
    planned.clear()
    levels = engine.MAX_PASSES + 10
    text = joining(levels)
    result = dedup.clean(text)
    assert planned == [1] * engine.MAX_PASSES  # stopped at the bound: W and 15 pairs
    assert len(result.findings) == engine.MAX_PASSES
    # cleaning the output again removes the pairs left, a pass each
    assert len(dedup.clean(result.text).findings) == levels - (engine.MAX_PASSES - 1)
    assert reference_clean(text) == result.text


def test_a_block_of_long_words_is_read_once_for_lines_of_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """width.line_widths asks whether the block has a line of two words once, not once
    for every line of one word over the width (which took 70 s for 20,000 such lines
    before a line of two words at the end)."""
    from dedup.text import width

    asked = counted(monkeypatch, width, "_several")
    lines = ["x" * 120 + "\n"] * 2000 + ["two words"]
    assert width.line_widths(lines, 100) == [120] * 2000
    assert len(asked) <= 2 * len(lines)


def test_the_word_rule_reads_a_paragraphs_marks_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The word rule reads each paragraph's marks (placeholders, quotes, quoted marks,
    key) once however many near pairs it is in, and each two words' slip once: near
    copies met them again for every pair (the near shape of bench/shapes.py spent
    most of its time there, 16 s of 6)."""
    from dedup.text import marks, typos, words

    read: list[str] = []
    real_literals, real_typo = marks.literals, typos.typo

    def counting_literals(spaced: str) -> list[str]:
        read.append(spaced)
        return real_literals(spaced)

    slips: list[tuple[str, str]] = []

    def counting_typo(a: str, b: str, limit: int | None = None) -> bool:
        slips.append((a, b))
        return real_typo(a, b, limit)

    monkeypatch.setattr(marks, "literals", counting_literals)
    monkeypatch.setattr(typos, "typo", counting_typo)
    marks.marks.cache_clear()
    typos._word_typo.cache_clear()
    words.refusal.cache_clear()
    texts = [normalize(text).spaced for text in near_identical(40)]
    verdicts = [words.refusal(a, b) for a in texts for b in texts if a != b]
    assert None in verdicts and len(set(verdicts)) > 1  # one typo in each: two may be too far
    assert len(read) == len(texts)
    assert len(slips) == len(set(slips)) <= len(verdicts)


def test_the_word_rules_memory_of_words_is_bounded_by_size() -> None:
    """The words kept as strings are a short paragraph's only, and the slips kept are
    short words' only: a clause of a script written without spaces is one "word", and
    a long paragraph's words as strings weigh several times its text."""
    from dedup.text import typos, words

    words._listed_words.cache_clear()
    typos._word_typo.cache_clear()
    long = " ".join(f"word{k}" for k in range(2000))
    assert len(long) > words.LISTED_SIZE
    assert words.cached_words(long)[:2] == ("word0", "word1")
    assert words._listed_words.cache_info().currsize == 0
    assert words.cached_words("a short one")[-1] == "one"
    assert words._listed_words.cache_info().currsize == 1
    clause_a, clause_b = "表の行" * 40, "表の列" * 40
    assert typos.noise([clause_a], [clause_b]) is False
    assert typos.noise(["teh"], ["the"]) is True
    assert typos._word_typo.cache_info().currsize == 1


def _log(count: int) -> str:
    lines = [f"       ==7== at 0x{k:06x}: function_{k} (file_{k}.c:{k})" for k in range(count)]
    first = "\n".join(lines) + "\n"
    return first + "\nA line between the two copies of it.\n\n" + first.replace(lines[-1], lines[-1] + "x")


def test_the_word_rule_looks_for_few_identifiers_letter_by_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A log of 2,000 lines read as one paragraph, and its copy with the last line
    changed: the rule looked for each of its 4,000 identifiers in the copy's letters,
    folding the copy again each time (4 s; 4,000 lines 23 s). Those among the copy's
    own identifiers stand without a look; at most SEARCHED others are looked for."""
    from dedup.text import words

    looked = counted(monkeypatch, words, "_kept")
    words.refusal.cache_clear()
    text = _log(2000)
    assert dedup.clean(text).text == text  # the last line differs: the copy stays
    assert 0 < len(looked) <= 2 * (words.SEARCHED + 1)
    many = [f"name_{k}" for k in range(200)]
    a = " ".join(many)
    b = " ".join(f"name _{k}" for k in range(200))  # each stands with a space moved
    assert words._lost(many, b) == many[words.SEARCHED]  # past SEARCHED: taken as lost
    assert words._lost(many[: words.SEARCHED], b) is None and words._lost(many, a) is None


def test_structure_reads_each_unit_once_for_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a run is all fields, all a log's lines, all option lines or all a
    grammar's productions is read once a unit, not once a run asked about: after a
    refusal the planner asks again one unit on (8,000 productions doubled, the last
    changed: 12 s)."""
    from dedup.text import fields

    read = counted(monkeypatch, fields, "is_production")
    productions = [f"NAME{k} := [ src ADDR{k} ] [ dst ADDR{k} ]\n" for k in range(3000)]
    first = "\n".join(productions)
    text = first + "\nA line between the two copies of it.\n\n" + first.replace(productions[-1], "CHANGED := x\n")
    assert dedup.clean(text).text == text  # the copy's last production differs: its grammar stays
    assert len(read) <= 3 * len(text.split("\n\n"))


def _productions(count: int) -> str:
    productions = [f"NAME{k} := [ src ADDR{k} ] [ dst ADDR{k} ]\n" for k in range(count)]
    first = "\n".join(productions)
    return first + "\nA line between the two copies of it.\n\n" + first.replace(productions[-1], "CHANGED := x\n")


def test_a_refused_run_is_not_read_again_one_paragraph_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The structure rules refuse the copy's run at every start (its grammar's last
    production stays), and the run search looked for it again one paragraph on,
    reading its pairs again: n² pair reads for n paragraphs. Pairs known to match
    along a diagonal are not read again (the Python planner here; the compiled one
    does the same)."""
    monkeypatch.setattr(runs, "core", None)
    read = counted(monkeypatch, Matches, "score")
    text = _productions(1500)
    assert dedup.clean(text).text == text
    assert 0 < len(read) <= 6 * 3000  # (n² / 2 before: over a million)


def test_a_parent_left_with_its_child_is_asked_before_the_run_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A doubled page whose last paragraph differs in the copy: each run of the copy
    ends before it, under a heading in the run, and is refused for that; it was read
    whole first (a child taken from another parent?), once for every start."""
    from dedup.text import sections

    reads = [0]

    class Counting(list):  # type: ignore[type-arg]
        def __getitem__(self, k):  # type: ignore[no-untyped-def]
            reads[0] += 1
            return super().__getitem__(k)

    real = sections.parents  # (the page's parents are by indentation)
    monkeypatch.setattr(sections, "parents", lambda *a: Counting(real(*a)))
    parts = []
    for s in range(300):
        parts.append(f"SECTION {s}")
        parts += [f"       Paragraph {p} of section {s} says something about item {s * 3 + p} here." for p in range(3)]
    first = "\n\n".join(parts) + "\n"
    text = first + "\nSite. net\n\n" + first[:-10] + "CHANGED.\n"
    assert dedup.clean(text).text == text  # (the copy stays whole: when in doubt, keep)
    assert 0 < reads[0] <= 20 * len(parts)


def test_the_unit_after_a_display_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs that each end before one unit (a long display, its tail after it) ask
    whether that unit goes on a sentence: its leading blanks are read once, not once
    a run (a unit of a megabyte of indentation asked about a thousand times)."""
    from dedup.text import sections

    calls: list[tuple[str]] = []
    real = sections._LEAD

    class Counting:
        def match(self, text: str) -> object:
            calls.append((text,))
            return real.match(text)

    monkeypatch.setattr(sections, "_LEAD", Counting())
    display = [f"    $ step {k} of the display" for k in range(300)]
    raws = ["Run:", *display, "  then install it.", "Run:", *display, "  then install it."]
    kinds = ["prose", *["line"] * 300, "prose", "prose", *["line"] * 300, "prose"]
    structure = sections.Structure(kinds, raws, [r.strip() for r in raws])
    stop = 2 * 301 + 1  # the second tail
    for start in range(stop - 60, stop):
        structure.refuses(start, stop - start, start - 302)
    assert len(calls) == 1
