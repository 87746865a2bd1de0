"""A whole KnowledgeBase from the index: what commands that need every entry get when warm.

Entries come back through ``model_construct`` (see :mod:`~neurokb.cache.rows`), in the order a
cold load gives them, with the same problems: each file's own (stored with it), the stray
files of the last full scan, and the cross-entry checks, which are stored with the index
generation they were computed for and run again only when entries changed since.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from pathlib import Path

from neurokb.cache import db
from neurokb.cache.rows import dump_problems, load_entry, load_problems
from neurokb.cache.sync import Progress, Refresh, generation
from neurokb.checks import Context, run_checks, unloaded_references
from neurokb.errors import Problem
from neurokb.kb import KnowledgeBase, Source
from neurokb.models import KEY_PATTERN, Paper, Topic

_KEY_RE = re.compile(KEY_PATTERN)

_ROWS = (
    "SELECT name, kind, key, path, entry, problems FROM files "
    "ORDER BY CASE kind WHEN 'papers' THEN 0 ELSE 1 END, path"
)  # the cold loader's order: by file name, where "neuroai-perspectives.yaml" < "neuroai.yaml"


def knowledge_base(
    conn: sqlite3.Connection, root: Path, fresh: Refresh, progress: Progress | None = None
) -> KnowledgeBase:
    """Every entry of the (just refreshed) index; ``fresh.entries`` are used as they are."""
    papers: dict[str, Paper] = {}
    topics: dict[str, Topic] = {}
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    broken: list[tuple[str, str, list[Problem]]] = []  # files that did not validate
    total = int(db.get_meta(conn, "files", "0") or 0)
    for index, (name, kind, key, path, entry_json, problems_json) in enumerate(
        conn.execute(_ROWS), start=1
    ):
        sources[name] = Source(path, None, root)
        own = load_problems(problems_json) if problems_json != "[]" else []
        problems.extend(own)
        entry = fresh.entries.get(name)
        if entry is None and entry_json is not None:
            entry = load_entry(kind, entry_json)
        if isinstance(entry, Paper):
            papers[key] = entry
        elif isinstance(entry, Topic):
            topics[key] = entry
        elif own and _KEY_RE.match(key):
            broken.append((name, kind, own))
        if progress and index % 2000 == 0:
            progress(index, total)
    problems.extend(load_problems(db.get_meta(conn, "stray", "[]") or "[]"))
    problems.extend(_cross_checks(conn, papers, topics, sources, broken))
    problems.sort(key=Problem.sort_key)
    if progress:
        progress(total, total)
    return KnowledgeBase(root, papers, topics, tuple(problems), sources)


def _cross_checks(
    conn: sqlite3.Connection,
    papers: dict[str, Paper],
    topics: dict[str, Topic],
    sources: dict[str, Source],
    broken: list[tuple[str, str, list[Problem]]],
) -> list[Problem]:
    """The stored result of the cross-entry checks, or a new one if entries changed since.

    The checks read the reference fields of ``broken`` files as a cold load does (see
    :class:`~neurokb.checks.Context`): those few files are parsed again, only when the checks
    run again.
    """
    now = generation(conn)
    stored = db.get_meta(conn, "checks")
    if stored is not None:
        at, problems = json.loads(stored)
        if at == now:
            return load_problems(json.dumps(problems))
    unloaded = {}
    for name, kind, own in broken:
        doc = sources[name].document
        if doc is not None and (refs := unloaded_references(kind, doc.data, own)):
            unloaded[name] = refs
    found = run_checks(papers, topics, sources, Context(unloaded))
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: compute next time
        db.set_meta(conn, "checks", json.dumps([now, json.loads(dump_problems(found))]))
    return found
