"""A paper's FTS texts, made again from its stored entry instead of being stored twice.

The FTS table is contentless (it keeps the index, not the texts). Deleting a row and
counting the terms of the papers an answer shows need the texts it was given; they are
exactly :func:`neurokb.search.text.normalized` of the fields of
:func:`neurokb.search.engine.paper_document`, all of which are in the stored entry, except the
``topics`` field: it names the topics as they were when the paper was indexed, so that is kept:
each topic's part once (``topic_pieces``), each paper's list of parts in ``docs.topics``.
Made from the entry's JSON with no model, so a warm search loads none; the tests check it
against what was indexed.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from neurokb.cache.tables import FIELDS
from neurokb.core.paperview import display_name
from neurokb.search.text import normalized


def topic_piece(name: str, topic_id: str, aliases: list[str]) -> str:
    """One topic's part of a paper's ``topics`` text: :func:`normalized` of what
    ``paper_document`` joins with " ; " (which only separates words), so a paper's text is its
    parts joined by spaces."""
    return normalized(" ; ".join([name, topic_id.replace("-", " "), *aliases]))


def join_pieces(pieces: list[str]) -> str:
    return " ".join(piece for piece in pieces if piece)


def pieces_of(conn: sqlite3.Connection) -> dict[str, str]:
    """``topic_pieces`` by id as ``docs.topics`` spells it (a few rows: one per topic text)."""
    return {str(i): text for i, text in conn.execute("SELECT id, text FROM topic_pieces")}


def topics_text(ids: str, pieces: dict[str, str]) -> str:
    """The ``topics`` FTS text of a paper whose ``docs.topics`` is ``ids``."""
    return join_pieces([pieces[i] for i in ids.split()])


def texts_of(data: dict[str, Any], topics: str) -> list[str]:
    """The FTS column texts, in :data:`FIELDS` order, of the entry JSON ``data``."""
    fields = {
        "title": data["title"],
        "key": data["key"],
        "authors": " ; ".join(
            display_name(a["family"], a["given"], a["suffix"], a["literal"])
            for a in data["authors"]
        ),
        "venue": data.get("venue") or "",
        "summary": data.get("summary") or "",
        "abstract": data.get("abstract") or "",
    }
    return [topics if name == "topics" else normalized(fields[name]) for name in FIELDS]
