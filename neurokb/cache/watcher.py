"""The watcher: a small background process per KB that remembers which entry files changed.

Why: checking every file's ``stat`` costs 0.3-0.4 s of CPU at 100,000 files, more than a warm
query may take in all. The kernel already knows what changed: this process asks Linux's
inotify to report every write, creation, deletion and rename in the entry folders, and keeps
the names it was told about, each with a sequence number. A query asks it, over a Unix socket
in ``.neurokb-cache/``, for the names changed since the sequence number its index last
recorded (:mod:`neurokb.cache.watch` is that side). Before answering, the watcher reads every
event the kernel has queued: the kernel queues a write's event before the write returns, so
every write completed before the query asked is in the answer, and the query that re-reads
those files answers from the files as they are.

The answer is "look at everything" (a full scan, as without a watcher) whenever the watcher
cannot vouch for the names: it was started after the index last looked, events were lost
(``IN_Q_OVERFLOW``), a folder was created, removed or replaced, or the KB holds what inotify
cannot follow: an entry that is a symbolic link (its target's folder is not watched), a file
with several hard links (it can be written through a folder that is not watched), a folder
that is a link, or a file system inotify does not see every change of (NFS and other network
or FUSE file systems, whose other clients write without the kernel here knowing). Writes
through ``mmap`` are not reported by inotify at all; no editor saves that way.

It stops by itself after :data:`IDLE` seconds without a question (``NEUROKB_WATCH_IDLE``),
when its socket or the index folder is deleted (``rm -rf .neurokb-cache``), or when the KB is.
It reads no entry and opens no index: it only holds names.

Run by :func:`neurokb.cache.watch.start` as ``python -m neurokb.cache.watcher ROOT``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import secrets
import select
import socket
import stat
import struct
import sys
import time
from pathlib import Path

from neurokb.cache.db import CACHE_DIR
from neurokb.cache.watch import LOCK, OFF, SOCKET, socket_address
from neurokb.core.atomic import TEMP_SUFFIX

KINDS = ("papers", "topics")
IDLE = float(os.environ.get("NEUROKB_WATCH_IDLE", "900"))
MAX_NAMES = 200_000  # names remembered; beyond, the log starts over and askers scan fully

# inotify(7)
IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_UNMOUNT, IN_Q_OVERFLOW, IN_IGNORED = 0x2000, 0x4000, 0x8000
IN_ONLYDIR, IN_ISDIR = 0x01000000, 0x40000000
IN_NONBLOCK, IN_CLOEXEC = os.O_NONBLOCK, os.O_CLOEXEC
NAMES = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
SELF = IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT
KIND_MASK = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | NAMES | SELF | IN_ONLYDIR
FOLDER_MASK = NAMES | IN_ATTRIB | SELF | IN_ONLYDIR  # entries/ and the root: folders only
CACHE_MASK = IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR
EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then len bytes of name

# statfs(2) f_type of local file systems, where every change goes through this kernel
LOCAL_FILE_SYSTEMS = {
    0xEF53,  # ext2/3/4
    0x58465342,  # xfs
    0x9123683E,  # btrfs
    0x01021994,  # tmpfs
    0x858458F6,  # ramfs
    0xF2F52010,  # f2fs
    0x2FC12FC1,  # zfs
    0x794C7630,  # overlayfs (containers)
    0xCA451A4E,  # bcachefs
    0x52654973,  # reiserfs
    0x3153464A,  # jfs
}


class Unwatchable(Exception):
    """This KB cannot be watched here (the reason is kept in ``watch.off``)."""


class _Inotify:
    """The C calls (no library to install: libc has had them since 2.4)."""

    def __init__(self) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._init, self._add = libc.inotify_init1, libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self._statfs = libc.statfs
        self._statfs.argtypes = [ctypes.c_char_p, ctypes.c_void_p]

    def open(self) -> int:
        fd = self._init(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            raise Unwatchable(f"inotify_init1: {os.strerror(ctypes.get_errno())}")
        return fd

    def add(self, fd: int, path: str, mask: int) -> int | None:
        """The watch descriptor, or None when ``path`` is not there (or is not a folder)."""
        wd = self._add(fd, os.fsencode(path), mask)
        if wd >= 0:
            return wd
        code = ctypes.get_errno()
        if code in (errno.ENOENT, errno.ENOTDIR):
            return None
        if code == errno.ENOSPC:
            raise Unwatchable("the inotify watch limit is reached (fs.inotify.max_user_watches)")
        raise Unwatchable(f"inotify_add_watch {path}: {os.strerror(code)}")

    def local(self, path: str) -> bool:
        """Whether ``path`` is on a file system whose every change this kernel sees."""
        buf = ctypes.create_string_buffer(512)  # struct statfs: f_type is the first field
        if self._statfs(os.fsencode(path), buf) != 0:
            return True  # gone: the watch reports it
        return struct.unpack_from("l", buf)[0] & 0xFFFFFFFF in LOCAL_FILE_SYSTEMS


class Watcher:
    """The watches of one KB, the names changed under them, and the socket that tells."""

    def __init__(self, root: Path) -> None:
        self.root, self.cache = str(root), str(root / CACHE_DIR)
        self.inotify = _Inotify()
        self.id = secrets.token_hex(8)  # a restarted watcher never vouches for the old one
        self.seq = 0  # bumped by every event kept
        self.full_at = 0  # askers whose index looked before this must look at everything
        self.changed: dict[str, int] = {}  # "papers/x.yaml" -> seq of its last event
        self.degraded = ""  # why every answer is "everything" (links, remote file system)
        self.fd = -1
        self.roles: dict[int, tuple[str, str]] = {}
        self.stopping = False
        self.socket_inode = -1  # of the socket it listens on

    # -- watches --------------------------------------------------------------------------

    def setup(self) -> None:
        """(Re)create every watch, then mark that askers must look at everything once.

        The watches come first: a change made while this runs is either seen by a watch or
        happened before the "everything" mark, which makes the next asker scan fully.
        """
        if self.fd >= 0:
            os.close(self.fd)
        self.fd = fd = self.inotify.open()
        roles: dict[int, tuple[str, str]] = {}
        entries = os.path.join(self.root, "entries")
        for role, path, mask in (
            ("cache", self.cache, CACHE_MASK),
            ("root", self.root, FOLDER_MASK),
            ("entries", entries, FOLDER_MASK),
            *(("kind", os.path.join(entries, kind), KIND_MASK) for kind in KINDS),
        ):
            wd = self.inotify.add(fd, path, mask)
            if wd is not None:
                roles[wd] = (role, os.path.basename(path))
        self.roles = roles
        self.degraded = self._unfollowable(entries)
        self.seq += 1
        self.full_at = self.seq
        self.changed.clear()

    def _unfollowable(self, entries: str) -> str:
        """Why inotify cannot see every change of this KB's entries ("" when it can)."""
        for path in (self.root, entries, *(os.path.join(entries, kind) for kind in KINDS)):
            if os.path.islink(path):
                return f"{path} is a symbolic link"
            if os.path.isdir(path) and not self.inotify.local(path):
                return f"{path} is on a network or user-space file system"
        for kind in KINDS:
            try:
                with os.scandir(os.path.join(entries, kind)) as items:
                    for item in items:
                        if item.name.endswith(".yaml") and self._linked(item.path, item):
                            return f"{item.path} is a link"
            except OSError:
                continue  # not there, or unreadable: the scans report it
        return ""

    @staticmethod
    def _linked(path: str, item: os.DirEntry | None = None) -> bool:
        """A symbolic link, or a file with another hard link (writable from elsewhere)."""
        try:
            if item is not None and item.is_symlink():
                return True
            info = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISLNK(info.st_mode) or (stat.S_ISREG(info.st_mode) and info.st_nlink > 1)

    # -- events ---------------------------------------------------------------------------

    def read_events(self) -> None:
        """Take every queued event; re-create the watches after a change of the folders."""
        resetup = False
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
                start = offset + EVENT.size
                name = data[start : start + length].rstrip(b"\0")
                offset = start + length
                resetup |= self._event(wd, mask, os.fsdecode(name))
        if resetup and not self.stopping:
            self.setup()

    def _event(self, wd: int, mask: int, name: str) -> bool:
        """Record one event; True when the watches must be made again."""
        if mask & IN_Q_OVERFLOW:
            return True  # events were lost
        role, folder = self.roles.get(wd, ("", ""))
        if mask & IN_IGNORED:
            return bool(role)  # a watch went away (its folder was deleted or unmounted)
        if role == "cache":
            if not name or (name in (SOCKET, LOCK) and not self._still_ours()):
                self.stopping = True  # the index folder or our socket was deleted
            return False
        if role == "root":
            return name == "entries" or bool(not name and mask & SELF)
        if role == "entries":
            return name in KINDS or not name
        if role != "kind":
            return False
        if not name:
            return True  # the kind folder itself was moved, deleted or changed mode
        if not name.endswith(".yaml") or name.endswith(TEMP_SUFFIX):
            return False  # not an entry name: only a walk (a whole-KB load) lists such files
        self.seq += 1
        self.changed[f"{folder}/{name}"] = self.seq
        if mask & (IN_CREATE | IN_MOVED_TO) and not self.degraded:
            path = os.path.join(self.root, "entries", folder, name)
            if self._linked(path):
                self.degraded = f"{path} is a link"
        if len(self.changed) > MAX_NAMES:
            self.changed.clear()
            self.full_at = self.seq
        return False

    def answer(self, request: bytes) -> bytes:
        """``"ID SEQ"`` (what the asker's index last recorded) -> the names changed since.

        The reply's first line is ``ID SEQ full`` or ``ID SEQ names COUNT``; with ``names``
        the changed names follow, ``\\0``-separated (a file name may hold a newline), and the
        count lets the asker tell a complete reply from one cut short.
        """
        self.read_events()
        since = -1
        parts = request.split()
        if len(parts) == 2 and parts[0].decode("ascii", "replace") == self.id:
            try:
                since = int(parts[1])
            except ValueError:
                since = -1
        head = f"{self.id} {self.seq}"
        if self.degraded or since < self.full_at or since > self.seq:
            return f"{head} full\n".encode()
        names = [name for name, seq in self.changed.items() if seq > since]
        return f"{head} names {len(names)}\n".encode() + b"\0".join(map(os.fsencode, names))

    def _still_ours(self) -> bool:
        """Whether the socket in the index folder is the one this watcher listens on (the
        deletion seen may be of the stale socket it replaced when it started)."""
        try:
            return os.stat(os.path.join(self.cache, SOCKET)).st_ino == self.socket_inode
        except OSError:
            return False

    # -- serving --------------------------------------------------------------------------

    def serve(self, listener: socket.socket, idle: float = IDLE) -> None:
        poll = select.poll()
        poll.register(listener.fileno(), select.POLLIN)
        poll.register(self.fd, select.POLLIN)
        watched = self.fd
        last = time.monotonic()
        while not self.stopping:
            left = idle - (time.monotonic() - last)
            if left <= 0:
                return
            for fd, _ in poll.poll(left * 1000):
                if fd == listener.fileno():
                    self._reply(listener)
                    last = time.monotonic()
                else:
                    self.read_events()
            if self.fd != watched:  # the watches were made again on a new descriptor
                poll.unregister(watched)
                poll.register(self.fd, select.POLLIN)
                watched = self.fd

    def _reply(self, listener: socket.socket) -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(2.0)
            try:
                request = b""
                while not request.endswith(b"\n") and len(request) < 200:
                    chunk = conn.recv(200)
                    if not chunk:
                        break
                    request += chunk
                if request.strip() == b"stop":
                    self.stopping = True
                    return
                conn.sendall(self.answer(request))
            except OSError:
                return


def run(root: Path) -> int:
    """Watch ``root`` until idle; 0 when it ran or another watcher already does."""
    cache = root / CACHE_DIR
    try:
        lock = os.open(cache / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return 1
    for _ in range(20):  # a client may probe the lock for an instant
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            time.sleep(0.01)
    else:
        return 0  # another watcher runs
    watcher = Watcher(root)
    try:
        watcher.setup()
        if watcher.degraded:  # nothing to vouch for: let queries scan, and not start us again
            raise Unwatchable(watcher.degraded)
    except Unwatchable as exc:
        _off(cache, str(exc))
        return 1
    address, dir_fd = socket_address(cache)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(address)  # a stale socket: we hold the lock, so no watcher owns it
        listener.bind(address)
        listener.listen(64)
        own = watcher.socket_inode = os.stat(address).st_ino
    except OSError as exc:
        _off(cache, f"cannot listen on {SOCKET}: {exc.strerror or exc}")
        return 1
    finally:
        if dir_fd is not None:
            os.close(dir_fd)
    with contextlib.suppress(OSError):
        os.unlink(cache / OFF)
    try:
        watcher.serve(listener)
    finally:
        listener.close()
        try:
            if os.stat(cache / SOCKET).st_ino == own:
                os.unlink(cache / SOCKET)
        except OSError:
            pass
    return 0


def _off(cache: Path, reason: str) -> None:
    with contextlib.suppress(OSError):
        (cache / OFF).write_text(reason + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m neurokb.cache.watcher KB_FOLDER", file=sys.stderr)
        return 2
    os.closerange(3, 256)  # descriptors a careless parent left inheritable (pipes it waits on)
    return run(Path(argv[0]).resolve())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
