"""Pages that list every paper: the sortable index and the timeline by year."""

from __future__ import annotations

import calendar
from itertools import groupby

from neurokb.models import Paper
from neurokb.site import md, urls
from neurokb.site.context import SiteContext


def _authors_short(paper: Paper) -> str:
    names = [p.family or p.literal for p in paper.authors]
    return (
        names[0]
        if len(names) == 1
        else f"{names[0]} & {names[1]}"
        if len(names) == 2
        else f"{names[0]} et al."
    )


def render_paper_index(ctx: SiteContext) -> str:
    """All papers in one table; ``table.js`` makes the column headers sort it."""
    kb, src = ctx.kb, urls.PAPER_INDEX
    rows = ["| Year | Title | Authors | Venue | Topics |", "| ---: | --- | --- | --- | --- |"]
    for paper in sorted(kb.papers.values(), key=lambda p: (-p.year, p.key)):
        topics = ", ".join(
            md.link(kb.topics[t].name, urls.relative(src, urls.topic(t)))
            for t in paper.topics
            if t in kb.topics
        )
        rows.append(
            f"| {paper.year} | {md.link(md.plain_title(paper.title), urls.relative(src, urls.paper(paper.key)))} "
            f"| {md.text(_authors_short(paper))} | {md.text(paper.venue or '')} | {topics} |"
        )
    table = "\n".join(rows)
    return (
        md.front_matter("Papers", "Every paper in the neurokb knowledge base")
        + f"# Papers\n\n{len(kb.papers)} papers. Click a column heading to sort by it; "
        "the [timeline](../timeline.md) lists them by date.\n\n"
        + f'<div class="nkb-sortable" markdown>\n\n{table}\n\n</div>\n'
    )


def _when(paper: Paper) -> str:
    return calendar.month_abbr[paper.month] if paper.month else ""


def render_timeline(ctx: SiteContext) -> str:
    """Papers by year, newest first, and by month within a year when the month is known."""
    kb, src = ctx.kb, urls.TIMELINE
    ordered = sorted(kb.papers.values(), key=lambda p: (-p.year, -(p.month or 0), p.key))
    blocks = []
    for year, group in groupby(ordered, key=lambda p: p.year):
        items = []
        for paper in group:
            month = f"**{_when(paper)}** · " if paper.month else ""
            venue = f" *{md.text(paper.venue)}*." if paper.venue else ""
            names = ", ".join(md.text(p.display) for p in paper.authors)
            link = md.link(md.plain_title(paper.title), urls.relative(src, urls.paper(paper.key)))
            items.append(f"{month}{link}. {names}.{venue}")
        blocks.append(f"## {year}\n\n" + md.bullet_list(items))
    return (
        md.front_matter("Timeline", "NeuroAI papers by year")
        + "# Timeline\n\nEvery paper in the knowledge base by date of the version described, "
        "newest first.\n\n" + "\n\n".join(blocks) + "\n"
    )
