"""How the command line is read: the group and command classes behind the typer app.

- A usage error is one line, ``dedup: error: ... (see 'dedup check --help')``, exit 2,
  not click's box.
- ``--help`` lists the options in panels (input, rule, output, corpus, cluster: the
  ``rich_help_panel`` of each option, see :data:`dedup.options.PANELS`), also in
  plain text.
- Before a command's options are processed, its settings file is read and fills the
  context's ``default_map`` (:func:`dedup.cli.settings.apply`): a setting reaches every
  command as its default, and the command line still wins.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from dedup.display import shown
from dedup.options import PANELS


def one_line(error: UsageError) -> str:
    """A usage error as one line: what is wrong, and where the help is."""
    message = " ".join(error.format_message().split()).rstrip(".")
    if re.match(r"[A-Z][a-z]", message):
        message = message[0].lower() + message[1:]
    hint = ""
    if error.ctx is not None:
        hint = f" (see '{error.ctx.command_path} {error.ctx.help_option_names[-1]}')"
    return f"dedup: error: {shown(message)}{hint}\n"


@contextmanager
def _usage_in_one_line() -> Iterator[None]:
    try:
        yield
    except NoArgsIsHelpError:
        raise  # the help itself, as asked
    except UsageError as error:
        line = one_line(error)

        def show(file: IO[Any] | None = None) -> None:
            (file or sys.stderr).write(line)

        error.show = show  # type: ignore[method-assign]
        raise


class DedupGroup(TyperGroup):
    """The ``dedup`` group (and ``dedup index``): usage errors in one line."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        with _usage_in_one_line():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _usage_in_one_line():
            return super().invoke(ctx)


class DedupCommand(TyperCommand):
    """A ``dedup`` command: settings-file defaults, and ``--help`` in panels."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from dedup.cli.settings import apply

        apply(self, ctx, args)
        with _usage_in_one_line():
            return list(super().parse_args(ctx, args))

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        panels: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append(record)
            else:
                panels.setdefault(getattr(param, "rich_help_panel", None) or "", []).append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        for panel in (*PANELS, ""):
            if panel in panels:
                with formatter.section(f"{panel} options" if panel else "Options"):
                    formatter.write_dl(panels[panel])


def new_app(**settings: Any) -> typer.Typer:
    """A typer app (group) of dedup commands."""
    return typer.Typer(
        cls=DedupGroup,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        **settings,
    )
