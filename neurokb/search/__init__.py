"""Finding papers: full-text search with fielded filters, and the filters ``list`` uses.

- :mod:`~neurokb.search.text`: the tokenizer shared by indexing, queries and phrases;
- :mod:`~neurokb.search.query`: the query language (``author:zenke year:2016..2018 "a phrase"``);
- :mod:`~neurokb.search.filters`: :class:`Filters`, :func:`list_papers`, sorting;
- :mod:`~neurokb.search.bm25`: a field-weighted BM25 index, independent of papers;
- :mod:`~neurokb.search.engine`: :func:`search` over a KB's papers (index memoised per KB).
"""

from __future__ import annotations

from neurokb.core.lazy import lazy_exports

# Exports load on first use (PEP 562): ``neurokb.search.query`` and ``.text`` stay cheap to
# import for the cached search path, which must not load the models.
_EXPORTS = {
    "Hit": "engine", "misspelt": "engine", "paper_index": "engine", "search": "engine",
    "Filters": "filters", "SortBy": "filters", "YearRange": "filters",
    "list_papers": "filters", "sort_papers": "filters",
    "Query": "query", "parse_query": "query", "parse_type": "query", "parse_years": "query",
}  # fmt: skip


__getattr__ = lazy_exports(__name__, _EXPORTS)


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
