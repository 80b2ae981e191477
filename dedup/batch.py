"""Cleaning many inputs: read each, clean it, and (when asked) write it back in place.

A bad input does not stop the others: it becomes an error entry in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict

from dedup.atomic import write_atomic
from dedup.config import Config
from dedup.errors import DedupError
from dedup.report.model import FileReport, Report, file_report
from dedup.sources import STDIN, Document, decode, load
from dedup.text.engine import clean_text


def clean_document(document: Document, config: Config) -> tuple[FileReport, bytes]:
    """Clean one decoded document; return its report and its cleaned bytes."""
    result = clean_text(document.text, config)
    cleaned = document.encode(result.text) if result.changed else document.data
    return file_report(document, result, len(cleaned)), cleaned


def run(
    paths: Iterable[str],
    config: Config,
    *,
    encoding: str | None = None,
    in_place: bool = False,
    read_stdin: Callable[[], bytes] | None = None,
    on_file: Callable[[FileReport, bytes], None] | None = None,
) -> Report:
    """Clean every input and collect the report.

    Args:
        paths: file paths; ``-`` reads ``read_stdin()``.
        config: the rule's settings.
        encoding: decode inputs with this codec instead of detecting UTF-8/16/32.
        in_place: write each changed file back, atomically; unchanged files are not
            touched (their modification time stays).
        read_stdin: where ``-`` comes from.
        on_file: called with each file's report and cleaned bytes, in input order.
    """
    report = Report(settings=asdict(config))
    for path in paths:
        try:
            if path == STDIN:
                if read_stdin is None:
                    raise DedupError("-: standard input is not available here")
                document = decode("<stdin>", read_stdin(), encoding)
            else:
                document = load(path, encoding)
            file, cleaned = clean_document(document, config)
            if in_place and file.changed and path != STDIN:
                write_atomic(path, cleaned)
        except DedupError as error:
            report.errors.append((path, str(error)))
            continue
        report.files.append(file)
        if on_file is not None:
            on_file(file, cleaned)
    return report
