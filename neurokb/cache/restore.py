"""A whole KnowledgeBase from the index: what commands that need every entry get when warm.

Entries come back through ``model_construct`` (see :mod:`~neurokb.cache.rows`), in the order a
cold load gives them, and go through the loader's own :func:`~neurokb.load.loader.assemble`, so
they carry the same problems: each file's own (stored with it), the stray
files of the last full scan, and the cross-entry checks, which are stored with the index
generation they were computed for and run again only when entries changed since.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

from neurokb.cache import db
from neurokb.cache.rows import dump_problems, load_entry, load_problems
from neurokb.cache.sync import Progress, Refresh, generation
from neurokb.core.errors import Problem
from neurokb.core.ids import EntryId, Kind
from neurokb.core.kb import KnowledgeBase
from neurokb.load.files import KIND_NAMES
from neurokb.load.loader import FileResult, assemble

_ROWS = "SELECT kind, key, path, entry, problems FROM files"


def knowledge_base(
    conn: sqlite3.Connection, root: Path, fresh: Refresh, progress: Progress | None = None
) -> KnowledgeBase:
    """Every entry of the (just refreshed) index; ``fresh.entries`` are used as they are."""
    total = int(db.get_meta(conn, "files", "0") or 0)
    rows = conn.execute(_ROWS).fetchall()
    rows.sort(key=lambda row: (KIND_NAMES.index(row[0]), f"{row[1]}.yaml"))  # as entry_names
    results = []
    for index, (kind, key, path, entry_json, problems_json) in enumerate(rows, start=1):
        entry = fresh.entries.get(EntryId(Kind(kind), key).name)
        if entry is None and entry_json is not None:
            entry = load_entry(kind, entry_json)
        problems = load_problems(problems_json) if problems_json != "[]" else []
        results.append(FileResult(kind, key, path, entry, problems, None))
        if progress and index % 2000 == 0:
            progress(index, total)
    stray = load_problems(db.get_meta(conn, "stray", "[]") or "[]")
    kb = assemble(root, results, stray, stored=partial(_cross_checks, conn))
    if progress:
        progress(total, total)
    return kb


def _cross_checks(conn: sqlite3.Connection, run: Callable[[], list[Problem]]) -> list[Problem]:
    """The stored result of the cross-entry checks, or ``run()``'s if entries changed since."""
    now = generation(conn)
    stored = db.get_meta(conn, "checks")
    if stored is not None:
        at, problems = json.loads(stored)
        if at == now:
            return load_problems(json.dumps(problems))
    found = run()
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: compute next time
        db.set_meta(conn, "checks", json.dumps([now, json.loads(dump_problems(found))]))
    return found
