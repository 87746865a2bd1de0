"""The concept graph: every paper, topic, author, venue and algorithm as one NetworkX graph.

The graph is a *view* of the KnowledgeBase, derived in one pass and memoised on the KB; the
model data (titles, summaries ...) stays in the KB and nodes carry only what a drawing or an
export needs: ``kind`` and a human ``label`` (plus ``year`` on papers). Edges carry their
:class:`~neurokb.graph.keys.EdgeKind` as ``kind`` and use it as the multigraph edge key, so an
edge of one kind appears at most once between two nodes.

Only references that resolve are drawn: a ``cites`` key missing from the KB, an unknown topic or
an implementation nobody registered is a validation problem, reported by ``neurokb validate``,
not a dangling node.
"""

from __future__ import annotations

import networkx as nx

from neurokb.errors import NeuroKBError, did_you_mean
from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind
from neurokb.graph.names import author_index, venue_id, venue_labels
from neurokb.kb import KnowledgeBase
from neurokb.memo import per_kb


def _edge(graph: nx.MultiDiGraph, source: NodeKey, kind: EdgeKind, target: NodeKey) -> None:
    graph.add_edge(source, target, key=kind.value, kind=kind)


@per_kb
def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The concept graph of ``kb`` (memoised per KB: treat it as read-only, copy to change it).

    Nodes are added in a sorted order so that traversals, exports and tie-breaks are the same
    on every run.
    """
    from neurokb.algorithms.base import registry

    graph = nx.MultiDiGraph()
    authors = author_index(kb)
    venues = venue_labels(kb)
    papers = sorted(kb.papers.values(), key=lambda p: p.key)
    for topic_id in sorted(kb.topics):
        graph.add_node(NodeKey.topic(topic_id), kind=NodeKind.TOPIC, label=kb.topics[topic_id].name)
    for paper in papers:
        graph.add_node(NodeKey.paper(paper.key), kind=NodeKind.PAPER, label=paper.label,
                       year=paper.year)  # fmt: skip
    for author in authors.authors.values():
        graph.add_node(NodeKey(NodeKind.AUTHOR, author.id), kind=NodeKind.AUTHOR, label=author.name)
    for vid, label in venues.items():
        graph.add_node(NodeKey(NodeKind.VENUE, vid), kind=NodeKind.VENUE, label=label)
    algorithms = registry()
    for name, algorithm in algorithms.items():
        graph.add_node(NodeKey(NodeKind.ALGORITHM, name), kind=NodeKind.ALGORITHM,
                       label=algorithm.title)  # fmt: skip

    for topic_id in sorted(kb.topics):
        topic, node = kb.topics[topic_id], NodeKey.topic(topic_id)
        for parent in topic.parents:
            if parent in kb.topics:
                _edge(graph, node, EdgeKind.SUBTOPIC_OF, NodeKey.topic(parent))
        for other in topic.related:
            if other in kb.topics:
                _edge(graph, node, EdgeKind.RELATED, NodeKey.topic(other))
    for paper in papers:
        node = NodeKey.paper(paper.key)
        for cited in paper.cites:
            if cited in kb.papers and cited != paper.key:
                _edge(graph, node, EdgeKind.CITES, NodeKey.paper(cited))
        for topic_id in paper.topics:
            if topic_id in kb.topics:
                _edge(graph, node, EdgeKind.ABOUT, NodeKey.topic(topic_id))
        for person in paper.authors:
            _edge(
                graph, node, EdgeKind.AUTHORED_BY, NodeKey(NodeKind.AUTHOR, authors.id_of(person))
            )
        if paper.venue:
            _edge(
                graph, node, EdgeKind.PUBLISHED_IN, NodeKey(NodeKind.VENUE, venue_id(paper.venue))
            )
        for name in paper.implementations:
            if name in algorithms:
                _edge(graph, NodeKey(NodeKind.ALGORITHM, name), EdgeKind.IMPLEMENTS, node)
    for name, algorithm in algorithms.items():
        for key in algorithm.papers:
            if key in kb.papers:
                _edge(graph, NodeKey(NodeKind.ALGORITHM, name), EdgeKind.IMPLEMENTS,
                      NodeKey.paper(key))  # fmt: skip
    return graph


def label(kb: KnowledgeBase, node: NodeKey) -> str:
    """The human label of a node ("Zenke & Ganguli 2018", "Hebbian learning")."""
    data = build_graph(kb).nodes.get(node)
    return str(data["label"]) if data else str(node)


def resolve(kb: KnowledgeBase, text: str | NodeKey) -> NodeKey:
    """The node a user means: a paper key, a topic id, or an explicit ``kind:id``.

    Unknown names raise :class:`~neurokb.errors.NeuroKBError` with the nearest keys.
    """
    if isinstance(text, NodeKey):
        node = text
    elif text in kb.papers:
        return NodeKey.paper(text)
    elif text in kb.topics:
        return NodeKey.topic(text)
    elif ":" in text:
        node = NodeKey.parse(text)
    else:
        kb.entry(text)  # raises with did-you-mean
        raise AssertionError("unreachable")
    if node not in build_graph(kb):
        pool = [n.id for n in build_graph(kb) if n.kind is node.kind]
        guesses = [str(NodeKey(node.kind, g)) for g in did_you_mean(node.id, pool)]
        hint = f"did you mean {', '.join(guesses)}?" if guesses else "see `neurokb list`"
        raise NeuroKBError(f"no {node.kind} '{node.id}' in the graph", hint)
    return node
