"""BibLaTeX export (biber): ISO ``date``, ``journaltitle``, ``@online``, ``eprint``/``eprinttype``.

``entrysubtype`` records what BibLaTeX's types cannot (a blog or course is ``@online``; a
magazine or newspaper piece is ``@article``), so an export read back by ``neurokb add`` keeps
the kind of work. A PubMed id becomes the eprint when there is no arXiv id (BibLaTeX knows
``eprinttype = pubmed``), and a ``pmid`` field beside an arXiv eprint, so it survives a
round trip through ``neurokb add``. An edited book (editors, no authors) is ``@collection``,
as the BibLaTeX data model requires. An article number is BibLaTeX's ``eid``; aliases are
``ids``, which biber resolves, so ``\\cite{OldKey}`` keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable

from neurokb.cite.bibentry import BibEntry, common_head, common_tail, join, pages, text
from neurokb.cite.dates import iso_date
from neurokb.cite.fields import is_article_number
from neurokb.cite.types import kind
from neurokb.core.models import Paper, PaperType


def _thesis_type(genre: str | None) -> str:
    """BibLaTeX's localised keys for the common thesis kinds; other genres as written."""
    lowered = (genre or "").lower()
    if not genre or "phd" in lowered or "doctor" in lowered:
        return "phdthesis"
    if "master" in lowered:
        return "mathesis"
    return text(genre) or "phdthesis"


def entry(paper: Paper) -> BibEntry:
    spec = kind(paper.type)
    entry_type = spec.biblatex
    if paper.type is PaperType.BOOK and not paper.authors:
        entry_type = "collection"  # BibLaTeX's edited book: editors, no author
    out = BibEntry(entry_type, paper.key)
    common_head(out, paper)
    out.add("entrysubtype", spec.subtype or None)
    if paper.type is PaperType.THESIS:
        out.add("type", _thesis_type(paper.genre))
    elif paper.genre:
        out.add("type", text(paper.genre))
    out.add(spec.biblatex_venue, text(paper.venue))
    out.add("date", iso_date(paper))
    out.add("volume", text(paper.volume))
    out.add("number", text(paper.issue))
    if paper.pages and is_article_number(paper.pages):
        out.add("eid", text(paper.pages))
    else:
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
    common_tail(out, paper, spec.biblatex_venue, "location")
    return out


def write(papers: Iterable[Paper]) -> str:
    return join(entry(paper) for paper in papers)
