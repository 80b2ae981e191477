"""The ``dedup`` command group and its ``index`` subgroup: typer's reading of the
command line (:mod:`dedup.cli.direct` reads the plain ones of ``check`` and ``clean``
without it)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

import dedup.cli.check
import dedup.cli.clean
import dedup.cli.explain
import dedup.cli.index  # noqa: F401 - each module registers its command(s)
from dedup.cli.commands import REGISTERED
from dedup.cli.output import EXIT_HELP
from dedup.cli.params import register
from dedup.cli.parsing import new_app
from dedup.options import BUILD, CHECK, CLEAN, CLEAR, EXPLAIN, STATS, UPDATE

app = new_app(
    name="dedup",
    help="Find repeated and near-repeated blocks of text, remove them, and say what was removed.\n\n" + EXIT_HELP,
)
index_app = new_app(help="Manage the SQLite index that --scope corpus compares changed documents against.")
app.add_typer(index_app, name="index")
for _name in (CHECK, CLEAN, EXPLAIN, BUILD, UPDATE, STATS, CLEAR):  # (the order --help lists them in)
    _group, _, _sub = _name.rpartition(" ")
    register(index_app if _group else app, _sub, REGISTERED[_name])


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
