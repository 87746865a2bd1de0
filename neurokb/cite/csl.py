"""A paper as a CSL-JSON item: the input of every CSL processor (citeproc-py, citeproc-js,
pandoc, Zotero), and the one place that decides how our fields map onto CSL variables.

The item validates against the CSL 1.0.2 input schema (``csl-data.json``). Preprints are CSL
type ``article`` with the server as ``publisher`` and ``arXiv:ID`` as ``number``, the shape
Zotero produces, which CSL styles (APA's "(arXiv:1705.11146). arXiv.") are written for. An
article number is ``number`` too (APA's "Article e2000219"). The title is CSL rich text
(``<i>``, ``<span class="nocase">``). CSL has no "et al." marker: an incomplete name list ends
with the name ``{"literal": "others"}``, which pandoc's citeproc renders as "et al." (the
convention of its BibTeX reader) and :mod:`neurokb.importers.csljson` reads back.
"""

from __future__ import annotations

from typing import Any

from neurokb.cite.dates import csl_date
from neurokb.cite.fields import is_article_number, is_arxiv_preprint, landing_url
from neurokb.cite.persons import csl_name
from neurokb.cite.types import CSL_GENRE, kind
from neurokb.core import titlemarkup
from neurokb.core.models import Paper, PaperType

#: The name that ends an incomplete list (BibTeX's ``and others``), as pandoc writes it.
OTHERS = {"literal": "others"}


def to_csl(paper: Paper) -> dict[str, Any]:
    """The CSL-JSON item of ``paper``; its ``id`` is the citation key."""
    spec = kind(paper.type)
    item: dict[str, Any] = {
        "id": paper.key,
        "citation-key": paper.key,
        "type": spec.csl,
        "title": titlemarkup.csl(paper.title),
        "author": [csl_name(person) for person in paper.authors],
        "issued": csl_date(paper),
    }
    if paper.et_al and paper.authors:
        item["author"].append(dict(OTHERS))
    if not paper.authors:
        del item["author"]
    if paper.editors:
        item["editor"] = [csl_name(person) for person in paper.editors]
        if paper.et_al and not paper.authors:
            item["editor"].append(dict(OTHERS))
    venue = paper.venue or ("arXiv" if paper.type is PaperType.PREPRINT and paper.arxiv else None)
    if venue:
        item[spec.csl_venue] = venue
    if paper.publisher and (spec.csl_venue != "publisher" or not venue):
        item["publisher"] = paper.publisher  # where the venue is the publisher, one of them
    article_number = bool(paper.pages) and is_article_number(paper.pages or "")
    report_number = paper.type is PaperType.REPORT and paper.issue
    optional = {
        "genre": paper.genre or CSL_GENRE.get(paper.type),
        "volume": paper.volume,
        "issue": None if report_number else paper.issue,
        "number": paper.issue if report_number else paper.pages if article_number else None,
        "page": paper.pages,
        "collection-title": paper.series if spec.csl_venue != "collection-title" else None,
        "edition": paper.edition,
        "publisher-place": paper.location,
        "accessed": {"date-parts": [[paper.urldate.year, paper.urldate.month, paper.urldate.day]]}
        if paper.urldate
        else None,
        "language": paper.language,
        "keyword": ", ".join(paper.keywords) if paper.keywords else None,
        "abstract": paper.abstract,
        "ISBN": paper.isbn,
        "DOI": paper.doi,
        "PMID": paper.pmid,
        "URL": landing_url(paper),
    }
    if paper.type is PaperType.PREPRINT and is_arxiv_preprint(paper):
        optional["number"] = f"arXiv:{paper.arxiv}"
        optional["page"] = paper.pages
    elif paper.arxiv:
        # CSL has no arXiv variable; Zotero keeps such ids as "name: value" lines in ``note``,
        # which none of the shipped styles prints.
        optional["note"] = f"arXiv: {paper.arxiv}"
    item.update({name: value for name, value in optional.items() if value})
    return item
