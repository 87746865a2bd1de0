"""Graph-view data: positions made at build time, page URLs, neighbourhoods."""

from __future__ import annotations

import json
import math

import networkx as nx
import pytest

from neurokb.graph import NodeKey, NodeKind
from neurokb.site import graph_view
from neurokb.site.context import SiteContext


def test_payload_has_positioned_nodes_with_pages(mini_ctx: SiteContext) -> None:
    data = graph_view.payload(mini_ctx)
    kinds = {n["kind"] for n in data["nodes"]}
    assert {"paper", "topic", "author"} <= kinds and "venue" not in kinds
    ids = {n["id"] for n in data["nodes"]}
    for node in data["nodes"]:
        assert isinstance(node["x"], float) and isinstance(node["y"], float)
        assert node["url"].endswith(".html")
    assert all(e["s"] in ids and e["t"] in ids for e in data["edges"])
    assert any(e["k"] == "cites" for e in data["edges"])


def test_layout_is_the_same_on_every_build(mini_ctx: SiteContext) -> None:
    assert graph_view.payload(mini_ctx) == graph_view.payload(mini_ctx)


def test_neighbourhood_is_centred_on_its_topic(mini_ctx: SiteContext) -> None:
    centre = NodeKey.topic("hebbian-learning")
    data = graph_view.neighbourhood(mini_ctx, centre)
    ids = {n["id"] for n in data["nodes"]}
    assert data["focus"] == str(centre) and str(centre) in ids
    assert "topic:synaptic-plasticity" in ids and "paper:oja1982simplified" in ids
    assert "topic:neuroai" not in ids  # two steps away


def test_data_script_sets_a_global_from_file_urls() -> None:
    script = graph_view.data_script({"nodes": [], "edges": []})
    assert script.startswith("window.NeuroKBGraphData = ")
    assert json.loads(script.split("=", 1)[1].rstrip(";\n")) == {"nodes": [], "edges": []}


def _synthetic_graph() -> nx.Graph:
    """Five topics with 60 papers each, citations along each topic, an author per paper, and
    two papers that link only to each other (a component with no topic)."""
    graph = nx.Graph()
    for t in range(5):
        topic = NodeKey.topic(f"t{t}")
        for i in range(60):
            paper = NodeKey.paper(f"p{t}x{i:02d}")
            graph.add_edge(paper, topic)
            graph.add_edge(paper, NodeKey(NodeKind.AUTHOR, f"a{t}x{i % 7}"))
            if i:
                graph.add_edge(paper, NodeKey.paper(f"p{t}x{i - 1:02d}"))
    graph.add_edge(NodeKey.paper("lonelya"), NodeKey.paper("lonelyb"))
    return graph


def test_large_graphs_force_only_a_core_and_place_the_rest(monkeypatch) -> None:
    monkeypatch.setattr(graph_view, "MAX_FORCED", 40)
    graph = _synthetic_graph()
    pos = graph_view.layout(graph)
    assert set(pos) == set(graph.nodes)
    assert len(set(pos.values())) == len(pos)  # no two nodes on one spot
    assert pos == graph_view.layout(graph)
    forced = graph_view._forced(graph, sorted(n for n in graph if n.kind is not NodeKind.AUTHOR))
    assert len(forced) == 40 and all(NodeKey.topic(f"t{t}") in forced for t in range(5))
    # The component without a forced node goes on a ring outside everything else.
    far = max(math.hypot(*xy) for n, xy in pos.items() if not n.id.startswith("lonely"))
    assert min(math.hypot(*pos[NodeKey.paper(k)]) for k in ("lonelya", "lonelyb")) > far * 0.9


def test_papers_sit_near_their_topic() -> None:
    graph = _synthetic_graph()
    pos = graph_view.layout(graph)
    for t in range(5):
        topic = pos[NodeKey.topic(f"t{t}")]
        mine = [math.dist(pos[n], topic) for n in graph.neighbors(NodeKey.topic(f"t{t}"))]
        other = pos[NodeKey.topic(f"t{(t + 1) % 5}")]
        theirs = [math.dist(pos[n], other) for n in graph.neighbors(NodeKey.topic(f"t{t}"))]
        assert sorted(mine)[len(mine) // 2] < sorted(theirs)[len(theirs) // 2]


def test_topic_neighbourhood_draws_its_best_connected_papers(
    mini_ctx: SiteContext, monkeypatch
) -> None:
    centre = NodeKey.topic("hebbian-learning")
    full = graph_view.neighbourhood(mini_ctx, centre)
    papers = [n["id"] for n in full["nodes"] if n["kind"] == "paper"]
    assert "omitted" not in full and len(papers) > 1
    monkeypatch.setattr(graph_view, "NEIGHBOURHOOD_PAPERS", 1)
    capped = graph_view.neighbourhood(mini_ctx, centre)
    kept = [n["id"] for n in capped["nodes"] if n["kind"] == "paper"]
    assert len(kept) == 1 and kept[0] in papers and capped["omitted"] == len(papers) - 1
    assert {n["id"] for n in capped["nodes"] if n["kind"] == "topic"} == {
        n["id"] for n in full["nodes"] if n["kind"] == "topic"
    }


def test_a_stray_node_does_not_shrink_the_drawing() -> None:
    raw = {NodeKey.paper(f"p{i:03d}"): (math.cos(i), math.sin(i)) for i in range(100)}
    raw[NodeKey.paper("stray")] = (1000.0, 0.0)
    pos = graph_view._rescale(raw, 100.0)
    norms = sorted(math.hypot(*p) for p in pos.values())
    assert norms[50] > 50  # the bulk fills the circle
    assert norms[-1] == pytest.approx(graph_view.OUTER * 100.0)  # the stray is pulled in


def test_a_kept_layout_is_the_layout_and_is_made_once_per_graph(
    mini_ctx: SiteContext, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neighbourhood layouts come from the build cache when the same graph is drawn again,
    with exactly the positions a fresh layout gives; another graph gets its own."""
    from dataclasses import replace

    from neurokb.site.buildcache import BuildCache

    drawn = graph_view.drawn_graph(mini_ctx.kb, mini_ctx.catalogue)
    centre = NodeKey.topic("hebbian-learning")
    near = drawn.subgraph(nx.single_source_shortest_path_length(drawn, centre, cutoff=1)).copy()
    fresh = graph_view.layout(near, star=True)
    made = []
    real = graph_view.layout

    def counted(graph: nx.Graph, *args: object, **kwargs: object) -> object:
        made.append(graph.number_of_nodes())
        return real(graph, *args, **kwargs)

    monkeypatch.setattr(graph_view, "layout", counted)
    first = BuildCache(tmp_path / "c.sqlite")
    assert graph_view.kept_layout(replace(mini_ctx, cache=first), near, star=True) == fresh
    first.close()
    again = BuildCache(tmp_path / "c.sqlite")  # the next build
    ctx = replace(mini_ctx, cache=again)
    assert graph_view.kept_layout(ctx, near, star=True) == fresh
    assert made == [near.number_of_nodes()]
    smaller = near.copy()
    smaller.remove_node(sorted(n for n in near if n != centre)[0])
    assert graph_view.kept_layout(ctx, smaller, star=True) == real(smaller, star=True)
    assert graph_view.kept_layout(ctx, near, star=False) == real(near, star=False)
    assert len(made) == 3
    again.close()
