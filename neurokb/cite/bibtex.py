"""BibTeX export (classic ``.bst`` styles, natbib): ``year``/``month``, ``journal``, ``@misc``.

Classic BibTeX has no online type, so blogs, courses and preprints are ``@misc`` with
``howpublished`` naming where they appeared and the link in ``url`` (read by natbib's
``plainnat``/``abbrvnat`` and by every reference manager). arXiv ids use the ``eprint`` and
``archivePrefix`` fields that arXiv itself recommends.
"""

from __future__ import annotations

from collections.abc import Iterable

from neurokb.cite.bibentry import BibEntry, common_head, join, month_macro, pages, text
from neurokb.cite.types import kind
from neurokb.models import Paper


def entry(paper: Paper) -> BibEntry:
    spec = kind(paper.type)
    out = BibEntry(spec.bibtex, paper.key)
    common_head(out, paper)
    out.add(spec.bibtex_venue, text(paper.venue))
    out.add("year", str(paper.year))
    out.add("month", month_macro(paper), bare=True)
    out.add("volume", text(paper.volume))
    out.add("number", text(paper.issue))
    out.add("pages", pages(paper))
    out.add("publisher", text(paper.publisher))
    out.add("isbn", paper.isbn)
    out.add("doi", paper.doi)
    if paper.arxiv:
        out.add("eprint", paper.arxiv)
        out.add("archiveprefix", "arXiv")
    out.add("pmid", paper.pmid)
    out.add("url", paper.url)
    return out


def write(papers: Iterable[Paper]) -> str:
    return join(entry(paper) for paper in papers)
