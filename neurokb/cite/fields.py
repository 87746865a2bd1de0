"""Values every format derives the same way from a paper: links, page ranges, identifiers."""

from __future__ import annotations

import re

from neurokb.core.models import Paper

ARXIV_ABS = "https://arxiv.org/abs/"


def arxiv_url(paper: Paper) -> str | None:
    return f"{ARXIV_ABS}{paper.arxiv}" if paper.arxiv else None


def landing_url(paper: Paper) -> str | None:
    """The URL a reader should follow when there is no DOI: the entry's own, else arXiv's.

    With a DOI, styles print the DOI link; an explicit ``url`` is still passed on because
    reference managers keep both.
    """
    if paper.url:
        return paper.url
    if not paper.doi and paper.arxiv:
        return arxiv_url(paper)
    return None


#: One page: digits, optionally with a letter prefix or suffix (``e12``, ``S3``, ``112a``), or
#: roman numerals. A hyphen between two of these is a range; anything else is one token.
_PAGE = re.compile(r"^(?:[A-Za-z]{0,2}\d+[A-Za-z]?|[ivxlcdm]+|[IVXLCDM]+)$")


def page_range(paper: Paper) -> tuple[str, str] | None:
    """``("1514", "1541")`` for ``1514-1541``; an article number gives ``("e1005268", "")``.

    An article number that itself holds a hyphen (``ENEURO.0533-19.2020``) is one token: a
    range is exactly two page-like parts around one hyphen.
    """
    if not paper.pages:
        return None
    if is_article_number(paper.pages):
        return paper.pages.strip(), ""
    first, _, last = paper.pages.partition("-")
    return first.strip(), last.strip()


def is_article_number(pages: str) -> bool:
    """True unless ``pages`` is a page range ``A-B`` or a single page (``e2000219`` is one)."""
    parts = [part.strip() for part in pages.split("-")]
    if len(parts) == 1:
        return not _PAGE.match(parts[0]) or (not parts[0].isdigit() and len(parts[0]) > 5)
    return len(parts) != 2 or not all(_PAGE.match(part) for part in parts)


def is_arxiv_preprint(paper: Paper) -> bool:
    """A preprint whose server is arXiv (named or implied by an arXiv id and no other venue)."""
    return bool(paper.arxiv) and (paper.venue or "arXiv").lower() == "arxiv"
