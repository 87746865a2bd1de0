"""The coverage figures on the home page: :func:`neurokb.explore.stats.coverage` as Markdown.

The home page is hand-written (``kb/index.md``); a line ``<!-- neurokb:coverage -->`` marks
where the figures go, so the prose stays editable while the numbers are generated at each build
from the same function as ``neurokb stats``.
"""

from __future__ import annotations

from neurokb.core.kb import KnowledgeBase
from neurokb.explore.stats import coverage
from neurokb.site import md, urls

MARKER = "<!-- neurokb:coverage -->"


def insert_coverage(markdown: str, kb: KnowledgeBase, page_src: str) -> str:
    """``markdown`` with each marker line replaced by the coverage section."""
    if MARKER not in markdown:
        return markdown
    section = coverage_markdown(kb, page_src)
    return "\n".join(section if line.strip() == MARKER else line for line in markdown.split("\n"))


def coverage_markdown(kb: KnowledgeBase, page_src: str) -> str:
    """A paragraph of figures and two collapsed tables (papers per year, per topic)."""
    data = coverage(kb)
    years = data["papers_per_year"]
    share = data["identifier_share"]
    span = f", from {min(years)} to {max(years)}" if years else ""
    intro = (
        f"**{data['papers']}** papers on **{len(kb.topics)}** topics{span}. "
        f"**{data['cites_links']}** `cites` links connect papers of the knowledge base "
        f"(**{data['mean_cites_per_paper']:.2f}** per paper). "
        f"**{share['doi']:.0%}** of the papers have a DOI, **{share['arxiv']:.0%}** an arXiv id "
        f"and **{share['pmid']:.0%}** a PubMed id (**{share['any']:.0%}** at least one)."
    )
    per_year = ["| Year | Papers |", "| --- | ---: |"]
    per_year += [f"| {year} | {count} |" for year, count in years.items()]
    per_topic = ["| Topic | Papers | With subtopics |", "| --- | ---: | ---: |"]
    for tid, count in sorted(
        data["papers_per_topic"].items(), key=lambda item: kb.topics[item[0]].name.casefold()
    ):
        link = md.link(kb.topics[tid].name, urls.relative(page_src, urls.topic(tid)))
        per_topic.append(f"| {link} | {count['papers']} | {count['with_subtopics']} |")
    return "\n\n".join(
        [
            intro,
            '??? info "Papers per year"\n\n' + md.indent("\n".join(per_year)),
            '??? info "Papers per topic"\n\n' + md.indent("\n".join(per_topic)),
        ]
    )
