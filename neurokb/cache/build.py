"""The first build of the index: every entry file is new, so it is written in bulk.

A refresh (:mod:`~neurokb.cache.sync`) re-reads a few changed files and keeps every table
consistent after each one; a first build at 100k files done that way cost 176 s, three times
papis's cold cache build. Here nothing can exist yet, so:

- files are read, parsed and validated, and their rows made, by ``workers`` forked processes
  (:func:`neurokb.load.parallel.run_stream`) while the parent stores the rows of the batches
  they finished, so both cores stay busy (the parent used to parse a chunk's share, then write
  it while the workers waited); the rows are plain tuples, cheap to send back;
- the secondary indexes are dropped before the rows go in and made once at the end (a sorted
  build instead of 100k random inserts into each); the citations, topics and authors of
  papers are put aside in memory in tables of the same shapes, which SQLite copies over in
  key order, filling every page; the FTS rows of a batch go in after its other rows, one segment
  per batch (or per 1 MB of them), merged into one at the end; ``names`` ids are kept in memory rather than looked up
  chunk by chunk, and ``people`` and ``file_rows`` ids are given here as SQLite would give
  them, so the rows go straight into their tables (no trigger of the view ``files``, no
  lookup of a spelling per authorship);
- authors are resolved after the indexes exist (each merge group is looked up: on the bare
  table that was a scan of every spelling per 500 groups, 9 s at 100k);
- Python's cycle collector is off (:func:`neurokb.cache.sync.refresh` runs the build under
  :func:`~neurokb.load.loader.gc_paused`), in the parent and in the workers it forks;
- SQLite writes with ``synchronous=OFF`` (no fsync per transaction) and the file is flushed
  to disk once at the end; a crash midway leaves an index without its ``built`` mark, which
  the next use starts over (:func:`neurokb.cache.sync.refresh`).

The rows are exactly those a refresh writes: the same :func:`~neurokb.load.loader.read_entry_at`,
the same :func:`~neurokb.cache.textindex.paper_rows`; the tests compare both.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from neurokb.cache import db, sync, textindex
from neurokb.cache.scan import Changes
from neurokb.cache.sync import Progress, Refresh, read_file
from neurokb.cache.tables import ALL
from neurokb.cache.textindex import paper_rows

if TYPE_CHECKING:
    from neurokb.core.models import Topic

CHUNK = 10_000
"""Papers per transaction: a bound on the WAL file."""

WRITE = 1_000
"""Papers whose rows are stored together (an FTS segment): bounds the parent's memory."""

BUILD_CACHE_KIB = 256 * 1024
"""SQLite's page cache during a first build: paired runs at 100k gave the parent 0.3 to 1.7 s
less CPU than with the usual 32 MiB (peak memory 470 MiB instead of 320)."""

_INDEX = re.compile(r"CREATE INDEX IF NOT EXISTS (\w+) ON [^;]+;")

FileRow = tuple[Any, ...]
Made = tuple[FileRow, Any, Any]  # the files row, the query rows (valid papers), the entry


def build(
    conn: sqlite3.Connection,
    root: Path,
    changes: Changes,
    progress: Progress | None,
    keep: bool,
    workers: int,
) -> Refresh:
    """Write every file of ``changes`` (a full scan of an empty index); see the module doc."""
    from neurokb.load.parallel import run_stream

    done = sync.Refresh()
    names = sorted(changes.changed)
    topic_names = [n for n in names if n.startswith("topics/")]
    paper_names = [n for n in names if not n.startswith("topics/")]
    conn.execute("PRAGMA synchronous=OFF")
    # Pages of the tables written at random (people, the aside tables, FTS) stay in memory,
    # and the WAL is moved into the file once at the end (_flush), not every 4 MiB.
    conn.execute(f"PRAGMA cache_size=-{BUILD_CACHE_KIB}")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    indexes = _INDEX.findall(ALL)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for index in indexes:
            conn.execute(f"DROP INDEX IF EXISTS {index}")
        topics: dict[str, Topic] = {}
        for name in topic_names:  # first: a paper's searchable text names its topics
            file_row, _, entry = _make(changes, root, None, name)
            conn.execute(sync.INSERT_FILE, file_row)
            if entry is not None:
                topics[file_row[2]] = entry
                textindex.add_topic(conn, entry)
                if keep:
                    done.entries[name] = entry
        keys = [(name.partition("/")[2],) for name in paper_names]  # numbered in order
        conn.executemany("INSERT OR IGNORE INTO names (key) VALUES (?)", keys)
        for table in textindex.ASIDE:  # the very shape of each: copied over in full pages
            (sql,) = conn.execute(
                "SELECT sql FROM sqlite_schema WHERE name = ?", (table,)
            ).fetchone()
            conn.execute(f"DROP TABLE IF EXISTS temp.build_{table}")
            conn.execute(
                sql.replace(f"CREATE TABLE {table} ", f"CREATE TEMP TABLE build_{table} ", 1)
            )
        # No FTS merging while the segments come in: 'optimize' below merges them all into
        # one anyway, and the automatic merges of the first ones (and the crisis merges once a
        # level holds 16) redid that work as they grew: 0.85 s of the parent's 12.4 at 100k.
        _fts_config(conn, automerge=0, crisismerge=_NO_CRISIS)
        view = SimpleNamespace(topics=topics)
        make = partial(_make_all, changes, root, view, keep)
        bases: set[str] = set()
        first, written, pending = 1, 0, []
        numbers = _Numbers(conn)
        for made in run_stream(make, paper_names, workers):
            pending += made
            if len(pending) < min(WRITE, CHUNK) and written + len(pending) < len(paper_names):
                continue
            first = _write(conn, pending, first, numbers, bases, done, keep)
            if (written + len(pending)) // CHUNK > written // CHUNK:
                conn.execute("COMMIT")  # one FTS segment and one bounded WAL stretch a chunk
                conn.execute("BEGIN IMMEDIATE")
            written += len(pending)
            pending = []
            if progress:
                progress(len(topic_names) + written, len(names))
        done.read = len(names)
        # The chunks' FTS segments merged into one: 0.6 MB less at 100k (a term and its list
        # header once, not once a segment), and a query reads one segment; the pages it frees
        # take the indexes made next.
        conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        _fts_config(conn, automerge=_AUTOMERGE, crisismerge=_CRISISMERGE)  # a refresh's again
        for statement in _INDEX.finditer(ALL):
            conn.execute(statement[0])
        for table in textindex.ASIDE:
            conn.execute(f"INSERT INTO {table} SELECT * FROM temp.build_{table}")
            conn.execute(f"DROP TABLE temp.build_{table}")
        textindex.resolve_authors(conn, bases)  # after the indexes: it looks groups up
        sync.save_meta(conn, changes, done)
        db.set_meta(conn, "built", "1")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA cache_size=-{db.CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint={db.WAL_PAGES}")
    _flush(conn, db.db_path(root))
    db.remove_older(root)
    if progress and names:
        progress(len(names), len(names))
    return done


_AUTOMERGE, _CRISISMERGE = 4, 16  # FTS5's defaults, which refreshes keep
_NO_CRISIS = 2_000  # above the segments a build makes (one per WRITE papers, 100 at 100k)


def _fts_config(conn: sqlite3.Connection, **values: int) -> None:
    for name, value in values.items():
        conn.execute("INSERT INTO fts (fts, rank) VALUES (?, ?)", (name, value))


class _Numbers:
    """The ids the build gives rows itself (no lookup per row in SQLite), as SQLite would
    give them: each table's next rowid in insertion order."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.names: dict[str, int] = dict(conn.execute("SELECT key, id FROM names"))
        self.people: dict[str, int] = {}  # empty at the start of a build
        self.next_file: int = conn.execute("SELECT max(id) FROM file_rows").fetchone()[0] or 0


def _write(
    conn: sqlite3.Connection,
    made: list[Made],
    first: int,
    numbers: _Numbers,
    bases: set[str],
    done: Refresh,
    keep: bool,
) -> int:
    """Store the rows of ``made``, documents numbered from ``first``; return the next number.

    The files rows go straight into ``file_rows`` and ``entries``, as the view ``files``'s
    insert trigger would put them (a first build replaces no row): the trigger's three
    statements per file were a sixth of the parent's time.
    """
    file_rows, entries = [], []
    for name, kind, key, path, *stats, packed, problems in (row for row, _, _ in made):
        numbers.next_file += 1
        folder, _, stem = name.partition("/")
        file_rows.append((numbers.next_file, name, None if kind == folder else kind,
                          None if key == stem else key,
                          None if path == f"entries/{name}.yaml" else path, *stats, problems))  # fmt: skip
        if packed is not None:
            entries.append((numbers.next_file, packed))
    conn.executemany(_INSERT_FILE_ROW, file_rows)
    conn.executemany("INSERT INTO entries VALUES (?, ?)", entries)
    valid = [rows for _, rows, _ in made if rows is not None]
    bases |= textindex.insert_rows(
        conn, valid, first, known=numbers.names, aside="temp.build_", people_ids=numbers.people
    )
    # FTS5 keeps the rows in memory until a savepoint (or 1 MB): one segment a batch, the
    # segments the view's trigger flushed when it opened the next batch's statement (fewer,
    # larger ones left the index a few pages larger after 'optimize').
    conn.execute("SAVEPOINT batch")
    conn.execute("RELEASE batch")
    for file_row, rows, entry in made:
        if rows is not None:
            done.indexed.add(file_row[0])
        if keep and entry is not None:
            done.entries[file_row[0]] = entry
    return first + len(valid)


_INSERT_FILE_ROW = f"INSERT INTO file_rows VALUES ({', '.join('?' * 12)})"


def _make_all(
    changes: Changes,
    root: Path,
    view: Any,
    keep: bool,
    names: Sequence[str],
    progress: Progress | None = None,
) -> list[Made]:
    """:func:`_make` for each of ``names`` (one batch of :func:`run_split`, in any process)."""
    out = []
    for index, name in enumerate(names, start=1):
        file_row, rows, entry = _make(changes, root, view, name)
        out.append((file_row, rows, entry if keep else None))
        if progress and index % 500 == 0:
            progress(index, len(names))
    return out


def _make(changes: Changes, root: Path, view: Any, name: str) -> Made:
    """Read one file: its ``files`` row, its query rows (a valid paper only) and its entry."""
    file_row, entry = read_file(changes, root, name)
    query = None
    if entry is not None and file_row[1] == "papers":
        query = paper_rows(entry, view)
    return file_row, query, entry


def _flush(conn: sqlite3.Connection, path: Path) -> None:
    """Move the WAL into the file and make it durable: the build's one fsync."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fd = os.open(path, os.O_RDONLY)
    except (sqlite3.OperationalError, OSError):  # busy: a later checkpoint writes it out
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
