"""BibTeX export (classic ``.bst`` styles, natbib): ``year``/``month``, ``journal``, ``@misc``.

Classic BibTeX has no online type, so blogs, courses and preprints are ``@misc`` with
``howpublished`` naming where they appeared and the link in ``url`` (read by natbib's
``plainnat``/``abbrvnat`` and by every reference manager). arXiv ids use the ``eprint`` and
``archivePrefix`` fields that arXiv itself recommends; an arXiv-only work also gets its
``https://arxiv.org/abs/`` link in ``url``, the one field ``plainnat`` prints for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from neurokb.cite.bibentry import (
    BibEntry,
    common_head,
    common_tail,
    join,
    month_macro,
    pages,
    text,
)
from neurokb.cite.fields import landing_url
from neurokb.cite.types import kind
from neurokb.core.models import Paper, PaperType


def entry_type(paper: Paper) -> str:
    """``@mastersthesis`` for a thesis whose genre says so; the kind's type otherwise."""
    if paper.type is PaperType.THESIS and "master" in (paper.genre or "").lower():
        return "mastersthesis"
    return kind(paper.type).bibtex


def entry(paper: Paper) -> BibEntry:
    spec = kind(paper.type)
    out = BibEntry(entry_type(paper), paper.key)
    common_head(out, paper)
    implied = {"master's thesis", "phd thesis"}  # said by @mastersthesis / @phdthesis
    if (
        paper.type in (PaperType.THESIS, PaperType.REPORT)
        and paper.genre
        and (paper.genre.lower() not in implied)
    ):
        out.add("type", text(paper.genre))
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
    out.add("url", paper.url or (landing_url(paper) if not paper.doi else None))
    common_tail(out, paper, spec.bibtex_venue, "address")
    return out


def write(papers: Iterable[Paper]) -> str:
    return join(entry(paper) for paper in papers)
