"""``neurokb algorithms``: the reference implementations."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from neurokb.algorithms.base import Algorithm, registry
from neurokb.cli.common import JsonOption, print_json, stdout


def algorithm_item(alg: Algorithm) -> dict[str, Any]:
    """The stable JSON shape of one algorithm."""
    return {
        "name": alg.name,
        "title": alg.title,
        "papers": list(alg.papers),
        "topic": alg.topic,
        "claim": alg.claim,
        "params": [
            {"name": p.name, "default": p.default, "type": p.type.__name__, "help": p.help}
            for p in alg.params
        ],
    }


def list_algorithms(as_json: JsonOption = False) -> None:
    """List the reference implementations, the papers they implement and the claim each reproduces."""
    algs = registry()
    if as_json:
        print_json([algorithm_item(a) for a in algs.values()])
        return
    table = Table(title="Reference implementations", show_lines=False)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("papers", style="green")
    table.add_column("claim")
    for alg in algs.values():
        table.add_row(alg.name, alg.title, ", ".join(alg.papers), alg.claim)
    stdout.print(table)


def register(app: typer.Typer) -> None:
    app.command("algorithms")(list_algorithms)
