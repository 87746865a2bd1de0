"""``neurokb related`` from the index: the lookups of :class:`neurokb.explore.related.Links` in SQL.

Restoring 100k papers from the index to relate one of them took ~25 s and 1.1 GB; the
neighbourhood of a paper is a few hundred rows of the query tables (``docs``, ``cites``,
``paper_topics``, ``paper_authors`` with the resolved author ids). The scoring itself is
:func:`neurokb.explore.related.rank`, the same function the full path runs over the KnowledgeBase, so
the two cannot drift apart; the tests compare them on whole KBs.

Orders the scoring depends on come from where the KB takes them: a paper's citations and
topics in the order its entry lists them (``json_each`` over the stored entry), its authors by
position, topic members by year and key. Years met on the way are kept for the tie-breaks.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from neurokb.core.ids import EntryId
from neurokb.explore.related import Related, rank

if TYPE_CHECKING:
    from neurokb.cache.reader import Reader


class IndexLinks:
    """:class:`neurokb.explore.related.Links` over the index tables of one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.years: dict[str, int] = {}

    def _keys(self, query: str, *params: str) -> list[str]:
        """The first column of ``query``, each key once in order; the second is its year."""
        out: dict[str, None] = {}
        for key, year in self.conn.execute(query, params):
            self.years[key] = year
            out[key] = None
        return list(out)

    def has_paper(self, key: str) -> bool:
        row = self.conn.execute("SELECT year FROM docs WHERE key = ?", (key,)).fetchone()
        if row is not None:
            self.years[key] = row[0]
        return row is not None

    def cites(self, key: str) -> Sequence[str]:
        return self._keys(
            "SELECT j.value, d.year FROM files AS f, json_each(f.entry, '$.cites') AS j "
            "JOIN docs AS d ON d.key = j.value WHERE f.name = ? ORDER BY j.key",
            EntryId.paper(key).name,
        )

    def cited_by(self, key: str) -> Sequence[str]:
        return self._keys(
            "SELECT c.src, d.year FROM cites AS c JOIN docs AS d ON d.key = c.src "
            "WHERE c.dst = ? ORDER BY d.year, c.src",
            key,
        )

    def authors(self, key: str) -> Sequence[str]:
        query = "SELECT author FROM paper_authors WHERE key = ? ORDER BY position"
        return list(dict.fromkeys(author for (author,) in self.conn.execute(query, (key,))))

    def author_papers(self, author: str) -> Iterable[str]:
        return self._keys(
            "SELECT a.key, d.year FROM paper_authors AS a JOIN docs AS d ON d.key = a.key "
            "WHERE a.author = ?",
            author,
        )

    def author_name(self, author: str) -> str:
        """The fullest spelling, chosen among the author's spellings as the author index does
        (over the stored JSON: the models load too slowly for a warm ``related``)."""
        from neurokb.core.paperview import best_spelling_of

        query = "SELECT DISTINCT person FROM paper_authors WHERE author = ?"
        return best_spelling_of([json.loads(p) for (p,) in self.conn.execute(query, (author,))])

    def topics(self, key: str) -> Sequence[str]:
        query = (
            "SELECT j.value FROM files AS f, json_each(f.entry, '$.topics') AS j "
            "WHERE f.name = ? ORDER BY j.key"
        )
        rows = self.conn.execute(query, (EntryId.paper(key).name,))
        return list(dict.fromkeys(topic for (topic,) in rows))

    def topic_members(self, topic: str) -> Sequence[str]:
        """Thousands of papers per topic at 100k: read from their topic's rows (which hold
        their years) once per index generation, then kept packed in ``derived``."""
        from neurokb.cache.sync import generation

        name, now = f"topic members {topic}", generation(self.conn)
        query = "SELECT generation, data FROM derived WHERE name = ?"
        row = self.conn.execute(query, (name,)).fetchone()
        if row is not None and row[0] == now:
            keys, years = _unpack_members(row[1])
        else:
            rows = self.conn.execute(
                "SELECT n.key, t.year FROM tagged AS t JOIN names AS n ON n.id = t.paper "
                "WHERE t.topic = (SELECT id FROM topic_names WHERE topic = ?) ORDER BY t.year, n.key",
                (topic,),
            ).fetchall()  # each paper once: (topic, year, paper) is the table's key
            keys, years = [key for key, _ in rows], [year for _, year in rows]
            with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
                self.conn.execute(
                    "INSERT OR REPLACE INTO derived VALUES (?, ?, ?)",
                    (name, now, _pack_members(keys, years)),
                )
        self.years.update(zip(keys, years, strict=True))
        return keys

    def year(self, key: str) -> int:
        if key not in self.years:
            (self.years[key],) = self.conn.execute(
                "SELECT year FROM docs WHERE key = ?", (key,)
            ).fetchone()
        return self.years[key]


def _pack_members(keys: list[str], years: list[int]) -> bytes:
    """A topic's members: how many, their years (int32), their keys (a key is one line)."""
    return b"".join(
        (len(keys).to_bytes(4, "little"), array("i", years).tobytes(), "\n".join(keys).encode())
    )


def _unpack_members(data: bytes) -> tuple[list[str], list[int]]:
    count = int.from_bytes(data[:4], "little")
    years = array("i")
    years.frombytes(data[4 : 4 + 4 * count])
    text = data[4 + 4 * count :].decode()
    return (text.split("\n") if count else []), years.tolist()


def related_from_index(reader: Reader, key: str, limit: int | None = 10) -> list[Related] | None:
    """:func:`neurokb.explore.related.related` answered by the index; None for a key that is no valid
    paper there (the full path then answers, with its suggestions)."""

    links = IndexLinks(reader.conn)
    return rank(links, key, limit) if links.has_paper(key) else None
