"""Queries over a list of values longer than SQLite takes as parameters of one statement.

SQLite builds before 3.32 allow 999 host parameters per statement, so ``WHERE x IN (...)``
over thousands of keys (the build cache's pages, a venue's spellings, the authors of a
refresh) is asked in batches. One helper, so every caller batches the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

BATCH = 500
"""Values per statement: well under the oldest limit, leaving room for other parameters."""


def rows_in(conn: sqlite3.Connection, query: str, values: Sequence[Any]) -> Iterator[Any]:
    """The rows of ``query`` for every value of ``values``, batch after batch; the query's
    ``{marks}`` stands for the batch's placeholders (``... WHERE key IN ({marks})``)."""
    for start in range(0, len(values), BATCH):
        batch = values[start : start + BATCH]
        yield from conn.execute(query.format(marks=", ".join("?" * len(batch))), batch)
