"""A paper's FTS texts, made again from its stored entry instead of being stored twice.

The FTS table is contentless (it keeps the index, not the texts). Deleting a row and
counting the terms of the papers an answer shows need the texts it was given; they are
exactly :func:`neurokb.search.text.normalized` of the fields of
:func:`neurokb.search.engine.paper_document`, all of which are in the stored entry, except the
``topics`` field: it names the topics as they were when the paper was indexed, so it is kept
(once per distinct text, ``topic_texts``). Made from the entry's JSON with no model, so a
warm search loads none; the tests check it against what was indexed.
"""

from __future__ import annotations

from typing import Any

from neurokb.cache.tables import FIELDS
from neurokb.core.paperview import display_name
from neurokb.search.text import normalized


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
