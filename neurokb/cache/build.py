"""The first build of the index: every entry file is new, so it is written in bulk.

A refresh (:mod:`~neurokb.cache.sync`) re-reads a few changed files and keeps every table
consistent after each one; a first build at 100k files done that way cost 176 s, three times
papis's cold cache build. Here nothing can exist yet, so:

- files are read, parsed and validated, and their rows made, on up to ``workers`` processes
  (:func:`neurokb.load.parallel.run_split`), in chunks, so the parent writes one chunk while
  holding only one chunk's rows in memory; the rows are plain tuples, cheap to send back;
- the secondary indexes are dropped before the rows go in and made once at the end (a sorted
  build instead of 100k random inserts into each); the FTS rows of a chunk go in after its
  other rows, one segment per chunk;
- SQLite writes with ``synchronous=OFF`` (no fsync per transaction) and the file is flushed
  to disk once at the end; a crash midway leaves an index without its ``built`` mark, which
  the next use starts over (:func:`neurokb.cache.sync.refresh`).

The rows are exactly those a refresh writes: the same :func:`~neurokb.load.loader.read_entry`,
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

from neurokb.cache import db
from neurokb.cache.scan import Changes
from neurokb.cache.tables import ALL

if TYPE_CHECKING:
    from neurokb.cache.sync import Progress, Refresh
    from neurokb.core.models import Topic

CHUNK = 10_000
"""Papers per transaction: bounds the parent's memory (rows of one chunk) and the WAL file."""

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
    from neurokb.cache import sync, textindex
    from neurokb.load.parallel import run_split

    done = sync.Refresh()
    names = sorted(changes.changed)
    topic_names = [n for n in names if n.startswith("topics/")]
    paper_names = [n for n in names if not n.startswith("topics/")]
    conn.execute("PRAGMA synchronous=OFF")
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
        view = SimpleNamespace(topics=topics)
        make = partial(_make_all, changes, root, view, keep)
        bases: set[str] = set()
        first = 1
        for start in range(0, len(paper_names), CHUNK):
            chunk = paper_names[start : start + CHUNK]
            told = partial(_tell, progress, start, len(names)) if progress else None
            made: list[Made] = run_split(make, chunk, workers, told)
            conn.executemany(sync.INSERT_FILE, [file_row for file_row, _, _ in made])
            valid = [rows for _, rows, _ in made if rows is not None]
            bases |= textindex.insert_rows(conn, valid, first)
            first += len(valid)
            for name, (_, rows, entry) in zip(chunk, made, strict=True):
                if rows is not None:
                    done.indexed.add(name)
                if keep and entry is not None:
                    done.entries[name] = entry
            del made, valid
            conn.execute("COMMIT")
            conn.execute("BEGIN IMMEDIATE")
        done.read = len(names)
        textindex.resolve_authors(conn, bases)
        for statement in _INDEX.finditer(ALL):
            conn.execute(statement[0])
        sync.save_meta(conn, changes, done)
        db.set_meta(conn, "built", "1")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA synchronous=NORMAL")
    _flush(conn, db.db_path(root))
    if progress and names:
        progress(len(names), len(names))
    return done


def _tell(progress: Progress, before: int, total: int, done: int, _: int) -> None:
    progress(before + done, total)


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
    from neurokb.cache import textindex
    from neurokb.cache.sync import read_file

    file_row, entry = read_file(changes, root, name)
    query = None
    if entry is not None and file_row[1] == "papers":
        query = textindex.paper_rows(entry, view)  # type: ignore[arg-type]
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
