"""What one site build derived from its inputs, kept for the next build, keyed by those inputs.

Most of a warm build used to redo work whose inputs had not changed: citeproc formatting the
same references, Python-Markdown converting the same page text. Each such result is stored
here under a hash of *everything* it is made from (the text or entry data, the code of the
package, the library versions, the build settings), never under a name: an edited entry, a
new neurokb or a new Markdown gives a new key, so a stale value cannot be found, only a
missing one (the price is one recomputation). That is why this cache may outlive a
``mkdocs serve`` rebuild when an in-memory one could not.

Storage is one SQLite file beside the figure cache (outside ``site/``, git-ignored, safe to
delete). New values are written in one transaction when the build ends, and values the build
did not use are dropped then, so the file holds one site's worth and a failed or interrupted
build writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from neurokb.core.fingerprint import INDEX_LIBRARIES, tree_digest, versions

T = TypeVar("T")

# Libraries whose output is stored here: citeproc (references), the Markdown stack (pages).
LIBRARIES = (*INDEX_LIBRARIES, "markdown", "mkdocs", "mkdocs-material", "pymdown-extensions")
SCHEMA = "CREATE TABLE IF NOT EXISTS value (key TEXT PRIMARY KEY, data TEXT NOT NULL)"


def code_salt() -> str:
    """The code every stored value depends on: the package tree and the libraries."""
    return tree_digest() + versions(LIBRARIES)


Handoff = tuple[dict[str, str], list[str]]  # a forked process's new values and the keys it read

MEMORY_CHARS = 400_000_000  # about the stored values of a few thousand pages: past it, SQLite


class KeptValues:
    """The build cache's values of the last build, in memory: a rebuild reads a thousand
    stored pages, and SQLite lookups with JSON decoding were a fifth of it. Keys are hashes
    of all inputs (:mod:`neurokb.site.buildcache`), so a kept value cannot be stale. Text is
    kept as it is (immutable); other values as JSON, decoded for each use, so no caller can
    change what the next build reads."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.decode: set[str] = set()  # keys whose text is JSON of a list or dict
        self.chars = 0

    def add(self, key: str, value: Any) -> None:
        if key in self.values or value is None:
            return
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if self.chars + len(text) > MEMORY_CHARS:
            return
        self.values[key] = text
        self.chars += len(text)
        if not isinstance(value, str):
            self.decode.add(key)

    def get(self, key: str) -> Any | None:
        text = self.values.get(key)
        if text is None or key not in self.decode:
            return text
        return json.loads(text)

    def keep_only(self, keys: set[str]) -> None:
        """Drop the values the last build did not use (an edited page's older versions)."""
        for key in [k for k in self.values if k not in keys]:
            self.chars -= len(self.values.pop(key))
            self.decode.discard(key)


class BuildCache:
    """Derived values by a hash of their inputs; ``path=None`` keeps nothing (always computes).

    Values are JSON (strings, lists, dicts), so a cache file can never run code. ``kept``
    (while serving) is looked in first and holds every value this build reads or makes, for the
    next build of the same process.
    """

    def __init__(self, path: Path | None, salt: str = "", kept: KeptValues | None = None) -> None:
        self.path = path
        self.salt = salt
        self.kept = kept
        self.hits = 0
        self.misses = 0
        self._new: dict[str, str] = {}
        self._used: set[str] = set()
        self._made: list[str] | None = None  # keys put since :meth:`record` (a forked helper)
        self._read: list[str] | None = None  # keys asked for since :meth:`record`
        self._inherited: sqlite3.Connection | None = None  # see :meth:`reopen`
        self._db: sqlite3.Connection | None = None
        if path is not None:
            with contextlib.suppress(sqlite3.Error, OSError):  # unreadable: compute everything
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path, timeout=30)
                self._db.execute(SCHEMA)

    def key(self, kind: str, parts: Iterable[str]) -> str:
        digest = hashlib.blake2b(digest_size=20)
        for part in (self.salt, kind, *parts):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return f"{kind}:{digest.hexdigest()}"

    def get(self, key: str) -> Any | None:
        self._used.add(key)
        if self._read is not None:
            self._read.append(key)
        if self.kept is not None and (found := self.kept.get(key)) is not None:
            self.hits += 1
            return found
        if key in self._new:
            self.hits += 1
            return json.loads(self._new[key])
        row = None
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                row = self._db.execute("SELECT data FROM value WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        value = json.loads(row[0])
        if self.kept is not None:
            self.kept.add(key, value)
        return value

    def put(self, key: str, value: Any) -> None:
        self._used.add(key)
        if self._db is not None:
            self._new[key] = json.dumps(value, ensure_ascii=False)
            if self._made is not None:
                self._made.append(key)
        if self.kept is not None:
            self.kept.add(key, value)

    def record(self) -> None:
        """Start noting the keys this process reads and the values it stores, for
        :meth:`made`: a forked process hands them to the parent, which alone writes the file
        (and must know every key the build used, or it would prune the values a child read)."""
        self._made, self._read = [], []

    @property
    def recording(self) -> bool:
        return self._made is not None

    def made(self) -> Handoff:
        """The values stored (as their JSON text) and the keys read since the last call or
        :meth:`record`."""
        if self._made is None or self._read is None:
            return {}, []
        keys, read = self._made, self._read
        self._made, self._read = [], []
        return {key: self._new[key] for key in keys if key in self._new}, read

    def merge(self, made: Handoff) -> None:
        """Take what another process of this build :meth:`made`: its values are used by this
        build and written at its end, and the keys it read are kept, as if this process had
        made and read them."""
        values, read = made
        self._used.update(read)
        self._used.update(values)
        if self._db is not None:
            self._new.update(values)
        if self.kept is not None:
            for key, text in values.items():
                self.kept.add(key, json.loads(text))

    def reopen(self) -> None:
        """A forked child's own connection: SQLite connections must not cross a fork. The
        inherited one is kept, unused, so that closing it cannot disturb the parent's file."""
        if self._db is not None and self.path is not None:
            self._inherited = self._db
            with contextlib.suppress(sqlite3.Error):
                self._db = sqlite3.connect(self.path, timeout=30)

    def remember(self, kind: str, parts: Iterable[str], make: Callable[[], T]) -> T:
        """The stored value for these inputs, or ``make()``'s, stored for the next build."""
        key = self.key(kind, parts)
        found = self.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        made = make()
        self.put(key, made)
        return made

    def close(self, *, prune: bool = True) -> None:
        """Write this build's new values in one transaction; with ``prune``, drop the values
        it did not use (an entry edited away, an older code version).

        Without waiting for the disk (``synchronous=OFF``): a cold 10,000-paper build writes
        about 900 MB here, at its very end, and the waits for the disk were most of the
        seconds that took. The transaction stays whole if the build stops (SQLite's journal
        still undoes a half-written one); only a crash of the machine itself could leave the
        file damaged, and it is a cache: deleting it costs one cold build.
        """
        if self.kept is not None:
            self.kept.keep_only(self._used)  # the file keeps the rest (``prune``), memory need not
        db, self._db = self._db, None
        if db is None:
            return
        try:
            db.execute("PRAGMA synchronous=OFF")
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO value (key, data) VALUES (?, ?)", self._new.items()
                )
                if prune:
                    stale = [
                        (k,) for (k,) in db.execute("SELECT key FROM value") if k not in self._used
                    ]
                    db.executemany("DELETE FROM value WHERE key = ?", stale)
        except sqlite3.Error:
            pass  # a full or read-only disk: the next build recomputes, nothing is wrong
        finally:
            db.close()
            self._new.clear()

    def abandon(self) -> None:
        """Close without writing (a failed build keeps the previous build's values)."""
        self._new.clear()
        self.close(prune=False)


def off() -> BuildCache:
    """A cache that keeps nothing (the renderers' default: tests, one-off renders)."""
    return BuildCache(None)
