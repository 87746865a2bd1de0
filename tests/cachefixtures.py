"""Knowledge bases for the cache tests: generated ones (neurokb.synthetic) and helpers.

Generating is deterministic and takes about a second for 1,000 papers, so the generated KBs
are built once per session and copied when a test changes files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from neurokb.synthetic import generate as synthetic

REPO = Path(__file__).parents[1]


def generate_kb(out: Path, papers: int, seed: int = 0) -> Path:
    """A valid synthetic KB of ``papers`` papers (real topic files) at ``out``."""
    topics = REPO / "entries" / "topics"
    records = synthetic.generate(papers, seed, sorted(p.stem for p in topics.glob("*.yaml")), [])
    synthetic.write(records, out, topics, papis=False)
    return out


def copy_kb(source: Path, target: Path) -> Path:
    """A copy of the entries of ``source`` (not its cache) at ``target``."""
    shutil.copytree(source / "entries", target / "entries")
    return target


def age(path: Path, seconds: float = 60.0) -> None:
    """Move ``path``'s mtime into the past, out of the racy window of the freshness check."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def age_tree(root: Path, seconds: float = 60.0) -> None:
    """:func:`age` the entry folders and files, as if nothing had changed for a while."""
    for folder in (root / "entries", *(root / "entries").iterdir()):
        for path in folder.iterdir() if folder.is_dir() and folder.name != "entries" else ():
            age(path, seconds)
        age(folder, seconds)


def rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` by ``new`` (same length) in the file itself: same inode, same
    size, the mtime set back, the folder untouched. Only the ctime tells."""
    assert len(old) == len(new)
    before = path.stat()
    with path.open("r+", encoding="utf-8") as handle:
        text = handle.read()
        assert old in text
        handle.seek(0)
        handle.write(text.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


def watched_token(root: Path) -> str | None:
    """The watcher token the index of ``root`` recorded with its rows (None: none yet)."""
    from neurokb.cache import db

    conn = db.connect(root)
    try:
        return db.get_meta(conn, "watched")
    finally:
        conn.close()


def wait_for_watcher(root: Path, seconds: float = 60.0) -> None:
    """Wait until the watcher of ``root`` answers (a query of a large KB started it)."""
    import time

    from neurokb.cache import watch

    deadline = time.monotonic() + seconds
    while watch.ask(root, None, lambda: False) is None:
        assert time.monotonic() < deadline, "the watcher did not start"
        time.sleep(0.05)
