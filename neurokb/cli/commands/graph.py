"""``neurokb graph export``: the concept graph as GraphML, GEXF, node-link JSON or DOT."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from neurokb.cli.common import (
    App,
    Exit,
    JsonOption,
    algorithms,
    fail,
    open_library,
    print_json,
    stderr,
)
from neurokb.core.atomic import atomic_text_file
from neurokb.graph import NodeKind
from neurokb.graph.export import write_graph


class Format(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    dot = "dot"


graph_app = App(
    name="graph",
    help="The concept graph of papers, topics, authors, venues and algorithms.",
    no_args_is_help=True,
)


@graph_app.command("export")
def export(
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="graphml (Gephi, Cytoscape), gexf (Gephi), json "
            "(node-link, d3/NetworkX) or dot (Graphviz).",
        ),
    ] = Format.graphml,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", dir_okay=False, help="Write to FILE (atomically) instead of stdout."
        ),
    ] = None,
    kinds: Annotated[
        list[NodeKind] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Export only these node kinds (repeatable), e.g. -k paper -k topic.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Export the concept graph for Gephi, Cytoscape, Graphviz or scripts.

    Node ids are KIND:ID (paper:hopfield1982neural); nodes carry kind and label (papers also
    year); edges carry kind: cites, about, subtopic-of, related, authored-by, published-in,
    implements. With -o, --json prints a summary of what was written.

    Example: neurokb graph export -f graphml -o neurokb.graphml
    """
    if as_json and output is None:
        raise fail(
            "--json describes a written file: give -o FILE",
            "to print the graph itself as JSON use --format json",
            Exit.USAGE,
        )
    library = open_library()
    if output is None:
        write_graph(*library.graph_rows(algorithms()), fmt.value, sys.stdout, kinds)
        return
    with atomic_text_file(output) as out:
        written = write_graph(*library.graph_rows(algorithms()), fmt.value, out, kinds)
    summary = {"format": fmt.value, "path": str(output), "nodes": written.nodes,
               "edges": written.edges}  # fmt: skip
    if as_json:
        print_json(summary)
    else:
        stderr.print(f"wrote {summary['nodes']} nodes and {summary['edges']} edges to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(graph_app, name="graph")
