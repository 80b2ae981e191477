"""Plain files and plain standard input, one document each: read, clean, decide,
write (in place, under ``-o DIR``, or to the caller), in input order.

A bad file does not stop the others: it becomes an error entry in the report (a
binary file found by the walk, a skipped one). A file with nothing removed is never
rewritten; one changed since it was read is not rewritten either.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from dedup.corpus.context import Run
from dedup.corpus.stages import Place
from dedup.errors import BinaryInputError, DedupError, InputError
from dedup.inputs import plain, stdin
from dedup.progress import input_bytes
from dedup.report.model import file_report, with_extras
from dedup.report.model import plain as plain_result
from dedup.sources import STDIN, Document, decode


def read_files(
    run: Run, paths: list[str], read_stdin: Callable[[], bytes] | None, moved: set[str]
) -> Iterator[tuple[Document, Place | None]]:
    """The reading stage: each file as a document (with its place in the index), in
    order; what cannot be read goes to the report. The files that changed since an
    earlier stage read them are added to ``moved``."""
    options = run.options
    for path in paths:
        try:
            if path == STDIN:
                yield decode(stdin.NAME, stdin.once(read_stdin)(), options.encoding), None
                continue
            if os.path.isdir(path):
                raise InputError(f"{path}: is a directory; pass the files in it")
            place = None
            if options.index is not None:
                key, stat, unchanged = run.indexed(path)
                if unchanged:
                    run.advance(0, stat[0])
                    continue
                place = (key, key, stat, key)
            document, read_as = plain.read(
                path, follow=path in run.explicit, limit=options.max_document_size, encoding=options.encoding
            )
            if options.in_place or run.keep_stamps or path in run.first_read:
                # what the result will have been made from: an earlier stage's read
                run.stamps[path] = run.first_read.get(path) or read_as
                if run.stamps[path] != read_as:
                    moved.add(path)
            yield document, place
        except BinaryInputError as error:
            (run.report.errors if path in run.explicit else run.report.skipped).append((path, str(error)))
            run.advance(0, input_bytes([path]))
        except DedupError as error:
            run.report.errors.append((path, str(error)))
            run.advance(0, input_bytes([path]))


def clean_files(run: Run, paths: list[str], read_stdin: Callable[[], bytes] | None) -> None:
    """Read, clean, decide and write each file, in order."""
    options, report = run.options, run.report
    moved: set[str] = set()  # changed since an earlier stage read them
    for document, place, outcome in run.cleaned(read_files(run, paths, read_stdin, moved)):
        decided = run.order.decide(document, outcome, place)
        run.advance(1, document.read_size())
        result = decided.result
        changed = result.text != document.text
        read_as = run.stamps.pop(document.name, None)
        if document.name in moved:
            report.errors.append((document.name, changed_since(document.name)))
            continue
        try:  # cut from the original bytes if the codec does not round-trip
            removed = [(f.start, f.end) for f in result.findings]
            cleaned = document.encode(result.text, removed) if changed else document.original()
        except DedupError as error:
            report.errors.append((document.name, str(error)))
            continue
        file = with_extras(file_report(document, plain_result(result), len(cleaned)), decided.duplicate, result)
        try:
            if options.in_place and document.name != stdin.NAME:
                if read_as is None and file.changed:  # (each file is read once: its stamp was taken)
                    raise DedupError(f"{document.name}: read twice in one run; not rewritten")
                follow = document.name in run.explicit
                plain.write_in_place(document.name, cleaned, file.changed, follow=follow, expect=read_as)
            elif document.name in run.targets:
                plain.write_copy(run.targets[document.name], cleaned, document.name, options.output_dir)
        except DedupError as error:
            report.errors.append((document.name, str(error)))
            continue
        report.add(file)
        if run.on_output is not None:
            run.on_output(file, cleaned)


def changed_since(path: str) -> str:
    return f"{path}: changed while it was being cleaned; not rewritten (run dedup again)"
