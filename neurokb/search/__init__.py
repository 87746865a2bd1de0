"""Finding papers: full-text search with fielded filters, and the filters ``list`` uses.

- :mod:`~neurokb.search.text`: the tokenizer shared by indexing, queries and phrases;
- :mod:`~neurokb.search.query`: the query language (``author:zenke year:2016..2018 "a phrase"``);
- :mod:`~neurokb.search.filters`: :class:`Filters`, :func:`list_papers`, sorting;
- :mod:`~neurokb.search.bm25`: a field-weighted BM25 index, independent of papers;
- :mod:`~neurokb.search.engine`: :func:`search` over a KB's papers (index memoised per KB).
"""

from __future__ import annotations

from neurokb.search.engine import Hit, misspelt, paper_index, search
from neurokb.search.filters import Filters, SortBy, YearRange, list_papers, sort_papers
from neurokb.search.query import Query, parse_query, parse_type, parse_years

__all__ = [
    "Filters",
    "Hit",
    "Query",
    "SortBy",
    "YearRange",
    "list_papers",
    "misspelt",
    "paper_index",
    "parse_query",
    "parse_type",
    "parse_years",
    "search",
    "sort_papers",
]
