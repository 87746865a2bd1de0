"""How each kind of work is typed in every output format: one table, read by every writer.

Keeping the mapping as data in one place means the BibTeX, BibLaTeX, RIS and CSL writers (and
the importers, which invert it) cannot disagree about what a blog post or a preprint is.
``*_venue`` names the field that carries :attr:`Paper.venue` in that format.
"""

from __future__ import annotations

from dataclasses import dataclass

from neurokb.core.models import PaperType


@dataclass(frozen=True)
class Kind:
    bibtex: str
    bibtex_venue: str
    biblatex: str
    biblatex_venue: str
    csl: str
    csl_venue: str
    ris: str
    subtype: str = ""  # BibLaTeX ``entrysubtype``, so an import can tell a blog from a web page


KINDS: dict[PaperType, Kind] = {
    PaperType.ARTICLE: Kind("article", "journal", "article", "journaltitle",
                            "article-journal", "container-title", "JOUR"),
    PaperType.INPROCEEDINGS: Kind("inproceedings", "booktitle", "inproceedings", "booktitle",
                                  "paper-conference", "container-title", "CPAPER"),
    PaperType.PREPRINT: Kind("misc", "howpublished", "online", "organization",
                             "article", "publisher", "UNPB", "preprint"),
    PaperType.BOOK: Kind("book", "series", "book", "series", "book", "collection-title", "BOOK"),
    PaperType.PROCEEDINGS: Kind("proceedings", "series", "proceedings", "series",
                                "book", "collection-title", "CONF"),
    PaperType.CHAPTER: Kind("incollection", "booktitle", "incollection", "booktitle",
                            "chapter", "container-title", "CHAP"),
    PaperType.THESIS: Kind("phdthesis", "school", "thesis", "institution",
                           "thesis", "publisher", "THES"),
    PaperType.REPORT: Kind("techreport", "institution", "report", "institution",
                           "report", "publisher", "RPRT"),
    PaperType.BLOG: Kind("misc", "howpublished", "online", "organization",
                         "post-weblog", "container-title", "BLOG", "blog"),
    PaperType.COURSE: Kind("misc", "howpublished", "online", "organization",
                           "webpage", "container-title", "ELEC", "course"),
    PaperType.MAGAZINE: Kind("article", "journal", "article", "journaltitle",
                             "article-magazine", "container-title", "MGZN", "magazine"),
    PaperType.NEWS: Kind("article", "journal", "article", "journaltitle",
                         "article-newspaper", "container-title", "NEWS", "newspaper"),
    PaperType.WEBPAGE: Kind("misc", "howpublished", "online", "organization",
                            "webpage", "container-title", "ELEC"),
    PaperType.SOFTWARE: Kind("misc", "howpublished", "software", "organization",
                             "software", "publisher", "COMP"),
    PaperType.DATASET: Kind("misc", "howpublished", "dataset", "organization",
                            "dataset", "publisher", "DATA"),
    PaperType.MISC: Kind("misc", "howpublished", "misc", "howpublished",
                         "document", "container-title", "GEN"),
}  # fmt: skip

#: CSL ``genre`` for kinds that share a CSL type with another kind (course vs web page).
CSL_GENRE: dict[PaperType, str] = {PaperType.COURSE: "Online course"}


def kind(paper_type: PaperType) -> Kind:
    return KINDS[paper_type]
