"""The papers index as one table to sort and filter, and a page per year.

A Markdown table of every paper showed four papers per screen, and at 10,000 papers it would
be megabytes of HTML that the browser lays out at once. The index page instead carries the
rows as data in a script file (``papers-table.js`` draws one page of rows at a time, sorts and
filters in the browser, offline); each year gets a static page of its own (``years/2017.md``),
linked from the timeline, which also works without JavaScript.
"""

from __future__ import annotations

from itertools import groupby

from neurokb.core.models import Paper
from neurokb.site import md, urls
from neurokb.site.context import GeneratedFile, SiteContext
from neurokb.site.topic_map import data_script

DATA = f"{urls.ASSETS}/neurokb/papers-data.js"
DATA_GLOBAL = "NeuroKBPapers"
YEARS = "years"


def year_page(year: int) -> str:
    return f"{YEARS}/{year}.md"


def short_authors(paper: Paper) -> str:
    """``Hopfield`` / ``Zenke & Ganguli`` / ``Hassabis et al.``: the byline of a table row."""
    names = [p.family or p.literal or "" for p in paper.authors]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return f"{names[0]} et al."


def table_data(ctx: SiteContext) -> dict[str, object]:
    """Rows for ``papers-table.js``: key, year, title, short byline, every author's name (for
    the filter), venue, topic indexes; topics as [id, name]; URLs as prefix + id + suffix."""
    kb = ctx.kb
    topic_ids = sorted(kb.topics)
    tindex = {t: i for i, t in enumerate(topic_ids)}
    rows = [
        [
            p.key,
            p.year,
            md.plain_title(p.title),
            short_authors(p),
            "; ".join(a.display for a in p.authors),
            p.venue or "",
            [tindex[t] for t in p.topics if t in tindex],
        ]
        for p in sorted(kb.papers.values(), key=lambda p: (-p.year, p.key))
    ]

    def pattern(make: object) -> list[str]:
        return urls.page_url(make("\0"), ctx.use_directory_urls).split("\0")  # type: ignore[operator]

    return {
        "rows": rows,
        "topics": [[t, kb.topics[t].name] for t in topic_ids],
        "urls": {"paper": pattern(urls.paper), "topic": pattern(urls.topic)},
    }


def render_index(ctx: SiteContext) -> str:
    """The papers page: a filter box and the table (drawn by ``papers-table.js``), with links
    to the year pages for readers without JavaScript."""
    kb, src = ctx.kb, urls.PAPER_INDEX
    script = urls.from_page(src, DATA, ctx.use_directory_urls)
    years = sorted({p.year for p in kb.papers.values()}, reverse=True)
    year_links = ", ".join(md.link(str(y), urls.relative(src, year_page(y))) for y in years)
    return (
        md.front_matter(
            "Papers", "Every paper in the neurokb knowledge base", hide=("navigation", "toc")
        )
        + f"# Papers\n\n{len(kb.papers)} papers. Type to filter (title, author, venue, topic, "
        "year or key; several words must all match), click a column heading to sort. The "
        f"[timeline]({urls.relative(src, urls.TIMELINE)}) lists them by date.\n\n"
        f'<div class="nkb-papers" data-source="{DATA_GLOBAL}"></div>\n'
        f'<script src="{md.attr(script)}"></script>\n\n'
        f"By year: {year_links}\n"
    )


def render_year(ctx: SiteContext, year: int, papers: list[Paper]) -> str:
    """The papers of one year, by month when known, as a sortable table."""
    kb, src = ctx.kb, year_page(year)
    rows = ["| Title | Authors | Venue | Topics |", "| --- | --- | --- | --- |"]
    for paper in sorted(papers, key=lambda p: (p.month or 13, p.key)):
        topics = ", ".join(
            md.link(kb.topics[t].name, urls.relative(src, urls.topic(t)))
            for t in paper.topics
            if t in kb.topics
        )
        title = md.link(md.plain_title(paper.title), urls.relative(src, urls.paper(paper.key)))
        rows.append(
            f"| {title} | {md.text(short_authors(paper))} | {md.text(paper.venue or '')} "
            f"| {topics} |"
        )
    count = f"{len(papers)} paper" + ("" if len(papers) == 1 else "s")
    table = "\n".join(rows)
    return (
        md.front_matter(f"Papers of {year}", f"NeuroAI papers of {year} in neurokb")
        + f"# {year}\n\n{count}. All years: the "
        f"[timeline]({urls.relative(src, urls.TIMELINE)}) and the "
        f"[papers table]({urls.relative(src, urls.PAPER_INDEX)}).\n\n"
        f'<div class="nkb-sortable" markdown>\n\n{table}\n\n</div>\n'
    )


def files(ctx: SiteContext) -> list[GeneratedFile]:
    """The papers page, its data script, and one page per year."""
    out = [
        GeneratedFile(urls.PAPER_INDEX, render_index(ctx)),
        GeneratedFile(DATA, data_script(DATA_GLOBAL, table_data(ctx))),
    ]
    ordered = sorted(ctx.kb.papers.values(), key=lambda p: p.year)
    for year, group in groupby(ordered, key=lambda p: p.year):
        out.append(GeneratedFile(year_page(year), render_year(ctx, year, list(group))))
    return out
