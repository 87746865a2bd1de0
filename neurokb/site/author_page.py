"""One page per author (spellings merged by :func:`neurokb.graph.author_index`) and their index."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from neurokb.graph import Author, author_index
from neurokb.site import md, urls
from neurokb.site.context import SiteContext
from neurokb.site.topic_page import papers_by_year


def _sort_name(ctx: SiteContext, author: Author) -> tuple[str, str]:
    """Family name first, as in a library catalogue."""
    paper = ctx.kb.papers[author.papers[0]]
    index = author_index(ctx.kb)
    person = next(p for p in paper.authors if index.id_of(p) == author.id)
    return ((person.family or person.literal).lower(), author.name.lower())


def render_author_page(author: Author, ctx: SiteContext) -> str:
    """The Markdown page of one author (at ``authors/<id>.md``)."""
    kb, src = ctx.kb, urls.author(author.id)
    index = author_index(kb)
    coauthors: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    orcids = set()
    for key in author.papers:
        paper = kb.papers[key]
        for person in paper.authors:
            other = index.id_of(person)
            if other == author.id:
                orcids.update([person.orcid] if person.orcid else [])
            else:
                coauthors[other] += 1
        topics.update(t for t in paper.topics if t in kb.topics)
    co = [
        md.link(index.authors[a].name, urls.relative(src, urls.author(a)))
        + (f" ({n})" if n > 1 else "")
        for a, n in sorted(
            coauthors.items(), key=lambda item: (-item[1], index.authors[item[0]].name)
        )
    ]
    on = [
        md.link(kb.topics[t].name, urls.relative(src, urls.topic(t))) + (f" ({n})" if n > 1 else "")
        for t, n in sorted(topics.items(), key=lambda item: (-item[1], item[0]))
    ]
    ids = " ".join(f"[ORCID {o}](https://orcid.org/{o}){{ .md-button }}" for o in sorted(orcids))
    count = len(author.papers)
    parts = [
        md.front_matter(author.name, f"Papers by {author.name} in neurokb"),
        f"# {md.text(author.name)}\n",
        f"{count} paper{'s' if count != 1 else ''} in the knowledge base. {ids}\n",
        md.section("Papers", papers_by_year(ctx, list(author.papers), src), search=False),
        md.section("Topics", ", ".join(on)),
        md.section("Co-authors", ", ".join(co), search=False),
    ]
    return "\n".join(p for p in parts if p)


def render_author_index(ctx: SiteContext) -> str:
    """Every author, alphabetical by family name under letter headings."""
    authors = sorted(author_index(ctx.kb).authors.values(), key=lambda a: _sort_name(ctx, a))
    blocks = []
    for letter, group in groupby(authors, key=lambda a: (_sort_name(ctx, a)[0][:1] or "?").upper()):
        items = [
            f"{md.link(a.name, urls.relative(urls.AUTHOR_INDEX, urls.author(a.id)))} ({len(a.papers)})"
            for a in group
        ]
        blocks.append(f"## {letter}\n\n" + md.bullet_list(items))
    return (
        md.front_matter("Authors")
        + f"# Authors\n\n{len(authors)} authors; the number counts their papers here.\n\n"
        + "\n\n".join(blocks)
        + "\n"
    )
