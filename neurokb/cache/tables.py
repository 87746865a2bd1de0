"""The tables of the index, in one place (importing this module loads no models).

``files`` and ``meta`` are the index proper: one row per entry file with what the freshness
check compares and what a full load restores (the validated entry). The other tables hold
what filters, ranking and relations look up (search terms, years, citations, topics,
authors), never an output shape: the faces' JSON is made from the stored entry by
:mod:`neurokb.core.serialize`. ``citations`` is the one derived value kept (formatting is slow).
"""

from __future__ import annotations

from neurokb.search.boosts import BOOSTS

FIELDS = tuple(BOOSTS)  # FTS column order: the order in which the in-memory index adds scores

FILES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (  -- rows of ~1.5 kB: a rowid table stores them compactly
    name TEXT NOT NULL UNIQUE,    -- "papers/<key>" or "topics/<id>"
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    path TEXT NOT NULL,           -- relative to the KB root, as problems report it
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,    -- cannot be set back: a same-size, same-mtime edit moves it
    digest BLOB NOT NULL,         -- blake2b of the bytes, for changes a stat cannot see
    checked_ns INTEGER NOT NULL,  -- when the digest was last compared (racy-file rule)
    entry TEXT,                   -- model_dump(mode="json") of the valid entry, else NULL
    problems TEXT NOT NULL        -- JSON list of the file's own problems
);
CREATE INDEX IF NOT EXISTS files_racy ON files(mtime_ns - checked_ns);
-- A scan reads only these columns: a covering index keeps it off the wide rows (0.3 s at 100k).
CREATE INDEX IF NOT EXISTS files_stat ON files(name, size, mtime_ns, ino, ctime_ns, digest, checked_ns);
CREATE INDEX IF NOT EXISTS files_problems ON files(name) WHERE problems != '[]';
-- The stats the rows were last checked against, packed per folder (scan.py): comparing a
-- survey of 100k files with it costs two comparisons, not 100k rows.
CREATE TABLE IF NOT EXISTS scan_snapshot (
    folder TEXT NOT NULL,         -- "entries", "entries/papers", "entries/topics"
    part INTEGER NOT NULL,        -- 0: the folder's own stat; then 4,096 names a part
    names TEXT NOT NULL,          -- the part's names, NUL-separated, in listing order
    stats BLOB NOT NULL,          -- int64 inode, size, mtime_ns, ctime_ns of each name
    PRIMARY KEY (folder, part)
);
"""

QUERY = f"""
-- What filters, ranking and sorting read, in narrow rows: a search touching 30,000 papers
-- must not page through their JSON.
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY,      -- also the rowid of the paper's row in fts
    key TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    type TEXT NOT NULL,
    doi TEXT,
    arxiv TEXT,
    venue TEXT NOT NULL,          -- normalised words, for venue: filters
    title TEXT NOT NULL,          -- normalised, for the exact-title rule
    {", ".join(f"len_{name} INTEGER NOT NULL" for name in FIELDS)},
    venue_name TEXT,              -- as written (venue nodes and labels, for stats)
    has_pmid INTEGER NOT NULL,    -- 1 with a PubMed id (the identifier shares of stats)
    implementations TEXT          -- JSON list of the algorithms it names, NULL for none
);
CREATE INDEX IF NOT EXISTS docs_title ON docs(title);
-- A broad search lists its matches newest first (reader.Reader._broad): stop at --limit.
CREATE INDEX IF NOT EXISTS docs_newest ON docs(year DESC, key);
-- "Did you mean": the FTS terms of each first letter and length, as of the FTS structure
-- ``version`` (termindex.StoredIndex.spelt_alike).
CREATE TABLE IF NOT EXISTS spelling_pools (
    letter TEXT NOT NULL, length INTEGER NOT NULL, version BLOB NOT NULL,
    terms TEXT NOT NULL,          -- space-separated
    PRIMARY KEY (letter, length)
) WITHOUT ROWID;
-- A derived value, not an entry: valid only for the code fingerprint of the file (db.py).
CREATE TABLE IF NOT EXISTS citations (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL            -- the default-style reference, formatted on first show
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cites (
    dst TEXT NOT NULL, src TEXT NOT NULL,
    pos INTEGER NOT NULL,         -- its first place in the citing paper's list
    n INTEGER NOT NULL,           -- how often that list names it
    PRIMARY KEY (dst, src)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topics (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,        -- JSON list, for topic: filters by name or alias
    parents TEXT NOT NULL         -- JSON list
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS paper_topics (
    topic TEXT NOT NULL, key TEXT NOT NULL,
    pos INTEGER NOT NULL,         -- its first place in the paper's list (graph edge order)
    PRIMARY KEY (topic, key)
) WITHOUT ROWID;
-- Removing a paper finds its topics by paper key (its citations by its stored entry's list:
-- an index on cites(src) was 7% of the file).
CREATE INDEX IF NOT EXISTS paper_topics_key ON paper_topics(key);
CREATE TABLE IF NOT EXISTS paper_authors (
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    base TEXT NOT NULL,           -- neurokb.graph.identity.author_id: the merge group
    family TEXT NOT NULL,         -- folded family name (or organisation)
    display TEXT NOT NULL,        -- folded "Given Family"
    inverted TEXT NOT NULL,       -- folded "Family, Given"
    person TEXT NOT NULL,         -- JSON of the Person, to re-resolve a merge group
    author TEXT NOT NULL,         -- the resolved author id, as the author index gives it
    PRIMARY KEY (key, position)   -- also finds a paper's authors
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paper_authors_base ON paper_authors(base);
CREATE INDEX IF NOT EXISTS paper_authors_family ON paper_authors(family);
CREATE INDEX IF NOT EXISTS paper_authors_author ON paper_authors(author);
CREATE INDEX IF NOT EXISTS paper_authors_display ON paper_authors(display);
CREATE INDEX IF NOT EXISTS paper_authors_inverted ON paper_authors(inverted);
-- Whole-KB results (PageRank, statistics) computed from the tables above, each valid for the
-- index generation it was computed at (sync.generation), recomputed on first use after.
CREATE TABLE IF NOT EXISTS derived (
    name TEXT PRIMARY KEY, generation INTEGER NOT NULL, data BLOB NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({", ".join(FIELDS)}, tokenize = 'ascii');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, row);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_hits USING fts5vocab(fts, instance);
"""

ALL = FILES + QUERY
