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

from neurokb.core.errors import NeuroKBError, did_you_mean
from neurokb.core.kb import KnowledgeBase
from neurokb.core.memo import per_kb_and
from neurokb.graph.identity import author_index, venue_id, venue_labels
from neurokb.graph.keys import (  # the catalogue types live with the other graph vocabulary
    AlgorithmNode,
    Algorithms,
    EdgeKind,
    NodeKey,
    NodeKind,
)

Edge = tuple[NodeKey, EdgeKind, NodeKey]


def _by_name(algorithms: Algorithms) -> dict[str, AlgorithmNode]:
    return {alg.name: alg for alg in algorithms}


@per_kb_and
def node_keys(kb: KnowledgeBase, algorithms: Algorithms = ()) -> dict[NodeKind, dict[str, NodeKey]]:
    """One :class:`NodeKey` object per node, by kind and id (memoised per KB).

    Every node and edge below uses these objects, so a dict of nodes finds a key by identity,
    in C, instead of calling ``NodeKey.__eq__`` in Python: at 100k papers the edges hold a
    million and a half node references, and building or walking the graph was dominated by
    making and comparing equal but distinct keys.
    """
    ids = {
        NodeKind.TOPIC: sorted(kb.topics),
        NodeKind.PAPER: sorted(kb.papers),
        NodeKind.AUTHOR: list(author_index(kb).authors),
        NodeKind.VENUE: list(venue_labels(kb)),
        NodeKind.ALGORITHM: [alg.name for alg in algorithms],
    }
    return {kind: {i: NodeKey(kind, i) for i in names} for kind, names in ids.items()}


def iter_nodes(
    kb: KnowledgeBase, algorithms: Algorithms = ()
) -> Iterator[tuple[NodeKey, dict[str, Any]]]:
    """Every node with its attributes, in a fixed order (topics, papers, authors, venues,
    algorithms; each sorted), so traversals, exports and tie-breaks repeat exactly."""
    keys = node_keys(kb, algorithms)
    for topic_id, node in keys[NodeKind.TOPIC].items():
        yield node, {"kind": NodeKind.TOPIC, "label": kb.topics[topic_id].name}
    for key, node in keys[NodeKind.PAPER].items():
        paper = kb.papers[key]
        yield node, {"kind": NodeKind.PAPER, "label": paper.label, "year": paper.year}
    for author in author_index(kb).authors.values():
        yield keys[NodeKind.AUTHOR][author.id], {"kind": NodeKind.AUTHOR, "label": author.name}
    for vid, name in venue_labels(kb).items():
        yield keys[NodeKind.VENUE][vid], {"kind": NodeKind.VENUE, "label": name}
    for alg in algorithms:
        yield keys[NodeKind.ALGORITHM][alg.name], {"kind": NodeKind.ALGORITHM, "label": alg.title}


def iter_edges(kb: KnowledgeBase, algorithms: Algorithms = ()) -> Iterator[Edge]:
    """Every relation as (source, kind, target), in a fixed order; duplicates are possible
    (an implementation named by both the paper and the registry) and mean one edge."""
    keys = node_keys(kb, algorithms)
    topics, papers = keys[NodeKind.TOPIC], keys[NodeKind.PAPER]
    people, venues, implementations = (
        keys[NodeKind.AUTHOR],
        keys[NodeKind.VENUE],
        keys[NodeKind.ALGORITHM],
    )
    for topic_id, node in topics.items():
        topic = kb.topics[topic_id]
        for parent in topic.parents:
            if parent in topics:
                yield node, EdgeKind.SUBTOPIC_OF, topics[parent]
        for other in topic.related:
            if other in topics:
                yield node, EdgeKind.RELATED, topics[other]
    authors = author_index(kb)
    for key, node in papers.items():
        paper = kb.papers[key]
        for cited in paper.cites:
            if cited in papers and cited != key:
                yield node, EdgeKind.CITES, papers[cited]
        for topic_id in paper.topics:
            if topic_id in topics:
                yield node, EdgeKind.ABOUT, topics[topic_id]
        for person in paper.authors:
            yield node, EdgeKind.AUTHORED_BY, people[authors.id_of(person)]
        if paper.venue:
            yield node, EdgeKind.PUBLISHED_IN, venues[venue_id(paper.venue)]
        for name in paper.implementations:
            if name in implementations:
                yield implementations[name], EdgeKind.IMPLEMENTS, node
    for alg in algorithms:
        for key in alg.papers:
            if key in papers:
                yield implementations[alg.name], EdgeKind.IMPLEMENTS, papers[key]


@per_kb_and
def build_graph(kb: KnowledgeBase, algorithms: Algorithms = ()) -> nx.MultiDiGraph:
    """The concept graph of ``kb`` with the ``algorithms`` catalogue (memoised per KB and
    catalogue: treat it as read-only, copy to change it)."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(iter_nodes(kb, algorithms))
    for source, kind, target in iter_edges(kb, algorithms):
        graph.add_edge(source, target, key=kind.value, kind=kind)
    return graph


def label(kb: KnowledgeBase, node: NodeKey, algorithms: Algorithms = ()) -> str:
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
            return _by_name(algorithms)[node.id].title
    raise KeyError(node)


def _ids(kb: KnowledgeBase, kind: NodeKind, algorithms: Algorithms) -> Mapping[str, Any]:
    """The ids of one kind of node (as the keys of a mapping, for fast membership tests)."""
    pools: dict[NodeKind, Mapping[str, Any]] = {
        NodeKind.PAPER: kb.papers,
        NodeKind.TOPIC: kb.topics,
        NodeKind.AUTHOR: author_index(kb).authors,
        NodeKind.VENUE: venue_labels(kb),
        NodeKind.ALGORITHM: _by_name(algorithms),
    }
    return pools[kind]


def resolve(kb: KnowledgeBase, text: str | NodeKey, algorithms: Algorithms = ()) -> NodeKey:
    """The node a user means: a paper key, a topic id, or an explicit ``kind:id``.

    Unknown names raise :class:`~neurokb.core.errors.NeuroKBError` with the nearest keys.
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
    pool = _ids(kb, node.kind, algorithms)
    if node.id not in pool:
        guesses = [str(NodeKey(node.kind, g)) for g in did_you_mean(node.id, list(pool))]
        hint = f"did you mean {', '.join(guesses)}?" if guesses else "see `neurokb list`"
        raise NeuroKBError(f"no {node.kind} '{node.id}' in the knowledge base", hint)
    return node
