"""How the faces get at the knowledge base: the one entry point, cached or not.

- :func:`open_kb` gives the whole :class:`~neurokb.core.kb.KnowledgeBase`. With the cache it
  refreshes the index under ``.neurokb-cache/`` (re-reading only changed files) and restores
  the entries from it; without (``--no-cache``), or when no index can be used here (a
  read-only folder), it reads every YAML file.
- :func:`open_reader` gives the fast read paths (:class:`~neurokb.cache.reader.Reader`) that
  ``show`` and ``search`` use to answer without building any model, or None when the faces
  must use :func:`open_kb`.

A broken index is never an error the user sees: it is deleted and built again, and if that
fails too the files are read directly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from neurokb.cache import db

if TYPE_CHECKING:
    from neurokb.cache.reader import Reader
    from neurokb.core.kb import KnowledgeBase

Progress = Callable[[int, int], None]


Bypassed = Callable[[str], None]
"""Told why the index could not be used (once per call), for the faces' one warning."""


def open_kb(
    root: Path,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    bypassed: Bypassed | None = None,
    workers: int = 1,
) -> KnowledgeBase:
    """The knowledge base at ``root``, loaded leniently (broken files reported in ``problems``).

    ``workers`` above 1 lets a first build of the index fork (see :func:`open_reader`).
    """
    from neurokb.load.loader import load_kb

    if use_cache:
        for attempt in range(2):  # a second try after throwing a broken index away
            try:
                return _cached_kb(root, progress, workers)
            except db.CacheUnavailable as exc:
                _tell(bypassed, str(exc))
                break
            except sqlite3.DatabaseError as exc:
                if not _discard(root, bypassed) or attempt:
                    _tell(bypassed, f"{db.CACHE_DIR}/: {exc}" if attempt else None)
                    break
    return load_kb(root, progress=progress)


def _cached_kb(root: Path, progress: Progress | None, workers: int) -> KnowledgeBase:
    from neurokb.cache.restore import knowledge_base
    from neurokb.cache.sync import refresh
    from neurokb.load.loader import gc_paused

    conn = db.connect(root)
    try:
        with gc_paused():  # restoring makes millions of objects and no cycles, as a load does
            fresh = refresh(conn, root, walk=True, progress=progress, keep=True, workers=workers)
            return knowledge_base(conn, root, fresh, progress)
    finally:
        conn.close()


def open_reader(
    root: Path,
    progress: Progress | None = None,
    bypassed: Bypassed | None = None,
    workers: int = 1,
) -> Reader | None:
    """The index's fast read paths, refreshed; None when the index cannot be used.

    ``workers`` above 1 lets a first build fork that many processes in all: only a one-shot
    command that runs no threads asks (:mod:`neurokb.load.parallel`).
    """
    from neurokb.cache.reader import Reader
    from neurokb.cache.sync import refresh

    for attempt in range(2):
        try:
            conn = db.connect(root)
            refresh(conn, root, progress=progress, workers=workers)
            return Reader(root, conn)
        except db.CacheUnavailable as exc:
            _tell(bypassed, str(exc))
            return None
        except sqlite3.DatabaseError as exc:
            if not _discard(root, bypassed) or attempt:
                _tell(bypassed, f"{db.CACHE_DIR}/: {exc}" if attempt else None)
                return None
    return None


def _discard(root: Path, bypassed: Bypassed | None) -> bool:
    """Delete a broken index; False (after telling why) when it cannot be deleted."""
    try:
        with db.writer_lock(root):
            db.reset(db.db_path(root))
    except db.CacheUnavailable as exc:
        _tell(bypassed, str(exc))
        return False
    return True


def _tell(bypassed: Bypassed | None, reason: str | None) -> None:
    if bypassed is not None and reason:
        bypassed(reason)
