"""The ``dedup`` command group and its ``index`` subgroup."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dedup.cli.output import EXIT_HELP
from dedup.cli.parsing import new_app

app = new_app(
    name="dedup",
    help="Find repeated and near-repeated blocks of text, remove them, and say what was removed.\n\n" + EXIT_HELP,
)
index_app = new_app(help="Manage the SQLite index that --scope corpus compares changed documents against.")
app.add_typer(index_app, name="index")


def _version(value: bool) -> None:
    if value:
        from dedup.native import ENGINE
        from dedup.report.render_json import _tool_version

        sys.stdout.write(f"dedup {_tool_version()} ({ENGINE} engine)\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("-V", "--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find repeated and near-repeated blocks of text, remove them, and say what was removed."""
