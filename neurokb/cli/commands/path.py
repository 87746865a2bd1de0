"""``neurokb path``: the shortest meaningful chain of relations between two nodes.

Unknown keys exit 1 with the nearest keys; JSON shapes are documented in
:mod:`neurokb.core.serialize`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from neurokb.cli.common import (
    JsonOption,
    algorithms,
    open_library,
    print_json,
    stdout,
)
from neurokb.core.serialize import hop_item


def path_cmd(
    start: Annotated[
        str,
        typer.Argument(
            help="Paper key, topic id, or KIND:ID (author:zenke-f).",
            metavar="FROM",
            show_default=False,
        ),
    ],
    end: Annotated[
        str, typer.Argument(help="Same forms as FROM.", metavar="TO", show_default=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """The shortest meaningful chain of relations between two papers, topics or other nodes.

    Chains through citations, topics and shared authors are preferred; the root topic and venues
    are used only when nothing else connects the two.

    Example: neurokb path hebbian-learning zenke2018superspike
    """
    from neurokb.graph.walk import Direction, format_path

    first, last, hops = open_library().path(start, end, algorithms())
    if as_json:
        print_json(
            {
                "from": str(first),
                "to": str(last),
                "text": format_path(hops),
                "hops": [hop_item(h) for h in hops],
            }
        )
        return
    stdout.print(format_path(hops), style="bold")
    table = Table(header_style="bold", pad_edge=False, box=None)
    for column in ("#", "via", "node", "kind", "id"):
        table.add_column(column, style="dim" if column in ("#", "kind") else None)
    for i, hop in enumerate(hops):
        via = ""
        if hop.edge is not None:
            via = f"-{hop.edge}->" if hop.direction is Direction.FORWARD else f"<-{hop.edge}-"
        table.add_row(str(i), via, hop.label, hop.node.kind.value, hop.node.id)
    stdout.print(table)


def register(app: typer.Typer) -> None:
    app.command("path")(path_cmd)
