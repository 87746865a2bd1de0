"""What the index leaves out or keeps shorter to stay within twice the YAML's size, and the
answers that must not change for it: titles looked up by hash, venue words not stored twice,
the kind of a file not stored at all (neurokb.cache.tables)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from kbfixtures import write_paper, write_topic

from neurokb.cache import db
from neurokb.cache.reader import title_hash
from neurokb.library import open_library
from neurokb.search.text import normalized

TITLE = "Spike timing dependent plasticity"
SAME_HASH = "Spike timing dependent plasticity 9135805"  # found by search: its hash is TITLE's
VENUES = {  # paper key: its venue (None: none)
    "plain2001venue": "Nature Communications",  # docs.venue NULL: lower(venue_name) is its words
    "dotted2002venue": "Proc. Natl. Acad. Sci. USA",  # stored: the dots are not words
    "accent2003venue": "Zeitschrift für Physik",  # stored: SQLite's lower() folds ASCII only
    "shout2004venue": "NATURE",  # NULL
    "none2005venue": None,  # stored: '' (a venue filter never matches it)
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("size") / "kb"
    write_topic(root, "plasticity")
    write_paper(root, "exact2010spike", title=TITLE, topics=["plasticity"], year=2010)
    write_paper(root, "other2011spike", title=SAME_HASH, topics=["plasticity"], year=2011)
    write_paper(root, "third2012spike", title=f"{TITLE} in cortex", topics=["plasticity"])
    for key, venue in VENUES.items():
        write_paper(root, key, topics=["plasticity"], year=int(key[-9:-5]), venue=venue)
    open_library(root).whole()  # the index built
    return root


def _rows(root: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(db.db_path(root))
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_titles_of_one_hash_are_told_apart(kb: Path) -> None:
    assert title_hash(normalized(TITLE)) == title_hash(normalized(SAME_HASH))
    indexed, read = open_library(kb), open_library(kb, use_index=False)
    for text in (TITLE, SAME_HASH, "spike timing"):
        found = indexed.search(text)
        assert found == read.search(text), text
    # the exact title first; the other title of its hash, which has every word too, is not exact
    hits = indexed.search(TITLE).hits
    assert [hit.key for hit in hits][:1] == ["exact2010spike"]
    assert {hit.key for hit in hits} == {"exact2010spike", "other2011spike", "third2012spike"}
    assert [hit.key for hit in indexed.search(SAME_HASH).hits][:1] == ["other2011spike"]


def test_venue_words_are_stored_only_where_lower_does_not_give_them(kb: Path) -> None:
    stored = dict(_rows(kb, "SELECT key, venue FROM docs WHERE key LIKE '%venue'"))
    assert stored == {
        "plain2001venue": None,
        "dotted2002venue": "proc natl acad sci usa",
        "accent2003venue": "zeitschrift fur physik",
        "shout2004venue": None,
        "none2005venue": "",
    }
    indexed, read = open_library(kb), open_library(kb, use_index=False)
    for words in ("nature", '"nature communications"', "communications", "proc", "sci",
                  '"natl acad"', "fur", "physik", "zeitschrift", "für", "ature"):  # fmt: skip
        query = f"venue:{words}"
        assert indexed.search(query) == read.search(query), query
    assert {hit.key for hit in indexed.search("venue:nature").hits} == {
        "plain2001venue",
        "shout2004venue",
    }
    assert [hit.key for hit in indexed.search("venue:fur").hits] == ["accent2003venue"]


def test_kind_is_not_stored_but_read_back(kb: Path) -> None:
    assert _rows(kb, "SELECT count(*) FROM file_rows WHERE kind IS NOT NULL") == [(0,)]
    conn = db.connect(kb)  # the view needs the functions db registers
    try:
        rows = conn.execute("SELECT name, kind FROM files").fetchall()
    finally:
        conn.close()
    assert rows and all(name.partition("/")[0] == kind for name, kind in rows)
    assert {kind for _, kind in rows} == {"papers", "topics"}


def test_first_build_removes_older_versions_index_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "kb"
    write_topic(root, "plasticity")
    write_paper(root, "one2020paper", topics=["plasticity"])
    folder = root / db.CACHE_DIR
    folder.mkdir()
    older, newer = db.SCHEMA_VERSION - 1, db.SCHEMA_VERSION + 1
    names = [f"index-v{older}.sqlite", f"index-v{older}.sqlite-wal", f"index-v{older}.sqlite-shm",
             f"index-v{newer}.sqlite", "index-v1.sqlite.bak", "notes.txt"]  # fmt: skip
    for name in names:
        (folder / name).write_bytes(b"x")
    open_library(root).whole()  # the first build of this version
    own = db.db_path(root).name
    left = {p.name for p in folder.iterdir() if p.name.startswith(("index", "notes"))}
    assert left - {f"{own}-wal", f"{own}-shm"} == {own, *names[3:]}
    # a refresh is no build: a file an older version makes meanwhile stays until the next one
    (folder / names[0]).write_bytes(b"x")
    write_paper(root, "two2021paper", topics=["plasticity"])
    assert open_library(root).search("two2021paper").total == 1
    assert (folder / names[0]).exists()
