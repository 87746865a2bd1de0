"""The path search itself: a bidirectional Dijkstra over any adjacency of the concept graph.

:mod:`~neurokb.graph.paths` explains the costs and builds the adjacency from a KnowledgeBase;
the index keeps the same adjacency as arrays (:mod:`neurokb.cache.pathindex`). Both walk it
here, so they settle the same nodes in the same order. This module imports neither NetworkX
nor the models: ``neurokb path`` answered from the index starts quickly.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from neurokb.core.errors import NeuroKBError
from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind

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


Step = tuple[EdgeKind, Direction, float]  # the cheapest relation to a neighbour, its cost


class Neighbours(Protocol):
    """One node's row of an adjacency: its neighbours in insertion order, with their steps."""

    def __len__(self) -> int: ...

    def items(self) -> Iterable[tuple[NodeKey, Step]]: ...


Labeler = Callable[[NodeKey], str]


class _Walker:
    """Dijkstra over an adjacency with the node penalties described above.

    The adjacency is any mapping from a node to its :class:`Neighbours`: the dicts built from
    a KnowledgeBase, or the arrays the index keeps (:mod:`neurokb.cache.graphindex`), which
    list the same neighbours in the same order, so both walks settle ties alike.
    """

    def __init__(self, adjacency: Mapping[NodeKey, Neighbours], label: Labeler) -> None:
        self.adjacency, self.label = adjacency, label
        self._penalty: dict[NodeKey, float] = {}

    def penalty(self, node: NodeKey) -> float:
        if node not in self._penalty:
            self._penalty[node] = HUB_COST * math.log2(1 + len(self.adjacency[node]))
        return self._penalty[node]

    def shortest(self, start: NodeKey, end: NodeKey, avoid: set[NodeKey]) -> list[Hop] | None:
        """Bidirectional Dijkstra: costs are symmetric, so two searches meet in the middle and
        settle far fewer nodes than one search would."""
        if start == end:
            return [Hop(start, self.label(start))]
        ahead, back = _Frontier(start), _Frontier(end)
        best, meet = math.inf, None
        while ahead.heap and back.heap and ahead.heap[0][0] + back.heap[0][0] < best:
            side, other = (ahead, back) if ahead.heap[0][0] <= back.heap[0][0] else (back, ahead)
            cost, _, node = heapq.heappop(side.heap)
            if cost > side.dist[node]:
                continue
            for step, (kind, direction, edge_cost) in self.adjacency[node].items():
                if step in avoid and step not in (start, end):
                    continue
                new = cost + edge_cost + (self.penalty(node) + self.penalty(step)) / 2
                if new < side.dist.get(step, math.inf):
                    side.reach(step, new, (node, kind, direction))
                if step in other.dist and side.dist[step] + other.dist[step] < best:
                    best, meet = side.dist[step] + other.dist[step], step
        if meet is None:
            return None
        return self._hops(ahead, back, meet)

    def _hops(self, ahead: _Frontier, back: _Frontier, meet: NodeKey) -> list[Hop]:
        first: list[Hop] = []
        node = meet
        while node != ahead.origin:  # meet back to the start, then reversed
            previous, kind, direction = ahead.came[node]
            first.append(Hop(node, self.label(node), kind, direction))
            node = previous
        first.append(Hop(node, self.label(node)))
        hops = first[::-1]
        node = meet
        while node != back.origin:  # the backward search saw each edge from the other end
            following, kind, direction = back.came[node]
            hops.append(Hop(following, self.label(following), kind, _FLIP[direction]))
            node = following
        return hops


_FLIP = {Direction.FORWARD: Direction.BACKWARD, Direction.BACKWARD: Direction.FORWARD}


class _Frontier:
    """One side of the bidirectional search: tentative costs, how each node was reached, heap."""

    def __init__(self, origin: NodeKey) -> None:
        self.origin = origin
        self.dist: dict[NodeKey, float] = {origin: 0.0}
        self.came: dict[NodeKey, tuple[NodeKey, EdgeKind, Direction]] = {}
        self.order = itertools.count()
        self.heap: list[tuple[float, int, NodeKey]] = [(0.0, next(self.order), origin)]

    def reach(self, node: NodeKey, cost: float, via: tuple[NodeKey, EdgeKind, Direction]) -> None:
        self.dist[node] = cost
        self.came[node] = via
        heapq.heappush(self.heap, (cost, next(self.order), node))


def avoided(roots: Iterable[str], venues: Iterable[str]) -> set[NodeKey]:
    """The nodes a first search leaves out: the root topics and every venue."""
    return {NodeKey.topic(t) for t in roots} | {NodeKey(NodeKind.VENUE, v) for v in venues}


def walk(
    adjacency: Mapping[NodeKey, Neighbours],
    label: Labeler,
    a: NodeKey,
    b: NodeKey,
    avoid: set[NodeKey],
) -> list[Hop]:
    """The cheapest chain from ``a`` to ``b`` avoiding ``avoid``, else through anything;
    :class:`NeuroKBError` when none exists."""
    walker = _Walker(adjacency, label)
    hops = walker.shortest(a, b, avoid) or walker.shortest(a, b, set())
    if hops is None:
        raise NeuroKBError(
            f"no chain of relations connects {a} and {b}",
            "they share no citations, topics, authors or venues; try `neurokb related`",
        )
    return hops


def format_path(hops: list[Hop]) -> str:
    """One line, arrows showing each relation's direction:
    ``Hebbian learning <-about- Miconi et al. 2018 -cites-> Oja 1982``."""
    parts = [hops[0].label] if hops else []
    for hop in hops[1:]:
        arrow = f"-{hop.edge}->" if hop.direction is Direction.FORWARD else f"<-{hop.edge}-"
        parts += [arrow, hop.label]
    return " ".join(parts)
