"""Atomic file writes: a reader (or a crash) never sees half a file, and no edit is lost.

Write to a temporary file in the target's folder, flush it to disk, then rename it over the
target — a rename within one file system is atomic on POSIX and Windows. With
``overwrite=False`` the file is hard-linked into place instead, which fails if the target
already exists, so two concurrent ``neurokb add`` runs cannot clobber each other's entry.

:func:`atomic_file` is the one implementation; it is a context manager so that large outputs
(a graph export of 100k papers) can be streamed into the temporary file instead of being held
in memory as one string. An exception inside the block removes the temporary file and leaves
the target as it was. What the target is, is respected:

- a symbolic link is written through (its target is replaced, the link stays a link);
- an existing device or named pipe (``-o /dev/null``, ``-o /dev/stdout``) is written to
  directly, never replaced by a regular file;
- an existing file keeps its permissions (a 0600 entry stays 0600) and, where allowed, owner;
- a missing folder is an error, not created, unless the caller asks (``parents=True``);
- ``unchanged`` (see :mod:`neurokb.edit.fmt`) is asked just before the rename whether the target
  is still what the caller read; if not, :class:`ChangedMeanwhile` is raised and nothing is
  written, so an edit saved while a command ran is kept.

Temporary files are named ``.<name>.<pid>-<random>.neurokb-tmp`` (git-ignored); one left by a
process that was killed is deleted by the next write into the same folder
(:func:`clean_stale`). Failures (a full disk, a read-only folder) are :class:`NeuroKBError`
with one line naming the file, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from neurokb.core.errors import NeuroKBError

TEMP_SUFFIX = ".neurokb-tmp"  # neurokb's own temporary files (git-ignored; stray ones cleaned)
STALE_AFTER_S = 24 * 3600  # a temporary file this old is stale even if its pid is alive
_cleaned: set[str] = set()  # folders already cleaned by this process


class ChangedMeanwhile(NeuroKBError):
    """The target changed after the caller read it; it was left as it is."""


@contextlib.contextmanager
def atomic_file(
    path: Path,
    *,
    overwrite: bool = True,
    parents: bool = False,
    unchanged: Callable[[], bool] | None = None,
) -> Iterator[BinaryIO]:
    """A binary stream whose content appears at ``path`` only when the block ends normally.

    ``FileExistsError`` if ``path`` exists and not ``overwrite`` (the content is then dropped).
    """
    path = Path(path)
    existing = _stat(path)  # of the link's target, for a link
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise NeuroKBError(f"cannot write {path}: it is a folder", "give the path of a file")
    if overwrite and existing is not None and not stat.S_ISREG(existing.st_mode):
        with _errors(path), open(path, "wb") as stream:  # a device or pipe: write into it
            yield stream
        return
    target = Path(os.path.realpath(path))  # a link is written through, never replaced
    folder = target.parent
    if not folder.is_dir():
        if not parents:
            raise NeuroKBError(
                f"cannot write {path}: the folder {path.parent} does not exist",
                "create the folder first, or give another path",
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file in the way (entries/papers is a file), no permission
            raise NeuroKBError(
                f"cannot write {path}: cannot create the folder {path.parent}: "
                f"{exc.strerror or exc}",
                "move what is in the way, or give another path",
            ) from None
    clean_stale(folder)
    import tempfile  # here: a query that writes nothing need not load it (with shutil, random)

    with _errors(path):
        handle, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder
        )
    tmp = Path(tmp_name)
    try:
        with _errors(path):
            _copy_mode(tmp, existing)
            with os.fdopen(handle, "wb") as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            if unchanged is not None and not unchanged():
                raise ChangedMeanwhile(
                    f"{path}: not written: it changed while this command ran",
                    "the new content is kept; run the command again",
                )
            if overwrite:
                os.replace(tmp, target)
            else:
                os.link(tmp, target)  # raises FileExistsError instead of replacing
    finally:
        tmp.unlink(missing_ok=True)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _copy_mode(tmp: Path, existing: os.stat_result | None) -> None:
    """Give the temporary file the target's permissions (and owner), or those of a new file.

    mkstemp makes 0600; a new entry is an ordinary file (0666 less the umask).
    """
    if existing is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    os.chmod(tmp, stat.S_IMODE(existing.st_mode))
    if hasattr(os, "chown"):
        mine = os.stat(tmp)
        if (mine.st_uid, mine.st_gid) != (existing.st_uid, existing.st_gid):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, existing.st_uid, existing.st_gid)


@contextlib.contextmanager
def _errors(path: Path) -> Iterator[None]:
    """An OSError while writing ``path`` as one line naming it (FileExistsError passes)."""
    try:
        yield
    except (FileExistsError, BrokenPipeError):
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NeuroKBError(
                f"cannot write {path}: disk full", "free some space and run the command again"
            ) from None
        raise NeuroKBError(
            f"cannot write {path}: {exc.strerror or exc}",
            "check that the folder exists and that you may write to it",
        ) from None


def clean_stale(folder: Path) -> None:
    """Delete temporary files left in ``folder`` by a process that died (once per process).

    A file is stale when the process named in it no longer runs, or after a day whatever it
    says (the pid may have been reused, or belong to another machine sharing the folder).
    """
    key = os.fspath(folder)
    if key in _cleaned:
        return
    _cleaned.add(key)
    try:
        with os.scandir(folder) as scan:
            names = [item.name for item in scan if item.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    now = time.time()
    for name in names:
        path = os.path.join(key, name)
        with contextlib.suppress(OSError):
            if not _alive(_pid_of(name)) or now - os.lstat(path).st_mtime > STALE_AFTER_S:
                os.unlink(path)


def _pid_of(name: str) -> int:
    """The pid in ``.<name>.<pid>-<random>.neurokb-tmp``; 0 when there is none."""
    tail = name[: -len(TEMP_SUFFIX)].rsplit(".", 1)[-1]
    pid = tail.split("-", 1)[0]
    return int(pid) if pid.isdigit() else 0


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no kill() here: assume it runs
        return True
    return True


@contextlib.contextmanager
def atomic_text_file(path: Path, *, overwrite: bool = True) -> Iterator[TextIO]:
    """:func:`atomic_file` as a UTF-8 text stream with ``\\n`` line ends."""
    with atomic_file(path, overwrite=overwrite) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        yield text
        text.flush()
        text.detach()  # the binary stream stays open for atomic_file to sync and close


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    overwrite: bool = True,
    parents: bool = False,
    unchanged: Callable[[], bool] | None = None,
) -> None:
    """Write ``data`` to ``path`` atomically; ``FileExistsError`` if it exists and not overwrite."""
    with atomic_file(path, overwrite=overwrite, parents=parents, unchanged=unchanged) as stream:
        stream.write(data)


def atomic_write_text(
    path: Path,
    text: str,
    *,
    overwrite: bool = True,
    parents: bool = False,
    unchanged: Callable[[], bool] | None = None,
) -> None:
    """UTF-8 text with ``\\n`` line ends, written as :func:`atomic_write_bytes` does."""
    atomic_write_bytes(
        path, text.encode("utf-8"), overwrite=overwrite, parents=parents, unchanged=unchanged
    )
