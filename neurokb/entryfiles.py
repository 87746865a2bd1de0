"""Finding a knowledge base and its entry files, without loading any model.

The loader reads what :func:`entry_files` lists; the index (:mod:`neurokb.cache.scan`) lists
the same files to see what changed, on the path of a cached query that must start in a
fraction of a second, so this module imports nothing heavier than :mod:`os`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from neurokb.errors import NeuroKBError, Problem

KIND_NAMES = ("papers", "topics")  # folders of entries/, in load order
_IGNORED = {"README.md", ".gitkeep", ".DS_Store"}


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
    """The entry files under ``root/entries`` by kind, and warnings for stray files.

    One ``os.scandir`` pass over the tree: directory entries say whether they are folders
    without a ``stat`` call per file, which matters at 100k files.
    """
    names, stray = entry_names(root)
    entries = root / "entries"
    return [(kind, entries / kind / name) for kind in KIND_NAMES for name in names[kind]], stray


def entry_names(root: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """:func:`entry_files` as sorted file names per kind (no Path objects: 100k of them cost)."""
    names: dict[str, list[str]] = {kind: [] for kind in KIND_NAMES}
    stray_paths: list[str] = []
    for folder, rel in _walk(root / "entries", ""):
        kind_folder = rel in KIND_NAMES
        for name in folder:
            if kind_folder and name.endswith(".yaml"):
                names[rel].append(name)
            elif name not in _IGNORED:
                stray_paths.append(f"{rel}/{name}" if rel else name)
    for kind in KIND_NAMES:
        names[kind].sort()
    stray: list[Problem] = []
    for rel in sorted(stray_paths):
        hint = f"rename it to {rel.rsplit('/', 1)[-1][:-4]}.yaml" if rel.endswith(".yml") else ""
        stray.append(
            Problem("NKB028", "file is not an entry and is ignored", f"entries/{rel}", hint=hint)
        )
    return names, stray


def _walk(folder: Path, rel: str) -> Iterator[tuple[list[str], str]]:
    """Each folder under ``folder`` (itself included) as (file names, path relative to it)."""
    try:
        with os.scandir(folder) as scan:
            items = list(scan)
    except (FileNotFoundError, NotADirectoryError):
        return
    yield [item.name for item in items if not item.is_dir()], rel
    for item in items:
        if item.is_dir():
            yield from _walk(Path(item.path), f"{rel}/{item.name}" if rel else item.name)
