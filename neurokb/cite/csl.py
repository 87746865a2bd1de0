"""A paper as a CSL-JSON item: the input of every CSL processor (citeproc-py, citeproc-js,
pandoc, Zotero), and the one place that decides how our fields map onto CSL variables.

The item validates against the CSL 1.0.2 input schema (``csl-data.json``). Preprints are CSL
type ``article`` with the server as ``publisher`` and ``arXiv:ID`` as ``number``, the shape
Zotero produces, which CSL styles (APA's "(arXiv:1705.11146). arXiv.") are written for.
"""

from __future__ import annotations

from typing import Any

from neurokb.cite.dates import csl_date
from neurokb.cite.fields import is_arxiv_preprint, landing_url
from neurokb.cite.names import csl_name
from neurokb.cite.types import CSL_GENRE, kind
from neurokb.models import Paper, PaperType


def to_csl(paper: Paper) -> dict[str, Any]:
    """The CSL-JSON item of ``paper``; its ``id`` is the citation key."""
    spec = kind(paper.type)
    item: dict[str, Any] = {
        "id": paper.key,
        "citation-key": paper.key,
        "type": spec.csl,
        "title": paper.title,
        "author": [csl_name(person) for person in paper.authors],
        "issued": csl_date(paper),
    }
    if paper.editors:
        item["editor"] = [csl_name(person) for person in paper.editors]
    venue = paper.venue or ("arXiv" if paper.type is PaperType.PREPRINT and paper.arxiv else None)
    if venue:
        item[spec.csl_venue] = venue
    if paper.publisher and spec.csl_venue != "publisher":
        item["publisher"] = paper.publisher
    optional = {
        "genre": CSL_GENRE.get(paper.type),
        "volume": paper.volume,
        "issue": paper.issue,
        "page": paper.pages,
        "ISBN": paper.isbn,
        "DOI": paper.doi,
        "PMID": paper.pmid,
        "URL": landing_url(paper),
    }
    if paper.type is PaperType.PREPRINT and is_arxiv_preprint(paper):
        optional["number"] = f"arXiv:{paper.arxiv}"
    elif paper.arxiv:
        # CSL has no arXiv variable; Zotero keeps such ids as "name: value" lines in ``note``,
        # which none of the shipped styles prints.
        optional["note"] = f"arXiv: {paper.arxiv}"
    item.update({name: value for name, value in optional.items() if value})
    return item
