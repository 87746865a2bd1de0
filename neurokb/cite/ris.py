"""RIS export (Zotero, EndNote, Mendeley): ``TY`` ... ``ER`` records of ``TAG  - value`` lines.

Tags follow the RIS format as Zotero reads and writes it: ``T2`` for the container (journal,
proceedings, book, blog), ``JO`` additionally for journals, ``SP``/``EP`` for page ranges,
``DA`` for the date and ``PY`` for the year. The arXiv id goes into a note, since RIS has no tag
for it; the link goes into ``UR``. An article number is one ``SP`` value (no ``EP``). RIS has
no "et al." marker, so an incomplete author list says so in a note (``N1  - et al.``) rather
than inventing an author called "others".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from neurokb.cite.dates import ris_date
from neurokb.cite.fields import landing_url, page_range
from neurokb.cite.persons import ris_name
from neurokb.cite.types import kind
from neurokb.core import titlemarkup
from neurokb.core.models import Paper, PaperType

_PUBLISHER_VENUE = {PaperType.THESIS, PaperType.REPORT, PaperType.PREPRINT, PaperType.SOFTWARE,
                    PaperType.DATASET}  # fmt: skip
#: The note that marks an incomplete author list (RIS has no tag for it).
ET_AL_NOTE = "et al."


def _tags(paper: Paper) -> Iterator[tuple[str, str | None]]:
    yield "TY", kind(paper.type).ris
    yield "ID", paper.key
    for person in paper.authors:
        yield "AU", ris_name(person)
    for person in paper.editors:
        yield "A2", ris_name(person)
    yield "TI", titlemarkup.plain(paper.title)
    if paper.type in _PUBLISHER_VENUE:
        yield "PB", paper.venue or paper.publisher
    else:
        yield "T2", paper.venue
        if paper.type is PaperType.ARTICLE:
            yield "JO", paper.venue
        yield "PB", paper.publisher
    yield "T3", paper.series
    yield "ET", paper.edition
    yield "CY", paper.location
    yield "M3", paper.genre
    yield "PY", str(paper.year)
    yield "DA", ris_date(paper)
    yield "VL", paper.volume
    yield "IS", paper.issue
    if pages := page_range(paper):
        yield "SP", pages[0]
        yield "EP", pages[1]
    if paper.type is PaperType.REPORT:
        yield "M1", paper.issue
    yield "SN", paper.isbn
    yield "DO", paper.doi
    yield "UR", landing_url(paper)
    if paper.arxiv:
        yield "N1", f"arXiv:{paper.arxiv}"
    if paper.pmid:
        yield "AN", f"PMID:{paper.pmid}"
    if paper.et_al:
        yield "N1", ET_AL_NOTE
    for keyword in paper.keywords:
        yield "KW", keyword
    yield "LA", paper.language
    yield "Y2", paper.urldate.strftime("%Y/%m/%d") if paper.urldate else None
    yield "AB", paper.abstract
    for alias in paper.ids:
        yield "C1", f"Citation key: {alias}"


def record(paper: Paper) -> str:
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in _tags(paper) if value]
    return "\n".join([*lines, "ER  - "]) + "\n"


def write(papers: Iterable[Paper]) -> str:
    return "\n".join(record(paper) for paper in papers)
