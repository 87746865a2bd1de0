"""The page of one topic, and the index of all topics as a tree."""

from __future__ import annotations

from itertools import groupby

from neurokb.core.models import Topic
from neurokb.core.textcites import cited_keys
from neurokb.explore.readinglist import reading_order
from neurokb.graph import NodeKey
from neurokb.search import filters as search_filters
from neurokb.site import graph_view, md, urls
from neurokb.site.citations import entry_text
from neurokb.site.context import SiteContext
from neurokb.site.graph_view import NEIGHBOURHOOD_PAPERS
from neurokb.site.paper_page import paper_link


def topic_link(ctx: SiteContext, topic_id: str, from_src: str) -> str:
    return md.link(ctx.kb.topics[topic_id].name, urls.relative(from_src, urls.topic(topic_id)))


def topic_papers(ctx: SiteContext, topic_id: str) -> list[str]:
    """Keys of the papers about the topic or any topic below it, by year then key."""
    keys = search_filters.topic_papers(ctx.kb, topic_id)
    return sorted(keys, key=lambda k: (ctx.kb.papers[k].year, k))


def papers_by_year(ctx: SiteContext, keys: list[str], from_src: str) -> str:
    """Year headings (newest first) with the papers of each year, kept out of the search
    index like the sections holding them (see :func:`neurokb.site.md.section`)."""
    ordered = sorted(keys, key=lambda k: (-ctx.kb.papers[k].year, k))
    blocks = []
    for year, group in groupby(ordered, key=lambda k: ctx.kb.papers[k].year):
        items = md.bullet_list(paper_link(ctx.kb.papers[k], from_src) for k in group)
        blocks.append(f"### {year} {{ data-search-exclude }}\n\n{items}")
    return "\n\n".join(blocks)


def render_topic_page(topic: Topic, ctx: SiteContext) -> str:
    """The Markdown page of ``topic`` (at ``topics/<id>.md``)."""
    kb, src = ctx.kb, urls.topic(topic.id)
    known = [t for t in topic.parents if t in kb.topics]
    related = [t for t in topic.related if t in kb.topics]
    subs = list(kb.subtopics.get(topic.id, ()))
    rows = []
    if known:
        rows.append(f"**Part of:** {', '.join(topic_link(ctx, t, src) for t in known)}")
    if subs:
        rows.append(f"**Subtopics:** {', '.join(topic_link(ctx, t, src) for t in subs)}")
    if related:
        rows.append(f"**Related:** {', '.join(topic_link(ctx, t, src) for t in related)}")
    if topic.aliases:
        rows.append(f"**Also called:** {', '.join(md.text(a) for a in topic.aliases)}")
    keys = topic_papers(ctx, topic.id)
    # The papers the narrative cites belong to the topic's list even when filed elsewhere.
    cited = [key for _, key in cited_keys(topic.summary) if key in kb.papers]
    listed = list(dict.fromkeys([*keys, *cited]))
    reading = [
        paper_link(item.paper, src)
        + (
            f" — builds on {', '.join(md.text(kb.papers[k].label) for k in item.builds_on)}"
            if item.builds_on
            else ""
        )
        for item in reading_order(kb, topic.id).items
    ]
    bib = md.link(f"{topic.id}.bib", urls.relative(src, urls.topic_bib(topic.id)))
    neighbourhood = graph_view.neighbourhood(ctx, NodeKey.topic(topic.id))
    parts = [
        md.front_matter(topic.name, f"NeuroAI topic: {topic.name}"),
        f"# {md.text(topic.name)}\n",
        "\n\n".join(rows) + "\n" if rows else "",
        entry_text(topic.summary, kb, src, ctx.style, ctx.cache) + "\n",
        md.section(
            "Reading list",
            "Read in this order: each paper comes after the papers it builds on.\n\n"
            + "\n".join(f"{i}. {item}" for i, item in enumerate(reading, 1))
            if reading
            else "",
            search=False,
        ),
        md.section(
            f"Papers by year ({len(listed)})", papers_by_year(ctx, listed, src), search=False
        ),
        md.section(
            "Neighbourhood",
            "Papers, topics and algorithms one step away in the "
            f"[graph]({urls.relative(src, urls.GRAPH)})"
            + (
                f" (the {NEIGHBOURHOOD_PAPERS} best-connected papers; {omitted} more are in "
                "the list above)"
                if (omitted := neighbourhood.get("omitted"))
                else ""
            )
            + ". Click a node to open its page.\n\n"
            + graph_view.embed(neighbourhood),
            search=False,
        ),
        md.section(
            "Download",
            f":material-download: {bib}{{ download }} — BibTeX of the {len(keys)} papers "
            "on this topic and its subtopics.",
            search=False,
        ),
    ]
    return "\n".join(p for p in parts if p)


MAX_NESTING = 12  # list levels on the topic index; deeper topics are listed at this level


def render_topic_index(ctx: SiteContext) -> str:
    """All topics as a tree from the roots, each with its number of papers."""
    kb, src = ctx.kb, urls.TOPIC_INDEX
    roots = sorted(
        t for t, topic in kb.topics.items() if not [p for p in topic.parents if p in kb.topics]
    )
    lines: list[str] = []
    shown: set[tuple[str, int]] = set()
    # Depth first with an explicit stack (a chain of a thousand topics must not exhaust Python's
    # call stack), and nesting capped: Markdown parses nested lists recursively too.
    stack: list[tuple[str, int, tuple[str, ...]]] = [(root, 0, ()) for root in reversed(roots)]
    while stack:
        topic_id, depth, path = stack.pop()
        if topic_id in path or (topic_id, depth) in shown:
            continue
        shown.add((topic_id, depth))
        count = len(topic_papers(ctx, topic_id))
        indent = "    " * min(depth, MAX_NESTING)
        lines.append(f"{indent}- {topic_link(ctx, topic_id, src)} ({count})")
        children = kb.subtopics.get(topic_id, ())
        stack.extend((child, depth + 1, (*path, topic_id)) for child in reversed(children))
    return (
        md.front_matter("Topics")
        + "# Topics\n\nThe topic map, broadest first; a topic with two parents appears under both. "
        "The number counts the papers on the topic and its subtopics.\n\n" + "\n".join(lines) + "\n"
    )
