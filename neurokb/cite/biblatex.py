"""BibLaTeX export (biber): ISO ``date``, ``journaltitle``, ``@online``, ``eprint``/``eprinttype``.

``entrysubtype`` records what BibLaTeX's types cannot (a blog or course is ``@online``; a
magazine or newspaper piece is ``@article``), so an export read back by ``neurokb add`` keeps
the kind of work. A PubMed id becomes the eprint when there is no arXiv id (BibLaTeX knows
``eprinttype = pubmed``), and a ``pmid`` field beside an arXiv eprint, so it survives a
round trip through ``neurokb add``.
"""

from __future__ import annotations

from collections.abc import Iterable

from neurokb.cite.bibentry import BibEntry, common_head, join, pages, text
from neurokb.cite.dates import iso_date
from neurokb.cite.types import kind
from neurokb.models import Paper, PaperType


def entry(paper: Paper) -> BibEntry:
    spec = kind(paper.type)
    out = BibEntry(spec.biblatex, paper.key)
    common_head(out, paper)
    out.add("entrysubtype", spec.subtype or None)
    if paper.type is PaperType.THESIS:
        out.add("type", "phdthesis")
    out.add(spec.biblatex_venue, text(paper.venue))
    out.add("date", iso_date(paper))
    out.add("volume", text(paper.volume))
    out.add("number", text(paper.issue))
    out.add("pages", pages(paper))
    out.add("publisher", text(paper.publisher))
    out.add("isbn", paper.isbn)
    out.add("doi", paper.doi)
    if paper.arxiv:
        out.add("eprint", paper.arxiv)
        out.add("eprinttype", "arxiv")
        out.add("pmid", paper.pmid)  # the eprint is taken; as in BibTeX exports (biber skips it)
    elif paper.pmid:
        out.add("eprint", paper.pmid)
        out.add("eprinttype", "pubmed")
    out.add("url", paper.url)
    return out


def write(papers: Iterable[Paper]) -> str:
    return join(entry(paper) for paper in papers)
