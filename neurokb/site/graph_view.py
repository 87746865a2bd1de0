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

from neurokb.core import titlemarkup
from neurokb.core.kb import KnowledgeBase
from neurokb.core.memo import per_kb_and
from neurokb.graph import Algorithms, NodeKey, NodeKind, build_graph
from neurokb.site import md, urls
from neurokb.site.context import SiteContext

DRAWN = (NodeKind.PAPER, NodeKind.TOPIC, NodeKind.AUTHOR, NodeKind.ALGORITHM)
LAYOUT_SEED = 7
SMALL = 60  # graphs up to this many nodes get the fast spring layout
MAX_FORCED = 600  # at most this many nodes get a force layout (its cost grows as n squared)
OUTER = 1.2  # no force-laid node lies farther than this many times the layout radius
NEIGHBOURHOOD_PAPERS = 120  # a topic page draws at most this many of its papers
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


@per_kb_and
def drawn_graph(kb: KnowledgeBase, algorithms: Algorithms = ()) -> nx.Graph:
    """The undirected simple graph that is drawn: drawn kinds only, parallel edges merged.

    Memoised per KB and algorithm catalogue: every topic page cuts its neighbourhood out of it.
    """
    full = build_graph(kb, algorithms)
    keep = [n for n, data in full.nodes(data=True) if data["kind"] in DRAWN]
    return nx.Graph(full.subgraph(keep))


def layout(
    graph: nx.Graph, seed: int = LAYOUT_SEED, *, star: bool = False
) -> dict[NodeKey, tuple[float, float]]:
    """Positions for every node: a force layout of the best-connected core, the rest around it.

    Authors are most of the nodes and almost all are leaves; laid out with the rest they push
    the papers and topics into a knot in the middle, so they are placed afterwards, each on a
    small spiral around the centre of their papers. A force layout costs the square of its
    node count per step, so only up to :data:`MAX_FORCED` nodes get one — all topics and
    algorithms, then the papers with the most links — and the other papers are placed the
    way authors are, around what they link to; so are nodes with no link among the forced
    ones, which a force layout would fling far out. ``star`` (a neighbourhood: one hub and its
    spokes) asks for a plain spring layout, which draws that shape well. Sorted node order
    keeps the layout the same on every build. The radius grows with the square root of the node count, so a small
    neighbourhood and the whole graph both show nodes at a readable size when fitted to their
    box.
    """
    nodes = sorted(n for n in graph.nodes if n.kind is not NodeKind.AUTHOR)
    forced = _forced(graph, nodes)
    core = nx.Graph()
    core.add_nodes_from(forced)
    core.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(forced).edges))
    size = max(core.number_of_nodes(), 1)
    radius = SPACING * max(len(nodes), 1) ** 0.5
    if size == 1:
        pos = {n: np.zeros(2) for n in core.nodes}
    elif size <= SMALL or star:
        pos = _rescale(nx.spring_layout(core, k=2.0 / size**0.5, seed=seed), radius)
    else:
        # The whole graph: ForceAtlas2 with "distributed action" (dissuade hubs) pushes the
        # topics, which every paper links to, apart instead of knotting them in the middle.
        raw = nx.forceatlas2_layout(
            core, seed=seed, max_iter=300, distributed_action=True, scaling_ratio=4.0
        )
        pos = _rescale(raw, radius)
    _place_around(graph, pos, [n for n in nodes if n not in pos], radius)
    _place_around(graph, pos, sorted(n for n in graph.nodes if n.kind is NodeKind.AUTHOR), radius)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def kept_layout(
    ctx: SiteContext, graph: nx.Graph, *, star: bool = False
) -> dict[NodeKey, tuple[float, float]]:
    """:func:`layout` of ``graph``, kept in the build cache (:mod:`neurokb.site.buildcache`).

    The force layouts of the topic pages' neighbourhoods were a sixth of a warm build of the
    shipped KB, made again from the same graphs each time. A layout depends on nothing but
    the graph's nodes and edges (taken in sorted order, with no edge data), the seed and the
    kind of layout, and NumPy's arithmetic (NetworkX's version is in the cache's salt), so
    those are its key; the stored positions are the numbers :func:`layout` gave, each with
    one decimal, which JSON keeps exactly.
    """
    nodes = sorted(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted(tuple(sorted((index[a], index[b]))) for a, b in graph.edges)
    parts = [
        f"{LAYOUT_SEED} {star} numpy {np.__version__}",
        json.dumps([str(node) for node in nodes], ensure_ascii=False),
        json.dumps(edges, separators=(",", ":")),
    ]

    def made() -> list[list[float]]:
        positions = layout(graph, star=star)
        return [list(positions[node]) for node in nodes]

    stored = ctx.cache.remember("layout", parts, made)
    return {node: (x, y) for node, (x, y) in zip(nodes, stored, strict=True)}


def _forced(graph: nx.Graph, nodes: list[NodeKey]) -> list[NodeKey]:
    """The nodes the force layout places: those of ``nodes`` linked to a paper, topic or
    algorithm, up to :data:`MAX_FORCED` (past that the topics and algorithms, then the papers
    with the most such links); all of ``nodes`` when none is linked."""
    links = {n: sum(m.kind is not NodeKind.AUTHOR for m in graph.neighbors(n)) for n in nodes}
    linked = [n for n in nodes if links[n]]
    if not linked or len(linked) <= MAX_FORCED:
        return linked or nodes
    hubs = [n for n in linked if n.kind is not NodeKind.PAPER]
    papers = sorted((n for n in linked if n.kind is NodeKind.PAPER), key=lambda n: (-links[n], n))
    return sorted(hubs + papers[: max(MAX_FORCED - len(hubs), 0)])


def _place_around(
    graph: nx.Graph, pos: dict[NodeKey, Any], nodes: list[NodeKey], radius: float
) -> None:
    """Give each of ``nodes`` a spot near the centre of its already placed neighbours.

    Nodes whose centres fall in the same small cell fill a sunflower spiral (golden-angle
    steps, distance growing with the square root of the count) around it, so a hundred
    papers of one topic make a disc, not a line, and a chain of papers citing each other
    (whose centres converge) does not pile up on one spot. Rounds repeat while a node without a placed
    neighbour gains one (a paper citing a paper just placed); what never does (a component
    of the graph with no placed node) goes on a ring outside the drawing.
    """
    slots: dict[tuple[int, int], int] = {}
    pending = nodes
    while pending:
        waiting = []
        for node in pending:
            near = sorted(m for m in graph.neighbors(node) if m in pos)
            if not near:
                waiting.append(node)
                continue
            centre = np.mean([pos[m] for m in near], axis=0)
            cell = (round(centre[0] / SPACING), round(centre[1] / SPACING))
            slot = slots.get(cell, 0)
            slots[cell] = slot + 1
            pos[node] = centre + _spiral(slot)
        if len(waiting) == len(pending):
            break
        pending = waiting
    if not pending:
        return
    ring = max([radius, *(float(np.hypot(*p)) for p in pos.values())]) + 2 * SPACING
    for i, node in enumerate(pending):
        angle = 2 * np.pi * i / len(pending)
        pos[node] = ring * np.array([np.cos(angle), np.sin(angle)])


def _spiral(slot: int) -> np.ndarray:
    """The offset of the ``slot``-th node around a centre (Vogel's sunflower spiral)."""
    angle = 2.39996 * slot  # the golden angle, in radians
    return SPACING * (0.9 + 0.35 * slot**0.5) * np.array([np.cos(angle), np.sin(angle)])


def _rescale(pos: dict[NodeKey, Any], radius: float) -> dict[NodeKey, np.ndarray]:
    """Centre the positions and scale them so most nodes lie within ``radius``.

    The scale comes from the 95th percentile of the distances, not the farthest node, and
    the few nodes a force layout flings far out (a hub whose only links are to minor papers)
    are pulled in to just outside that circle: one stray node must not shrink the rest of
    the drawing into a dot when the viewer fits the whole graph into its box.
    """
    points = np.array([pos[n] for n in pos], dtype=float)  # (n, 2)
    points -= points.mean(axis=0)
    norms = np.hypot(points[:, 0], points[:, 1])
    far = float(np.percentile(norms, 95)) or 1.0
    points *= radius / far
    norms *= radius / far
    limit = OUTER * radius
    points[norms > limit] *= (limit / norms[norms > limit])[:, None]
    return {n: p for n, p in zip(pos, points, strict=True)}


def payload(
    ctx: SiteContext, nodes: list[NodeKey] | None = None, focus: NodeKey | None = None
) -> dict[str, Any]:
    """The JSON the graph script reads: ``{"nodes": [...], "edges": [...], "focus": id}``.

    Edge direction and kind come from the full multigraph (``cites``, ``about`` ...); a pair
    linked by several kinds is drawn once, with the first kind in sorted order.
    """
    full = build_graph(ctx.kb, ctx.catalogue)
    drawn = drawn_graph(ctx.kb, ctx.catalogue)
    if nodes is not None:
        drawn = drawn.subgraph(nodes).copy()
    positions = kept_layout(ctx, drawn, star=focus is not None)
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
            item["title"] = titlemarkup.plain(ctx.kb.papers[node.id].title)
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
    """The drawn graph within ``radius`` steps of ``centre``, laid out on its own.

    A broad topic of a large KB has thousands of papers, which no one can read in a box on a
    page (and which would make every topic page megabytes): only the
    :data:`NEIGHBOURHOOD_PAPERS` papers with the most links to papers, topics and algorithms
    are drawn, and ``omitted`` says how many were left out.
    """
    drawn = drawn_graph(ctx.kb, ctx.catalogue)
    # ego_graph's nodes, without the copy of their subgraph (thousands of papers, all their edges)
    near = set(nx.single_source_shortest_path_length(drawn, centre, cutoff=radius))
    papers = sorted(n for n in near if n.kind is NodeKind.PAPER and n != centre)
    omitted = max(len(papers) - NEIGHBOURHOOD_PAPERS, 0)
    if omitted:
        links = {n: sum(m.kind is not NodeKind.AUTHOR for m in drawn.neighbors(n)) for n in papers}
        ranked = sorted(papers, key=lambda n: (-links[n], n))
        near -= set(ranked[NEIGHBOURHOOD_PAPERS:])
    data = payload(ctx, sorted(near), focus=centre)
    if omitted:
        data["omitted"] = omitted
    return data


def data_script(data: dict[str, Any]) -> str:
    """The whole-graph data as a script (``fetch`` of a JSON file fails from ``file://``)."""
    return "window.NeuroKBGraphData = " + json.dumps(data, separators=(",", ":")) + ";\n"


def embed(data: dict[str, Any], *, height: str = "28rem", controls: bool = False) -> str:
    """A raw-HTML graph container with its data inline, for the graph script to mount."""
    blob = md.attr(json.dumps(data, separators=(",", ":")))
    flags = ' data-controls="true"' if controls else ""
    return f'<div class="nkb-graph" style="height: {height}" data-graph="{blob}"{flags}></div>\n'
