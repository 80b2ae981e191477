"""The stages a document goes through, as functions the executors only schedule:

1. *clean a unit* (:func:`clean_unit`, in any process, in any order): a
   :class:`Task` in, an :class:`Outcome` out: the document cleaned on its own, and,
   as asked, what the corpus memory needs of it (a summary) and its signature for
   near-duplicate documents;
2. *decide in corpus order* (:class:`Order`, in one process, in input order): cut
   the runs earlier documents hold (the corpus memory, or an index) and place the
   document among the near-duplicate clusters;
3. *write* (:mod:`dedup.corpus.files`, :mod:`dedup.corpus.shards`): the cleaned
   bytes to their place, the document to the report.

The local executor maps :func:`clean_unit` over a process pool; the Dask executor
runs it in its first stage and gives the outcomes back to its last (``replay``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from dedup.config import Config
from dedup.pickling import by_fields
from dedup.result import Result
from dedup.text.engine import clean_text, clean_with_forms

if TYPE_CHECKING:
    from dedup.corpus.neardup import Duplicate
    from dedup.corpus.scope import Cross, Summary
    from dedup.sources import Document

# A document's unique key in the index, its place in corpus order, (size, mtime_ns),
# and the name findings in other documents give it.
Place = tuple[str, str, tuple[int, int], str]


@by_fields
@dataclass(frozen=True, slots=True)
class Task:
    """One document's work for a worker: its text and how to clean it."""

    text: str
    config: Config
    corpus: bool = False  # summarise its paragraphs for the corpus memory
    sign: bool = False  # sign it for near-duplicate documents
    fixes: tuple[Any, ...] = ()  # dedup.text.fixes.FixSpec, the cleaning passes asked for
    documents_only: bool = False  # only sign it, whole; leave its paragraphs alone


@by_fields
@dataclass(frozen=True, slots=True)
class Outcome:
    """A document cleaned on its own (with cleaning passes, the result is a
    ``FixedResult``), its summary for the corpus memory and its signature, if asked."""

    result: Result
    summary: Summary | None = None
    signature: bytes | None = None


def clean_unit(task: Task) -> Outcome:
    """Stage 1: clean one document on its own; summarise and sign it as asked."""
    text, config = task.text, task.config
    if task.documents_only:
        from dedup.corpus.neardup import signature
        from dedup.text.normalize import normal_text

        return Outcome(Result(text, ()), None, signature(normal_text(text)) if task.sign else None)
    if task.fixes or (not task.corpus and not task.sign):
        return Outcome(clean_document(text, config, task.fixes))
    result, lay, forms = clean_with_forms(text, config)
    summary = None
    if task.corpus:  # corpus scope only: document scope does not load the corpus memory's modules
        from dedup.corpus.scope import summarize

        summary = summarize(text, result, lay, forms, config)
    if not task.sign:
        return Outcome(result, summary)
    from dedup.corpus.neardup import signature

    return Outcome(result, summary, signature("".join(f.text for f in forms)))


def clean_document(text: str, config: Config, fixes: tuple[Any, ...]) -> Result:
    """One document cleaned, with the cleaning passes if any are asked for (then the
    result is a ``FixedResult``: ``text``, ``findings``, ``changes``, ``empty``)."""
    if fixes:
        from dedup.text.fixes_dedup import clean_and_fix

        return clean_and_fix(text, fixes, config)  # type: ignore[return-value]
    return clean_text(text, config)


class Placing(Protocol):
    """Where near-duplicate documents are decided, in corpus order: the clusters
    (:class:`~dedup.corpus.neardup.NearDuplicates`), or the decisions already made
    (:class:`Replayed`)."""

    def add(self, name: str, sig: bytes | None) -> Duplicate | None: ...


class Replayed:
    """Near-duplicate decisions made earlier, in corpus order, given back in order
    (the Dask executor makes them on the client, between its stages)."""

    def __init__(self, duplicates: list[Duplicate | None]) -> None:
        self._next = iter(duplicates)

    def add(self, name: str, sig: bytes | None) -> Duplicate | None:
        return next(self._next)


@dataclass(frozen=True, slots=True)
class Decided:
    """A document's final result and, if it is a near copy of an earlier one, which."""

    result: Result
    duplicate: Duplicate | None = None


class Order:
    """Stage 2: the decisions that need the corpus in order, made in one process.

    ``memory`` is a :class:`~dedup.corpus.scope.CorpusMemory`, an index
    (:class:`~dedup.corpus.index.IndexMemory`) or None (document scope); ``near``
    places documents among the near-duplicate clusters, or is None."""

    def __init__(self, config: Config, memory: Any = None, near: Placing | None = None) -> None:
        self.config = config
        self.memory = memory
        self.near = near

    def cross(self, name: str, summary: Summary | None, place: Place | None = None) -> Cross:
        """The runs of a document that earlier ones hold (then it is remembered)."""
        if self.memory is None or summary is None:
            return []
        from dedup.corpus.scope import decide

        return decide(self.memory, name, summary, self.config, place)

    def place(self, name: str, sig: bytes | None) -> Duplicate | None:
        return self.near.add(name, sig) if self.near is not None else None

    def decide(self, document: Document, outcome: Outcome, place: Place | None = None) -> Decided:
        """A document cleaned on its own, decided: the runs earlier documents hold cut."""
        result = outcome.result
        if self.memory is not None and outcome.summary is not None:
            from dedup.corpus.scope import apply_cross

            cross = self.cross(document.name, outcome.summary, place)
            result = apply_cross(document.text, result, outcome.summary, cross)
        return Decided(result, self.place(document.name, outcome.signature))
