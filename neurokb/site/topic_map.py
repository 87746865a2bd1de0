"""The graph overview: a map of the topics, with the papers, authors and algorithms to unfold.

A drawing of every paper at once is a hairball at 300 papers and a smudge at 10,000, so the
overview starts from the ~50 topics: each a node sized by its papers, placed near its parent
(a topic's *branch* is the broad topic under the root it descends from, and gives its colour),
and spread so that labels of the expected size do not overlap. Papers, authors and algorithms
travel as compact arrays that ``graph-map.js`` turns into nodes only when a topic is expanded
or zoomed into, so the browser draws hundreds of nodes, never ten thousand.

The layout is computed here with NetworkX (a seeded spring layout, then a rectangle overlap
removal): it is the same on every build, costs milliseconds for 50 topics, and needs no layout
library in the browser. The browser still hides any label that would overlap another at the
current zoom (``graph.js``), because real font metrics are only known there.
"""

from __future__ import annotations

import json
import math
from typing import Any

import networkx as nx

from neurokb.core.kb import KnowledgeBase
from neurokb.graph import author_index
from neurokb.site import md, urls
from neurokb.site.context import GeneratedFile, SiteContext

SEED = 7
CHAR_WIDTH = 7.0  # estimated width of a label character at the overview's 12 px font
LABEL_WIDTH = 130.0  # labels wrap at this width (graph-map.js uses the same)
LINE_HEIGHT = 15.0
GAP = 24.0  # room kept between two topics' boxes
ASPECT = 1.8  # width / height of the graph page's drawing area on a laptop
PARENT_WEIGHT = 4.0  # a subtopic is pulled this much harder to its parent than to a related topic


def topic_size(papers: int, most: int) -> float:
    """Node diameter of a topic with ``papers`` papers when the largest has ``most``: the area
    grows with the count, and the largest is 70 px whatever the size of the knowledge base."""
    return round(16.0 + 54.0 * math.sqrt(papers / most), 1) if most else 16.0


def branches(kb: KnowledgeBase) -> dict[str, str]:
    """Topic id -> the id of its branch: the ancestor just under a root (itself for roots and
    their children). The first parent decides when a topic has several."""
    out: dict[str, str] = {}
    for tid in kb.topics:
        path = [tid]
        seen = {tid}
        while True:
            parents = [p for p in kb.topics[path[-1]].parents if p in kb.topics and p not in seen]
            if not parents:
                break
            path.append(parents[0])
            seen.add(parents[0])
        out[tid] = path[-2] if len(path) >= 2 else path[-1]
    return out


def _box(label: str, size: float) -> tuple[float, float]:
    """Half width and half height of a topic's node plus its label below it (estimated)."""
    text = len(label) * CHAR_WIDTH
    lines = max(1, math.ceil(text / LABEL_WIDTH))
    width = max(size, min(text, LABEL_WIDTH))
    return width / 2 + GAP / 2, (size + 4 + lines * LINE_HEIGHT) / 2 + GAP / 2


def layout_topics(
    kb: KnowledgeBase, counts: dict[str, int], rounds: int = 300
) -> dict[str, tuple[float, float]]:
    """Positions of the topics: subtopics near their parent, no two estimated boxes overlapping.

    A spring layout (parents pull hard, related topics gently) gives the neighbourhoods; it is
    scaled up until the boxes' total area fits, then overlapping pairs are pushed apart along
    the axis that needs the smaller move, until none overlaps (or ``rounds`` run out).
    """
    ids = sorted(kb.topics)
    if not ids:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    for tid in ids:
        topic = kb.topics[tid]
        for other in topic.related:
            if other in kb.topics and other != tid:
                graph.add_edge(tid, other, weight=1.0)
        for parent in topic.parents:
            if parent in kb.topics and parent != tid:
                graph.add_edge(tid, parent, weight=PARENT_WEIGHT)
    raw = nx.spring_layout(graph, seed=SEED, weight="weight", k=1.5 / math.sqrt(len(ids)))
    most = max(counts.values(), default=0)
    boxes = {t: _box(kb.topics[t].name, topic_size(counts.get(t, 0), most)) for t in ids}
    area = sum(4 * w * h for w, h in boxes.values())
    # The layout spans about [-1, 1]; stretch it to the wide box of the graph page, whose
    # width is about ASPECT times its height, so that fitting it wastes little room.
    scale = math.sqrt(area / ASPECT) * 0.45
    pos = {t: [float(raw[t][0]) * scale * ASPECT, float(raw[t][1]) * scale] for t in ids}
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                dx = pos[b][0] - pos[a][0]
                dy = pos[b][1] - pos[a][1]
                ox = boxes[a][0] + boxes[b][0] - abs(dx)
                oy = boxes[a][1] + boxes[b][1] - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if ox / boxes[a][0] < oy / boxes[a][1]:
                    step = (ox / 2 + 0.5) * (1 if dx >= 0 else -1)
                    pos[a][0] -= step
                    pos[b][0] += step
                else:
                    step = (oy / 2 + 0.5) * (1 if dy >= 0 else -1)
                    pos[a][1] -= step
                    pos[b][1] += step
        if not moved:
            break
    return {t: (round(x, 1), round(y, 1)) for t, (x, y) in pos.items()}


def overlapping(
    kb: KnowledgeBase, pos: dict[str, tuple[float, float]], counts: dict[str, int]
) -> list[tuple[str, str]]:
    """Pairs of topics whose estimated boxes overlap at ``pos`` (empty for a good layout)."""
    ids = sorted(pos)
    most = max(counts.values(), default=0)
    boxes = {t: _box(kb.topics[t].name, topic_size(counts.get(t, 0), most)) for t in ids}
    out = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if (
                abs(pos[a][0] - pos[b][0]) < boxes[a][0] + boxes[b][0] - GAP
                and abs(pos[a][1] - pos[b][1]) < boxes[a][1] + boxes[b][1] - GAP
            ):
                out.append((a, b))
    return out


def _url_pattern(make: Any, use_directory_urls: bool) -> list[str]:
    """``["papers/", ".html"]``: the URL of a page of this kind is prefix + id + suffix."""
    return urls.page_url(make("\0"), use_directory_urls).split("\0")


def payload(ctx: SiteContext) -> dict[str, Any]:
    """Everything the overview draws, as compact arrays indexed by position.

    ``topics``: id, name, paper count, branch index, parent indexes, related indexes, x, y,
    node size.
    ``papers``: key, label, title, year, topic indexes, cited paper indexes, author indexes.
    ``authors``: id, name. ``algorithms``: name, title, paper indexes, x, y.
    URLs are prefix + id + suffix (``urls``), which keeps 10,000 papers near 2 MB.
    """
    kb = ctx.kb
    topic_ids = sorted(kb.topics)
    tindex = {t: i for i, t in enumerate(topic_ids)}
    papers = sorted(kb.papers.values(), key=lambda p: (p.year, p.key))
    pindex = {p.key: i for i, p in enumerate(papers)}
    people = author_index(kb)
    author_ids = list(people.authors)
    aindex = {a: i for i, a in enumerate(author_ids)}
    counts = {t: 0 for t in topic_ids}
    for paper in papers:
        for t in paper.topics:
            if t in counts:
                counts[t] += 1
    branch = branches(kb)
    branch_ids = sorted(set(branch.values()), key=lambda b: (-counts.get(b, 0), b))
    bindex = {b: i for i, b in enumerate(branch_ids)}
    pos = layout_topics(kb, counts)
    most = max(counts.values(), default=0)
    topics = [
        [
            t,
            kb.topics[t].name,
            counts[t],
            bindex[branch[t]],
            [tindex[p] for p in kb.topics[t].parents if p in tindex],
            [tindex[r] for r in kb.topics[t].related if r in tindex and r != t],
            *pos[t],
            topic_size(counts[t], most),
        ]
        for t in topic_ids
    ]
    paper_rows = [
        [
            p.key,
            p.label,
            md.plain_title(p.title),
            p.year,
            [tindex[t] for t in p.topics if t in tindex],
            sorted({pindex[c] for c in p.cites if c in pindex and c != p.key}),
            [aindex[people.id_of(person)] for person in p.authors],
        ]
        for p in papers
    ]
    algorithms = []
    for name, alg in sorted(ctx.algorithms.items()):
        linked = [pindex[k] for k in alg.papers if k in pindex]
        linked += [pindex[k] for k, p in kb.papers.items() if name in p.implementations]
        linked = sorted(set(linked))
        anchor = [tindex[t] for i in linked for t in papers[i].topics if t in tindex]
        if alg.topic in tindex:
            anchor.append(tindex[alg.topic])
        x, y = _centre([pos[topic_ids[i]] for i in anchor])
        algorithms.append([name, alg.title, linked, round(x + 25, 1), round(y - 25, 1)])
    return {
        "topics": topics,
        "branches": [kb.topics[b].name for b in branch_ids],
        "papers": paper_rows,
        "authors": [[a, people.authors[a].name] for a in author_ids],
        "algorithms": algorithms,
        "urls": {
            "topic": _url_pattern(urls.topic, ctx.use_directory_urls),
            "paper": _url_pattern(urls.paper, ctx.use_directory_urls),
            "author": _url_pattern(urls.author, ctx.use_directory_urls),
            "algorithm": _url_pattern(urls.algorithm, ctx.use_directory_urls),
        },
    }


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    if not points:
        return 0.0, 0.0
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside any script: ``<``, ``>``, ``&`` and the two
    JavaScript line separators are written as escapes, so no entry text can close a tag."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def data_script(name: str, value: Any) -> str:
    """A script file that sets ``window[name]`` (``fetch`` of a JSON file fails from file://)."""
    return f"window.{name} = {script_json(value)};\n"


DATA_GLOBAL = "NeuroKBMap"


def render_page(ctx: SiteContext) -> str:
    """The graph page: controls, the map, its legend; the data comes from a script file."""
    script = urls.from_page(urls.GRAPH, urls.GRAPH_DATA, ctx.use_directory_urls)
    return (
        md.front_matter(
            "Graph",
            "The neurokb concept graph: a map of the topics, their papers, authors and algorithms",
            hide=("navigation", "toc"),
        )
        + "# Graph\n\n"
        "Topics, sized by their papers and coloured by branch. **Tap a topic** (or zoom in) to "
        "show its papers; double-tap it, or tap any other node, to open its page. A label "
        "without room shows on hover.\n\n"
        f'<div class="nkb-graph nkb-graph--full nkb-map" data-source="{DATA_GLOBAL}"></div>\n'
        f'<script src="{md.attr(script)}"></script>\n'
    )


def files(ctx: SiteContext) -> list[GeneratedFile]:
    """The graph page and its data script."""
    return [
        GeneratedFile(urls.GRAPH, render_page(ctx)),
        GeneratedFile(urls.GRAPH_DATA, data_script(DATA_GLOBAL, payload(ctx))),
    ]
