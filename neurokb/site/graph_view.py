"""Data for the interactive graph: nodes with build-time positions, edges, and page URLs.

The browser only draws: the layout is computed here with NetworkX (a seeded spring layout, so
the picture is the same on every build and needs no layout code in JavaScript). Venues are
left out of the drawing: they have no page, and every paper would hang off one.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import numpy as np

from neurokb.graph import NodeKey, NodeKind, build_graph
from neurokb.kb import KnowledgeBase
from neurokb.memo import per_kb
from neurokb.site import md, urls
from neurokb.site.context import SiteContext

DRAWN = (NodeKind.PAPER, NodeKind.TOPIC, NodeKind.AUTHOR, NodeKind.ALGORITHM)
LAYOUT_SEED = 7
SMALL = 60  # graphs up to this many nodes get the fast spring layout
SPACING = 45.0  # layout radius per sqrt(node): about one node width apart at zoom 1


def node_page(node: NodeKey) -> str | None:
    """The source path of the page that describes ``node`` (None for kinds without pages)."""
    makers = {
        NodeKind.PAPER: urls.paper,
        NodeKind.TOPIC: urls.topic,
        NodeKind.AUTHOR: urls.author,
        NodeKind.ALGORITHM: urls.algorithm,
    }
    maker = makers.get(node.kind)
    return maker(node.id) if maker else None


@per_kb
def drawn_graph(kb: KnowledgeBase) -> nx.Graph:
    """The undirected simple graph that is drawn: drawn kinds only, parallel edges merged.

    Memoised per KB: every topic page cuts its neighbourhood out of it.
    """
    full = build_graph(kb)
    keep = [n for n, data in full.nodes(data=True) if data["kind"] in DRAWN]
    return nx.Graph(full.subgraph(keep))


def layout(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict[NodeKey, tuple[float, float]]:
    """Seeded spring layout of everything but authors, then authors around their papers.

    Authors are most of the nodes and almost all are leaves; laid out with the rest they push
    the papers and topics into a knot in the middle. Placing each author on a small circle
    around the centre of their papers keeps the core readable with or without them. Sorted
    node order keeps the layout the same on every build. The radius grows with the square root
    of the node count, so a small neighbourhood and the whole graph both show nodes at a
    readable size when fitted to their box.
    """
    core = nx.Graph()
    core.add_nodes_from(sorted(n for n in graph.nodes if n.kind is not NodeKind.AUTHOR))
    core.add_edges_from(
        sorted(tuple(sorted(e)) for e in graph.edges if core.has_node(e[0]) and core.has_node(e[1]))
    )
    size = max(core.number_of_nodes(), 1)
    if size == 1:
        pos = {n: np.zeros(2) for n in core.nodes}
    elif size <= SMALL:
        # A neighbourhood: one hub and its spokes, which a plain spring layout draws well.
        pos = _rescale(nx.spring_layout(core, k=2.0 / size**0.5, seed=seed), SPACING * size**0.5)
    else:
        # The whole graph: ForceAtlas2 with "distributed action" (dissuade hubs) pushes the
        # topics, which every paper links to, apart instead of knotting them in the middle.
        raw = nx.forceatlas2_layout(
            core, seed=seed, max_iter=300, distributed_action=True, scaling_ratio=4.0
        )
        pos = _rescale(raw, SPACING * size**0.5)
    authors = sorted(n for n in graph.nodes if n.kind is NodeKind.AUTHOR)
    around: dict[NodeKey, int] = {}
    for author in authors:
        papers = sorted(n for n in graph.neighbors(author) if n in pos)
        centre = np.mean([pos[p] for p in papers], axis=0) if papers else np.zeros(2)
        slot = around.get(papers[0], 0) if papers else 0
        if papers:
            around[papers[0]] = slot + 1
        angle = 2.4 * slot  # golden-angle steps: neighbours of one paper spread evenly
        radius = SPACING * (0.9 + 0.12 * slot)
        pos[author] = centre + radius * np.array([np.cos(angle), np.sin(angle)])
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def _rescale(pos: dict[NodeKey, Any], radius: float) -> dict[NodeKey, np.ndarray]:
    """Centre the positions and scale them so the farthest node is ``radius`` away."""
    points = np.array([pos[n] for n in pos], dtype=float)  # (n, 2)
    points -= points.mean(axis=0)
    far = float(np.abs(points).max()) or 1.0
    return {n: p * (radius / far) for n, p in zip(pos, points, strict=True)}


def payload(
    ctx: SiteContext, nodes: list[NodeKey] | None = None, focus: NodeKey | None = None
) -> dict[str, Any]:
    """The JSON the graph script reads: ``{"nodes": [...], "edges": [...], "focus": id}``.

    Edge direction and kind come from the full multigraph (``cites``, ``about`` ...); a pair
    linked by several kinds is drawn once, with the first kind in sorted order.
    """
    full = build_graph(ctx.kb)
    drawn = drawn_graph(ctx.kb)
    if nodes is not None:
        drawn = drawn.subgraph(nodes).copy()
    positions = layout(drawn)
    out_nodes = []
    for node in sorted(drawn.nodes):
        data = full.nodes[node]
        page = node_page(node)
        item: dict[str, Any] = {
            "id": str(node),
            "kind": str(data["kind"]),
            "label": str(data["label"]),
            "x": positions[node][0],
            "y": positions[node][1],
            "url": urls.page_url(page, ctx.use_directory_urls) if page else None,
            "degree": drawn.degree(node),
        }
        if node.kind is NodeKind.PAPER:
            item["title"] = ctx.kb.papers[node.id].title
        out_nodes.append(item)
    edges = []
    for a, b in sorted(tuple(sorted(e)) for e in drawn.edges):
        kinds = sorted(
            [(str(d["kind"]), a, b) for d in full.get_edge_data(a, b, default={}).values()]
            + [(str(d["kind"]), b, a) for d in full.get_edge_data(b, a, default={}).values()]
        )
        kind, source, target = kinds[0]
        edges.append({"s": str(source), "t": str(target), "k": kind})
    result: dict[str, Any] = {"nodes": out_nodes, "edges": edges}
    if focus is not None:
        result["focus"] = str(focus)
    return result


def neighbourhood(ctx: SiteContext, centre: NodeKey, radius: int = 1) -> dict[str, Any]:
    """The drawn graph within ``radius`` steps of ``centre``, laid out on its own."""
    drawn = drawn_graph(ctx.kb)
    near = nx.ego_graph(drawn, centre, radius=radius)
    return payload(ctx, list(near.nodes), focus=centre)


def data_script(data: dict[str, Any]) -> str:
    """The whole-graph data as a script (``fetch`` of a JSON file fails from ``file://``)."""
    return "window.NeuroKBGraphData = " + json.dumps(data, separators=(",", ":")) + ";\n"


def embed(data: dict[str, Any], *, height: str = "28rem", controls: bool = False) -> str:
    """A raw-HTML graph container with its data inline, for the graph script to mount."""
    blob = md.attr(json.dumps(data, separators=(",", ":")))
    flags = ' data-controls="true"' if controls else ""
    return f'<div class="nkb-graph" style="height: {height}" data-graph="{blob}"{flags}></div>\n'


def render_graph_page(ctx: SiteContext) -> str:
    """The full graph view; its data comes from a script file shared by no other page."""
    script = urls.from_page(urls.GRAPH, urls.GRAPH_DATA, ctx.use_directory_urls)
    return (
        md.front_matter(
            "Graph",
            "The neurokb concept graph: papers, topics, authors, algorithms",
            hide=("navigation", "toc"),
        )
        + "# Graph\n\n"
        "Papers, topics, authors and reference implementations, and how they connect. Drag to "
        "pan, scroll to zoom, tick the kinds to show (authors are hidden at first), search a "
        "node by name or title, and click a node to open its page.\n\n"
        '<div class="nkb-graph nkb-graph--full" data-source="NeuroKBGraphData" '
        'data-controls="true" data-hidden-kinds="author"></div>\n'
        f'<script src="{md.attr(script)}"></script>\n'
    )
