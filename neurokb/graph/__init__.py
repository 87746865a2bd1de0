"""The concept graph of the knowledge base and what is computed over it.

Import from here; the submodules are an implementation detail:

- :mod:`~neurokb.graph.keys`: :class:`NodeKind`, :class:`NodeKey`, :class:`EdgeKind`;
- :mod:`~neurokb.graph.names`: author and venue identity (:func:`author_id`, :func:`author_index`);
- :mod:`~neurokb.graph.build`: :func:`build_graph` (memoised per KB), :func:`resolve`;
- :mod:`~neurokb.graph.paths`: :func:`explain_path` and its :class:`Hop`;
- :mod:`~neurokb.graph.rank`: :func:`pagerank`;
- :mod:`~neurokb.graph.export`: GraphML, GEXF, node-link JSON and DOT writers.
"""

from __future__ import annotations

from neurokb.graph.build import build_graph, label, resolve
from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind
from neurokb.graph.names import Author, AuthorIndex, author_id, author_index, venue_id
from neurokb.graph.paths import Direction, Hop, explain_path, format_path
from neurokb.graph.rank import pagerank

__all__ = [
    "Author",
    "AuthorIndex",
    "Direction",
    "EdgeKind",
    "Hop",
    "NodeKey",
    "NodeKind",
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
