"""RIS export (Zotero, EndNote, Mendeley): ``TY`` ... ``ER`` records of ``TAG  - value`` lines.

Tags follow the RIS format as Zotero reads and writes it: ``T2`` for the container (journal,
proceedings, book, blog), ``JO`` additionally for journals, ``SP``/``EP`` for page ranges,
``DA`` for the date and ``PY`` for the year. The arXiv id goes into a note, since RIS has no tag
for it; the link goes into ``UR``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from neurokb.cite.dates import ris_date
from neurokb.cite.fields import landing_url, page_range
from neurokb.cite.names import ris_name
from neurokb.cite.types import kind
from neurokb.models import Paper, PaperType

_PUBLISHER_VENUE = {PaperType.THESIS, PaperType.REPORT, PaperType.PREPRINT, PaperType.SOFTWARE}


def _tags(paper: Paper) -> Iterator[tuple[str, str | None]]:
    yield "TY", kind(paper.type).ris
    yield "ID", paper.key
    for person in paper.authors:
        yield "AU", ris_name(person)
    for person in paper.editors:
        yield "A2", ris_name(person)
    yield "TI", paper.title
    if paper.type in _PUBLISHER_VENUE:
        yield "PB", paper.venue or paper.publisher
    else:
        yield "T2", paper.venue
        if paper.type is PaperType.ARTICLE:
            yield "JO", paper.venue
        yield "PB", paper.publisher
    yield "PY", str(paper.year)
    yield "DA", ris_date(paper)
    yield "VL", paper.volume
    yield "IS", paper.issue
    if pages := page_range(paper):
        yield "SP", pages[0]
        yield "EP", pages[1]
    yield "SN", paper.isbn
    yield "DO", paper.doi
    yield "UR", landing_url(paper)
    if paper.arxiv:
        yield "N1", f"arXiv:{paper.arxiv}"
    if paper.pmid:
        yield "AN", f"PMID:{paper.pmid}"


def record(paper: Paper) -> str:
    lines = [f"{tag}  - {value}" for tag, value in _tags(paper) if value]
    return "\n".join([*lines, "ER  - "]) + "\n"


def write(papers: Iterable[Paper]) -> str:
    return "\n".join(record(paper) for paper in papers)
