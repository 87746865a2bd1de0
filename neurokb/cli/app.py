"""The ``neurokb`` Typer application: global options and the command groups it mounts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from neurokb import __version__
from neurokb.cli import (
    add,
    algorithms,
    cite,
    entries,
    explore,
    fmt,
    graph,
    new,
    query,
    review,
    stats,
    validate,
)
from neurokb.cli.common import App, state

app = App(
    name="neurokb",
    help="A curated knowledge base and citation tool for NeuroAI literature.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"neurokb {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    kb: Annotated[
        Path | None,
        typer.Option(
            "--kb",
            envvar="NEUROKB_DIR",
            help="Knowledge base folder (holding entries/); default: the current folder or above.",
            file_okay=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read the YAML files, bypassing the index cache.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A curated knowledge base and citation tool for NeuroAI literature."""
    state.kb_dir = kb
    state.use_cache = not no_cache
    state._kb = None


validate.register(app)
entries.register(app)
algorithms.register(app)
query.register(app)
explore.register(app)
stats.register(app)
graph.register(app)
fmt.register(app)
review.register(app)
new.register(app)
cite.register(app)
add.register(app)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app(prog_name="neurokb"))
