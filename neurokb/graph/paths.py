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

Ties resolve the same way on every run because nodes and edges are enumerated in sorted order.
"""

from __future__ import annotations

from functools import partial

from neurokb.core.kb import KnowledgeBase
from neurokb.core.memo import per_kb_and
from neurokb.graph.build import Algorithms, iter_edges, iter_nodes, label, resolve
from neurokb.graph.identity import venue_labels
from neurokb.graph.keys import NodeKey
from neurokb.graph.walk import (  # re-exported: the search's own names
    EDGE_COST,
    HUB_COST,
    Direction,
    Hop,
    Step,
    avoided,
    format_path,
    walk,
)

__all__ = ["EDGE_COST", "HUB_COST", "Direction", "Hop", "Step", "explain_path", "format_path"]


@per_kb_and
def _adjacency(
    kb: KnowledgeBase, algorithms: Algorithms = ()
) -> dict[NodeKey, dict[NodeKey, Step]]:
    """Node -> neighbour -> the cheapest relation between them, ignoring direction.

    Built from the same edges as the NetworkX graph but as plain dicts: several times faster
    to build and to walk, which matters when ``neurokb path`` runs on 100k papers.
    """
    adjacency: dict[NodeKey, dict[NodeKey, Step]] = {
        node: {} for node, _ in iter_nodes(kb, algorithms)
    }
    for source, kind, target in iter_edges(kb, algorithms):
        cost = EDGE_COST[kind]
        for a, b, direction in ((source, target, Direction.FORWARD),
                                (target, source, Direction.BACKWARD)):  # fmt: skip
            old = adjacency[a].get(b)
            if old is None or cost < old[2]:
                adjacency[a][b] = (kind, direction, cost)
    return adjacency


def _avoided(kb: KnowledgeBase) -> set[NodeKey]:
    return avoided([t.id for t in kb.topics.values() if not t.parents], venue_labels(kb))


def explain_path(
    kb: KnowledgeBase, start: str | NodeKey, end: str | NodeKey, algorithms: Algorithms = ()
) -> list[Hop]:
    """The chain of relations from ``start`` to ``end`` (paper keys, topic ids or NodeKeys),
    in the graph with the ``algorithms`` catalogue.

    Raises :class:`NeuroKBError` for unknown names (with suggestions) or when no chain exists.
    """
    a, b = resolve(kb, start, algorithms), resolve(kb, end, algorithms)
    labeler = partial(label, kb, algorithms=algorithms)
    return walk(_adjacency(kb, algorithms), labeler, a, b, _avoided(kb))
