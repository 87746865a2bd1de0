"""Atomic file writes: a reader (or a crash) never sees half a file.

Write to a temporary file in the target's folder, flush it to disk, then rename it over the
target — a rename within one file system is atomic on POSIX and Windows. With
``overwrite=False`` the file is hard-linked into place instead, which fails if the target
already exists, so two concurrent ``neurokb add`` runs cannot clobber each other's entry.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; ``FileExistsError`` if it exists and not overwrite."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; entries are ordinary files
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # raises FileExistsError instead of replacing
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """UTF-8 text with ``\\n`` line ends, written as :func:`atomic_write_bytes` does."""
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)
