"""The plain command lines of ``dedup check`` and ``dedup clean``, read without typer.

pre-commit runs ``dedup check`` on every commit, and importing typer took half of
that command's start-up on a small file (issue #15: ``import typer`` alone is five
times ``python -c pass``). A command line made only of the command's options (each
as ``--name VALUE``, ``--name=VALUE`` or one short flag) and paths is read here, from
the registry typer's parameters are made from (:data:`dedup.options.OPTIONS`), with
click's order of sources (the command line, an option's environment variable, the
settings file, the default) and the values click would give the body. Anything else
is left to typer, which reads every command line: help, a usage error, an unknown or
combined flag, ``--``, a value that starts with ``-`` or that click would convert,
check or refuse (a number that is not plain digits, a choice or a bound not met, a
settings value of another type). So the two readers never disagree on what they
both take; ``tests/test_direct.py`` compares them.
"""

from __future__ import annotations

import os
import re
from typing import Any

from dedup.cli.commands import COMMAND_LINE, DEFAULT, ENVIRONMENT, SETTINGS, Given
from dedup.cli.settings import read as read_settings
from dedup.options import CHECK, CLEAN, Option, for_command

COMMANDS = (CHECK, CLEAN)
"""The commands whose plain command lines are read here."""

_DIGITS = re.compile(r"[0-9]+\Z")
_DECIMAL = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)\Z")


class _Declined(Exception):
    """The command line is left to typer."""


def read(args: list[str]) -> Given | None:
    """What the command line ``args`` (without the program's name) gives its command,
    as typer would give it; None when typer must read it."""
    if not args or args[0] not in COMMANDS:
        return None
    name = args[0]
    options = for_command(name)
    try:
        given, paths = _parse(options, args[1:])
        settings, error = read_settings(paths, given.get("config"), bool(given.get("isolated")))
        values: dict[str, Any] = {"paths": tuple(paths) or None}
        sources = {"paths": COMMAND_LINE if paths else DEFAULT}
        for option in options:
            if option.name in given:
                value, source = given[option.name], COMMAND_LINE
            elif option.envvar and os.environ.get(option.envvar):
                value, source = _converted(option, os.environ[option.envvar]), ENVIRONMENT
            elif error is None and option.name in settings.values:
                value, source = _setting(option, settings.values[option.name]), SETTINGS
            else:
                value, source = option.default_for(name), DEFAULT
            values[option.name], sources[option.name] = value, source
    except _Declined:
        return None
    return Given(name, values, sources, settings, error)


def _parse(options: list[Option], args: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The options given on the command line (by name, converted) and the paths."""
    flags = {flag: option for option in options for flag in option.names}
    given: dict[str, Any] = {}
    paths: list[str] = []
    k = 0
    while k < len(args):
        arg = args[k]
        k += 1
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        flag, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        option = flags.get(flag)
        if option is None:  # --help, --, an unknown or combined flag, -j2
            raise _Declined
        if option.kind is bool:
            if equals:
                raise _Declined
            given[option.name] = True
            continue
        if not equals:
            if k == len(args) or (args[k].startswith("-") and args[k] != "-"):
                raise _Declined
            value = args[k]
            k += 1
        converted = _converted(option, value)
        given[option.name] = (*given.get(option.name, ()), converted) if option.many else converted
    return given, paths


def _converted(option: Option, value: str) -> Any:
    """A value given as text, as click converts it, if it is plain."""
    if option.kind is int:
        if not _DIGITS.match(value):
            raise _Declined
        return _bounded(option, int(value))
    if option.kind is float:
        if not _DECIMAL.match(value):
            raise _Declined
        return _bounded(option, float(value))
    if option.choices and value not in option.choices:
        raise _Declined
    return value


def _setting(option: Option, value: Any) -> Any:
    """A settings file's value, as click converts a default, if it has the type given."""
    if option.many:
        if not (isinstance(value, list) and all(type(item) is str for item in value)):
            raise _Declined
        return tuple(value) or None  # (typer gives none for an empty list)
    if type(value) is not option.kind and not (option.kind is float and type(value) is int):
        raise _Declined
    if option.kind in (int, float):
        number: Any = option.kind
        return _bounded(option, number(value))
    if option.choices and value not in option.choices:
        raise _Declined
    return value


def _bounded(option: Option, value: float) -> Any:
    if not option.within(value):
        raise _Declined
    return value
