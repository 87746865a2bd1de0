"""Graph-view data: positions made at build time, page URLs, neighbourhoods."""

from __future__ import annotations

import json

from neurokb.graph import NodeKey
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
