"""The concept graph: typed keys, nodes and edges, author/venue merging, paths, PageRank.

Export formats are tested in test_graph_export.py.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from kbfixtures import load, mini_kb, write_paper, write_topic

from neurokb.core.errors import NeuroKBError
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Person
from neurokb.graph import (
    Direction,
    EdgeKind,
    NodeKey,
    NodeKind,
    author_id,
    author_index,
    build_graph,
    explain_path,
    format_path,
    pagerank,
    venue_id,
)
from neurokb.graph.build import AlgorithmNode
from neurokb.graph.identity import venue_label

P, T = NodeKey.paper, NodeKey.topic

# The algorithm catalogue is data the caller gives the graph (the CLI passes the registry).
CATALOGUE = (AlgorithmNode("hopfield", "Hopfield network", ("hopfield1982neural",)),)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(mini_kb(tmp_path_factory.mktemp("mini")))


def edges_of(graph: nx.MultiDiGraph, kind: EdgeKind) -> set[tuple[NodeKey, NodeKey]]:
    return {(u, v) for u, v, k in graph.edges(data="kind") if k is kind}


# -- keys ------------------------------------------------------------------------------------
def test_node_key_text_round_trip() -> None:
    key = NodeKey(NodeKind.PAPER, "hopfield1982neural")
    assert str(key) == "paper:hopfield1982neural"
    assert NodeKey.parse(str(key)) == key
    assert NodeKey.parse("author:zenke-f") == NodeKey(NodeKind.AUTHOR, "zenke-f")


@pytest.mark.parametrize("text", ["hopfield1982neural", "paper:", "person:zenke-f"])
def test_node_key_parse_rejects_malformed_text(text: str) -> None:
    with pytest.raises(NeuroKBError) as info:
        NodeKey.parse(text)
    assert "paper, topic, author, venue, algorithm" in info.value.hint


def test_node_keys_of_different_kinds_never_collide() -> None:
    assert NodeKey(NodeKind.ALGORITHM, "hopfield") != NodeKey(NodeKind.TOPIC, "hopfield")
    assert len({NodeKey(kind, "x") for kind in NodeKind}) == len(NodeKind)


# -- nodes and edges ---------------------------------------------------------------------------
def test_every_entry_is_a_labelled_node(kb: KnowledgeBase) -> None:
    graph = build_graph(kb, CATALOGUE)
    assert all(isinstance(node, NodeKey) for node in graph)
    assert {n.id for n in graph if n.kind is NodeKind.PAPER} == set(kb.papers)
    assert {n.id for n in graph if n.kind is NodeKind.TOPIC} == set(kb.topics)
    assert graph.nodes[P("zenke2018superspike")]["label"] == "Zenke & Ganguli 2018"
    assert graph.nodes[P("miconi2018differentiable")]["label"] == "Miconi et al. 2018"
    assert graph.nodes[T("hebbian-learning")]["label"] == "Hebbian learning"
    assert graph.nodes[NodeKey(NodeKind.ALGORITHM, "hopfield")]["kind"] is NodeKind.ALGORITHM


def test_edges_have_their_kind_and_direction(kb: KnowledgeBase) -> None:
    graph = build_graph(kb, CATALOGUE)
    assert (P("hopfield1982neural"), P("hebb1949organization")) in edges_of(graph, EdgeKind.CITES)
    assert (P("oja1982simplified"), T("hebbian-learning")) in edges_of(graph, EdgeKind.ABOUT)
    assert (T("hebbian-learning"), T("synaptic-plasticity")) in edges_of(
        graph, EdgeKind.SUBTOPIC_OF
    )
    assert edges_of(graph, EdgeKind.RELATED) == {
        (T("spiking-neural-networks"), T("synaptic-plasticity"))
    }
    assert (P("oja1982simplified"), NodeKey(NodeKind.AUTHOR, "oja-e")) in edges_of(
        graph, EdgeKind.AUTHORED_BY
    )
    assert (P("vanrossum2001novel"), NodeKey(NodeKind.VENUE, "neural-computation")) in edges_of(
        graph, EdgeKind.PUBLISHED_IN
    )
    assert (NodeKey(NodeKind.ALGORITHM, "hopfield"), P("hopfield1982neural")) in edges_of(
        graph, EdgeKind.IMPLEMENTS
    )
    assert len(edges_of(graph, EdgeKind.CITES)) == sum(len(p.cites) for p in kb.papers.values())


def test_graph_is_memoised_per_kb_and_rebuilt_for_a_new_kb(kb: KnowledgeBase) -> None:
    assert build_graph(kb) is build_graph(kb)
    again = load(kb.root)
    assert build_graph(again) is not build_graph(kb)
    assert nx.utils.graphs_equal(build_graph(again), build_graph(kb))


# -- authors and venues ------------------------------------------------------------------------
def test_initials_merge_with_the_only_matching_full_name(kb: KnowledgeBase) -> None:
    zenke = author_index(kb).authors["zenke-f"]
    assert zenke.papers == ("zenke2015diverse", "zenke2018superspike")
    assert zenke.name == "Friedemann Zenke"


def test_author_ids_fold_family_names() -> None:
    assert author_id(Person(family="van Rossum", given="Mark C. W.")) == "vanrossum-m"
    assert author_id(Person(family="Müller", given="Michael")) == "muller-m"
    assert author_id(Person(family="Kurth-Nelson", given="Zeb")) == "kurthnelson-z"
    assert author_id(Person(literal="Numenta, Inc.")) == "numenta-inc"


def test_ambiguous_initials_stay_apart(tmp_path: Path) -> None:
    write_topic(tmp_path, "t")
    for i, name in enumerate(["Smith, John", "Smith, Jane", "Smith, J.", "Smith, John A."]):
        write_paper(tmp_path, f"p{i}", authors=[name], topics=["t"])
    authors = author_index(load(tmp_path)).authors
    assert authors["smith-john"].papers == ("p0", "p3")
    assert authors["smith-jane"].papers == ("p1",)
    assert authors["smith-j"].papers == ("p2",)  # could be either: not merged


def test_orcid_identifies_a_person(tmp_path: Path) -> None:
    write_topic(tmp_path, "t")
    orcid = "0000-0002-1825-0097"  # the sample iD from ORCID's documentation (valid checksum)
    write_paper(tmp_path, "p0", authors=[{"family": "Doe", "given": "J.", "orcid": orcid}],
                topics=["t"])  # fmt: skip
    write_paper(tmp_path, "p1", authors=["Doe, Jane"], topics=["t"])
    write_paper(tmp_path, "p2", authors=["Doe, John"], topics=["t"])
    authors = author_index(load(tmp_path)).authors
    assert authors["doe-jane"].papers == ("p1",)
    assert authors["doe-john"].papers == ("p2",)
    assert authors["doe-j"].papers == ("p0",)  # ORCID without a full name: its own node


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("PLoS Biology", "PLOS Biology."),
        ("Proceedings of the 34th International Conference on Machine Learning (ICML 2017)",
         "Proceedings of the 35th International Conference on Machine Learning"),
        ("Advances in Neural Information Processing Systems (NeurIPS 2018)",
         "Advances in neural information processing systems"),
        ("The Journal of Physiology", "Journal of Physiology"),
    ],
)  # fmt: skip
def test_venue_spellings_merge(a: str, b: str) -> None:
    assert venue_id(a) == venue_id(b)


def test_venue_labels_drop_edition_marks() -> None:
    assert (
        venue_label(
            "Proceedings of the 35th International Conference on Machine Learning (ICML 2018)"
        )
        == "Proceedings of the International Conference on Machine Learning"
    )
    assert venue_id("Nature") != venue_id("Nature Communications")


# -- paths ---------------------------------------------------------------------------------------
def test_path_labels_each_hop_with_its_edge_kind(kb: KnowledgeBase) -> None:
    hops = explain_path(kb, "hebbian-learning", "hopfield1982neural")
    assert [str(h.node) for h in hops] == [
        "topic:hebbian-learning",
        "paper:hebb1949organization",
        "paper:hopfield1982neural",
    ]
    assert [(h.edge, h.direction) for h in hops] == [
        (None, None),
        (EdgeKind.ABOUT, Direction.BACKWARD),
        (EdgeKind.CITES, Direction.BACKWARD),
    ]
    assert format_path(hops) == "Hebbian learning <-about- Hebb 1949 <-cites- Hopfield 1982"


def test_path_avoids_the_root_topic_and_venues(tmp_path: Path) -> None:
    # x and z share a venue and hang off the root through their topics; only a chain of four
    # citations connects them otherwise. The chain is the meaningful answer.
    write_topic(tmp_path, "root")
    write_topic(tmp_path, "a", parents=["root"])
    write_topic(tmp_path, "b", parents=["root"])
    for own in ("c1", "c2", "c3"):  # each middle paper's own topic: no shortcut through one
        write_topic(tmp_path, own)
    chain = ["x2020a", "m2020b", "m2020c", "m2020d", "z2020e"]
    for i, key in enumerate(chain):
        cites = [chain[i + 1]] if i + 1 < len(chain) else []
        topics = ["a"] if i == 0 else ["b"] if i == len(chain) - 1 else [f"c{i}"]
        venue = "Nature" if key in ("x2020a", "z2020e") else None
        write_paper(tmp_path, key, authors=[f"Author{i}, A"], cites=cites, topics=topics,
                    venue=venue)  # fmt: skip
    hops = explain_path(load(tmp_path), "x2020a", "z2020e")
    assert [h.node.id for h in hops] == chain
    assert {h.edge for h in hops[1:]} == {EdgeKind.CITES}


def test_path_falls_back_to_venues_when_nothing_else_connects(tmp_path: Path) -> None:
    write_topic(tmp_path, "a")
    write_topic(tmp_path, "b")
    write_paper(tmp_path, "x2020one", authors=["X, Y"], venue="Nature", topics=["a"])
    write_paper(tmp_path, "z2020two", authors=["Z, W"], venue="Nature", topics=["b"])
    hops = explain_path(load(tmp_path), "x2020one", "z2020two")
    assert [str(h.node) for h in hops] == ["paper:x2020one", "venue:nature", "paper:z2020two"]
    assert [h.edge for h in hops[1:]] == [EdgeKind.PUBLISHED_IN, EdgeKind.PUBLISHED_IN]


def test_path_to_an_author_node(kb: KnowledgeBase) -> None:
    hops = explain_path(kb, "zenke2015diverse", NodeKey(NodeKind.AUTHOR, "zenke-f"))
    assert [h.edge for h in hops[1:]] == [EdgeKind.AUTHORED_BY]
    assert hops[-1].label == "Friedemann Zenke"


def test_path_unknown_key_suggests(kb: KnowledgeBase) -> None:
    with pytest.raises(NeuroKBError) as info:
        explain_path(kb, "hebbian-learnin", "hopfield1982neural")
    assert "hebbian-learning" in info.value.hint
    with pytest.raises(NeuroKBError) as info:
        explain_path(kb, "author:zenke-g", "hopfield1982neural")
    assert "author:zenke-f" in info.value.hint


def test_disconnected_nodes_have_no_path(tmp_path: Path) -> None:
    write_topic(tmp_path, "a")
    write_topic(tmp_path, "b")
    write_paper(tmp_path, "x2020one", authors=["X, Y"], topics=["a"])
    write_paper(tmp_path, "z2020two", authors=["Z, W"], topics=["b"])
    with pytest.raises(NeuroKBError, match="no chain of relations"):
        explain_path(load(tmp_path), "x2020one", "z2020two")


def test_paths_on_the_shipped_kb_are_labelled(shipped_kb: KnowledgeBase) -> None:
    hops = explain_path(shipped_kb, "hebbian-learning", "zenke2018superspike")
    assert hops[0].label == "Hebbian learning" and hops[-1].node == P("zenke2018superspike")
    assert all(h.edge is not None and h.direction is not None for h in hops[1:])
    assert NodeKind.VENUE not in {h.node.kind for h in hops}


# -- PageRank ------------------------------------------------------------------------------------
def dense_pagerank(n: int, edges: list[tuple[int, int]], alpha: float) -> np.ndarray:
    """Principal eigenvector of the Google matrix, built densely (the trusted reference)."""
    M = np.zeros((n, n))  # M[target, source]
    for u, v in set(edges):
        M[v, u] = 1.0
    out = M.sum(axis=0)
    M[:, out == 0] = 1.0 / n  # dangling nodes jump anywhere
    M[:, out > 0] /= out[out > 0]
    G = alpha * M + (1 - alpha) / n
    values, vectors = np.linalg.eig(G)
    v = np.real(vectors[:, np.argmax(np.real(values))])
    return v / v.sum()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pagerank_matches_the_eigenvector(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 30
    edges = [(int(u), int(v)) for u, v in rng.integers(0, n, size=(80, 2)) if u != v]
    ranks = pagerank(list(range(n)), edges, alpha=0.85)
    expected = dense_pagerank(n, edges, 0.85)
    np.testing.assert_allclose([ranks[i] for i in range(n)], expected, atol=1e-9)
    assert sum(ranks.values()) == pytest.approx(1.0)


def test_pagerank_of_nothing() -> None:
    assert pagerank([], []) == {}


def test_the_graph_has_the_algorithms_it_is_given(kb: KnowledgeBase) -> None:
    assert not [n for n in build_graph(kb) if n.kind is NodeKind.ALGORITHM]
    other = (AlgorithmNode("made-up", "Made up", ()),)
    assert [n.id for n in build_graph(kb, other) if n.kind is NodeKind.ALGORITHM] == ["made-up"]
