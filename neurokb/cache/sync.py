"""Bringing the index up to date with the files, reading only what changed.

:func:`refresh` is called at the start of every cached command, at every size of KB: it
compares the stat of every entry file with the index (:func:`~neurokb.cache.scan.scan`), so
no answer comes from a row older than its file. Where the KB's watcher runs
(:mod:`~neurokb.cache.watch`) it is asked first, and only the files it saw change are
compared (:func:`~neurokb.cache.scan.scan_names`); its token, recorded with the rows, says
up to which of its events the rows agree with the files. When nothing changed it writes nothing and
this module loads no models at all. Otherwise it takes the writer lock, scans again only if
another process wrote meanwhile (the stored survey's stamp moved), and re-reads the changed
files with the loader's own :func:`~neurokb.load.loader.read_entry`, so an entry in the index
is exactly what a cold load would make of the file.

The first build of an empty index goes to :mod:`~neurokb.cache.build` (parsed on several
processes, secondary indexes made once at the end).

Cross-entry checks (dangling references, duplicate DOIs ...) need every entry, so a refresh
only marks them stale; the next full load (:mod:`~neurokb.cache.restore`) runs them and stores
the result under the index's *generation*, a counter bumped by every refresh that changed
something.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurokb.cache import db
from neurokb.cache.scan import Changes, digest, save_survey, scan, scan_names, stamp
from neurokb.core.ids import EntryId

if TYPE_CHECKING:
    from neurokb.cache.watch import Answer
    from neurokb.core.models import Paper, Topic

Progress = Callable[[int, int], None]

BATCH = 2_000  # files per transaction when many changed: bounds the WAL file, keeps progress
ALL_CORES = -1  # ``workers``: one process per usable core, counted only if a build happens


@dataclass
class Refresh:
    """What a refresh did; ``entries`` holds the entries it read (all of them after a build)."""

    read: int = 0
    removed: int = 0
    restamped: int = 0
    entries: dict[str, Paper | Topic] = field(default_factory=dict)
    indexed: set[str] = field(default_factory=set)  # papers whose query rows were rewritten


def generation(conn: sqlite3.Connection) -> int:
    return int(db.get_meta(conn, "generation", "0") or 0)


def refresh(
    conn: sqlite3.Connection,
    root: Path,
    *,
    walk: bool = False,
    progress: Progress | None = None,
    keep: bool = False,
    workers: int = 1,
) -> Refresh:
    """Make the index agree with the files; return what was done.

    ``walk`` lists the whole tree for stray files even when no folder changed (a whole-KB
    load reports them). An index whose first build was interrupted starts over. ``keep``
    returns the entries read in ``Refresh.entries`` (a full load reuses them; the fast paths
    do not want 100k models in memory after a build). ``workers`` above 1 lets a first build
    fork that many processes in all (a one-shot command that runs no threads); :data:`ALL_CORES`
    one per usable core.
    """
    if db.get_meta(conn, "built") is None:
        return _build(conn, root, progress, keep, workers)
    answer = None if walk else _ask_watcher(conn, root)
    if answer is not None and answer.names == []:
        return Refresh()  # the watcher saw no entry change since the index last looked
    changes = _scan(conn, root, walk, answer)
    if not _worth_writing(conn, changes):
        if answer is not None:
            _record_token(conn, answer.token)
        return Refresh()
    with db.writer_lock(root):
        if stamp(conn) != changes.stamp:  # another process refreshed meanwhile: look again
            changes = _scan(conn, root, walk, answer)
        return _apply(conn, root, changes, progress, keep, answer and answer.token)


def _ask_watcher(conn: sqlite3.Connection, root: Path) -> Answer | None:
    """The KB watcher's answer since the token the index recorded (:mod:`~neurokb.cache.watch`).

    A large KB without a watcher gets one started for the next query.
    """
    from neurokb.cache import watch

    def worth_a_watcher() -> bool:
        return int(db.get_meta(conn, "files", "0") or 0) >= watch.WATCH_FROM

    return watch.ask(root, db.get_meta(conn, "watched"), worth_a_watcher)


def _scan(conn: sqlite3.Connection, root: Path, walk: bool, answer: Answer | None) -> Changes:
    """The names the watcher listed, or every file (no watcher, or it cannot vouch)."""
    if answer is not None and answer.names is not None:
        changes = scan_names(conn, root, answer.names)
        if changes is not None:
            return changes
    return scan(conn, root, walk=walk)


def _record_token(conn: sqlite3.Connection, token: str) -> None:
    """Record that the rows agree with the files as of the watcher's ``token``.

    Valid whoever else writes meanwhile: the rows were found to agree after the watcher
    answered, and every change since is in its later answers.
    """
    if db.get_meta(conn, "watched") != token:
        conn.execute("BEGIN IMMEDIATE")
        db.set_meta(conn, "watched", token)
        conn.execute("COMMIT")


def _worth_writing(conn: sqlite3.Connection, changes: Changes) -> bool:
    """Whether the rows, the stored survey or the stored stray files must change."""
    if changes.any or changes.restamped or changes.moved:
        return True
    return changes.stray is not None and db.get_meta(conn, "stray") != _stray_json(changes)


def _build(
    conn: sqlite3.Connection, root: Path, progress: Progress | None, keep: bool, workers: int
) -> Refresh:
    """The first build: every file is new (:mod:`~neurokb.cache.build`); marked ``built`` only
    at the very end."""
    from neurokb.cache.build import build
    from neurokb.cache.pathindex import forget_log
    from neurokb.load.loader import gc_paused

    if workers == ALL_CORES:  # counted here: a warm query need not import the fork machinery
        from neurokb.load.parallel import cpu_workers

        workers = cpu_workers()
    with db.writer_lock(root):
        if db.get_meta(conn, "built") is not None:  # another process built it meanwhile
            return refresh(conn, root, walk=True, progress=progress, keep=keep)
        conn.execute("BEGIN IMMEDIATE")
        forget_log(conn)
        for table in ("entries", "file_rows", "citations", "docs", "topic_pieces", "names", "citing",
                      "topics", "topic_names", "tagged", "authorship", "people", "scan_snapshot",
                      "derived"):  # fmt: skip
            conn.execute(f"DELETE FROM {table}")
        conn.execute("INSERT INTO fts (fts) VALUES ('delete-all')")  # contentless: no DELETE
        conn.execute("DELETE FROM meta WHERE name != 'fingerprint'")
        conn.execute("COMMIT")
        # Without the cycle collector, in this process and the workers the build forks: it
        # makes millions of short-lived tuples and strings and no cycles, and the collector's
        # passes over what stays alive (the names' ids, the spellings met) were a twelfth of
        # its CPU time at 10k papers.
        with gc_paused():
            return build(conn, root, scan(conn, root, walk=True), progress, keep, workers)


def _apply(
    conn: sqlite3.Connection,
    root: Path,
    changes: Changes,
    progress: Progress | None,
    keep: bool,
    token: str | None = None,
) -> Refresh:
    """Write ``changes`` to the index (topics first: paper texts include topic names), and
    the watcher's ``token`` they were looked for under, if any."""
    from neurokb.cache import textindex

    done = Refresh(removed=len(changes.removed))
    done.restamped = len(changes.restamped)
    names = sorted(changes.changed, key=lambda n: (not n.startswith("topics/"), n))
    topics = _topics(conn) if names or changes.removed else {}
    fresh = not topics and conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is None
    bases: set[str] = set()
    conn.execute("BEGIN IMMEDIATE")
    try:
        bases |= _forget(conn, changes.removed, topics)
        conn.executemany(
            "UPDATE files SET size = ?, mtime_ns = ?, ino = ?, ctime_ns = ?, checked_ns = ? "
            "WHERE name = ?",
            [
                (s.size, s.mtime_ns, s.ino, s.ctime_ns, changes.scan_ns, n)
                for n, s in changes.restamped.items()
            ],
        )
        retitled: set[str] = set()
        pending: list[Paper] = []  # valid papers, written in batches
        for index, name in enumerate(names, start=1):
            entry, old_bases = _read(conn, root, name, changes, topics, fresh)
            bases |= old_bases
            done.read += 1
            if entry is not None:
                if keep:
                    done.entries[name] = entry
                if name.startswith("topics/"):
                    retitled.add(name.partition("/")[2])
                else:
                    pending.append(entry)  # type: ignore[arg-type]
                    done.indexed.add(name)
            if len(pending) >= 500 or index % BATCH == 0:
                bases |= textindex.add_papers(conn, pending, topics, fresh=fresh)
                pending = []
            if index % BATCH == 0:
                conn.execute("COMMIT")
                conn.execute("BEGIN IMMEDIATE")
            if progress and index % 500 == 0:
                progress(index, len(names))
        bases |= textindex.add_papers(conn, pending, topics, fresh=fresh)
        retitled.update(_topic_ids(changes.removed))
        if retitled:
            bases |= _reindex_topic_papers(conn, retitled, topics, done)
        textindex.resolve_authors(conn, bases)
        save_meta(conn, changes, done)
        if token is not None:
            db.set_meta(conn, "watched", token)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if progress and names:
        progress(len(names), len(names))
    return done


def _read(
    conn: sqlite3.Connection,
    root: Path,
    name: str,
    changes: Changes,
    topics: dict[str, Topic],
    fresh: bool,
) -> tuple[Paper | Topic | None, set[str]]:
    """Parse and validate one changed file; store its row. Return the entry and stale groups.

    A paper's query rows are removed here (and written again in a batch if it is valid);
    ``fresh`` (an empty index) skips looking for rows that cannot exist.
    """
    from neurokb.cache import textindex

    file_row, entry = read_file(changes, root, name)
    kind, key = file_row[1], file_row[2]
    old_bases: set[str] = set()
    if kind == "papers" and not fresh:  # while the old row still lists what was indexed
        old_bases = _author_bases(conn, [key])
        textindex.remove_papers(conn, [key])
    conn.execute(INSERT_FILE, file_row)
    if kind == "papers":
        return entry, old_bases
    if entry is not None:
        topics[key] = entry  # type: ignore[assignment]
        textindex.add_topic(conn, entry)  # type: ignore[arg-type]
    else:
        topics.pop(key, None)
        conn.execute("DELETE FROM topics WHERE id = ?", (key,))
    return entry, old_bases


INSERT_FILE = "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def read_file(
    changes: Changes, root: Path, name: str
) -> tuple[tuple[Any, ...], Paper | Topic | None]:
    """Read, parse and validate the changed file ``name``: its ``files`` row and its entry.

    The stat is the one taken before the read and the digest that of the bytes read, so a file
    rewritten meanwhile is seen as changed by the next scan.
    """
    rows, Unreadable, read_entry_bytes, read_entry_at = _readers()
    kind, file, stat, data = changes.changed[name]
    if data is None:
        try:
            data = read_entry_bytes(file, root)
        except Unreadable:
            data = b""  # read_entry_at reads again and says why
    result = read_entry_at(kind, os.fspath(file), root, data if data else None)
    entry = result.entry
    row = (name, kind, result.key, result.path, stat.size, stat.mtime_ns, stat.ino,
           stat.ctime_ns, digest(data), changes.scan_ns,
           rows.dump_entry(entry, name.partition("/")[2]) if entry else None, rows.dump_problems(result.problems))  # fmt: skip
    return row, entry


@cache
def _readers() -> tuple[Any, ...]:
    """What :func:`read_file` calls, imported on its first call (a query that reads no file
    loads no models); then once per process, not once per file (2 µs each at 100k files)."""
    from neurokb.cache import rows
    from neurokb.load.files import Unreadable, read_entry_bytes
    from neurokb.load.loader import read_entry_at

    return rows, Unreadable, read_entry_bytes, read_entry_at


def _forget(conn: sqlite3.Connection, removed: list[str], topics: dict[str, Any]) -> set[str]:
    from neurokb.cache import textindex

    papers = [name.partition("/")[2] for name in removed if name.startswith("papers/")]
    bases = _author_bases(conn, papers)
    textindex.remove_papers(conn, papers)
    for topic_id in _topic_ids(removed):
        topics.pop(topic_id, None)
        conn.execute("DELETE FROM topics WHERE id = ?", (topic_id,))
    conn.executemany("DELETE FROM files WHERE name = ?", [(name,) for name in removed])
    return bases


def _topic_ids(names: Iterable[str]) -> set[str]:
    return {name.partition("/")[2] for name in names if name.startswith("topics/")}


def _author_bases(conn: sqlite3.Connection, keys: list[str]) -> set[str]:
    out: set[str] = set()
    for key in keys:
        out.update(
            b for (b,) in conn.execute("SELECT base FROM paper_authors WHERE key = ?", (key,))
        )
    return out


def _topics(conn: sqlite3.Connection) -> dict[str, Topic]:
    """The valid topics in the index, as models (few: a paper's searchable text names them)."""
    from neurokb.cache.rows import load_entry

    query = (  # a range of the name index: a scan of the wide rows took 0.5 s at 100k
        "SELECT key, entry FROM files WHERE name >= 'topics/' AND name < 'topics0' "
        "AND entry IS NOT NULL ORDER BY name"
    )
    return {key: load_entry("topics", entry) for key, entry in conn.execute(query)}  # type: ignore[misc]


def _reindex_topic_papers(
    conn: sqlite3.Connection, topic_ids: set[str], topics: dict[str, Topic], done: Refresh
) -> set[str]:
    """Papers about a changed topic search by its name and aliases: index their text again."""
    from neurokb.cache import textindex
    from neurokb.cache.rows import load_entry

    keys = {
        key
        for topic_id in topic_ids
        for (key,) in conn.execute("SELECT key FROM paper_topics WHERE topic = ?", (topic_id,))
    }
    papers = []
    for key in sorted(keys):
        if EntryId.paper(key).name in done.indexed:
            continue
        row = conn.execute(
            "SELECT entry FROM files WHERE name = ?", (EntryId.paper(key).name,)
        ).fetchone()
        if row and row[0]:
            papers.append(load_entry("papers", row[0]))
    return textindex.add_papers(conn, papers, topics)  # type: ignore[arg-type]


def save_meta(conn: sqlite3.Connection, changes: Changes, done: Refresh) -> None:
    save_survey(conn, changes)
    if changes.stray is not None:
        db.set_meta(conn, "stray", _stray_json(changes))
    # file_rows, not the view files: counting through the view unpacks every stored entry
    # (0.2 s at 100k, on every refresh that writes)
    count = conn.execute("SELECT count(*) FROM file_rows").fetchone()[0]
    db.set_meta(conn, "files", str(count))
    if done.read or done.removed:
        db.set_meta(conn, "generation", str(generation(conn) + 1))
        totals = conn.execute(f"SELECT count(*), {_LENGTH_SUMS} FROM docs").fetchone()
        db.set_meta(conn, "lengths", json.dumps([x or 0 for x in totals]))
        db.set_meta(conn, "errors", json.dumps(_file_errors(conn)))


def _file_errors(conn: sqlite3.Connection) -> tuple[int, list[str]]:
    """How many errors the files have on their own, and which files (for the faces' warning)."""
    from neurokb.core.errors import CODES, Severity

    count, paths = 0, []
    for path, problems in conn.execute("SELECT path, problems FROM files WHERE problems != '[]'"):
        errors = sum(CODES[p[0]].severity is Severity.ERROR for p in json.loads(problems))
        if errors:
            count += errors
            paths.append(path)
    return count, paths


def _stray_json(changes: Changes) -> str:
    from dataclasses import astuple

    return json.dumps([astuple(p) for p in changes.stray or ()])


def _length_sums() -> str:
    from neurokb.cache.tables import FIELDS

    return ", ".join(f"sum(len_{name})" for name in FIELDS)


_LENGTH_SUMS = _length_sums()
