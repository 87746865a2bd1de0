"""The BM25 statistics of the index, served to the in-memory search's own scoring code.

:class:`StoredIndex` is a :class:`~neurokb.search.bm25.BM25Index` whose postings, field
lengths and document frequencies are read from the FTS5 tables (via two ``fts5vocab``
views) when a query term needs them, instead of being built in memory from every paper.
``add_term`` and ``idf`` are inherited unchanged, so a score is computed by the same code,
in the same order, as without the cache.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

from neurokb.cache import db
from neurokb.cache.ftstext import pieces_of, texts_of, topics_text
from neurokb.cache.tables import FIELDS
from neurokb.search.bm25 import MAX_EXPANSIONS, BM25Index
from neurokb.search.boosts import BOOSTS


class StoredIndex(BM25Index):
    """:class:`BM25Index` whose postings, lengths and frequencies are read from SQLite on use.

    Only the terms of the query are fetched; ``add_term`` and ``idf`` are the in-memory
    index's own methods, so scores are computed by the same code in the same order.
    ``candidates`` (documents that can be hits, a superset) limits the postings fetched: a
    common word's 30,000 postings then cost nothing when only 2,000 documents have every word.
    """

    def __init__(
        self, conn: sqlite3.Connection, candidates: set[int] | None = None,
        terms: dict[Any, Any] | None = None,
    ) -> None:  # fmt: skip
        self.conn = conn  # no super().__init__(): nothing is loaded up front
        # Expansions and frequencies already read (shared by the indexes of one answer: a
        # common word's frequency reads all its postings through fts5vocab).
        self.terms = {} if terms is None else terms
        self.query = _POSTINGS
        if candidates is not None:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS candidates (doc INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.candidates")
            conn.executemany("INSERT INTO temp.candidates VALUES (?)", ((d,) for d in candidates))
            self.query = _POSTINGS_OF_CANDIDATES
        self.boosts = dict(BOOSTS)
        size, *totals = json.loads(db.get_meta(conn, "lengths", "[0]") or "[0]")
        totals += [0] * (len(FIELDS) - len(totals))
        self.size = size
        self.avg = {
            f: (t / size if size else 0.0) or 1.0
            for f, t in zip(FIELDS, totals[: len(FIELDS)], strict=True)
        }
        self.df = _Frequencies(conn, self.terms)
        self.postings = {name: _Postings(self, name) for name in FIELDS}  # type: ignore[misc]
        self.lengths = {name: {} for name in FIELDS}  # type: ignore[misc]
        self._fetched: dict[str, dict[str, dict[int, int]]] = {}

    def fetch(self, term: str) -> dict[str, dict[int, int]]:
        """Field -> {doc: term frequency} for ``term``, with each document's field lengths."""
        if term not in self._fetched:
            by_field: dict[str, dict[int, int]] = {}
            for col, doc, tf, length in self.conn.execute(self.query, (term,)):
                by_field.setdefault(col, {})[doc] = tf
                self.lengths[col][doc] = length
            self._fetched[term] = by_field
        return self._fetched[term]

    @property
    def vocabulary(self) -> list[str]:  # type: ignore[override]
        """Every term, sorted (loaded only to suggest spellings for a word no paper has)."""
        if not hasattr(self, "_vocabulary"):
            rows = self.conn.execute("SELECT term FROM fts_terms ORDER BY term")
            self._vocabulary = [term for (term,) in rows]
        return self._vocabulary

    def spelt_alike(self, letter: str, shortest: int, longest: int) -> list[str]:
        """The terms starting with ``letter`` of a length in the range, from
        ``spelling_pools`` (kept per letter and length until the FTS index changes): listing
        them through ``fts5vocab`` reads every one's postings (a second at 100k papers), and
        "did you mean" asks for them on every unknown word."""
        (version,) = self.conn.execute(_STRUCTURE).fetchone() or (b"",)
        query = "SELECT length, terms FROM spelling_pools WHERE letter = ? AND version = ?"
        pools = dict(self.conn.execute(query, (letter, version)).fetchall())
        if not pools:  # none yet, or of an older FTS index: made again, whole letter
            rows = self.conn.execute(
                "SELECT term FROM fts_terms WHERE term >= ? AND term < ?", (letter, letter + "\x7f")
            )
            by_length: dict[int, list[str]] = {}
            for (term,) in rows:
                by_length.setdefault(len(term), []).append(term)
            pools = {length: " ".join(terms) for length, terms in by_length.items()}
            with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
                self.conn.execute("DELETE FROM spelling_pools WHERE letter = ?", (letter,))
                self.conn.executemany(
                    "INSERT INTO spelling_pools VALUES (?, ?, ?, ?)",
                    [(letter, length, version, terms) for length, terms in pools.items()],
                )
        return [
            term
            for length in range(shortest, longest + 1)
            for term in pools.get(length, "").split()
        ]

    def expand(self, prefix: str) -> list[str]:
        if ("expand", prefix) in self.terms:
            return self.terms[("expand", prefix)]  # type: ignore[no-any-return]
        rows = self.conn.execute(
            "SELECT term, doc FROM fts_terms WHERE term >= ? AND term < ? ORDER BY term",
            (prefix, prefix + "\x7f"),
        )
        terms = []
        for term, count in rows:
            terms.append(term)
            self.terms[("df", term)] = count
        if len(terms) > MAX_EXPANSIONS:  # the in-memory rule: most frequent first
            terms = sorted(terms, key=lambda t: (-self.df[t], t))[:MAX_EXPANSIONS]
        self.terms[("expand", prefix)] = terms
        return terms

    def phrase_docs(self, tokens: tuple[str, ...] | list[str], candidates: Any = None) -> set[int]:
        # FTS5 phrases match consecutive tokens within one column, as contains_phrase does.
        phrase = '"' + " ".join(tokens) + '"'  # tokens are [a-z0-9]+: nothing to escape
        return {doc for (doc,) in self.conn.execute("SELECT rowid FROM fts(?)", (phrase,))}


# The FTS5 structure record (segments and a write counter): it changes with every write.
_STRUCTURE = "SELECT block FROM fts_data WHERE id = 10"
_LENGTH = " ".join(f"WHEN '{name}' THEN n.len_{name}" for name in FIELDS)
_POSTINGS = (
    f"SELECT h.col, h.doc, count(*), CASE h.col {_LENGTH} END "
    "FROM fts_hits AS h JOIN docs AS n ON n.doc = h.doc WHERE h.term = ? GROUP BY h.doc, h.col"
)
_POSTINGS_OF_CANDIDATES = _POSTINGS.replace(
    "JOIN docs", "JOIN temp.candidates AS c ON c.doc = h.doc JOIN docs"
)


class _Frequencies:
    """Term -> number of papers containing it, as ``BM25Index.df`` (a dict) answers."""

    def __init__(self, conn: sqlite3.Connection, known: dict[Any, Any]) -> None:
        self.conn, self.known = conn, known

    def get(self, term: str, default: int = 0) -> int:
        if ("df", term) not in self.known:
            query = "SELECT doc FROM fts_terms WHERE term = ?"
            row = self.conn.execute(query, (term,)).fetchone()
            self.known[("df", term)] = row[0] if row else 0
        return self.known[("df", term)] or default  # type: ignore[no-any-return]

    def __getitem__(self, term: str) -> int:
        return self.get(term)


class _Postings:
    """One field's postings, as ``BM25Index.postings[field]`` (a dict of dicts) answers."""

    def __init__(self, index: StoredIndex, name: str) -> None:
        self.index, self.name = index, name

    def get(self, term: str) -> dict[int, int] | None:
        return self.index.fetch(term).get(self.name)


class ShownIndex(StoredIndex):
    """:class:`StoredIndex` whose postings are counted in the stored text of ``docs`` alone.

    For the few documents an answer shows: the FTS postings of a common word hold every
    occurrence in the KB (a quarter of a million at 100k papers), while the text of ten papers
    is a few hundred words. :func:`~neurokb.cache.ftstext.texts_of` gives the texts the FTS
    row was made of, so the counts, lengths and matched fields are those the postings give.
    """

    def __init__(
        self, conn: sqlite3.Connection, docs: Iterable[int], terms: dict[Any, Any] | None = None
    ) -> None:
        super().__init__(conn, terms=terms)
        self.docs = sorted(set(docs))
        self.counts: dict[str, dict[str, dict[int, int]]] = {}  # term -> field -> doc -> tf
        pieces = pieces_of(conn)
        for start in range(0, len(self.docs), 900):
            chunk = self.docs[start : start + 900]
            marks = ", ".join("?" * len(chunk))
            for doc, entry, ids in conn.execute(_SHOWN.format(marks=marks), chunk):
                texts = texts_of(json.loads(entry), topics_text(ids, pieces))
                for name, text in zip(FIELDS, texts, strict=True):
                    tokens = text.split()
                    self.lengths[name][doc] = len(tokens)
                    for term, tf in Counter(tokens).items():
                        self.counts.setdefault(term, {}).setdefault(name, {})[doc] = tf

    def fetch(self, term: str) -> dict[str, dict[int, int]]:
        return self.counts.get(term, {})

    def phrase_docs(self, tokens: tuple[str, ...] | list[str], candidates: Any = None) -> set[int]:
        phrase = '"' + " ".join(tokens) + '"'
        marks = ", ".join("?" * len(self.docs))
        query = f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid IN ({marks})"
        return {doc for (doc,) in self.conn.execute(query, (phrase, *self.docs))}


_SHOWN = (  # a paper's entry and its topics text as indexed: what its FTS row was made of
    "SELECT d.doc, f.entry, d.topics FROM docs AS d "
    "JOIN files AS f ON f.name = 'papers/' || d.key WHERE d.doc IN ({marks})"
)
