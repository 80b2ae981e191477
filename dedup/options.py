"""Every option of the ``dedup`` commands, declared once.

Each :class:`Option` says its name, the type of its value, its default, its help,
the commands that take it, whether a settings file may set it, the ``--help`` panel
it is listed in and the metavar that says what it takes. The command line's
parameters (:mod:`dedup.cli.params`) and the settings-file keys (:data:`KEYS`, read
by :mod:`dedup.config_file`) are made from :data:`OPTIONS`; the choices come from
the modules that define them (:data:`dedup.config.UNITS`, the report formats).

This module imports neither typer nor rich: the library and the settings-file reader
use it.

Example:
    >>> [o.name for o in for_command("explain")][:3]
    ['threshold', 'min_chars', 'unit']
    >>> KEYS["min_chars"], default("check", "format"), default("clean", "format")
    (<class 'int'>, 'text', 'json')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dedup.config import SYNTAXES, UNITS, Config
from dedup.corpus.context import Options as RunOptions
from dedup.inputs import FORMATS as SHARD_FORMATS
from dedup.report.formats import FORMATS

CLEAN, CHECK, EXPLAIN = "clean", "check", "explain"
BUILD, UPDATE, STATS, CLEAR = "index build", "index update", "index stats", "index clear"
COMMANDS = (CLEAN, CHECK, EXPLAIN, BUILD, UPDATE, STATS, CLEAR)

RUN = frozenset({CLEAN, CHECK})  # the commands that read and report documents
INDEXING = frozenset({BUILD, UPDATE})
RULE = RUN | INDEXING | {EXPLAIN}  # the commands that apply the rule (Config)

# The --help panels, in the order they are listed (typer's rich_help_panel names).
INPUT, RULE_PANEL, OUTPUT, CORPUS, CLUSTER = "Input", "Rule", "Output", "Corpus", "Cluster"
PANELS = (INPUT, RULE_PANEL, OUTPUT, CORPUS, CLUSTER)

SCOPES = ("document", "corpus")
EXECUTORS = ("local", "dask")
ON_ERROR = ("fail", "skip")
# Standard input is text, or a shard in a format that can be read as a stream.
INPUT_FORMATS = ("auto", "text", *(f.name for f in SHARD_FORMATS if f.line_oriented))
COLORS = ("auto", "always", "never")

_CONFIG = Config()
_RUN = RunOptions()  # the run options' defaults, declared once (dedup.corpus.context)


@dataclass(frozen=True)
class Option:
    """One option of one or more commands.

    ``kind`` is the type of one value: ``bool`` (a flag), ``int``, ``float`` or
    ``str``; ``many`` makes it repeatable (a list). ``default`` None means "not
    given". ``key`` says whether a settings file may set it (under ``name`` with
    ``-`` or ``_``). ``flags`` are its names on the command line (default
    ``--name-with-dashes``).
    """

    name: str
    kind: type
    default: Any
    help: str
    commands: frozenset[str]
    panel: str | None = None
    metavar: str | None = None
    flags: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    many: bool = False
    low: float | None = None
    high: float | None = None
    key: bool = True
    envvar: str | None = None
    show_default: bool = True
    defaults: tuple[tuple[str, Any], ...] = ()  # (command, default) where it differs

    @property
    def names(self) -> tuple[str, ...]:
        return self.flags or ("--" + self.name.replace("_", "-"),)

    @property
    def flag(self) -> str:
        """The long name, as messages quote it."""
        return next(name for name in reversed(self.names) if name.startswith("--"))

    def within(self, value: float) -> bool:
        """Whether a number is in the option's range (NaN is in none: every comparison
        with it is false, which a check of ``value < low`` would let through).

        >>> ratio = Option("ratio", float, 0.5, "A ratio.", frozenset(), low=0.0, high=1.0)
        >>> ratio.within(0.5), ratio.within(float("nan")), ratio.within(1.5)
        (True, False, False)
        """
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def default_for(self, command: str) -> Any:
        return dict(self.defaults).get(command, self.default)

    def value_type(self) -> type | tuple[type, ...]:
        """The type a settings file's value must have."""
        if self.many:
            return list
        return (int, float) if self.kind is float else self.kind


_FIX_PASSES = "unicode, invisible, nfc, nfkc, trailing-space, blank-lines, line-endings=lf|crlf, empty-docs"

OPTIONS: tuple[Option, ...] = (
    # --- the rule
    Option("threshold", float, _CONFIG.threshold, "Similarity (1 - edits/length), above 0 and at most 1, at which paragraphs match.",
           RULE, RULE_PANEL, "0..1", low=0.0, high=1.0),
    Option("min_chars", int, _CONFIG.min_chars, "Smallest run removed, in normalised characters.",
           RULE, RULE_PANEL, "CHARS", low=0),
    Option("unit", str, _CONFIG.unit, "Paragraphs: decide per block, whole blocks, or lines.",
           RULE, RULE_PANEL, choices=UNITS),
    Option("wrap_width", int, _CONFIG.wrap_width, "Widest line (display columns) of a wrapped paragraph.",
           RULE, RULE_PANEL, "COLUMNS", low=1),
    Option("syntax", str, _CONFIG.syntax, "Structure to keep whole (code, tables, lists); auto: by file name (.md, .rst).",
           RULE, RULE_PANEL, choices=SYNTAXES),
    Option("keep_pattern", str, None, "Never remove a paragraph matching this regular expression (repeatable).",
           RUN | INDEXING, RULE_PANEL, "REGEX", many=True, show_default=False),
    Option("fix", str, None, f"Also apply a cleaning pass (repeatable): {_FIX_PASSES}.",
           RUN, RULE_PANEL, "PASS", many=True, show_default=False),
    # --- what is read
    Option("include", str, None, "In folders, take only files matching this glob (repeatable).",
           RUN, INPUT, "GLOB", many=True, show_default=False),
    Option("exclude", str, None, "In folders, skip files matching this glob (repeatable).",
           RUN | INDEXING, INPUT, "GLOB", many=True, show_default=False),
    Option("text_key", str, _RUN.text_key, "JSONL: the key holding each document's text.", RUN | INDEXING, INPUT, "KEY"),
    Option("id_key", str, _RUN.id_key, "JSONL: the key holding each document's id (else PATH:LINE).", RUN | INDEXING, INPUT, "KEY"),
    Option("on_error", str, _RUN.on_error, "JSONL: a malformed line fails the shard, or is skipped.", RUN, INPUT, choices=ON_ERROR),
    Option("input_format", str, _RUN.input_format, "Read standard input as text or JSONL.", RUN, INPUT, choices=INPUT_FORMATS,
           key=False),
    Option("max_document_size", int, _RUN.max_document_size,
           "Largest document, a file or a JSONL line (default 64 MiB); a larger one is bad input.", RUN, INPUT, "BYTES", low=1),
    Option("encoding", str, None, "Read inputs in this encoding instead of UTF-8 (written back the same).",
           RUN, INPUT, "CODEC", show_default=False),
    Option("encoding", str, None, "Read inputs in this encoding instead of UTF-8.",
           frozenset({EXPLAIN}), INPUT, "CODEC", show_default=False),
    # --- corpus scope
    Option("scope", str, _RUN.scope, "document: each document alone; corpus: also repeats of earlier documents.",
           RUN, CORPUS, choices=SCOPES),
    Option("index", str, None, "Corpus scope against a SQLite index of the whole corpus (default: .dedup/index.sqlite if built).",
           RUN, CORPUS, "PATH", show_default=False),
    Option("index", str, None, "The index file (default: .dedup/index.sqlite in the project).",
           INDEXING | {STATS, CLEAR}, CORPUS, "PATH", show_default=False),
    Option("rebuild", bool, False, "Replace an index built otherwise.", frozenset({BUILD}), CORPUS, key=False),
    Option("near_duplicate_docs", bool, False, "Also report documents that are near copies of an earlier one.", RUN, CORPUS),
    Option("documents_only", bool, False, "Look for near-duplicate documents only; leave paragraphs alone.", RUN, CORPUS),
    Option("doc_threshold", float, _RUN.doc_threshold, "Estimated Jaccard similarity of 5-character shingles for near-duplicate documents.",
           RUN, CORPUS, "0..1", low=0.0, high=1.0),
    Option("drop_duplicate_docs", bool, False, "JSONL: leave out documents that are near copies of an earlier one.",
           frozenset({CLEAN}), CORPUS, key=False),
    # --- processes and clusters
    Option("jobs", int, None, "Processes to use, at most the cores here (default: all cores for large inputs).",
           RUN | INDEXING, CLUSTER, "N", flags=("-j", "--jobs"), show_default=False),
    Option("executor", str, "local", "local: processes on this machine; dask: a Dask cluster (--scheduler, else a "
           "LocalCluster of -j workers here); the same results either way.", RUN, CLUSTER, choices=EXECUTORS, key=False),
    Option("scheduler", str, None, "With --executor dask: the Dask scheduler to use (tcp://host:8786).", RUN, CLUSTER,
           "ADDRESS", key=False, envvar="DASK_SCHEDULER_ADDRESS", show_default=False),
    # --- what is written
    Option("in_place", bool, False, "Rewrite each file atomically.", frozenset({CLEAN}), OUTPUT,
           flags=("-i", "--in-place", "--write"), key=False),
    Option("diff", bool, False, "Print a unified diff instead; change nothing.", frozenset({CLEAN}), OUTPUT, key=False),
    Option("output_dir", str, None, "Write a cleaned copy of each input to DIR, under its name below the folder given "
           "(unchanged inputs are copied), and the report to DIR/dedup-report.FORMAT.", frozenset({CLEAN}), OUTPUT, "DIR",
           flags=("-o", "--output-dir"), key=False, show_default=False),
    Option("baseline", str, None, "Fail only on findings this baseline file does not accept.",
           frozenset({CHECK}), OUTPUT, "FILE", show_default=False),
    Option("write_baseline", str, None, "Accept every current finding: write them to this baseline file.",
           frozenset({CHECK}), OUTPUT, "FILE", key=False, show_default=False),
    Option("report", str, None, "Write the report to this path ('-' for stdout).", RUN, OUTPUT, "PATH", key=False,
           show_default=False),
    Option("format", str, "text", "Report format.", RUN, OUTPUT, choices=FORMATS, defaults=((CLEAN, "json"),)),
    # --- settings and diagnostics
    Option("config", str, None, "Read settings from this TOML file.", RULE | {STATS, CLEAR}, None, "PATH", key=False,
           show_default=False),
    Option("isolated", bool, False, "Ignore settings files.", RULE | {STATS, CLEAR}, None, key=False),
    Option("quiet", bool, False, "Print nothing on stderr but errors.", RULE, OUTPUT, flags=("-q", "--quiet"), key=False),
    Option("verbose", bool, False, "Also say which files are clean.", RUN, OUTPUT, flags=("-v", "--verbose"), key=False),
    Option("color", str, "auto", "Colour diagnostics; NO_COLOR turns it off in auto.", RUN | {EXPLAIN}, OUTPUT,
           choices=COLORS, key=False),
)


def for_command(command: str) -> list[Option]:
    """The options of ``command``, in the order ``--help`` lists them within a panel."""
    return [option for option in OPTIONS if command in option.commands]


def default(command: str, name: str) -> Any:
    """The default of option ``name`` of ``command``."""
    return next(o.default_for(command) for o in for_command(command) if o.name == name)


def _keys() -> dict[str, Option]:
    keys: dict[str, Option] = {}
    for option in OPTIONS:
        if option.key:
            keys.setdefault(option.name, option)
    return keys


SETTINGS: dict[str, Option] = _keys()
"""The settings a file may set, by key (with ``_``)."""

KEYS: dict[str, type | tuple[type, ...]] = {name: option.value_type() for name, option in SETTINGS.items()}
"""Settings key -> the type its value must have."""
