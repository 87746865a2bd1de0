"""What changed on disk since the index last looked: every file's ``stat``, bytes only when needed.

Every refresh, at any size, *surveys* the entry folders: one listing of ``entries/`` and of each
kind folder, and one ``stat`` of every name in them, made relative to the open folder
(``dir_fd``) so the kernel does not resolve the whole path each time. Each stat is packed into
four 64-bit integers: inode, size, mtime and ctime in nanoseconds. The ctime matters because
``os.utime`` can set an mtime back but no call sets the ctime: a same-size edit whose mtime was
restored is still seen. The inode catches a save by rename.

The index keeps the survey its rows were last checked against (table ``scan_snapshot``, a
folder in packed rows of :data:`PART` names), so when nothing changed the comparison is one string and one bytes
comparison per folder. There is no SQLite row per file to read, and no object per file beyond
the ``stat`` call. Only names that differ (new, vanished, or with another stat) and *racy* files
are compared with their ``files`` row. A file modified within :data:`RACY_NS` of the moment it
was checked could have been edited again in the same clock tick with an unchanged stat (coarse
file systems keep 1-2 s mtimes), so it is hashed again until it is old enough. A changed stat
costs a read and a hash, and a re-parse only when the bytes differ, so ``touch`` or a ``git
checkout`` of identical bytes is never parsed again. This is the rule git uses for its index.

The cost at 100,000 files on the 2-core benchmark machine, heavily loaded, is 0.31-0.38 s of
CPU (the check it replaces, a ``stat`` by path and a dict of 100,000 stored rows, took
0.85-1.1 s). About 0.13 s of it is the kernel's own ``stat`` work, measured from C: no scheme
that looks at every file goes below that. Reading and comparing the snapshot costs ~0.01 s.
A large folder is stat'ed by two threads (``os.stat`` releases the GIL, so one thread's system
call overlaps the other's Python): the same CPU, a third less wall time there.

A name that is not an entry (a stray file, a sub-folder) is judged by the walk of
:func:`~neurokb.load.files.entry_names`. The walk also runs whenever a folder's listing or its
own stat changed, and on every whole-KB load (``walk=True``), which also covers files nested
deeper than a kind folder.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from neurokb.core.errors import Problem
from neurokb.core.fingerprint import blake2b
from neurokb.load.files import Unreadable, read_entry_bytes

RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; ext4/APFS/NTFS are far finer
KINDS = ("papers", "topics")
FOLDERS = ("entries", *(f"entries/{kind}" for kind in KINDS))
RECORD = 32  # bytes per packed stat: inode, size, mtime_ns, ctime_ns as int64
GONE = (-1, -1, -1, -1)  # the record of a name that vanished before its stat (or no folder)
PART = 4_096  # names per stored row of a folder's survey
THREADS = 2 if (os.cpu_count() or 1) > 1 else 1  # stat threads for a large folder
SPLIT_FROM = 8_192  # names from which a folder is stat'ed by THREADS threads
BULK = 1_000  # suspects from which every stored row is read at once rather than one by one
_DIR_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd


@dataclass(frozen=True)
class FileStat:
    size: int
    mtime_ns: int
    ino: int
    ctime_ns: int  # the inode's change time: moves on every write, and cannot be set back


@dataclass(frozen=True)
class Listing:
    """One folder as a survey saw it: its names, its own stat and one stat per name, packed."""

    names: str  # "\0".join(names) in the order the folder lists them ("\0" is in no file name)
    stats: bytes  # array("q"): the folder's own record, then one record per name

    def records(self) -> dict[str, bytes]:
        """Name -> packed record (compared as bytes; unpacked only for the names read)."""
        if not self.names:
            return {}
        stats = self.stats
        return {
            name: stats[(index + 1) * RECORD : (index + 2) * RECORD]
            for index, name in enumerate(self.names.split("\0"))
        }


Survey = dict[str, Listing]  # folder relative to the KB root (FOLDERS) -> its listing
Suspect = tuple[str, str, "FileStat | None"]  # kind, path from the root, stat if surveyed


@dataclass
class Changes:
    """The outcome of a scan: what must be read again, forgotten, or only re-stamped."""

    scan_ns: int  # taken before the survey: the racy rule counts from the earliest moment
    # name -> (kind, path, stat taken before any read, bytes if already read)
    changed: dict[str, tuple[str, str, FileStat, bytes | None]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    restamped: dict[str, FileStat] = field(default_factory=dict)  # same bytes, new stat
    stray: list[Problem] | None = None  # only a walk lists stray files
    survey: Survey = field(default_factory=dict)  # what the stats are now
    before: Survey = field(default_factory=dict)  # what the index had stored
    moved: list[str] = field(default_factory=list)  # folders whose survey differs from the stored
    stamp: str | None = None  # the stored survey's stamp this scan compared against

    @property
    def any(self) -> bool:
        return bool(self.changed or self.removed)


def digest(data: bytes) -> bytes:
    """What tells an edit the stat cannot see: 8 bytes (a changed file keeps its digest once in
    2**64; 16 bytes took 0.8 MB more at 100k files, the margin of the index's 2x size goal)."""
    return blake2b(data, digest_size=8).digest()


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
    return FileStat(st.st_size, st.st_mtime_ns, _signed(st.st_ino), st.st_ctime_ns)


def survey(root: Path) -> Survey:
    """List each folder of :data:`FOLDERS` and stat every name in it (see the module doc)."""
    return {rel: _listing(f"{root}{os.sep}{rel}") for rel in FOLDERS}


def _listing(folder: str) -> Listing:
    fd = None
    try:
        if _DIR_FD:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            own, names = os.fstat(fd), os.listdir(fd)
        else:  # pragma: no cover - Windows: whole paths
            own, names = os.stat(folder), os.listdir(folder)
    except OSError:
        if fd is not None:
            os.close(fd)
        return Listing("", array("q", GONE).tobytes())
    own_record = (own.st_ino, own.st_size, own.st_mtime_ns, own.st_ctime_ns)
    prefix = "" if _DIR_FD else f"{folder}{os.sep}"
    try:
        if len(names) >= SPLIT_FROM and THREADS > 1:
            stats = _records_in_threads(fd, prefix, names)
        else:
            stats = _records(fd, prefix, names)
    finally:
        if fd is not None:
            os.close(fd)
    return Listing("\0".join(names), array("q", map(_signed, own_record)).tobytes() + stats)


def _records(fd: int | None, prefix: str, names: list[str]) -> bytes:
    """The packed stats of ``names`` (relative to ``fd``, or to ``prefix`` without one)."""
    packed = array("q")
    add, stat_at = packed.extend, os.stat
    for name in names:  # the hot loop: ~1 us of Python around each stat call
        try:
            st = stat_at(prefix + name, dir_fd=fd)
        except OSError:  # a dangling link or a loop: the link's own stat, as stat_of
            try:
                st = stat_at(prefix + name, dir_fd=fd, follow_symlinks=False)
            except OSError:
                add(GONE)
                continue
        try:  # straight into the array: no 400,000 int objects alive at once
            add((st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
        except OverflowError:  # an inode above 2**63 (the first value: nothing was added)
            add((_signed(st.st_ino), st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return packed.tobytes()


def _records_in_threads(fd: int | None, prefix: str, names: list[str]) -> bytes:
    """:func:`_records` in :data:`THREADS` slices at once: ``os.stat`` releases the GIL, so
    one thread's system call overlaps another's Python (see the module docstring)."""
    import threading

    size = -(-len(names) // THREADS)
    slices = [names[start : start + size] for start in range(0, len(names), size)]
    results: list[bytes | BaseException] = [b""] * len(slices)

    def work(index: int) -> None:
        try:
            results[index] = _records(fd, prefix, slices[index])
        except BaseException as exc:  # raised again below, in the caller
            results[index] = exc

    helpers = [threading.Thread(target=work, args=(i,)) for i in range(1, len(slices))]
    for helper in helpers:
        helper.start()
    work(0)
    for helper in helpers:
        helper.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return b"".join(results)  # type: ignore[arg-type]


def _signed(value: int) -> int:
    """``value`` as the int64 SQLite and ``array("q")`` hold (inode numbers are unsigned)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _file_stat(record: bytes) -> FileStat | None:
    ino, size, mtime_ns, ctime_ns = array("q", record)
    return (
        None if (ino, size, mtime_ns, ctime_ns) == GONE else FileStat(size, mtime_ns, ino, ctime_ns)
    )


def load_survey(conn: sqlite3.Connection) -> Survey:
    """The survey the index's rows were last checked against (empty before the first)."""
    parts: dict[str, list[tuple[str, bytes]]] = {}
    for rel, names, stats in conn.execute(
        "SELECT folder, names, stats FROM scan_snapshot ORDER BY folder, part"
    ):
        parts.setdefault(rel, []).append((names, stats))
    return {
        rel: Listing("\0".join(names for names, _ in found[1:]), b"".join(s for _, s in found))
        for rel, found in parts.items()
    }


def save_survey(conn: sqlite3.Connection, changes: Changes) -> None:
    """Store the parts of ``changes.survey`` that moved, and a new stamp (in a transaction).

    A folder is stored in parts of :data:`PART` names, so an edit rewrites one small row
    rather than the 5 MB of a 100k folder (and its WAL copy).
    """
    for rel in changes.moved:
        new = _parts(changes.survey[rel])
        old = _parts(changes.before[rel]) if rel in changes.before else []
        conn.executemany(
            "INSERT OR REPLACE INTO scan_snapshot VALUES (?, ?, ?, ?)",
            [(rel, n, *part) for n, part in enumerate(new) if n >= len(old) or old[n] != part],
        )
        conn.execute("DELETE FROM scan_snapshot WHERE folder = ? AND part >= ?", (rel, len(new)))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('surveyed', ?)", (str(changes.scan_ns),))


def _parts(listing: Listing) -> list[tuple[str, bytes]]:
    """The stored rows of a listing: the folder's own record, then :data:`PART` names each."""
    names = listing.names.split("\0") if listing.names else []
    out = [("", listing.stats[:RECORD])]
    for start in range(0, len(names), PART):
        stats = listing.stats[(start + 1) * RECORD : (start + 1 + PART) * RECORD]
        out.append(("\0".join(names[start : start + PART]), stats))
    return out


def stamp(conn: sqlite3.Connection) -> str | None:
    """Changes whenever a refresh writes: a scan made under another stamp must be made again."""
    row = conn.execute("SELECT value FROM meta WHERE name = 'surveyed'").fetchone()
    return row[0] if row else None


def scan(conn: sqlite3.Connection, root: Path, *, walk: bool = False) -> Changes:
    """Compare every entry file with the index: a survey, then reads only for what changed.

    ``walk`` lists the whole tree for stray files even when no folder changed (whole-KB loads).
    """
    changes = Changes(time.time_ns())
    changes.survey = now = survey(root)
    conn.execute("BEGIN")  # one view of the rows, the stored survey and its stamp
    try:
        changes.stamp = stamp(conn)
        changes.before = before = load_survey(conn)
        changes.moved = [rel for rel in FOLDERS if before.get(rel) != now[rel]]
        suspects = {name for (name,) in conn.execute(_RACY, (-RACY_NS,))}
        differing = None if walk else _differing(root, before, now)
        if differing is None:
            _walk(conn, root, changes, before, suspects)
        else:  # the walk's verdict stands: only names with a row are entries
            _compare_all(conn, root, changes, {**_known(suspects), **differing}, known_only=True)
    finally:
        conn.execute("COMMIT")
    return changes


def scan_names(conn: sqlite3.Connection, root: Path, names: list[str]) -> Changes | None:
    """Compare only ``names`` (``papers/x.yaml``: what the watcher saw change) with their
    rows, the way :func:`scan` compares a file whose stat moved. None when a name is not
    a file an entry can be (a folder, a nested path): the full scan's walk judges those.

    The stored survey is left as it is: it only narrows a later full scan, which compares
    with the rows whatever the survey says of a name whose stat moved.
    """
    changes = Changes(time.time_ns())
    suspects: dict[str, Suspect] = {}
    for name in names:
        kind, _, file_name = name.partition("/")
        rel_path = f"entries/{name}"
        if kind not in KINDS or "/" in file_name or not file_name.endswith(".yaml"):
            return None
        if not _regular(root, rel_path):
            return None
        suspects[f"{kind}/{file_name[:-5]}"] = (kind, rel_path, None)
    conn.execute("BEGIN")  # the rows and the stamp as one view
    try:
        changes.stamp = stamp(conn)
        _compare_all(conn, root, changes, suspects)
    finally:
        conn.execute("COMMIT")
    return changes


def _differing(root: Path, before: Survey, now: Survey) -> dict[str, Suspect] | None:
    """Entry files whose stat changed while every folder lists the same names, or None when the
    walk must judge: a listing changed, a folder was replaced (another inode), or a name that is
    not a regular ``.yaml`` file in a kind folder changed (a stray file, a sub-folder, a link).

    A folder's own times may move: saving by rename (editors, git, ``neurokb fmt``) moves them
    while the names stay the same, and the renamed file's new inode makes it a suspect.
    """
    out: dict[str, Suspect] = {}
    for rel in FOLDERS:
        old, new = before.get(rel), now[rel]
        if old == new:
            continue
        if old is None or old.names != new.names or old.stats[:8] != new.stats[:8]:
            return None  # 8 bytes: the folder's own inode
        names = new.names.split("\0")
        for index in _changed_records(old.stats, new.stats):
            if index == 0:
                continue  # the folder's own times
            file_name = names[index - 1]
            path = f"{rel}/{file_name}"
            if rel == "entries":
                same_folder = (
                    old.stats[index * RECORD : index * RECORD + 8]
                    == new.stats[index * RECORD : index * RECORD + 8]
                )
                if file_name in KINDS and same_folder:
                    continue  # a kind folder's times: its own listing says what moved
                return None
            if not file_name.endswith(".yaml") or not _regular(root, path):
                return None
            kind = rel.partition("/")[2]
            out[f"{kind}/{file_name[:-5]}"] = (kind, path, _record_stat(new.stats, index))
    return out


def _regular(root: Path, rel_path: str) -> bool:
    """Whether an entry name is (or leads to) a regular file; a folder is for the walk.

    A dangling link or a loop counts as a file: the walk lists it as one, and reading it
    reports why it is refused.
    """
    try:
        return stat.S_ISREG(os.stat(f"{root}{os.sep}{rel_path}").st_mode)
    except OSError:
        return True


def _changed_records(old: bytes, new: bytes, block: int = 256) -> list[int]:
    """Indexes of the records that differ between two packed surveys of the same names."""
    out = []
    step = block * RECORD
    for start in range(0, len(new), step):
        if old[start : start + step] != new[start : start + step]:
            for offset in range(start, min(start + step, len(new)), RECORD):
                if old[offset : offset + RECORD] != new[offset : offset + RECORD]:
                    out.append(offset // RECORD)
    return out


def _record_stat(stats: bytes, index: int) -> FileStat | None:
    return _file_stat(stats[index * RECORD : (index + 1) * RECORD])


def _known(names: set[str]) -> dict[str, Suspect]:
    """Racy files (stored rows) as suspects whose current stat is taken when compared."""
    out: dict[str, Suspect] = {}
    for name in names:
        kind, _, key = name.partition("/")
        if kind in KINDS:
            out[name] = (kind, f"entries/{kind}/{key}.yaml", None)
    return out


def _walk(
    conn: sqlite3.Connection, root: Path, changes: Changes, before: Survey, suspects: set[str]
) -> None:
    """List the whole tree (strays, links, nested folders) and compare what it holds."""
    from neurokb.load.files import entry_names

    names, changes.stray = entry_names(root)
    stored = {name for (name,) in conn.execute("SELECT name FROM files")}
    wanted: dict[str, Suspect] = {}
    for kind in KINDS:
        rel = f"entries/{kind}"
        old = before[rel].records() if rel in before else {}
        new = changes.survey[rel].records()
        for file_name in names[kind]:
            name = f"{kind}/{file_name[:-5]}"
            record = new.get(file_name)  # None: created after the survey, stat it when compared
            if (
                name not in stored
                or name in suspects
                or record is None
                or old.get(file_name) != record
            ):
                wanted[name] = (kind, f"{rel}/{file_name}", record and _file_stat(record))
            stored.discard(name)
    changes.removed = sorted(stored)
    _compare_all(conn, root, changes, wanted)


def _compare_all(
    conn: sqlite3.Connection,
    root: Path,
    changes: Changes,
    suspects: dict[str, Suspect],
    *,
    known_only: bool = False,
) -> None:
    """Compare each suspect with its row; ``known_only`` skips names without one."""
    if len(suspects) >= BULK:
        stored = {row[0]: row[1:] for row in conn.execute(_STORED)}
        rows = {name: stored.get(name) for name in suspects}
    else:
        rows = {}
        for name in suspects:
            row = conn.execute(_STORED + " WHERE name = ?", (name,)).fetchone()
            rows[name] = row[1:] if row else None
    for name in sorted(suspects):
        kind, rel_path, current = suspects[name]
        if known_only and rows[name] is None:
            continue
        path = f"{root}{os.sep}{rel_path.replace('/', os.sep)}"
        if current is None:
            current = stat_of(path)
        _compare(changes, root, name, kind, path, rows[name], current)


_STORED = "SELECT name, size, mtime_ns, ino, ctime_ns, digest, checked_ns FROM files"
_RACY = "SELECT name FROM files WHERE mtime_ns - checked_ns >= ?"  # uses index files_racy


def _compare(
    changes: Changes,
    root: Path,
    name: str,
    kind: str,
    path: str,
    stored: tuple | None,
    current: FileStat | None,
) -> None:
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
