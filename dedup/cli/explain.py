"""``dedup explain``: how similar each paragraph is to its nearest earlier one."""

from __future__ import annotations

import sys

import dedup.cli.inputs as given_inputs
import dedup.cli.run_options as run_options
from dedup.cli.commands import Given, command
from dedup.cli.output import EXIT_ERROR, EXIT_HELP, EXIT_OK, Exit, colour
from dedup.cli.settings import start
from dedup.errors import DedupError
from dedup.options import EXPLAIN
from dedup.sources import STDIN


@command(EXPLAIN, epilog=EXIT_HELP)
def explain(given: Given) -> None:
    """Show how similar each paragraph is to its nearest earlier one, to tune --threshold
    and --min-chars: a histogram, the nearest misses and the weakest matches."""
    from dedup.explain import explain as explain_text
    from dedup.sources import decode, load
    from dedup.terminal import show_explanation

    out = start(given)
    config = run_options.config(given, out)
    coloured = colour(given["color"], sys.stdout)
    failed = False
    for path in given_inputs.inputs(given.paths, {}, out):
        try:
            if path == STDIN:
                document = decode("<stdin>", given_inputs.read_stdin(), given["encoding"])
            else:
                document = load(path, given["encoding"])
        except DedupError as error:
            out.error(str(error))
            failed = True
            continue
        explanation = explain_text(document.text, config.for_path(document.name))
        show_explanation(document.name, explanation, sys.stdout, coloured, min_chars=config.min_chars)
    raise Exit(EXIT_ERROR if failed else EXIT_OK)
