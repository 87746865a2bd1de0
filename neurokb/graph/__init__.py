"""The concept graph of the knowledge base and what is computed over it.

Import from here; the submodules are an implementation detail:

- :mod:`~neurokb.graph.keys`: :class:`NodeKind`, :class:`NodeKey`, :class:`EdgeKind`;
- :mod:`~neurokb.graph.identity`: author and venue identity (:func:`author_id`, :func:`author_index`);
- :mod:`~neurokb.graph.build`: :func:`build_graph` (memoised per KB and algorithm catalogue,
  which callers pass in as data: :func:`algorithm_nodes`), :func:`resolve`;
- :mod:`~neurokb.graph.paths`: :func:`explain_path` and its :class:`Hop`;
- :mod:`~neurokb.graph.rank`: :func:`pagerank`;
- :mod:`~neurokb.graph.export`: GraphML, GEXF, node-link JSON and DOT writers.
"""

from __future__ import annotations

from neurokb.core.lazy import lazy_exports

# Exports load on first use (PEP 562): the index refresh needs only the author names module,
# and importing build.py loads NetworkX (~0.15 s).
_EXPORTS = {
    "build_graph": "build", "label": "build", "resolve": "build",
    "AlgorithmNode": "keys", "Algorithms": "keys", "algorithm_nodes": "keys",
    "EdgeKind": "keys", "NodeKey": "keys", "NodeKind": "keys",
    "Author": "identity", "AuthorIndex": "identity", "author_id": "identity",
    "author_index": "identity", "venue_id": "identity",
    "Direction": "paths", "Hop": "paths", "explain_path": "paths", "format_path": "paths",
    "pagerank": "rank",
}  # fmt: skip


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "AlgorithmNode",
    "Algorithms",
    "Author",
    "AuthorIndex",
    "Direction",
    "EdgeKind",
    "Hop",
    "NodeKey",
    "NodeKind",
    "algorithm_nodes",
    "author_id",
    "author_index",
    "build_graph",
    "explain_path",
    "format_path",
    "label",
    "pagerank",
    "resolve",
    "venue_id",
]
