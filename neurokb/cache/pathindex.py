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
from neurokb.core.sqlbatch import rows_in
from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind
from neurokb.graph.walk import EDGE_COST, Direction, Hop, Step, avoided, walk

if TYPE_CHECKING:
    from neurokb.cache.reader import Reader
    from neurokb.graph.build import Algorithms

_KINDS = list(EdgeKind)
_DIRECTIONS = (Direction.FORWARD, Direction.BACKWARD)
_STEPS: list[Step] = [(k, d, EDGE_COST[k]) for k in _KINDS for d in _DIRECTIONS]
_PARTS = ("nodes", "indptr", "neighbour", "step")
_NODE_KINDS = {kind.value: kind for kind in NodeKind}


class Graph:
    """The stored adjacency, read as :class:`neurokb.graph.walk.Neighbours` rows.

    ``rows`` replaces the stored rows of some nodes (see :func:`_patched`): node number ->
    its neighbours' numbers and steps, in first-met order. Names are found by a search of the
    list (a millisecond) rather than a dict of all 190k of them (50-80 ms at 100k papers, for
    the two or three names a path asks for); the walk finds its nodes through the keys made.
    """

    def __init__(self, names: list[str], indptr: Any, neighbour: Any, step: Any) -> None:
        self.names, self.indptr, self.neighbour, self.step = names, indptr, neighbour, step
        self.stored = len(names)  # the names from the stored arrays; patched ones follow
        self.rows: dict[int, tuple[list[int], list[int]]] = {}
        self.added: dict[str, int] = {}
        self.removed: set[str] = set()
        self._keys: dict[int, NodeKey] = {}
        self._numbers: dict[NodeKey, int] = {}
        self._number: dict[str, int] | None = None
        self._degrees: list[int] | None = None

    def index(self, name: str) -> int | None:
        """The number of the node ``name``; None when there is no such node."""
        if name in self.added:
            return self.added[name]
        if name in self.removed:
            return None
        if self._number is not None:
            return self._number.get(name)
        try:
            return self.names.index(name, 0, self.stored)
        except ValueError:
            return None

    def index_all(self) -> None:
        """Find names by a dict from now on: patching looks up thousands."""
        if self._number is None:
            self._number = {name: i for i, name in enumerate(self.names[: self.stored])}

    def numbered(self, name: str) -> int:
        """The number of the node ``name``, given one if it is new."""
        found = self.index(name)
        if found is None:
            found = self.added[name] = len(self.names)
            self.names.append(name)
        return found

    def nodes(self) -> Iterator[tuple[str, int]]:
        """Every node's name and number."""
        for i, name in enumerate(self.names):
            if name not in self.removed:
                yield name, i

    def venues(self) -> list[str]:
        """The venue ids: the stored ones sit before the algorithms, at the end of the list."""
        i = self.stored
        while i and self.names[i - 1].startswith(("venue:", "algorithm:")):
            i -= 1
        found = [n for n in self.names[i : self.stored] if n.startswith("venue:")]
        found += [n for n in self.added if n.startswith("venue:")]
        return [n.partition(":")[2] for n in found if n not in self.removed]

    def row(self, i: int) -> tuple[list[int], list[int]]:
        """Node ``i``'s neighbours and steps."""
        if i in self.rows:
            return self.rows[i]
        start, stop = int(self.indptr[i]), int(self.indptr[i + 1])
        return self.neighbour[start:stop].tolist(), self.step[start:stop].tolist()

    def key(self, i: int) -> NodeKey:
        if i not in self._keys:
            kind, _, ident = self.names[i].partition(":")
            node = self._keys[i] = NodeKey(_NODE_KINDS[kind], ident)
            self._numbers[node] = i
        return self._keys[i]

    def degree(self, i: int) -> int:
        """How many neighbours node ``i`` has (the walk's hub penalty asks every one met)."""
        if i in self.rows:
            return len(self.rows[i][0])
        if self._degrees is None:
            self._degrees = np.diff(self.indptr).tolist()
        return self._degrees[i]  # type: ignore[no-any-return]

    def __contains__(self, node: NodeKey) -> bool:
        return node in self._numbers or self.index(str(node)) is not None

    def __getitem__(self, node: NodeKey) -> _Row:
        i = self._numbers.get(node)
        if i is None:
            i = self.index(str(node))
            if i is None:
                raise KeyError(node)
            self._numbers[node] = i
        return _Row(self, i)


class _Row:
    def __init__(self, graph: Graph, i: int) -> None:
        self.graph, self.i, self.size = graph, i, graph.degree(i)

    def __len__(self) -> int:
        return self.size

    def items(self) -> Iterator[tuple[NodeKey, Step]]:
        graph = self.graph
        numbers, steps = graph.row(self.i)
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
    venues = graph.venues()
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
_PAPER = "SELECT key AS k FROM names WHERE id = {}"
_LOGGED = (  # (table, event, queries giving the logged keys k: a paper key, or '' for a topic)
    ("docs", "INSERT", ("SELECT NEW.key AS k",)), ("docs", "DELETE", ("SELECT OLD.key AS k",)),
    ("docs", "UPDATE", ("SELECT OLD.key AS k", "SELECT NEW.key AS k")),
    ("citing", "INSERT", (_PAPER.format("NEW.src"),)),
    ("citing", "DELETE", (_PAPER.format("OLD.src"),)),
    ("citing", "UPDATE", (_PAPER.format("OLD.src"), _PAPER.format("NEW.src"))),
    ("tagged", "INSERT", (_PAPER.format("NEW.paper"),)),
    ("tagged", "DELETE", (_PAPER.format("OLD.paper"),)),
    ("authorship", "INSERT", (_PAPER.format("NEW.paper"),)),
    ("authorship", "DELETE", (_PAPER.format("OLD.paper"),)),
    ("authorship", "UPDATE", (_PAPER.format("OLD.paper"), _PAPER.format("NEW.paper"))),
    ("people", "UPDATE", (  # an author re-resolved: every paper of that spelling
        "SELECT n.key AS k FROM authorship AS a JOIN names AS n ON n.id = a.paper "
        "WHERE a.person = NEW.id",)),
    ("topics", "INSERT", ("SELECT '' AS k",)), ("topics", "DELETE", ("SELECT '' AS k",)),
)  # fmt: skip
_GENERATION = "(SELECT coalesce(CAST(value AS INTEGER), 0) FROM meta WHERE name = 'generation')"
_TRIGGERS = [f"graph_log_{table}_{event.lower()}" for table, event, _ in _LOGGED]
LOG = [
    "CREATE TABLE IF NOT EXISTS graph_log (key TEXT PRIMARY KEY, generation INTEGER NOT NULL) "
    "WITHOUT ROWID",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} "
        "BEGIN "
        + " ".join(
            f"INSERT OR REPLACE INTO graph_log SELECT k, {_GENERATION} FROM ({query});"
            for query in queries
        )
        + " END"
        for name, (table, event, queries) in zip(_TRIGGERS, _LOGGED, strict=True)
    ),
]
"""The change log the stored adjacency is patched from (``graph_log``: key, and the generation
the change was made from): triggers (made with the first stored adjacency, in the same
transaction) note every paper whose query rows (its ``docs`` row, its
citations, topics or authors; the base tables behind the views ``cites``, ``paper_topics``
and ``paper_authors``) were written, removed or re-resolved to other authors, and any
topic change, with the generation it was made from. Whatever writes those tables, a refresh
or anything later, is seen."""

PATCHED = 500
"""More changed papers than this since the stored adjacency: build it again (a few seconds at
100k papers), rather than patch the same rows again on every ``path``."""


def load(conn: sqlite3.Connection, algorithms: Algorithms) -> Graph:
    """The adjacency of the index's current generation: the stored one, patched with the
    papers changed since it was stored (see :func:`_patched`), else built and stored."""
    now, tag = generation(conn), _tag(algorithms)
    names = [f"graph.{part}.{tag}" for part in _PARTS]
    marks = ", ".join("?" * len(names))
    snapshot = not conn.in_transaction
    if snapshot:
        conn.execute("BEGIN")  # one snapshot: the arrays and the log of what changed since
    try:
        stored = {
            name: (at, data)
            for name, at, data in conn.execute(
                f"SELECT name, generation, data FROM derived WHERE name IN ({marks})", names
            )
        }
        at = {when for when, _ in stored.values()}
        changed = _changes(conn, min(at)) if len(stored) == len(names) and len(at) == 1 else None
    finally:
        if snapshot:
            conn.execute("COMMIT")
    if changed is not None and (not changed or ("" not in changed and len(changed) <= PATCHED)):
        text, indptr, neighbour, step = (stored[name][1] for name in names)
        graph = Graph(
            text.decode().split("\n"),
            np.frombuffer(indptr, dtype=np.int32),
            np.frombuffer(neighbour, dtype=np.int32),
            np.frombuffer(step, dtype=np.int8),
        )
        return _patched(conn, graph, changed, algorithms) if changed else graph
    graph = build(conn, algorithms)
    parts = ("\n".join(graph.names).encode(), graph.indptr.tobytes(),
             graph.neighbour.tobytes(), graph.step.tobytes())  # fmt: skip
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
        conn.execute("BEGIN IMMEDIATE")
        try:
            _log_triggers(conn)
            conn.executemany(
                "INSERT OR REPLACE INTO derived VALUES (?, ?, ?)",
                [(name, now, data) for name, data in zip(names, parts, strict=True)],
            )
            conn.execute(  # what no stored adjacency needs any more
                "DELETE FROM graph_log WHERE generation < (SELECT min(generation) FROM derived "
                "WHERE name LIKE 'graph.%')"
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return graph


def forget_log(conn: sqlite3.Connection) -> None:
    """Drop the change log and its triggers: a first build writes every row, and logging each
    would only slow it; the next ``path`` finds no stored adjacency and makes them again."""
    for name in _TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DROP TABLE IF EXISTS graph_log")


def _log_triggers(conn: sqlite3.Connection) -> None:
    """Make the log and its triggers inside the caller's transaction (``executescript`` would
    commit it first)."""
    for statement in LOG:
        conn.execute(statement)


def _changes(conn: sqlite3.Connection, since: int) -> set[str] | None:
    """The papers changed since generation ``since`` ('' for a topic); None without a log."""
    try:
        rows = conn.execute("SELECT key FROM graph_log WHERE generation >= ?", (since,))
        return {key for (key,) in rows}
    except sqlite3.OperationalError:  # no log yet (an index from before it): build
        return None


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


# -- patching the stored adjacency --------------------------------------------------------------
# Every edge of iter_edges has a place in its order: (0, topic id, 0 parents | 1 related, i)
# for the topic tree, (1, paper key, part, i) for a paper's own edges (part 0 cites, 1 about,
# 2 authored-by, 3 published-in, 4 its implementations) and (2, algorithm number, i) for the
# catalogue. Each edge gives its source a forward entry and its target a backward one, after
# it; a row lists its neighbours by their first entry, with the cheapest step (ties: the
# first). All the edges of a paper's part of the order have that paper at one end, so a
# changed paper changes only its own row and the rows of its old and new neighbours.
Entry = tuple[tuple[Any, ...], str, int]  # (place, neighbour name, step)


def _patched(
    conn: sqlite3.Connection, graph: Graph, changed: set[str], algorithms: Algorithms
) -> Graph:
    """``graph`` with the rows of the ``changed`` papers and of their old and new neighbours
    made again from the tables; nodes that no longer exist are marked ``removed``."""
    live = _Live(conn, algorithms)
    if len(changed) > 20:
        graph.index_all()
    dirty: set[str] = set()
    for key in sorted(changed):
        name = f"paper:{key}"
        old, i = None, graph.index(name)
        if i is not None:
            numbers, steps = graph.row(i)
            old = [(graph.names[n], step) for n, step in zip(numbers, steps, strict=True)]
        if old is not None and live.row(name) == old:
            continue  # the same pairs, steps and order: no row changes (a title, a summary)
        dirty.add(name)
        dirty.update(neighbour for neighbour, _ in old or ())
        dirty.update(neighbour for _, neighbour, _ in live.entries(name))
    if dirty:
        graph.index_all()
    rows = {name: live.row(name) for name in sorted(dirty)}
    for name, row in rows.items():
        if row is None:
            graph.removed.add(name)
            continue
        i = graph.numbered(name)
        graph.rows[i] = ([graph.numbered(n) for n, _ in row], [step for _, step in row])
    return graph


class _Live:
    """One node's row from the tables, in the order of the module doc above."""

    def __init__(self, conn: sqlite3.Connection, algorithms: Algorithms) -> None:
        self.conn, self.algorithms = conn, algorithms
        self.topics = _topic_rows(conn)
        self.catalogue = {alg.name for alg in algorithms}
        self._entries: dict[str, list[Entry]] = {}

    def known(self, keys: Iterable[str]) -> set[str]:
        query = "SELECT key FROM docs WHERE key IN ({marks})"
        return {key for (key,) in rows_in(self.conn, query, list(dict.fromkeys(keys)))}

    def row(self, name: str) -> list[tuple[str, int]] | None:
        """The neighbours and steps of node ``name``; None when it does not exist."""
        if not self._exists(name):
            return None
        first: dict[str, tuple[Any, ...]] = {}
        best: dict[str, tuple[float, tuple[Any, ...], int]] = {}
        for place, neighbour, step in self.entries(name):
            cost = EDGE_COST[_KINDS[step // 2]]
            if neighbour not in first or place < first[neighbour]:
                first[neighbour] = place
            if neighbour not in best or (cost, place) < best[neighbour][:2]:
                best[neighbour] = (cost, place, step)
        return [(n, best[n][2]) for n in sorted(first, key=first.__getitem__)]

    def _exists(self, name: str) -> bool:
        kind, _, ident = name.partition(":")
        if kind == NodeKind.PAPER:
            return bool(self.known([ident]))
        if kind == NodeKind.TOPIC:
            return ident in self.topics
        if kind == NodeKind.ALGORITHM:
            return ident in self.catalogue
        return bool(self.entries(name))  # an author or a venue exists through its papers

    def entries(self, name: str) -> list[Entry]:
        if name not in self._entries:
            kind, _, ident = name.partition(":")
            make = {NodeKind.PAPER: self._paper, NodeKind.TOPIC: self._topic,
                    NodeKind.AUTHOR: self._author, NodeKind.VENUE: self._venue,
                    NodeKind.ALGORITHM: self._algorithm}[NodeKind(kind)]  # fmt: skip
            self._entries[name] = list(make(ident))
        return self._entries[name]

    def _paper(self, key: str) -> Iterator[Entry]:
        conn = self.conn
        if not self.known([key]):
            return
        kind = {k: i for i, k in enumerate(_KINDS)}
        cites = kind[EdgeKind.CITES] * 2
        for src, pos in conn.execute("SELECT src, pos FROM cites WHERE dst = ?", (key,)):
            if src != key:  # its citers (valid papers: only they have rows)
                yield (1, src, 0, pos), f"paper:{src}", cites + 1
        listed = [c for (c,) in conn.execute(
            "SELECT j.value FROM files AS f, json_each(f.entry, '$.cites') AS j "
            "WHERE f.name = ? ORDER BY j.key", (f"papers/{key}",))]  # fmt: skip
        known = self.known(listed)
        for pos, cited in enumerate(dict.fromkeys(listed)):
            if cited in known and cited != key:
                yield (1, key, 0, pos), f"paper:{cited}", cites
        about = kind[EdgeKind.ABOUT] * 2
        query = "SELECT topic, pos FROM paper_topics WHERE key = ?"
        for topic, pos in conn.execute(query, (key,)):
            if topic in self.topics:
                yield (1, key, 1, pos), f"topic:{topic}", about
        query = "SELECT author, position FROM paper_authors WHERE key = ?"
        for author, position in conn.execute(query, (key,)):
            yield (1, key, 2, position), f"author:{author}", kind[EdgeKind.AUTHORED_BY] * 2
        venue, implementations = conn.execute(
            "SELECT venue_name, implementations FROM docs WHERE key = ?", (key,)
        ).fetchone()
        if venue:
            from neurokb.graph.identity import venue_id

            yield (1, key, 3, 0), f"venue:{venue_id(venue)}", kind[EdgeKind.PUBLISHED_IN] * 2
        implements = kind[EdgeKind.IMPLEMENTS] * 2 + 1
        for i, alg in enumerate(json.loads(implementations) if implementations else ()):
            if alg in self.catalogue:
                yield (1, key, 4, i), f"algorithm:{alg}", implements
        for number, alg in enumerate(self.algorithms):
            for i, listed_key in enumerate(alg.papers):
                if listed_key == key:
                    yield (2, number, i), f"algorithm:{alg.name}", implements

    def _topic(self, tid: str) -> Iterator[Entry]:
        kind = {k: i for i, k in enumerate(_KINDS)}
        for other in sorted(self.topics):
            entry = self.topics[other]
            for part, field, edge in ((0, "parents", EdgeKind.SUBTOPIC_OF),
                                      (1, "related", EdgeKind.RELATED)):  # fmt: skip
                for i, target in enumerate(entry.get(field) or ()):
                    if target not in self.topics:
                        continue
                    if other == tid:
                        yield (0, other, part, i, 0), f"topic:{target}", kind[edge] * 2
                    if target == tid:
                        yield (0, other, part, i, 1), f"topic:{other}", kind[edge] * 2 + 1
        query = "SELECT key, pos FROM paper_topics WHERE topic = ?"
        for key, pos in self.conn.execute(query, (tid,)):
            yield (1, key, 1, pos), f"paper:{key}", kind[EdgeKind.ABOUT] * 2 + 1

    def _author(self, author: str) -> Iterator[Entry]:
        step = list(_KINDS).index(EdgeKind.AUTHORED_BY) * 2 + 1
        query = "SELECT key, position FROM paper_authors WHERE author = ?"
        for key, position in self.conn.execute(query, (author,)):
            yield (1, key, 2, position), f"paper:{key}", step

    def _venue(self, vid: str) -> Iterator[Entry]:
        from neurokb.graph.identity import venue_id

        step = list(_KINDS).index(EdgeKind.PUBLISHED_IN) * 2 + 1
        spellings = [name for (name,) in self.conn.execute(
            "SELECT DISTINCT venue_name FROM docs WHERE venue_name != ''") if venue_id(name) == vid]  # fmt: skip
        query = "SELECT key FROM docs WHERE venue_name IN ({marks})"
        for (key,) in rows_in(self.conn, query, spellings):
            yield (1, key, 3, 0), f"paper:{key}", step

    def _algorithm(self, name: str) -> Iterator[Entry]:
        step = list(_KINDS).index(EdgeKind.IMPLEMENTS) * 2
        query = "SELECT key, implementations FROM docs WHERE implementations IS NOT NULL"
        for key, implementations in self.conn.execute(query):
            for i, alg in enumerate(json.loads(implementations)):
                if alg == name:
                    yield (1, key, 4, i), f"paper:{key}", step
        for number, alg in enumerate(self.algorithms):
            if alg.name == name:
                known = self.known(alg.papers)
                for i, key in enumerate(alg.papers):
                    if key in known:
                        yield (2, number, i), f"paper:{key}", step
