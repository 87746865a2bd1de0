"""Finding a knowledge base and its entry files, and reading them, without loading any model.

The loader reads what :func:`entry_files` lists; the index (:mod:`neurokb.cache.scan`) lists
the same files to see what changed, on the path of a cached query that must start in a
fraction of a second, so this module imports nothing heavier than :mod:`os`.

Entries arrive by pull request from strangers, and git can commit symbolic links, so the walk
and the reads assume nothing about what a name in ``entries/`` is:

- the walk stays inside ``entries/``: a symbolic link to a folder is followed only when its
  target is inside ``entries/`` and was not walked yet (so a link to ``/etc`` is never listed,
  and a link back up is a loop, reported and not followed);
- :func:`read_entry_bytes` opens regular files only (a link to ``/dev/zero`` or a named pipe
  would hang a reader or fill its memory), follows a link only to a file inside the KB, and
  checks the size with ``stat`` before reading a byte.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from neurokb.core.atomic import TEMP_SUFFIX
from neurokb.core.errors import NeuroKBError, Problem

KIND_NAMES = ("papers", "topics")  # folders of entries/, in load order
MAX_BYTES = 256 * 1024  # an entry is a few kilobytes; larger files are refused unread
UNREADABLE = "NKB040"  # the rule code of a file or folder that is not read
_IGNORED = {"README.md", ".gitkeep", ".DS_Store"}
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # the link was checked; a link swapped in since is refused
    | getattr(os, "O_NONBLOCK", 0)  # a file swapped for a named pipe meanwhile cannot block us
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS_OF_FILE = {
    stat.S_IFIFO: "named pipe",
    stat.S_IFCHR: "device",
    stat.S_IFBLK: "device",
    stat.S_IFDIR: "folder",
    stat.S_IFSOCK: "socket",
}


class Unreadable(Exception):
    """An entry file that was not read, as the parts of a :class:`~neurokb.core.errors.Problem`."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def find_root(start: Path | None = None) -> Path:
    """The folder holding ``entries/``: ``start`` or its nearest ancestor that has one."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "entries").is_dir():
            return folder
    raise NeuroKBError(
        f"no knowledge base found at {here} or above (looked for an 'entries/' folder)",
        "run inside a neurokb checkout, or pass --kb DIR (or set NEUROKB_DIR)",
    )


def entry_files(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The entry files under ``root/entries`` by kind, and problems with the tree itself.

    One ``os.scandir`` pass over the tree: directory entries say whether they are folders
    without a ``stat`` call per file, which matters at 100k files.
    """
    names, stray = entry_names(root)
    entries = root / "entries"
    return [(kind, entries / kind / name) for kind in KIND_NAMES for name in names[kind]], stray


def entry_names(root: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """:func:`entry_files` as sorted file names per kind (no Path objects: 100k of them cost).

    The problems are warnings for stray files and errors for a tree that cannot be read as
    a KB (``entries/papers`` is a file, a folder cannot be listed, a folder link leads out).
    """
    names: dict[str, list[str]] = {kind: [] for kind in KIND_NAMES}
    stray_paths: list[str] = []
    if not inside(root / "entries", root):
        problem = Problem(UNREADABLE, "'entries' is a link to a folder outside the knowledge base; "
                          "not read", "entries", hint="replace the link with the folder itself")  # fmt: skip
        return names, [problem]
    walk = _Walk(os.path.realpath(root / "entries"))
    for folder, rel in walk.folders(root / "entries", ""):
        kind_folder = rel in KIND_NAMES
        for name in folder:
            if kind_folder and name.endswith(".yaml"):
                names[rel].append(name)
            elif not rel and name in KIND_NAMES:
                walk.problem(name, f"'entries/{name}' is a file; it must be a folder",
                             f"move the file away and create the folder entries/{name}/")  # fmt: skip
            elif name not in _IGNORED and not name.endswith(TEMP_SUFFIX):
                stray_paths.append(f"{rel}/{name}" if rel else name)
    for kind in KIND_NAMES:
        names[kind].sort()
    stray: list[Problem] = []
    for rel in sorted(stray_paths):
        hint = f"rename it to {rel.rsplit('/', 1)[-1][:-4]}.yaml" if rel.endswith(".yml") else ""
        stray.append(
            Problem("NKB028", "file is not an entry and is ignored", f"entries/{rel}", hint=hint)
        )
    return names, sorted([*stray, *walk.problems], key=Problem.sort_key)


def located(path: str | Path) -> Path:
    """``path`` made absolute with the links of its folders resolved, but not its own: a link
    named on the command line is the entry it is, not its target (which may be a loop)."""
    path = Path(os.path.abspath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def inside(path: str | Path, folder: str | Path) -> bool:
    """Whether ``path``, its links followed, is ``folder`` or lies inside it."""
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


class _Walk:
    """One walk of ``entries/``: the folders seen (by device and inode) and what went wrong."""

    def __init__(self, real_root: str) -> None:
        self.real_root = real_root  # of entries/: folder links are followed only inside it
        self.seen: set[tuple[int, int]] = set()
        self.problems: list[Problem] = []

    def problem(self, rel: str, message: str, hint: str, *, error: bool = True) -> None:
        code = UNREADABLE if error else "NKB028"
        self.problems.append(Problem(code, message, f"entries/{rel}", hint=hint))

    def folders(self, folder: Path, rel: str) -> Iterator[tuple[list[str], str]]:
        """Each folder under ``folder`` (itself included) as (file names, path relative to it)."""
        try:
            info = os.stat(folder)
            with os.scandir(folder) as scan:
                items = list(scan)
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            self.problem(rel, f"cannot read folder: {exc.strerror}",
                         "make the folder readable and listable (chmod a+rx), or remove it")  # fmt: skip
            return
        if (info.st_dev, info.st_ino) in self.seen:  # reached again through a link
            self.problem(rel, "link to a folder already read (a loop); not followed",
                         "remove the link", error=False)  # fmt: skip
            return
        self.seen.add((info.st_dev, info.st_ino))
        files, subfolders = [], []
        for item in items:
            sub = f"{rel}/{item.name}" if rel else item.name
            if item.is_dir(follow_symlinks=False):
                subfolders.append((item, sub))
            elif item.is_symlink() and self._linked_folder(item.path):
                if self._inside(item.path):
                    subfolders.append((item, sub))
                else:  # never walked, so none of the names behind it is ever printed
                    self.problem(sub, "link to a folder outside entries/; not followed",
                                 "replace the link with the folder itself",
                                 error=not rel and item.name in KIND_NAMES)  # fmt: skip
            else:
                files.append(item.name)
        yield files, rel
        for item, sub in subfolders:
            yield from self.folders(Path(item.path), sub)

    @staticmethod
    def _linked_folder(path: str) -> bool:
        try:
            return stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:  # a loop or a dangling link: a file name, refused when it is read
            return False

    def _inside(self, path: str) -> bool:
        return inside(path, self.real_root)


def read_entry_bytes(path: str | Path, root: str | Path) -> bytes:
    """The bytes of an entry file, or :class:`Unreadable` saying why it is not read.

    Only a regular file of at most :data:`MAX_BYTES` is opened, and a symbolic link only when
    it leads to such a file inside ``root``. The type and size come from ``stat`` before the
    file is opened, and again from the open file (it may have been swapped meanwhile).
    """
    path = os.fspath(path)
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            path = _link_target(path, os.fspath(root))
            info = os.stat(path)
        _check(info)
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _unreadable(exc) from None
    try:
        opened = os.fstat(handle)
        _check(opened)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise Unreadable(
                UNREADABLE, "file was replaced while being read", "run the command again"
            )
        # Ask for one byte more than fstat gave: a shorter answer with every byte is the end,
        # so a file takes one read, not a second one that finds nothing (100k calls in a build).
        chunks, left, want = [], MAX_BYTES + 1, min(opened.st_size + 1, 1 << 20)
        while left > 0:
            asked = min(left, want)
            chunk = os.read(handle, asked)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunk) < asked and MAX_BYTES + 1 - left == opened.st_size:
                break
            want = 1 << 20
    except OSError as exc:
        raise _unreadable(exc) from None
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > MAX_BYTES:  # it grew after the stat
        raise _too_large(len(data))
    return data


def _check(info: os.stat_result) -> None:
    """Refuse what is not a regular file, or is too large, from its ``stat`` alone."""
    if not stat.S_ISREG(info.st_mode):
        what = _KINDS_OF_FILE.get(stat.S_IFMT(info.st_mode), "special file")
        raise Unreadable(UNREADABLE, f"not a regular file (a {what}); not read",
                         "an entry is a plain YAML file: replace this one with one")  # fmt: skip
    if info.st_size > MAX_BYTES:
        raise _too_large(info.st_size)


def _too_large(size: int) -> Unreadable:
    return Unreadable(
        "NKB007", f"file is {size:,} bytes; entries are limited to {MAX_BYTES:,} bytes"
    )


def _link_target(path: str, root: str) -> str:
    """Where a symbolic link leads, if that is inside ``root``; else :class:`Unreadable`."""
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable(UNREADABLE, "symbolic link loop; not read",
                             "replace the link with the entry file itself") from None  # fmt: skip
        raise Unreadable(UNREADABLE, "symbolic link to a file that does not exist",
                         "replace the link with the entry file itself") from None  # fmt: skip
    real_root = os.path.realpath(root).rstrip(os.sep) + os.sep
    if not real.startswith(real_root):
        raise Unreadable(UNREADABLE, "symbolic link to a file outside the knowledge base; not read",
                         "replace the link with the entry file itself")  # fmt: skip
    return real


def _unreadable(exc: OSError) -> Unreadable:
    return Unreadable(UNREADABLE, f"cannot read file: {exc.strerror or exc}",
                      "make the file readable (chmod a+r), or replace it with a plain YAML file")  # fmt: skip
