"""The timeline: every paper by year (the papers table is :mod:`neurokb.site.paper_table`)."""

from __future__ import annotations

import calendar
from itertools import groupby

from neurokb.core.models import Paper
from neurokb.site import md, urls
from neurokb.site.context import SiteContext


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
        page = urls.relative(src, f"years/{year}.md")  # paper_table.year_page
        blocks.append(f"## [{year}]({page})\n\n" + md.bullet_list(items))
    return (
        md.front_matter("Timeline", "NeuroAI papers by year")
        + "# Timeline\n\nEvery paper in the knowledge base by date of the version described, "
        "newest first.\n\n" + "\n\n".join(blocks) + "\n"
    )
