"""Batched ``IN`` queries (neurokb/core/sqlbatch.py) give every row, across batches."""

from __future__ import annotations

import sqlite3

from neurokb.core import sqlbatch


def test_rows_in_answers_for_every_value_across_batches() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, f"v{i}") for i in range(3000)])
    wanted = [*range(0, 3000, 2), 5000]  # 1,501 values: four batches, one absent
    query = "SELECT k, v FROM t WHERE k IN ({marks})"
    rows = sorted(sqlbatch.rows_in(conn, query, wanted))
    assert rows == [(i, f"v{i}") for i in range(0, 3000, 2)]
    assert list(sqlbatch.rows_in(conn, query, [])) == []
    assert len(wanted) > 3 * sqlbatch.BATCH
