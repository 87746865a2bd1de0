"""Dates of a paper in each format's notation (only year and month are ever known)."""

from __future__ import annotations

from neurokb.core.models import Paper

#: BibTeX's predefined month macros (``month = jun``), also understood by BibLaTeX and pybtex.
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def iso_date(paper: Paper) -> str:
    """``2018-06`` or ``2018``: BibLaTeX ``date`` and EDTF both use ISO 8601 partial dates."""
    return f"{paper.year}-{paper.month:02d}" if paper.month else str(paper.year)


def csl_date(paper: Paper) -> dict[str, list[list[int]]]:
    parts = [paper.year, paper.month] if paper.month else [paper.year]
    return {"date-parts": [parts]}


def ris_date(paper: Paper) -> str:
    """``2018/06//``: RIS DA is ``YYYY/MM/DD/other`` with empty parts kept."""
    return f"{paper.year}/{paper.month:02d}//" if paper.month else f"{paper.year}///"
