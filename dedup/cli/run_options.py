"""The run's :class:`dedup.batch.Options`, from what a command was given: the rule's
settings, the jobs heuristic, the index defaulting and what the report must keep."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from dedup.batch import Options
from dedup.cli.commands import Given
from dedup.cli.output import Out, fail
from dedup.config import Config
from dedup.errors import DedupError
from dedup.sources import MAX_DOCUMENT_SIZE, STDIN

# Processes pay off for many documents and this many bytes of them.
MANY_BYTES = 4_000_000


def config(given: Given, out: Out) -> Config:
    """The rule's settings (:class:`dedup.config.Config`) given to the command."""
    try:
        return Config().with_options(
            threshold=given["threshold"],
            min_chars=given["min_chars"],
            unit=given["unit"],
            wrap_width=given["wrap_width"],
            syntax=given["syntax"],
            keep_patterns=tuple(given.get("keep_pattern") or ()),
        )
    except DedupError as error:
        fail(out, str(error))


def jobs(given: Given, paths: list[str], out: Out) -> int:
    """``-j`` (refused below 1, cut down to the cores here), or the default: all cores
    for folders and several large inputs, else 1."""
    asked = given.get("jobs")
    if asked is not None:
        from dedup.jobs import checked_jobs

        asked_as = f"jobs = {asked} in {given.settings.path}" if given.from_file("jobs") else f"-j {asked}"
        try:
            return checked_jobs(asked, asked_as, out.info)
        except DedupError as error:
            fail(out, str(error))
    # One plain file is one document, and a pool would only copy it to a worker and
    # back (twice the memory).
    from dedup.corpus.executors import default_jobs
    from dedup.inputs import shard_format

    size = sum(os.path.getsize(p) for p in paths if p != STDIN and os.path.isfile(p))
    several = len(paths) > 1 or any(os.path.isdir(p) or shard_format(p) for p in paths)
    return default_jobs() if several and (size > MANY_BYTES or any(os.path.isdir(p) for p in paths)) else 1


def index_path(index: str | None, paths: list[str]) -> str:
    """``--index``, or ``.dedup/index.sqlite`` in the inputs' project."""
    if index is not None:
        return index
    from dedup.config_file import project_root
    from dedup.corpus.index_file import DEFAULT_PATH

    return os.path.join(project_root(paths) or os.getcwd(), DEFAULT_PATH)


def _scope(given: Given, paths: list[str]) -> tuple[str, str | None]:
    """The scope and the index: ``--index`` means corpus scope; corpus scope without
    one uses the project's index if it was built."""
    scope, index = given.get("scope", "document"), given.get("index")
    if index is not None:
        return "corpus", index
    if scope == "corpus":
        from dedup.corpus.index_file import default_index

        return scope, default_index(paths)
    return scope, None


def options(given: Given, paths: list[str], out: Out, **fixed: Any) -> Options:
    """The run's options from what was given; ``fixed`` sets fields outright."""
    from dedup.corpus.walk import Selection

    scope, index = _scope(given, paths)
    made = Options(
        config=config(given, out),
        encoding=given.get("encoding"),
        scope=scope,
        jobs=jobs(given, paths, out),
        index=index,
        text_key=given["text_key"],
        id_key=given["id_key"],
        on_error=given.get("on_error", "fail"),
        input_format=given.get("input_format", "auto"),
        max_document_size=given.get("max_document_size", MAX_DOCUMENT_SIZE),
        selection=Selection(
            include=tuple(given.get("include") or ()),
            exclude=tuple(given.get("exclude") or ()),
            # (a report or baseline left in a folder given is no input)
            skip=_written(given.get("report"), given.get("write_baseline")),
        ),
        near_duplicate_docs=bool(given.get("near_duplicate_docs")),
        doc_threshold=given.get("doc_threshold", 0.8),
        drop_duplicate_docs=bool(given.get("drop_duplicate_docs")),
        documents_only=_documents_only(given, scope, out),
        fixes=_fixes(given.get("fix"), scope, out),
    )
    return replace(made, **fixed)


def _written(*targets: str | None) -> tuple[str, ...]:
    """The files the command writes (``--report``, ``--write-baseline``) that a walk
    may meet (a URL's, under a URL prefix given)."""
    from dedup.storage import local

    return tuple(local(target) for target in targets if target is not None and target != STDIN)


def _fixes(names: tuple[str, ...] | None, scope: str, out: Out) -> tuple[Any, ...]:
    if not names:
        return ()
    from dedup.text.fixes import parse_fixes

    if scope == "corpus":
        fail(out, "--fix works in document scope; run the passes and --scope corpus separately")
    try:
        return parse_fixes(list(names))
    except DedupError as error:
        fail(out, str(error))


def _documents_only(given: Given, scope: str, out: Out) -> bool:
    if not given.get("documents_only"):
        return False
    if not (given.get("near_duplicate_docs") or given.get("drop_duplicate_docs")):
        fail(out, "--documents-only needs --near-duplicate-docs (or, for clean, --drop-duplicate-docs)")
    if scope == "corpus" or given.get("fix"):
        fail(out, "--documents-only leaves paragraphs alone: it does not go with --scope corpus, --index or --fix")
    return True


def with_keep(options: Options, formats: list[str], *, texts: bool = False) -> Options:
    """The options with what the report must hold for these formats (as each declares:
    :class:`dedup.report.formats.ReportFormat`): counts only, unless a format lists
    documents or reads their texts, so that memory does not grow with the corpus."""
    from dedup.report.formats import REPORT_FORMATS
    from dedup.report.model import Keep

    unchanged = any(REPORT_FORMATS[f].every_document for f in formats)
    texts = texts or any(REPORT_FORMATS[f].texts for f in formats)
    return replace(options, keep=Keep(unchanged=unchanged, changed=bool(formats) or texts, texts=texts))
