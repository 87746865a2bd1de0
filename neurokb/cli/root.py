"""The ``neurokb`` Typer application: global options and the command groups it mounts.

The console entry point is :func:`neurokb.cli.app.main`, which loads this module only for
what :mod:`neurokb.cli.quick` leaves to Typer.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any

import typer
import typer._click as click
from typer.core import TyperGroup

from neurokb import __version__
from neurokb.cli.common import App, Session, begin


def _command_modules() -> dict[str, str]:
    """Command name -> its module in :mod:`neurokb.cli.commands`, from the file names alone.

    One module per command, named after it, so the list is derived and never kept by hand;
    nothing is imported here: ``neurokb search`` must not pay for NumPy (algorithms),
    NetworkX (graph) or Markdown rendering (show) at start-up.
    """
    from neurokb.cli import commands

    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.ispkg)
    return {name.replace("_", "-"): name for name in names}


COMMANDS = _command_modules()


class _Commands(MutableMapping[str, Any]):  # values: Typer's Click commands
    """``Group.commands`` that imports a command's module the first time the command is used.

    Anything reading ``group.commands`` (Click itself, help, tests that walk the commands)
    sees every name; only the command actually looked up gets loaded.
    """

    def __init__(self) -> None:
        self.loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            commands = App()
            importlib.import_module(f"neurokb.cli.commands.{COMMANDS[name]}").register(commands)
            self.loaded[name] = typer.main.get_group(commands).commands[name]
        return self.loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self.loaded))


class LazyCommands(TyperGroup):
    """The root group, with lazily loaded commands listed in the order of :data:`COMMANDS`
    (alphabetical)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()  # type: ignore[assignment]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's plain help: Typer's boxed help imports Rich and markdown-it (about 0.1 s),
        more than ``neurokb --help`` may take. A command's own ``--help`` stays boxed."""
        click.Command.format_help(self, ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of Click's help, from :data:`~neurokb.cli.commands.SUMMARIES`
        (each command's first sentence): Click's own would import every command module to
        read its docstring."""
        from neurokb.cli.commands import SUMMARIES

        rows = [
            (name, SUMMARIES[name] if name in SUMMARIES else self._summary(ctx, name))
            for name in self.list_commands(ctx)
        ]  # whole sentences, wrapped
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def _summary(self, ctx: click.Context, name: str) -> str:
        """A command added at run time (not a module of neurokb.cli.commands) speaks for itself."""
        command = self.get_command(ctx, name)
        return command.get_short_help_str(limit=1_000) if command is not None else ""


app = App(
    name="neurokb",
    help="A curated knowledge base and citation tool for NeuroAI literature.",
    cls=LazyCommands,
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
    ctx: typer.Context,
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
    begin(ctx, Session(kb_dir=kb, use_index=not no_cache))
