"""The settings file, applied once for every command, as black applies its own.

Before click processes a command's options, :func:`apply` reads the raw command
line for the inputs, ``--config`` and ``--isolated``, finds and reads the settings
file (:mod:`dedup.config_file`) and puts its values in the context's
``default_map``: each becomes the default of the option of that name, so a value on
the command line still wins, and every command that has the option (``clean``,
``check``, ``explain``, ``index build``...) gets it. An unreadable file is said once
the command starts (:func:`report`), with its colour and ``--quiet``.
"""

from __future__ import annotations

from typing import Any

from dedup.cli.commands import Given
from dedup.cli.output import Out, fail
from dedup.config_file import FileSettings, load
from dedup.errors import DedupError

_FOUND, _ERROR = "dedup.settings", "dedup.settings_error"


def read(paths: list[str], config: str | None, isolated: bool) -> tuple[FileSettings, str | None]:
    """The settings file for these inputs (an empty one if none), or what is wrong with it."""
    try:
        return load(paths, config, isolated), None
    except DedupError as error:
        return FileSettings(), str(error)


def apply(command: Any, ctx: Any, args: list[str]) -> None:
    """Fill ``ctx.default_map`` with the settings file's values for ``command``'s
    options (typer's reading of the command line)."""
    from typer._click.exceptions import UsageError

    names = {param.name for param in command.params}
    if "config" not in names or any(arg in ctx.help_option_names for arg in args):
        return  # --help shows the defaults of the tool, whatever the folder
    try:
        opts, _rest, _order = command.make_parser(ctx).parse_args(args=list(args))
    except UsageError:
        return  # the real parse says what is wrong
    found, error = read(list(opts.get("paths") or ()), opts.get("config"), bool(opts.get("isolated")))
    ctx.meta[_FOUND], ctx.meta[_ERROR] = found, error
    if error is None:
        values = {key: value for key, value in found.values.items() if key in names}
        ctx.default_map = {**(ctx.default_map or {}), **values}


def applied(ctx: Any) -> tuple[FileSettings, str | None]:
    """What :func:`apply` read for this command: the settings file, or what is wrong with it."""
    settings = ctx.meta.get(_FOUND)
    return settings if isinstance(settings, FileSettings) else FileSettings(), ctx.meta.get(_ERROR)


def start(given: Given) -> Out:
    """What every command does first: its :class:`Out` (``--color``, ``-q``, ``-v``),
    after saying what is wrong with its settings file (a bad one ends the command here)."""
    out = Out(given.get("color", "auto"), bool(given.get("quiet")), bool(given.get("verbose")))
    if given.settings_error is not None:
        fail(out, given.settings_error)
    for warning in given.settings.warnings:
        out.warn(warning)
    return out
