"""The typer parameters of each command, made from the options registry
(:data:`dedup.options.OPTIONS`), and the values a command body receives.

A command body is declared as ``def body(given: Given) -> None``; :func:`command`
gives typer a signature with the command's options from the registry, so an option
is declared once whatever the number of commands that take it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Optional

import typer
from typer._click.core import ParameterSource

from dedup.options import Option, for_command

PATHS_HELP = "Files, folders (walked) or JSONL shards; none or '-' reads standard input."


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
        envvar=option.envvar,
        show_default=option.show_default,
        rich_help_panel=option.panel,
    )
    return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, info])


def _paths() -> inspect.Parameter:
    info = typer.Argument(help=PATHS_HELP, show_default=False, metavar="PATH...")
    return inspect.Parameter(
        "paths", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[Optional[list[str]], info]  # noqa: UP045
    )


@dataclass(frozen=True)
class Given:
    """What a command was given: each option's value (a choice as its string, a
    repeatable option as a tuple), and where each came from."""

    command: str
    values: dict[str, Any]
    ctx: typer.Context

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    @property
    def paths(self) -> list[str]:
        return list(self.values.get("paths") or [])

    def from_file(self, name: str) -> bool:
        """Whether the settings file gave ``name``'s value."""
        return self.ctx.get_parameter_source(name) is ParameterSource.DEFAULT_MAP

    def given(self, name: str) -> bool:
        """Whether the command line (or the environment) gave ``name``'s value."""
        return self.ctx.get_parameter_source(name) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return tuple(value)
    return value


Body = Callable[[Given], None]


def command(group: typer.Typer, name: str, registry_name: str, *, epilog: str | None = None) -> Callable[[Body], Body]:
    """Register ``body`` as the command ``name`` of ``group``, with the options the
    registry gives ``registry_name`` (``"index build"``, say)."""
    from dedup.cli.entry import guarded
    from dedup.cli.parsing import DedupCommand

    def register(body: Body) -> Body:
        def callback(ctx: typer.Context, **values: Any) -> None:
            body(Given(registry_name, {key: _plain(value) for key, value in values.items()}, ctx))

        parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context), _paths()]
        parameters += [_parameter(option, registry_name) for option in for_command(registry_name)]
        callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        callback.__annotations__ = {}
        callback.__doc__ = body.__doc__
        callback.__name__ = callback.__qualname__ = body.__name__
        group.command(name, cls=DedupCommand, epilog=epilog)(guarded(callback))
        return body

    return register
