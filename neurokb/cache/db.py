"""Where the index lives, what its tables are, and how it is opened, checked and reset.

The file is ``<kb>/.neurokb-cache/index-v<N>.sqlite`` (the folder is git-ignored). It is only
ever a copy of what the YAML files say, so anything wrong with it is repaired by deleting it:

- a file SQLite cannot read (truncated, overwritten, not a database) is deleted and rebuilt;
- a file written by another schema version has another name and is simply not opened (an
  older version's is deleted by the first build, :func:`remove_older`);
- a file written by different code (any edit to the package, another version of a library
  that shapes stored data) carries a different :func:`code_fingerprint` and is rebuilt,
  because its stored entries and citations might differ from what the current code makes.

Several processes may use one index (a terminal and ``mkdocs serve``): SQLite's WAL mode lets
readers go on while one writer works, and writers also take an advisory file lock so that
two refreshes never parse the same changed files twice or reset the file under each other.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from neurokb.cache.packing import unpack
from neurokb.cache.tables import ALL

SCHEMA_VERSION = 7
"""2: no stored output shapes; 3: scan_snapshot; 4: no index on cites(src), stats columns;
5: entries packed (file_rows), FTS contentless, authors as people (the 2x goal); 6: entries
in their own table, default key and path NULL, no covering stat index, plain author names
short, taggings by topic number (the 2x goal again); tagged keeps each paper's year (a
topic's papers in year order); 7: titles indexed by hash, venue words NULL where
lower(venue_name) gives them, FTS without column sizes (the 2x goal)."""
CACHE_DIR = ".neurokb-cache"
PAGE_SIZE = 16384
CACHE_KIB = 32 * 1024  # SQLite's page cache per connection (a first build takes more)
WAL_PAGES = 4 * 2**20 // PAGE_SIZE  # a WAL of 4 MiB at most: checkpointed past it


class CacheUnavailable(Exception):
    """The index cannot be used here (read-only folder, broken SQLite); load the files instead."""


def db_path(root: Path) -> Path:
    return root / CACHE_DIR / f"index-v{SCHEMA_VERSION}.sqlite"


_INDEX_FILE = re.compile(r"index-v(\d+)\.sqlite(-wal|-shm|-journal)?")


def remove_older(root: Path) -> None:
    """Delete the index files of older schema versions, which this code never opens again: a
    first build after an upgrade would otherwise leave the old index beside the new one (the
    folder at twice its size). Newer versions' files are kept for the newer code that made
    them. Called by the first build, under :func:`writer_lock`."""
    with contextlib.suppress(OSError):
        for path in (root / CACHE_DIR).iterdir():
            found = _INDEX_FILE.fullmatch(path.name)
            if found and int(found[1]) < SCHEMA_VERSION:
                with contextlib.suppress(OSError):  # another user's file: left as it is
                    path.unlink()


def code_fingerprint() -> str:
    """The fingerprint of the code and libraries that made the stored data, plus the formats.

    :func:`neurokb.core.fingerprint.fingerprint` covers the whole package tree and the versions
    of the libraries that shape what is stored (citations come from citeproc-py), so no code
    change can leave an entry, a search term or a formatted citation of other code here.
    """
    from neurokb.core.fingerprint import fingerprint

    return f"{SCHEMA_VERSION}-{sqlite3.sqlite_version}-{fingerprint()}"


def connect(root: Path) -> sqlite3.Connection:
    """The index of ``root``, created, or reset when it is unreadable or from other code.

    Raises :class:`CacheUnavailable` when no usable index can be made (read-only folder).
    """
    path = db_path(root)
    where = f"{CACHE_DIR}/{path.name}"
    try:
        path.parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise CacheUnavailable(f"cannot create {CACHE_DIR}/: {exc.strerror or exc}") from None
    if path.is_dir():
        raise CacheUnavailable(f"{where} is a folder, not an index (delete it)")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        # a KB shared between users or installed system-wide: SQLite could not even read a
        # WAL index here (it needs to write beside it), and must not try to delete it
        raise CacheUnavailable(f"{CACHE_DIR}/ is read-only")
    fingerprint = code_fingerprint()
    error: sqlite3.DatabaseError | None = None
    for _ in range(2):
        conn = None
        try:
            conn = _open(path)
            if _ready(conn, fingerprint):
                return conn
        except sqlite3.DatabaseError as exc:
            error = exc  # not a database, malformed, or locked beyond the timeout: start over
        if conn is not None:
            conn.close()
        with writer_lock(root):
            reset(path)
    raise CacheUnavailable(f"cannot open or rebuild {where}" + (f" ({error})" if error else ""))


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    # A new file only (fixed once it has a table): 16 KiB pages hold 30 packed entries, not 7,
    # with less of each page left over (4% of the index at 100k); a query reads a few pages.
    conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
    conn.execute("PRAGMA journal_mode=WAL")  # readers are not blocked by a refresh
    conn.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
    conn.execute("PRAGMA synchronous=NORMAL")  # a cache may lose its last commit, never its shape
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    # the view ``files`` unpacks the stored entries (tables.py)
    conn.create_function("nkb_unpack", 2, unpack, deterministic=True)
    return conn


def _ready(conn: sqlite3.Connection, fingerprint: str) -> bool:
    """Create the schema in a new file; say whether an existing one was made by this code."""
    with contextlib.suppress(sqlite3.OperationalError):  # no table meta: a new file
        row = conn.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
        if row is not None and row[0] == fingerprint:
            # Made by this code, whose schema was created with that row in one transaction:
            # a warm query neither waits for the writer's lock nor prepares every CREATE.
            return True
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(ALL):
            conn.execute(statement)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        stored = conn.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()[0]
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return stored == fingerprint


def _statements(script: str) -> list[str]:
    """The SQL statements of ``script`` (``execute`` takes one; ``executescript`` commits)."""
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    return out


def reset(path: Path) -> None:
    """Delete the index and its WAL files (open connections keep their own, now unlinked, copy).

    :class:`CacheUnavailable` when they cannot be deleted (a read-only folder).
    """
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass
        except OSError as exc:
            name = f"{CACHE_DIR}/{path.name}{suffix}"
            raise CacheUnavailable(f"cannot reset {name}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Hold the advisory lock that serialises refreshes and resets of one KB's index.

    ``flock`` is released by the kernel if the holder dies, so a crash never leaves a stale
    lock. Where ``fcntl`` does not exist (Windows) SQLite's own locking still keeps the file
    consistent; two refreshes may then merely do the same work twice.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock = root / CACHE_DIR / "lock"
    try:
        handle = open(lock, "a+b")  # noqa: SIM115 - held across the yield
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # releases the lock


def get_meta(conn: sqlite3.Connection, name: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return row[0] if row else default


def set_meta(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))
