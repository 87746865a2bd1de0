"""Bibliography files made at build time, and the page that offers them."""

from __future__ import annotations

from collections.abc import Mapping

from neurokb.core.models import Paper
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


def download_files(ctx: SiteContext, made: Mapping[str, str] | None = None) -> list[GeneratedFile]:
    """The whole-KB exports, one ``.bib`` per paper and one per topic.

    ``made``: whole-KB exports already made by format (a one-shot build makes the CSL-JSON and
    RIS files, the largest, in its page workers' split). Every ``.bib`` of more than one paper
    is its papers' entries, a blank line between them (as :func:`exported` joins them): each
    paper's entry is looked up once here and joined for the whole KB and for each topic, which
    looked each up again (with its cache key made from all of the paper's data) for each file.
    """
    kb = ctx.kb
    papers = sorted(kb.papers.values(), key=lambda p: p.key)
    entries = {p.key: exported([p], "bibtex", ctx.cache) for p in papers}

    def bibtex(chosen: list[Paper]) -> str:
        if len(chosen) < 2:  # no entry to join: exactly what exported() gives
            return exported(chosen, "bibtex", ctx.cache)
        return "\n\n".join(entries[p.key].removesuffix("\n") for p in chosen) + "\n"

    whole = dict(made or {})
    for _, fmt, _ in WHOLE_KB:
        if fmt not in whole:
            whole[fmt] = bibtex(papers) if fmt == "bibtex" else whole_export(ctx, fmt)
    files = [GeneratedFile(path, whole[fmt]) for path, fmt, _ in WHOLE_KB]
    files += [
        GeneratedFile(urls.paper_bib(p.key), entries[p.key], kb.source_path(p)) for p in papers
    ]
    for topic_id, topic in sorted(kb.topics.items()):
        chosen = [kb.papers[k] for k in topic_papers(ctx, topic_id)]
        files.append(GeneratedFile(urls.topic_bib(topic_id), bibtex(chosen), kb.source_path(topic)))
    return files


def whole_export(ctx: SiteContext, fmt: str) -> str:
    """The whole KB in ``fmt`` (a format of :data:`WHOLE_KB` other than BibTeX)."""
    return exported(sorted(ctx.kb.papers.values(), key=lambda p: p.key), fmt, ctx.cache)


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
