"""The page of one paper: what it is, where to read it, how it connects, how to cite it."""

from __future__ import annotations

import re
from urllib.parse import quote

from neurokb.core.models import Paper, PaperType
from neurokb.core.safemarkdown import href, target_allowed
from neurokb.explore.related import related
from neurokb.graph import author_index
from neurokb.site import md, urls
from neurokb.site.citations import entry_text, exported, references
from neurokb.site.context import SiteContext

RELATED_LIMIT = 5

_TYPE_LABELS = {
    PaperType.ARTICLE: "Journal article",
    PaperType.INPROCEEDINGS: "Conference paper",
    PaperType.PREPRINT: "Preprint",
    PaperType.BOOK: "Book",
    PaperType.PROCEEDINGS: "Proceedings",
    PaperType.CHAPTER: "Book chapter",
    PaperType.THESIS: "Thesis",
    PaperType.REPORT: "Report",
    PaperType.BLOG: "Blog post",
    PaperType.COURSE: "Course",
    PaperType.MAGAZINE: "Magazine article",
    PaperType.NEWS: "News article",
    PaperType.WEBPAGE: "Web page",
    PaperType.DATASET: "Dataset",
    PaperType.SOFTWARE: "Software",
    PaperType.MISC: "Other",
}


def type_label(paper: Paper) -> str:
    return _TYPE_LABELS[paper.type]


def paper_link(paper: Paper, from_src: str, title: str = "") -> str:
    """``[Title](../papers/key.md) — Zenke & Ganguli 2018``: how lists name a paper."""
    href = urls.relative(from_src, urls.paper(paper.key))
    return f"{md.link(md.plain_title(paper.title), href, title=title)} — {md.text(paper.label)}"


def author_links(paper: Paper, ctx: SiteContext, from_src: str) -> str:
    """The authors in order, each linked to their page (merged spellings share one page)."""
    index = author_index(ctx.kb)
    links = [
        md.link(person.display, urls.relative(from_src, urls.author(index.id_of(person))))
        for person in paper.authors
    ]
    return ", ".join(links)


def venue_line(paper: Paper) -> str:
    """``*Neural Computation* 30(6), 1514-1541 · MIT Press`` (only the parts the entry has)."""
    parts = []
    if paper.venue:
        where = f"*{md.text(paper.venue)}*"
        if paper.volume:
            where += f" {md.text(paper.volume)}"
            if paper.issue:
                where += f"({md.text(paper.issue)})"
        if paper.pages:
            where += f", {md.text(paper.pages)}"
        parts.append(where)
    if paper.publisher and paper.publisher != paper.venue:
        parts.append(md.text(paper.publisher))
    return " · ".join(parts)


def identifier_links(paper: Paper) -> list[str]:
    """Buttons to the work itself: DOI, arXiv, PubMed and the landing page.

    Identifiers are validated against strict patterns, and percent-encoded here all the same:
    a value must never be able to end the link it is put in.
    """
    out = []
    if paper.doi:
        target = "https://doi.org/" + quote(paper.doi, safe="/:;")
        out.append(f"[:material-link: DOI {md.text(paper.doi)}]({target}){{ .md-button }}")
    if paper.arxiv:
        target = "https://arxiv.org/abs/" + quote(paper.arxiv, safe="/")
        out.append(
            f"[:material-file-document: arXiv {md.text(paper.arxiv)}]({target}){{ .md-button }}"
        )
    if paper.pmid:
        target = f"https://pubmed.ncbi.nlm.nih.gov/{quote(paper.pmid, safe='')}/"
        out.append(
            f"[:material-hospital-box: PubMed {md.text(paper.pmid)}]({target}){{ .md-button }}"
        )
    if paper.url and target_allowed(paper.url):  # validation allows only http(s) URLs
        out.append(f"[:material-web: Web page]({href(paper.url)}){{ .md-button }}")
    return out


def equations_block(paper: Paper) -> str:
    """Each equation displayed, with its caption (plain text) beneath it."""
    blocks = []
    for equation in paper.equations:
        block = md.math_block(equation.latex)
        if equation.caption:
            block += f"\n\n{md.text(equation.caption)}\n{{: .nkb-caption }}"
        blocks.append(block)
    return "\n\n".join(blocks)


def cite_block(paper: Paper, ctx: SiteContext, from_src: str) -> str:
    """Tabs with BibTeX and the formatted reference, each in a code block with a copy button.

    The reference is shown once, as the plain text that gets copied (wrapped, not scrolled):
    formatting it costs a citeproc run per paper, the largest share of the build.
    """
    bibtex = exported([paper], "bibtex", ctx.cache)
    reference = references([paper], ctx.style, "text", cache=ctx.cache)[0]
    bib_link = md.link(f"{paper.key}.bib", urls.relative(from_src, urls.paper_bib(paper.key)))
    return "\n".join(
        [
            '=== "BibTeX"',
            "",
            md.indent(md.fenced(bibtex, "bibtex")),
            "",
            f'=== "{ctx.style.upper()}"',
            "",
            md.indent(md.fenced(reference, "{.text .nkb-wrap}")),
            "",
            f":material-download: Download {bib_link}{{ download }}",
        ]
    )


def byline(authors: str, facts: str) -> str:
    """The authors and the venue line in a ``<div markdown>``, with no ``<`` in them that
    md_in_html's HTML parser could take for a tag and let run past the div's end."""
    authors, facts = md.no_tag_start(authors), md.no_tag_start(facts)
    return f'<div class="nkb-byline" markdown>\n{authors}\n\n{facts}\n</div>\n'


def render_paper_page(paper: Paper, ctx: SiteContext) -> str:
    """The Markdown page of ``paper`` (at ``papers/<key>.md``)."""
    kb, src = ctx.kb, urls.paper(paper.key)
    topics = [
        md.link(kb.topics[t].name, urls.relative(src, urls.topic(t)))
        for t in paper.topics
        if t in kb.topics
    ]
    implementations = [
        f"{md.link(alg.title, urls.relative(src, urls.algorithm(alg.name)))} — `neurokb run {alg.name}`"
        for alg in ctx.implementations_of(paper.key)
    ]
    cites = [paper_link(kb.papers[k], src) for k in paper.cites if k in kb.papers]
    cited_by = [paper_link(kb.papers[k], src) for k in kb.cited_by.get(paper.key, ())]
    near = [
        paper_link(kb.papers[r.key], src, title="Related: " + "; ".join(r.reasons))
        for r in related(kb, paper.key, RELATED_LIMIT)
    ]
    meta = [type_label(paper), str(paper.year)]
    facts = " · ".join([venue_line(paper), *meta] if venue_line(paper) else meta)

    parts = [
        md.front_matter(
            md.plain_title(paper.title), f"{paper.label}. {md.plain_title(paper.title)}"
        ),
        f"# {md.title(paper.title)}\n",
        byline(author_links(paper, ctx, src), facts),
        " ".join(identifier_links(paper)) + "\n" if identifier_links(paper) else "",
        md.section("Summary", entry_text(paper.summary or "", kb, src, ctx.style, ctx.cache)),
        md.section("Abstract", entry_text(paper.abstract or "", kb, src, ctx.style, ctx.cache)),
        md.section("Equations", equations_block(paper)),
        md.section("Corrections", corrections_table(paper), search=False),
        md.section("Topics", md.bullet_list(topics)),
        md.section("Implementations", md.bullet_list(implementations)),
        md.section(f"Cites ({len(cites)})", md.bullet_list(cites), search=False),
        md.section(f"Cited by ({len(cited_by)})", md.bullet_list(cited_by), search=False),
        md.section("Related papers", md.bullet_list(near), search=False),
        md.section("Cite", cite_block(paper, ctx, src), search=False),
    ]
    if paper.notes:
        notes = entry_text(paper.notes, kb, src, ctx.style, ctx.cache)
        parts.append(f'??? note "Curation notes"\n\n{md.indent(notes)}\n')
    return "\n".join(p for p in parts if p)


_SAFE_URL = re.compile(r"^https?://[^\s()<>\"'\\]+$")
_DOI = re.compile(r"^doi:\s*(10\.[^\s()<>\"'\\]+)$", re.I)
_PMID = re.compile(r"^PMID:?\s*(\d+)$", re.I)


def corrections_table(paper: Paper) -> str:
    """The entry's corrections of its sources: field, what the source said, the value kept, and
    the record that shows it (linked when it is a URL, a DOI or a PubMed id)."""
    if not paper.corrections:
        return ""
    rows = [
        "Where this entry departs from a source, and the record that justifies it.\n",
        "| Field | The source said | Corrected to | Evidence |",
        "| --- | --- | --- | --- |",
    ]
    for item in paper.corrections:
        evidence = _evidence(item.source) + (f" — {md.text(item.note)}" if item.note else "")
        cells = [md.text(item.field), md.text(item.source_value), md.text(item.value), evidence]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _evidence(source: str) -> str:
    if _SAFE_URL.match(source):
        return md.link(source, source)
    if doi := _DOI.match(source):
        return md.link(source, f"https://doi.org/{doi.group(1)}")
    if pmid := _PMID.match(source):
        return md.link(source, f"https://pubmed.ncbi.nlm.nih.gov/{pmid.group(1)}/")
    return md.text(source)
