"""JSONL shards: one JSON document per line, plain, gzip or zstd (the format
:data:`JSONL` in the registry, :mod:`dedup.inputs`).

Reading keeps each line's bytes; writing a document back splices the new text into
the original line, so every other field keeps its bytes and its key order, and a
line whose text did not change is written back byte for byte. How lines are read
(bounded, in chunks, compressed) is :mod:`dedup.inputs.lines`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from dedup.inputs import declared
from dedup.inputs.lines import BadLine, LineFormat
from dedup.inputs.protocol import Entry, Fields, Passed
from dedup.pickling import by_fields

_DECLARED = declared("jsonl")  # its name and suffixes, in the registry
_WHITESPACE = " \t\n\r"
_BOM = "\ufeff"


class _Digits:
    """An integer with more digits than Python converts to ``int`` (4,300 by default):
    kept as its digits, so that such an id names its document as written."""

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = digits


def _parse_int(digits: str) -> int | _Digits:
    try:
        return int(digits)
    except ValueError:  # over sys.get_int_max_str_digits()
        return _Digits(digits)


_DECODER = json.JSONDecoder(parse_int=_parse_int)


def _name(ident: Any, where: str) -> str:
    """A document's name from its id value: a string as it is, a number by its digits,
    another value as JSON, no id as ``PATH:LINE``."""
    if isinstance(ident, str):
        return ident
    if ident is None:
        return where
    if isinstance(ident, _Digits):
        return ident.digits
    return json.dumps(ident, default=lambda value: value.digits)


def _type_name(value: Any) -> str:
    return "int" if isinstance(value, _Digits) else type(value).__name__


@by_fields
@dataclass(frozen=True, slots=True)
class Record:
    """One line of a shard: its number, its bytes, its name (the id value), its text
    and the key its text value is under (where that value lies is looked for only
    when the text is written back changed)."""

    position: int
    raw: bytes
    name: str
    text: str
    key: str

    def with_text(self, text: str) -> bytes:
        """The line with its text value replaced by ``text``; the same bytes if equal."""
        if text == self.text:
            return self.raw
        line = self.raw.decode("utf-8")
        start, end = _text_span(line, self.key, bom=self.position == 1)
        literal = line[start:end]
        ascii_only = literal.isascii() and "\\u" in literal
        new = json.dumps(text, ensure_ascii=ascii_only)
        try:
            return (line[:start] + new + line[end:]).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (valid JSON as an escape) stays escaped
            new = json.dumps(text, ensure_ascii=True)
            return (line[:start] + new + line[end:]).encode("utf-8")


def _opening(line: str, bom: bool) -> int:
    """Where a line's object opens: after a leading byte order mark (with ``bom``, a
    file's first line; it stays in the line, so that the line is written back with
    it) and whitespace."""
    start = 1 if bom and line.startswith(_BOM) else 0
    position = len(line) - len(line[start:].lstrip(_WHITESPACE))
    if not line.startswith("{", position):
        raise ValueError("not a JSON object")
    return position


def _top_level(line: str, text_key: str, id_key: str, bom: bool = False) -> tuple[Any, Any, bool]:
    """Parse a JSON object line; return its text value, its id value and whether it
    has ``text_key``."""
    position = _opening(line, bom)
    obj, end = _DECODER.raw_decode(line, position)
    if line[end:].strip(_WHITESPACE):
        raise ValueError("extra data after the object")
    return obj.get(text_key), obj.get(id_key), text_key in obj


def _text_span(line: str, text_key: str, bom: bool) -> tuple[int, int]:
    """Where the (last, as json takes it) value of ``text_key`` lies in a line that
    :func:`_top_level` parsed: its JSON literal's offsets."""
    span = None
    position = _opening(line, bom) + 1
    while True:
        while line[position] in _WHITESPACE:
            position += 1
        if line[position] == "}":
            break
        key, position = json.decoder.scanstring(line, position + 1)  # type: ignore[attr-defined]
        while line[position] in _WHITESPACE + ":":
            position += 1
        _, value_end = _DECODER.raw_decode(line, position)
        if key == text_key:
            span = (position, value_end)
        position = value_end
        while line[position] in _WHITESPACE:
            position += 1
        if line[position] == ",":
            position += 1
    assert span is not None  # (the line has the key: _top_level said so)
    return span


class JsonLines(LineFormat):
    """JSONL: a JSON object per line, its text under ``--text-key``, its name under
    ``--id-key`` (without one: ``PATH:LINE``)."""

    name, suffixes = _DECLARED.name, _DECLARED.suffixes

    def parse(self, path: str, number: int, raw: bytes, fields: Fields) -> Entry | Passed:
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return BadLine(f"{where}: not valid UTF-8 at byte {error.start} of the line", raw)
        text_key = fields.text_key
        try:
            text, ident, has_text = _top_level(line, text_key, fields.id_key, bom=number == 1)
            name = _name(ident, where)
        except (ValueError, IndexError) as error:
            return BadLine(f"{where}: malformed JSON line ({str(error).split(':')[0]})", raw)
        except RecursionError:  # the C scanner's bound on nesting, per line: not fatal
            return BadLine(f"{where}: malformed JSON line (nested too deeply: more levels than Python's recursion limit)", raw)
        if not has_text:
            return BadLine(f"{where}: no {text_key!r} key", raw)
        if not isinstance(text, str):
            return BadLine(f"{where}: {text_key!r} is {_type_name(text)}, not a string", raw)
        return Record(number, raw, name, text, text_key)

    def write(self, entry: Entry, text: str) -> bytes:
        assert isinstance(entry, Record)
        return entry.with_text(text)


JSONL = JsonLines()
