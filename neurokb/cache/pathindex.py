"""``neurokb path`` on an adjacency kept in the index as integer arrays (CSR), not models.

The path search (:func:`neurokb.graph.walk.walk`) walks, from each node it settles, that
node's neighbours with the cheapest relation to each, in the order the neighbours were first
met while listing the graph's edges (:func:`neurokb.graph.build.iter_edges`); ties between
equally cheap chains go to the first pushed, so that order is part of the answer. This module
lists the same edges in the same order from the index tables (each paper's citations and
topics in its own order, kept in ``cites.pos`` and ``paper_topics.pos``), and keeps per node:

- ``indptr``: where its row starts in the two arrays below (int32, nodes + 1);
- ``neighbour``: the neighbours' numbers, in first-met order (int32);
- ``step``: the cheapest relation to each, as ``kind * 2 + direction`` (int8);

plus the node names. Built with NumPy in a few seconds at 100k papers, it is stored in the
``derived`` table under the index generation (and the algorithm catalogue it includes), so
only the first ``path`` after a change builds it; the next ones read ~16 MB and settle a few
thousand nodes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from neurokb.cache.sync import generation
from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind
from neurokb.graph.walk import EDGE_COST, Direction, Hop, Step, avoided, walk

if TYPE_CHECKING:
    from neurokb.cache.reader import Reader
    from neurokb.graph.build import Algorithms

_KINDS = list(EdgeKind)
_DIRECTIONS = (Direction.FORWARD, Direction.BACKWARD)
_STEPS: list[Step] = [(k, d, EDGE_COST[k]) for k in _KINDS for d in _DIRECTIONS]
_PARTS = ("nodes", "indptr", "neighbour", "step")


class Graph:
    """The stored adjacency, read as :class:`neurokb.graph.walk.Neighbours` rows."""

    def __init__(self, names: list[str], indptr: Any, neighbour: Any, step: Any) -> None:
        self.names, self.indptr, self.neighbour, self.step = names, indptr, neighbour, step
        self.number = {name: i for i, name in enumerate(names)}
        self._keys: dict[int, NodeKey] = {}

    def key(self, i: int) -> NodeKey:
        if i not in self._keys:
            kind, _, ident = self.names[i].partition(":")
            self._keys[i] = NodeKey(NodeKind(kind), ident)
        return self._keys[i]

    def __contains__(self, node: NodeKey) -> bool:
        return str(node) in self.number

    def __getitem__(self, node: NodeKey) -> _Row:
        return _Row(self, self.number[str(node)])


class _Row:
    def __init__(self, graph: Graph, i: int) -> None:
        self.graph, self.start, self.stop = graph, int(graph.indptr[i]), int(graph.indptr[i + 1])

    def __len__(self) -> int:
        return self.stop - self.start

    def items(self) -> Iterator[tuple[NodeKey, Step]]:
        graph = self.graph
        numbers = graph.neighbour[self.start : self.stop].tolist()
        steps = graph.step[self.start : self.stop].tolist()
        for number, step in zip(numbers, steps, strict=True):
            yield graph.key(number), _STEPS[step]


def path(
    reader: Reader, start: str, end: str, algorithms: Algorithms
) -> tuple[NodeKey, NodeKey, list[Hop]] | None:
    """:func:`neurokb.graph.paths.explain_path` over the index; None when ``start`` or ``end``
    names no node there (the KB then says why, with suggestions)."""
    conn = reader.conn
    graph = load(conn, algorithms)
    a, b = _resolve(conn, graph, start), _resolve(conn, graph, end)
    if a is None or b is None:
        return None
    roots = [tid for tid, parents in conn.execute("SELECT id, parents FROM topics")
             if not json.loads(parents)]  # fmt: skip
    venues = [name.partition(":")[2] for name in graph.names if name.startswith("venue:")]
    labels = _Labels(reader, algorithms)
    return a, b, walk(graph, labels.label, a, b, avoided(roots, venues))


def _resolve(conn: sqlite3.Connection, graph: Graph, text: str) -> NodeKey | None:
    """:func:`neurokb.graph.build.resolve`, or None for anything it would raise on."""
    for kind in (NodeKind.PAPER, NodeKind.TOPIC):
        if NodeKey(kind, text) in graph:
            return NodeKey(kind, text)
    kind_text, sep, ident = text.partition(":")
    if not sep or kind_text not in NodeKind.__members__.values() or not ident:
        return None
    node = NodeKey(NodeKind(kind_text), ident)
    return node if node in graph else None


class _Labels:
    """The labels of the few nodes on a path, from their rows."""

    def __init__(self, reader: Reader, algorithms: Algorithms) -> None:
        self.reader, self.algorithms = reader, algorithms

    def label(self, node: NodeKey) -> str:
        conn = self.reader.conn
        match node.kind:
            case NodeKind.PAPER:
                return str(self.reader.papers([node.id])[0].label)
            case NodeKind.TOPIC:
                (name,) = conn.execute(
                    "SELECT name FROM topics WHERE id = ?", (node.id,)
                ).fetchone()
                return str(name)
            case NodeKind.AUTHOR:
                from neurokb.cache.links import IndexLinks

                return IndexLinks(conn).author_name(node.id)
            case NodeKind.VENUE:
                return _venue_label(conn, node.id)
        return next(alg.title for alg in self.algorithms if alg.name == node.id)


def _venue_label(conn: sqlite3.Connection, vid: str) -> str:
    """:func:`neurokb.graph.identity.venue_labels` for one venue: its most common label."""
    from collections import Counter

    from neurokb.graph.identity import venue_id, venue_label

    counts: Counter[str] = Counter()
    query = "SELECT venue_name, count(*) FROM docs WHERE venue_name != '' GROUP BY venue_name"
    for name, count in conn.execute(query):
        if venue_id(name) == vid:
            counts[venue_label(name)] += count
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


# -- building and storing ----------------------------------------------------------------------
def load(conn: sqlite3.Connection, algorithms: Algorithms) -> Graph:
    """The adjacency of the index's current generation, built and stored if missing."""
    now, tag = generation(conn), _tag(algorithms)
    names = [f"graph.{part}.{tag}" for part in _PARTS]
    marks = ", ".join("?" * len(names))
    stored = {
        name: data
        for name, at, data in conn.execute(
            f"SELECT name, generation, data FROM derived WHERE name IN ({marks})", names
        )
        if at == now
    }
    if len(stored) == len(names):
        text, indptr, neighbour, step = (stored[name] for name in names)
        return Graph(
            text.decode().split("\n"),
            np.frombuffer(indptr, dtype=np.int32),
            np.frombuffer(neighbour, dtype=np.int32),
            np.frombuffer(step, dtype=np.int8),
        )
    graph = build(conn, algorithms)
    parts = ("\n".join(graph.names).encode(), graph.indptr.tobytes(),
             graph.neighbour.tobytes(), graph.step.tobytes())  # fmt: skip
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
        conn.executemany(
            "INSERT OR REPLACE INTO derived VALUES (?, ?, ?)",
            [(name, now, data) for name, data in zip(names, parts, strict=True)],
        )
    return graph


def _tag(algorithms: Algorithms) -> str:
    text = json.dumps([[a.name, list(a.papers)] for a in algorithms])
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def build(conn: sqlite3.Connection, algorithms: Algorithms) -> Graph:
    """The adjacency from the tables, with the edges of :func:`~neurokb.graph.build.iter_edges`
    in its order (see the module doc)."""
    topics, papers, venue_of = _inputs(conn)
    authors = sorted({a for (a,) in conn.execute("SELECT DISTINCT author FROM paper_authors")})
    names = [f"topic:{t}" for t in sorted(topics)] + [f"paper:{k}" for k in papers]
    names += [f"author:{a}" for a in authors] + [
        f"venue:{v}" for v in sorted(set(venue_of.values()))
    ]
    names += [f"algorithm:{alg.name}" for alg in algorithms]
    number = {name: i for i, name in enumerate(names)}
    edges = _edges(conn, topics, papers, venue_of, algorithms)
    sources, kinds, targets = [], [], []
    for source, kind, target in edges:
        sources.append(number[source])
        kinds.append(kind)
        targets.append(number[target])
    return _csr(len(names), names, sources, kinds, targets)


def edge_rows(conn: sqlite3.Connection, algorithms: Algorithms) -> Iterable[tuple[str, int, str]]:
    """Every edge of :func:`~neurokb.graph.build.iter_edges`, in its order, as (source name,
    edge kind number, target name); names are ``str(NodeKey)`` (the graph export's too)."""
    topics, papers, venue_of = _inputs(conn)
    return _edges(conn, topics, papers, venue_of, algorithms)


def _inputs(
    conn: sqlite3.Connection,
) -> tuple[dict[str, dict[str, Any]], list[str], dict[str, str]]:
    """The topics' stored entries, the paper keys in order, each venue spelling's id."""
    from neurokb.graph.identity import venue_id

    topics = _topic_rows(conn)
    papers = [key for (key,) in conn.execute("SELECT key FROM docs ORDER BY key")]
    venue_of = {name: venue_id(name) for (name,) in conn.execute(
        "SELECT DISTINCT venue_name FROM docs WHERE venue_name != ''")}  # fmt: skip
    return topics, papers, venue_of


def _topic_rows(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    query = ("SELECT key, entry FROM files WHERE name >= 'topics/' AND name < 'topics0' "
             "AND entry IS NOT NULL")  # fmt: skip
    return {key: json.loads(entry) for key, entry in conn.execute(query)}


def _edges(
    conn: sqlite3.Connection,
    topics: dict[str, dict[str, Any]],
    papers: list[str],
    venue_of: dict[str, str],
    algorithms: Algorithms,
) -> Iterable[tuple[str, int, str]]:
    """(source name, edge kind number, target name), in the order of ``iter_edges``."""
    kind = {k: i for i, k in enumerate(_KINDS)}
    for tid in sorted(topics):
        for parent in topics[tid].get("parents") or ():
            if parent in topics:
                yield f"topic:{tid}", kind[EdgeKind.SUBTOPIC_OF], f"topic:{parent}"
        for other in topics[tid].get("related") or ():
            if other in topics:
                yield f"topic:{tid}", kind[EdgeKind.RELATED], f"topic:{other}"
    known = set(papers)
    cites = _grouped(conn, "SELECT src, dst FROM cites ORDER BY src, pos")
    about = _grouped(conn, "SELECT key, topic FROM paper_topics ORDER BY key, pos")
    written = _grouped(conn, "SELECT key, author FROM paper_authors ORDER BY key, position")
    extra = {key: (venue, json.loads(impl) if impl else ()) for key, venue, impl in conn.execute(
        "SELECT key, venue_name, implementations FROM docs "
        "WHERE venue_name != '' OR implementations IS NOT NULL")}  # fmt: skip
    catalogue = {alg.name for alg in algorithms}
    for key in papers:
        node = f"paper:{key}"
        for cited in cites.get(key, ()):
            if cited in known and cited != key:
                yield node, kind[EdgeKind.CITES], f"paper:{cited}"
        for topic in about.get(key, ()):
            if topic in topics:
                yield node, kind[EdgeKind.ABOUT], f"topic:{topic}"
        for author in written.get(key, ()):
            yield node, kind[EdgeKind.AUTHORED_BY], f"author:{author}"
        venue, implementations = extra.get(key, (None, ()))
        if venue:
            yield node, kind[EdgeKind.PUBLISHED_IN], f"venue:{venue_of[venue]}"
        for name in implementations:
            if name in catalogue:
                yield f"algorithm:{name}", kind[EdgeKind.IMPLEMENTS], node
    for alg in algorithms:
        for key in alg.papers:
            if key in known:
                yield f"algorithm:{alg.name}", kind[EdgeKind.IMPLEMENTS], f"paper:{key}"


def _grouped(conn: sqlite3.Connection, query: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in conn.execute(query):
        out.setdefault(key, []).append(value)
    return out


def _csr(
    count: int, names: list[str], sources: list[int], kinds: list[int], targets: list[int]
) -> Graph:
    """Rows of first-met neighbours with their cheapest step, as ``paths._adjacency`` makes
    them: each edge adds source -> target, then target -> source; a later edge between the
    same two nodes replaces the step only when strictly cheaper, keeping the first place."""
    src = np.asarray(sources, dtype=np.int64)
    dst = np.asarray(targets, dtype=np.int64)
    kind = np.asarray(kinds, dtype=np.int64)
    edges = len(src)
    a = np.concatenate([src, dst])  # (2E,) the node whose row gets the entry
    b = np.concatenate([dst, src])
    order = np.concatenate([np.arange(edges) * 2, np.arange(edges) * 2 + 1])  # insertion
    step = np.concatenate([kind * 2, kind * 2 + 1])  # forward from the source's row
    cost = np.asarray([EDGE_COST[k] for k in _KINDS])[np.concatenate([kind, kind])]
    by_pair = np.lexsort((order, cost, b, a))  # per pair: cheapest first, then earliest
    a, b, order, step = a[by_pair], b[by_pair], order[by_pair], step[by_pair]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    groups = np.cumsum(first) - 1  # pair number of every entry
    earliest = np.full(int(first.sum()), np.iinfo(np.int64).max)
    np.minimum.at(earliest, groups, order)  # the place of the pair's first entry
    a, b, step = a[first], b[first], step[first]
    rows = np.lexsort((earliest, a))
    a, b, step = a[rows], b[rows], step[rows]
    indptr = np.zeros(count + 1, dtype=np.int32)
    np.cumsum(np.bincount(a, minlength=count), out=indptr[1:])
    return Graph(names, indptr, b.astype(np.int32), step.astype(np.int8))
