"""Whole-KB answers from the index tables: ``stats`` and ``reading-list`` without the KB.

Restoring 100k papers to count them took 13-20 s and 1.1 GB. Everything these commands need is
in the query tables as integers and short strings: papers' years, types and identifiers
(``docs``), citations with their place and multiplicity in the citing list (``cites``), topics
and their papers, resolved author ids (``paper_authors``). The algorithms are the in-memory
ones, fed from SQL: :func:`neurokb.explore.readinglist.order_keys` orders a topic,
:func:`neurokb.graph.rank.pagerank` ranks the papers, with their inputs in the order the KB
would give them, so the answers are equal (the tests compare both on generated KBs).

The statistics (PageRank over 100k papers costs more than all the queries) are kept in the
``derived`` table under the index generation they were computed for: the first ``stats`` after
a change computes them, the next ones read them.

The cross-entry checks (problems counted by ``stats``) need every entry; while their stored
result is stale, :func:`stats` returns None and the caller runs :func:`store_checks`, which
runs them on the stored entries (views of a few fields, no models) and keeps their result.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Collection
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from neurokb.cache import db
from neurokb.cache.sync import generation
from neurokb.core.ids import EntryId

if TYPE_CHECKING:
    from neurokb.cache.reader import Reader
    from neurokb.explore.readinglist import ReadingList


KEPT = 100
"""How long the stored rankings are: any ``--limit`` up to this reads them without computing."""


def reading_list(reader: Reader, topic: str, limit: int | None = None) -> ReadingList | None:
    """:func:`neurokb.explore.readinglist.reading_order` from the index; None when ``topic``
    names no topic there (the KB then raises with its suggestions)."""
    from neurokb.cache.reader import Unresolved
    from neurokb.cache.rows import load_entry
    from neurokb.explore.readinglist import ReadingList, items

    def answer() -> tuple[str, list[str]] | None:
        try:
            topic_id = reader.find_topic(topic)
        except Unresolved:
            return None
        return topic_id, _order(reader.conn, reader.topic_family(topic_id))

    found = answer()
    if found is None:
        return None
    topic_id, order = found
    (text,) = reader.conn.execute(
        "SELECT entry FROM files WHERE name = ?", (EntryId.topic(topic_id).name,)
    ).fetchone()
    shown = order[:limit]
    papers = reader.papers(shown) if shown else []
    return ReadingList(load_entry("topics", text), items(order, papers), len(order))  # type: ignore[arg-type]


def _order(conn: sqlite3.Connection, family: list[str]) -> list[str]:
    """The reading order of the papers about the topics ``family``, from keys and years."""
    from neurokb.explore.readinglist import order_keys

    conn.execute("CREATE TEMP TABLE IF NOT EXISTS family_papers (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.family_papers")
    marks = ", ".join("?" * len(family))
    conn.execute(
        "INSERT OR IGNORE INTO temp.family_papers SELECT key FROM paper_topics "
        f"WHERE topic IN ({marks})",
        family,
    )
    # CROSS JOIN fixes the loop order (SQLite's own choice scanned all of cites: 0.3-1.4 s at
    # 100k) and ``+c.src`` keeps the citing key off the primary key, which otherwise probed
    # (dst, src) once per family paper and pair (millions of probes).
    years = dict(
        conn.execute(
            "SELECT d.key, d.year FROM temp.family_papers AS f CROSS JOIN docs AS d ON d.key = f.key"
        )
    )
    refs: dict[str, list[str]] = defaultdict(list)
    query = (
        "SELECT c.src, c.dst FROM temp.family_papers AS f CROSS JOIN cites AS c ON c.dst = f.key "
        "CROSS JOIN temp.family_papers AS g ON g.key = +c.src"
    )
    for src, dst in conn.execute(query):
        refs[src].append(dst)
    return order_keys(years, refs)


def stats(reader: Reader, top: int, algorithms: Collection[str]) -> dict[str, Any] | None:
    """:func:`neurokb.explore.stats.stats` from the index; None while the cross-entry checks
    are stale (see the module doc)."""
    conn = reader.conn
    now = generation(conn)
    checks = db.get_meta(conn, "checks")
    if checks is None or json.loads(checks)[0] != now:
        return None
    row = conn.execute("SELECT generation, data FROM derived WHERE name = 'stats'").fetchone()
    data = json.loads(row[1]) if row is not None and row[0] == now else None
    if data is None or data["top"] < top:  # rankings are kept 100 long: a prefix serves
        data = _stats(conn, max(top, KEPT), len(json.loads(checks)[1]))
        _keep(conn, "stats", now, json.dumps(data, ensure_ascii=False))
    del data["top"]
    for ranking in ("top_topics", "top_authors", "central_papers"):
        data[ranking] = data[ranking][:top]
    data["counts"]["algorithms"] = len(algorithms)
    data["papers_per_year"] = {int(y): n for y, n in data["papers_per_year"].items()}
    return data  # type: ignore[no-any-return]


def store_checks(reader: Reader) -> None:
    """Run the cross-entry checks over the stored entries and keep their result, as a full
    load would (:func:`neurokb.cache.restore.knowledge_base`), without making the models.

    The first ``stats`` after an edit restored all 100k papers for this (1.27 GB). The checks
    read a handful of fields, which :class:`~neurokb.core.paperview.PaperView` gives from each
    stored entry's JSON; the topics (a few hundred) are models, the sources re-read a file only
    for a problem's position, and files that did not validate are parsed again for their
    references, all as :func:`neurokb.load.loader.assemble` does.
    """
    from functools import partial

    from neurokb.cache.rows import dump_problems, load_entry, load_problems
    from neurokb.core.kb import Source
    from neurokb.core.paperview import PaperView
    from neurokb.load.checks import Context, run_checks, unloaded_references
    from neurokb.load.files import KIND_NAMES
    from neurokb.load.loader import _KEY_RE, reread

    conn = reader.conn
    now = generation(conn)
    again = partial(reread, reader.root)
    found: dict[str, dict[str, Any]] = {"papers": {}, "topics": {}}
    places: dict[str, tuple[str, str | None, str]] = {}  # name -> (path, kind if broken, own)
    paths = ", ".join(f"'$.{name}'" for name in _CHECKED)  # the stored JSON is ~6x bigger
    query = (
        "SELECT kind, key, path, CASE WHEN entry IS NULL THEN NULL WHEN kind = 'papers' "
        f"THEN json_extract(entry, {paths}) ELSE entry END, problems FROM files"
    )
    for kind, key, path, entry, problems in conn.execute(query):
        name = EntryId.paper(key).name if kind == "papers" else EntryId.topic(key).name
        places[name] = (path, kind if entry is None and _KEY_RE.match(key) else None, problems)
        if entry is not None and kind == "papers":
            found[kind][key] = PaperView(dict(zip(_CHECKED, json.loads(entry), strict=True)))
        elif entry is not None:
            found[kind][key] = load_entry(kind, entry)
    # In the order a load gives them (files by name, papers first), which the checks report in.
    order = sorted(places, key=lambda name: (KIND_NAMES.index(name.partition("/")[0]),
                                             f"{name.partition('/')[2]}.yaml"))  # fmt: skip
    sources = {name: Source(places[name][0], None, again) for name in order}
    papers, topics = (_by_file(found[kind]) for kind in KIND_NAMES)
    broken = [(name, places[name][1], places[name][2]) for name in order if places[name][1]]
    unloaded = {}
    for name, kind, own in broken:  # parsed again: a few files
        doc = sources[name].document
        if doc is not None and (refs := unloaded_references(kind, doc.data, load_problems(own))):
            unloaded[name] = refs
    problems = run_checks(papers, topics, sources, Context(unloaded))
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
        db.set_meta(conn, "checks", json.dumps([now, json.loads(dump_problems(problems))]))


def _by_file(entries: dict[str, Any]) -> dict[str, Any]:
    """``entries`` in the order of their files' names, as a load adds them."""
    return {key: entries[key] for key in sorted(entries, key=lambda key: f"{key}.yaml")}


_CHECKED = ("title", "topics", "cites", "implementations", "doi", "arxiv", "pmid", "ids",
            "summary", "notes")  # fmt: skip
"""The fields of a paper the cross-entry checks read (:mod:`neurokb.load.checks`)."""


def _keep(conn: sqlite3.Connection, name: str, now: int, data: str | bytes) -> None:
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
        conn.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?)", (name, now, data))


def _stats(conn: sqlite3.Connection, top: int, checked: int) -> dict[str, Any]:
    """Every figure of ``stats``, in its order (``algorithms`` is filled in by the caller)."""
    from neurokb.explore.stats import IDENTIFIERS

    one = lambda query: conn.execute(query).fetchone()[0]  # noqa: E731
    total = one("SELECT count(*) FROM docs")
    topics = _topics(conn)
    per_topic = _per_topic(conn, topics)
    authors = conn.execute(
        "SELECT author, count(DISTINCT key) FROM paper_authors GROUP BY author"
    ).fetchall()
    stray = json.loads(db.get_meta(conn, "stray", "[]") or "[]")
    own = one(
        "SELECT coalesce(sum(json_array_length(problems)), 0) FROM files WHERE problems != '[]'"
    )
    links = one(
        "SELECT count(*) FROM cites AS c JOIN docs AS d ON d.key = c.dst WHERE c.dst != c.src"
    )
    with_id = {
        "doi": one("SELECT count(*) FROM docs WHERE doi IS NOT NULL AND doi != ''"),
        "arxiv": one("SELECT count(*) FROM docs WHERE arxiv IS NOT NULL AND arxiv != ''"),
        "pmid": one("SELECT count(*) FROM docs WHERE has_pmid"),
    }
    any_id = one(
        "SELECT count(*) FROM docs WHERE (doi IS NOT NULL AND doi != '') "
        "OR (arxiv IS NOT NULL AND arxiv != '') OR has_pmid"
    )
    assert tuple(with_id) == IDENTIFIERS

    def share(count: int) -> float:
        return round(count / total, 3) if total else 0.0

    return {
        "top": top,
        "counts": {
            "papers": total,
            "topics": len(topics),
            "authors": len(authors),
            "venues": len(_venues(conn)),
            "algorithms": 0,
            "citations": one(
                "SELECT coalesce(sum(c.n), 0) FROM cites AS c JOIN docs AS d ON d.key = c.dst"
            ),
            "problems": len(stray) + own + checked,
        },
        "papers_per_year": dict(
            conn.execute("SELECT year, count(*) FROM docs GROUP BY year ORDER BY year")
        ),
        "papers_per_type": dict(
            conn.execute("SELECT type, count(*) AS n FROM docs GROUP BY type ORDER BY n DESC, type")
        ),
        "top_topics": [
            {"id": tid, "name": topics[tid][0], "papers": direct, "with_subtopics": subtree}
            for tid, (direct, subtree) in sorted(
                per_topic.items(), key=lambda i: (-i[1][0], -i[1][1], i[0])
            )[:top]
        ],
        "top_authors": [
            {"id": aid, "name": _author_name(conn, aid), "papers": count}
            for aid, count in sorted(authors, key=lambda a: (-a[1], a[0]))[:top]
        ],
        "central_papers": _central(conn, top),
        "papers_per_topic": {
            tid: {"papers": direct, "with_subtopics": subtree}
            for tid, (direct, subtree) in sorted(per_topic.items())
        },
        "mean_cites_per_paper": round(links / total, 2) if total else 0.0,
        "identifier_share": {**{k: share(v) for k, v in with_id.items()}, "any": share(any_id)},
    }


def _topics(conn: sqlite3.Connection) -> dict[str, tuple[str, list[str]]]:
    rows = conn.execute("SELECT id, name, parents FROM topics ORDER BY id")
    return {tid: (name, json.loads(parents)) for tid, name, parents in rows}


def _per_topic(
    conn: sqlite3.Connection, topics: dict[str, tuple[str, list[str]]]
) -> dict[str, tuple[int, int]]:
    """Topic id -> (papers about it, papers about it or a subtopic), as ``stats`` counts them."""
    ancestors: dict[str, set[str]] = {tid: set() for tid in topics}  # itself and all above
    for tid in topics:
        stack = [tid]
        while stack:
            current = stack.pop()
            if current in topics and current not in ancestors[tid]:
                ancestors[tid].add(current)
                stack.extend(topics[current][1])
    direct: Counter[str] = Counter()
    subtree: Counter[str] = Counter()
    rows = conn.execute(
        "SELECT t.key, t.topic FROM paper_topics AS t JOIN docs AS d USING (key) ORDER BY t.key"
    )
    current, above = None, set()
    for key, topic in rows:
        if key != current:
            subtree.update(above)
            current, above = key, set()
        direct[topic] += 1
        above |= ancestors.get(topic, set())
    subtree.update(above)
    return {tid: (direct[tid], subtree[tid]) for tid in topics}


def _venues(conn: sqlite3.Connection) -> set[str]:
    from neurokb.graph.identity import venue_id

    rows = conn.execute("SELECT DISTINCT venue_name FROM docs WHERE venue_name != ''")
    return {venue_id(name) for (name,) in rows}


def _author_name(conn: sqlite3.Connection, author: str) -> str:
    from neurokb.cache.links import IndexLinks

    return IndexLinks(conn).author_name(author)


def _central(conn: sqlite3.Connection, top: int) -> list[dict[str, Any]]:
    """The ``top`` papers by PageRank over the in-KB citations, as ``stats`` lists them."""
    rank = citation_rank(conn)
    years = dict(conn.execute("SELECT key, year FROM docs"))
    central = sorted(rank, key=lambda k: (-rank[k], years[k], k))[:top]
    out = []
    for key in central:
        title, cited_by = conn.execute(
            "SELECT json_extract(f.entry, '$.title'), "
            "(SELECT coalesce(sum(c.n), 0) FROM cites AS c JOIN docs AS d ON d.key = c.src "
            " WHERE c.dst = ?1) FROM files AS f WHERE f.name = ?2",
            (key, EntryId.paper(key).name),
        ).fetchone()
        out.append(
            {
                "key": key,
                "title": title,
                "year": years[key],
                "pagerank": round(rank[key], 6),
                "cited_by": cited_by,
            }
        )
    return out


def citation_rank(conn: sqlite3.Connection) -> dict[str, float]:
    """:func:`neurokb.explore.stats.citation_rank` over the index: the same keys and edges,
    in the order a loaded KB gives them (files by name, each paper's list in its order).

    The edges go to :func:`neurokb.graph.rank.ranks` as the set of number pairs ``pagerank``
    would make, added in the same order (its sums follow the set's order); numbering and
    ordering 900k citations in NumPy, not as tuples of keys, took 6.5 s of CPU down to ~3.
    """
    from neurokb.graph.rank import ranks

    keys = sorted(key for (key,) in conn.execute("SELECT key FROM docs"))
    by_file = sorted(range(len(keys)), key=lambda i: f"{keys[i]}.yaml")  # as the loader lists
    place = np.empty(len(keys), dtype=np.int64)
    place[by_file] = np.arange(len(keys))
    number = {key: i for i, key in enumerate(keys)}
    rows = conn.execute("SELECT src, dst, pos FROM cites").fetchall()  # src: a valid paper
    src, dst, pos = zip(*rows, strict=True) if rows else ((), (), ())
    del rows
    edges = np.empty((len(src), 3), dtype=np.int64)
    edges[:, 0] = np.fromiter(map(number.__getitem__, src), dtype=np.int64, count=len(src))
    edges[:, 1] = np.fromiter(map(number.get, dst, repeat(-1)), dtype=np.int64, count=len(src))
    edges[:, 2] = pos
    edges = edges[edges[:, 1] >= 0]  # citations of papers the KB has
    order = np.lexsort((edges[:, 2], place[edges[:, 0]]))
    pairs = set(zip(edges[order, 0].tolist(), edges[order, 1].tolist(), strict=True))
    return dict(zip(keys, ranks(len(keys), pairs).tolist(), strict=True)) if keys else {}
