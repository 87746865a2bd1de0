"""Bibliography files made at build time, and the page that offers them."""

from __future__ import annotations

from neurokb.site import md, urls
from neurokb.site.citations import exported
from neurokb.site.context import GeneratedFile, SiteContext
from neurokb.site.topic_page import topic_papers

# (site file, export format, what it is for)
WHOLE_KB = (
    (urls.KB_BIB, "bibtex", "BibTeX, for LaTeX, JabRef and most reference managers"),
    (urls.KB_CSL, "csl-json", "CSL-JSON, for Zotero, pandoc and citeproc"),
    (urls.KB_RIS, "ris", "RIS, for EndNote, Mendeley and Zotero"),
)


def download_files(ctx: SiteContext) -> list[GeneratedFile]:
    """The whole-KB exports, one ``.bib`` per paper and one per topic."""
    kb = ctx.kb
    papers = sorted(kb.papers.values(), key=lambda p: p.key)
    files = [GeneratedFile(path, exported(papers, fmt, ctx.cache)) for path, fmt, _ in WHOLE_KB]
    files += [
        GeneratedFile(urls.paper_bib(p.key), exported([p], "bibtex", ctx.cache), kb.source_path(p))
        for p in papers
    ]
    for topic_id, topic in sorted(kb.topics.items()):
        chosen = [kb.papers[k] for k in topic_papers(ctx, topic_id)]
        files.append(
            GeneratedFile(
                urls.topic_bib(topic_id),
                exported(chosen, "bibtex", ctx.cache),
                kb.source_path(topic),
            )
        )
    return files


def render_downloads_page(ctx: SiteContext) -> str:
    src = urls.DOWNLOADS_PAGE
    items = [
        f":material-download: {md.link(path.rsplit('/', 1)[-1], urls.relative(src, path))}{{ download }} — {why}"
        for path, _, why in WHOLE_KB
    ]
    return (
        md.front_matter("Downloads", "The whole neurokb bibliography as BibTeX, CSL-JSON and RIS")
        + f"# Downloads\n\nThe {len(ctx.kb.papers)} papers of the knowledge base, exported when "
        "this site was built.\n\n"
        + md.bullet_list(items)
        + "\n\nEvery paper page offers its own `.bib`, and every topic page a `.bib` of the "
        "topic and its subtopics. From a checkout, `neurokb export` writes the same files.\n"
    )
