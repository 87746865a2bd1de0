"""``explain_path``: the shortest *meaningful* chain of relations between two nodes.

Plain shortest paths in a concept graph are useless: almost any two papers are two hops apart
through the venue "Nature" or the root topic, which says nothing. So the search walks the graph
ignoring edge direction, with costs that favour specific relations:

- each edge kind has a base cost: citations, topic membership, the topic tree, authorship and
  implementations are cheap; "related topic" links cost more; "published in" costs most;
- passing *through* a node costs more the more connections it has (log of its degree), so a
  chain through a shared author of two papers beats one through a topic of thirty;
- the root topics (no parents, e.g. ``neuroai``) and venues are left out entirely unless no
  other chain exists.

Ties resolve the same way on every run because the graph is built in sorted order.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from neurokb.errors import NeuroKBError
from neurokb.graph.build import build_graph, label, resolve
from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind
from neurokb.kb import KnowledgeBase
from neurokb.memo import per_kb

EDGE_COST: dict[EdgeKind, float] = {
    EdgeKind.CITES: 1.0,
    EdgeKind.ABOUT: 1.0,
    EdgeKind.SUBTOPIC_OF: 1.0,
    EdgeKind.AUTHORED_BY: 1.0,
    EdgeKind.IMPLEMENTS: 1.0,
    EdgeKind.RELATED: 1.5,
    EdgeKind.PUBLISHED_IN: 3.0,
}
HUB_COST = 0.25  # per doubling of a node's degree


class Direction(StrEnum):
    FORWARD = "forward"  # previous node -edge-> this node
    BACKWARD = "backward"  # this node -edge-> previous node


@dataclass(frozen=True)
class Hop:
    """One node of a path and how it was reached from the previous node (None for the start)."""

    node: NodeKey
    label: str
    edge: EdgeKind | None = None
    direction: Direction | None = None


@per_kb
def _walk_graph(kb: KnowledgeBase) -> nx.Graph:
    """Undirected graph with, per node pair, the cheapest relation between them."""
    graph = build_graph(kb)
    penalty = {node: HUB_COST * math.log2(1 + graph.degree(node)) for node in graph}
    walk = nx.Graph()
    walk.add_nodes_from(graph)
    for source, target, kind in graph.edges(data="kind"):
        cost = EDGE_COST[kind] + (penalty[source] + penalty[target]) / 2
        old = walk.get_edge_data(source, target)
        if old is None or cost < old["cost"]:
            walk.add_edge(source, target, cost=cost, kind=kind, source=source)
    return walk


def _avoided(kb: KnowledgeBase, walk: nx.Graph) -> set[NodeKey]:
    roots = {NodeKey.topic(t.id) for t in kb.topics.values() if not t.parents}
    return roots | {node for node in walk if node.kind is NodeKind.VENUE}


def _shortest(walk: nx.Graph, start: NodeKey, end: NodeKey, avoid: Iterable[NodeKey]) -> list:
    skip = set(avoid) - {start, end}
    view = nx.subgraph_view(walk, filter_node=lambda node: node not in skip) if skip else walk
    return nx.dijkstra_path(view, start, end, weight="cost")


def explain_path(kb: KnowledgeBase, start: str | NodeKey, end: str | NodeKey) -> list[Hop]:
    """The chain of relations from ``start`` to ``end`` (paper keys, topic ids or NodeKeys).

    Raises :class:`NeuroKBError` for unknown names (with suggestions) or when no chain exists.
    """
    a, b = resolve(kb, start), resolve(kb, end)
    walk = _walk_graph(kb)
    try:
        nodes = _shortest(walk, a, b, _avoided(kb, walk))
    except nx.NetworkXNoPath:
        try:
            nodes = _shortest(walk, a, b, ())
        except nx.NetworkXNoPath:
            raise NeuroKBError(
                f"no chain of relations connects {a} and {b}",
                "they share no citations, topics, authors or venues; try `neurokb related`",
            ) from None
    hops = [Hop(a, label(kb, a))]
    for previous, node in itertools.pairwise(nodes):
        data = walk.edges[previous, node]
        direction = Direction.FORWARD if data["source"] == previous else Direction.BACKWARD
        hops.append(Hop(node, label(kb, node), data["kind"], direction))
    return hops


def format_path(hops: list[Hop]) -> str:
    """One line, arrows showing each relation's direction:
    ``Hebbian learning <-about- Miconi et al. 2018 -cites-> Oja 1982``."""
    parts = [hops[0].label] if hops else []
    for hop in hops[1:]:
        arrow = f"-{hop.edge}->" if hop.direction is Direction.FORWARD else f"<-{hop.edge}-"
        parts += [arrow, hop.label]
    return " ".join(parts)
