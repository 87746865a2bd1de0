"""Graph export for Gephi, Cytoscape, Graphviz and scripts: one writer per format, by name.

Every writer takes the same flat graph (:func:`flatten`): node ids are ``str(NodeKey)``
("paper:hopfield1982neural") and every attribute is a plain string or integer, because GraphML
and GEXF cannot hold Python objects. Writers return text; writing the file (atomically) is the
caller's business.

- ``graphml``/``gexf``: NetworkX's writers; ``networkx.read_graphml`` gives the graph back.
- ``json``: NetworkX node-link data (``nodes`` / ``edges`` with ``source``, ``target``, ``key``),
  the format d3 and ``networkx.node_link_graph`` read.
- ``dot``: written here (no pydot dependency); ids and labels are quoted and escaped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

import networkx as nx

from neurokb.graph.keys import NodeKind

Writer = Callable[[nx.MultiDiGraph], str]


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def flatten(graph: nx.MultiDiGraph, kinds: Iterable[NodeKind] | None = None) -> nx.MultiDiGraph:
    """A copy with string node ids and scalar attributes, optionally only some node kinds."""
    keep = set(kinds) if kinds else set(NodeKind)
    flat = nx.MultiDiGraph(name="neurokb")
    for node, data in graph.nodes(data=True):
        if node.kind in keep:
            flat.add_node(str(node), **{k: _scalar(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        if source.kind in keep and target.kind in keep:
            attrs = {k: _scalar(v) for k, v in data.items()}
            flat.add_edge(str(source), str(target), key=str(key), **attrs)
    return flat


def to_graphml(flat: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(flat)) + "\n"


def to_gexf(flat: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_gexf(flat)) + "\n"


def to_json(flat: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(flat, edges="edges")
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


_SHAPES = {"paper": "box", "topic": "ellipse", "author": "plaintext", "venue": "hexagon",
           "algorithm": "component"}  # fmt: skip


def _quote(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _attrs(data: dict[str, object]) -> str:
    return ", ".join(f"{name}={_quote(value)}" for name, value in data.items())


def to_dot(flat: nx.MultiDiGraph) -> str:
    """Graphviz DOT; render with ``dot -Tsvg`` (large graphs: ``sfdp``)."""
    lines = ["digraph neurokb {", "  node [fontname=Helvetica];"]
    for node, data in flat.nodes(data=True):
        extra = {"shape": _SHAPES.get(str(data.get("kind")), "ellipse")}
        lines.append(f"  {_quote(node)} [{_attrs({**data, **extra})}];")
    for source, target, data in flat.edges(data=True):
        lines.append(
            f"  {_quote(source)} -> {_quote(target)} [{_attrs({**data, 'label': data['kind']})}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Writer] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "json": to_json,
    "dot": to_dot,
}


def export_graph(
    graph: nx.MultiDiGraph, fmt: str, kinds: Iterable[NodeKind] | None = None
) -> tuple[str, nx.MultiDiGraph]:
    """The graph in format ``fmt`` and the flat graph it was written from (for summaries)."""
    flat = flatten(graph, kinds)
    return WRITERS[fmt](flat), flat
