"""What changed on disk since the index last looked: ``stat`` first, bytes only when needed.

A file is unchanged when its size, mtime, inode and ctime match what the index recorded
(``os.utime`` can set an mtime back, but no call sets the ctime: a same-size edit whose mtime
was restored is still seen), unless that record is *racy*: the file was modified within :data:`RACY_NS` of the moment it was checked,
so a second edit in the same clock tick (coarse file systems keep 1-2 s mtimes) could have left
the stat unchanged. Racy files, and files whose stat changed, are read and compared by content
hash, so ``touch`` or a ``git checkout`` of identical bytes costs a read, never a re-parse (the
same rule git uses for its index).

A *full* scan stats every entry file: about 3 microseconds each, 0.3 s at 100k files on the
2-core machine of the benchmarks, more than the whole budget of a warm ``search``. A *quick*
check therefore stats only the folders (adding, removing or renaming an entry, and every
editor or ``git`` operation that saves by rename, changes them) plus the files a query is
about to answer from; :mod:`~neurokb.cache.sync` decides which one a command gets.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from neurokb.core.errors import Problem
from neurokb.load.files import Unreadable, inside, read_entry_bytes

RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; ext4/APFS/NTFS are far finer
KINDS = ("papers", "topics")


@dataclass(frozen=True)
class FileStat:
    size: int
    mtime_ns: int
    ino: int
    ctime_ns: int  # the inode's change time: moves on every write, and cannot be set back


@dataclass
class Changes:
    """The outcome of a scan: what must be read again, forgotten, or only re-stamped."""

    scan_ns: int
    complete: bool = False  # every entry file was stat'ed
    # name -> (kind, path, stat taken before any read, bytes if already read)
    changed: dict[str, tuple[str, str, FileStat, bytes | None]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    restamped: dict[str, FileStat] = field(default_factory=dict)  # same bytes, new stat
    stray: list[Problem] | None = None  # only a full scan lists stray files
    folders: dict[str, int] | None = None  # folder mtimes, from a full or listing scan

    @property
    def any(self) -> bool:
        return bool(self.changed or self.removed)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def stat_of(path: Path | str) -> FileStat | None:
    """The stat of a file (of a link's target), of the link itself when that leads nowhere
    (a loop, a dangling link: still a file the loader reports), None when nothing is there."""
    try:
        st = os.stat(path)
    except OSError:
        try:
            st = os.lstat(path)
        except OSError:
            return None
    return FileStat(st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def folder_times(root: Path) -> dict[str, int]:
    """mtime of ``entries/`` and each kind folder: any entry added, removed or renamed moves one."""
    out = {}
    for rel in ("entries", *(f"entries/{kind}" for kind in KINDS)):
        st = stat_of(root / rel)
        out[rel] = st.mtime_ns if st else -1
    return out


def full_scan(conn: sqlite3.Connection, root: Path) -> Changes:
    """Compare every entry file with the index (one ``stat`` each, reads only for changes)."""
    from neurokb.load.files import entry_names

    changes = Changes(time.time_ns(), complete=True)
    changes.folders = folder_times(root)
    names, changes.stray = entry_names(root)
    stored = {row[0]: row[1:] for row in conn.execute(_STORED)}
    base = f"{root}{os.sep}entries{os.sep}"
    for kind in KINDS:
        folder = f"{base}{kind}{os.sep}"
        for file_name in names[kind]:
            name = f"{kind}/{file_name[:-5]}"
            _compare(changes, root, name, kind, folder + file_name, stored.pop(name, None))
    changes.removed = sorted(stored)
    return changes


def listing_scan(conn: sqlite3.Connection, root: Path) -> Changes:
    """After a folder changed, on a large KB: list the folders, stat only what looks new.

    ``os.scandir`` gives names and inode numbers without a ``stat`` per file, and saving by
    rename (editors, git) gives a file a new inode; so new names, new inodes and racy files
    are compared, names that disappeared are removed. A file rewritten in place keeps its
    inode and is not seen here (see :func:`quick_scan` for the files an answer comes from).
    """
    changes = Changes(time.time_ns())
    changes.folders = folder_times(root)
    stored = dict(conn.execute("SELECT name, ino FROM files"))  # covering index: name, ..., ino
    racy = {name for (name,) in conn.execute(_RACY, (-RACY_NS,))}
    for kind in KINDS:
        folder = f"{root}{os.sep}entries{os.sep}{kind}"
        if not inside(folder, f"{root}{os.sep}entries"):
            continue  # a link out of the KB: the full scan's walk says so
        try:
            with os.scandir(folder) as entries:
                found = [(e.name, e.inode()) for e in entries if e.name.endswith(".yaml")]
        except OSError:
            found = []
        for file_name, inode in found:
            name = f"{kind}/{file_name[:-5]}"
            if stored.pop(name, None) != inode or name in racy:
                row = conn.execute(_STORED + " WHERE name = ?", (name,)).fetchone()
                _compare(changes, root, name, kind, f"{folder}{os.sep}{file_name}", row and row[1:])
    changes.removed = sorted(stored)
    return changes


def quick_scan(
    conn: sqlite3.Connection, root: Path, folders: dict[str, int], names: Iterable[str]
) -> Changes | None:
    """Check the folders, the racy files and ``names``; None when a full scan is needed.

    ``folders`` are the folder mtimes the index recorded at its last full scan.
    """
    changes = Changes(time.time_ns())
    now = folder_times(root)
    if now != folders or any(t >= changes.scan_ns - RACY_NS for t in now.values()):
        return None  # an entry was added, removed or renamed (or may have been: racy)
    wanted = set(names)
    wanted.update(row[0] for row in conn.execute(_RACY, (-RACY_NS,)))
    for name in sorted(wanted):
        row = conn.execute(_STORED + " WHERE name = ?", (name,)).fetchone()
        kind, _, key = name.partition("/")
        if row is None or kind not in KINDS:
            continue  # not an entry the index knows: a full scan would have listed it
        _compare(
            changes,
            root,
            name,
            kind,
            f"{root}{os.sep}entries{os.sep}{kind}{os.sep}{key}.yaml",
            row[1:],
        )
    return changes


_STORED = "SELECT name, size, mtime_ns, ino, ctime_ns, digest, checked_ns FROM files"
_RACY = "SELECT name FROM files WHERE mtime_ns - checked_ns >= ?"  # uses index files_racy


def _compare(
    changes: Changes, root: Path, name: str, kind: str, path: str, stored: tuple | None
) -> None:
    current = stat_of(path)
    if current is None:
        if stored is not None:
            changes.removed.append(name)
        return
    if stored is None:
        changes.changed[name] = (kind, path, current, None)  # new: read when it is loaded
        return
    size, mtime_ns, ino, ctime_ns, old_digest, checked_ns = stored
    same_stat = (current.size, current.mtime_ns, current.ino, current.ctime_ns) == (
        size,
        mtime_ns,
        ino,
        ctime_ns,
    )
    if same_stat and mtime_ns < checked_ns - RACY_NS:
        return  # the common case: nothing to read
    try:
        data = read_entry_bytes(path, root)
    except Unreadable:  # refused or unreadable: always read again (the loader reports why)
        changes.changed[name] = (kind, path, current, None)
        return
    if digest(data) == old_digest:
        changes.restamped[name] = current
    else:
        changes.changed[name] = (kind, path, current, data)
