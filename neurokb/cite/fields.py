"""Values every format derives the same way from a paper: links, page ranges, identifiers."""

from __future__ import annotations

from neurokb.models import Paper

DOI_RESOLVER = "https://doi.org/"
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


def page_range(paper: Paper) -> tuple[str, str] | None:
    """``("1514", "1541")`` for ``1514-1541``; an article number gives ``("e1005268", "")``."""
    if not paper.pages:
        return None
    first, _, last = paper.pages.partition("-")
    return first.strip(), last.strip()


def is_arxiv_preprint(paper: Paper) -> bool:
    """A preprint whose server is arXiv (named or implied by an arXiv id and no other venue)."""
    return bool(paper.arxiv) and (paper.venue or "arXiv").lower() == "arxiv"
