"""The typer parameters of each command, made from the options registry
(:data:`dedup.options.OPTIONS`), and what typer read as a command body takes it.

A command body is declared as ``def body(given: Given) -> None``
(:mod:`dedup.cli.commands`); :func:`register` gives typer a signature with the
command's options from the registry, so an option is declared once whatever the
number of commands that take it.
"""

from __future__ import annotations

import functools
import inspect
from enum import Enum
from typing import Annotated, Any, Optional

import typer
from typer._click.core import ParameterSource

import dedup.cli.commands as commands
from dedup.cli.commands import COMMAND_LINE, DEFAULT, ENVIRONMENT, SETTINGS, Given, Registered
from dedup.options import Option, for_command

PATHS_HELP = "Files, folders (walked) or JSONL shards; none or '-' reads standard input."
EXPLAIN_PATHS_HELP = "Text files, each read whole (no folders; a JSONL shard is read as text); none or '-' reads standard input."


@functools.cache
def _choices(name: str, choices: tuple[str, ...]) -> type[Enum]:
    """An enum of the choices, as typer wants them (derived, never written out)."""
    return Enum(name.title().replace("_", ""), [(c, c) for c in choices], type=str)  # type: ignore[return-value]


def _parameter(option: Option, command: str) -> inspect.Parameter:
    kind: Any = _choices(option.name, option.choices) if option.choices else option.kind
    if option.many:
        kind = list[kind]
    default = option.default_for(command)
    if default is None:
        kind = Optional[kind]  # noqa: UP045 - typer reads this annotation at run time
    elif option.choices:
        default = _choices(option.name, option.choices)(default)
    info = typer.Option(
        *option.names,
        help=option.help,
        metavar=option.metavar,
        min=option.low,
        max=option.high,
        callback=_in_range(option) if option.low is not None or option.high is not None else None,
        envvar=option.envvar,
        show_default=option.show_default,
        rich_help_panel=option.panel,
    )
    return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, info])


def _in_range(option: Option) -> Any:
    """A check of what click's range lets through: NaN, which no comparison refuses."""

    def check(value: Any) -> Any:
        if value is not None and not option.within(value):
            raise typer.BadParameter(f"{value} is not in the range {option.metavar or ''}".rstrip())
        return value

    return check


def _paths(command: str) -> inspect.Parameter:
    info = typer.Argument(help=EXPLAIN_PATHS_HELP if command == "explain" else PATHS_HELP, show_default=False,
                          metavar="PATH...")
    return inspect.Parameter(
        "paths", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[Optional[list[str]], info]  # noqa: UP045
    )


_SOURCES: dict[ParameterSource | None, str] = {
    ParameterSource.COMMANDLINE: COMMAND_LINE,
    ParameterSource.ENVIRONMENT: ENVIRONMENT,
    ParameterSource.DEFAULT_MAP: SETTINGS,
}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return tuple(value)
    return value


def given_of(ctx: typer.Context, name: str, values: dict[str, Any]) -> Given:
    """What typer read for command ``name``, as its body takes it."""
    from dedup.cli.settings import applied

    settings, error = applied(ctx)
    sources = {key: _SOURCES.get(ctx.get_parameter_source(key), DEFAULT) for key in values}
    return Given(name, {key: _plain(value) for key, value in values.items()}, sources, settings, error)


def register(group: typer.Typer, name: str, command: Registered) -> None:
    """Give ``group`` the command ``command`` as ``name``, with the options the
    registry gives ``command.name`` (``"index build"``, say)."""
    from dedup.cli.parsing import DedupCommand

    def callback(ctx: typer.Context, **values: Any) -> None:
        code = commands.invoke(command.body, given_of(ctx, command.name, values))
        if code:
            raise typer.Exit(code)

    parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context), _paths(command.name)]
    parameters += [_parameter(option, command.name) for option in for_command(command.name)]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__annotations__ = {}
    callback.__doc__ = command.body.__doc__
    callback.__name__ = callback.__qualname__ = command.body.__name__
    group.command(name, cls=DedupCommand, epilog=command.epilog)(callback)
