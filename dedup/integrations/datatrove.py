"""A datatrove pipeline step: repeated runs of paragraphs removed from each document.

:class:`DedupRepeats` cleans ``doc.text`` as :func:`dedup.clean` does and records what
it removed in ``doc.metadata["dedup"]``; with an ``index`` (a SQLite file, see
:mod:`dedup.corpus.index`), it also removes the runs that documents earlier in corpus
order already hold, as ``dedup clean --scope corpus --index`` does. Needs datatrove
(the extra ``datatrove``); ``import dedup`` never imports this module.

Example (the step on its own; in a pipeline it goes between a reader and a writer):
    >>> from datatrove.data import Document
    >>> body = "The council approved the new budget on Tuesday evening.\\n"
    >>> [doc] = DedupRepeats().run(iter([Document(text=body + "\\n" + body, id="a")]))
    >>> doc.text == body, doc.metadata["dedup"]["runs"], doc.metadata["dedup"]["removed_chars"]
    (True, 1, 57)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from dedup.config import Config
from dedup.report.render_json import finding_data
from dedup.result import Result

try:
    from datatrove.pipeline.base import PipelineStep  # type: ignore[import-untyped]
except ImportError as error:  # pragma: no cover - the extra is installed for the tests
    raise ImportError(
        f"dedup.integrations.datatrove needs datatrove ({error}); install it with: pip install 'dedup-text[datatrove]'"
    ) from error

if TYPE_CHECKING:
    from dedup.corpus.index import IndexMemory


class DedupRepeats(PipelineStep):  # type: ignore[misc]
    """Remove repeated runs of paragraphs inside each document (and, with ``index``,
    across documents), recording the findings in the document's metadata.

    Args:
        config: the rule's settings (:class:`dedup.Config`); the defaults when None.
        index: a SQLite corpus index shared by the pipeline's tasks (created if
            missing). A document is compared with the documents the index holds whose
            ``id`` sorts before its own (as strings), then added under its ``id``.
            Tasks running at the same time see each other's documents only once they
            are committed, so a repeat may stay, but a first occurrence never goes;
            a second run over the index gives what ``--scope corpus`` gives. Keep it
            for the pipeline (``dedup index build`` over files forgets the documents
            it does not find). Without it, each document is cleaned on its own.
        drop_empty: drop a document that removing repeats left blank (only a
            cross-document repeat can do that) instead of passing it on.
        metadata_key: where the findings go in ``doc.metadata``.
        **options: fields of the config to override, e.g. ``threshold=0.95``.

    Each document gets ``metadata[metadata_key] = {"runs": n, "removed_chars": k,
    "findings": [...]}``, a finding being as in the JSON report without byte offsets
    (``kind``, ``score``, ``paragraphs``, ``size``, ``lines``, ``chars`` and
    ``first``), in the coordinates of the text as the step received it.
    """

    name = "🔁 dedup repeats"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        config: Config | None = None,
        *,
        index: str | os.PathLike[str] | None = None,
        drop_empty: bool = False,
        metadata_key: str = "dedup",
        **options: Any,
    ) -> None:
        super().__init__()
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"DedupRepeats takes config as a dedup.Config or None, got {type(config).__name__}")
        self.config = (config or Config()).with_options(**options)  # a bad option fails here, not in a task
        self.index = None if index is None else os.fspath(index)
        self.drop_empty = drop_empty
        self.metadata_key = metadata_key

    def run(self, data: Iterator[Any] | None, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        if data is None:
            return
        # Opened here, in the task, not in __init__: the step is pickled to its workers.
        memory = None if self.index is None else _open(self.index, self.config)
        try:
            for doc in data:
                self.stat_update("total")
                with self.track_time():
                    result = self._clean(doc.text, str(doc.id), memory)
                removed = len(doc.text) - len(result.text)
                doc.metadata[self.metadata_key] = {
                    "runs": len(result.findings),
                    "removed_chars": removed,
                    "findings": [finding_data(f) for f in result.findings],
                }
                if result.findings:
                    self.stat_update("changed")
                    self.stat_update("runs_removed", value=len(result.findings))
                    self.stat_update("removed_chars", value=removed)
                if self.drop_empty and result.findings and not result.text.strip():
                    self.stat_update("dropped")
                    continue
                doc.text = result.text
                self.stat_update("forwarded")
                self.update_doc_stats(doc)
                yield doc
        finally:
            if memory is not None:
                memory.close()  # commits the documents added since the last batch

    def _clean(self, text: Any, name: str, memory: Any) -> Result:
        """``text`` cleaned on its own, then, with ``memory`` (an :class:`IndexMemory`,
        which answers as a :class:`~dedup.corpus.scope.CorpusMemory` does), the runs
        earlier documents hold cut; the document is added to the index."""
        if memory is None:
            import dedup

            return dedup.clean(text, self.config)
        if not isinstance(text, str):
            raise TypeError(f"DedupRepeats takes the text as str, document {name!r} has {type(text).__name__}")
        from dedup.corpus.scope import apply_memory, summarize
        from dedup.text.engine import clean_with_forms

        result, lay, forms = clean_with_forms(text, self.config)
        summary = summarize(text, result, lay, forms, self.config)
        return apply_memory(memory, name, text, result, summary, self.config, (name, name, (0, 0), name))


def _open(path: str, config: Config) -> IndexMemory:
    """The index at ``path``, for ``config`` (one built with other settings is refused)."""
    from dedup.corpus.index import IndexMemory

    settings = asdict(config)
    memory = IndexMemory(path, settings)
    # A commit per document: a task holds the index's write lock only while it adds
    # one, not while it cleans the next ones, so the other tasks never wait long (in
    # WAL mode with synchronous=NORMAL a commit does not wait for the disk).
    memory.BATCH = 1
    return memory
