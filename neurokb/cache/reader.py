"""The fast read paths: one entry, or a search, answered from the index without any model.

A warm ``neurokb show KEY --json`` or ``neurokb search ... --json`` at 100k papers has about
0.3 s, process start included, and building 100k Pydantic models takes seconds; importing
Pydantic alone takes 0.1 s. So these paths read the entries the index stored at refresh time
(their JSON form) and shape them with the same :mod:`neurokb.core.serialize` functions as the
in-memory path; they rank with the same code as the in-memory search: :class:`StoredIndex` serves the
postings, lengths and document frequencies of :class:`~neurokb.search.bm25.BM25Index` from the
FTS5 tables (:mod:`~neurokb.cache.termindex`), and :func:`neurokb.search.engine.rank`
applies the matching rules to it.

When the index cannot give the in-memory answer — an unknown key or topic, an author filter
that matches nobody (the errors and their suggestions belong to the full path) — a method
returns None and :class:`neurokb.library.index.IndexLibrary` asks the KnowledgeBase instead.
Filters are compiled from the same :class:`~neurokb.search.filters.Filters` objects the
in-memory path tests (:meth:`Filters.sql`); this module only resolves topic and author names.
This module imports neither Pydantic nor NetworkX.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import zlib
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurokb.cache import db
from neurokb.core.errors import CODES, Severity
from neurokb.core.ids import EntryId, Kind
from neurokb.core.paperview import PaperView
from neurokb.core.serialize import full_of, item_of, topic_full_of

if TYPE_CHECKING:  # the search modules load only for the commands that search (~9 ms)
    from neurokb.cache.termindex import StoredIndex
    from neurokb.search.engine import Hit
    from neurokb.search.filters import Filters
    from neurokb.search.query import Query

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """ASCII, lower case, letters and digits only: how neurokb.graph.identity compares names."""
    if not text.isascii():  # nothing to fold in most names (a first build folds 280k at 100k)
        from neurokb.core.normalize import ascii_fold

        text = ascii_fold(text)
    return _NOT_ALNUM.sub("", text.lower())


def title_hash(title: str) -> int:
    """``docs.title_hash`` of a normalised title: 24 bits, so it takes 3 bytes in a record
    (an index of hashes is a sixth of one of the titles). Titles that share a hash are told
    apart by comparing ``docs.title`` (:meth:`Reader.search`'s exact-title rule)."""
    return zlib.crc32(title.encode()) % 0x1000000 - 0x800000


FEW = 200  # matches scored from their own text rather than the FTS postings of their terms
_COUNT = "SELECT count(*) FROM fts WHERE fts MATCH ?"
WALK = 36  # how much dearer asking FTS5 about one paper is than collecting one match
SET_WALK = 175  # how much dearer asking FTS5 about one paper is than putting one match in a set


class Unresolved(Exception):
    """The index cannot answer this exactly as the full KnowledgeBase would."""


class Reader:
    """The read side of one KB's index. Methods return None where the full path must answer."""

    def __init__(self, root: Path, conn: sqlite3.Connection) -> None:
        self.root, self.conn = root, conn  # refreshed by open_reader: every file was checked

    # -- show ----------------------------------------------------------------------------------
    def detail(self, key: str) -> dict[str, Any] | None:
        """``show KEY --json`` for a paper or a topic (papers first, as ``kb.entry`` does)."""
        return self._paper_detail(key) or self._topic_detail(key)

    def _paper_detail(self, key: str) -> dict[str, Any] | None:
        data = self._entry_data("papers", key)
        if data is None:
            return None
        cited_by = [
            src
            for (src,) in self.conn.execute(
                "SELECT c.src FROM cites AS c JOIN docs AS p ON p.key = c.src "
                "WHERE c.dst = ? ORDER BY p.year, p.key",
                (key,),
            )
        ]
        return {**full_of(data), "cited_by": cited_by, "citation": self.citation(key)}

    def _entry_data(self, kind: str, key: str) -> dict[str, Any] | None:
        """The stored JSON form of a valid entry, or None."""
        row = self.conn.execute(
            "SELECT entry FROM files WHERE name = ?", (EntryId(Kind(kind), key).name,)
        ).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def _citation(self, key: str) -> str:
        """Format the reference once (citeproc is slow to load) and keep it in the index.

        Safe to keep: the index is rebuilt when any code or citeproc-py changes (db.py).
        """
        from neurokb.cache.rows import load_entry
        from neurokb.cite import format_reference

        (entry,) = self.conn.execute(
            "SELECT entry FROM files WHERE name = ?", (EntryId.paper(key).name,)
        ).fetchone()
        text = format_reference(load_entry("papers", entry))
        with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: format next time
            self.conn.execute("INSERT OR REPLACE INTO citations VALUES (?, ?)", (key, text))
        return text

    def _topic_detail(self, topic_id: str) -> dict[str, Any] | None:
        data = self._entry_data("topics", topic_id)
        if data is None:
            return None
        subtopics = sorted(
            t for t, (_, _, parents) in self._topics().items() if topic_id in parents
        )
        papers = self._papers_about([topic_id])
        return {**topic_full_of(data), "subtopics": subtopics, "papers": papers}

    # -- search --------------------------------------------------------------------------------
    def find(self, text: str, limit: int | None = None) -> tuple[int, list[Hit]] | None:
        """How many papers match ``text``, and the first ``limit`` hits in the order of
        :func:`neurokb.search.search` (all of them when ``limit`` is None).

        The papers matching are counted by one FTS5 query built from the same terms as the
        ranking's (:class:`_Match`). Up to :data:`~neurokb.search.engine.BROAD` of them are
        scored and ranked; a broad query's first ``limit`` come from SQLite in index order
        and only those are scored. None when a topic or author filter names nothing: the full
        path explains that.
        """
        from neurokb.cache.termindex import ShownIndex, StoredIndex
        from neurokb.search.engine import BROAD, Hit, broad_order, rank
        from neurokb.search.query import parse_query

        parsed = parse_query(text)  # malformed queries raise here, as on the full path
        try:
            where, params = parsed.filters.sql(self)
        except Unresolved:
            return None
        if not parsed.has_text:  # filters only: every passing paper, oldest first
            (total,) = self.conn.execute(
                f"SELECT count(*) FROM docs WHERE {where}", params
            ).fetchone()
            query = f"SELECT key FROM docs WHERE {where} ORDER BY year, key LIMIT ?"
            rows = self.conn.execute(query, [*params, -1 if limit is None else limit])
            return total, [Hit(key, 0.0, ()) for (key,) in rows]
        terms: dict[Any, Any] = {}  # expansions and frequencies, read once for this answer
        match = _Match(StoredIndex(self.conn, terms=terms), parsed)
        # Documents passing the filters and matching: every word, else (several) any word.
        passing = f"doc IN (SELECT rowid FROM fts WHERE fts MATCH ?) AND {where}"
        count = f"SELECT count(*) FROM docs WHERE {passing}"
        if not parsed.filters.active:  # no filter (no parameter): counted in the FTS index alone
            count = "SELECT count(*) FROM fts WHERE fts MATCH ?"
        total, expression = 0, ""
        for expression in (match.every, match.any):
            if expression:
                (total,) = self.conn.execute(count, [expression, *params]).fetchone()
                if total:
                    break
        if not total:
            return 0, []
        wanted = " ".join(parsed.text_tokens)
        # a few, by index (docs_title holds hashes: a title of the same hash is not this one)
        named = "SELECT doc FROM docs WHERE (title_hash = ? AND title = ?) OR key = ?"
        passes = (
            f"SELECT 1 FROM docs WHERE doc = ? AND {where} AND "
            "doc IN (SELECT rowid FROM fts WHERE fts MATCH ? AND rowid = ?)"
        )
        exact = {
            doc
            for (doc,) in self.conn.execute(named, (title_hash(wanted), wanted, wanted)).fetchall()
            if self.conn.execute(passes, [doc, *params, expression, doc]).fetchone()
        }
        if total > BROAD and limit is not None:
            hits = self._broad(parsed, match, expression, where, params, exact, limit, terms, total)
            return total, hits
        found = {d for (d,) in self.conn.execute(f"SELECT doc FROM docs WHERE {passing}",
                                                 [expression, *params])}  # fmt: skip
        rows = self._docs_of(sorted(found))
        # Postings of few documents: from their text; of more, from the FTS index.
        scored = (
            ShownIndex(self.conn, found, terms)
            if len(found) <= FEW
            else StoredIndex(self.conn, found, terms)
        )
        broad = total > BROAD
        hits = rank(scored, parsed, found, set() if broad else exact, lambda doc: rows[doc][0])
        years = dict(rows.values())
        if broad:  # every hit wanted: the broad order, as the in-memory search gives it
            keys = {rows[d][0] for d in exact}
            hits.sort(key=lambda h: broad_order(h.key in keys, h.matched, years[h.key], h.key))
        else:
            hits.sort(key=lambda h: (-h.score, years[h.key], h.key))
        return len(hits), hits[:limit]

    def _broad(self, parsed: Query, match: _Match, expression: str, where: str,
               params: list[Any], exact: set[int], limit: int, terms: dict[Any, Any],
               total: int) -> list[Hit]:  # fmt: skip
        """The first ``limit`` hits of a broad query: exact title or key, then title matches,
        then the rest, each newest first (``docs_newest``), scored alone."""
        from neurokb.cache.termindex import ShownIndex, StoredIndex
        from neurokb.search.engine import rank

        shown: list[int] = []
        size = StoredIndex(self.conn, terms=terms).size
        titled = f"({expression}) AND ({match.title})"
        (in_title,) = self.conn.execute(_COUNT, (titled,)).fetchone()
        among_exact = f"doc IN ({', '.join(map(str, sorted(exact)))})"
        tiers = [(titled, "1", in_title), (expression, "1", total)]  # title matches first
        if exact:
            tiers[:0] = [(titled, among_exact, 0), (expression, among_exact, 0)]
        for fts, part, count in tiers:
            if len(shown) >= limit:
                break
            skip = f"doc NOT IN ({', '.join(map(str, shown))})" if shown else "1"
            wanted = limit - len(shown)
            way = _way(count, wanted, size, parsed.filters.active)
            found = self._newest(fts, f"{where} AND {part} AND {skip}", params, wanted, way)
            shown += found
        rows = self._docs_of(shown)
        scored = ShownIndex(self.conn, shown, terms)
        hits = {h.key: h for h in rank(scored, parsed, set(shown), set(), lambda d: rows[d][0])}
        return [hits[rows[doc][0]] for doc in shown]

    def _newest(self, fts: str, where: str, params: list[Any], limit: int, way: str) -> list[int]:
        """The first ``limit`` papers passing ``where`` and matching ``fts``, newest first, the
        ``way`` :func:`_way` chose: walking ``docs_newest`` and asking FTS5 about each paper
        met ("probe"), or testing it against the set of matches ("set": the set is made
        once, the walk reads the index alone), else collecting the matches and sorting them."""
        if way == "probe":
            query = (
                f"SELECT doc FROM docs WHERE {where} AND EXISTS (SELECT 1 FROM fts WHERE fts "
                "MATCH ? AND rowid = docs.doc) ORDER BY year DESC, key LIMIT ?"
            )
            return [d for (d,) in self.conn.execute(query, [*params, fts, limit])]
        if way == "set":  # `+doc`: the set is probed, not searched by rowid and sorted
            query = (
                "SELECT doc FROM docs INDEXED BY docs_newest WHERE +doc IN (SELECT rowid FROM "
                f"fts WHERE fts MATCH ?) AND {where} ORDER BY year DESC, key LIMIT ?"
            )
            return [d for (d,) in self.conn.execute(query, [fts, *params, limit])]
        query = (
            f"SELECT doc FROM docs WHERE doc IN (SELECT rowid FROM fts WHERE fts MATCH ?) "
            f"AND {where} ORDER BY year DESC, key LIMIT ?"
        )
        return [d for (d,) in self.conn.execute(query, [fts, *params, limit])]

    def listing(
        self, filters: Filters, by: str = "year", reverse: bool = False, limit: int | None = None
    ) -> tuple[int, list[str]] | None:
        """``neurokb list``: how many papers pass ``filters``, and the keys of the first
        ``limit`` (all when None) in the order of :func:`neurokb.search.filters.sort_papers`
        for ``by`` = "year", "title" (the normalised title is stored) or "cited". None when a
        topic or author filter names nothing: the full path explains that.

        Each order ends with the key, which is unique, so ``reverse`` is the same order
        descending in every part: SQLite hands over only the rows shown.
        """
        orders = {
            "year": ("year", "key"),
            "title": ("title", "year", "key"),
            "cited": ("-(SELECT count(*) FROM cites WHERE cites.dst = docs.key)", "year", "key"),
        }
        try:
            conditions = filters.conditions()
            if by == "year" and len(conditions) == 1 and filters.topics:  # `list --topic T`
                return self._listing_about(self.topic_family(filters.topics[0]), reverse, limit)
            where, params = filters.sql(self)
        except Unresolved:
            return None
        order = ", ".join(f"{part} DESC" if reverse else part for part in orders[by])
        (total,) = self.conn.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()
        query = f"SELECT key FROM docs WHERE {where} ORDER BY {order} LIMIT ?"
        rows = self.conn.execute(query, [*params, -1 if limit is None else limit])
        return total, [key for (key,) in rows]

    def _listing_about(
        self, family: list[str], reverse: bool, limit: int | None
    ) -> tuple[int, list[str]]:
        """The papers of one topic family by year, from the topic rows alone: thousands of
        papers at 100k, whose rows in ``docs`` a count and the first page need not visit
        (every paper listed in ``tagged`` has its row there: they are written together)."""
        marks = ", ".join("?" * len(family))
        papers = "DISTINCT paper" if len(family) > 1 else "*"  # one topic lists a paper once
        (total,) = self.conn.execute(
            f"SELECT count({papers}) FROM tagged WHERE topic IN ({_TOPIC_IDS.format(marks)})",
            family,
        ).fetchone()
        query, params = _about(family, reverse, limit)
        return total, [key for (key,) in self.conn.execute(query, params)]

    def cited_counts(self, keys: list[str]) -> dict[str, int]:
        """How many papers of the index cite each of ``keys`` (as ``len(kb.cited_by[key])``)."""
        # citing's own rows, not the view cites, which would look up every citing paper's
        # name too: the oldest papers a list shows first are cited by thousands at 100k
        query = (
            "SELECT n.key, count(*) FROM names AS n JOIN citing AS c ON c.dst = n.id "
            f"WHERE n.key IN ({', '.join('?' * len(keys))}) GROUP BY n.key"
        )
        return dict(self.conn.execute(query, keys))

    def misspelt(self, text: str) -> dict[str, list[str]]:
        """Query words no paper contains, with spellings that exist (as the in-memory search)."""
        from neurokb.cache.termindex import StoredIndex
        from neurokb.search.engine import unknown_words

        return unknown_words(StoredIndex(self.conn), text)

    def items(self, hits: list[Hit]) -> list[dict[str, Any]]:
        """The ``--json`` result items of ``hits``: paper item + score + matched fields."""
        names = [EntryId.paper(hit.key).name for hit in hits]
        stored = dict(
            self.conn.execute(
                f"SELECT name, entry FROM files WHERE name IN ({', '.join('?' * len(names))})",
                names,
            )
        )
        return [
            {**item_of(json.loads(stored[name])), "score": hit.score, "matched": list(hit.matched)}
            for name, hit in zip(names, hits, strict=True)
        ]

    @staticmethod
    def _docs(rows: Any) -> dict[int, tuple[str, int]]:
        return {doc: (key, year) for doc, key, year in rows}

    def _docs_of(self, docs: list[int]) -> dict[int, tuple[str, int]]:
        """doc -> (key, year), in chunks (SQLite limits the number of parameters)."""
        out: dict[int, tuple[str, int]] = {}
        for start in range(0, len(docs), 900):
            chunk = docs[start : start + 900]
            query = f"SELECT doc, key, year FROM docs WHERE doc IN ({', '.join('?' * len(chunk))})"
            out.update(self._docs(self.conn.execute(query, chunk)))
        return out

    # -- topics and authors, as neurokb.search.filters resolves them ---------------------------
    def _topics(self) -> dict[str, tuple[str, list[str], list[str]]]:
        if not hasattr(self, "_topic_rows"):
            rows = self.conn.execute("SELECT id, name, aliases, parents FROM topics ORDER BY id")
            self._topic_rows = {
                tid: (name, json.loads(aliases), json.loads(parents))
                for tid, name, aliases, parents in rows
            }
        return self._topic_rows

    def find_topic(self, text: str) -> str:
        """``neurokb.search.filters.find_topic``; Unresolved when no topic is named."""
        topics = self._topics()
        if text in topics:
            return text
        from neurokb.search.text import normalized

        wanted = normalized(text)
        for tid, (name, aliases, _) in topics.items():
            if wanted in {normalized(tid), normalized(name), *map(normalized, aliases)}:
                return tid
        raise Unresolved(text)  # the full path reports it with suggestions

    def topic_family(self, text: str) -> list[str]:
        """``find_topic`` then the topic's descendants; Unresolved when no topic is named."""
        topics = self._topics()
        topic_id = self.find_topic(text)
        family, queue = {topic_id}, deque([topic_id])
        while queue:
            parent = queue.popleft()
            for tid, (_, _, parents) in topics.items():
                if parent in parents and tid not in family:
                    family.add(tid)
                    queue.append(tid)
        return sorted(family)

    def _papers_about(self, topic_ids: list[str]) -> list[str]:
        """The papers listing any of ``topic_ids``, each once, oldest first (then by key)."""
        query, params = _about(topic_ids, False, None)
        return [key for (key,) in self.conn.execute(query, params)]

    def author_ids(self, text: str) -> list[str]:
        """``AuthorIndex.matching``: an author id, the start of a family name, or a full name."""
        if self.conn.execute("SELECT 1 FROM paper_authors WHERE author = ?", (text,)).fetchone():
            return [text]
        wanted = fold(text)
        if not wanted:
            raise Unresolved(text)
        rows = self.conn.execute(
            "SELECT author FROM paper_authors WHERE family >= ? AND family < ? "
            "UNION SELECT author FROM paper_authors WHERE display = ? "
            "UNION SELECT author FROM paper_authors WHERE inverted = ?",
            (wanted, wanted + "\x7f", wanted, wanted),
        )
        ids = sorted(author for (author,) in rows)
        if not ids:
            raise Unresolved(text)  # "no author matches", with guesses, from the full path
        return ids

    # -- models, for the human views (these import Pydantic) --------------------------------
    def entry(self, key: str) -> Any:
        """The Paper (or else Topic) model of ``key``."""
        from neurokb.cache.rows import load_entry

        for kind in ("papers", "topics"):
            row = self.conn.execute(
                "SELECT entry FROM files WHERE name = ?", (EntryId(Kind(kind), key).name,)
            ).fetchone()
            if row and row[0]:
                return load_entry(kind, row[0])
        return None

    def papers(self, keys: list[str]) -> list[Any]:
        """The Paper models of ``keys``, in that order."""
        from neurokb.cache.rows import load_entry

        return [load_entry("papers", text) for text in self._stored(keys)]

    def views(self, keys: list[str]) -> list[PaperView]:
        """:class:`~neurokb.core.paperview.PaperView` s of ``keys``, in that order: what the
        terminal views read, without importing the models."""
        return [PaperView(json.loads(text)) for text in self._stored(keys)]

    def _stored(self, keys: list[str]) -> list[str]:
        names = [EntryId.paper(key).name for key in keys]
        stored: dict[str, str] = {}
        for start in range(0, len(names), 900):  # SQLite limits the number of parameters
            chunk = names[start : start + 900]
            query = f"SELECT name, entry FROM files WHERE name IN ({', '.join('?' * len(chunk))})"
            stored.update(self.conn.execute(query, chunk))
        return [stored[name] for name in names]

    def citation(self, key: str) -> str:
        """The default-style reference of the paper ``key`` (kept in the index once made)."""
        row = self.conn.execute("SELECT text FROM citations WHERE key = ?", (key,)).fetchone()
        return row[0] if row is not None else self._citation(key)

    def present(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` are valid papers of the index."""
        marks = ", ".join("?" * len(keys))
        rows = self.conn.execute(f"SELECT key FROM docs WHERE key IN ({marks})", keys)
        return {key for (key,) in rows}

    # -- problems ------------------------------------------------------------------------------
    def broken_files(self) -> tuple[int, list[str]]:
        """Errors and the files that have them, as the last refresh and full load left them."""
        count, paths = json.loads(db.get_meta(self.conn, "errors", "[0, []]") or "[0, []]")
        checks = db.get_meta(self.conn, "checks")
        stored = json.loads(checks)[1] if checks else []
        stored += json.loads(db.get_meta(self.conn, "stray", "[]") or "[]")  # the tree's own
        for fields in stored:
            if CODES[fields[0]].severity is Severity.ERROR:
                count += 1
                paths.append(fields[2])
        return count, sorted(set(paths))


def _way(count: int, wanted: int, size: int, filtered: bool) -> str:
    """How :meth:`Reader._newest` finds the ``wanted`` newest of ``count`` matches among
    ``size`` papers. Walking ``docs_newest`` meets about size / count papers per hit.

    - "probe": walk, asking FTS5 about each paper met (~70 us each): for matches holding a
      good share of the papers, where any other way reads them all;
    - "set": walk, testing each paper met against the set of matches read once (~0.4 us a
      match, a third of collecting it: no row of ``docs`` is read). Only without a filter:
      a filter would make the walk meet papers it rejects, in a number no one counted;
    - "collect": read the matches' rows (~2 us each) and sort them; few matches.

    At 100k papers, "hebbian" in titles (2,963 matches) took 3.0 ms collected, 1.2 ms as a set.
    """
    if filtered:
        return "probe" if count * count > WALK * wanted * size else "collect"
    if count * count > SET_WALK * wanted * size:
        return "probe"
    return "set" if count * count > wanted * size else "collect"


_TOPIC_IDS = "SELECT id FROM topic_names WHERE topic IN ({})"
"""The numbers ``tagged`` knows the topics named by the ``{}`` placeholders as."""


def _about(topic_ids: list[str], reverse: bool, limit: int | None) -> tuple[str, list[Any]]:
    """The query of the papers listing any of ``topic_ids``, each once, by year then key (or
    the reverse), the first ``limit``. One topic's rows are already in year order (``tagged``'s
    key), so SQLite sorts only each year's papers by key and stops at ``limit``."""
    marks = ", ".join("?" * len(topic_ids))
    once = " GROUP BY t.paper" if len(topic_ids) > 1 else ""  # a paper may list two of them
    desc = " DESC" if reverse else ""
    query = (
        "SELECT n.key FROM tagged AS t JOIN names AS n ON n.id = t.paper "
        f"WHERE t.topic IN ({_TOPIC_IDS.format(marks)}){once} "
        f"ORDER BY t.year{desc}, n.key{desc} LIMIT ?"
    )
    return query, [*topic_ids, -1 if limit is None else limit]


class _Match:
    """FTS5 expressions of a query, from the terms the ranking uses (:func:`word_terms`), so
    that they match exactly the documents the ranking finds.

    ``every``: each required word (one of its terms) and phrase; ``any``: at least one of
    them (the fallback when several are required); ``title``: any scored term in the title
    (a hit's ``matched`` then names the title). An empty expression matches nothing.
    """

    def __init__(self, index: StoredIndex, parsed: Query) -> None:
        from neurokb.search.engine import word_terms
        from neurokb.search.text import STOP_WORDS

        required: list[str] = []
        optional: list[str] = []
        scored: list[str] = []
        for word in parsed.words:
            terms = word_terms(index, word)
            scored += terms
            group = " OR ".join(f'"{term}"' for term in terms)  # tokens are [a-z0-9]+
            (optional if word.text in STOP_WORDS else required).append(
                f"({group})" if terms else ""
            )
        for phrase in parsed.phrases:
            scored += phrase
            required.append('"' + " ".join(phrase) + '"')
        if not required:  # only stop words: required after all
            required = optional
        self.every = "" if "" in required else " AND ".join(required)
        groups = [group for group in required if group]
        self.any = " OR ".join(groups) if len(required) > 1 else ""
        terms = " OR ".join(f'"{term}"' for term in dict.fromkeys(scored))
        self.title = f"title : ({terms})" if terms else ""
