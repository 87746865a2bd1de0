"""The closed list of entry types, apart from the models so that it imports instantly.

The CLI needs it to declare ``--type`` choices and the query parser to read ``type:`` terms,
on paths (a cached search) that must not load Pydantic. :mod:`neurokb.core.models` re-exports it.
"""

from __future__ import annotations

from enum import StrEnum


class PaperType(StrEnum):
    """What kind of work an entry is; drives the BibTeX/CSL/RIS type and how it is cited."""

    ARTICLE = "article"
    INPROCEEDINGS = "inproceedings"
    PREPRINT = "preprint"
    BOOK = "book"
    PROCEEDINGS = "proceedings"
    CHAPTER = "chapter"
    THESIS = "thesis"
    REPORT = "report"
    BLOG = "blog"
    COURSE = "course"
    MAGAZINE = "magazine"
    NEWS = "news"
    WEBPAGE = "webpage"
    SOFTWARE = "software"
    DATASET = "dataset"
    MISC = "misc"
