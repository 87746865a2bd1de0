"""The concept graph's nodes and edges from the index rows, for ``neurokb graph export``.

The export streams :func:`neurokb.graph.build.iter_nodes` and
:func:`~neurokb.graph.build.iter_edges`, which need the whole KnowledgeBase: restoring 100k
papers for it peaked at 1.45 GB. The same nodes and edges, in the same order and with the
same attributes, come from the query tables: topics by id with their names; papers by key
with the label made from the stored authors (or editors) and the year; authors by resolved id
with their fullest spelling; venues by id with their most common label; then the algorithm
catalogue. The edges are the ones :mod:`neurokb.cache.pathindex` lists for the path search, in
``iter_edges`` order. Rows are read as they are written out; what is held is one key object per
node and each paper's citations, topics and authors (tens of MB at 100k papers).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from neurokb.graph.keys import Algorithms, EdgeKind, NodeKey, NodeKind

Node = tuple[NodeKey, dict[str, Any]]
Edge = tuple[NodeKey, EdgeKind, NodeKey]


class GraphRows:
    """The nodes, then the edges, of the index behind ``conn`` (one pass over each)."""

    def __init__(self, conn: sqlite3.Connection, algorithms: Algorithms = ()) -> None:
        self.conn, self.algorithms = conn, algorithms
        self.keys: dict[str, NodeKey] = {}  # "kind:id" -> its one NodeKey, as nodes come

    def _key(self, kind: NodeKind, ident: str) -> NodeKey:
        node = NodeKey(kind, ident)
        self.keys[f"{kind.value}:{ident}"] = node
        return node

    def nodes(self) -> Iterator[Node]:
        """:func:`~neurokb.graph.build.iter_nodes` from the rows."""
        from neurokb.core.paperview import best_spelling_of, label_of

        conn = self.conn
        for tid, name in conn.execute("SELECT id, name FROM topics ORDER BY id").fetchall():
            yield self._key(NodeKind.TOPIC, tid), {"kind": NodeKind.TOPIC, "label": name}
        query = (  # the creators of Paper.label: its authors, else its editors
            "SELECT d.key, d.year, json_extract(f.entry, '$.authors'), "
            "json_extract(f.entry, '$.editors'), json_extract(f.entry, '$.et_al') "
            "FROM docs AS d CROSS JOIN files AS f ON f.name = 'papers/' || d.key ORDER BY d.key"
        )
        for key, year, authors, editors, et_al in conn.execute(query):
            creators = json.loads(authors or "[]") or json.loads(editors or "[]")
            families = [c.get("family") or c.get("literal") or "" for c in creators]
            label = label_of(families, bool(et_al), year)
            yield self._key(NodeKind.PAPER, key), {
                "kind": NodeKind.PAPER, "label": label, "year": year,
            }  # fmt: skip
        spellings: dict[str, list[dict[str, Any]]] = defaultdict(list)
        query = "SELECT DISTINCT author, person FROM paper_authors ORDER BY author"
        for author, person in conn.execute(query):
            spellings[author].append(json.loads(person))
        for author in sorted(spellings):
            label = best_spelling_of(spellings.pop(author))
            yield self._key(NodeKind.AUTHOR, author), {"kind": NodeKind.AUTHOR, "label": label}
        for vid, label in venue_labels(conn).items():
            yield self._key(NodeKind.VENUE, vid), {"kind": NodeKind.VENUE, "label": label}
        for alg in self.algorithms:
            node = self._key(NodeKind.ALGORITHM, alg.name)
            yield node, {"kind": NodeKind.ALGORITHM, "label": alg.title}

    def edges(self) -> Iterator[Edge]:
        """:func:`~neurokb.graph.build.iter_edges` from the rows (after :meth:`nodes`)."""
        from neurokb.cache.pathindex import edge_rows

        keys, kinds = self.keys, list(EdgeKind)
        for source, kind, target in edge_rows(self.conn, self.algorithms):
            yield keys[source], kinds[kind], keys[target]


def venue_labels(conn: sqlite3.Connection) -> dict[str, str]:
    """:func:`neurokb.graph.identity.venue_labels` over the ``docs`` rows."""
    from neurokb.graph.identity import venue_id, venue_label

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    query = "SELECT venue_name, count(*) FROM docs WHERE venue_name != '' GROUP BY venue_name"
    for name, count in conn.execute(query):
        counts[venue_id(name)][venue_label(name)] += count
    return {
        vid: min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
        for vid, spellings in sorted(counts.items())
    }
