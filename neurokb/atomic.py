"""Atomic file writes: a reader (or a crash) never sees half a file.

Write to a temporary file in the target's folder, flush it to disk, then rename it over the
target — a rename within one file system is atomic on POSIX and Windows. With
``overwrite=False`` the file is hard-linked into place instead, which fails if the target
already exists, so two concurrent ``neurokb add`` runs cannot clobber each other's entry.

:func:`atomic_file` is the one implementation; it is a context manager so that large outputs
(a graph export of 100k papers) can be streamed into the temporary file instead of being held
in memory as one string. An exception inside the block removes the temporary file and leaves
the target as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO


@contextlib.contextmanager
def atomic_file(path: Path, *, overwrite: bool = True) -> Iterator[BinaryIO]:
    """A binary stream whose content appears at ``path`` only when the block ends normally.

    ``FileExistsError`` if ``path`` exists and not ``overwrite`` (the content is then dropped).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; entries are ordinary files
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # raises FileExistsError instead of replacing
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_text_file(path: Path, *, overwrite: bool = True) -> Iterator[TextIO]:
    """:func:`atomic_file` as a UTF-8 text stream with ``\\n`` line ends."""
    with atomic_file(path, overwrite=overwrite) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        yield text
        text.flush()
        text.detach()  # the binary stream stays open for atomic_file to sync and close


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; ``FileExistsError`` if it exists and not overwrite."""
    with atomic_file(path, overwrite=overwrite) as stream:
        stream.write(data)


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """UTF-8 text with ``\\n`` line ends, written as :func:`atomic_write_bytes` does."""
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)
