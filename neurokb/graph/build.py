"""The concept graph: every paper, topic, author, venue and algorithm as one NetworkX graph.

What the graph contains is defined once, by :func:`iter_nodes` and :func:`iter_edges`; the
NetworkX graph (:func:`build_graph`, for export and for users' own analyses) and the lighter
adjacency that path search walks are both built from them, so they cannot disagree.

The graph is a *view* of the KnowledgeBase, memoised on the KB; the model data (titles,
summaries ...) stays in the KB and nodes carry only what a drawing or an export needs:
``kind`` and a human ``label`` (plus ``year`` on papers). Edges carry their
:class:`~neurokb.graph.keys.EdgeKind` as ``kind`` and use it as the multigraph edge key, so an
edge of one kind appears at most once between two nodes.

Only references that resolve are drawn: a ``cites`` key missing from the KB, an unknown topic or
an implementation nobody registered is a validation problem, reported by ``neurokb validate``,
not a dangling node.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from neurokb.errors import NeuroKBError, did_you_mean
from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind
from neurokb.graph.names import author_index, venue_id, venue_labels
from neurokb.kb import KnowledgeBase
from neurokb.memo import per_kb

Edge = tuple[NodeKey, EdgeKind, NodeKey]


def _algorithms() -> dict[str, Any]:
    from neurokb.algorithms.base import registry

    return dict(registry())


def iter_nodes(kb: KnowledgeBase) -> Iterator[tuple[NodeKey, dict[str, Any]]]:
    """Every node with its attributes, in a fixed order (topics, papers, authors, venues,
    algorithms; each sorted), so traversals, exports and tie-breaks repeat exactly."""
    for topic_id in sorted(kb.topics):
        yield NodeKey.topic(topic_id), {"kind": NodeKind.TOPIC, "label": kb.topics[topic_id].name}
    for key in sorted(kb.papers):
        paper = kb.papers[key]
        yield NodeKey.paper(key), {"kind": NodeKind.PAPER, "label": paper.label, "year": paper.year}
    for author in author_index(kb).authors.values():
        yield NodeKey(NodeKind.AUTHOR, author.id), {"kind": NodeKind.AUTHOR, "label": author.name}
    for vid, name in venue_labels(kb).items():
        yield NodeKey(NodeKind.VENUE, vid), {"kind": NodeKind.VENUE, "label": name}
    for name, algorithm in _algorithms().items():
        yield (
            NodeKey(NodeKind.ALGORITHM, name),
            {"kind": NodeKind.ALGORITHM, "label": algorithm.title},
        )


def iter_edges(kb: KnowledgeBase) -> Iterator[Edge]:
    """Every relation as (source, kind, target), in a fixed order; duplicates are possible
    (an implementation named by both the paper and the registry) and mean one edge."""
    for topic_id in sorted(kb.topics):
        topic, node = kb.topics[topic_id], NodeKey.topic(topic_id)
        for parent in topic.parents:
            if parent in kb.topics:
                yield node, EdgeKind.SUBTOPIC_OF, NodeKey.topic(parent)
        for other in topic.related:
            if other in kb.topics:
                yield node, EdgeKind.RELATED, NodeKey.topic(other)
    authors = author_index(kb)
    algorithms = _algorithms()
    for key in sorted(kb.papers):
        paper, node = kb.papers[key], NodeKey.paper(key)
        for cited in paper.cites:
            if cited in kb.papers and cited != key:
                yield node, EdgeKind.CITES, NodeKey.paper(cited)
        for topic_id in paper.topics:
            if topic_id in kb.topics:
                yield node, EdgeKind.ABOUT, NodeKey.topic(topic_id)
        for person in paper.authors:
            yield node, EdgeKind.AUTHORED_BY, NodeKey(NodeKind.AUTHOR, authors.id_of(person))
        if paper.venue:
            yield node, EdgeKind.PUBLISHED_IN, NodeKey(NodeKind.VENUE, venue_id(paper.venue))
        for name in paper.implementations:
            if name in algorithms:
                yield NodeKey(NodeKind.ALGORITHM, name), EdgeKind.IMPLEMENTS, node
    for name, algorithm in algorithms.items():
        for key in algorithm.papers:
            if key in kb.papers:
                yield NodeKey(NodeKind.ALGORITHM, name), EdgeKind.IMPLEMENTS, NodeKey.paper(key)


@per_kb
def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The concept graph of ``kb`` (memoised per KB: treat it as read-only, copy to change it)."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(iter_nodes(kb))
    for source, kind, target in iter_edges(kb):
        graph.add_edge(source, target, key=kind.value, kind=kind)
    return graph


def label(kb: KnowledgeBase, node: NodeKey) -> str:
    """The human label of a node ("Zenke & Ganguli 2018", "Hebbian learning"), without
    building the graph; raises KeyError for a node that does not exist."""
    match node.kind:
        case NodeKind.PAPER:
            return kb.papers[node.id].label
        case NodeKind.TOPIC:
            return kb.topics[node.id].name
        case NodeKind.AUTHOR:
            return author_index(kb).authors[node.id].name
        case NodeKind.VENUE:
            return venue_labels(kb)[node.id]
        case NodeKind.ALGORITHM:
            return str(_algorithms()[node.id].title)
    raise KeyError(node)


def _ids(kb: KnowledgeBase, kind: NodeKind) -> Mapping[str, Any]:
    """The ids of one kind of node (as the keys of a mapping, for fast membership tests)."""
    pools: dict[NodeKind, Mapping[str, Any]] = {
        NodeKind.PAPER: kb.papers,
        NodeKind.TOPIC: kb.topics,
        NodeKind.AUTHOR: author_index(kb).authors,
        NodeKind.VENUE: venue_labels(kb),
        NodeKind.ALGORITHM: _algorithms(),
    }
    return pools[kind]


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
        kb.entry(text)  # neither a paper nor a topic: raises with the nearest keys
        raise AssertionError(text)
    pool = _ids(kb, node.kind)
    if node.id not in pool:
        guesses = [str(NodeKey(node.kind, g)) for g in did_you_mean(node.id, list(pool))]
        hint = f"did you mean {', '.join(guesses)}?" if guesses else "see `neurokb list`"
        raise NeuroKBError(f"no {node.kind} '{node.id}' in the knowledge base", hint)
    return node
