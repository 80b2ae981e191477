"""GitHub Actions workflow commands: one ``::warning`` annotation per removed run.

``::warning file=PATH,line=L,endLine=E,title=T::MESSAGE``, with the escaping of
``actions/toolkit`` (``packages/core/src/command.ts``): in the message ``%``, ``\\r``
and ``\\n`` are percent-encoded; property values also encode ``:`` and ``,``. Other
control characters (an escape sequence in a file name or id) and lone surrogates (a
name that is not UTF-8) are then shown escaped (:func:`dedup.display.shown`), since
the protocol has no encoding for them. An input
that could not be read becomes an ``::error`` annotation. The plain summary is not
part of this output (the command prints it to stderr).
"""

from __future__ import annotations

from dedup.display import shown
from dedup.report.model import FileReport, Located, Report
from dedup.report.render_sarif import (
    CROSS,
    EXACT,
    NEAR,
    display_path,
    lines_phrase,
    repeat_message,
    rule_id,
)

TITLES = {EXACT: "exact repeat", NEAR: "near repeat", CROSS: "cross-document repeat"}


def escape_data(text: str) -> str:
    """Escape a command's message.

    Example:
        >>> escape_data("100% sure\\r\\nnext: a, b")
        '100%25 sure%0D%0Anext: a, b'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property value.

    Example:
        >>> escape_property("dir,1/a:b.txt")
        'dir%2C1/a%3Ab.txt'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: dict[str, str], message: str) -> str:
    # Then other control characters shown escaped: the runner's log obeys ANSI escapes.
    props = ",".join(f"{key}={shown(escape_property(value))}" for key, value in properties.items())
    return f"::{name} {props}::{shown(escape_data(message))}\n"


def annotation(file: FileReport, located: Located, *, cwd: str | None = None) -> str:
    """The ``::warning`` line of one removed run. Inside a JSONL shard the lines count
    in the document's text, so the annotation names the document and has no line."""
    f = located.finding
    rule = rule_id(located)
    properties = {"file": display_path(file.path, cwd)}
    message = repeat_message(located)
    if file.document is None:
        properties |= {"line": str(f.line_start), "endLine": str(f.line_end)}
    else:
        message = f"Document {file.document}, {lines_phrase(f.line_start, f.line_end)}: {message}"
    properties["title"] = f"dedup {rule} ({TITLES[rule]})"
    return _command("warning", properties, message + "; dedup clean removes it and keeps the first occurrence.")


def render_github(report: Report, *, cwd: str | None = None) -> str:
    """One annotation per removed run, one ``::error`` per input that failed.

    Example:
        >>> render_github(Report())
        ''
        >>> print(render_github(Report(errors=[("a,b.txt", "a,b.txt: no such file")])), end="")
        ::error file=a%2Cb.txt,title=dedup (input failed)::a,b.txt: no such file
    """
    out = [annotation(file, loc, cwd=cwd) for file in report.files for loc in file.findings]
    for file in report.files:  # the cleaning passes' changes, as notices
        for c in file.fixes:
            properties = {"file": display_path(file.path, cwd), "line": str(c.line_start), "endLine": str(c.line_end)}
            message = f"fix {c.fix}: {c.counts}"
            out.append(_command("notice", {**properties, "title": f"dedup fix ({c.fix})"}, message))
    for path, message in report.errors:
        properties = {"file": display_path(path, cwd)} if path != "-" else {}
        out.append(_command("error", {**properties, "title": "dedup (input failed)"}, message))
    return "".join(out)
